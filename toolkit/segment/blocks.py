"""Article structure: give every line of a portal article or extracted source its block kind."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from toolkit.errors import SrcalignError
from toolkit.segment.rules import block_patterns

_FINAL_PUNCT = regex.compile(r"[.!?…:;][\"'“”’»)\]]*\s*$")
_OUTLET_TAG = regex.compile(r"^\s*\(?\p{Lu}[\p{Lu}\p{N}.]{1,11}\)?\s*[-–—]\s+\S")
_CAPTION_BAR = regex.compile(r"^\s*\|?\s*(?P<body>.*?)\s*\|\s*$")
_URL = regex.compile(r"(?i)h\s*t\s*t\s*p\s*s?\s*:\s*/\s*/\s*\S.*")
_ALLCAPS_NAME = regex.compile(r"^[\p{Lu}\p{M}][\p{Lu}\p{M}\s.,\-]{1,40}$")
_SOURCE_PREFIX = regex.compile(r"(?i)^\s*(?:quelle|nguồn|source)\s*[:：]?\s*")
_WORDS = regex.compile(r"\S+")

# Kinds that end the article body: a byline is only a byline when no paragraph follows it.
_TRAILER_KINDS = frozenset({"byline", "ad_placeholder", "source_ref", "comment_counter", "other", "caption"})
_MAX_CAPTION_WORDS = 30


@dataclass(frozen=True)
class ClassifiedLine:
    """A line's kind and the part of the line that is its text (a caption without its " |")."""

    kind: str
    start: int
    end: int


FurniturePatterns = tuple[tuple[str, regex.Pattern[str]], ...]


def classify_lines(lines: list[str], lang: str, extra: FurniturePatterns = ()) -> list[ClassifiedLine]:
    """Block kinds for the non-empty `lines` of one article, in order; `extra`: a user's
    portal-line patterns (`--furniture FILE`), tried before the shipped ones."""
    patterns = block_patterns()
    kinds = [furniture_kind(line, extra) or "" for line in lines]
    _demote_early_bylines(lines, kinds)
    seen_body = False
    for i, line in enumerate(lines):
        if kinds[i]:
            continue
        words = len(_WORDS.findall(line))
        if _is_caption(line, lang, words, seen_body, patterns.caption_cues.get(lang, ())):
            kinds[i] = "caption"
        elif not seen_body and not _FINAL_PUNCT.search(line) and not _OUTLET_TAG.match(line) and words <= 30:
            kinds[i] = "title"
        elif not seen_body:
            kinds[i] = "lead"
            seen_body = True
        elif _is_trailing_name(lines, kinds, i):
            kinds[i] = "byline"
        else:
            kinds[i] = "paragraph"
    return [_with_text_span(line, kind) for line, kind in zip(lines, kinds)]


def source_url(line: str) -> str | None:
    """The URL of a "Quelle: https://…" line, with the spaces machine translation put into it."""
    rest = _SOURCE_PREFIX.sub("", line, count=1)
    match = _URL.search(rest)
    if not match:
        return None
    return regex.sub(r"\s+", "", match.group(0)).rstrip(".,;)")


def _demote_early_bylines(lines: list[str], kinds: list[str]) -> None:
    """"Theo ông X" or "Foto: …" in mid-article is text or a caption, not the article's byline."""
    last_body = max((i for i, k in enumerate(kinds) if not k), default=-1)
    for i, kind in enumerate(kinds):
        if kind == "byline" and i < last_body and not _looks_like_credit_line(lines[i]):
            kinds[i] = ""


def _looks_like_credit_line(line: str) -> bool:
    return bool(regex.search(r"(?i)\b(?:und|&|và|,)\s*(?:fotos?|bilder|ảnh)\s*:", line))


def _is_caption(line: str, lang: str, words: int, seen_body: bool, cues: tuple[regex.Pattern[str], ...]) -> bool:
    # Length first: a whole paragraph that happens to end in " |" is still a paragraph.
    if words > _MAX_CAPTION_WORDS:
        return False
    if line.rstrip().endswith("|"):
        return True
    if not seen_body:
        return False
    if any(cue.search(line) for cue in cues):
        return True
    # A short line without final punctuation inside the body ("Quang cảnh buổi làm việc").
    return lang == "vi" and words <= 12 and not _FINAL_PUNCT.search(line)


def _is_trailing_name(lines: list[str], kinds: list[str], i: int) -> bool:
    """An ALL-CAPS name after the last paragraph ("VĂN NGHỊ", "PV") is the byline."""
    if not _ALLCAPS_NAME.match(lines[i].strip()):
        return False
    return all(k in _TRAILER_KINDS for k in kinds[i + 1 :] if k)


def _with_text_span(line: str, kind: str) -> ClassifiedLine:
    start = len(line) - len(line.lstrip())
    end = len(line.rstrip())
    if kind == "caption":
        bar = _CAPTION_BAR.match(line)
        if bar and line.rstrip().endswith("|"):
            start, end = bar.span("body")
    return ClassifiedLine(kind=kind, start=start, end=end)


def furniture_kind(line: str, extra: FurniturePatterns = ()) -> str | None:
    """The portal-furniture kind of a single line (ad, "Quelle:", byline, …), or None for text;
    a user's `extra` patterns are tried first."""
    for kind, pattern in extra:
        if pattern.match(line):
            return kind
    return block_patterns().line_kind(line)


#: Kinds a user's furniture pattern may name (all are portal lines that later stages skip).
USER_FURNITURE_KINDS = ("other", "ad_placeholder", "source_ref", "comment_counter")


def parse_furniture_patterns(text: str, name: str) -> FurniturePatterns:
    """A user's furniture file: one pattern a line (Python regex matched against the whole
    stripped line, case-insensitive), or `kind<TAB>pattern`; '#' starts a comment line."""
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, pattern = line.partition("\t") if "\t" in line else ("other", "", line)
        kind, pattern = kind.strip(), pattern.strip()
        if kind not in USER_FURNITURE_KINDS:
            raise SrcalignError(f"{name}:{number}: unknown kind {kind!r} (use one of {', '.join(USER_FURNITURE_KINDS)})")
        try:
            rows.append((kind, regex.compile(r"(?i)^\s*(?:" + pattern + r")\s*$")))
        except regex.error as exc:
            raise SrcalignError(f"{name}:{number}: not a valid pattern: {exc}") from exc
    return tuple(rows)
