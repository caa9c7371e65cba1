"""What every export format shares: beads as units with texts and findings, XML-safe text, results.

Each format module (tmx.py, xliff.py, tsv.py, jsonl.py, html.py, tbx.py) turns an Alignment and
its findings into bytes; this module decides which beads become units, which findings belong to
which bead, and how characters that XML 1.0 forbids are dropped and reported.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from toolkit.alignment import LEVELS, Alignment, Bead
from toolkit.document import Document
from toolkit.errors import SrcalignError
from toolkit.findings import Finding, Occurrence, findings_from_json
from toolkit.textfile import write_atomic

#: Beads scoring below this are "weak": highlighted on the review page, flagged in XLIFF.
DEFAULT_THRESHOLD = 0.5

# XML 1.0 § 2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Lone surrogates can reach us through JSON "\ud800" escapes, so they are listed too.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class DroppedCharacter:
    """One character left out of an export because XML 1.0 (or UTF-8) cannot carry it."""

    where: str
    codepoint: int

    def __str__(self) -> str:
        return f"U+{self.codepoint:04X} in {self.where}"


class XmlTextCleaner:
    """Drops characters XML 1.0 forbids and remembers where, so the export can say what it dropped.

    One cleaner lives for one rendering; it is the only mutable thing an export holds.
    """

    def __init__(self) -> None:
        self._dropped: list[DroppedCharacter] = []

    def __call__(self, text: str, where: str) -> str:
        if not _XML_FORBIDDEN.search(text):
            return text
        self._dropped.extend(DroppedCharacter(where, ord(ch)) for ch in _XML_FORBIDDEN.findall(text))
        return _XML_FORBIDDEN.sub("", text)

    @property
    def dropped(self) -> tuple[DroppedCharacter, ...]:
        return tuple(self._dropped)


def without_surrogates(text: str) -> str:
    """Replace lone surrogates (invalid in UTF-8) with U+FFFD, for the formats that are not XML."""
    return _SURROGATE.sub("\ufffd", text)


def dropped_warning(name: str, dropped: tuple[DroppedCharacter, ...]) -> str:
    """One line for the user: how many characters a file lost and where (first few places)."""
    shown = ", ".join(str(d) for d in dropped[:5])
    more = f", and {len(dropped) - 5} more" if len(dropped) > 5 else ""
    return f"{name}: dropped {len(dropped)} character(s) that XML 1.0 forbids ({shown}{more})"


@dataclass(frozen=True)
class RenderedExport:
    """One export in memory: the file's bytes, how many units it holds, what it dropped."""

    format: str
    data: bytes
    units: int
    dropped: tuple[DroppedCharacter, ...] = ()


@dataclass(frozen=True)
class ExportResult:
    """What was written where: the path (None for stdout), units, dropped characters, warnings."""

    format: str
    path: Path | None
    units: int
    dropped: tuple[DroppedCharacter, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        if not self.dropped:
            return ()
        return (dropped_warning(str(self.path) if self.path else f"{self.format} output", self.dropped),)


@dataclass(frozen=True)
class ExportUnit:
    """One bead as the exports see it: both texts, the blocks' kinds, and the findings on it."""

    index: int
    bead: Bead
    source_text: str
    target_text: str
    source_kinds: tuple[str, ...]
    target_kinds: tuple[str, ...]
    boilerplate: bool
    findings: tuple[Finding, ...]

    @property
    def two_sided(self) -> bool:
        return not self.bead.one_sided

    @property
    def block_kind(self) -> str:
        """The kind of the bead's blocks ("paragraph", "caption+paragraph"), source side first."""
        kinds = self.source_kinds or self.target_kinds
        return "+".join(kinds)

    def ids_label(self, source_lang: str, target_lang: str) -> str:
        """'vi:b3.s1+b3.s2 de:b2.s1': both sides' ids in one readable, parseable field."""
        return f"{source_lang}:{'+'.join(self.bead.source)} {target_lang}:{'+'.join(self.bead.target)}"


@dataclass(frozen=True)
class ExportPlan:
    """The units of one level in alignment order, and the findings no bead of that level carries."""

    level: str
    units: tuple[ExportUnit, ...]
    unplaced: tuple[Finding, ...]


def block_of(segment_id: str) -> str:
    """'b3.s2' → 'b3'; a block id stays as it is."""
    return segment_id.split(".", 1)[0]


def finding_places(finding: Finding) -> tuple[Occurrence, ...]:
    """The finding's first occurrence (its own ids and texts) followed by the other occurrences."""
    first = Occurrence(finding.source_ids, finding.target_ids, finding.source_text, finding.target_text)
    if finding.occurrences and finding.occurrences[0].place == first.place:
        first = finding.occurrences[0]  # the same place, with its offsets and context
    return (first, *(o for o in finding.occurrences if o.place != first.place))


def finding_note(finding: Finding) -> str:
    """The one-line form of a finding used in XLIFF/TMX notes and the TBX term list."""
    text = f"[{finding.severity}] {finding.kind}/{finding.code}: {finding.message}" if finding.code else f"[{finding.severity}] {finding.kind}: {finding.message}"
    if finding.suggestion:
        text += f" Suggestion: {finding.suggestion}"
    return text


def plan_export(alignment: Alignment, findings: list[Finding] | tuple[Finding, ...], level: str) -> ExportPlan:
    """Every bead of `level` as a unit with its texts, kinds, boilerplate flag and findings."""
    if level not in LEVELS:
        raise SrcalignError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    beads = alignment.beads_at(level)
    if not beads:
        present = sorted({b.level for b in alignment.beads})
        hint = f"; it has {' and '.join(present)} beads (use --level {present[0]})" if present else "; it has no beads at all"
        raise SrcalignError(f"the alignment has no {level} beads{hint}")
    texts = [(_bead_text(alignment.source, bead, "source"), _bead_text(alignment.target, bead, "target")) for bead in beads]
    placed, unplaced = _place_findings(beads, texts, findings)
    units = tuple(
        ExportUnit(
            index=index + 1,
            bead=bead,
            source_text=texts[index][0],
            target_text=texts[index][1],
            source_kinds=_kinds(alignment.source, bead.source),
            target_kinds=_kinds(alignment.target, bead.target),
            boilerplate=_all_boilerplate(alignment, bead),
            findings=tuple(findings[i] for i in placed.get(index, ())),
        )
        for index, bead in enumerate(beads)
    )
    return ExportPlan(level=level, units=units, unplaced=tuple(findings[i] for i in unplaced))


def source_url(alignment: Alignment) -> str:
    """The cited source's URL: the source document's own, else the German article's "Quelle:" line."""
    return str(alignment.source.url or alignment.source.meta.get("url") or alignment.target.meta.get("source_url") or "")


def source_provenance(alignment: Alignment) -> str:
    """How the source text was obtained ("fetched", "reconstructed", …), as the source carries it."""
    value = alignment.source.meta.get("provenance") or alignment.meta.get("source_provenance") or ""
    if isinstance(value, dict):
        value = value.get("provenance") or value.get("kind") or value.get("method") or json.dumps(value, ensure_ascii=False)
    return str(value)


def is_reconstructed(alignment: Alignment) -> bool:
    """True when the source is not the newspaper's text but a reconstruction (must be labelled)."""
    return "reconstruct" in source_provenance(alignment).lower()


def xml_bytes(root: etree._Element, doctype: str | None = None) -> bytes:
    """Serialise as UTF-8 with a double-quoted XML declaration (some CAT tools reject lxml's single quotes)."""
    body = etree.tostring(root, encoding="UTF-8", pretty_print=True, doctype=doctype)
    if body.startswith(b"<?xml"):
        body = body.split(b"\n", 1)[1]
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def read_alignment(path: str | Path) -> Alignment:
    """Load an alignment JSON file with one-line errors for missing, unreadable or foreign files."""
    return Alignment.from_json(_read(path, "alignment"))


def read_findings(path: str | Path) -> list[Finding]:
    """Load a findings file ({"findings": [...]}, as `srcalign check --format json` writes it)."""
    text = _read(path, "findings")
    try:
        return findings_from_json(text)
    except json.JSONDecodeError as exc:
        raise SrcalignError(f"{path}: not a findings file (not JSON: {exc.msg} at line {exc.lineno})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SrcalignError(f"{path}: not a findings file ({type(exc).__name__}: {exc})") from None


def write_rendered(rendered: RenderedExport, path: str | Path) -> ExportResult:
    """Write one rendered export atomically (temporary file, then rename), with a one-line error."""
    target = Path(path)
    if target.is_dir():
        raise SrcalignError(f"{target}: is a directory; give a file name")
    try:
        write_atomic(target, rendered.data)
    except OSError as exc:
        raise SrcalignError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return ExportResult(rendered.format, target, rendered.units, rendered.dropped)


def _read(path: str | Path, what: str) -> str:
    p = Path(path)
    if not p.exists():
        raise SrcalignError(f"{path}: no such {what} file")
    if p.is_dir():
        raise SrcalignError(f"{path}: is a directory, not a file")
    try:
        return p.read_text(encoding="utf-8-sig")  # tolerate a BOM some editors add
    except UnicodeDecodeError:
        raise SrcalignError(f"{path}: not a {what} file (not UTF-8 JSON)") from None
    except OSError as exc:
        raise SrcalignError(f"{path}: cannot read ({exc.strerror})") from None


def _bead_text(document: Document, bead: Bead, side: str) -> str:
    try:
        return unicodedata.normalize("NFC", _joined(document, bead, side))
    except KeyError as exc:
        raise SrcalignError(f"malformed alignment file (a bead refers to {side} segment {exc.args[0]!r}, which does not exist)") from None


def _joined(document: Document, bead: Bead, side: str) -> str:
    ids = bead.source if side == "source" else bead.target
    if bead.level == "block":
        return " ".join(document.block(i).text for i in ids)
    return " ".join(document.sentence(i).text for i in ids)


def _kinds(document: Document, ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(document.block(block_of(i)).kind for i in ids))


def _all_boilerplate(alignment: Alignment, bead: Bead) -> bool:
    """A bead is boilerplate when every block it touches, on both sides, is a portal line."""
    blocks = [alignment.source.block(block_of(i)) for i in bead.source] + [alignment.target.block(block_of(i)) for i in bead.target]
    return bool(blocks) and all(b.boilerplate for b in blocks)


class _BeadIndex:
    """One side's bead ids, indexed: which beads an occurrence's ids meet at the bead's level or
    finer (exact), or only because a block id holds a bead's sentence (coarse)."""

    def __init__(self, bead_ids: list[tuple[str, ...]]) -> None:
        self.by_id: dict[str, set[int]] = {}
        self.by_block: dict[str, set[int]] = {}
        for b_index, ids in enumerate(bead_ids):
            for i in ids:
                self.by_id.setdefault(i, set()).add(b_index)
                self.by_block.setdefault(block_of(i), set()).add(b_index)

    def exact(self, occurrence_ids: tuple[str, ...]) -> set[int]:
        found: set[int] = set()
        for i in occurrence_ids:
            found |= self.by_id.get(i, set()) | self.by_id.get(block_of(i), set())
        return found

    def coarse(self, occurrence_ids: tuple[str, ...]) -> set[int]:
        found: set[int] = set()
        for i in occurrence_ids:
            if "." not in i:
                found |= self.by_block.get(i, set())
        return found


def _place_findings(
    beads: tuple[Bead, ...], texts: list[tuple[str, str]], findings: list[Finding] | tuple[Finding, ...]
) -> tuple[dict[int, list[int]], list[int]]:
    """Which beads carry which findings (by id; a block-level finding on sentence beads by its text)."""
    placed: dict[int, list[int]] = {}
    unplaced: list[int] = []
    sides = (_BeadIndex([b.source for b in beads]), _BeadIndex([b.target for b in beads]))
    for f_index, finding in enumerate(findings):
        hits: set[int] = set()
        for occurrence in finding_places(finding):
            exact_set: set[int] = set()
            coarse_set: set[int] = set()
            for index, ids in zip(sides, (occurrence.source_ids, occurrence.target_ids)):
                exact_set |= index.exact(ids)
                coarse_set |= index.coarse(ids)
            exact = sorted(exact_set)
            coarse = sorted(coarse_set - exact_set)
            if exact:
                hits.update(exact)
                continue
            src = unicodedata.normalize("NFC", occurrence.source_text)
            tgt = unicodedata.normalize("NFC", occurrence.target_text)
            narrowed = [b for b in coarse if (src and src in texts[b][0]) or (tgt and tgt in texts[b][1])]
            hits.update(narrowed or coarse)
        if hits:
            for b_index in sorted(hits):
                placed.setdefault(b_index, []).append(f_index)
        else:
            unplaced.append(f_index)
    return placed, unplaced
