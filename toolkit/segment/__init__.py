"""Segmentation: text → Document (blocks with kinds, sentences with offsets)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

import regex

from toolkit.document import Block, Document, Sentence
from toolkit.errors import SrcalignError
from toolkit.normalize import nfc_with_offsets
from toolkit.segment.blocks import ClassifiedLine, FurniturePatterns, classify_lines, parse_furniture_patterns, source_url
from toolkit.segment.language import detect_language, language_codes
from toolkit.segment.sentences import split_sentences
from toolkit.textfile import read_text

SUPPORTED_LANGS: tuple[str, ...] = ("de", "vi", "en")
_LINE = regex.compile(r"([^\r\n]*)(?:\r\n|\n|\r|$)")


def segment_text(
    text: str,
    lang: str = "auto",
    *,
    path: str | None = None,
    url: str | None = None,
    sha256: str | None = None,
    meta: dict | None = None,
    caption_lines: Collection[int] | None = None,
    furniture: FurniturePatterns = (),
) -> Document:
    """Split an article into typed blocks (one per non-empty line) and sentences.

    Sentence and block text is NFC; every span is an offset into `text` as given, NFD or not.
    `caption_lines` (1-based, e.g. from a fetched page's figcaptions) overrides the caption
    heuristics: those lines are captions and no others are. `furniture`: a user's portal-line
    patterns (toolkit.segment.blocks.parse_furniture_patterns).
    """
    detected, confidence = detect_language(text)
    info = dict(meta or {})
    if lang == "auto":
        lang = detected
    elif lang not in SUPPORTED_LANGS and lang not in language_codes():
        raise SrcalignError(f"unsupported language {lang!r}; use an ISO 639-1 code ({', '.join(SUPPORTED_LANGS)} have rules of their own) or auto")
    elif detected != lang and confidence > 0.5:
        info.setdefault("warnings", []).append(f"the text looks like {detected!r}, not {lang!r}")
    info["detected_lang"] = detected
    nfc, offsets = nfc_with_offsets(text)

    def original(pos: int) -> int:
        return pos if offsets is None else offsets[pos]

    raw_lines: list[tuple[int, int, str]] = []
    for line_no, match in enumerate(_LINE.finditer(nfc), start=1):
        if match.start() == len(nfc):
            break
        if match.group(1).strip():
            raw_lines.append((match.start(), line_no, match.group(1)))
    classified = classify_lines([body for _, _, body in raw_lines], lang, furniture)
    if caption_lines is not None:
        known = set(caption_lines)
        classified = [
            _as_caption(cls, line_no in known)
            for (_, line_no, _), cls in zip(raw_lines, classified)
        ]
    blocks: list[Block] = []
    for index, ((line_start, line_no, body), cls) in enumerate(zip(raw_lines, classified), start=1):
        block_id = f"b{index}"
        block_text = body[cls.start : cls.end]
        sentences = tuple(
            Sentence(
                id=f"{block_id}.s{k}",
                text=block_text[s:e],
                span=(original(line_start + cls.start + s), original(line_start + cls.start + e)),
            )
            for k, (s, e) in enumerate(split_sentences(block_text, lang), start=1)
        )
        if cls.kind == "source_ref":
            found = source_url(body)
            if found and "source_url" not in info:
                info["source_url"] = found
        blocks.append(
            Block(
                id=block_id,
                kind=cls.kind,
                line=line_no,
                text=block_text,
                span=(original(line_start + cls.start), original(line_start + cls.end)),
                sentences=sentences,
            )
        )
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(lang=lang, blocks=tuple(blocks), sha256=digest, path=path, url=url, meta=info)


def _as_caption(cls: ClassifiedLine, is_caption: bool) -> ClassifiedLine:
    if is_caption and cls.kind in ("paragraph", "lead", "title", "other", "byline"):
        return ClassifiedLine("caption", cls.start, cls.end)
    if not is_caption and cls.kind == "caption":
        return ClassifiedLine("paragraph", cls.start, cls.end)
    return cls


def segment_file(path: str | Path, lang: str = "auto", furniture: FurniturePatterns = ()) -> Document:
    """Read a file ('-' for stdin) with honest decoding, then segment it."""
    decoded = read_text(path)
    meta: dict = {"encoding": decoded.encoding}
    if decoded.notes:
        meta["notes"] = list(decoded.notes)
    return segment_text(decoded.text, lang, path=str(path), sha256=decoded.sha256, meta=meta, furniture=furniture)


def load_furniture(path: str | Path | None) -> FurniturePatterns:
    """A user's portal-line patterns (`--furniture FILE`): one regex a line, matched against the
    whole line, case-insensitive, or `kind<TAB>pattern`; such lines are portal furniture (left
    out of the exports, cheap to leave unaligned, still paired when the other side has one)."""
    if path is None:
        return ()
    return parse_furniture_patterns(read_text(path).text, str(path))
