"""The check report: text grouped by kind with both sides, TSV rows, JSON findings."""

from __future__ import annotations

from tests.check.seed import pair_alignment
from toolkit.check import at_or_above, check_alignment
from toolkit.check.report import TSV_COLUMNS, render_findings
from toolkit.findings import findings_from_json


def _findings(termbase):
    return check_alignment(
        pair_alignment([("Đồng chí Lê Minh Hưng đề xuất với Trung ương.", "Genosse Le Minh Hung schlug der Zentralregierung vor.")]),
        termbase,
    )


def test_text_is_grouped_by_kind_with_both_sides(termbase):
    text = render_findings(_findings(termbase), "text")
    assert text.index("== Names (1) ==") < text.index("== Terms (1) ==")
    assert "  vi: Lê Minh Hưng\n  de: Le Minh Hung\n" in text
    assert "ERROR    term_wrong  vi b1 → de b1" in text
    assert text.rstrip().endswith("2 findings: 1 error, 0 warning, 1 info")


def test_tsv_and_json(termbase):
    findings = _findings(termbase)
    rows = render_findings(findings, "tsv").splitlines()
    assert rows[0].split("\t") == list(TSV_COLUMNS) and len(rows) == 3
    assert all(len(r.split("\t")) == len(TSV_COLUMNS) for r in rows)
    assert findings_from_json(render_findings(findings, "json")) == findings


def test_at_or_above(termbase):
    findings = _findings(termbase)
    assert [f.severity for f in at_or_above(findings, "warning")] == ["error"]
    assert len(at_or_above(findings, "info")) == 2
