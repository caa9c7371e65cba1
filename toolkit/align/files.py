"""Aligning files as `srcalign align` gets them: read, segment (or take lines as they are), check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from toolkit.align import align_documents, align_texts
from toolkit.align.languages import check_language
from toolkit.align.dictionary import load_dictionaries
from toolkit.align.embeddings import make_embedder
from toolkit.alignment import Alignment, Bead
from toolkit.document import Block, Document, Sentence
from toolkit.errors import SrcalignError
from toolkit.pair_check import check_languages, check_related
from toolkit.segment import load_furniture, segment_text
from toolkit.segment.blocks import furniture_kind
from toolkit.segment.language import detect_language
from toolkit.sources import source_record
from toolkit.textfile import read_text


@dataclass(frozen=True)
class AlignResult:
    alignment: Alignment
    ladder: list[tuple[tuple[int, ...], tuple[int, ...]]]
    warnings: tuple[str, ...]


def align_files(
    source: str,
    target: str,
    src_lang: str = "vi",
    tgt_lang: str = "de",
    *,
    presplit: bool = False,
    dictionaries: Sequence[str | Path] = (),
    force: bool = False,
    embeddings: str | None = None,
    furniture: str | Path | None = None,
) -> AlignResult:
    """Align two files ('-' for stdin on one side); refuse empty, swapped or boilerplate-only input,
    two texts in one language and a source plainly not the article's (toolkit.pair_check) unless `force`.

    `dictionaries`: the user's word lists (TSV or FreeDict dictd), read before any aligning;
    `embeddings`: 'bundled' or a local sentence-transformers folder (the optional extra);
    `furniture`: a file of the user's portal-line patterns (toolkit.segment.load_furniture).
    A source inside a sources folder (beside its source.json) carries its provenance and URL
    into the alignment, as `run` does, so exports and the review page can show them."""
    if source == "-" and target == "-":
        raise SrcalignError("only one of SOURCE and TARGET can be standard input")
    src_lang = check_language(src_lang, "--src-lang")
    tgt_lang = check_language(tgt_lang, "--tgt-lang")
    src_text = read_text(source)
    tgt_text = read_text(target)
    warnings = [*src_text.notes, *tgt_text.notes]
    src_lang = _resolve_lang(src_lang, src_text.text)
    tgt_lang = _resolve_lang(tgt_lang, tgt_text.text)
    record = source_record(source) if source != "-" else None
    src_meta = {"encoding": src_text.encoding}
    if record is not None:
        src_meta.update({"provenance": record.get("provenance"), "source_record": record})
    src_url = record.get("url") if record is not None else None
    dictionary = load_dictionaries(dictionaries, src_lang, tgt_lang) if dictionaries else None
    embedder = make_embedder(embeddings)
    patterns = load_furniture(furniture) if furniture is not None else ()
    if presplit:
        src_doc = _lines_document(src_text.text, src_lang, source, src_text.sha256, src_meta, src_url)
        tgt_doc = _lines_document(tgt_text.text, tgt_lang, target, tgt_text.sha256)
        warnings.extend(check_languages(src_doc, tgt_doc, force=force))
        src_lines = [b.text for b in src_doc.blocks]
        tgt_lines = [b.text for b in tgt_doc.blocks]
        beads = align_texts(
            src_lines,
            tgt_lines,
            src_lang,
            tgt_lang,
            source_furniture=[furniture_kind(t, patterns) is not None for t in src_lines] if patterns else None,
            target_furniture=[furniture_kind(t, patterns) is not None for t in tgt_lines] if patterns else None,
            dictionary=dictionary,
            embedder=embedder,
        )
        ladder = [(b.source, b.target) for b in beads]
        block_beads = [Bead("block", tuple(f"b{i + 1}" for i in b.source), tuple(f"b{j + 1}" for j in b.target), b.score) for b in beads]
        sentence_beads = [
            Bead("sentence", tuple(f"b{i + 1}.s1" for i in b.source), tuple(f"b{j + 1}.s1" for j in b.target), b.score)
            for b in beads
        ]
        alignment = Alignment(src_doc, tgt_doc, tuple(block_beads + sentence_beads))
        mean = alignment.mean_score
        alignment = Alignment(src_doc, tgt_doc, alignment.beads, {"mean_score": round(mean, 4)})
    else:
        src_doc = segment_text(src_text.text, src_lang, path=source, url=src_url, sha256=src_text.sha256, meta=src_meta, furniture=patterns)
        tgt_doc = segment_text(tgt_text.text, tgt_lang, path=target, sha256=tgt_text.sha256, meta={"encoding": tgt_text.encoding}, furniture=patterns)
        warnings.extend(check_languages(src_doc, tgt_doc, force=force))
        alignment = align_documents(src_doc, tgt_doc, dictionary=dictionary, embedder=embedder)
        ladder = sentence_ladder(alignment)
    if embedder is not None:  # provenance: which model's vectors took part
        alignment = Alignment(alignment.source, alignment.target, alignment.beads, {**alignment.meta, "embeddings": embedder.backend.name})
    if dictionary is not None:  # provenance: the same inputs without the word list align differently
        used = {"paths": [str(p) for p in dictionaries], "pairs": len(dictionary), "stem": dictionary.stem}
        alignment = Alignment(alignment.source, alignment.target, alignment.beads, {**alignment.meta, "dictionary": used})
    warnings.extend(alignment.meta.get("warnings", []))
    warnings.extend(check_related(alignment, force=force))
    return AlignResult(alignment, ladder, tuple(warnings))


def default_output(source: str) -> Path | None:
    """alignments/<slug>/alignment.json for a source inside sources/<slug>/, else None (stdout)."""
    path = Path(source)
    if source == "-" or len(path.parts) < 2 or path.parent.parent.name != "sources":
        return None
    return path.parent.parent.parent / "alignments" / path.parent.name / "alignment.json"


def align_destination(source: str, output: str | Path | None, fmt: str = "json") -> Path | None:
    """Where `align` writes: `output` ('-' = stdout), else the default for a json alignment of a pair
    in sources/<slug>/. A default folder that a `run` filled (files besides alignment.json) is
    refused before any work: replacing only its alignment would leave the run's other files stale."""
    if output is not None:
        return None if str(output) == "-" else Path(output)
    destination = default_output(source) if fmt == "json" else None
    if destination is not None and destination.parent.is_dir():
        others = sorted(p.name for p in destination.parent.iterdir() if p.name != destination.name)
        if others:
            raise SrcalignError(
                f"{destination.parent} holds a run's outputs ({', '.join(others[:3])}{', …' if len(others) > 3 else ''}); "
                "writing only alignment.json there would mix two runs: use `srcalign run --force` to redo the folder, "
                "or -o FILE to write elsewhere"
            )
    return destination


def sentence_ladder(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Sentence beads as indices into each document's sentences in order (boilerplate one-sided)."""
    src_index = {s.id: k for k, s in enumerate(s for b in alignment.source.blocks for s in b.sentences)}
    tgt_index = {s.id: k for k, s in enumerate(s for b in alignment.target.blocks for s in b.sentences)}
    ladder = [
        (tuple(src_index[i] for i in b.source), tuple(tgt_index[j] for j in b.target))
        for b in alignment.beads_at("sentence")
    ]
    covered_s = {i for s, _ in ladder for i in s}
    covered_t = {j for _, t in ladder for j in t}
    ladder += [((k,), ()) for k in src_index.values() if k not in covered_s]
    ladder += [((), (k,)) for k in tgt_index.values() if k not in covered_t]
    return sorted(ladder, key=lambda st: (min(st[0], default=-1) if st[0] else _after(ladder, st), min(st[1], default=-1)))


def _after(ladder, bead) -> float:
    """Sort key for a target-only bead: just after the source bead whose target precedes it."""
    j = bead[1][0]
    before = [max(s) for s, t in ladder if s and t and max(t) < j]
    return (max(before) + 0.5) if before else -0.5


def _resolve_lang(lang: str, text: str) -> str:
    return detect_language(text)[0] if lang == "auto" else lang


def _lines_document(text: str, lang: str, path: str, sha256: str, meta: dict | None = None, url: str | None = None) -> Document:
    """One block, one sentence per line: --presplit input is used exactly as it is."""
    blocks = []
    pos = 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for k, line in enumerate(lines, start=1):
        body = line.rstrip("\r")
        span = (pos, pos + len(body))
        blocks.append(Block(f"b{k}", "paragraph", k, body, span, (Sentence(f"b{k}.s1", body, span),)))
        pos += len(line) + 1
    if not any(b.text.strip() for b in blocks):
        raise SrcalignError(f"{path}: no segments")
    return Document(lang=lang, blocks=tuple(blocks), sha256=sha256, path=path, url=url, meta=dict(meta or {}))
