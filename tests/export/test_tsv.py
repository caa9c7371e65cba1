"""TSV for spreadsheets: BOM, header, one row per non-boilerplate bead whatever the text holds."""

from __future__ import annotations

import csv
import io

from tests.export.conftest import with_text
from toolkit.export.tsv import HEADER, render_tsv


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter="\t"))


def test_header_and_rows(seed_alignment, findings):
    rendered = render_tsv(seed_alignment, findings, level="block")
    assert rendered.data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    table = rows(rendered.data)
    assert table[0] == list(HEADER) == ["source", "target", "score", "ids", "finding_count", "finding_ids"]
    assert len(table) - 1 == rendered.units == 23  # title + 22 pairs, portal lines left out
    assert table[1] == ["Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy", "", "0.0000", "vi:b1 de:", "0", ""]
    lead = table[3]
    assert lead[3] == "vi:b3 de:b2" and lead[4] == "2" and lead[2] == "0.9000"
    # each finding on the pair by its id, the key of the QA report's rows (`srcalign check -f tsv|xlsx`)
    assert lead[5].split() and all(i.startswith("F") and len(i) == 11 for i in lead[5].split())
    assert b"\r\n" in rendered.data


def test_tabs_line_breaks_and_quotes_stay_in_one_cell(seed_alignment):
    tricky = with_text(seed_alignment, "target", "b2.s1", 'Er sagte "ja"\tund\ndann\r\nnichts.')
    table = rows(render_tsv(tricky, level="sentence").data)
    row = next(r for r in table if r[3] == "vi:b3.s1 de:b2.s1")
    assert row[1] == 'Er sagte "ja" und dann nichts.'
    assert all(len(r) == 6 for r in table)
