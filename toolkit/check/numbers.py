"""Numbers and codes: a number, date, percentage or document code on one side of a pair only.

Formats are normalised across the languages before comparing: "17/3" ↔ "17. März",
"17/03/2025" ↔ "17.03.2025", "8%" ↔ "8 %", "1.920" ↔ "1920", "khóa XII" ↔ "12.",
"tháng 1/2025" ↔ "Januar 2025". A document code whose number survives but whose suffix is
lost ("57-NQ/TW" → "Nr. 57") is reported on its own, as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from toolkit.check.units import AlignedUnit
from toolkit.datafiles import read_data_lines
from toolkit.findings import Finding
from toolkit.segment.rules import read_word_list

_URL = regex.compile(r"(?i)\b(?:https?://|www\.)\S+")
_CODE = regex.compile(r"(?<![\w/])(\d+)\s?[-–]\s?([A-ZĐ]{1,6}(?:/[A-ZĐ]{1,6})*)(?![\w])")
_NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,:/]\d+)*(?:\s?%)?")
_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
_ROMAN = regex.compile(r"(?i)\b(?:khóa|khoá|lần thứ|kỳ họp thứ|thứ|hội nghị trung ương|đại hội)\s+([IVXLC]{1,7})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_WORD = regex.compile(r"\p{L}+")


@dataclass(frozen=True)
class NumberToken:
    """One number (or code) as written, and the values it can stand for.

    `readings` are alternatives, each a set of values that must all appear on the other side:
    "10,000" is 10000 (English grouping) or 10.0; "17.3" is 17.3 or the date 17 March;
    "15:00" is 15 or 3 (o'clock in the afternoon, "3 giờ chiều").
    """

    text: str
    value: str
    start: int
    end: int
    code: str = ""  # "18-NQ/TW" for a document code
    readings: tuple[frozenset[str], ...] = ()

    @property
    def values(self) -> frozenset[str]:
        return frozenset().union(*self.readings) if self.readings else frozenset({self.value})


@lru_cache(maxsize=1)
def _months() -> dict[str, str]:
    return dict(tuple(line.split("\t")) for line in read_word_list("de_months.txt"))  # type: ignore[misc]


@lru_cache(maxsize=1)
def _number_words() -> dict[str, dict[str, str]]:
    words: dict[str, dict[str, str]] = {}
    for line in read_data_lines("check", "number_words.tsv"):
        lang, word, value = line.split("\t")
        words.setdefault(lang, {})[word.lower()] = value
    return words


def number_tokens(text: str, lang: str) -> list[NumberToken]:
    """Every number, date part, percentage, code and (vi) context-marked Roman numeral in `text`."""
    tokens: list[NumberToken] = []
    blocked = [(m.start(), m.end()) for m in _URL.finditer(text)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in blocked)

    for match in _CODE.finditer(text):
        if free(match.start(), match.end()):
            code = f"{int(match.group(1))}-{match.group(2)}"
            value = str(int(match.group(1)))
            tokens.append(NumberToken(match.group(), value, match.start(), match.end(), code, (frozenset({value}),)))
            blocked.append((match.start(), match.end()))
    for match in _NUMBER.finditer(text):
        if not free(match.start(), match.end()):
            continue
        readings = _readings(match.group().rstrip("% ").strip())
        value = "/".join(sorted(readings[0], key=float))
        tokens.append(NumberToken(match.group(), value, match.start(), match.end(), readings=readings))
    if lang == "de":
        months = _months()
        for match in _WORD.finditer(text):
            if match.group() in months and match.group()[:1].isupper():
                value = str(int(months[match.group()]))
                tokens.append(NumberToken(match.group(), value, match.start(), match.end(), readings=(frozenset({value}),)))
    elif lang == "vi":
        for match in _ROMAN.finditer(text):
            value = str(_roman(match.group(1)))
            tokens.append(NumberToken(match.group(1), value, match.start(1), match.end(1), readings=(frozenset({value}),)))
    return sorted(tokens, key=lambda t: t.start)


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
        for token in source:
            if _present(token, target_values | target_words) or token.text in reported:
                continue
            reported.add(token.text)
            what = f"code \"{token.code}\"" if token.code else f"\"{token.text.strip()}\""
            findings.append(_finding(unit, "number_missing_in_target", "error", token.text, "", f"{what} is in the source but not in the aligned German", token.text))
        for token in target:
            if _present(token, source_values | source_words) or token.text in reported:
                continue
            reported.add(token.text)
            findings.append(_finding(unit, "number_missing_in_source", "error", "", token.text, f"\"{token.text.strip()}\" is in the German but not in the aligned source", ""))
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
                    )
                )
    return findings


def _readings(raw: str) -> tuple[frozenset[str], ...]:
    """The values a written number can stand for, most likely first (see NumberToken)."""
    time = regex.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if time:
        hour, minute = int(time.group(1)), int(time.group(2))
        base = {str(hour)} | ({str(minute)} if minute else set())
        readings = [frozenset(base)]
        if hour > 12:
            readings.append(frozenset({str(hour - 12)} | ({str(minute)} if minute else set())))
        return tuple(readings)
    parts = [p for p in regex.split(r"[.,:/]", raw) if p]
    whole = [frozenset(str(int(p)) for p in parts)]
    if _THOUSANDS.fullmatch(raw) or regex.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        grouped = frozenset({str(int(regex.sub(r"[.,]", "", raw)))})
        if len(parts) == 2:
            return (grouped, frozenset({_decimal(parts)}))
        return (grouped,)
    if len(parts) == 2 and regex.fullmatch(r"\d+[.,]\d+", raw):
        return (frozenset({_decimal(parts)}), *whole)
    return tuple(whole)


def _decimal(parts: list[str]) -> str:
    fraction = parts[1].rstrip("0")
    return f"{int(parts[0])}.{fraction}" if fraction else str(int(parts[0]))


def _present(token: NumberToken, other: frozenset[str] | set[str]) -> bool:
    return any(reading <= other for reading in token.readings)


def _spelled(text: str, words: dict[str, str]) -> set[str]:
    return {words[w.lower()] for w in _WORD.findall(text) if w.lower() in words}


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral.upper()]
    return sum(-v if k + 1 < len(values) and values[k + 1] > v else v for k, v in enumerate(values))


def _finding(unit: AlignedUnit, code: str, severity: str, source_text: str, target_text: str, message: str, suggestion: str) -> Finding:
    return Finding(
        kind="number",
        code=code,
        severity=severity,
        source_text=source_text,
        target_text=target_text,
        source_ids=unit.source_ids,
        target_ids=unit.target_ids,
        message=message,
        suggestion=suggestion,
        occurrences=(unit.occurrence(source_text, target_text),),
    )
