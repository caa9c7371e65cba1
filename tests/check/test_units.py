"""Aligned units: sentence beads where the alignment has them, block beads elsewhere, no portal lines."""

from __future__ import annotations

from tests.check.seed import pair_alignment, seed_alignment
from toolkit.alignment import Bead
from toolkit.check import check_alignment
from toolkit.check.units import aligned_units


def test_block_units_skip_one_sided_and_portal_beads():
    units = aligned_units(seed_alignment())
    assert len(units) == 22
    assert (units[0].source_ids, units[0].target_ids) == (("b2",), ("b1",))
    assert all(u.level == "block" for u in units)


def test_sentence_beads_replace_their_block_bead(termbase):
    sentence_beads = (
        Bead("sentence", ("b3.s1",), ("b2.s1",), 0.9),
        Bead("sentence", ("b3.s2",), ("b2.s2",), 0.9),
    )
    units = aligned_units(seed_alignment(sentence_beads))
    assert [(u.source_ids, u.target_ids) for u in units[1:3]] == [(("b3.s1",), ("b2.s1",)), (("b3.s2",), ("b2.s2",))]
    assert len(units) == 23
    findings = check_alignment(seed_alignment(sentence_beads), termbase)
    wrong = next(f for f in findings if f.code == "term_wrong" and f.source_text == "Đoàn kiểm tra")
    assert wrong.source_ids == ("b3.s1",) and wrong.target_ids == ("b2.s1",)


def test_sentence_only_alignment(termbase):
    alignment = pair_alignment([("Đồng chí Lê Minh Hưng phát biểu.", "Genosse Le Minh Hung sprach.")], sentences=True)
    (finding,) = [f for f in check_alignment(alignment, termbase) if f.kind == "name"]
    assert finding.source_ids == ("b1.s1",) and finding.target_ids == ("b1.s1",)
