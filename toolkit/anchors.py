"""Anchors that survive translation: numbers across formats and document codes.

"17/3" ↔ "17. März", "17/03/2025" ↔ "17.03.2025", "8%" ↔ "8 %", "1.920" ↔ "1920",
"khóa XII" ↔ "12.", "tháng 1/2025" ↔ "Januar 2025", "18-NQ/TW" as a code. The aligner uses
their values as evidence that two segments translate each other; the number checks use the
same tokens to report what one side lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from toolkit.segment.rules import read_word_list

_URL = regex.compile(r"(?i)\b(?:https?://|www\.)\S+")
# ASCII digits where a number is read with int(): `regex` knows digits of newer Unicode versions
# than Python's int() (U+11F50 KAWI DIGIT ZERO matched \d and crashed the checks).
_CODE = regex.compile(r"(?<![\w/])([0-9]+)\s?[-–]\s?([A-ZĐ]{1,6}(?:/[A-ZĐ]{1,6})*)(?![\w])")
_NUMBER = regex.compile(r"(?<![\p{L}\d])[0-9]+(?:[.,:/][0-9]+)*(?:\s?%)?")
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


def number_tokens(text: str, lang: str) -> list[NumberToken]:
    """Every number, date part, percentage, code and (vi) context-marked Roman numeral in `text`."""
    return list(_number_tokens(text, lang))


@lru_cache(maxsize=8192)
def _number_tokens(text: str, lang: str) -> tuple[NumberToken, ...]:
    """Memoised: the aligner and the number checks read the same segments' numbers."""
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
    return tuple(sorted(tokens, key=lambda t: t.start))


def number_values(text: str, lang: str) -> frozenset[str]:
    """Every value the numbers of `text` can stand for (all readings)."""
    return frozenset().union(*(t.values for t in number_tokens(text, lang)))


def code_anchors(text: str, lang: str = "vi") -> frozenset[str]:
    """Document codes ("18-NQ/TW", normalised) and URLs of `text`.

    Codes do not depend on the language; `lang` only lets this share number_values' memo."""
    codes = {t.code for t in number_tokens(text, lang) if t.code}
    codes.update(u.rstrip(".,;)").lower() for u in _URL.findall(text))
    return frozenset(codes)


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


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral.upper()]
    return sum(-v if k + 1 < len(values) and values[k + 1] > v else v for k, v in enumerate(values))
