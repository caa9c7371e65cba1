"""Findings as an editor reads them (text, grouped by kind, both sides shown), as TSV, or as JSON."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from toolkit.findings import KINDS, SEVERITIES, Finding, findings_to_json

FORMATS: tuple[str, ...] = ("text", "json", "tsv")
KIND_TITLES = {
    "name": "Names",
    "term": "Terms",
    "consistency": "Consistency",
    "number": "Numbers and codes",
    "leftover": "Leftovers",
}
TSV_COLUMNS: tuple[str, ...] = (
    "kind", "code", "severity", "source_ids", "target_ids", "source_text", "target_text", "message", "suggestion", "occurrences",
)


def render_findings(findings: Sequence[Finding], fmt: str) -> str:
    """The `srcalign check` output in one of FORMATS."""
    if fmt == "json":
        return findings_to_json(list(findings)) + "\n"
    if fmt == "tsv":
        return render_tsv(findings)
    return render_text(findings)


def summary_line(findings: Sequence[Finding]) -> str:
    """"37 findings: 7 error, 12 warning, 18 info"."""
    counts = Counter(f.severity for f in findings)
    parts = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {parts}"


def render_text(findings: Sequence[Finding]) -> str:
    """Grouped by kind; each finding with severity, code, where, both sides, message and what to write."""
    lines: list[str] = []
    for kind in KINDS:
        group = [f for f in findings if f.kind == kind]
        if not group:
            continue
        lines.append(f"== {KIND_TITLES.get(kind, kind)} ({len(group)}) ==")
        for finding in group:
            lines.append(f"{finding.severity.upper():8} {finding.code}  {_where(finding.source_ids, finding.target_ids)}")
            lines.append(f"  vi: {finding.source_text or '—'}")
            lines.append(f"  de: {finding.target_text or '—'}")
            lines.append(f"  {finding.message}")
            if finding.suggestion:
                lines.append(f"  write: {finding.suggestion}")
            if len(finding.occurrences) > 1:
                places = ", ".join(f"{_where(o.source_ids, o.target_ids)} \"{o.target_text}\"" for o in finding.occurrences)
                lines.append(f"  at: {places}")
            lines.append("")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def render_tsv(findings: Sequence[Finding]) -> str:
    """One row per finding, TSV_COLUMNS; occurrences as "src→tgt" places joined by "; "."""
    rows = ["\t".join(TSV_COLUMNS)]
    for f in findings:
        occurrences = "; ".join(_where(o.source_ids, o.target_ids) for o in f.occurrences)
        cells = [f.kind, f.code, f.severity, ",".join(f.source_ids), ",".join(f.target_ids), f.source_text, f.target_text, f.message, f.suggestion, occurrences]
        rows.append("\t".join(_cell(c) for c in cells))
    return "\n".join(rows) + "\n"


def _where(source_ids: Sequence[str], target_ids: Sequence[str]) -> str:
    return f"vi {'+'.join(source_ids) or '—'} → de {'+'.join(target_ids) or '—'}"


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())
