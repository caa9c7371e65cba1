"""The array path (toolkit.align.arrays, band) prices beads as the per-bead reference
(BeadCoster) does, to 1e-9, and finds the same beads; its memory follows the band, not n × m."""

from __future__ import annotations

import random
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA
from toolkit.align import _builtin_term_finders, align_documents, align_features, align_texts
from toolkit.align import arrays
from toolkit.align.arrays import ArrayCoster, learn_lexicon_arrays
from toolkit.align.band import dp_band
from toolkit.align.dictionary import Dictionary, build_dictionary, document_pairs
from toolkit.align.features import SegmentFeatures, name_weights, restrict_to_shared, segment_features
from toolkit.align.lexicon import learn_lexicon, learn_table
from toolkit.align.model import BEAD_TYPES, LONG_BEAD_TYPES, WIDE_BEAD_TYPES, AlignModel, BeadCoster, bead_types, load_model
from toolkit.align.search import band_around, dp_align
from toolkit.segment import segment_file

MODEL = load_model("vi-de")
DEFAULT = load_model("de-fr")  # the default model: character n-grams (chrF) weighed
NAMES = ["hanoi", "le", "minh", "hung", "vietnam", "berlin", "scholz", "vna", "nga", "trump"]
WORDS_VI = [f"tu{k}" for k in range(60)]
WORDS_DE = [f"wort{k}" for k in range(60)]
KINDS = ["", "", "", "title", "caption", "byline", "dateline", "paragraph"]
SHAPES = ["", "", "", "", "byline", "other"]


def random_segment(rng: random.Random, words: list[str], anchors: dict[str, frozenset[str]] | None = None) -> SegmentFeatures:
    anchors = anchors or {
        "numbers": frozenset(str(rng.randrange(40)) for _ in range(rng.choice([0, 0, 1, 2, 4]))),
        "names": frozenset(rng.sample(NAMES, rng.choice([0, 0, 1, 2, 3]))),
        "codes": frozenset(f"{rng.randrange(5)}-NQ/TW" for _ in range(rng.choice([0, 0, 0, 1]))),
        "terms": frozenset(f"T{rng.randrange(12)}" for _ in range(rng.choice([0, 0, 1, 2]))),
    }
    return SegmentFeatures(
        length=rng.randrange(1, 300),
        ngrams=frozenset(),
        ngram_count=0,
        punct=tuple(rng.choice([0, 0, 0, 1, 2]) for _ in range(5)),
        furniture=rng.random() < 0.08,
        kind=rng.choice(KINDS),
        shape=rng.choice(SHAPES),
        words=frozenset(rng.sample(words, rng.randrange(0, 12))),
        short=rng.random() < 0.1,
        **anchors,
    )


def random_pair(seed: int, n: int, regroup: float = 0.0) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """A source and a 'translation': the same anchors and word choices (by index) in order,
    with sentences merged, dropped and added, and random lengths and kinds; `regroup`: the
    share of places where three or four segments become two, the second one split between them
    (a 3-2 or 4-2 bead)."""
    rng = random.Random(seed)
    source = [random_segment(rng, WORDS_VI) for _ in range(n)]
    target: list[SegmentFeatures] = []
    k = 0
    while k < n:
        if k + 4 <= n and rng.random() < regroup:
            size = rng.choice([3, 4])
            middle = source[k + 1]
            halves = [{field: frozenset(sorted(getattr(middle, field))[half::2]) for field in ("numbers", "names", "codes", "terms")} for half in (0, 1)]
            for sides, half in (([source[k]], halves[0]), (source[k + 2 : k + size], halves[1])):
                merged = {field: frozenset().union(*(getattr(f, field) for f in sides)) | half[field] for field in half}
                segment = random_segment(rng, WORDS_DE, merged)
                target.append(replace(segment, length=sum(f.length for f in sides) + middle.length // 2))
            k += size
            continue
        roll = rng.random()
        if roll < 0.05:  # dropped in translation
            k += 1
            continue
        if roll < 0.08:  # added in translation
            target.append(random_segment(rng, WORDS_DE))
            continue
        take = source[k : k + (2 if roll < 0.15 else 1)]
        words = frozenset(WORDS_DE[WORDS_VI.index(w)] for f in take for w in f.words)
        merged = {field: frozenset().union(*(getattr(f, field) for f in take)) for field in ("numbers", "names", "codes", "terms")}
        segment = random_segment(rng, WORDS_DE, merged)
        target.append(SegmentFeatures(**{**segment.__dict__, "words": words, "length": sum(f.length for f in take) + rng.randrange(0, 40)}))
        k += len(take)
    return source, target


def real_pair(ngrams: bool = False) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """The sentences of the NTREX article pairs the batch tests ship, one after the other, twice."""
    folder = DATA / "batch/ntrex"
    src_terms, tgt_terms = _builtin_term_finders()
    vi, de = [], []
    for path in sorted(folder.glob("*.vi.txt")):
        vi += [s.text for b in segment_file(path, "vi").blocks for s in b.sentences]
        de += [s.text for b in segment_file(path.with_name(path.name.replace(".vi.", ".de.")), "de").blocks for s in b.sentences]
    return (
        segment_features(vi * 2, "vi", term_finder=src_terms, with_ngrams=ngrams),
        segment_features(de * 2, "de", term_finder=tgt_terms, with_ngrams=ngrams),
    )


def one_script_pair(seed: int) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """German sentences against a 'translation' in the same script that shares many of their
    character n-grams (vowels shifted, words dropped), merged, dropped and added at random,
    with repeated sentences (n-grams recurring in neighbouring segments)."""
    rng = random.Random(seed)
    folder = DATA / "batch/ntrex"
    de = [s.text for path in sorted(folder.glob("*.de.txt")) for b in segment_file(path, "de").blocks for s in b.sentences]
    source = [rng.choice(de[:12]) if rng.random() < 0.1 else de[k % len(de)] for k in range(5 * len(de))]

    def translated(text: str) -> str:
        words = [w for w in text.translate(str.maketrans("aeiou", "eioua")).split() if rng.random() > 0.15]
        return " ".join(words) or text

    target: list[str] = []
    k = 0
    while k < len(source):
        roll = rng.random()
        if roll < 0.05:
            k += 1
        elif roll < 0.08:
            target.append(translated(rng.choice(de)))
        else:
            take = source[k : k + (1 if roll > 0.2 else 2 if roll > 0.12 else 3)]
            target.append(" ".join(translated(t) for t in take))
            k += len(take)
    return segment_features(source, "de"), segment_features(target, "fr")


#: The shipped model with every non-embedding feature the array path prices switched on
#: (coverage weighs merges whose segments' anchors the other side lacks).
EVERY_FEATURE = MODEL.with_weights(coverage=1.7)


def assert_same_costs(source: list[SegmentFeatures], target: list[SegmentFeatures], with_lexicon: bool, model=MODEL, with_table: bool = False) -> None:
    types = bead_types(model, source, target)
    arrays = ArrayCoster.from_features(model, source, target, types=types)
    src, tgt = restrict_to_shared(source, target)
    lexicon = table = None
    if with_table:  # one learner for both costers, from the beads the reference finds
        found = align_features(source, target, model, reference=True)
        table = learn_table([f.words for f in source], [f.words for f in target], [(b.source[0], len(b.source), b.target[0], len(b.target)) for b in found if b.source and b.target])
        assert len(table) > 0
    if with_lexicon:  # learned by both learners from the beads the reference finds
        found = align_features(source, target, model, reference=True)
        beads = [(b.source[0], len(b.source), b.target[0], len(b.target)) for b in found if b.source and b.target]
        pairs = [(frozenset().union(*(f.words for f in src[i : i + a])), frozenset().union(*(f.words for f in tgt[j : j + b]))) for i, a, j, b in beads]
        lexicon = learn_lexicon(pairs, model.lexicon_min_pairs, model.lexicon_min_dice)
        ids = learn_lexicon_arrays([f.words for f in source], [f.words for f in target], beads, model.lexicon_min_pairs, model.lexicon_min_dice)
        assert ids.pairs == len(lexicon) > 0
        arrays = arrays.with_lexicon(ids)
    if table is not None:
        arrays = arrays.with_table(table, [f.words for f in source], [f.words for f in target])
    reference = BeadCoster(model, src, tgt, name_weights(src, tgt), lexicon, types=types, table=table)
    assert (arrays.sim_base, arrays.sim_span) == (reference.sim_base, reference.sim_span)  # chrF's document scale, bit for bit
    rng = random.Random(7)
    n, m = len(src), len(tgt)
    for a, b in types:
        p = np.asarray([rng.randrange(n - a + 1) for _ in range(200)]) if a else np.zeros(200, dtype=np.int64)
        q = np.asarray([rng.randrange(m - b + 1) for _ in range(200)]) if b else np.zeros(200, dtype=np.int64)
        got = arrays.bead_costs([(int(i), a, int(j), b) for i, j in zip(p, q)])
        want = [reference.cost(int(i), a, int(j), b) for i, j in zip(p, q)]
        assert np.allclose(got, want, rtol=0, atol=1e-9), (a, b)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bead_costs_equal_the_reference_on_random_documents(seed):
    assert_same_costs(*random_pair(seed, 120), with_lexicon=False)
    assert_same_costs(*random_pair(seed, 120), with_lexicon=True)


def test_bead_costs_equal_the_reference_on_real_documents():
    assert_same_costs(*real_pair(), with_lexicon=False)
    assert_same_costs(*real_pair(), with_lexicon=True)


#: with coverage: both terms together; the length model's own document weight when embeddings are priced
EMBED_MODEL = replace(EVERY_FEATURE.with_weights(embed=4.0, embed_skip=-1.0), doc_mu_weight_embed=0.3)
#: ... and with Bertalign's neighbour margin and the bead-size factor of the embedding term
MARGIN_MODEL = EMBED_MODEL.with_weights(embed_margin=1.5, embed_size=0.5)


def with_random_vectors(source: list[SegmentFeatures], target: list[SegmentFeatures], seed: int) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """Unit 'sentence embeddings' (float32 values, as a backend gives them) sharing a common
    direction, as real ones do (their cosines are all well above 0)."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=24) * 2

    def vectors(features: list[SegmentFeatures]) -> list[SegmentFeatures]:
        rows = common + rng.normal(size=(len(features), 24))
        rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
        return [replace(f, vector=tuple(map(float, row))) for f, row in zip(features, rows)]

    return vectors(source), vectors(target)


@pytest.mark.parametrize("model", [EMBED_MODEL, MARGIN_MODEL], ids=["embed", "margin"])
@pytest.mark.parametrize("seed", [1, 2])
def test_embedding_costs_equal_the_reference(seed, model):
    """The cosine band of the arrays (matrix products of span sums) prices every bead type as
    BeadCoster's normalised span vectors do, rescaled by the same per-document sample."""
    source, target = with_random_vectors(*random_pair(seed, 120), seed)
    assert arrays.supports(model, source, target)
    assert_same_costs(source, target, with_lexicon=False, model=model)
    assert_same_costs(source, target, with_lexicon=True, model=model)
    source, target = with_random_vectors(*real_pair(), seed)
    assert_same_costs(source, target, with_lexicon=False, model=model)


#: the default model (chrF) with embeddings: cognates and anchors damped by embed_damp
DAMPED_MODEL = DEFAULT.with_weights(coverage=1.7, embed=4.0, embed_skip=-1.0, embed_margin=1.5, embed_size=0.5, embed_damp=0.6)


def test_damped_chrf_and_anchors_are_priced_as_the_reference_prices_them():
    """With embeddings, embed_damp lowers the chrF and anchor weights alike in both costers,
    on the coarse passes too (their merged segments carry summed vectors)."""
    source, target = with_random_vectors(*one_script_pair(5), 5)
    assert_same_costs(source, target, with_lexicon=False, model=DAMPED_MODEL)
    assert_same_costs(source, target, with_lexicon=True, model=DAMPED_MODEL)
    assert ladder(align_features(source, target, DAMPED_MODEL)) == ladder(align_features(source, target, DAMPED_MODEL, reference=True))


def test_embedding_costs_of_scattered_cells_equal_the_reference(monkeypatch):
    """Cells too far apart for one product per chunk (a path's beads) get a dot product each."""
    monkeypatch.setattr(arrays, "COSINE_DENSE_AREA", 0)
    source, target = with_random_vectors(*random_pair(3, 120), 3)
    assert_same_costs(source, target, with_lexicon=False, model=EMBED_MODEL)
    assert_same_costs(source, target, with_lexicon=False, model=MARGIN_MODEL)


@pytest.mark.parametrize("model", [EMBED_MODEL, MARGIN_MODEL], ids=["embed", "margin"])
@pytest.mark.parametrize("seed,n", [(4, 60), (5, 260)])
def test_same_beads_with_embeddings_as_the_reference(seed, n, model):
    """260 segments: the coarse passes sum the vectors of merged segments, as _merged_segment does."""
    source, target = with_random_vectors(*random_pair(seed, n), seed)
    arrays = align_features(source, target, model)
    reference = align_features(source, target, model, reference=True)
    assert ladder(arrays) == ladder(reference)
    plain = align_features(source, target, MODEL)
    assert ladder(arrays) != ladder(plain)  # the vectors did take part


def test_segments_without_vectors_next_to_ones_with_go_to_the_reference():
    source, target = with_random_vectors(*random_pair(6, 30), 6)
    source[3] = replace(source[3], vector=None)
    assert not arrays.supports(EMBED_MODEL, source, target)


def test_chrf_is_priced_by_the_arrays_as_by_the_reference():
    """The default model weighs chrF (character n-grams): vi-de text, where few n-grams are
    shared, and a pair of one script, where most are, in every bead type."""
    assert arrays.supports(DEFAULT, [], [])
    for source, target in (real_pair(ngrams=True), one_script_pair(1), one_script_pair(2)):
        assert_same_costs(source, target, with_lexicon=False, model=DEFAULT)
        assert_same_costs(source, target, with_lexicon=True, model=DEFAULT)


@pytest.mark.parametrize("seed", [3, 4])
def test_same_beads_with_chrf_as_the_reference(seed):
    """Through the coarse passes (no n-grams there), the band and the lexicon's second pass."""
    source, target = one_script_pair(seed)
    assert len(source) * len(target) > 40_000  # coarse-to-fine runs
    got = align_features(source, target, DEFAULT)
    want = align_features(source, target, DEFAULT, reference=True)
    assert ladder(got) == ladder(want)
    assert sum(len(b.source) == len(b.target) == 1 for b in got) > len(got) / 2  # the cognates found most pairs


@pytest.mark.parametrize("seed", [1, 2])
def test_coverage_is_priced_as_the_reference_prices_it(seed):
    assert_same_costs(*random_pair(seed, 120), with_lexicon=False, model=EVERY_FEATURE)
    assert_same_costs(*random_pair(seed, 120), with_lexicon=True, model=EVERY_FEATURE)
    assert_same_costs(*real_pair(), with_lexicon=False, model=EVERY_FEATURE)


def test_coverage_gives_the_same_beads_as_the_reference():
    """Coarse pass, band and lexicon pass with coverage on: bead for bead, cost for cost."""
    source, target = random_pair(6, 260)
    arrays = align_features(source, target, EVERY_FEATURE)
    reference = align_features(source, target, EVERY_FEATURE, reference=True)
    assert ladder(arrays) == ladder(reference)


#: The wide bead types (2-3, 3-2, 2-4, 4-2) searched for any segments (the shipped model:
#: paragraphs only), and a credit line merged with a paragraph that ends in a credit on the
#: other side priced.
WIDE = AlignModel.from_dict({**EVERY_FEATURE.to_dict(), "wide_min_length": 1.0}).with_weights(
    type_23=4.0, type_32=4.0, type_24=5.0, type_42=5.0, tail_match=3.0, type_14=6.0, type_41=6.0
)


def wide_pair(seed: int, n: int) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """random_pair with 3-2 and 4-2 regroupings, and some segments ending in a run-in portal line
    (features.trailing_shape), of the shapes other segments have."""
    rng = random.Random(seed)
    source, target = random_pair(seed, n, regroup=0.1)

    def tails(features: list[SegmentFeatures]) -> list[SegmentFeatures]:
        return [replace(f, tail=rng.choice(SHAPES)) for f in features]

    return tails(source), tails(target)


@pytest.mark.parametrize("seed", [1, 2])
def test_wide_bead_types_are_priced_as_the_reference_prices_them(seed):
    source, target = wide_pair(seed, 120)
    assert bead_types(WIDE, source, target) == BEAD_TYPES + WIDE_BEAD_TYPES + LONG_BEAD_TYPES  # 1-4 and 4-1 priced too, as vi-de's block level does
    assert_same_costs(source, target, with_lexicon=False, model=WIDE)
    assert_same_costs(source, target, with_lexicon=True, model=WIDE)


@pytest.mark.parametrize("seed,n", [(4, 60), (5, 260)])
def test_wide_bead_types_give_the_same_beads_as_the_reference(seed, n):
    """Coarse passes, band and lexicon pass search the wide bead types alike on both paths."""
    source, target = wide_pair(seed, n)
    arrays = align_features(source, target, WIDE)
    reference = align_features(source, target, WIDE, reference=True)
    assert ladder(arrays) == ladder(reference)
    assert any((len(b.source), len(b.target)) in WIDE_BEAD_TYPES for b in arrays)  # the wide types took part


def ladder(alignment) -> list[tuple]:
    return [(b.source, b.target, b.score, round(b.cost, 9)) for b in alignment]


@pytest.mark.parametrize("seed,n", [(4, 60), (5, 260)])
def test_same_beads_as_the_reference_on_random_documents(seed, n):
    """260 segments a side: the coarse pass, the band and the lexicon's second pass all run."""
    source, target = random_pair(seed, n)
    arrays = align_features(source, target, MODEL)
    reference = align_features(source, target, MODEL, reference=True)
    assert ladder(arrays) == ladder(reference)
    assert (arrays.anchors_shared, arrays.anchors_possible, arrays.relatedness) == (reference.anchors_shared, reference.anchors_possible, reference.relatedness)


def test_same_beads_as_the_reference_on_the_ntrex_case_and_articles():
    case = DATA / "align/ntrex_000_sent"
    lines = [(case / f"{side}.txt").read_text(encoding="utf-8").splitlines() for side in ("src", "tgt")]
    assert ladder(align_texts(*lines, "vi", "de")) == ladder(align_texts(*lines, "vi", "de", reference=True))
    source, target = real_pair()
    assert ladder(align_features(source, target, MODEL)) == ladder(align_features(source, target, MODEL, reference=True))


def test_same_beads_as_the_reference_on_the_seed_pair(seed_source: Path, seed_article: Path):
    src, tgt = segment_file(seed_source, "vi"), segment_file(seed_article, "de")
    assert align_documents(src, tgt) == align_documents(src, tgt, reference=True)


def test_banded_dp_matches_the_reference_dp_in_a_window():
    source, target = random_pair(8, 90)
    arrays = ArrayCoster.from_features(MODEL, source, target)
    src, tgt = restrict_to_shared(source, target)
    reference = BeadCoster(MODEL, src, tgt, name_weights(src, tgt))
    diagonal = [(k, 1, min(k, len(tgt) - 1), 1) for k in range(len(src))]
    window = band_around(diagonal, len(src), len(tgt), 6)
    got = dp_band(arrays, len(src), len(tgt), window)
    want = dp_align(len(src), len(tgt), reference.cost, window)
    assert [g[:4] for g in got] == [w[:4] for w in want]
    assert np.allclose([g[4] for g in got], [w[4] for w in want], rtol=0, atol=1e-9)


def test_memory_follows_the_band_not_the_square():
    """2,500 × 2,500 segments: one dense table of float64 would take 50 MB; the whole
    alignment (features' arrays, band costs, DP, lexicon) stays under half of that."""
    source, target = random_pair(9, 2500)
    dense = 8 * len(source) * len(target)
    tracemalloc.start()
    try:
        beads = align_features(source, target, MODEL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(beads) >= len(source) * 0.9
    assert peak < dense / 2


def test_ngrams_counted_from_texts_are_the_feature_sets():
    """text_ngrams (numpy, from the texts) holds what the n-gram sets of segment_features hold:
    the same n-grams shared between any two segments, the same count per segment; diacritics,
    case, spacing and a second script included."""
    source = ["Der Gipfel des Nadelhorns, 4327 m.", "  Wir   stiegen  ÜBER den Grat. ", "Điện Biên Phủ", "Москва и Берлин", "ab", ""]
    target = ["Le sommet du Nadelhorn, 4327 m.", "Nous montâmes sur le grat.", "Dien Bien Phu", "Москва", "Berlin. Über alles.", "a"]
    counted = arrays.text_ngrams(source, target)
    from_sets = arrays.ngram_sides(segment_features(source, "de"), segment_features(target, "fr"))
    assert counted is not None

    def sets(ngrams):
        ip, ids = ngrams.sets.indptr, ngrams.sets.ids
        return [set(ids[ip[k] : ip[k + 1]].tolist()) for k in range(ngrams.n)]

    for x, y in zip(counted, from_sets):
        assert x.span_count[1].tolist() == y.span_count[1].tolist()
    (cs, ct), (fs, ft) = map(sets, counted), map(sets, from_sets)
    for i in range(len(source)):
        for j in range(len(target)):
            assert len(cs[i] & ct[j]) == len(fs[i] & ft[j]), (i, j)
        for k in range(len(source)):
            assert len(cs[i] & cs[k]) == len(fs[i] & fs[k])
    assert len(cs[0] & ct[0]) > 10  # "nadelhorn", " 4327 m." …


def test_align_texts_with_chrf_gives_the_beads_of_the_reference():
    """align_texts counts n-grams from the texts on the array path, the reference takes sets."""
    rng = random.Random(5)
    de = [s.text for path in sorted((DATA / "batch/ntrex").glob("*.de.txt")) for b in segment_file(path, "de").blocks for s in b.sentences]
    source = de * 3
    target = [t.translate(str.maketrans("aeiou", "eioua")) for t in source if rng.random() > 0.05]
    got = align_texts(source, target, "de", "fr")
    want = align_texts(source, target, "de", "fr", reference=True)
    assert ladder(got) == ladder(want)


def one_script_dictionary(source: list[SegmentFeatures]) -> Dictionary:
    """A user dictionary for one_script_pair: 150 of the source's words with their 'translation'
    (vowels shifted), plus pairs whose other word the texts lack."""
    words = sorted({w for f in source for w in f.words})[::3][:150]
    shift = str.maketrans("aeiou", "eioua")
    return build_dictionary([(w, w.translate(shift)) for w in words] + [("gipfel", "sommet"), ("berg", "montagne")])


def test_dictionary_is_priced_by_the_arrays_as_by_the_reference():
    """--dictionary: each side's words whose translation the other side holds, as a share of
    the words the dictionary knows; every bead type (1-4 and 4-1 too: bead sides of four
    segments on either side), with and without the lexicon."""
    model = DEFAULT.with_weights(type_41=4.0)
    for seed in (1, 2):
        source, target = one_script_pair(seed)
        dictionary = one_script_dictionary(source)
        known = document_pairs(dictionary, source, target)
        types = bead_types(model, source, target)
        assert types == BEAD_TYPES + LONG_BEAD_TYPES
        arrays_ = ArrayCoster.from_features(model, source, target, None, known, types)
        src, tgt = restrict_to_shared(source, target)
        reference = BeadCoster(model, src, tgt, name_weights(src, tgt), dictionary=document_pairs(dictionary, src, tgt), types=types)
        rng = random.Random(seed)
        n, m = len(src), len(tgt)
        for a, b in types:
            beads = [(rng.randrange(n - a + 1) if a else 0, a, rng.randrange(m - b + 1) if b else 0, b) for _ in range(300)]
            got = arrays_.bead_costs(beads)
            want = [reference.cost(*bead) for bead in beads]
            assert np.allclose(got, want, rtol=0, atol=1e-9), (a, b)
        assert sum(reference.span("s", i, 1).dict_known > 0 for i in range(n)) > n / 2  # the dictionary has a say


@pytest.mark.parametrize("seed", [3, 4])
def test_same_beads_with_a_dictionary_as_the_reference(seed):
    """The array path now takes a dictionary: same beads through the coarse passes (no
    dictionary there), the band and the lexicon's second pass."""
    source, target = one_script_pair(seed)
    dictionary = one_script_dictionary(source)
    assert arrays.supports(DEFAULT, source, target)
    got = align_features(source, target, DEFAULT, dictionary=dictionary)
    want = align_features(source, target, DEFAULT, dictionary=dictionary, reference=True)
    assert ladder(got) == ladder(want)
    assert ladder(got) != ladder(align_features(source, target, DEFAULT))  # the dictionary changed something


def test_wide_bead_types_with_chrf_and_a_dictionary_are_priced_and_searched_as_the_reference():
    """Bead sides of four segments: the n-gram and dictionary matches of a band block serve
    them too (one more offset), through the coarse passes, the band and the lexicon pass."""
    model = AlignModel.from_dict({**DEFAULT.to_dict(), "wide_min_length": 1.0}).with_weights(type_23=0.5, type_32=0.5, type_24=0.5, type_42=0.5)
    source, target = one_script_pair(3)
    assert (4, 2) in bead_types(model, source, target)
    assert_same_costs(source, target, with_lexicon=False, model=model)
    dictionary = one_script_dictionary(source)
    known = document_pairs(dictionary, source, target)
    types = bead_types(model, source, target)
    arrays_ = ArrayCoster.from_features(model, source, target, None, known, types)
    src, tgt = restrict_to_shared(source, target)
    reference = BeadCoster(model, src, tgt, name_weights(src, tgt), dictionary=document_pairs(dictionary, src, tgt), types=types)
    rng = random.Random(3)
    for a, b in WIDE_BEAD_TYPES:
        beads = [(rng.randrange(len(src) - a + 1), a, rng.randrange(len(tgt) - b + 1), b) for _ in range(300)]
        assert np.allclose(arrays_.bead_costs(beads), [reference.cost(*bead) for bead in beads], rtol=0, atol=1e-9), (a, b)
    got = align_features(source, target, model)
    assert ladder(got) == ladder(align_features(source, target, model, reference=True))
    assert any((len(b.source), len(b.target)) == (4, 2) for b in got)  # the wide types took part
    with_dictionary = align_features(source, target, model, dictionary=dictionary)
    assert ladder(with_dictionary) == ladder(align_features(source, target, model, dictionary=dictionary, reference=True))


@pytest.mark.parametrize("seed,n", [(4, 60), (5, 260)])
def test_same_beads_as_the_reference_with_the_documents_length_spread(seed, n):
    """doc_var_weight: the second pass (with the lexicon's pairs) prices lengths by the spread
    the first pass's 1-1 beads show; both paths measure it on the same beads."""
    source, target = random_pair(seed, n)
    rng = random.Random(seed)  # lengths that agree loosely (a free translation)
    target = [replace(f, length=max(1, round(f.length * rng.uniform(0.5, 2.0)))) for f in target]
    model = replace(DEFAULT, doc_var_weight=1.0)
    first = align_features(source, target, replace(DEFAULT, doc_var_weight=0.0))
    spread = model.length_spread(source, target, [(b.source[0], len(b.source), b.target[0], len(b.target)) for b in first if b.source and b.target])
    assert spread > 1.0  # random lengths: the widened variances do apply
    arrays = align_features(source, target, model)
    reference = align_features(source, target, model, reference=True)
    assert ladder(arrays) == ladder(reference)


def test_lexicon_counted_in_small_chunks_equals_the_reference_even_with_wordless_beads(monkeypatch):
    """Pair counts are summed across chunks of beads (and squeezed when many are held); a chunk
    whose beads hold no words (blocks of a raw article carry no word sets) must not break it."""
    import toolkit.align.arrays as arrays_module

    rng = random.Random(5)
    vocab_s, vocab_t = [f"s{k}" for k in range(12)], [f"t{k}" for k in range(12)]
    source_words, target_words = [], []
    for k in range(90):
        chosen = rng.sample(range(12), 3) if k >= 12 else []  # the first twelve segments: no words
        source_words.append(frozenset(vocab_s[c] for c in chosen))
        target_words.append(frozenset(vocab_t[c] for c in chosen) | {vocab_t[rng.randrange(12)]} if chosen else frozenset())
    beads = [(k, 1, k, 1) for k in range(90)]
    want = learn_lexicon([(source_words[k], target_words[k]) for k in range(90)], 2, 0.7)
    monkeypatch.setattr(arrays_module, "BEADS_PER_CHUNK", 4)
    monkeypatch.setattr(arrays_module, "PAIR_KEYS_HELD", 20)
    got = learn_lexicon_arrays(source_words, target_words, beads, 2, 0.7)
    assert got.pairs == len(want) >= 10
    for k in range(90):  # each segment takes part in as many learned pairs as the reference says
        held = sum(len(want.source.get(w, ())) for w in source_words[k])
        assert got.source.indptr[k + 1] - got.source.indptr[k] == held
        held = sum(len(want.target.get(w, ())) for w in target_words[k])
        assert got.target.indptr[k + 1] - got.target.indptr[k] == held


#: The default model with the translation table's term (toolkit.align.lexicon.learn_table) weighed.
TABLE_MODEL = DEFAULT.with_weights(table=3.0)


@pytest.mark.parametrize("model", [TABLE_MODEL, TABLE_MODEL.with_weights(coverage=1.7)], ids=["table", "table+coverage"])
def test_translation_table_is_priced_by_the_arrays_as_by_the_reference(model):
    """The table's coverage of a bead's words, alone and beside the Dice lexicon (and coverage,
    which must not count the table's pairs as anchors), in every bead type."""
    for source, target in (random_pair(1, 120), one_script_pair(1)):
        assert_same_costs(source, target, with_lexicon=False, model=model, with_table=True)
        assert_same_costs(source, target, with_lexicon=True, model=model, with_table=True)


@pytest.mark.parametrize("seed", [3, 4])
def test_same_beads_with_the_translation_table_as_the_reference(seed):
    """Coarse passes, band and the second pass with the table learned from the first: bead for bead."""
    source, target = one_script_pair(seed)
    got = align_features(source, target, TABLE_MODEL)
    want = align_features(source, target, TABLE_MODEL, reference=True)
    assert ladder(got) == ladder(want)
    assert ladder(got) != ladder(align_features(source, target, DEFAULT.with_weights(table=0.0)))  # the table took part
