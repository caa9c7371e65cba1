"""Leftovers: untranslated Vietnamese in the German, and portal artefacts inside body text.

Vietnamese is recognised by letters German never uses (ơ, ư, ă, đ, ạ, ả, ẽ, …) outside the
names the source also has, and, once diacritics are lost, by runs of frequent Vietnamese
words ("cua cac co quan"). Portal artefacts ("[Anzeige_2]", "Quelle: https://…") come from a
data file of patterns.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

import regex

from toolkit.check.names import NamePairing
from toolkit.check.units import AlignedUnit, finding_at
from toolkit.datafiles import read_data_lines
from toolkit.findings import Finding
from toolkit.segment.rules import stopwords

_WORD = regex.compile(r"[\p{L}\p{M}]+")
# Marks German never puts on a letter: hook above, dot below, horn, breve, and tilde or
# circumflex on letters where German loanwords do not have them.
_VIETNAMESE_MARKS = frozenset("\u0309\u0323\u031b\u0306")
_VIETNAMESE_LETTERS = frozenset("đĐăĂơƠưƯẽẼĩĨũŨỹỸ")
# Accents both languages' loanwords share: Vietnamese only when next to surely Vietnamese words.
_SOFT_ACCENTS = frozenset("àáèéìíòóùúýâêô")
MIN_FUNCTION_RUN = 3


@lru_cache(maxsize=1)
def _portal_patterns() -> tuple[tuple[regex.Pattern[str], str], ...]:
    patterns = []
    for line in read_data_lines("check", "portal_artefacts.tsv"):
        expression, what = line.split("\t")
        patterns.append((regex.compile(expression, regex.IGNORECASE), what))
    return tuple(patterns)


@lru_cache(maxsize=1)
def _leftover_words() -> frozenset[str]:
    return frozenset(w.strip() for w in read_data_lines("check", "vi_leftover_words.txt"))


def is_vietnamese_word(word: str) -> bool:
    """True for a word with a letter or mark only Vietnamese uses ("Hưng", "Lềnh", "đã")."""
    if any(ch in _VIETNAMESE_LETTERS for ch in word):
        return True
    decomposed = unicodedata.normalize("NFD", word)
    if any(ch in _VIETNAMESE_MARKS for ch in decomposed):
        return True
    # Two marks on one vowel (ề, ấ, ộ) never occur in German.
    marks = 0
    for ch in decomposed:
        marks = marks + 1 if unicodedata.combining(ch) else 0
        if marks >= 2:
            return True
    return False


def check_leftovers(units: Sequence[AlignedUnit], name_pairs: Sequence[NamePairing], extra_target: Sequence[AlignedUnit] = ()) -> list[Finding]:
    """Untranslated Vietnamese (warning) and portal artefacts in body text (warning), per unit."""
    findings: list[Finding] = []
    names_by_unit: dict[int, list[tuple[int, int]]] = {}
    for pairing in name_pairs:
        if pairing.rendering is not None:
            names_by_unit.setdefault(pairing.unit.index, []).append((pairing.rendering.start, pairing.rendering.end))
    german_words = stopwords("de")
    leftover_words = _leftover_words()
    for unit in [*units, *extra_target]:
        text = unit.target_text
        name_spans = names_by_unit.get(unit.index, [])
        words = [m for m in _WORD.finditer(text) if not any(s <= m.start() < e for s, e in name_spans)]
        runs: list[list[regex.Match[str]]] = []
        current: list[tuple[regex.Match[str], int, bool]] = []
        for match in [*words, None]:
            grade = _vietnamese_grade(match.group(), german_words, leftover_words) if match is not None else 0
            if grade:
                current.append((match, grade, match.group().lower() in leftover_words))
                continue
            if any(g == 2 for _, g, _ in current) or sum(1 for _, _, listed in current if listed) >= MIN_FUNCTION_RUN:
                # Short unknown words join a run but do not start it ("sprach in tại buổi"), nor end a
                # run of words with diacritics; without diacritics they do ("cua cac co quan").
                strong = [k for k, (m, g, listed) in enumerate(current) if g == 2 or listed or not m.group().isascii()]
                last = strong[-1] if any(g == 2 for _, g, _ in current) else len(current) - 1
                runs.append([m for m, _, _ in current[strong[0] : last + 1]])
            current = []
        for run in runs:
            piece = text[run[0].start() : run[-1].end()]
            findings.append(
                _finding(unit, "untranslated_vietnamese", piece, f"untranslated Vietnamese in the German: \"{piece}\"", "translate it")
            )
        for pattern, what in _portal_patterns():
            for match in pattern.finditer(text):
                findings.append(
                    _finding(unit, "portal_artefact", match.group(), f"{what} inside the text: \"{match.group()}\"", "delete it")
                )
    return findings


@lru_cache(maxsize=65536)
def _vietnamese_grade(word: str, german_words: frozenset[str], leftover_words: frozenset[str]) -> int:
    """2: surely Vietnamese; 1: could be (an accent German rarely uses, a listed or short unknown word); 0: not.

    Cached: a batch sees the same German words article after article."""
    if is_vietnamese_word(word):
        return 2
    lower = word.lower()
    if lower in german_words or not word.islower():
        return 0
    if any(ch in _SOFT_ACCENTS for ch in lower) or lower in leftover_words:
        return 1
    return 1 if word.isascii() and len(word) <= 4 else 0


def _finding(unit: AlignedUnit, code: str, target_text: str, message: str, suggestion: str) -> Finding:
    return finding_at("leftover", code, "warning", message, suggestion, [(unit, "", target_text)])
