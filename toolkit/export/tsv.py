"""TSV for spreadsheets: one row per non-boilerplate bead (source, target, score, ids, finding count).

Excel-friendly means: UTF-8 with a byte-order mark (without it Excel decodes Vietnamese as
cp1252), CRLF row ends, CSV-style quoting of fields holding quotes, and no tab or line break
inside a field, so one bead is always one row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from toolkit.alignment import Alignment
from toolkit.export.base import ExportPlan, RenderedExport, plan_export, without_surrogates
from toolkit.findings import Finding

HEADER: tuple[str, ...] = ("source", "target", "score", "ids", "finding_count", "finding_ids")
_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def render_tsv(
    alignment: Alignment, findings: Sequence[Finding] = (), *, level: str = "sentence", plan: ExportPlan | None = None
) -> RenderedExport:
    """TSV bytes (UTF-8 with BOM); one-sided beads are kept with an empty cell on the missing side."""
    plan = plan or plan_export(alignment, list(findings), level)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    rows = 0
    for unit in plan.units:
        if unit.boilerplate:
            continue
        rows += 1
        writer.writerow(
            (
                _cell(unit.source_text),
                _cell(unit.target_text),
                f"{unit.bead.score:.4f}",
                unit.ids_label(alignment.source.lang, alignment.target.lang),
                len(unit.findings),
                " ".join(dict.fromkeys(f.id for f in unit.findings)),  # the rows of `check -f tsv|xlsx` to look up
            )
        )
    return RenderedExport("tsv", buffer.getvalue().encode("utf-8-sig"), rows)


def _cell(text: str) -> str:
    return _BREAKS.sub(" ", without_surrogates(text))
