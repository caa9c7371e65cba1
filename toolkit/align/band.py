"""The DP of toolkit.align.search over arrays: a band of rows, every row a few numpy operations.

Same recurrence, same band, same tie-breaking (the first bead type in the coster's `types`
order with the least total wins) as `search.dp_align`, so the beads are the same; the costs come from an
`ArrayCoster` a block of rows at a time, so memory stays linear in the band (no n × m table,
no cost table for the whole band at once).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from toolkit.align.arrays import ArrayCoster
from toolkit.align.model import BEAD_TYPES
from toolkit.align.search import RawBead, coarse_to_fine, source_skips_first

#: Rows whose costs are computed together (bounds the memory of one block of cost arrays).
ROWS_PER_BLOCK = 512
#: Index of the 0-1 bead (a target segment left alone): its candidates depend on the same row.
#: The coster's `types` (model.bead_types) begin with BEAD_TYPES, so the index is theirs too.
_TARGET_SKIP = BEAD_TYPES.index((0, 1))


def dp_band(coster: ArrayCoster, n: int, m: int, window: Sequence[tuple[int, int]] | None = None) -> list[RawBead]:
    """Best path of beads from (0, 0) to (n, m) within window[i] = (lo, hi) per row i."""
    if window is None:
        window = [(0, m)] * (n + 1)
    lo = np.fromiter((w[0] for w in window), dtype=np.int64, count=n + 1)
    hi = np.fromiter((w[1] for w in window), dtype=np.int64, count=n + 1)
    offset = np.zeros(n + 2, dtype=np.int64)
    np.cumsum(hi - lo + 1, out=offset[1:])
    total = int(offset[n + 1])
    table = np.full(total + 1, np.inf)  # the last cell stays infinite: where missing predecessors point
    back = np.full(total, -1, dtype=np.int8)
    chosen_cost = np.zeros(total)  # the cost of each cell's bead: the path's costs without pricing it again
    off_l = offset.tolist()
    inf = np.inf
    for first in range(0, n + 1, ROWS_PER_BLOCK):
        last = min(n + 1, first + ROWS_PER_BLOCK)
        pred, costs = _block(coster, lo, hi, offset, first, last, total)
        base = off_l[first]
        for i in range(first, last):
            b0, b1 = off_l[i] - base, off_l[i + 1] - base
            vals = table[pred[b0:b1]]  # the 0-1 column reads this row, still infinite: left out here
            vals += costs[b0:b1]
            best = vals.min(axis=1)
            if i == 0:
                best[0] = 0.0  # the start: (0, 0) costs nothing
            if b1 - b0 > 1:  # 0-1 beads chain along the row
                _chain_skips(best, costs[b0 + 1 : b1, _TARGET_SKIP])
            table[off_l[i] : off_l[i + 1]] = best
        # the rows are final: each cell's bead is the first type (BEAD_TYPES order) reaching its value
        vals = table[pred]
        vals += costs
        chosen = vals.argmin(axis=1)
        chosen_cost[base : off_l[last]] = costs[np.arange(len(chosen)), chosen]
        chosen = chosen.astype(np.int8)
        chosen[table[base : off_l[last]] == inf] = -1
        back[base : off_l[last]] = chosen
    back[0] = -1
    if not lo[n] <= m <= hi[n] or table[off_l[n] + m - lo[n]] == inf:
        raise ValueError("no path through the search window")
    path: list[tuple[int, int, int, int, float]] = []
    i, j = n, m
    lo_l = lo.tolist()
    while i > 0 or j > 0:
        cell = off_l[i] + j - lo_l[i]
        a, b = coster.types[int(back[cell])]
        path.append((i - a, a, j - b, b, float(chosen_cost[cell])))
        i, j = i - a, j - b
    path.reverse()
    return source_skips_first(path)


def _chain_skips(best: np.ndarray, chain: np.ndarray) -> None:
    """best[j] = min(best[j], best[j - 1] + chain[j - 1]) from left to right, in place: the
    0-1 beads of one row, summed in the order the per-bead DP adds them (so the same floats).

    One array step finds the first cell a skip improves; from there a scan over Python floats
    (a chain moves one cell per array step, and rows have ~25 cells: the scan is ~10x fewer
    operations than relaxing the whole row until nothing changes)."""
    improved = best[:-1] + chain < best[1:]
    if not improved.any():
        return
    first = int(improved.argmax())
    values = best[first:].tolist()
    steps = chain[first:].tolist()
    previous = values[0]
    for k, step in enumerate(steps, 1):
        candidate = previous + step
        if candidate < values[k]:
            values[k] = candidate
        previous = values[k]
    best[first:] = values


def _block(coster: ArrayCoster, lo: np.ndarray, hi: np.ndarray, offset: np.ndarray, first: int, last: int, sentinel: int) -> tuple[np.ndarray, np.ndarray]:
    """For the cells of rows first..last-1 and every bead type: where its predecessor is in
    the table (`sentinel`, an infinite cell, where it has none) and what the bead costs.
    A 0-1 bead's predecessor is in its own row (see dp_band for how that row is solved)."""
    base = int(offset[first])
    cells = int(offset[last]) - base
    pred = np.full((cells, len(coster.types)), sentinel, dtype=np.int64)
    costs = np.zeros((cells, len(coster.types)))
    rows = np.arange(first, last, dtype=np.int64)
    ngrams, words = coster.block_evidence(first, last, lo, hi)  # n-grams (chrF), dictionary words these rows' cells can share
    for t, (a, b) in enumerate(coster.types):  # BEAD_TYPES, then the wide and long types the model prices (model.bead_types)
        if a == 0:  # 0-1: every cell but the row's first (its predecessor j - 1 is in the row)
            starts, ends = lo[rows] + 1, hi[rows] + 1
        else:
            prev = np.maximum(rows - a, 0)
            starts = np.maximum(np.maximum(lo[rows], lo[prev] + b), b)
            ends = np.where(rows >= a, np.maximum(np.minimum(hi[rows], hi[prev] + b) + 1, starts), starts)
        counts = ends - starts
        offs = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=offs[1:])
        row_of = np.repeat(rows, counts)
        j = np.arange(int(offs[-1]), dtype=np.int64) + np.repeat(starts - offs[:-1], counts)
        at = offset[row_of] - base + j - lo[row_of]
        if a == 0:
            pred[at, t] = offset[row_of] + j - 1 - lo[row_of]
            costs[at, t] = coster.skip_target[j - 1]
            continue
        pred[at, t] = offset[row_of - a] + j - b - lo[row_of - a]
        if b == 0:
            costs[at, t] = coster.skip_source[row_of - 1]
            continue
        used = counts > 0
        ranges = (rows[used] - a, starts[used] - b, ends[used] - b, offs[:-1][used])
        shared = coster.shared_ranges(a, b, *ranges)
        uncovered = coster.uncovered_ranges(a, b, *ranges) if coster.model.w("coverage") and (a > 1 or b > 1) else None
        links = coster.shared_ranges(a, b, *ranges, coster.table.value) if coster.w_table else None  # translation-table pairs
        costs[at, t] = coster.pair_costs(
            a, b, row_of - a, j - b, shared, uncovered,
            inter=coster.shared_ngrams(a, b, *ranges, ngrams), hits=coster.dictionary_hits(a, b, *ranges, words), links=links,
        )
    return pred, costs


def align_band(
    n: int,
    m: int,
    coster: ArrayCoster,
    coarse: Callable[[int], tuple[int, int, ArrayCoster]] | None = None,
) -> list[RawBead]:
    """search.align_sequences over arrays: the full table when small, else coarse-to-fine."""
    return coarse_to_fine(n, m, coster, dp_band, coarse)
