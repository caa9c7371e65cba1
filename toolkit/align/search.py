"""Dynamic programming over beads (0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1; for paragraphs also
2-3, 3-2, 2-4, 4-2; 1-4 and 4-1 where the model prices them: model.bead_types) within a band.

Small inputs get the full table. Long ones are aligned coarse-to-fine (as Vecalign does):
consecutive segments are merged into super-segments, those are aligned recursively, and
the finer level searches only a band around the projected path, so time and memory grow
linearly with document length.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence, TypeVar

from toolkit.align.model import BEAD_TYPES, BeadTypes

RawBead = tuple[int, int, int, int, float]  # source start, source size, target start, target size, cost
CostFn = Callable[[int, int, int, int], float]
P = TypeVar("P")  # a cost function or an ArrayCoster: what one level of the search is solved over

FULL_TABLE_CELLS = 40_000
COARSE_FACTOR = 4
BAND_MARGIN = 3


def dp_align(
    n: int, m: int, cost: CostFn, window: Sequence[tuple[int, int]] | None = None, types: BeadTypes = BEAD_TYPES
) -> list[RawBead]:
    """Best path of beads of `types` from (0, 0) to (n, m); window[i] = (lo, hi), allowed j at row i."""
    if window is None:
        window = [(0, m)] * (n + 1)
    inf = math.inf
    table: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        lo, hi = window[i]
        row = [inf] * (hi - lo + 1)
        brow = [-1] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[0 - lo] = 0.0
                continue
            best = inf
            best_type = -1
            for t, (a, b) in enumerate(types):
                pi = i - a
                pj = j - b
                if pi < 0 or pj < 0:
                    continue
                plo, phi = window[pi]
                if pj < plo or pj > phi:
                    continue
                prev = table[pi][pj - plo] if pi < i else row[pj - lo]
                if prev == inf:
                    continue
                total = prev + cost(pi, a, pj, b)
                if total < best:
                    best = total
                    best_type = t
            row[j - lo] = best
            brow[j - lo] = best_type
        table.append(row)
        back.append(brow)
    lo, hi = window[n]
    if not lo <= m <= hi or table[n][m - lo] == inf:
        raise ValueError("no path through the search window")
    beads: list[RawBead] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = back[i][j - window[i][0]]
        a, b = types[t]
        beads.append((i - a, a, j - b, b, cost(i - a, a, j - b, b)))
        i, j = i - a, j - b
    beads.reverse()
    return source_skips_first(beads)


def source_skips_first(beads: list[RawBead]) -> list[RawBead]:
    """Each run of one-sided beads listed source side first, then target side, in order.

    The orders of a run cost the same (each one-sided bead's cost is its segment's), so
    which one the DP keeps is decided by float rounding; one fixed order makes the result
    independent of the order in which a coster happens to add up its terms.
    """
    out: list[RawBead] = []
    k = 0
    while k < len(beads):
        if beads[k][1] and beads[k][3]:
            out.append(beads[k])
            k += 1
            continue
        end = k
        while end < len(beads) and not (beads[end][1] and beads[end][3]):
            end += 1
        run = beads[k:end]
        i, j = run[0][0], run[0][2]
        source = sorted(b for b in run if b[1])
        target = sorted((b for b in run if b[3]), key=lambda b: b[2])
        out.extend((i + n, 1, j, 0, b[4]) for n, b in enumerate(source))
        out.extend((i + len(source), 0, j + n, 1, b[4]) for n, b in enumerate(target))
        k = end
    return out


def band_around(beads: list[tuple[int, int, int, int]], n: int, m: int, margin: int) -> list[tuple[int, int]]:
    """Allowed target range per source row: the path's cells widened by `margin`, monotone."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    for si, sa, tj, tb in beads:
        for i in range(si, min(n, si + sa) + 1):
            lo[i] = min(lo[i], tj)
            hi[i] = max(hi[i], tj + tb)
    wide_lo = [max(0, min(lo[max(0, i - margin) : i + margin + 1]) - margin) for i in range(n + 1)]
    wide_hi = [min(m, max(hi[max(0, i - margin) : i + margin + 1]) + margin) for i in range(n + 1)]
    # monotone bounds keep every row connected to the next (1-0 and 0-1 beads bridge them)
    for i in range(n - 1, -1, -1):
        wide_lo[i] = min(wide_lo[i], wide_lo[i + 1])
    for i in range(1, n + 1):
        wide_hi[i] = max(wide_hi[i], wide_hi[i - 1])
    wide_lo[0] = 0
    wide_hi[n] = m
    return list(zip(wide_lo, wide_hi))


def coarse_to_fine(
    n: int,
    m: int,
    problem: P,
    solve: Callable[[P, int, int, Sequence[tuple[int, int]] | None], list[RawBead]],
    coarse: Callable[[int], tuple[int, int, P]] | None = None,
    level: int = 1,
) -> list[RawBead]:
    """`solve(problem, n, m, window)` on the full table when small; else on a band around the path
    of the coarsened problem `coarse(level)` = (n', m', problem') with segments merged
    COARSE_FACTOR**level at a time. One driver for the per-bead DP and the array DP."""
    if (n + 1) * (m + 1) <= FULL_TABLE_CELLS or coarse is None:
        return solve(problem, n, m, None)
    cn, cm, cproblem = coarse(level)
    coarse_beads = coarse_to_fine(cn, cm, cproblem, solve, coarse, level + 1)
    f = COARSE_FACTOR
    projected = [
        (si * f, min(n, (si + sa) * f) - si * f, tj * f, min(m, (tj + tb) * f) - tj * f)
        for si, sa, tj, tb, _ in coarse_beads
    ]
    window = band_around(projected, n, m, BAND_MARGIN + f // 2)
    return solve(problem, n, m, window)


def align_sequences(
    n: int,
    m: int,
    cost: CostFn,
    coarse: Callable[[int], tuple[int, int, CostFn]] | None = None,
    types: BeadTypes = BEAD_TYPES,
) -> list[RawBead]:
    """Full DP when small; else align a coarsened problem and search a band around its path
    (beads of `types` on every level).

    `coarse(level)` returns (n', m', cost') for segments merged COARSE_FACTOR**level at a time.
    """
    return coarse_to_fine(n, m, cost, lambda c, rows, cols, window: dp_align(rows, cols, c, window, types), coarse)
