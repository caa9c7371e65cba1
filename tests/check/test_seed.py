"""The issue's "done when" on the bundled seed pair (hand-made block alignment)."""

from __future__ import annotations

import pytest

from tests.check.seed import seed_alignment
from toolkit.check import check_alignment


@pytest.fixture(scope="module")
def findings(termbase):
    return check_alignment(seed_alignment(), termbase)


def test_every_name_with_dropped_diacritics(findings):
    dropped = {f.source_text for f in findings if f.code == "diacritics_dropped"}
    assert dropped == {
        "Lê Minh Hưng", "Hầu A Lềnh", "Thào Hồng Sơn", "Phan Huy Ngọc", "Nguyễn Quang Dương", "Trần Quang Minh",
        "Hà Giang", "Tuyên Quang", "Thanh Thủy", "VĂN NGHỊ",
    }


def test_every_institution_rendered_several_ways(findings):
    several = {f.term: f.message for f in findings if "term_inconsistent" in f.codes}
    assert {"Ban Tổ chức Trung ương", "Đoàn kiểm tra", "Ban Thường vụ Tỉnh ủy", "UBND tỉnh"} <= set(several)
    assert "Zentrales Organisationskomitee" in several["Ban Tổ chức Trung ương"]
    assert all(w in several["Đoàn kiểm tra"] for w in ("Arbeitsgruppe", "Inspektionsteam", "Inspektionsgruppe"))
    centre = next(m for s, m in several.items() if s == "Trung ương")
    assert all(w in centre for w in ("Zentralregierung", "Zentrale", "Zentralkomitee"))


def test_known_wrong_renderings(findings):
    wrong = {o.target_text for f in findings if f.code == "term_wrong" for o in f.occurrences if o.status == "wrong"}
    assert {"Zentralregierung", "Nachahmerbewegungen", "Arbeitsgruppe", "Zentralen Organisationskomitees", "Richtlinien"} <= wrong


def test_double_use_of_richtlinie_is_a_reason_of_the_wrong_rendering(findings):
    # the consistency finding restated the term finding for chính sách: it is one of its reasons now
    (double,) = [f for f in findings if "same_target_different_sources" in f.codes]
    assert double.term == "chính sách" and double.code == "term_wrong"
    assert "Chỉ thị" in double.message and "\"Richtlinie\" is listed as wrong" in double.message
    assert [f for f in findings if f.kind == "consistency"] == []


def test_one_finding_per_problem_errors_first(findings):
    # 10 names, 15 terms (the consistency finding is a reason of chính sách), 2 codes
    assert len(findings) == 27 and len({f.id for f in findings}) == 27
    assert len({f.term for f in findings if f.kind == "term"}) == 15
    ranks = ["error", "warning", "info"]
    assert [ranks.index(f.severity) for f in findings] == sorted(ranks.index(f.severity) for f in findings)
    (centre,) = [f for f in findings if f.term == "Đoàn kiểm tra"]
    assert centre.codes == ("term_wrong", "term_inconsistent", "term_not_preferred") and centre.severity == "error"
    assert "rendered 3 ways" in centre.message and "\"Arbeitsgruppe\" is listed as wrong" in centre.message
    assert "preferred: Inspektionsgruppe" in centre.message


def test_no_false_number_or_leftover_alarms(findings):
    assert [f.code for f in findings if f.kind == "number"] == ["code_incomplete", "code_incomplete"]
    assert [f for f in findings if f.kind == "leftover" or f.code == "name_missing"] == []
