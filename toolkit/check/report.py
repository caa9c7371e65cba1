"""Findings as an editor reads them: text (errors first, every place), JSON, and the QA report
(TSV, XLSX, HTML) with one row per occurrence and the sentence context of both sides.

The QA report is what Xbench and CheckMate reports are used as: sorted and filtered in a
spreadsheet, each row one place with the id of its finding, so a row can be decided on
(`srcalign check --ignore ID`).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

from toolkit.findings import SEVERITIES, Finding, Occurrence, findings_to_json

FORMATS: tuple[str, ...] = ("text", "json", "tsv", "html", "xlsx")
KIND_TITLES = {
    "name": "Names",
    "term": "Terms",
    "consistency": "Consistency",
    "number": "Numbers and codes",
    "leftover": "Leftovers",
}
#: One row per occurrence. Offsets are [start, end) characters into the input text; lines are 1-based.
TSV_COLUMNS: tuple[str, ...] = (
    "id", "severity", "kind", "code", "term", "occurrence",
    "source_ids", "source_line", "source_start", "source_end", "source_text", "source_context",
    "target_ids", "target_line", "target_start", "target_end", "target_text", "target_context",
    "status", "message", "suggestion",
)
#: The marks around the string in the TSV context columns (a TSV cell cannot be coloured).
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


@dataclass(frozen=True)
class Tally:
    """What a decisions file kept out of the report."""

    ignored: int = 0
    accepted: int = 0


def render_findings(findings: Sequence[Finding], fmt: str, tally: Tally = Tally(), *, title: str = "") -> str | bytes:
    """The `srcalign check` output in one of FORMATS (bytes for xlsx)."""
    if fmt == "json":
        return findings_to_json(list(findings), ignored=tally.ignored, accepted=tally.accepted) + "\n"
    if fmt == "tsv":
        return render_tsv(findings)
    if fmt == "xlsx":
        return render_xlsx(findings)
    if fmt == "html":
        return render_html(findings, tally, title=title)
    return render_text(findings, tally)


def summary_line(findings: Sequence[Finding], tally: Tally = Tally()) -> str:
    """"27 findings: 7 error, 5 warning, 15 info; ignored: 1"."""
    counts = Counter(f.severity for f in findings)
    parts = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))
    line = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {parts}; ignored: {tally.ignored}"
    return line + (f"; accepted: {tally.accepted}" if tally.accepted else "")


def render_text(findings: Sequence[Finding], tally: Tally = Tally()) -> str:
    """Errors first, then by first occurrence; each finding with its id, reasons, what to write and every place."""
    lines: list[str] = []
    for finding in findings:
        lines.append(f"{finding.severity.upper():8} {finding.id}  {finding.kind}/{finding.code}  {_where(finding.source_ids, finding.target_ids)}")
        lines.append(f"  vi: {finding.source_text or '—'}")
        lines.append(f"  de: {finding.target_text or '—'}")
        lines.append(f"  {finding.message}")
        if finding.suggestion:
            lines.append(f"  write: {finding.suggestion}")
        for occurrence in finding.occurrences:
            lines.append(f"  at {place(occurrence)}")
        lines.append("")
    lines.append(summary_line(findings, tally))
    return "\n".join(lines) + "\n"


def place(o: Occurrence) -> str:
    """'vi line 3 b3.s1 [45:58] "Đoàn kiểm tra" → de line 2 b2.s1 [60:73] "Arbeitsgruppe"'."""

    def side(lang: str, ids: Sequence[str], line: int | None, span: tuple[int, int] | None, text: str) -> str:
        where = f"{lang} line {line} " if line else f"{lang} "
        where += "+".join(ids) or "—"
        if span:
            where += f" [{span[0]}:{span[1]}]"
        return where + (f" \"{text}\"" if text else "")

    return side("vi", o.source_ids, o.source_line, o.source_span, o.source_text) + " → " + side("de", o.target_ids, o.target_line, o.target_span, o.target_text)


def qa_rows(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """One row per occurrence (a finding without occurrences gives one row), in the findings' order."""
    rows: list[dict[str, Any]] = []
    for finding in findings:
        occurrences = finding.occurrences or (
            Occurrence(finding.source_ids, finding.target_ids, finding.source_text, finding.target_text),
        )
        for number, o in enumerate(occurrences, start=1):
            rows.append(
                {
                    "id": finding.id,
                    "severity": finding.severity,
                    "kind": finding.kind,
                    "code": finding.code,
                    "term": finding.term,
                    "occurrence": number,
                    "source_ids": "+".join(o.source_ids),
                    "source_line": o.source_line if o.source_line is not None else "",
                    "source_start": o.source_span[0] if o.source_span else "",
                    "source_end": o.source_span[1] if o.source_span else "",
                    "source_text": o.source_text,
                    "source_context": o.source_context,
                    "source_at": o.source_at,
                    "target_ids": "+".join(o.target_ids),
                    "target_line": o.target_line if o.target_line is not None else "",
                    "target_start": o.target_span[0] if o.target_span else "",
                    "target_end": o.target_span[1] if o.target_span else "",
                    "target_text": o.target_text,
                    "target_context": o.target_context,
                    "target_at": o.target_at,
                    "status": o.status,
                    "message": finding.message,
                    "suggestion": finding.suggestion,
                }
            )
    return rows


def render_tsv(findings: Sequence[Finding]) -> str:
    """TSV_COLUMNS, one row per occurrence; the string is marked ⟦…⟧ in its context."""
    lines = ["\t".join(TSV_COLUMNS)]
    for row in qa_rows(findings):
        cells = dict(row)
        cells["source_context"] = _marked(row["source_context"], row["source_at"])
        cells["target_context"] = _marked(row["target_context"], row["target_at"])
        lines.append("\t".join(_cell(str(cells[c])) for c in TSV_COLUMNS))
    return "\n".join(lines) + "\n"


def render_xlsx(findings: Sequence[Finding]) -> bytes:
    """An Excel workbook (openpyxl): TSV_COLUMNS, the string in bold red inside its context, a filter on every column."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "findings"
    sheet.append(list(TSV_COLUMNS))
    highlight = InlineFont(b=True, color="C00000")
    rows = qa_rows(findings)
    for row in rows:
        sheet.append([_excel_value(row[c]) for c in TSV_COLUMNS])
        line = sheet.max_row
        for column in ("source_context", "target_context"):
            at = row[column.replace("context", "at")]
            text = _clean(row[column])
            if at and text:
                cell = sheet.cell(line, TSV_COLUMNS.index(column) + 1)
                cell.value = CellRichText(
                    *[p for p in (text[: at[0]], TextBlock(highlight, text[at[0] : at[1]]), text[at[1] :]) if p]
                )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"source_context": 60, "target_context": 60, "message": 60, "source_text": 24, "target_text": 24, "term": 24}
    for number, column in enumerate(TSV_COLUMNS, start=1):
        letter = sheet.cell(1, number).column_letter
        sheet.column_dimensions[letter].width = widths.get(column, 12)
        if column in widths:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_html(findings: Sequence[Finding], tally: Tally = Tally(), *, title: str = "") -> str:
    """A self-contained page from the template toolkit/web/templates/qa_report.html (Jinja2, autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("toolkit", "web/templates"), autoescape=select_autoescape(["html"]))
    rows = []
    for row in qa_rows(findings):
        rows.append({**row, "source_parts": _parts(row["source_context"], row["source_at"]), "target_parts": _parts(row["target_context"], row["target_at"])})
    template = environment.get_template("qa_report.html")
    return template.render(
        title=title or "srcalign QA report",
        columns=TSV_COLUMNS,
        rows=rows,
        summary=summary_line(findings, tally),
        severities=Counter(f.severity for f in findings),
    )


def _parts(text: str, at: tuple[int, int] | None) -> tuple[str, str, str]:
    """(before, the string, after) for highlighting; all of it before when the string has no place."""
    if not at:
        return (text, "", "")
    return (text[: at[0]], text[at[0] : at[1]], text[at[1] :])


def _marked(text: str, at: tuple[int, int] | None) -> str:
    before, marked, after = _parts(text, at)
    return f"{before}{MARK_OPEN}{marked}{MARK_CLOSE}{after}" if marked else before


def _where(source_ids: Sequence[str], target_ids: Sequence[str]) -> str:
    return f"vi {'+'.join(source_ids) or '—'} → de {'+'.join(target_ids) or '—'}"


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _clean(text: str) -> str:
    """Control characters an XLSX cell cannot hold are left out."""
    return text.translate(_ILLEGAL)


def _excel_value(value: Any) -> Any:
    return _clean(value) if isinstance(value, str) else value
