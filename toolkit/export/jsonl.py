"""JSON Lines for corpus tools: one bead per line, every bead of the level, with flags to filter on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from toolkit.alignment import Alignment
from toolkit.export.base import ExportPlan, ExportUnit, RenderedExport, plan_export, without_surrogates
from toolkit.findings import Finding
from toolkit.jsonformat import json_line


def render_jsonl(
    alignment: Alignment, findings: Sequence[Finding] = (), *, level: str = "sentence", plan: ExportPlan | None = None
) -> RenderedExport:
    """JSONL bytes; boilerplate and one-sided beads are included and flagged, so nothing is hidden."""
    plan = plan or plan_export(alignment, list(findings), level)
    lines = [json_line(_record(unit, alignment)) for unit in plan.units]
    text = without_surrogates("".join(line + "\n" for line in lines))
    return RenderedExport("jsonl", text.encode("utf-8"), len(lines))


def _record(unit: ExportUnit, alignment: Alignment) -> dict[str, Any]:
    return {
        "index": unit.index,
        "level": unit.bead.level,
        "source_lang": alignment.source.lang,
        "target_lang": alignment.target.lang,
        "source_ids": list(unit.bead.source),
        "target_ids": list(unit.bead.target),
        "source": unit.source_text,
        "target": unit.target_text,
        "score": round(unit.bead.score, 4),
        "shape": unit.bead.shape,
        "source_kinds": list(unit.source_kinds),
        "target_kinds": list(unit.target_kinds),
        "boilerplate": unit.boilerplate,
        "findings": [
            {k: v for k, v in f.to_dict().items() if k in ("kind", "code", "severity", "source_text", "target_text", "message", "suggestion")}
            for f in unit.findings
        ],
    }
