"""Numbers and codes: on one side only (error), normalised across formats; shortened codes (warning)."""

from __future__ import annotations

import pytest

from tests.check.seed import pair_alignment
from toolkit.check import check_alignment
from toolkit.termbase import load_termbase
from toolkit.check.numbers import number_tokens


def _numbers(vi: str, de: str, termbase):
    return [f for f in check_alignment(pair_alignment([(vi, de)]), termbase) if f.kind == "number"]


@pytest.mark.parametrize(
    "vi, de",
    [
        ("Sáng 17/3, đoàn làm việc.", "Am Morgen des 17. März arbeitete die Gruppe."),
        ("14:34, 17/03/2025", "14:34, 17.03.2025"),
        ("Tăng trưởng đạt 8% trở lên.", "Wachstum von 8 % oder mehr."),
        ("Tăng trưởng đạt 8,5%.", "Wachstum von 8,5 %."),
        ("Nghị quyết của Ban Chấp hành Trung ương Đảng khóa XII.", "Die Resolution des 12. Zentralkomitees der Partei."),
        ("Từ tháng 1/2025, tỉnh đã hợp nhất.", "Seit Januar 2025 hat die Provinz fusioniert."),
        ("Thu hút 1.920 tỷ đồng.", "Es wurden 1920 Milliarden Dong angezogen."),
        ("Thực hiện Nghị quyết số 18-NQ/TW.", "Umsetzung der Resolution Nr. 18-NQ/TW."),
        ("Hoàn thành hai dự án.", "Zwei Projekte wurden abgeschlossen, 2 davon früh."),
        ("Hơn 1,000 người và động đất 7.5 độ.", "Über 1.000 Menschen und ein Beben der Stärke 7,5."),
        ("Trận đấu diễn ra lúc 3 giờ chiều.", "Das Spiel beginnt um 15:00 Uhr."),
    ],
)
def test_same_numbers_in_other_formats_are_fine(vi, de, termbase):
    assert _numbers(vi, de, termbase) == []


def test_missing_number_is_an_error_both_ways(termbase):
    (missing,) = _numbers("Đạt mục tiêu tăng trưởng 8% trong năm 2025.", "Das Wachstumsziel im Jahr 2025 erreichen.", termbase)
    assert (missing.code, missing.severity, missing.source_text) == ("number_missing_in_target", "error", "8%")
    (extra,) = _numbers("Đạt mục tiêu tăng trưởng năm 2025.", "Das Wachstumsziel von 10 % im Jahr 2025 erreichen.", termbase)
    assert (extra.code, extra.target_text) == ("number_missing_in_source", "10 %")


def test_code_shortened_to_its_number_is_a_warning(termbase):
    (finding,) = _numbers("Thực hiện Nghị quyết số 57-NQ/TW.", "Umsetzung der Resolution Nr. 57.", termbase)
    assert (finding.code, finding.severity, finding.source_text, finding.target_text) == ("code_incomplete", "warning", "57-NQ/TW", "57")
    (lost,) = _numbers("Thực hiện Nghị quyết số 57-NQ/TW.", "Umsetzung der Resolution.", termbase)
    assert lost.code == "number_missing_in_target" and "57-NQ/TW" in lost.message


def test_number_tokens_values():
    assert [set(t.values) for t in number_tokens("Kết luận số 118-KL/TW ngày 17/3, khóa XIV", "vi")] == [{"118"}, {"17", "3"}, {"14"}]
    assert [t.code for t in number_tokens("Kết luận số 118-KL/TW", "vi")] == ["118-KL/TW"]
    assert [t.value for t in number_tokens("am 17. März 2025", "de")] == ["17", "3", "2025"]
    assert [set(r) for r in number_tokens("10,000", "vi")[0].readings] == [{"10000"}, {"10"}]
    assert [set(r) for r in number_tokens("15:00", "de")[0].readings] == [{"15"}, {"3"}]


def test_a_changed_amount_is_one_finding_with_both_values():
    # was: two findings, "2.350" missing in the German and "2.530" missing in the source
    alignment = pair_alignment([("Tỉnh có 2.350 hộ nghèo.", "Die Provinz hat 2.530 arme Haushalte.")])
    (finding,) = [f for f in check_alignment(alignment, load_termbase()) if f.kind == "number"]
    assert (finding.code, finding.severity, finding.source_text, finding.target_text) == ("number_changed", "error", "2.350", "2.530")
    assert "\"2.350\" in the source is \"2.530\" in the aligned German" == finding.message


def test_a_changed_amount_is_paired_with_its_like_not_with_the_first_value():
    alignment = pair_alignment([("Năm 2024, tỉnh có 2.350 hộ nghèo, giảm 15%.", "Die Provinz hat 2.530 arme Haushalte.")])
    findings = [f for f in check_alignment(alignment, load_termbase()) if f.kind == "number"]
    assert sorted((f.code, f.source_text, f.target_text) for f in findings) == [
        ("number_changed", "2.350", "2.530"),
        ("number_missing_in_target", "15%", ""),
        ("number_missing_in_target", "2024", ""),
    ]
