"""Portal furniture learned from an archive: a line that recurs verbatim across many articles
("Zum Anhören klicken", "Theo dõi chúng tôi trên Zalo") is the portal's, not the article's.

`batch` counts the lines of all its German articles once, before any work, and treats the
recurring ones as furniture patterns (toolkit.segment.blocks), as a user's `--furniture` file.
Lines the shipped patterns already know keep their own kind."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

import regex

from toolkit.segment.blocks import FurniturePatterns, furniture_kind

#: A line is learned when it occurs in at least this many articles ...
MIN_ARTICLES = 3
#: ... and in at least this share of them; longer lines are text, however often repeated.
MIN_SHARE = 0.1
MAX_CHARS = 80


def recurring_lines(texts: Iterable[str], min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE) -> tuple[str, ...]:
    """Lines (stripped) found in ≥ min_articles and ≥ min_share of the texts, not already portal lines."""
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        total += 1
        counts.update({line.strip() for line in text.splitlines() if 0 < len(line.strip()) <= MAX_CHARS})
    needed = max(min_articles, min_share * total)
    return tuple(sorted(line for line, n in counts.items() if n >= needed and furniture_kind(line) is None))


def line_patterns(lines: Iterable[str]) -> FurniturePatterns:
    """Exact-line furniture patterns (kind "other") for learned lines."""
    return tuple(("other", regex.compile(r"(?i)^\s*" + regex.escape(line) + r"\s*$")) for line in lines)
