"""The bead cost: a weighted sum of features, with weights learned on development data.

The weights live in `toolkit/data/align/model.<pair>.json` (model.vi-de.json; other pairs
use model.default.json), written by `bench/tune_align.py` (coordinate ascent on strict F1 over
the development cases); nothing here is hand-tuned.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable, Sequence

from toolkit.align.features import SegmentFeatures, merge_features

if TYPE_CHECKING:
    from toolkit.align.lexicon import TranslationTable

BeadTypes = tuple[tuple[int, int], ...]

BEAD_TYPES: BeadTypes = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
#: Bead types searched where the model prices them and its segments are long enough (see
#: `bead_types`): a translation splits paragraphs where it likes, so three or four source
#: paragraphs may become two (NTREX dev para holds 3-2 and 4-2 beads); with embeddings the
#: default model searches 2-3 and 3-2 for sentences too (`with_embeddings`).
#: Appended after BEAD_TYPES: the search breaks ties by this order, the same in both.
WIDE_BEAD_TYPES: BeadTypes = ((2, 3), (3, 2), (2, 4), (4, 2))
#: Bead types searched at every level when the model prices them (a weight type_14 / type_41 in
#: its file): one long sentence that the translation gives as four (a list run into one German
#: sentence, French cut at semicolons: Text+Berg's development set holds five). Appended last.
LONG_BEAD_TYPES: BeadTypes = ((1, 4), (4, 1))


def max_side(types: BeadTypes) -> int:
    """The most segments a bead side of these types holds (the span sizes a coster needs)."""
    return max(max(a, b) for a, b in types)


#: The largest bead side of any type (sizes cheap to precompute for all are precomputed to it).
MAX_BEAD_SIDE = max_side(BEAD_TYPES + WIDE_BEAD_TYPES + LONG_BEAD_TYPES)
#: A document's length spread is measured on at least this many 1-1 beads (else: the model's).
MIN_SPREAD_BEADS = 10
#: ... and its median length ratio on at least this many (a news article of ten sentences has a few).
MIN_MEDIAN_BEADS = 3

#: Block kinds that usually stand alone (a title, a caption): merging one into a bead with a
#: neighbour costs `merge_unit`, a learned weight, never infinity (MT does join a title to its lead).
UNIT_KINDS = frozenset({"title", "caption", "dateline", "byline"})


@dataclass(frozen=True)
class AlignModel:
    """Length model of the language pair plus the feature weights of the bead cost."""

    length_mu: float = 0.0  # mean log(target chars / source chars) of 1-1 pairs
    length_var: float = 0.05  # its variance for long segments
    length_var_short: float = 5.0  # extra variance ~ 1/length: short segments vary more
    doc_mu_weight: float = 0.5  # how much the document's own length ratio moves length_mu
    # the same when the embedding term is priced (None: doc_mu_weight); omitted sentences bias the
    # document's ratio, and with meaning to go by the length model need not follow it as closely
    doc_mu_weight_embed: float | None = None
    # a document's ratio moves length_mu by doc_mu_weight x chars / (chars + doc_mu_prior), chars
    # its shorter side's characters outside portal lines: a text of a few sentences (one of them
    # maybe untranslated) moves it little, one of doc_mu_prior characters half (0: fully however short)
    doc_mu_prior: float = 0.0
    doc_var_weight: float = 0.0  # how much a document whose lengths agree less than the model's widens the variances
    # a second pass's length mean: this weight on the median log ratio of the first pass's 1-1
    # beads (the rest on length_mu), in place of the whole document's ratio, which its omitted
    # sentences bias towards merges (0: no such pass)
    median_mu_weight: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    score_bias: float = 2.0  # bead score = sigmoid(score_bias - score_scale * cost)
    score_scale: float = 1.0
    related_bias: float = -2.0  # P(texts are translations) = sigmoid(related_bias + related_scale * agreement)
    related_scale: float = 12.0
    related_min_anchors: int = 4  # fewer anchors than this: no evidence either way (relatedness 1)
    lexicon_min_pairs: int = 3  # a document-internal word pair must co-occur this often ...
    lexicon_min_dice: float = 0.6  # ... with at least this Dice coefficient
    # the wide bead types the model prices (2-3, 3-2, 2-4, 4-2; weights type_23 …) for segments
    # this long on average (vi-de: paragraphs; 0: any); None: never (every type costs search time)
    wide_min_length: float | None = None

    def w(self, name: str) -> float:
        return self.weights.get(name, 0.0)

    def length_mean(self, total_s: float, total_t: float, embeddings: bool) -> float:
        """The expected log length ratio of a 1-1 bead in a document of these total lengths
        (characters outside portal lines; `embeddings`: the embedding term is priced, so
        doc_mu_weight_embed applies if set), its ratio trusted less the shorter it is (doc_mu_prior)."""
        weight = self.doc_mu_weight_embed if embeddings and self.doc_mu_weight_embed is not None else self.doc_mu_weight
        if self.doc_mu_prior:
            shorter = min(total_s, total_t)
            weight *= shorter / (shorter + self.doc_mu_prior)
        return (1 - weight) * self.length_mu + weight * math.log(total_t / total_s)

    def relatedness(self, shared: int, possible: int) -> float:
        """Probability that the texts translate each other, from their anchors' agreement
        (`shared` of the `possible` anchors agree; too few anchors: no evidence, 1)."""
        if possible < self.related_min_anchors:
            return 1.0
        z = self.related_bias + self.related_scale * shared / possible
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def bead_score(self, cost: float) -> float:
        """Probability-like score in [0, 1] of a bead with this cost (calibrated on dev data)."""
        z = self.score_bias - self.score_scale * cost
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def length_spread(self, source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures], beads: Sequence[tuple[int, int, int, int]]) -> float:
        """How much more the lengths of this document's 1-1 beads (a first pass's) disagree than
        the length model expects: the mean of x² / variance over them (1: as the model says).
        A free (literary) translation says more or less than its source sentence by sentence;
        a news translation less so than the model, which was fitted on news."""
        total_s = sum(f.length for f in source if not f.furniture) or 1
        total_t = sum(f.length for f in target if not f.furniture) or 1
        mu = self.length_mean(total_s, total_t, False)
        ratios = []
        for i, a, j, b in beads:
            if a == 1 and b == 1 and not source[i].furniture and not target[j].furniture:
                ls, lt = source[i].length, target[j].length
                x = math.log((lt + 5) / (ls + 5)) - mu
                ratios.append(x * x / (self.length_var + self.length_var_short / (ls + lt + 10)))
        return math.fsum(ratios) / len(ratios) if len(ratios) >= MIN_SPREAD_BEADS else 1.0

    def with_length_spread(self, spread: float) -> AlignModel | None:
        """The model with its length variances widened by a document's `length_spread` (moved by
        doc_var_weight; never narrowed), or None when that changes nothing."""
        factor = 1.0 + self.doc_var_weight * (spread - 1.0)
        if factor <= 1.0:
            return None
        return replace(self, length_var=self.length_var * factor, length_var_short=self.length_var_short * factor)

    def with_median_ratio(self, source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures], beads: Sequence[tuple[int, int, int, int]]) -> AlignModel | None:
        """The model whose length mean follows the median log length ratio of a first pass's
        1-1 beads (moved by median_mu_weight), or None when the weight is 0 or the beads too few.

        The document's total ratio counts its omitted sentences: two German sentences more than
        the Vietnamese make every German side look long, and a merge that swallows an omitted
        sentence then costs nothing in length. The median of the pairs found ignores them."""
        if not self.median_mu_weight:
            return None
        ratios = [
            math.log((target[j].length + 5) / (source[i].length + 5))
            for i, a, j, b in beads
            if a == 1 and b == 1 and not source[i].furniture and not target[j].furniture
        ]
        if len(ratios) < MIN_MEDIAN_BEADS:
            return None
        mu = (1 - self.median_mu_weight) * self.length_mu + self.median_mu_weight * statistics.median(ratios)
        return replace(self, length_mu=mu, doc_mu_weight=0.0, doc_mu_weight_embed=0.0)

    def with_weights(self, **changes: float) -> AlignModel:
        return replace(self, weights={**self.weights, **changes})

    def to_dict(self) -> dict[str, Any]:
        return {
            "length_mu": self.length_mu,
            "length_var": self.length_var,
            "length_var_short": self.length_var_short,
            "doc_mu_weight": self.doc_mu_weight,
            "doc_mu_weight_embed": self.doc_mu_weight_embed,
            "doc_mu_prior": self.doc_mu_prior,
            "doc_var_weight": self.doc_var_weight,
            "median_mu_weight": self.median_mu_weight,
            "weights": dict(sorted(self.weights.items())),
            "score_bias": self.score_bias,
            "score_scale": self.score_scale,
            "related_bias": self.related_bias,
            "related_scale": self.related_scale,
            "related_min_anchors": self.related_min_anchors,
            "lexicon_min_pairs": self.lexicon_min_pairs,
            "lexicon_min_dice": self.lexicon_min_dice,
            "wide_min_length": self.wide_min_length,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlignModel:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def bead_types(model: AlignModel, source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]) -> BeadTypes:
    """The bead types the search tries for this pair of segment lists: BEAD_TYPES, plus the
    WIDE_BEAD_TYPES the model prices when the segments are at least `model.wide_min_length`
    characters long on average (paragraphs; 0: any segments), plus the LONG_BEAD_TYPES it
    prices at every length. Decided once per document pair, from lengths alone: the block
    level of a raw article and the same paragraphs presplit decide alike, and where
    wide_min_length is a paragraph's (vi-de's), a long document of sentences does not search
    the wide types. A type counts as priced when its key (type_23 …) is present, even at 0:
    it then costs nothing."""
    long = _priced(model, LONG_BEAD_TYPES)
    if model.wide_min_length is None or not source or not target:
        return BEAD_TYPES + long
    mean = (sum(f.length for f in source) + sum(f.length for f in target)) / (len(source) + len(target))
    return BEAD_TYPES + (_priced(model, WIDE_BEAD_TYPES) if mean >= model.wide_min_length else ()) + long


def _priced(model: AlignModel, types: BeadTypes) -> BeadTypes:
    """The types of `types` the model has a price for (a key type_ab)."""
    return tuple((a, b) for a, b in types if f"type_{a}{b}" in model.weights)


@lru_cache(maxsize=None)
def load_model(pair: str = "vi-de") -> AlignModel:
    """The shipped model for a language pair: its own (model.vi-de.json), else model.default.json.

    The default model is learned on perturbed English-German NTREX development cases and
    Text+Berg's German-French development set (bench/tune_align.py --pair default), with
    character n-gram (cognate) evidence chosen on English-German, so pairs of one script such
    as German-French can use it; its `trained_on` says how each weight was chosen.
    """
    base = resources.files("toolkit").joinpath("data", "align")
    path = base.joinpath(f"model.{pair}.json")
    if not path.is_file():
        path = base.joinpath("model.default.json")
    if not path.is_file():
        path = base.joinpath("model.vi-de.json")
    return AlignModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Lexicon:
    """Word pairs learned from one document pair: each source and target word → entry ids."""

    source: dict[str, frozenset[int]]
    target: dict[str, frozenset[int]]

    def __len__(self) -> int:
        return len({i for ids in self.source.values() for i in ids})


@dataclass(frozen=True)
class KnownPairs:
    """A user dictionary restricted to one document pair: each word → ids of its dictionary
    pairs whose other word occurs in the other text, plus every word the dictionary knows at
    all (a known word left untranslated in a bead counts against it)."""

    source: dict[str, frozenset[int]]
    target: dict[str, frozenset[int]]
    source_known: frozenset[str]
    target_known: frozenset[str]


class Span:
    """A bead side: its segments' features merged, plus what the cost wants precomputed.

    A plain slotted class, not a frozen dataclass: the DP builds one per segment and bead size
    (~90 an article, 60,000 per side for a 20,000-sentence document), and a frozen dataclass's
    __init__ costs several times as much.
    """

    __slots__ = (
        "length", "numbers", "names", "codes", "ngrams", "ngram_count", "punct", "terms", "furniture",
        "any_furniture", "name_total", "lexicon", "dict_words", "dict_ids", "dict_known", "kind", "label", "units", "vector", "short", "parts", "size",
        "end_label", "tail", "table", "word_count",
    )

    def __init__(self, chunk: Sequence[SegmentFeatures], name_weight: dict[str, float]) -> None:
        merged = merge_features(chunk)
        self.size = len(chunk)  # segments in this bead side
        self.length = merged.length
        self.numbers = merged.numbers
        self.names = merged.names
        self.codes = merged.codes
        self.ngrams = merged.ngrams
        self.ngram_count = merged.ngram_count
        self.punct = merged.punct
        self.terms = merged.terms
        self.furniture = merged.furniture
        self.any_furniture = any(f.furniture for f in chunk)
        self.parts: tuple[tuple[frozenset, ...], ...] = ()  # set by the coster when the model weighs coverage
        last = chunk[-1]
        self.end_label = last.shape or (last.kind if last.kind in UNIT_KINDS else "")  # the last segment's label
        self.tail = last.tail  # a portal line run into the last segment's end (features.trailing_shape)
        if len(chunk) == 1:
            single = chunk[0]
            self.kind = single.kind if single.kind in UNIT_KINDS else ""  # a title's, a caption's …
            self.label = single.shape or self.kind  # for pairing like with like
            self.units = 0
            self.short = single.short
        else:
            self.kind = self.label = ""
            self.units = sum(f.kind in UNIT_KINDS for f in chunk if f.kind)  # titles, captions merged in
            self.short = False
        self.vector = None if merged.vector is None else unit_vector(merged.vector)  # normalised sum of sentence vectors
        # fsum: a set's order changes with the hash seed, and a float sum must not (same beads in every process)
        self.name_total = math.fsum(name_weight.get(n, 1.0) for n in merged.names)  # so a miss costs no loop
        self.lexicon: frozenset[int] = frozenset()  # ids of the document-internal lexicon's word pairs
        self.table: frozenset[int] = frozenset()  # ids of the translation table's word pairs (`table` weight)
        self.word_count = 0  # distinct words (the table term's denominator)
        self.dict_words: tuple[frozenset[int], ...] = ()  # per word with a dictionary pair in the other text: its pair ids
        self.dict_ids: frozenset[int] = frozenset()  # their union
        self.dict_known = 0  # words the dictionary knows (the denominator of coverage)


class BeadCoster:
    """Cost of any bead between two feature lists; merged spans cached per (start, size)."""

    def __init__(
        self,
        model: AlignModel,
        source: list[SegmentFeatures],
        target: list[SegmentFeatures],
        name_weight: dict[str, float],
        lexicon: Lexicon | None = None,
        dictionary: KnownPairs | None = None,
        types: BeadTypes = BEAD_TYPES,
        table: TranslationTable | None = None,
    ) -> None:
        self.model = model
        self.types = types  # the bead types the search tries (`bead_types`)
        self.lexicon = lexicon
        self.table = table if table is not None and model.w("table") else None
        self._table_ids = (table.ids("s"), table.ids("t")) if self.table is not None else ({}, {})
        self.w_table = model.w("table") if self.table is not None else 0.0
        self.dictionary = dictionary
        self.source = source
        self.target = target
        self.name_weight = name_weight
        total_s = sum(f.length for f in source if not f.furniture) or 1
        total_t = sum(f.length for f in target if not f.furniture) or 1
        self._skip: dict[tuple[int, int, int], float] = {}
        self._length_var = model.length_var
        self._length_var_short = model.length_var_short
        w = model.w
        self.type_cost = {(a, b): w(f"type_{a}{b}") for a, b in types}
        self.w_len = w("length")
        self.w_sim = w("chrf")
        self.w_name = w("name_match")
        self.w_name_miss = w("name_miss")
        self.w_num = w("number_match")
        self.w_num_miss = w("number_miss")
        self.w_code = w("code_match")
        self.w_code_miss = w("code_miss")
        self.w_punct = w("punct_diff")
        self.w_term = w("term_match")
        self.w_term_miss = w("term_miss")
        self.w_skip_furniture = w("skip_furniture")
        self.w_skip_length = w("skip_length")
        self.w_merge_furniture = w("merge_furniture")
        self.w_merge_unit = w("merge_unit")
        self.w_kind_match = w("kind_match")
        self.w_kind_mismatch = w("kind_mismatch")
        self.w_tail = w("tail_match")
        # skip bonus by kind (skip_title, skip_caption, …; negative: dearer to leave one-sided)
        self.w_skip_short = w("skip_short")
        self.w_skip_kind = {kind: w(f"skip_{kind}") for kind in UNIT_KINDS}
        self.w_lex = w("lex_match")
        self.w_lex_miss = w("lex_miss")
        self.w_coverage = w("coverage")
        self.w_dict = w("dict_match")
        self.w_embed = w("embed")
        self.w_embed_size = w("embed_size")
        self.w_embed_margin = w("embed_margin")
        self._src = self._all_spans("s")
        self._tgt = self._all_spans("t")
        self.sim_base, self.sim_span = self._similarity_scale()
        self.table_base, self.table_span = self._document_scale(self._coverage) if self.w_table else (0.0, 1.0)
        self.embed_base, self.embed_span = self._embedding_scale()
        self.mu = model.length_mean(total_s, total_t, bool(self.w_embed))
        if self.w_embed:  # with meaning to go by, leaving a sentence unpaired needs less caution
            for key in ((1, 0), (0, 1)):
                self.type_cost[key] += w("embed_skip")
            # ... and cognates and anchors, cruder evidence of the same thing, weigh less (embedding_damping)
            keep = embedding_damping(model)
            self.w_sim *= keep
            self.w_name, self.w_name_miss, self.w_num, self.w_num_miss = (keep * x for x in (self.w_name, self.w_name_miss, self.w_num, self.w_num_miss))
            self.w_code, self.w_code_miss, self.w_term, self.w_term_miss = (keep * x for x in (self.w_code, self.w_code_miss, self.w_term, self.w_term_miss))

    def _neighbours(self, i: int, a: int, j: int, b: int) -> float:
        """Bertalign's margin: the mean cosine of each bead side with the single segments just
        before and after the other side (`neighbour_mean`)."""
        n, m = len(self.source), len(self.target)
        src, tgt = self._src[a][i], self._tgt[b][j]
        t_before = _cosine(src, self.span("t", j - 1, 1)) if j > 0 else 0.0
        t_after = _cosine(src, self.span("t", j + b, 1)) if j + b < m else 0.0
        s_before = _cosine(tgt, self.span("s", i - 1, 1)) if i > 0 else 0.0
        s_after = _cosine(tgt, self.span("s", i + a, 1)) if i + a < n else 0.0
        return neighbour_mean(t_before, t_after, j > 0, j + b < m, s_before, s_after, i > 0, i + a < n)

    def _embedding_scale(self) -> tuple[float, float]:
        """Cosine of unrelated pairs (base) and of likely translations in this document (as
        `_similarity_scale`): raw cosines differ by model and language pair, rescaled ones do not."""
        if not prices_embeddings(self.model, self.source, self.target):
            self.w_embed = 0.0
            return 0.0, 1.0
        return self._document_scale(_cosine)

    def _similarity_scale(self) -> tuple[float, float]:
        """chrF of unrelated pairs (base) and of likely translations, measured in this document.

        Character n-grams say much for German-French and little for Vietnamese-German; scaling
        the similarity by what this pair of documents shows keeps one weight right for both.
        """
        n, m = len(self.source), len(self.target)
        if n < 3 or m < 3 or not self.w_sim:
            return 0.0, 1.0
        return self._document_scale(self._chrf)

    def _document_scale(self, similarity: Callable[[Span, Span], float]) -> tuple[float, float]:
        """`document_scale` of a similarity between this document's single-segment spans."""
        return document_scale(len(self.source), len(self.target), lambda i, k: similarity(self.span("s", i, 1), self.span("t", k, 1)))

    def _coverage(self, src: Span, tgt: Span) -> float:
        """The translation table's value shared by two bead sides over their distinct words
        (0 to 1: each word's pairs are worth t(f|e) + t(e|f), at most 1 per direction)."""
        if not src.word_count or not tgt.word_count:
            return 0.0
        shared = src.table & tgt.table
        if not shared:
            return 0.0
        value = self.table.value
        return math.fsum(value[k] for k in shared) / (src.word_count + tgt.word_count)

    @staticmethod
    def _chrf(src: Span, tgt: Span) -> float:
        if not src.ngram_count or not tgt.ngram_count:
            return 0.0
        inter = len(src.ngrams & tgt.ngrams)
        if not inter:
            return 0.0
        p = inter / tgt.ngram_count
        r = inter / src.ngram_count
        return 5 * p * r / (4 * p + r)  # chrF's F-beta with beta = 2

    def span(self, side: str, start: int, size: int) -> Span:
        """Segments start..start+size-1 of one side merged (precomputed for the bead sizes)."""
        table = self._src if side == "s" else self._tgt
        row = table[size] if 0 < size < len(table) else ()
        if 0 <= start < len(row):
            return row[start]
        return self._make_span(side, start, size)  # a size no bead has, or past the end

    def _all_spans(self, side: str) -> list[list[Span]]:
        """spans[size][start] for every bead size, so the DP only indexes lists."""
        features = self.source if side == "s" else self.target
        spans: list[list[Span]] = [[]]
        for size in range(1, max_side(self.types) + 1):
            spans.append([self._make_span(side, start, size) for start in range(len(features) - size + 1)])
        return spans

    def _make_span(self, side: str, start: int, size: int) -> Span:
        features = self.source if side == "s" else self.target
        chunk = features[start : start + size]
        span = Span(chunk, self.name_weight)
        if self.w_coverage and size > 1:  # coverage: each merged segment's own anchors and lexicon pairs, by kind
            span.parts = tuple((f.numbers, f.names, f.codes, f.terms, _pair_ids(self.lexicon, side, [f])) for f in chunk)
        if self.lexicon is not None:
            span.lexicon = _pair_ids(self.lexicon, side, chunk)
        if self.table is not None:
            words = frozenset().union(*(f.words for f in chunk))
            ids = self._table_ids[0 if side == "s" else 1]
            span.table = frozenset().union(*(ids.get(w, ()) for w in words))
            span.word_count = len(words)
        if self.dictionary is not None:
            words = frozenset().union(*(f.words for f in chunk))
            table = self.dictionary.source if side == "s" else self.dictionary.target
            known = self.dictionary.source_known if side == "s" else self.dictionary.target_known
            span.dict_words = tuple(table[w] for w in words if w in table)
            span.dict_ids = frozenset().union(*span.dict_words)
            span.dict_known = len(words & known)
        return span

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        """Cost of the bead joining source[i:i+a] and target[j:j+b] (lower is better)."""
        if a == 0 or b == 0:
            key = (a, b, i if b == 0 else j)
            found = self._skip.get(key)
            if found is None:
                s = self.span("t", j, 1) if a == 0 else self.span("s", i, 1)
                found = self._skip[key] = (
                    self.type_cost[(a, b)]
                    - self.w_skip_furniture * s.furniture
                    - self.w_skip_kind.get(s.kind, 0.0)
                    - self.w_skip_short * s.short
                    + self.w_skip_length * math.log1p(s.length) / 5.0
                )
            return found
        src = self._src[a][i]
        tgt = self._tgt[b][j]
        cost = self.pair_cost(src, tgt) + self.type_cost[(a, b)]
        if self.w_embed and self.w_embed_margin:
            cost += self.w_embed_margin * (self._neighbours(i, a, j, b) - _cosine(src, tgt)) / self.embed_span
        if a > 1 or b > 1:
            if self.w_tail and ((src.end_label and src.end_label == tgt.tail) or (tgt.end_label and tgt.end_label == src.tail)):
                # a credit line merged with the paragraph the other side ran its credit into:
                # like with like, not a portal line or caption glued to a neighbour
                return cost - self.w_tail
            if src.any_furniture or tgt.any_furniture:
                cost += self.w_merge_furniture
            if src.units or tgt.units:  # a title or caption merged with a neighbour: possible, not likely
                cost += self.w_merge_unit * (src.units + tgt.units)
        elif src.label or tgt.label:  # like with like: caption with caption, "Xem thêm:" with "Mehr dazu:"
            if src.label == tgt.label:
                cost -= self.w_kind_match
            elif src.kind or tgt.kind:  # a title or caption (block kinds) paired with something else
                cost += self.w_kind_mismatch
        return cost

    def pair_cost(self, src: Span, tgt: Span) -> float:
        """The content part of a bead's cost (the DP's inner loop)."""
        x = math.log((tgt.length + 5) / (src.length + 5)) - self.mu
        cost = self.w_len * x * x / (2 * (self._length_var + self._length_var_short / (src.length + tgt.length + 10)))
        if self.w_sim:
            cost -= self.w_sim * (self._chrf(src, tgt) - self.sim_base) / self.sim_span
        if src.names or tgt.names:
            shared = src.names & tgt.names
            shared_weight = math.fsum(self.name_weight.get(n, 1.0) for n in shared) if shared else 0.0  # order-free, as name_total
            cost -= self.w_name * shared_weight
            cost += self.w_name_miss * (src.name_total + tgt.name_total - 2 * shared_weight)
        for a, b, match, miss in (
            (src.numbers, tgt.numbers, self.w_num, self.w_num_miss),
            (src.codes, tgt.codes, self.w_code, self.w_code_miss),
            (src.terms, tgt.terms, self.w_term, self.w_term_miss),
            (src.lexicon, tgt.lexicon, self.w_lex, self.w_lex_miss),
        ):
            if a or b:  # anchors on both sides agree (bonus) or one side lacks them (cost)
                same = len(a & b)
                cost += miss * (len(a) + len(b) - 2 * same) - match * same
        if src.dict_ids and tgt.dict_ids:  # coverage: share of known words whose translation is on the other side
            hits = sum(not ids.isdisjoint(tgt.dict_ids) for ids in src.dict_words)
            hits += sum(not ids.isdisjoint(src.dict_ids) for ids in tgt.dict_words)
            cost -= self.w_dict * hits / (src.dict_known + tgt.dict_known)
        if self.w_table:  # the translation table's coverage of the bead's words, rescaled per document as chrF
            cost -= self.w_table * (self._coverage(src, tgt) - self.table_base) / self.table_span
        if self.w_coverage and (src.parts or tgt.parts):
            cost += self.w_coverage * (_uncovered(src.parts, tgt) + _uncovered(tgt.parts, src))
        if self.w_embed:
            cost -= self.w_embed * embed_factor(self.w_embed_size, src.size, tgt.size) * (_cosine(src, tgt) - self.embed_base) / self.embed_span
        if self.w_punct:
            sp, tp = src.punct, tgt.punct
            cost += self.w_punct * (abs(sp[0] - tp[0]) + abs(sp[1] - tp[1]) + abs(sp[2] - tp[2]) + abs(sp[3] - tp[3]) + abs(sp[4] - tp[4]))
        return cost

    def anchor_agreement(self, beads: list[tuple[int, int, int, int]]) -> tuple[int, int]:
        """(anchors shared by aligned pairs, anchors the smaller side holds in all its text).

        Counting the whole text (not only aligned pairs) keeps a wrong source from looking
        related merely because most of it was left unaligned.
        """
        shared = 0
        for i, a, j, b in beads:
            if not a or not b:
                continue
            src = self.span("s", i, a)
            tgt = self.span("t", j, b)
            for x, y in ((src.numbers, tgt.numbers), (src.names, tgt.names), (src.codes, tgt.codes), (src.terms, tgt.terms)):
                if x and y:
                    shared += len(x & y)

        def held(features: list[SegmentFeatures]) -> int:
            return sum(len(f.numbers) + len(f.names) + len(f.codes) + len(f.terms) for f in features if not f.furniture)

        return shared, min(held(self.source), held(self.target))

    def relatedness(self, shared: int, possible: int) -> float:
        """Probability that the texts translate each other, from their anchors' agreement."""
        return self.model.relatedness(shared, possible)

    def words(self, side: str, start: int, size: int) -> frozenset[str]:
        """The words of a bead side (for learning a document-internal lexicon)."""
        features = self.source if side == "s" else self.target
        return frozenset().union(*(f.words for f in features[start : start + size]))

    def forget(self) -> None:
        """Drop the spans (a long document's first pass, once its lexicon is learned): this coster is done."""
        self._src = self._tgt = [[]]

    def score(self, cost: float) -> float:
        """Probability-like score in [0, 1] of a bead with this cost (calibrated on dev data)."""
        return self.model.bead_score(cost)


def _uncovered(parts: tuple[tuple[frozenset, ...], ...], other: Span) -> float:
    """Coverage evidence of a merge: for each merged segment with anchors (or lexicon pairs) of
    its own, the share of them the other side does not hold (1.0: an omitted sentence glued to
    its neighbour)."""
    total = 0.0
    for numbers, names, codes, terms, lexicon in parts:
        held = len(numbers) + len(names) + len(codes) + len(terms) + len(lexicon)
        if held:
            found = len(numbers & other.numbers) + len(names & other.names) + len(codes & other.codes) + len(terms & other.terms)
            total += (held - found - len(lexicon & other.lexicon)) / held
    return total


def document_scale(n: int, m: int, similarity: Callable[[int, int], float]) -> tuple[float, float]:
    """(base, span) of `similarity(i, k)` between source segment i and target segment k of one
    document pair: its mean for a sentence against the best of its five neighbours around the
    diagonal, and (base) against one half a document away. One sampler for every similarity
    and both costers (BeadCoster, toolkit.align.arrays), so both rescale alike."""
    near: list[float] = []
    far: list[float] = []
    step = max(1, n // 200)
    for i in range(0, n, step):
        j = round(i * m / n)
        near.append(max(similarity(i, k) for k in range(max(0, j - 2), min(m, j + 3))))
        if m > 1:
            far.append(similarity(i, (j + max(1, m // 2)) % m))
    base = sum(far) / len(far) if far else 0.0
    top = sum(near) / len(near)
    return base, max(top - base, 0.05)  # a pair of different scripts shows a tiny gap: little to go by


def neighbour_mean(t_before, t_after, has_t_before, has_t_after, s_before, s_after, has_s_before, has_s_after):
    """The mean of a bead's neighbour cosines, as Bertalign's margin takes it: per side, the
    mean of those that exist (0 when none), then the mean of the two sides. Floats or numpy
    arrays alike (both costers price it with the same operations)."""
    t = (t_before + t_after) / (1.0 + (has_t_before & has_t_after))
    s = (s_before + s_after) / (1.0 + (has_s_before & has_s_after))
    return (t + s) / 2


def prices_embeddings(model: AlignModel, source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]) -> bool:
    """Whether the embedding term counts for this pair: the model weighs it and both sides
    carry vectors (a side is embedded whole or not at all, so its first segment tells)."""
    return bool(model.w("embed")) and bool(source) and bool(target) and source[0].vector is not None and target[0].vector is not None


def with_embeddings(model: AlignModel) -> AlignModel:
    """The model as it prices a pair whose segments carry embeddings: every weight the model
    has a `<name>_embed` price for at that price. The default model prices its translation
    table there at 0 (`table_embed`): the table guesses word pairs from a first pass that
    lengths and cognates led, and with meaning to go by that pass is better than what the
    table teaches. It prices 2-3 and 3-2 beads only there (`type_23_embed`, `type_32_embed`):
    a sentence's vector tells which of two or three neighbours it belongs with, where lengths
    alone made those types cost more beads than they found (model.default.json)."""
    changes = {name[: -len("_embed")]: value for name, value in model.weights.items() if name.endswith("_embed")}
    return model.with_weights(**changes) if changes else model


def embedding_damping(model: AlignModel) -> float:
    """The factor on the chrF and anchor weights (names, numbers, codes, terms) when the
    embedding term is priced: 1 − `embed_damp`. Sentence embeddings say what character n-grams
    and anchors say, and better; at full weight those outvote them on a free translation,
    whose cognates and names are sparse (Bertalign prices the embeddings alone). Length, the
    document lexicon and the bead priors keep their weights. Both costers take it from here."""
    return 1.0 - model.w("embed_damp")


def embed_factor(size_weight: float, a: int, b: int) -> float:
    """How many times a bead of a + b segments counts its meaning evidence: 1 per bead
    (`size_weight` 0) up to (a + b) / 2, once per segment pair as Vecalign prices it
    (`size_weight` 1): per bead, two 1-1 beads earn the bonus twice where the 2-2 bead
    they cut through earns it once, so crossings are split."""
    return 1.0 + size_weight * ((a + b) / 2 - 1.0)


def unit_vector(vector):
    """The vector as a normalised float64 numpy array (numpy is a core dependency); float64 so
    that the array path's cosines (toolkit.align.arrays) agree with these to 1e-15."""
    import numpy

    array = numpy.asarray(vector, dtype=numpy.float64)
    norm = float(numpy.linalg.norm(array))
    return array / norm if norm else array


def _cosine(src: Span, tgt: Span) -> float:
    if src.vector is None or tgt.vector is None:
        return 0.0
    return float(src.vector @ tgt.vector)


def _pair_ids(lexicon: Lexicon | None, side: str, chunk: list[SegmentFeatures]) -> frozenset[int]:
    """The lexicon pairs whose word on this side occurs in these segments."""
    if lexicon is None:
        return frozenset()
    table = lexicon.source if side == "s" else lexicon.target
    return frozenset().union(*(table.get(w, ()) for f in chunk for w in f.words))
