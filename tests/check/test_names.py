"""Names: found in Vietnamese, looked up in German; diacritics, two renderings, missing names."""

from __future__ import annotations

from tests.check.seed import pair_alignment
from toolkit.check import check_alignment
from toolkit.check.names import find_names, load_name_lexicon


def _names(findings, code=None):
    return [f for f in findings if f.kind == "name" and (code is None or f.code == code)]


def test_find_names_persons_places_and_bylines(termbase):
    lexicon = load_name_lexicon()
    text = "Chủ tịch HĐND tỉnh Thào Hồng Sơn thăm xã Lũng Cú và tỉnh Hà Giang cùng đồng chí Ly Mí Sình."
    found = [(m.text, m.kind) for m in find_names(text, lexicon, termbase)]
    assert found == [("Thào Hồng Sơn", "person"), ("Lũng Cú", "place"), ("Hà Giang", "place"), ("Ly Mí Sình", "person")]
    assert [(m.text, m.kind) for m in find_names("Tin, ảnh: VĂN NGHỊ", lexicon, termbase, byline=True)] == [("VĂN NGHỊ", "person")]
    # Common words that are also family names do not start a name before a lower-case word.
    assert find_names("Tăng sức hấp dẫn, thu hút đầu tư.", lexicon, termbase) == []
    # A name stops where a termbase term starts.
    assert [m.text for m in find_names("Thủ tướng Phạm Minh Chính phát biểu", lexicon, termbase)] == ["Phạm Minh Chính"]


def test_diacritics_dropped_appears_with_the_full_form(termbase):
    alignment = pair_alignment([("Đồng chí Lê Minh Hưng phát biểu.", "Genosse Le Minh Hung sprach.")])
    (finding,) = _names(check_alignment(alignment, termbase))
    assert (finding.code, finding.severity) == ("diacritics_dropped", "info")
    assert (finding.source_text, finding.target_text, finding.suggestion) == ("Lê Minh Hưng", "Le Minh Hung", "Lê Minh Hưng")
    assert finding.source_ids == ("b1",) and finding.target_ids == ("b1",)
    strict = check_alignment(alignment, termbase, diacritics_severity="error")
    assert _names(strict)[0].severity == "error"


def test_kept_diacritics_and_exonyms_are_not_reported(termbase):
    alignment = pair_alignment(
        [
            ("Đồng chí Lê Minh Hưng phát biểu tại Việt Nam.", "Genosse Lê Minh Hưng sprach in Vietnam."),
            ("Đồng chí Lê Minh Hưng đến thăm Hà Nội.", "Genosse Lê Minh Hưng besuchte Hanoi."),
        ]
    )
    assert _names(check_alignment(alignment, termbase)) == []


def test_hoang_huynh_and_vu_vo_are_spellings_not_errors(termbase):
    alignment = pair_alignment(
        [
            ("Ông Huỳnh Văn Sơn phát biểu.", "Herr Hoàng Văn Sơn sprach."),
            ("Ông Vũ Đức Đam phát biểu.", "Herr Võ Đức Đam sprach."),
        ]
    )
    assert _names(check_alignment(alignment, termbase)) == []


def test_same_name_two_ways_is_a_warning(termbase):
    alignment = pair_alignment(
        [
            ("Đồng chí Lê Minh Hưng phát biểu.", "Genosse Lê Minh Hưng sprach."),
            ("Đồng chí Lê Minh Hưng kết luận.", "Genosse Le Minh Hung schloss."),
        ]
    )
    (two_ways,) = _names(check_alignment(alignment, termbase))  # one problem: one finding, two reasons
    assert two_ways.codes == ("name_inconsistent", "diacritics_dropped")
    assert two_ways.severity == "warning" and len(two_ways.occurrences) == 2
    assert "\"Lê Minh Hưng\" (1×)" in two_ways.message and "\"Le Minh Hung\" (1×)" in two_ways.message
    assert "lost its diacritics" in two_ways.message


def test_name_missing_from_the_aligned_target(termbase):
    alignment = pair_alignment(
        [
            ("Chủ nhiệm Trần Quang Minh thảo luận.", "Der Vorsitzende diskutierte."),
            ("Đồng chí Lê Minh Hưng nói, đồng chí Lê Minh Hưng nhấn mạnh.", "Genosse Le Minh Hung sagte, er betonte."),
        ]
    )
    missing = _names(check_alignment(alignment, termbase), "name_missing")
    assert [(f.source_text, f.source_ids, f.severity) for f in missing] == [("Trần Quang Minh", ("b1",), "warning")]


def test_given_name_only_counts_as_rendered(termbase):
    alignment = pair_alignment([("Đồng chí Lê Minh Hưng phát biểu.", "Genosse Hung sprach.")])
    assert _names(check_alignment(alignment, termbase), "name_missing") == []


def test_places_found_once_are_found_everywhere(termbase):
    alignment = pair_alignment(
        [
            ("Đoàn công tác đến tỉnh Hà Giang.", "Die Delegation besuchte die Provinz Ha Giang."),
            ("Hà Giang tập trung phát triển.", "Ha Giang konzentriert sich auf die Entwicklung."),
        ]
    )
    (finding,) = _names(check_alignment(alignment, termbase))
    assert finding.code == "diacritics_dropped" and len(finding.occurrences) == 2
