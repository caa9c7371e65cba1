"""Renderings of an alignment for people (tsv, text) and for benchmarks (ladder)."""

from __future__ import annotations

from typing import Sequence

from toolkit.alignment import Alignment
from toolkit.align.evaluate import format_ladder


def render_alignment(alignment: Alignment, fmt: str, level: str = "sentence") -> str:
    """'json' (the alignment file), 'tsv' or 'text' (source, target, score per bead at `level`)."""
    if fmt == "json":
        return alignment.to_json() + "\n"
    beads = alignment.beads_at(level)
    if fmt == "tsv":
        rows = ["source_ids\ttarget_ids\tscore\tsource\ttarget"]
        for b in beads:
            rows.append(
                "\t".join(
                    (
                        " ".join(b.source),
                        " ".join(b.target),
                        f"{b.score:.3f}",
                        alignment.source_text(b).replace("\t", " "),
                        alignment.target_text(b).replace("\t", " "),
                    )
                )
            )
        return "\n".join(rows) + "\n"
    if fmt == "text":
        parts = []
        for b in beads:
            parts.append(
                f"[{b.shape} {b.score:.2f}] {' '.join(b.source) or '-'} ↔ {' '.join(b.target) or '-'}\n"
                f"  vi: {alignment.source_text(b) or '—'}\n  de: {alignment.target_text(b) or '—'}\n"
            )
        return "\n".join(parts)
    raise ValueError(f"unknown format {fmt!r}")


def render_ladder(beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> str:
    return format_ladder(beads)
