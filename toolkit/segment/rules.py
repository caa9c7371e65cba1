"""Language knowledge for segmentation, loaded from the data files in `toolkit/data/segment/`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from toolkit.datafiles import read_data_lines

LANGUAGES: tuple[str, ...] = ("de", "vi", "en")


def read_word_list(name: str) -> tuple[str, ...]:
    """Entries of a segmentation data file: one per line, '#' starts a comment line."""
    return tuple(line.strip() for line in read_data_lines("segment", name))


@dataclass(frozen=True)
class SentenceRules:
    """What a period means in one language: abbreviations, months, ordinal contexts."""

    lang: str
    abbreviations: frozenset[str]
    open_abbreviations: frozenset[str]
    months: frozenset[str]
    ordinal_context: frozenset[str]
    ordinal_nouns: frozenset[str]
    ordinals_with_period: bool
    single_letter_abbreviations: bool = True  # Vietnamese has one-letter words: "Ý" (Italy), "ý"


@lru_cache(maxsize=None)
def sentence_rules(lang: str) -> SentenceRules:
    """The rules for `lang` ('de', 'vi', 'en'; generic ones for any other language)."""
    if lang == "vi":
        return SentenceRules(
            lang="vi",
            abbreviations=frozenset(read_word_list("vi_abbreviations.txt")),
            open_abbreviations=frozenset(read_word_list("vi_open_abbreviations.txt")),
            months=frozenset(),
            ordinal_context=frozenset(),
            ordinal_nouns=frozenset(),
            ordinals_with_period=False,
            single_letter_abbreviations=False,
        )
    if lang == "en":
        return SentenceRules(
            lang="en",
            abbreviations=frozenset(read_word_list("en_abbreviations.txt")),
            open_abbreviations=frozenset(read_word_list("en_open_abbreviations.txt")),
            months=frozenset(),
            ordinal_context=frozenset(),
            ordinal_nouns=frozenset(),
            ordinals_with_period=False,
        )
    if lang != "de":
        # Generic rules for any other language (fr, es, …): no abbreviation list of its own;
        # single capital letters are initials. Good enough to split news text into sentences.
        return SentenceRules(
            lang=lang,
            abbreviations=frozenset(),
            open_abbreviations=frozenset(),
            months=frozenset(),
            ordinal_context=frozenset(),
            ordinal_nouns=frozenset(),
            ordinals_with_period=False,
        )
    return SentenceRules(
        lang="de",
        abbreviations=frozenset(read_word_list("de_abbreviations.txt")),
        open_abbreviations=frozenset(read_word_list("de_open_abbreviations.txt")),
        months=frozenset(line.split("\t")[0] for line in read_word_list("de_months.txt")),
        ordinal_context=frozenset(w.lower() for w in read_word_list("de_ordinal_context.txt")),
        ordinal_nouns=frozenset(read_word_list("de_ordinal_nouns.txt")),
        ordinals_with_period=True,
    )


@dataclass(frozen=True)
class BlockPatterns:
    """Line patterns for portal furniture (ads, "Quelle:", comment counters, bylines) and captions."""

    line_patterns: tuple[tuple[str, regex.Pattern[str]], ...]
    caption_cues: dict[str, tuple[regex.Pattern[str], ...]]
    #: line_patterns as one alternation, each row one group (group k+1 = row k): the first row
    #: that matches the whole line wins, as when trying them in turn, in one regex call a line
    any_line: regex.Pattern[str] | None = None

    def line_kind(self, line: str) -> str | None:
        """The kind of the first row matching the whole line, or None."""
        match = self.any_line.match(line) if self.any_line is not None else None
        return self.line_patterns[match.lastindex - 1][0] if match else None


@lru_cache(maxsize=None)
def block_patterns() -> BlockPatterns:
    rows = []
    alternatives = []
    for entry in read_word_list("block_patterns.tsv"):
        kind, pattern = entry.split("\t", 1)
        rows.append((kind, regex.compile(r"(?i)^\s*(?:" + pattern + r")\s*$")))
        if regex.compile(pattern).groups:
            raise ValueError(f"block_patterns.tsv: use (?:...) groups only: {pattern}")
        alternatives.append(f"({pattern})")
    cues: dict[str, list[regex.Pattern[str]]] = {}
    for entry in read_word_list("caption_cues.tsv"):
        lang, pattern = entry.split("\t", 1)
        cues.setdefault(lang, []).append(regex.compile("(?i)" + pattern))
    any_line = regex.compile(r"(?i)^\s*(?:" + "|".join(alternatives) + r")\s*$")
    return BlockPatterns(tuple(rows), {k: tuple(v) for k, v in cues.items()}, any_line)


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    return frozenset(read_word_list(f"stopwords_{lang}.txt"))
