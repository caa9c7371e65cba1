"""The pieces every check compares: aligned pairs of source and target text, with their ids.

A check works on sentence beads where the alignment has them (finer pairs, fewer false
alarms) and on block beads for blocks that no sentence bead covers. One-sided beads and
portal lines are left out: a missing block is the aligner's report, not a name or term finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from toolkit.alignment import Alignment, Bead
from toolkit.document import Document
from toolkit.findings import Finding, Occurrence


@dataclass(frozen=True)
class AlignedUnit:
    """One two-sided bead: ids and texts of both sides, and the block kinds it spans."""

    index: int
    level: str
    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    source_text: str
    target_text: str
    source_kinds: tuple[str, ...] = ()
    # (offset in the unit text, offset in the input text, line) where each joined segment starts
    source_pieces: tuple[tuple[int, int, int], ...] = ()
    target_pieces: tuple[tuple[int, int, int], ...] = ()

    def occurrence(
        self, source_text: str, target_text: str, source_start: int | None = None, target_start: int | None = None, status: str = ""
    ) -> Occurrence:
        """The place of two strings in this unit, with offsets into the inputs; a start of None is looked up."""
        s_at = _at(self.source_text, source_text, source_start)
        t_at = _at(self.target_text, target_text, target_start)
        s_span, s_line = _in_input(self.source_pieces, s_at)
        t_span, t_line = _in_input(self.target_pieces, t_at)
        return Occurrence(
            self.source_ids,
            self.target_ids,
            source_text,
            target_text,
            source_span=s_span,
            target_span=t_span,
            source_line=s_line,
            target_line=t_line,
            source_context=self.source_text,
            target_context=self.target_text,
            source_at=s_at,
            target_at=t_at,
            status=status,
        )


#: A place of a finding: (unit, source text, target text) and optionally the source start, the
#: target start (offsets into the unit's texts) and the rendering's status.
Place = tuple


def finding_at(
    kind: str,
    code: str,
    severity: str,
    message: str,
    suggestion: str,
    places: Sequence[Place],
    *,
    term: str = "",
    renderings: Sequence[str] = (),
    codes: Sequence[str] = (),
    reasons: Sequence[str] = (),
) -> Finding:
    """A finding located at its first place, every place an occurrence (each place listed once)."""
    occurrences: list[Occurrence] = []
    seen: set = set()
    for place in places:
        unit, *rest = place
        occurrence = unit.occurrence(*rest)
        key = (occurrence.place, occurrence.source_at, occurrence.target_at)
        if key not in seen:
            seen.add(key)
            occurrences.append(occurrence)
    first = occurrences[0]
    return Finding(
        kind=kind,
        code=code,
        severity=severity,
        source_text=first.source_text,
        target_text=first.target_text,
        source_ids=first.source_ids,
        target_ids=first.target_ids,
        message=message,
        suggestion=suggestion,
        occurrences=tuple(occurrences),
        codes=tuple(codes),
        reasons=tuple(reasons),
        term=term,
        renderings=tuple(renderings),
    )


def _at(text: str, piece: str, start: int | None) -> tuple[int, int] | None:
    if not piece:
        return None
    if start is None or start < 0 or text[start : start + len(piece)] != piece:
        found = text.find(piece)
        if found < 0:
            return None
        start = found
    return (start, start + len(piece))


def _in_input(pieces: Sequence[tuple[int, int, int]], at: tuple[int, int] | None) -> tuple[tuple[int, int] | None, int | None]:
    """Offsets in the unit text → offsets and line in the input (segments are joined by one space)."""
    if at is None or not pieces:
        return None, None
    base = max((p for p in pieces if p[0] <= at[0]), default=pieces[0])
    shift = base[1] - base[0]
    return (at[0] + shift, at[1] + shift), base[2]


def aligned_units(alignment: Alignment) -> list[AlignedUnit]:
    """Sentence beads where there are any, block beads for the blocks they do not cover."""
    sentence_beads = [b for b in alignment.beads_at("sentence") if not b.one_sided]
    covered_source = {sid.split(".", 1)[0] for b in alignment.beads_at("sentence") for sid in b.source}
    covered_target = {tid.split(".", 1)[0] for b in alignment.beads_at("sentence") for tid in b.target}
    chosen: list[Bead] = []
    for bead in alignment.beads_at("block"):
        if bead.one_sided:
            continue
        if any(i in covered_source for i in bead.source) or any(i in covered_target for i in bead.target):
            chosen.extend(
                s for s in sentence_beads if s.source and s.source[0].split(".", 1)[0] in bead.source
            )
        else:
            chosen.append(bead)
    if not alignment.beads_at("block"):
        chosen = sentence_beads
    units: list[AlignedUnit] = []
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for bead in chosen:
        key = (bead.source, bead.target)
        if key in seen:
            continue
        seen.add(key)
        source_blocks = [alignment.source.block(i.split(".", 1)[0]) for i in bead.source]
        target_blocks = [alignment.target.block(i.split(".", 1)[0]) for i in bead.target]
        if all(b.boilerplate for b in source_blocks) or all(b.boilerplate for b in target_blocks):
            continue
        units.append(
            AlignedUnit(
                index=len(units),
                level=bead.level,
                source_ids=bead.source,
                target_ids=bead.target,
                source_text=alignment.source_text(bead),
                target_text=alignment.target_text(bead),
                source_kinds=tuple(dict.fromkeys(b.kind for b in source_blocks)),
                source_pieces=segment_pieces(alignment.source, bead.source, bead.level),
                target_pieces=segment_pieces(alignment.target, bead.target, bead.level),
            )
        )
    return units


def segment_pieces(document: Document, ids: Sequence[str], level: str) -> tuple[tuple[int, int, int], ...]:
    """Where each segment of a joined bead text starts: (offset in the joined text, offset in the input, line)."""
    pieces = []
    offset = 0
    for segment_id in ids:
        block = document.block(segment_id.split(".", 1)[0])
        segment = block if level == "block" else document.sentence(segment_id)
        pieces.append((offset, segment.span[0], block.line))
        offset += len(segment.text) + 1
    return tuple(pieces)
