"""The Quảng Ninh pair (tests/data/check/): every injected problem found once, nothing else."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from toolkit.align import align_documents
from toolkit.check import check_alignment
from toolkit.segment import segment_file

PAIR = DATA / "check" / "quang-ninh"


@pytest.fixture(scope="module")
def findings(termbase):
    alignment = align_documents(segment_file(PAIR / "source.txt", "vi"), segment_file(PAIR / "article.de.txt", "de"))
    return check_alignment(alignment, termbase)


def test_every_injected_problem_is_found_and_nothing_else(findings):
    found = {(f.kind, f.codes, f.severity, f.term, len(f.occurrences)) for f in findings}
    assert found == {
        ("term", ("term_wrong", "term_inconsistent"), "error", "Ủy ban Kiểm tra Trung ương", 3),
        ("number", ("number_changed", "number_missing_in_target", "number_missing_in_source"), "error", "2.350", 1),
        ("term", ("term_inconsistent", "term_unknown_rendering"), "warning", "Bộ Chính trị", 3),
        ("leftover", ("untranslated_vietnamese",), "warning", "", 1),
        ("name", ("diacritics_dropped",), "info", "Vũ Đình Khải", 2),
    }
    assert [f.severity for f in findings] == ["error", "error", "warning", "warning", "info"]


def test_details_of_the_injected_problems(findings):
    by_term = {f.term: f for f in findings}
    assert by_term["2.350"].target_text == "2.530"
    politburo = by_term["Bộ Chính trị"]
    assert [o.status for o in politburo.occurrences] == ["preferred", "preferred", "unknown"]
    assert politburo.occurrences[2].target_text == "Politische Büro" and politburo.occurrences[2].target_line == 10
    (leftover,) = [f for f in findings if f.kind == "leftover"]
    assert leftover.target_text == "cải cách hành chính" and leftover.occurrences[0].target_line == 5
    text = (PAIR / "article.de.txt").read_text(encoding="utf-8")
    for finding in findings:
        for o in finding.occurrences:
            assert text[o.target_span[0] : o.target_span[1]] == o.target_text


def test_the_inflected_exonym_is_not_reported(findings):
    assert not any("Hà Nội" in f.message or f.code == "name_missing" for f in findings)
