"""The one validator of the files srcalign reads back: alignment files and findings files.

Every reader (Alignment.from_json, `export`, `check`, the review page, a batch) goes through
here, so a file one command accepts is never refused, or crashed on, by another. A problem is
reported as one line, `<file>: <where>: <what>`, naming the first problem found.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import regex

from toolkit.alignment import ALIGNMENT_VERSION, LEVELS
from toolkit.errors import SrcalignError
from toolkit.textfile import read_input_bytes, shown

_BLOCK_ID = regex.compile(r"[A-Za-z][A-Za-z0-9_-]*")  # no dot: "b3.s1" means sentence s1 of block b3
_SENTENCE_ID = regex.compile(r"([A-Za-z][A-Za-z0-9_-]*)\.[A-Za-z0-9_-]+")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_LANG = regex.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")  # BCP 47 shape: it becomes xml:lang in TMX and XLIFF


class _Problem(Exception):
    """The first thing wrong with a file, as `<where>: <what>`."""


def alignment_problem(data: Any) -> str | None:
    """The first problem of a parsed alignment file (version 1), or None when it is sound.

    Checked: version, field types, block and sentence ids (unique, no dot in a block id, a
    sentence id inside its block), block kinds, spans, known levels, bead ids that exist at
    their level, every segment in at most one bead per level and every non-boilerplate segment
    in one, finite scores in [0, 1], and no lone surrogates anywhere.
    """
    try:
        _check_alignment(data)
    except _Problem as problem:
        return str(problem)
    return None


def findings_problem(data: Any) -> str | None:
    """The first problem of a parsed findings file ({"findings": [...]}), or None."""
    try:
        _check_findings(data)
    except _Problem as problem:
        return str(problem)
    return None


def parse_alignment(text: str, name: str = "alignment file") -> Any:
    """JSON text → the validated alignment data; a broken file is SrcalignError('<name>: <first problem>')."""
    data = _parse_json(text, name, "alignment")
    problem = alignment_problem(data)
    if problem is not None:
        raise SrcalignError(f"{shown(name)}: {shown(problem)}")
    return data


def parse_findings(text: str, name: str = "findings file") -> Any:
    data = _parse_json(text, name, "findings")
    problem = findings_problem(data)
    if problem is not None:
        raise SrcalignError(f"{shown(name)}: not a findings file ({shown(problem)})")
    return data


def read_json_file(path: str | Path, what: str) -> str:
    """A JSON file's text (UTF-8, a BOM tolerated), through the one capped input reader."""
    if str(path) != "-" and not Path(path).exists():
        raise SrcalignError(f"{shown(str(path))}: no such {what} file")
    data = read_input_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SrcalignError(f"{shown(str(path))}: not a{'n' if what[0] in 'aeiou' else ''} {what} file (not UTF-8 JSON)") from None


def check_threshold(threshold: float, option: str = "--threshold") -> float:
    """A score threshold must be a number in [0, 1] (scores are probabilities); nan is refused."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 <= threshold <= 1.0:
        raise SrcalignError(f"{option} {threshold!r}: give a number between 0 and 1")
    return float(threshold)


def _parse_json(text: str, name: str, what: str) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SrcalignError(f"{shown(name)}: not an srcalign {what} file (not JSON: {exc.msg} at line {exc.lineno})") from None
    except _Problem as problem:
        raise SrcalignError(f"{shown(name)}: {problem}") from None
    except RecursionError:
        raise SrcalignError(f"{shown(name)}: not an srcalign {what} file (nested too deeply)") from None


def _no_constant(name: str) -> Any:
    raise _Problem(f"{name} is not a number JSON allows (scores must be finite)")


def _check_alignment(data: Any) -> None:
    if not isinstance(data, dict) or not {"source", "target", "beads"} <= set(data):
        raise _Problem("not an srcalign alignment file (no version, source, target and beads)")
    version = data.get("version")
    if version != ALIGNMENT_VERSION or isinstance(version, bool):
        raise _Problem(f"alignment file version {version!r}; this srcalign reads version {ALIGNMENT_VERSION}")
    _no_surrogates(data, "")
    blocks = {side: _check_document(data[side], side) for side in ("source", "target")}
    if data.get("meta") is not None and not isinstance(data["meta"], dict):
        raise _Problem("meta: must be an object")
    beads = data["beads"]
    if not isinstance(beads, list):
        raise _Problem("beads: must be a list")
    used: dict[tuple[str, str], dict[str, int]] = {(level, side): {} for level in LEVELS for side in ("source", "target")}
    for n, bead in enumerate(beads):
        where = f"beads[{n}]"
        if not isinstance(bead, dict):
            raise _Problem(f"{where}: must be an object")
        level = bead.get("level")
        if level not in LEVELS:
            raise _Problem(f"{where}.level: {level!r} is not a level (use {' or '.join(LEVELS)})")
        for side in ("source", "target"):
            ids = bead.get(side)
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise _Problem(f"{where}.{side}: must be a list of ids")
            known = blocks[side][0] if level == "block" else blocks[side][1]
            seen = used[(level, side)]
            for segment in ids:
                if segment not in known:
                    raise _Problem(f"{where}.{side}: {segment!r} is not a {level} id of the {side} document")
                if segment in seen:
                    raise _Problem(f"{where}.{side}: {segment!r} is already in beads[{seen[segment]}]; a segment is in one bead per level")
                seen[segment] = n
        if not bead["source"] and not bead["target"]:
            raise _Problem(f"{where}: both sides are empty")
        score = bead.get("score")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score) or not 0 <= score <= 1:
            raise _Problem(f"{where}.score: {score!r} is not a number between 0 and 1")
    for level in LEVELS:
        if not any(used[(level, side)] for side in ("source", "target")):
            continue  # a file without beads of this level (block beads only, say) has nothing to cover
        for side in ("source", "target"):
            required = blocks[side][2] if level == "block" else blocks[side][3]
            missing = [i for i in required if i not in used[(level, side)]]
            if missing:
                raise _Problem(f"beads: the {side} {level} {missing[0]!r} is in no {level} bead; every segment is in one bead per level")


def _check_document(document: Any, side: str) -> tuple[set[str], set[str], list[str], list[str]]:
    """Block ids, sentence ids, and the ids that must be aligned (non-boilerplate), in order."""
    from toolkit.document import BLOCK_KINDS, BOILERPLATE_KINDS

    if not isinstance(document, dict):
        raise _Problem(f"{side}: must be an object (a document)")
    if not isinstance(document.get("lang"), str) or not _LANG.fullmatch(document["lang"]):
        raise _Problem(f"{side}.lang: {document.get('lang')!r} is not a language code (e.g. 'vi', 'de', 'de-CH')")
    for key in ("path", "url"):
        if document.get(key) is not None and not isinstance(document[key], str):
            raise _Problem(f"{side}.{key}: must be a string or null")
    if document.get("sha256") is not None and not isinstance(document["sha256"], str):
        raise _Problem(f"{side}.sha256: must be a string")
    if document.get("meta") is not None and not isinstance(document["meta"], dict):
        raise _Problem(f"{side}.meta: must be an object")
    blocks = document.get("blocks")
    if not isinstance(blocks, list):
        raise _Problem(f"{side}.blocks: must be a list")
    block_ids: set[str] = set()
    sentence_ids: set[str] = set()
    content_blocks: list[str] = []
    content_sentences: list[str] = []
    for n, block in enumerate(blocks):
        where = f"{side}.blocks[{n}]"
        if not isinstance(block, dict):
            raise _Problem(f"{where}: must be an object")
        block_id = block.get("id")
        if not isinstance(block_id, str) or not _BLOCK_ID.fullmatch(block_id):
            raise _Problem(f"{where}.id: {block_id!r} is not a block id (letters and digits, no dot, e.g. 'b3')")
        if block_id in block_ids:
            raise _Problem(f"{where}.id: {block_id!r} is used twice")
        block_ids.add(block_id)
        kind = block.get("kind")
        if kind not in BLOCK_KINDS:
            raise _Problem(f"{where}.kind: {kind!r} is not a block kind")
        _check_int(block.get("line"), f"{where}.line")
        _check_text(block.get("text"), f"{where}.text")
        _check_span(block.get("span"), f"{where}.span")
        sentences = block.get("sentences", [])
        if not isinstance(sentences, list):
            raise _Problem(f"{where}.sentences: must be a list")
        if kind not in BOILERPLATE_KINDS:
            content_blocks.append(block_id)
        for k, sentence in enumerate(sentences):
            s_where = f"{where}.sentences[{k}]"
            if not isinstance(sentence, dict):
                raise _Problem(f"{s_where}: must be an object")
            sentence_id = sentence.get("id")
            match = _SENTENCE_ID.fullmatch(sentence_id) if isinstance(sentence_id, str) else None
            if match is None or match.group(1) != block_id:
                raise _Problem(f"{s_where}.id: {sentence_id!r} is not a sentence id of block {block_id!r} (e.g. '{block_id}.s1')")
            if sentence_id in sentence_ids:
                raise _Problem(f"{s_where}.id: {sentence_id!r} is used twice")
            sentence_ids.add(sentence_id)
            _check_text(sentence.get("text"), f"{s_where}.text")
            _check_span(sentence.get("span"), f"{s_where}.span")
            if kind not in BOILERPLATE_KINDS:
                content_sentences.append(sentence_id)
    return block_ids, sentence_ids, content_blocks, content_sentences


def _check_findings(data: Any) -> None:
    from toolkit.findings import KINDS, SEVERITIES

    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise _Problem('no {"findings": [...]}')
    _no_surrogates(data, "")
    for n, finding in enumerate(data["findings"]):
        where = f"findings[{n}]"
        if not isinstance(finding, dict):
            raise _Problem(f"{where}: must be an object")
        if finding.get("kind") not in KINDS:
            raise _Problem(f"{where}.kind: {finding.get('kind')!r} is not a kind of finding ({', '.join(KINDS)})")
        if finding.get("severity") not in SEVERITIES:
            raise _Problem(f"{where}.severity: {finding.get('severity')!r} is not a severity ({', '.join(SEVERITIES)})")
        for key in ("source_text", "target_text", "message"):
            _check_text(finding.get(key), f"{where}.{key}")
        for key in ("code", "suggestion", "id"):
            if finding.get(key) is not None:
                _check_text(finding[key], f"{where}.{key}")
        _check_ids(finding.get("source_ids"), f"{where}.source_ids")
        _check_ids(finding.get("target_ids"), f"{where}.target_ids")
        occurrences = finding.get("occurrences", [])
        if not isinstance(occurrences, list):
            raise _Problem(f"{where}.occurrences: must be a list")
        for k, occurrence in enumerate(occurrences):
            o_where = f"{where}.occurrences[{k}]"
            if not isinstance(occurrence, dict):
                raise _Problem(f"{o_where}: must be an object")
            _check_ids(occurrence.get("source_ids"), f"{o_where}.source_ids")
            _check_ids(occurrence.get("target_ids"), f"{o_where}.target_ids")
            _check_text(occurrence.get("source_text"), f"{o_where}.source_text")
            _check_text(occurrence.get("target_text"), f"{o_where}.target_text")


def _check_ids(value: Any, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(i, str) and (_BLOCK_ID.fullmatch(i) or _SENTENCE_ID.fullmatch(i)) for i in value):
        raise _Problem(f"{where}: must be a list of block or sentence ids")


def _check_text(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise _Problem(f"{where}: must be a string, not {_type(value)}")


def _check_int(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Problem(f"{where}: must be a whole number ≥ 0, not {value!r}")


def _check_span(value: Any, where: str) -> None:
    if not isinstance(value, list) or len(value) != 2:
        raise _Problem(f"{where}: must be [start, end]")
    _check_int(value[0], where)
    _check_int(value[1], where)
    if value[0] > value[1]:
        raise _Problem(f"{where}: starts after it ends")


def _no_surrogates(value: Any, where: str) -> None:
    """Lone surrogates (\\udXXX escapes) are not characters: the one policy is to refuse them."""
    stack = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _Problem(f"{path or 'the file'}: holds a lone surrogate (a \\udXXX escape that is not a character)")
        elif isinstance(item, dict):
            for key, child in item.items():
                if _SURROGATE.search(key):
                    raise _Problem(f"{path or 'the file'}: a key holds a lone surrogate (a \\udXXX escape that is not a character)")
                stack.append((child, f"{path}.{key}" if path else key))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(item))


def _type(value: Any) -> str:
    return "null" if value is None else {"bool": "true/false", "int": "a number", "float": "a number", "list": "a list", "dict": "an object"}.get(type(value).__name__, type(value).__name__)
