import pytest

from toolkit.align.evaluate import format_ladder, parse_ladder, score_alignments
from toolkit.errors import SrcalignError

GOLD = parse_ladder("[0]:[0]\n[]:[1]\n[1]:[2, 3]\n[2, 3]:[4]\n[4]:[]\n")


def test_ladder_round_trip():
    assert format_ladder(GOLD) == "[0]:[0]\n[]:[1]\n[1]:[2, 3]\n[2, 3]:[4]\n[4]:[]\n"
    with pytest.raises(SrcalignError, match="line 1"):
        parse_ladder("0:1\n")


def test_perfect_alignment_scores_one():
    s = score_alignments([GOLD], [GOLD])
    assert s.strict_f1 == 1.0 and s.lax_f1 == 1.0


def test_strict_and_lax_differ_on_a_split_merge():
    test = parse_ladder("[0]:[0]\n[]:[1]\n[1]:[2]\n[]:[3]\n[2, 3]:[4]\n[4]:[]\n")
    s = score_alignments([GOLD], [test])
    # precision: 5 of 6 test beads exact; [1]:[2] is lax-right, []:[3] is wrong both ways
    assert s.strict_precision == pytest.approx(4 / 6)
    assert s.lax_precision == pytest.approx(5 / 6)
    # recall counts two-sided gold beads only: [0]:[0] and [2,3]:[4] found of 3
    assert s.strict_recall == pytest.approx(2 / 3)
    assert s.lax_recall == pytest.approx(1.0)
