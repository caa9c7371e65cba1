"""Exports: an Alignment and its findings as TMX, XLIFF, TSV, JSONL, the review page and a TBX term list.

`render_export` makes one format in memory, `write_export` writes it atomically, and
`write_exports` writes all of them into one folder (what `srcalign run` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from toolkit.alignment import Alignment
from toolkit.export.base import (
    DEFAULT_THRESHOLD,
    DroppedCharacter,
    ExportPlan,
    ExportResult,
    RenderedExport,
    plan_export,
    read_alignment,
    read_findings,
    utc_now,
    write_rendered,
)
from toolkit.export.html import render_review
from toolkit.export.jsonl import render_jsonl
from toolkit.export.tbx import render_tbx_from_findings
from toolkit.export.tmx import render_tmx
from toolkit.export.tsv import render_tsv
from toolkit.export.xliff import render_xliff
from toolkit.errors import SrcalignError
from toolkit.findings import Finding

FORMATS: tuple[str, ...] = ("tmx", "xliff", "tsv", "jsonl", "html", "tbx")
#: The file each format gets in an output folder.
FILENAMES = MappingProxyType(
    {
        "tmx": "alignment.tmx",
        "xliff": "alignment.xlf",
        "tsv": "alignment.tsv",
        "jsonl": "alignment.jsonl",
        "html": "review.html",
        "tbx": "terms.tbx",
    }
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "FILENAMES",
    "FORMATS",
    "DroppedCharacter",
    "ExportResult",
    "RenderedExport",
    "read_alignment",
    "read_findings",
    "render_export",
    "write_export",
    "write_exports",
]


def render_export(
    alignment: Alignment,
    findings: Sequence[Finding],
    fmt: str,
    *,
    level: str = "sentence",
    threshold: float = DEFAULT_THRESHOLD,
    created: datetime | None = None,
    plans: dict[str, ExportPlan] | None = None,
    min_score: float | None = None,
    skip_flagged: bool = False,
) -> RenderedExport:
    """One format in memory. `level` picks block or sentence beads (the review page shows both).

    `plans` (level → ExportPlan) lets several formats of one alignment share the work of
    placing beads and findings; missing levels are planned here and added to it.
    `min_score` and `skip_flagged` leave pairs out of a TMX (a translation memory takes only
    pairs it can trust); the other formats show every bead, so they refuse these options.
    """
    if fmt != "tmx" and (min_score is not None or skip_flagged):
        raise SrcalignError(f"--min-score and --skip-flagged select pairs for a TMX; the {fmt} export shows every bead")
    plans = {} if plans is None else plans
    if fmt in ("tmx", "xliff", "tsv", "jsonl") and level not in plans:
        plans[level] = plan_export(alignment, list(findings), level)
    if fmt == "tmx":
        return render_tmx(
            alignment, findings, level=level, created=created, plan=plans[level], min_score=min_score, skip_flagged=skip_flagged
        )
    if fmt == "xliff":
        return render_xliff(alignment, findings, level=level, threshold=threshold, created=created, plan=plans[level])
    if fmt == "tsv":
        return render_tsv(alignment, findings, level=level, plan=plans[level])
    if fmt == "jsonl":
        return render_jsonl(alignment, findings, level=level, plan=plans[level])
    if fmt == "html":
        return render_review(alignment, findings, threshold=threshold, created=created, plans=plans)
    if fmt == "tbx":
        return render_tbx_from_findings(findings, source_lang=alignment.source.lang, target_lang=alignment.target.lang)
    raise SrcalignError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_export(
    alignment: Alignment,
    findings: Sequence[Finding],
    fmt: str,
    path: str | Path,
    *,
    level: str = "sentence",
    threshold: float = DEFAULT_THRESHOLD,
) -> ExportResult:
    """Render one format and write it atomically: an existing file is replaced whole or not at all."""
    return write_rendered(render_export(alignment, findings, fmt, level=level, threshold=threshold), path)


def write_exports(
    alignment: Alignment,
    findings: Sequence[Finding],
    out_dir: str | Path,
    *,
    level: str = "sentence",
    threshold: float = DEFAULT_THRESHOLD,
    formats: Sequence[str] = FORMATS,
) -> dict[str, ExportResult]:
    """Every format into `out_dir` under FILENAMES, each written atomically.

    All formats are rendered before the first file is written, so bad input leaves no partial set.
    """
    created = utc_now()  # one timestamp for the whole set
    plans: dict[str, ExportPlan] = {}
    rendered = {fmt: render_export(alignment, findings, fmt, level=level, threshold=threshold, created=created, plans=plans) for fmt in formats}
    return {fmt: write_rendered(data, Path(out_dir) / FILENAMES[fmt]) for fmt, data in rendered.items()}
