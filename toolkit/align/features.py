"""What makes a Vietnamese and a German segment look like translations of each other.

Per segment we precompute, once: its length, the anchors that survive translation (numbers
across formats, document codes, names with diacritics folded, URLs), the termbase entries it
contains, a profile of folded character n-grams (sacrebleu's chrF idea, as sets restricted
to n-grams both documents share, so a comparison is one C-level set intersection), and a
punctuation signature. A bead's features are unions of its segments' features.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import regex

from toolkit.normalize import fold_diacritics
from toolkit.segment.blocks import furniture_kind
from toolkit.segment.rules import read_word_list

NGRAM_ORDERS: tuple[int, ...] = (3, 4, 5)

_NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+)*")
_CODE = regex.compile(r"\b\d+[-–/]\s?[A-ZĐ]{1,6}(?:[/-][A-ZĐ]{1,6})*\b")
_URL = regex.compile(r"(?i)\b(?:https?://|www\.)\S+")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}])(\p{Lu}[\p{L}\p{M}]*)")
_ROMAN_CONTEXT = regex.compile(r"(?i)\b(?:khóa|khoá|lần thứ|kỳ họp thứ|thứ|hội nghị trung ương)\s+([IVXLC]{1,7})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PUNCT_CLASSES: tuple[tuple[str, str], ...] = (
    ("?", "?"),
    ("!", "!"),
    ("quote", "\"„“”«»"),
    ("paren", "()"),
    ("colon", ":"),
)
_SPACE = regex.compile(r"\s+")
_WORD = regex.compile(r"[\p{L}\p{M}]{3,}")


@lru_cache(maxsize=None)
def _months() -> dict[str, str]:
    """German month names → their number, so "17. März" meets "17/3"."""
    return dict(tuple(line.split("\t")) for line in read_word_list("de_months.txt"))


def _roman(numeral: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[c] for c in numeral.upper()]
    for k, v in enumerate(values):
        total += -v if k + 1 < len(values) and values[k + 1] > v else v
    return total


def number_anchors(text: str, lang: str) -> frozenset[str]:
    """Numbers as plain digit strings: "8,5%" ↔ "8,5 %", "17/3" ↔ "17. März", "khóa XII" ↔ "12."."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        # Both languages group thousands with "." and use "," for decimals; English sources may not.
        if regex.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
            found.add(raw.replace(".", "").replace(",", ""))
        else:
            found.add(raw.replace(",", ".").lstrip("0") or "0")
            for part in regex.split(r"[.,]", raw):
                if part:
                    found.add(part.lstrip("0") or "0")
    if lang == "de":
        months = _months()
        for word in regex.findall(r"\p{L}+", text):
            if word in months:
                found.add(months[word])
    elif lang == "vi":
        for match in _ROMAN_CONTEXT.finditer(text):
            found.add(str(_roman(match.group(1))))
    return frozenset(found)


def name_anchors(text: str) -> frozenset[str]:
    """Capitalised words and acronyms, folded and lower-cased ("Hưng" and "Hung" → "hung")."""
    return frozenset(fold_diacritics(w).lower() for w in _CAPITALISED.findall(text) if len(w) >= 2)


def code_anchors(text: str) -> frozenset[str]:
    """Document codes ("18-NQ/TW") and URLs, normalised."""
    codes = {fold_diacritics(c).replace(" ", "").replace("–", "-").upper() for c in _CODE.findall(text)}
    codes.update(u.rstrip(".,;)").lower() for u in _URL.findall(text))
    return frozenset(codes)


def char_ngrams(text: str) -> frozenset[str]:
    """Folded, lower-cased character n-grams (orders in NGRAM_ORDERS), spaces collapsed."""
    folded = " " + _SPACE.sub(" ", fold_diacritics(text).lower()).strip() + " "
    grams: set[str] = set()
    for n in NGRAM_ORDERS:
        grams.update(folded[k : k + n] for k in range(len(folded) - n + 1))
    return frozenset(grams)


def word_tokens(text: str) -> frozenset[str]:
    """Folded, lower-cased words of three letters or more: the vocabulary a document-internal
    lexicon is learned over (see toolkit.align.lexicon)."""
    return frozenset(fold_diacritics(w).lower() for w in _WORD.findall(text))


def punctuation_signature(text: str) -> tuple[int, ...]:
    return tuple(sum(text.count(ch) for ch in chars) for _, chars in _PUNCT_CLASSES)


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
    mergeable: bool = True  # False for captions, titles, datelines, bylines: units of their own
    words: frozenset[str] = frozenset()


TermFinder = Callable[[str], frozenset[str]]


def segment_features(
    texts: Sequence[str],
    lang: str,
    *,
    furniture: Sequence[bool] | None = None,
    term_finder: TermFinder | None = None,
    mergeable: Sequence[bool] | None = None,
    with_ngrams: bool = True,
) -> list[SegmentFeatures]:
    """Features of every segment of one side; `furniture` marks portal lines when known.

    `with_ngrams=False` skips the character n-gram sets (the costliest feature in time and
    memory) when the model gives them no weight.
    """
    result = []
    empty: frozenset[str] = frozenset()
    for k, text in enumerate(texts):
        is_furniture = furniture[k] if furniture is not None else furniture_kind(text) is not None
        grams = char_ngrams(text) if with_ngrams else empty
        result.append(
            SegmentFeatures(
                length=len(_SPACE.sub(" ", text).strip()),
                numbers=number_anchors(text, lang),
                names=name_anchors(text),
                codes=code_anchors(text),
                ngrams=grams,
                ngram_count=len(grams),
                punct=punctuation_signature(text),
                terms=term_finder(text) if term_finder else frozenset(),
                furniture=is_furniture,
                mergeable=True if mergeable is None else mergeable[k],
                words=word_tokens(text),
            )
        )
    return result


def restrict_to_shared(source: list[SegmentFeatures], target: list[SegmentFeatures]) -> tuple[list[SegmentFeatures], list[SegmentFeatures]]:
    """Keep only n-grams and names that occur on both sides: the rest can never match."""
    shared_grams = frozenset().union(*(f.ngrams for f in source)) & frozenset().union(*(f.ngrams for f in target)) if source and target else frozenset()
    shared_names = frozenset().union(*(f.names for f in source)) & frozenset().union(*(f.names for f in target)) if source and target else frozenset()

    def cut(features: list[SegmentFeatures]) -> list[SegmentFeatures]:
        return [
            SegmentFeatures(
                length=f.length,
                numbers=f.numbers,
                names=f.names & shared_names,
                codes=f.codes,
                ngrams=f.ngrams & shared_grams,
                ngram_count=f.ngram_count,
                punct=f.punct,
                terms=f.terms,
                furniture=f.furniture,
                mergeable=f.mergeable,
                words=f.words,
            )
            for f in features
        ]

    return cut(source), cut(target)


def name_weights(source: list[SegmentFeatures], target: list[SegmentFeatures]) -> dict[str, float]:
    """Inverse document frequency of each shared name: a rare name is a strong anchor."""
    counts: dict[str, int] = {}
    for f in (*source, *target):
        for name in f.names:
            counts[name] = counts.get(name, 0) + 1
    total = len(source) + len(target)
    return {name: math.log((total + 1) / c) for name, c in counts.items()}
