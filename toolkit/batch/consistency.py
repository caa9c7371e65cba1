"""Findings across articles: a source name or term that the archive renders in several German ways.

`srcalign check` sees one article. Here every article reports how it renders each source name
and termbase term (`renderings_of`, in the worker), and the batch pools those reports
(`find_inconsistencies`), so "Lê Minh Hưng" written "Le Minh Hung" in one article and
"Lê Minh Hưng" in another shows up in findings.tsv, with counts and article ids.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.alignment import Alignment
from toolkit.findings import finding_id
from toolkit.termbase import Termbase
from toolkit.textfile import write_atomic

COLUMNS: tuple[str, ...] = ("id", "source", "kind", "renderings", "rendering", "count", "status", "preferred", "articles")


@dataclass(frozen=True)
class Rendering:
    """How often one article renders a source name or term one way; `key` joins the same source across articles."""

    key: str
    kind: str
    source: str
    text: str
    count: int
    status: str = ""  # the termbase's verdict on this rendering: preferred, variant, wrong
    preferred: str = ""


@dataclass(frozen=True)
class RenderingUse:
    """One German rendering of a source across the archive: how often and in which articles."""

    text: str
    count: int
    status: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Inconsistency:
    """A source name or term with two or more German renderings across the articles."""

    key: str
    source: str
    kind: str
    preferred: str
    renderings: tuple[RenderingUse, ...]  # most frequent first

    @property
    def count(self) -> int:
        return sum(r.count for r in self.renderings)

    @property
    def id(self) -> str:
        """Stable across runs on the same archive: from the source and the sorted renderings (as Finding.id)."""
        return finding_id("batch", "rendered_several_ways", self.key, [r.text for r in self.renderings])


def renderings_of(alignment: Alignment, termbase: Termbase, pairings: Any = None) -> tuple[Rendering, ...]:
    """Every German rendering of the pair's source names and termbase terms, counted.

    The pairings are those of `srcalign check`; as in its name_inconsistent rule, a person
    found only by the given name ("Hưng" for "Lê Minh Hưng") is not a rendering of the name.
    """
    from toolkit.check import pair_up
    from toolkit.check.names import load_name_lexicon, name_key

    pairings = pairings or pair_up(alignment, termbase)  # those of `check`, when it ran already
    lexicon = load_name_lexicon()
    counted: Counter[tuple[str, str, str, str, str]] = Counter()  # (key, kind, rendering, status, preferred)
    sources: dict[str, str] = {}
    for name in pairings.names:
        if name.rendering is None or name.rendering.how == "given_name":
            continue
        key = "name:" + name_key(name.mention.text, lexicon.equivalents)
        sources.setdefault(key, unicodedata.normalize("NFC", name.mention.text))
        counted[(key, name.mention.kind, name.rendering.text, "", "")] += 1
    for term in pairings.terms:
        if term.target_text is None:
            continue
        key = "term:" + unicodedata.normalize("NFC", term.entry.source).casefold()
        sources.setdefault(key, unicodedata.normalize("NFC", term.entry.source))
        counted[(key, term.entry.category, term.rendering, term.status, term.entry.preferred_display)] += 1
    return tuple(
        Rendering(key, kind, sources[key], text, count, status, preferred)
        for (key, kind, text, status, preferred), count in counted.items()
    )


def find_inconsistencies(articles: Sequence[tuple[str, Sequence[Rendering]]]) -> list[Inconsistency]:
    """Sources rendered in 2+ ways (compared case-insensitively), most frequent source first.

    `articles` are (id, renderings) in id order: the first article's spelling of a source or
    rendering is the one shown.
    """
    first: dict[str, tuple[str, str, str]] = {}  # key → (source, kind, preferred)
    uses: dict[str, dict[str, list]] = {}  # key → folded rendering → [text, count, status, ids]
    for article_id, renderings in articles:
        for r in renderings:
            source, kind, preferred = first.setdefault(r.key, (r.source, r.kind, r.preferred))
            if not preferred and r.preferred:
                first[r.key] = (source, kind, r.preferred)
            use = uses.setdefault(r.key, {}).setdefault(r.text.casefold(), [r.text, 0, r.status, []])
            use[1] += r.count
            use[2] = use[2] or r.status
            if article_id not in use[3]:
                use[3].append(article_id)
    found = []
    for key, by_text in uses.items():
        if len(by_text) < 2:
            continue
        source, kind, preferred = first[key]
        renderings = sorted(
            (RenderingUse(text, count, status, tuple(sorted(ids))) for text, count, status, ids in by_text.values()),
            key=lambda u: (-u.count, u.text),
        )
        found.append(Inconsistency(key, source, kind, preferred, tuple(renderings)))
    return sorted(found, key=lambda i: (-i.count, i.key))


def write_findings_tsv(path: Path, inconsistencies: Sequence[Inconsistency]) -> None:
    """One row per (source, rendering), so a spreadsheet can sort and filter; `renderings` counts per source."""
    rows = ["\t".join(COLUMNS)]
    for item in inconsistencies:
        for use in item.renderings:
            cells = (item.id, item.source, item.kind, str(len(item.renderings)), use.text, str(use.count), use.status, item.preferred, " ".join(use.articles))
            rows.append("\t".join(" ".join(cell.split()) for cell in cells))
    write_atomic(path, "\n".join(rows) + "\n")
