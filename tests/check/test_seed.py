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
    several = {f.occurrences[0].source_text: f.message for f in findings if f.code == "term_inconsistent"}
    assert {"Ban Tổ chức Trung ương", "Đoàn kiểm tra", "Ban Thường vụ Tỉnh ủy", "UBND tỉnh"} <= set(several)
    assert "Zentrales Organisationskomitee" in several["Ban Tổ chức Trung ương"]
    assert all(w in several["Đoàn kiểm tra"] for w in ("Arbeitsgruppe", "Inspektionsteam", "Inspektionsgruppe"))
    centre = next(m for s, m in several.items() if s == "Trung ương")
    assert all(w in centre for w in ("Zentralregierung", "Zentrale", "Zentralkomitee"))


def test_known_wrong_renderings(findings):
    wrong = {f.target_text for f in findings if f.code == "term_wrong"}
    assert {"Zentralregierung", "Nachahmerbewegungen", "Arbeitsgruppe", "Zentralen Organisationskomitees", "Richtlinien"} <= wrong


def test_double_use_of_richtlinie(findings):
    (double,) = [f for f in findings if f.code == "same_target_different_sources"]
    assert double.target_text.startswith("Richtlinie") and "Chỉ thị" in double.message and "chính sách" in double.message


def test_no_false_number_or_leftover_alarms(findings):
    assert [f.code for f in findings if f.kind == "number"] == ["code_incomplete", "code_incomplete"]
    assert [f for f in findings if f.kind == "leftover" or f.code == "name_missing"] == []
