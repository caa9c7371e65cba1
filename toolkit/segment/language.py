"""Tell German, Vietnamese and English apart, cheaply, from letters and function words."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import regex

from toolkit.datafiles import read_data_lines
from toolkit.segment.rules import stopwords

# The letters only Vietnamese uses (ă â đ ê ô ơ ư and the toned vowels, U+1EA0-U+1EF9) and the
# German ones (ä ö ü ß), in every case: what the regex module's case-insensitive classes
# [ăâđêôơưạảấ…ỹ] and [äöüß] match (ẞ and U+1DF95 fold to ß there). Spelled out for the standard
# library's re, which counts them four times faster: the detector runs twice per text in a batch.
# tests/segment/test_language.py checks every code point against those classes.
_VI_LETTERS = re.compile("[ÂÊÔâêôĂăĐđƠơƯư\u1ea0-\u1ef9]")
_DE_LETTERS = re.compile("[ÄÖÜßäöüẞ\U0001df95]")
_WORD = regex.compile(r"\p{L}+")


def detect_language(text: str) -> tuple[str, float]:
    """('de' | 'vi' | 'en', confidence in [0, 1]) from the first 20,000 characters."""
    sample = text[:20000]
    found = Counter(_WORD.findall(sample))
    if not found:
        return "de", 0.0
    counts: Counter[str] = Counter()  # lower-cased, each distinct spelling lowered once
    for word, n in found.items():
        counts[word.lower()] += n
    words = sum(found.values())
    letters = sum(len(word) * n for word, n in counts.items())
    vi_letters = len(_VI_LETTERS.findall(sample)) / max(letters, 1)
    scores = {lang: sum(counts[w] for w in stopwords(lang).intersection(counts)) / words for lang in ("de", "vi", "en")}
    scores["vi"] += 3 * vi_letters
    scores["de"] += 2 * len(_DE_LETTERS.findall(sample)) / max(letters, 1)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    margin = best_score - ranked[1][1]
    confidence = 0.0 if best_score == 0 else min(1.0, margin / best_score)
    return best, confidence


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """The ISO 639-1 codes (toolkit/data/segment/iso639-1.txt): any of them can be segmented
    (generic sentence rules where a language has none of its own) and aligned."""
    return frozenset(line.strip() for line in read_data_lines("segment", "iso639-1.txt"))
