"""Rule-based sentence splitting for German and Vietnamese news, with offsets into the line.

A candidate boundary is terminal punctuation ([.!?…], with closing quotes or brackets after
it) followed by white space. Whether it ends a sentence is decided from the word before it
(abbreviation, initial, ordinal number, URL) and the word after it (lower case, month name).
Colons and semicolons never end a sentence.
"""

from __future__ import annotations

import regex

from toolkit.segment.rules import SentenceRules, sentence_rules

_CLOSERS = ")]\"'“”’»«›‹"
_OPENERS = "„“‚‘\"'«»‹›([{¿¡"
_CANDIDATE = regex.compile(r"(?:[.!?…]+[" + regex.escape(_CLOSERS) + r"]*)+(?=\s+\S)")
_WORD_AFTER = regex.compile(r"[" + regex.escape(_OPENERS) + r"]*(\w+)")
_DIGITS = regex.compile(r"\d+")
_BULLETS = frozenset({"", "•", "-", "–", "—", "*", "·", "▪", "►", "+"})
_NOT_SENTENCE_START = frozenset(",;:)]}%")


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) in one block of text (no newlines expected), trimmed of spaces."""
    rules = sentence_rules(lang)
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    n = len(text)
    if start >= n:
        return spans
    for match in _CANDIDATE.finditer(text, start):
        end = match.end()
        if _is_boundary(text, match.start(), end, start, rules):
            spans.append((start, end))
            start = _skip_space(text, end)
    stop = len(text.rstrip())
    if start < stop:
        spans.append((start, stop))
    return spans


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


def _is_boundary(text: str, punct_start: int, punct_end: int, sentence_start: int, rules: SentenceRules) -> bool:
    next_pos = _skip_space(text, punct_end)
    next_char = text[next_pos]
    if next_char.islower() or next_char in _NOT_SENTENCE_START:
        return False
    if next_char == "," or text.startswith(",,", next_pos):
        return False
    punct = text[punct_start:punct_end]
    if punct[0] != "." or punct.startswith("..") or "!" in punct or "?" in punct:
        # "!", "?", "..." and "…" end a sentence before a capital (quotes included).
        return True
    if punct != "." and punct[1] in _CLOSERS:
        return True  # „… Lust.“ Wir …: the period closes the quoted sentence
    token_start = text.rfind(" ", sentence_start, punct_start) + 1
    if token_start < sentence_start:
        token_start = sentence_start
    raw_token = text[token_start:punct_start]
    token = raw_token.lstrip(_OPENERS + "-–—/").rstrip(_CLOSERS)
    if not token:
        return True
    if "@" in token or "://" in token or token.startswith("www."):
        return True  # a URL or e-mail address at the end of a sentence
    if "." in token:
        parts = [p for p in token.split(".") if p]
        if token.rstrip(".").replace(".", "") == "" or not parts:
            return True
        if token in rules.open_abbreviations or token.rstrip(".") in rules.open_abbreviations:
            return True
        if all(len(p) == 1 and p.isalpha() or p in rules.abbreviations for p in parts):
            return False  # "u.a.", "z.B.", "PGS.TS."
        return True
    if len(token) == 1 and token.isalpha() and rules.single_letter_abbreviations:
        return False  # initials and one-letter abbreviations: "z. B.", "S. 225", "A. Lenh"
    if token in rules.open_abbreviations:
        return True
    if token in rules.abbreviations:
        return False
    if _DIGITS.fullmatch(token):
        return _number_ends_sentence(text, token_start, raw_token, next_pos, sentence_start, rules)
    return True


def _number_ends_sentence(
    text: str, token_start: int, raw_token: str, next_pos: int, sentence_start: int, rules: SentenceRules
) -> bool:
    """"17." before "März", after "des", or as a list number is no sentence end."""
    before = text[sentence_start:token_start].strip()
    if before in _BULLETS:
        return False  # "1. Dies ist eine Punkteliste."
    if not rules.ordinals_with_period:
        return True
    if raw_token[:1] in "-–—":
        return False  # "1. -3. Jahrhundert"
    after = _WORD_AFTER.match(text, next_pos)
    next_word = after.group(1) if after else ""
    if next_word in rules.months or next_word in rules.ordinal_nouns:
        return False
    previous = before.rsplit(" ", 1)[-1] if before else ""
    if previous.lower().rstrip(",") in rules.ordinal_context:
        return False
    if previous.endswith(".") and previous[:-1].isdigit():
        return False  # "1. 2. Liga"
    return True
