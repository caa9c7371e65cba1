"""A document-internal lexicon, hunalign-style: after a first alignment, words that keep
turning up together in aligned pairs ("Nadelhorn" ↔ "Nadelhorn", "Gipfel" ↔ "sommet",
"tỉnh" ↔ "Provinz") become anchors for a second, narrow pass. Nothing is downloaded: the
document pair teaches itself, which is why this helps long documents and stays inert on
short ones (too few co-occurrences to trust).

`learn_table` learns the same thing as probabilities (an IBM-Model-1 translation table, by
EM in both directions), priced by the `table` weight as the share of a bead's words it
covers (model.BeadCoster, arrays.ArrayCoster.with_table)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from toolkit.align.model import Lexicon

def learn_lexicon(
    pairs: Iterable[tuple[frozenset[str], frozenset[str]]], min_pairs: int = 3, min_dice: float = 0.6
) -> Lexicon:
    """Word pairs seen together in ≥ `min_pairs` aligned pairs with a Dice coefficient ≥ `min_dice`."""
    pairs = list(pairs)
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for src, tgt in pairs:
        src_count.update(src)
        tgt_count.update(tgt)
    frequent_src = {w for w, c in src_count.items() if c >= min_pairs}
    frequent_tgt = {w for w, c in tgt_count.items() if c >= min_pairs}
    for src, tgt in pairs:
        s_words = src & frequent_src
        t_words = tgt & frequent_tgt
        for s in s_words:
            for t in t_words:
                both[(s, t)] += 1
    source: dict[str, set[int]] = {}
    target: dict[str, set[int]] = {}
    for k, ((s, t), c) in enumerate(sorted(both.items())):
        if c < min_pairs:
            continue
        if 2 * c / (src_count[s] + tgt_count[t]) < min_dice:
            continue
        source.setdefault(s, set()).add(k)
        target.setdefault(t, set()).add(k)
    return Lexicon({w: frozenset(v) for w, v in source.items()}, {w: frozenset(v) for w, v in target.items()})


#: EM iterations of the translation table, and the mass of the empty word (IBM Model 1's NULL:
#: a word with no counterpart in its bead takes it rather than a wrong partner).
TABLE_ITERATIONS = 5
TABLE_NULL = 0.1
#: Word pairs kept in the table: t(f|e) and t(e|f) both at least TABLE_FLOOR (a frequent word
#: such as "the" explains some of every rare word's beads, t(the|f), but not the other way round),
#: seen together in at least TABLE_MIN_PAIRS beads (a pair seen once only repeats the first pass).
TABLE_FLOOR = 0.05
TABLE_MIN_PAIRS = 2
#: Beads whose word triples are built at once (bounds the memory of the int64 temporaries).
TABLE_BEADS_PER_CHUNK = 2048


@dataclass(frozen=True)
class TranslationTable:
    """Word pairs with strengths learned by `learn_table`: pair k is (source[k], target[k]),
    worth value[k] = t(target|source) + t(source|target) (0 to 2)."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    value: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.value)

    def ids(self, side: str) -> dict[str, frozenset[int]]:
        """Each word of a side → the ids of the pairs it takes part in."""
        out: dict[str, set[int]] = {}
        for k, word in enumerate(self.source if side == "s" else self.target):
            out.setdefault(word, set()).add(k)
        return {w: frozenset(v) for w, v in out.items()}


def learn_table(
    source_words: Sequence[frozenset[str]],
    target_words: Sequence[frozenset[str]],
    beads: Sequence[tuple[int, int, int, int]],
    iterations: int = TABLE_ITERATIONS,
    null: float = TABLE_NULL,
    floor: float = TABLE_FLOOR,
    min_pairs: int = TABLE_MIN_PAIRS,
) -> TranslationTable:
    """An IBM-Model-1 translation table in both directions, learned by EM over the word sets
    of the aligned beads (`beads`: (i, a, j, b) over the segments, one-sided ones ignored).

    Where the Dice lexicon keeps only pairs seen together twice or more, EM also pairs words
    seen once: the other words of their bead are explained by pairs it already trusts. One
    learner (numpy) for both costers, so both price the same pairs."""
    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    src_ids = [[src_vocab.setdefault(w, len(src_vocab)) for w in sorted(words)] for words in source_words]
    tgt_ids = [[tgt_vocab.setdefault(w, len(tgt_vocab)) for w in sorted(words)] for words in target_words]
    vt = max(1, len(tgt_vocab))
    s_rows: list[list[int]] = []
    t_rows: list[list[int]] = []
    for i, a, j, b in beads:
        if a and b:
            s = sorted({w for k in range(i, i + a) for w in src_ids[k]})
            t = sorted({w for k in range(j, j + b) for w in tgt_ids[k]})
            if s and t:
                s_rows.append(s)
                t_rows.append(t)
    if not s_rows:
        return TranslationTable((), (), ())
    s_len = np.fromiter(map(len, s_rows), dtype=np.int64, count=len(s_rows))
    t_len = np.fromiter(map(len, t_rows), dtype=np.int64, count=len(t_rows))
    s_flat = np.fromiter((w for row in s_rows for w in row), dtype=np.int64, count=int(s_len.sum()))
    t_flat = np.fromiter((w for row in t_rows for w in row), dtype=np.int64, count=int(t_len.sum()))
    s_off, t_off = np.cumsum(s_len) - s_len, np.cumsum(t_len) - t_len
    # every (bead, source word, target word) as the places of its two words among all beads'
    # words (the triples of one place share an E-step denominator) and its word pair; built a
    # chunk of beads at a time, in int32, so that memory stays near that of the triples
    places: list[tuple[np.ndarray, np.ndarray]] = []
    for first in range(0, len(s_rows), TABLE_BEADS_PER_CHUNK):
        chunk = slice(first, first + TABLE_BEADS_PER_CHUNK)
        per = s_len[chunk] * t_len[chunk]
        bead = np.repeat(np.arange(first, first + len(per), dtype=np.int64), per)
        within = np.arange(int(per.sum()), dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
        width = t_len[bead]
        places.append(((s_off[bead] + within // width).astype(np.int32), (t_off[bead] + within % width).astype(np.int32)))
    keys = _distinct(np.concatenate([_distinct(s_flat[sp] * vt + t_flat[tp]) for sp, tp in places]))
    chunks = [(np.searchsorted(keys, s_flat[sp] * vt + t_flat[tp]).astype(np.int32), sp, tp) for sp, tp in places]
    del places
    src_of, tgt_of = keys // vt, keys % vt
    together = np.zeros(len(keys))  # beads the pair was seen in
    for pair, _, _ in chunks:
        together += np.bincount(pair, minlength=len(keys))
    directions = []
    for given, side in ((src_of, 2), (tgt_of, 1)):  # t(f|e) (a target word's triples share a denominator), then t(e|f)
        prob = 1.0 / np.bincount(given)[given]  # uniform over the words it was seen with
        for _ in range(iterations):
            counts = np.zeros(len(keys))
            for chunk in chunks:  # a chunk holds whole beads: its denominators are its own
                pair, group = chunk[0], chunk[side]
                low = int(group.min())
                p = prob[pair]
                p /= (np.bincount(group - low, weights=p) + null)[group - low]
                counts += np.bincount(pair, weights=p, minlength=len(keys))
            prob = counts / np.bincount(given, weights=counts)[given]
        directions.append(prob)
    value = directions[0] + directions[1]
    kept = np.flatnonzero((np.minimum(directions[0], directions[1]) >= floor) & (together >= min_pairs))
    src_words = list(src_vocab)
    tgt_words = list(tgt_vocab)
    return TranslationTable(
        tuple(src_words[k] for k in src_of[kept].tolist()),
        tuple(tgt_words[k] for k in tgt_of[kept].tolist()),
        tuple(value[kept].tolist()),
    )


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique by sorting: its hash path is slower on these)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values
