"""Alignment and Bead: which source segments translate which target segments, with a score."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from toolkit.document import Document
from toolkit.errors import SrcalignError
from toolkit.jsonformat import readable_json

ALIGNMENT_VERSION = 1
LEVELS: tuple[str, ...] = ("block", "sentence")


@dataclass(frozen=True)
class Bead:
    """One alignment unit: source ids ↔ target ids (either side may be empty), score in [0, 1].

    Block beads hold block ids ("b3"); sentence beads hold sentence ids ("b3.s2").
    """

    level: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    score: float

    @property
    def one_sided(self) -> bool:
        return not self.source or not self.target

    @property
    def shape(self) -> str:
        """'1-2', '0-1', …: how many source and target segments the bead joins."""
        return f"{len(self.source)}-{len(self.target)}"

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "source": list(self.source), "target": list(self.target), "score": round(self.score, 4)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bead:
        return cls(
            level=data["level"],
            source=tuple(data["source"]),
            target=tuple(data["target"]),
            score=float(data["score"]),
        )


@dataclass(frozen=True)
class Alignment:
    """Two documents and the beads between them (block beads first, then sentence beads)."""

    source: Document
    target: Document
    beads: tuple[Bead, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def beads_at(self, level: str) -> tuple[Bead, ...]:
        return tuple(b for b in self.beads if b.level == level)

    def source_text(self, bead: Bead) -> str:
        return _joined(self.source, bead.source, bead.level)

    def target_text(self, bead: Bead) -> str:
        return _joined(self.target, bead.target, bead.level)

    @property
    def mean_score(self) -> float:
        """Mean score of the two-sided sentence beads (block beads where there are none)."""
        beads = [b for b in self.beads_at("sentence") if not b.one_sided] or [b for b in self.beads if not b.one_sided]
        return sum(b.score for b in beads) / len(beads) if beads else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": ALIGNMENT_VERSION,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "beads": [b.to_dict() for b in self.beads],
            "meta": dict(self.meta),
        }

    def to_json(self) -> str:
        """The alignment file: one block and one bead a line."""
        return readable_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: Any) -> Alignment:
        """An alignment from parsed JSON, checked by the one validator (toolkit.validate) first."""
        from toolkit.validate import alignment_problem

        problem = alignment_problem(data)
        if problem is not None:
            raise SrcalignError(problem)
        return cls._from_valid(data)

    @classmethod
    def _from_valid(cls, data: dict[str, Any]) -> Alignment:
        return cls(
            source=Document.from_dict(data["source"]),
            target=Document.from_dict(data["target"]),
            beads=tuple(Bead.from_dict(b) for b in data["beads"]),
            meta=dict(data.get("meta") or {}),
        )

    @classmethod
    def from_json(cls, text: str, name: str = "alignment file") -> Alignment:
        """Parse and validate an alignment file; a broken one is SrcalignError('<name>: <first problem>')."""
        from toolkit.validate import parse_alignment

        return cls._from_valid(parse_alignment(text, name))


def _joined(document: Document, ids: tuple[str, ...], level: str) -> str:
    if level == "block":
        return " ".join(document.block(i).text for i in ids)
    return " ".join(document.sentence(i).text for i in ids)
