"""The translation table a document teaches itself (toolkit.align.lexicon.learn_table)."""

from __future__ import annotations

from toolkit.align.lexicon import learn_table


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def test_table_pairs_words_seen_together_and_explains_frequent_words_away():
    """"gipfel" ↔ "sommet" in three beads, each beside other words: EM makes it gipfel's best
    pair, far above "der" ↔ "sommet" ("der" and "le" occur everywhere and explain each other);
    "hütte" ↔ "cabane", seen in one bead only, is not trusted."""
    source = [words("der gipfel war hoch"), words("der gipfel lag weit"), words("der weg zum gipfel"), words("der hütte"), words("der weg war weit")]
    target = [words("le sommet etait haut"), words("le sommet etait loin"), words("le chemin du sommet"), words("le cabane"), words("le chemin etait loin")]
    table = learn_table(source, target, [(k, 1, k, 1) for k in range(5)])
    pairs = dict(zip(zip(table.source, table.target), table.value))
    best = {s: max((v, t) for (w, t), v in pairs.items() if w == s)[1] for s in table.source}
    assert best == {"der": "le", "gipfel": "sommet", "weg": "chemin", "weit": "loin", "war": "etait"}
    assert pairs[("gipfel", "sommet")] > 3 * max(pairs.get(("gipfel", "le"), 0), pairs.get(("der", "sommet"), 0))
    assert not any(s == "hütte" for s in table.source)


def test_table_ignores_one_sided_beads_and_may_be_empty():
    source = [words("eins zwei"), words("drei")]
    target = [words("un deux")]
    assert len(learn_table(source, target, [(0, 1, 0, 1), (1, 1, 1, 0)])) == 0  # one bead: nothing seen twice
    assert len(learn_table(source, target, [(0, 1, 0, 0), (1, 1, 0, 0)])) == 0

