"""Numbers and codes: a number, date, percentage or document code on one side of a pair only.

Formats are normalised across the languages before comparing: "17/3" ↔ "17. März",
"17/03/2025" ↔ "17.03.2025", "8%" ↔ "8 %", "1.920" ↔ "1920", "khóa XII" ↔ "12.",
"tháng 1/2025" ↔ "Januar 2025". A value on each side of one pair ("2.350" in the source,
"2.530" in the German) is one changed number, not two missing ones. A document code whose number survives but whose suffix is
lost ("57-NQ/TW" → "Nr. 57") is reported on its own, as a warning.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import regex

from toolkit.anchors import NumberToken, number_tokens
from toolkit.check.units import AlignedUnit, finding_at
from toolkit.datafiles import read_data_lines
from toolkit.findings import Finding

@lru_cache(maxsize=1)
def _number_words() -> dict[str, dict[str, str]]:
    words: dict[str, dict[str, str]] = {}
    for line in read_data_lines("check", "number_words.tsv"):
        lang, word, value = line.split("\t")
        words.setdefault(lang, {})[word.lower()] = value
    return words


_WORD = regex.compile(r"\p{L}+")


def check_numbers(units: Sequence[AlignedUnit], source_lang: str = "vi", target_lang: str = "de") -> list[Finding]:
    """Values on one side of a pair only (error); a code shortened to its number (warning)."""
    findings: list[Finding] = []
    words = _number_words()
    for unit in units:
        source = number_tokens(unit.source_text, source_lang)
        target = number_tokens(unit.target_text, target_lang)
        source_values = frozenset().union(*(t.values for t in source))
        target_values = frozenset().union(*(t.values for t in target))
        source_words = _spelled(unit.source_text, words.get(source_lang, {}))
        target_words = _spelled(unit.target_text, words.get(target_lang, {}))
        reported: set[str] = set()
        only_source: list[NumberToken] = []
        only_target: list[NumberToken] = []
        for token in source:
            if _present(token, target_values | target_words) or token.text in reported:
                continue
            reported.add(token.text)
            only_source.append(token)
        for token in target:
            if _present(token, source_values | source_words) or token.text in reported:
                continue
            reported.add(token.text)
            only_target.append(token)
        # A value on each side, in the same order: one changed number ("2.350" → "2.530"), not two findings.
        changed = [(a, b) for a, b in zip(only_source, only_target) if bool(a.code) == bool(b.code)]
        for s_token, t_token in changed:
            findings.append(
                finding_at(
                    "number",
                    "number_changed",
                    "error",
                    f"\"{s_token.text.strip()}\" in the source is \"{t_token.text.strip()}\" in the aligned German",
                    s_token.text.strip(),
                    [(unit, s_token.text, t_token.text, s_token.start, t_token.start)],
                    codes=("number_changed", "number_missing_in_target", "number_missing_in_source"),
                )
            )
            only_source.remove(s_token)
            only_target.remove(t_token)
        for token in only_source:
            what = f"code \"{token.code}\"" if token.code else f"\"{token.text.strip()}\""
            findings.append(_finding(unit, "number_missing_in_target", "error", token.text, "", f"{what} is in the source but not in the aligned German", token.text, token.start))
        for token in only_target:
            findings.append(_finding(unit, "number_missing_in_source", "error", "", token.text, f"\"{token.text.strip()}\" is in the German but not in the aligned source", "", None, token.start))
        target_codes = {t.code for t in target if t.code}
        for token in source:
            if token.code and token.code not in target_codes and token.value in target_values and token.text not in reported:
                number_text = next(t.text for t in target if t.value == token.value)
                findings.append(
                    _finding(
                        unit,
                        "code_incomplete",
                        "warning",
                        token.text,
                        number_text,
                        f"document code \"{token.code}\" appears in German only as \"{number_text.strip()}\"",
                        token.code,
                        token.start,
                        next(t.start for t in target if t.value == token.value),
                    )
                )
    return findings


def _present(token: NumberToken, other: frozenset[str] | set[str]) -> bool:
    return any(reading <= other for reading in token.readings)


def _spelled(text: str, words: dict[str, str]) -> set[str]:
    return {words[w.lower()] for w in _WORD.findall(text) if w.lower() in words}


def _finding(
    unit: AlignedUnit, code: str, severity: str, source_text: str, target_text: str, message: str, suggestion: str,
    source_start: int | None = None, target_start: int | None = None,
) -> Finding:
    return finding_at("number", code, severity, message, suggestion, [(unit, source_text, target_text, source_start, target_start)])
