"""Consistency: one German word for two source terms or names; recurring expressions rendered differently."""

from __future__ import annotations

from tests.check.seed import pair_alignment
from toolkit.check import check_alignment


def _consistency(findings):
    return [f for f in findings if f.kind == "consistency"]


def test_one_german_word_for_two_source_terms(termbase):
    alignment = pair_alignment(
        [
            ("Thực hiện Chỉ thị số 35-CT/TW.", "Umsetzung der Richtlinie Nr. 35-CT/TW."),
            ("Trung ương cần ban hành chính sách đối với cán bộ.", "Das Zentralkomitee muss Richtlinien für Kader herausgeben."),
        ]
    )
    findings = check_alignment(alignment, termbase)
    assert _consistency(findings) == []  # it restates the term finding: one of its reasons
    (finding,) = [f for f in findings if f.term == "chính sách"]
    assert finding.codes == ("term_wrong", "same_target_different_sources") and finding.severity == "error"
    assert "\"Chỉ thị\" (1×)" in finding.message and "\"chính sách\" (1×)" in finding.message
    assert finding.suggestion == "Politik" and len(finding.occurrences) == 1


def test_same_word_for_one_source_term_is_fine(termbase):
    alignment = pair_alignment(
        [
            ("Thực hiện Chỉ thị số 35-CT/TW.", "Umsetzung der Richtlinie Nr. 35-CT/TW."),
            ("Chỉ thị số 35 được điều chỉnh.", "Die Richtlinie Nr. 35 wurde angepasst."),
        ]
    )
    assert _consistency(check_alignment(alignment, termbase)) == []


def test_sharing_the_termbase_accepts_is_not_reported(termbase):
    # German says "Sekretär" for both Bí thư and Thư ký; the termbase accepts it for both.
    alignment = pair_alignment(
        [
            ("Bí thư phát biểu.", "Der Sekretär sprach."),
            ("Thư ký Đoàn kiểm tra đọc báo cáo.", "Der Sekretär der Inspektionsgruppe verlas den Bericht."),
        ]
    )
    assert _consistency(check_alignment(alignment, termbase)) == []


def test_two_names_folded_into_one_german_form(termbase):
    alignment = pair_alignment(
        [
            ("Ông Lê Văn Hải phát biểu.", "Herr Le Van Hai sprach."),
            ("Ông Lê Văn Hài trả lời.", "Herr Le Van Hai antwortete."),
        ]
    )
    (finding,) = _consistency(check_alignment(alignment, termbase))
    assert "\"Lê Văn Hải\"" in finding.message and "\"Lê Văn Hài\"" in finding.message


def test_recurring_expression_outside_the_termbase_rendered_two_ways(termbase):
    pairs = [
        ("Ông Tâm làm việc với Ban Quản lý Dự án tại Hà Nội.", "Herr Tam arbeitete mit der Projektverwaltung in Hanoi."),
        ("Sau đó, Ban Quản lý Dự án công bố lịch trình.", "Danach veröffentlichte die Projektverwaltung den Zeitplan."),
        ("Các chuyên gia đánh giá Ban Quản lý Dự án rất cao.", "Die Experten bewerteten das Projektbüro sehr hoch."),
    ]
    (finding,) = _consistency(check_alignment(pair_alignment(pairs), termbase))
    assert finding.code == "divergent_renderings"
    assert "\"Projektverwaltung\" (2×)" in finding.message and "\"Projektbüro\" (1×)" in finding.message
    consistent = pairs[:2] + [(pairs[2][0], "Die Experten bewerteten die Projektverwaltung sehr hoch.")]
    assert _consistency(check_alignment(pair_alignment(consistent), termbase)) == []
