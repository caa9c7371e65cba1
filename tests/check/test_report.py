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


def test_text_errors_first_with_ids_both_sides_and_places(termbase):
    findings = _findings(termbase)
    text = render_findings(findings, "text")
    # errors before info, whatever the kind (the name's info came first when grouped by kind)
    assert text.index("term/term_wrong") < text.index("name/diacritics_dropped")
    assert f"ERROR    {findings[0].id}  term/term_wrong  vi b1 → de b1" in text
    assert "  vi: Lê Minh Hưng\n  de: Le Minh Hung\n" in text
    assert '  at vi line 1 b1 [9:21] "Lê Minh Hưng" → de line 1 b1 [8:20] "Le Minh Hung"' in text
    assert text.rstrip().endswith("2 findings: 1 error, 0 warning, 1 info; ignored: 0")


def test_tsv_and_json(termbase):
    findings = _findings(termbase)
    rows = render_findings(findings, "tsv").splitlines()
    assert rows[0].split("\t") == list(TSV_COLUMNS) and len(rows) == 3
    assert all(len(r.split("\t")) == len(TSV_COLUMNS) for r in rows)
    first = dict(zip(TSV_COLUMNS, rows[1].split("\t")))
    assert first["id"] == findings[0].id and first["target_context"] == "Genosse Le Minh Hung schlug der ⟦Zentralregierung⟧ vor."
    assert findings_from_json(render_findings(findings, "json")) == findings


def test_at_or_above(termbase):
    findings = _findings(termbase)
    assert [f.severity for f in at_or_above(findings, "warning")] == ["error"]
    assert len(at_or_above(findings, "info")) == 2
