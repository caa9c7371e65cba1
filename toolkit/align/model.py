"""The bead cost: a weighted sum of features, with weights learned on NTREX development data.

The weights live in `toolkit/data/align/model.json`, written by `bench/tune_align.py`
(coordinate ascent on strict F1 over the development cases); nothing here is hand-tuned.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from toolkit.align.features import SegmentFeatures

BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))


@dataclass(frozen=True)
class AlignModel:
    """Length model of the language pair plus the feature weights of the bead cost."""

    length_mu: float = 0.0  # mean log(target chars / source chars) of 1-1 pairs
    length_var: float = 0.05  # its variance for long segments
    length_var_short: float = 5.0  # extra variance ~ 1/length: short segments vary more
    doc_mu_weight: float = 0.5  # how much the document's own length ratio moves length_mu
    weights: dict[str, float] = field(default_factory=dict)
    score_bias: float = 2.0  # bead score = sigmoid(score_bias - score_scale * cost)
    score_scale: float = 1.0

    def w(self, name: str) -> float:
        return self.weights.get(name, 0.0)

    def with_weights(self, **changes: float) -> AlignModel:
        return replace(self, weights={**self.weights, **changes})

    def to_dict(self) -> dict[str, Any]:
        return {
            "length_mu": self.length_mu,
            "length_var": self.length_var,
            "length_var_short": self.length_var_short,
            "doc_mu_weight": self.doc_mu_weight,
            "weights": dict(sorted(self.weights.items())),
            "score_bias": self.score_bias,
            "score_scale": self.score_scale,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlignModel:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@lru_cache(maxsize=None)
def load_model(name: str = "vi-de") -> AlignModel:
    """The shipped model for a language pair ('vi-de'; other pairs fall back to it)."""
    base = resources.files("toolkit").joinpath("data", "align")
    path = base.joinpath(f"model.{name}.json")
    if not path.is_file():
        path = base.joinpath("model.vi-de.json")
    return AlignModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Span:
    """Merged features of consecutive segments (a bead side)."""

    length: int
    numbers: frozenset[str]
    names: frozenset[str]
    codes: frozenset[str]
    ngrams: frozenset[str]
    ngram_count: int
    punct: tuple[int, ...]
    terms: frozenset[str]
    furniture: bool


def merge(features: list[SegmentFeatures]) -> Span:
    if len(features) == 1:
        f = features[0]
        return Span(f.length, f.numbers, f.names, f.codes, f.ngrams, f.ngram_count, f.punct, f.terms, f.furniture)
    return Span(
        length=sum(f.length for f in features) + len(features) - 1,
        numbers=frozenset().union(*(f.numbers for f in features)),
        names=frozenset().union(*(f.names for f in features)),
        codes=frozenset().union(*(f.codes for f in features)),
        ngrams=frozenset().union(*(f.ngrams for f in features)),
        ngram_count=sum(f.ngram_count for f in features),
        punct=tuple(map(sum, zip(*(f.punct for f in features)))),
        terms=frozenset().union(*(f.terms for f in features)),
        furniture=all(f.furniture for f in features),
    )


class BeadCoster:
    """Cost of any bead between two feature lists; merged spans cached per (start, size)."""

    def __init__(
        self,
        model: AlignModel,
        source: list[SegmentFeatures],
        target: list[SegmentFeatures],
        name_weight: dict[str, float],
    ) -> None:
        self.model = model
        self.source = source
        self.target = target
        self.name_weight = name_weight
        total_s = sum(f.length for f in source if not f.furniture) or 1
        total_t = sum(f.length for f in target if not f.furniture) or 1
        doc_mu = math.log(total_t / total_s)
        self.mu = (1 - model.doc_mu_weight) * model.length_mu + model.doc_mu_weight * doc_mu
        self._src: dict[tuple[int, int], Span] = {}
        self._tgt: dict[tuple[int, int], Span] = {}
        w = model.w
        self.type_cost = {(a, b): w(f"type_{a}{b}") for a, b in BEAD_TYPES}
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

    def span(self, side: str, start: int, size: int) -> Span:
        cache = self._src if side == "s" else self._tgt
        key = (start, size)
        found = cache.get(key)
        if found is None:
            features = self.source if side == "s" else self.target
            found = cache[key] = merge(features[start : start + size])
        return found

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        """Cost of the bead joining source[i:i+a] and target[j:j+b] (lower is better)."""
        if a == 0 or b == 0:
            side, start = ("t", j) if a == 0 else ("s", i)
            s = self.span(side, start, 1)
            return (
                self.type_cost[(a, b)]
                - self.w_skip_furniture * s.furniture
                + self.w_skip_length * math.log1p(s.length) / 5.0
            )
        src = self.span("s", i, a)
        tgt = self.span("t", j, b)
        return self.pair_cost(src, tgt) + self.type_cost[(a, b)] + self.w_merge_furniture * ((a > 1 or b > 1) and (src.furniture or tgt.furniture or self._any_furniture(i, a, j, b)))

    def _any_furniture(self, i: int, a: int, j: int, b: int) -> bool:
        return any(f.furniture for f in self.source[i : i + a]) or any(f.furniture for f in self.target[j : j + b])

    def pair_cost(self, src: Span, tgt: Span) -> float:
        m = self.model
        x = math.log((tgt.length + 5) / (src.length + 5)) - self.mu
        var = m.length_var + m.length_var_short / (src.length + tgt.length + 10)
        cost = self.w_len * x * x / (2 * var)
        if src.ngram_count and tgt.ngram_count:
            inter = len(src.ngrams & tgt.ngrams)
            if inter:
                p = inter / tgt.ngram_count
                r = inter / src.ngram_count
                cost -= self.w_sim * 5 * p * r / (4 * p + r)  # chrF's F-beta with beta = 2
        if src.names or tgt.names:
            weight = self.name_weight
            shared = src.names & tgt.names
            cost -= self.w_name * sum(weight.get(n, 1.0) for n in shared)
            cost += self.w_name_miss * sum(weight.get(n, 1.0) for n in src.names ^ tgt.names)
        if src.numbers or tgt.numbers:
            cost -= self.w_num * len(src.numbers & tgt.numbers)
            cost += self.w_num_miss * len(src.numbers ^ tgt.numbers)
        if src.codes or tgt.codes:
            cost -= self.w_code * len(src.codes & tgt.codes)
            cost += self.w_code_miss * len(src.codes ^ tgt.codes)
        if src.terms or tgt.terms:
            cost -= self.w_term * len(src.terms & tgt.terms)
            cost += self.w_term_miss * len(src.terms ^ tgt.terms)
        if self.w_punct:
            cost += self.w_punct * sum(abs(p - q) for p, q in zip(src.punct, tgt.punct))
        return cost

    def score(self, cost: float) -> float:
        """Probability-like score in [0, 1] of a bead with this cost (calibrated on dev data)."""
        z = self.model.score_bias - self.model.score_scale * cost
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
