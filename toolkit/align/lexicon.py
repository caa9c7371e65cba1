"""A document-internal lexicon, hunalign-style: after a first alignment, words that keep
turning up together in aligned pairs ("Nadelhorn" ↔ "Nadelhorn", "Gipfel" ↔ "sommet",
"tỉnh" ↔ "Provinz") become anchors for a second, narrow pass. Nothing is downloaded: the
document pair teaches itself, which is why this helps long documents and stays inert on
short ones (too few co-occurrences to trust)."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

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
