"""The QA report: xlsx read back with openpyxl, html rendered in headless chromium, both with context."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from tests.check.seed import seed_alignment
from tests.export.conftest import needs_chromium, run_chromium
from tests.test_cli import run_cli
from toolkit.check.report import TSV_COLUMNS


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qa")
    path = folder / "alignment.json"
    path.write_text(seed_alignment().to_json(), encoding="utf-8")
    findings = json.loads(run_cli("check", str(path), "-f", "json", cwd=folder).stdout)["findings"]
    return folder, path, findings


def test_xlsx_one_row_per_occurrence_with_highlighted_context(checked):
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText

    folder, path, findings = checked
    out = folder / "qa.xlsx"
    result = run_cli("check", str(path), "-f", "xlsx", "-o", str(out), cwd=folder)
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out, rich_text=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(TSV_COLUMNS)
    assert len(rows) - 1 == sum(len(f["occurrences"]) for f in findings)
    assert sheet.auto_filter.ref == sheet.dimensions  # sortable and filterable as it opens
    col = {name: k for k, name in enumerate(TSV_COLUMNS)}
    wrong = next(r for r in rows[1:] if r[col["term"]] == "Đoàn kiểm tra" and str(r[col["target_text"]]) == "Arbeitsgruppe")
    assert wrong[col["severity"]] == "error" and wrong[col["status"]] == "wrong"
    context = wrong[col["target_context"]]
    assert isinstance(context, CellRichText)
    bold = [block for block in context if not isinstance(block, str)]
    assert [block.text for block in bold] == ["Arbeitsgruppe"] and bold[0].font.b
    assert "die Arbeitsgruppe Nr. 1920 des Politbüros" in str(context)
    assert "Đoàn kiểm tra số 1920 của Bộ Chính trị" in str(wrong[col["source_context"]])
    assert isinstance(wrong[col["target_line"]], int) and wrong[col["target_line"]] == 2


@needs_chromium
def test_html_renders_in_chromium_with_context_columns(checked, tmp_path):
    folder, path, findings = checked
    out = folder / "qa.html"
    result = run_cli("check", str(path), "-f", "html", "--severity", "warning", "-o", str(out), cwd=folder)
    assert result.returncode == 0, result.stderr
    dom = run_chromium(tmp_path / "profile", "--dump-dom", out.as_uri())
    assert dom.returncode == 0, dom.stderr
    page = lxml_html.fromstring(dom.stdout)
    rows = page.xpath("//table[@id='qa']/tbody/tr")
    wanted = [f for f in findings if f["severity"] in ("error", "warning")]
    assert len(rows) == sum(len(f["occurrences"]) for f in wanted)
    assert {r.get("class") for r in rows} == {"error", "warning"}  # --severity warning: no info rows
    row = next(r for r in rows if r.xpath("string(td[@class='term'])") == "Đoàn kiểm tra" and r.xpath("string(.//td[contains(@class,'target-context')]/mark)") == "Arbeitsgruppe")
    assert "die Arbeitsgruppe Nr. 1920 des Politbüros" in row.xpath("string(td[contains(@class,'target-context')])")
    assert row.xpath("string(td[contains(@class,'source-context')]/mark)") == "Đoàn kiểm tra"
    assert "Đoàn kiểm tra số 1920 của Bộ Chính trị" in row.xpath("string(td[contains(@class,'source-context')])")
    assert "ignored: 0" in page.xpath("string(//p[@id='summary'])")


def test_html_escapes_the_texts(tmp_path):
    from toolkit.check.report import render_html
    from toolkit.findings import Finding, Occurrence

    occurrence = Occurrence(("b1",), ("b1",), "x", "<script>", source_context="x", target_context="a <script> b", target_at=(2, 10))
    page = render_html([Finding("leftover", "portal_artefact", "warning", "", "<script>", ("b1",), ("b1",), "m", occurrences=(occurrence,))])
    assert "<mark>&lt;script&gt;</mark>" in page and "<script>" not in page.split("<body>")[1]


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    from toolkit.check.report import render_xlsx
    from toolkit.findings import Finding, Occurrence

    occurrence = Occurrence(("b1",), ("b1",), "", "=HYPERLINK(\"x\")", target_context="=HYPERLINK(\"x\") steht da", target_at=(0, 15))
    finding = Finding("leftover", "portal_artefact", "warning", "", "=HYPERLINK(\"x\")", ("b1",), ("b1",), "m", occurrences=(occurrence,))
    (tmp_path / "f.xlsx").write_bytes(render_xlsx([finding]))
    sheet = load_workbook(tmp_path / "f.xlsx").active
    cell = sheet.cell(2, TSV_COLUMNS.index("target_text") + 1)
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"
