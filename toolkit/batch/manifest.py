"""The batch manifest: one article pair per line, JSONL or CSV, each line judged on its own.

Fields: `id` (optional; else derived from the article path as written), `article` (the German
text) and `source` (a file or URL; empty = the article's "Quelle:" URL through the fetch
cache). Relative paths are relative to the manifest's folder. A line that cannot be used
(malformed, no article, unsafe or duplicated id) becomes a problem of that line only.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from toolkit.batch.layout import CORPUS_FILES
from toolkit.errors import SrcalignError
from toolkit.sources import slug_for_url
from toolkit.textfile import read_text, refuse_surrogates, shown

FIELDS: tuple[str, ...] = ("id", "article", "source")
# An id names a folder: letters, digits, ".", "_", "-"; no leading dot (hidden, "..").
_SAFE_ID = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass(frozen=True)
class ManifestEntry:
    """A usable line: absolute article path and source (absolute path, URL, or "" for the Quelle: URL)."""

    line: int
    id: str
    article: str
    source: str


@dataclass(frozen=True)
class ManifestProblem:
    """A line that cannot run, with the one-line reason the summary reports for it."""

    line: int
    id: str
    reason: str


@dataclass(frozen=True)
class Manifest:
    path: Path
    entries: tuple[ManifestEntry, ...]
    problems: tuple[ManifestProblem, ...]

    @property
    def size(self) -> int:
        return len(self.entries) + len(self.problems)


def read_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Parse a JSONL (.jsonl, .ndjson) or CSV/TSV manifest; the format is sniffed for other names.

    Errors that concern the whole file (missing, empty, a CSV header without `article`) are
    SrcalignError; everything about one line is a ManifestProblem.
    """
    manifest = Path(path)
    text = read_text(manifest).text
    base = manifest.parent
    rows = _jsonl_rows(text) if _is_jsonl(manifest, text) else _csv_rows(text, manifest)
    entries: list[ManifestEntry] = []
    problems: list[ManifestProblem] = []
    first_line: dict[str, int] = {}
    for line, fields, problem in rows:
        article_id = fields.get("id") if isinstance(fields.get("id"), str) and fields.get("id") else ""
        if not article_id and isinstance(fields.get("article"), str) and fields["article"].strip():
            article_id = derived_id(fields["article"].strip())
        article_id = article_id or f"line-{line}"
        if problem is None:
            problem = _field_problem(fields, article_id)
        claimed = first_line.setdefault(article_id.casefold(), line)
        if problem is None and claimed != line:
            problem = f"duplicate id {article_id!r} (first used on line {claimed})"
        if problem is not None:
            problems.append(ManifestProblem(line, shown(article_id), problem))
            continue
        source = (fields.get("source") or "").strip()
        if source and "://" not in source:
            source = _absolute(base, source)
        entries.append(ManifestEntry(line, article_id, _absolute(base, fields["article"].strip()), source))
    if not entries and not problems:
        raise SrcalignError(f"{manifest}: no article pairs in the manifest")
    return Manifest(manifest, tuple(entries), tuple(problems))


def derived_id(article: str) -> str:
    """A folder-safe id from the article path as written: readable stem plus a hash of the path."""
    return slug_for_url("file:///" + article.replace(os.sep, "/"))


def _is_jsonl(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return True
    if suffix in (".csv", ".tsv"):
        return False
    return text.lstrip().startswith("{")


Row = tuple[int, dict[str, Any], "str | None"]


def _jsonl_rows(text: str) -> list[Row]:
    rows: list[Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            rows.append((number, {}, f"not JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(value, dict):
            rows.append((number, {}, f"not a JSON object but {type(value).__name__}"))
            continue
        unknown = sorted(set(value) - set(FIELDS))
        problem = f"unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})" if unknown else None
        rows.append((number, value, problem))
    return rows


def _csv_rows(text: str, manifest: Path) -> list[Row]:
    delimiter = "\t" if manifest.suffix.lower() == ".tsv" else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise SrcalignError(f"{manifest}: no header line") from None
    except csv.Error as exc:
        raise SrcalignError(f"{manifest}: line 1: {exc}") from None
    if "article" not in header or set(header) - set(FIELDS) or len(set(header)) != len(header):
        raise SrcalignError(f"{manifest}: the header must name the columns {', '.join(FIELDS)} (article required), each once; it has {', '.join(header)}")
    rows: list[Row] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise SrcalignError(f"{manifest}: line {reader.line_num}: {exc}") from None
        if not any(c.strip() for c in cells):
            continue
        fields = dict(zip(header, cells))
        problem = f"{len(cells)} fields, the header has {len(header)}" if len(cells) != len(header) else None
        rows.append((reader.line_num, fields, problem))


def _field_problem(fields: dict[str, Any], article_id: str) -> str | None:
    for name in FIELDS:
        if fields.get(name) is not None and not isinstance(fields[name], str):
            return f"{name} must be a string, not {type(fields[name]).__name__}"
        try:  # lone surrogates (\udXXX escapes) are not characters: the one policy is to refuse them
            refuse_surrogates(fields.get(name) or "", name)
        except SrcalignError as exc:
            return str(exc)
    if not (fields.get("article") or "").strip():
        return "no article"
    if not _SAFE_ID.fullmatch(article_id):
        return f"id {article_id!r} cannot name a folder (letters, digits, '.', '_', '-'; at most 100; not starting with '.')"
    if article_id.casefold() in CORPUS_FILES:
        return f"id {article_id!r} is the name of a corpus file"
    return None


def _absolute(base: Path, value: str) -> str:
    return os.path.abspath(os.path.join(base, os.path.expanduser(value)))
