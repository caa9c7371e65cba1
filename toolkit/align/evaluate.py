"""Ladder files and the strict/lax precision, recall and F1 of Thompson & Koehn (2019)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

from toolkit.errors import SrcalignError

Ladder = list[tuple[tuple[int, ...], tuple[int, ...]]]
_LADDER_LINE = regex.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def parse_ladder(text: str) -> Ladder:
    """Vecalign-style beads, one per line: "[0, 1]:[2]" (optionally followed by a score)."""
    beads: Ladder = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LADDER_LINE.match(line)
        if not match:
            raise SrcalignError(f"ladder line {number} is not of the form [i, j]:[k]: {line[:60]!r}")
        beads.append((_ints(match.group(1)), _ints(match.group(2))))
    return beads


def format_ladder(beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> str:
    return "".join(f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]\n" for s, t in beads)


def _ints(group: str) -> tuple[int, ...]:
    return tuple(int(x) for x in group.replace(",", " ").split())


@dataclass(frozen=True)
class AlignmentScores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def _counts(gold: Ladder, test: Ladder) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of `test` beads judged against `gold`."""
    gold_set = {(s, t) for s, t in gold if s or t}
    test_set = {(s, t) for s, t in test if s or t}
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for s, t in gold_set:
        for i in s:
            gold_targets[i].update(t)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        targets = set(t)
        if any(gold_targets[i] & targets for i in s):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def score_alignments(golds: Sequence[Ladder], tests: Sequence[Ladder]) -> AlignmentScores:
    """Micro-averaged over documents, as Vecalign's and Bertalign's scorers do.

    Precision judges every test bead (insertions and deletions included); recall is the same
    count with the roles swapped and one-sided beads left out of both.
    """
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests):
        for k, v in enumerate(_counts(gold, test)):
            p[k] += v
        two_sided_test = [(s, t) for s, t in test if s and t]
        two_sided_gold = [(s, t) for s, t in gold if s and t]
        for k, v in enumerate(_counts(two_sided_test, two_sided_gold)):
            r[k] += v

    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    def f1(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    sp, sr = ratio(p[0], p[1]), ratio(r[0], r[1])
    lp, lr = ratio(p[2], p[3]), ratio(r[2], r[3])
    return AlignmentScores(sp, sr, f1(sp, sr), lp, lr, f1(lp, lr))
