"""Terms: wrong (error), not preferred (info), several renderings (warning); inflection; user termbases."""

from __future__ import annotations

from tests.check.seed import pair_alignment
from toolkit.check import check_alignment
from toolkit.check.terms import term_pairings
from toolkit.check.units import aligned_units
from toolkit.termbase import load_termbase


def _terms(findings, code=None):
    return [f for f in findings if f.kind == "term" and (code is None or f.code == code)]


def test_known_wrong_rendering_is_an_error(termbase):
    alignment = pair_alignment([("Trung ương cần hỗ trợ tỉnh.", "Die Zentralregierung muss die Provinz unterstützen.")])
    (finding,) = _terms(check_alignment(alignment, termbase))
    assert (finding.code, finding.severity, finding.source_text, finding.target_text) == (
        "term_wrong", "error", "Trung ương", "Zentralregierung",
    )
    assert finding.suggestion == "Zentralkomitee" and "Chính phủ" in finding.message


def test_inflected_preferred_rendering_is_fine(termbase):
    alignment = pair_alignment(
        [
            ("Ủy viên Bộ Chính trị phát biểu.", "Das Mitglied des Politbüros sprach."),
            ("Trưởng Ban Tổ chức Trung ương đến.", "Der Leiter der Zentralen Organisationskommission kam."),
            ("Ban Tổ chức Trung ương họp.", "Die Zentrale Organisationskommission tagte."),
        ]
    )
    assert _terms(check_alignment(alignment, termbase)) == []


def test_one_term_rendered_several_ways_is_a_warning_with_counts(termbase):
    alignment = pair_alignment(
        [
            ("Trưởng Ban Tổ chức Trung ương đến.", "Der Leiter der Zentralen Organisationskommission kam."),
            ("Ban Tổ chức Trung ương họp.", "Das Zentrale Organisationskomitee tagte."),
            ("Ban Tổ chức Trung ương kết luận.", "Das Zentrale Organisationskomitee schloss."),
        ]
    )
    (several,) = _terms(check_alignment(alignment, termbase))  # one problem, reasons merged, worst severity
    assert several.codes == ("term_wrong", "term_inconsistent") and several.severity == "error"
    assert len(several.occurrences) == 3
    assert [o.status for o in several.occurrences] == ["preferred", "wrong", "wrong"]
    assert "\"Zentrales Organisationskomitee\" (2×, wrong)" in several.message
    assert "\"Zentrale Organisationskommission\" (1×, preferred)" in several.message
    assert several.suggestion == "Zentrale Organisationskommission"


def test_variant_is_info_and_consistent_variant_is_not_a_warning(termbase):
    alignment = pair_alignment(
        [
            ("Đoàn kiểm tra làm việc.", "Das Inspektionsteam arbeitete."),
            ("Đoàn kiểm tra đề nghị.", "Das Inspektionsteam forderte."),
        ]
    )
    findings = _terms(check_alignment(alignment, termbase))
    assert [(f.code, f.severity, len(f.occurrences)) for f in findings] == [("term_not_preferred", "info", 2)]


def test_nfd_and_tone_placement_in_the_source(termbase):
    import unicodedata

    alignment = pair_alignment([(unicodedata.normalize("NFD", "Uỷ ban Kiểm tra Tỉnh uỷ họp."), "Das Inspektionskomitee des Provinzparteikomitees tagte.")])
    (finding,) = _terms(check_alignment(alignment, termbase))
    assert finding.code == "term_wrong" and finding.target_text == "Inspektionskomitee des Provinzparteikomitees"


def test_shared_german_word_goes_to_the_nearer_source_term(termbase):
    alignment = pair_alignment(
        [("Thực hiện các chỉ thị của Trung ương và cơ chế, chính sách hỗ trợ doanh nghiệp.",
          "Umsetzung der Richtlinien des Zentralkomitees und Richtlinien und Mechanismen zur Unterstützung von Unternehmen.")]
    )
    pairs = {(p.entry.source, p.target_text, p.status) for p in term_pairings(aligned_units(alignment), termbase)}
    assert ("Chỉ thị", "Richtlinien", "variant") in pairs and ("chính sách", "Richtlinien", "wrong") in pairs


def test_a_user_tsv_changes_the_result(tmp_path, termbase):
    alignment = pair_alignment([("Đoàn kiểm tra số 1920 làm việc với tỉnh.", "Die Arbeitsgruppe Nr. 1920 arbeitete mit der Provinz.")])
    assert [f.code for f in _terms(check_alignment(alignment, termbase))] == ["term_wrong"]
    house = tmp_path / "house.tsv"
    house.write_text("Đoàn kiểm tra\t\tArbeitsgruppe\tInspektionsgruppe\t\tterm\thouse style\n", encoding="utf-8")
    assert _terms(check_alignment(alignment, load_termbase([house]))) == []  # the house rendering is now preferred
    strict = tmp_path / "strict.tsv"
    strict.write_text("tỉnh\t\tProvinz\t\tLand\tinstitution\n", encoding="utf-8")
    alignment = pair_alignment([("Đoàn kiểm tra làm việc với tỉnh.", "Die Inspektionsgruppe arbeitete mit dem Land.")])
    assert _terms(check_alignment(alignment, termbase)) == []
    (finding,) = _terms(check_alignment(alignment, load_termbase([strict])))
    assert (finding.code, finding.target_text, finding.suggestion) == ("term_wrong", "Land", "Provinz")
