"""The pieces every check compares: aligned pairs of source and target text, with their ids.

A check works on sentence beads where the alignment has them (finer pairs, fewer false
alarms) and on block beads for blocks that no sentence bead covers. One-sided beads and
portal lines are left out: a missing block is the aligner's report, not a name or term finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from toolkit.alignment import Alignment, Bead
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

    def occurrence(self, source_text: str, target_text: str) -> Occurrence:
        return Occurrence(self.source_ids, self.target_ids, source_text, target_text)


def finding_at(
    kind: str, code: str, severity: str, message: str, suggestion: str, places: Sequence[tuple[AlignedUnit, str, str]]
) -> Finding:
    """A finding located at its first place (unit, source text, target text), every place an occurrence."""
    unit, source_text, target_text = places[0]
    return Finding(
        kind=kind,
        code=code,
        severity=severity,
        source_text=source_text,
        target_text=target_text,
        source_ids=unit.source_ids,
        target_ids=unit.target_ids,
        message=message,
        suggestion=suggestion,
        occurrences=tuple(u.occurrence(s, t) for u, s, t in places),
    )


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
            )
        )
    return units
