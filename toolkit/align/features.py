"""What makes a Vietnamese and a German segment look like translations of each other.

Per segment we precompute, once: its length, the anchors that survive translation (numbers
across formats, document codes, names with diacritics folded, URLs), the termbase entries it
contains, a profile of folded character n-grams (sacrebleu's chrF idea, as sets restricted
to n-grams both documents share, so a comparison is one C-level set intersection), and a
punctuation signature. A bead's features are unions of its segments' features.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Sequence

import regex

from toolkit.anchors import code_anchors, number_values
from toolkit.normalize import fold_diacritics
from toolkit.segment.blocks import furniture_kind

NGRAM_ORDERS: tuple[int, ...] = (3, 4, 5)

_LETTER_RUN = regex.compile(r"[\p{L}\p{M}]+")
_UPPER = regex.compile(r"\p{Lu}")
_PUNCT_CLASSES: tuple[tuple[str, str], ...] = (
    ("?", "?"),
    ("!", "!"),
    ("quote", "\"„“”«»"),
    ("paren", "()"),
    ("colon", ":"),
)
_SPACE = regex.compile(r"\s+")
_SENTENCE_END = regex.compile(r"[.!?…:;][\"'“”’»)\]]*\s*$")
SHORT_WORDS = 4


def name_anchors(text: str) -> frozenset[str]:
    """Capitalised words and acronyms, folded and lower-cased ("Hưng" and "Hung" → "hung")."""
    return _names(_LETTER_RUN.findall(text))


def _names(runs: list[str]) -> frozenset[str]:
    """name_anchors from the text's maximal runs of letters: a run whose first letter is upper case."""
    return frozenset([_word_key(w) for w in runs if len(w) >= 2 and _upper_initial(w[0])])


@lru_cache(maxsize=4096)
def _upper_initial(char: str) -> bool:
    return _UPPER.match(char) is not None


def ngram_text(text: str) -> str:
    """The text as its character n-grams are taken from: folded, lower-cased, spaces collapsed,
    one space either side."""
    return " " + _SPACE.sub(" ", fold_diacritics(text).lower()).strip() + " "


def char_ngrams(text: str) -> frozenset[str]:
    """Folded, lower-cased character n-grams (orders in NGRAM_ORDERS), spaces collapsed."""
    folded = ngram_text(text)
    grams: set[str] = set()
    for n in NGRAM_ORDERS:
        grams.update(folded[k : k + n] for k in range(len(folded) - n + 1))
    return frozenset(grams)


def word_tokens(text: str) -> frozenset[str]:
    """Folded, lower-cased words of three letters or more: the vocabulary a document-internal
    lexicon is learned over (see toolkit.align.lexicon)."""
    return _words(_LETTER_RUN.findall(text))


def _words(runs: list[str]) -> frozenset[str]:
    """word_tokens from the text's maximal runs of letters (marks included)."""
    return frozenset([_word_key(w) for w in runs if len(w) >= 3])


def spaced_length(text: str) -> int:
    """Characters of the text with its whitespace runs as single spaces, ends stripped (the
    length the length model reads). Printable text has no whitespace but the ASCII space, so
    without doubled or outer spaces it is its own length; else the spaces are collapsed."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return len(text)
    return len(_SPACE.sub(" ", text).strip())


@lru_cache(maxsize=1 << 17)
def _word_key(word: str) -> str:
    """A word folded and lower-cased, remembered: words repeat (Zipf), and folding each
    occurrence was a tenth of a long document's alignment time."""
    return fold_diacritics(word).lower()


def is_short(text: str) -> bool:
    """Portal furniture by shape: at most SHORT_WORDS words and no sentence-final punctuation.
    Evidence only (a learned skip bonus): "Arbeitsszene" is a caption with a counterpart."""
    return len(text.split()) <= SHORT_WORDS and not _SENTENCE_END.search(text)


def punctuation_signature(text: str) -> tuple[int, ...]:
    count = text.count
    return tuple([sum([count(ch) for ch in chars]) for _, chars in _PUNCT_CLASSES])


@dataclass(frozen=True)
class SegmentFeatures:
    """Everything the bead cost needs from one segment, computed once."""

    length: int
    numbers: frozenset[str]
    names: frozenset[str]
    codes: frozenset[str]
    ngrams: frozenset[str]
    ngram_count: int
    punct: tuple[int, ...]
    terms: frozenset[str]
    furniture: bool
    kind: str = ""  # block kind ("caption", "title", …); "" when unknown (presplit text)
    shape: str = ""  # portal-line kind by its shape ("byline" for "Ảnh: TTXVN", "other" for "Xem thêm: …"), else ""
    words: frozenset[str] = frozenset()
    short: bool = False  # furniture by shape: a few words, no sentence-final punctuation ("Video wird abgespielt")
    vector: tuple[float, ...] | None = None  # sentence embedding (optional extra) weighted by √length (embeddings.span_weighted), or a sum of such


def merge_features(features: Sequence[SegmentFeatures]) -> SegmentFeatures:
    """Consecutive segments as one (a bead side, a block, a coarse super-segment).

    Word sets are not merged: only the lexicon pass reads them, from the single segments.
    """
    if len(features) == 1:
        return features[0]
    return SegmentFeatures(
        length=sum(f.length for f in features) + len(features) - 1,
        numbers=frozenset().union(*(f.numbers for f in features)),
        names=frozenset().union(*(f.names for f in features)),
        codes=frozenset().union(*(f.codes for f in features)),
        ngrams=frozenset().union(*(f.ngrams for f in features)),
        ngram_count=sum(f.ngram_count for f in features),
        punct=tuple(map(sum, zip(*(f.punct for f in features)))),
        terms=frozenset().union(*(f.terms for f in features)),
        furniture=all(f.furniture for f in features),
        kind="",
        shape="",
        vector=None if features[0].vector is None else _summed([f.vector for f in features]),
    )


def _summed(vectors: list[tuple[float, ...] | None]) -> tuple[float, ...] | None:
    """The sum of the segments' embeddings (None without embeddings): a span's direction."""
    if any(v is None for v in vectors):
        return None
    return tuple(map(math.fsum, zip(*vectors)))


TermFinder = Callable[[str], frozenset[str]]


def segment_features(
    texts: Sequence[str],
    lang: str,
    *,
    furniture: Sequence[bool] | None = None,
    term_finder: TermFinder | None = None,
    kinds: Sequence[str] | None = None,
    with_ngrams: bool = True,
    with_words: bool = True,
) -> list[SegmentFeatures]:
    """Features of every segment of one side; `furniture` marks portal lines when known (else
    they are recognised by shape), `kinds` the block kinds when known (raw articles).

    `with_ngrams=False` skips the character n-gram sets (the costliest feature in time and
    memory) when the model gives them no weight; `with_words=False` the word sets, which only
    a lexicon or a dictionary reads.
    """
    result = []
    empty: frozenset[str] = frozenset()
    for k, text in enumerate(texts):
        shape = furniture_kind(text) if furniture is None or kinds is None else None
        is_furniture = furniture[k] if furniture is not None else shape is not None
        grams = char_ngrams(text) if with_ngrams else empty
        runs = _LETTER_RUN.findall(text)
        result.append(
            SegmentFeatures(
                length=spaced_length(text),
                numbers=number_values(text, lang),
                names=_names(runs),
                codes=code_anchors(text, lang),
                ngrams=grams,
                ngram_count=len(grams),
                punct=punctuation_signature(text),
                terms=term_finder(text) if term_finder else frozenset(),
                furniture=is_furniture,
                kind=kinds[k] if kinds is not None else "",
                shape=shape or "",
                short=is_short(text),
                words=_words(runs) if with_words else empty,
            )
        )
    return result


def restrict_to_shared(source: list[SegmentFeatures], target: list[SegmentFeatures]) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """Keep only n-grams and names that occur on both sides: the rest can never match."""
    shared_grams = frozenset().union(*(f.ngrams for f in source)) & frozenset().union(*(f.ngrams for f in target)) if source and target else frozenset()
    shared_names = frozenset().union(*(f.names for f in source)) & frozenset().union(*(f.names for f in target)) if source and target else frozenset()

    def cut(features: list[SegmentFeatures]) -> list[SegmentFeatures]:
        return [replace(f, names=f.names & shared_names, ngrams=f.ngrams & shared_grams) for f in features]

    return cut(source), cut(target)


def name_weights(source: list[SegmentFeatures], target: list[SegmentFeatures]) -> dict[str, float]:
    """Inverse document frequency of each shared name: a rare name is a strong anchor."""
    counts: dict[str, int] = {}
    for f in (*source, *target):
        for name in f.names:
            counts[name] = counts.get(name, 0) + 1
    total = len(source) + len(target)
    return {name: math.log((total + 1) / c) for name, c in counts.items()}
