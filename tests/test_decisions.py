"""Decisions file: read, append, match by id or by source term and rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.decisions import COLUMNS, Decision, append_decision, decision_for_finding, read_decisions
from toolkit.errors import SrcalignError
from toolkit.findings import Finding, Occurrence


def _finding(term: str = "Đoàn kiểm tra", rendering: str = "Arbeitsgruppe") -> Finding:
    occurrence = Occurrence(("b3.s1",), ("b2.s1",), term, rendering)
    return Finding("term", "term_wrong", "error", term, rendering, ("b3.s1",), ("b2.s1",), "wrong", "Inspektionsgruppe", (occurrence,))


def test_missing_file_is_no_decisions(tmp_path: Path) -> None:
    assert len(read_decisions(tmp_path / "decisions.tsv")) == 0
    assert len(read_decisions(None)) == 0


def test_append_writes_header_and_rows_that_read_back(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "decisions.tsv"
    finding = _finding()
    append_decision(path, decision_for_finding(finding, "ignore", "house style\tallows it"))
    append_decision(path, Decision("", "chính sách", "Politik", "accept", "fine"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "\t".join(COLUMNS) == "id\tsource\trendering\tdecision\treason\tdate"
    assert len(lines) == 3
    decisions = read_decisions(path)
    assert [d.decision for d in decisions.items] == ["ignore", "accept"]
    assert decisions.items[0].id == finding.id and decisions.items[0].reason == "house style allows it"
    assert len(decisions.items[0].date) == 10  # YYYY-MM-DD


def test_apply_by_id_and_by_source_and_rendering(tmp_path: Path) -> None:
    path = tmp_path / "decisions.tsv"
    wrong, other = _finding(), _finding("cơ quan", "Agentur")
    append_decision(path, decision_for_finding(wrong, "ignore", "false alarm"))
    append_decision(path, Decision("", "CƠ QUAN", "Agentur", "accept", ""))
    kept, ignored, accepted = read_decisions(path).apply([wrong, other, _finding("Trung ương", "Zentrale")])
    assert [f.term for f in ignored] == ["Đoàn kiểm tra"]
    assert [f.term for f in accepted] == ["cơ quan"]
    assert [f.term for f in kept] == ["Trung ương"]


def test_bad_decision_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "decisions.tsv"
    path.write_text("id\tsource\trendering\tdecision\treason\tdate\nF0123456789\tx\ty\tmaybe\t\t\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match=r"decisions.tsv: line 2: unknown decision 'maybe'"):
        read_decisions(path)


def test_finding_id_is_stable_and_ignores_order_and_case() -> None:
    a = _finding()
    b = Finding.from_dict(a.to_dict())
    assert a.id == b.id and a.id.startswith("F") and len(a.id) == 11
    two = Finding("term", "term_wrong", "error", "x", "A", (), (), "m", renderings=("A", "B"))
    assert two.id == Finding("term", "term_wrong", "error", "X", "b", (), (), "m", renderings=("b", "a")).id
    assert two.id != Finding("term", "term_inconsistent", "error", "x", "A", (), (), "m", renderings=("A", "B")).id
