"""Terms: how each termbase entry found in the source is rendered in the aligned German.

Per aligned unit, the entries found in the source are paired with the German renderings of
the same entries found in the target. When one German word could render two entries present
in the unit ("Richtlinien" for chỉ thị and for chính sách), the nearer one (by relative position
in the two texts) wins, with a small bonus for the better status. Over the document, one finding
per entry merges its reasons: a wrong rendering (error), several renderings (warning), German
words outside the termbase where none of its renderings is present (warning), a non-preferred
rendering (info).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import regex

from toolkit.check.units import AlignedUnit, finding_at
from toolkit.findings import Finding
from toolkit.termbase import STATUSES, Termbase, TermEntry

#: How much a worse status weighs against position when pairing (a tenth of the text's length).
STATUS_PENALTY = 0.1


@dataclass(frozen=True)
class TermPairing:
    """One source occurrence of an entry and its German rendering in the same unit (None: none found)."""

    entry: TermEntry
    unit: AlignedUnit
    source_text: str
    target_text: str | None
    rendering: str  # the canonical rendering the German is a form of ("" when none was found)
    status: str  # preferred / variant / wrong, "" when none was found
    source_start: int = -1  # offsets into the unit's texts
    target_start: int = -1


def term_pairings(units: Sequence[AlignedUnit], termbase: Termbase) -> list[TermPairing]:
    """Every source occurrence of a termbase entry, paired with at most one German rendering."""
    pairings: list[TermPairing] = []
    for unit in units:
        sources = termbase.find_source(unit.source_text)
        if not sources:
            continue
        targets = termbase.find_target(unit.target_text)
        source_len = max(len(unit.source_text), 1)
        target_len = max(len(unit.target_text), 1)
        options = []
        for s_index, s in enumerate(sources):
            for t_index, t in enumerate(targets):
                if t.entry is s.entry:
                    distance = abs(s.start / source_len - t.start / target_len)
                    options.append((distance + STATUS_PENALTY * STATUSES.index(t.status), s_index, t_index))
        options.sort()
        chosen: dict[int, int] = {}
        used_spans: set[tuple[int, int]] = set()
        for _cost, s_index, t_index in options:
            span = (targets[t_index].start, targets[t_index].end)
            if s_index in chosen or span in used_spans:
                continue
            chosen[s_index] = t_index
            used_spans.add(span)
        for s_index, s in enumerate(sources):
            source_text = unit.source_text[s.start : s.end]
            if s_index in chosen:
                t = targets[chosen[s_index]]
                rendering = termbase.canonical_rendering(t.entry, t.matched_text) or t.matched_text
                pairings.append(TermPairing(s.entry, unit, source_text, t.matched_text, rendering, t.status, s.start, t.start))
            else:
                pairings.append(TermPairing(s.entry, unit, source_text, None, "", "", s.start))
    return pairings


#: Severity and code of each reason, worst first: the finding takes the first that applies.
REASON_CODES: tuple[tuple[str, str], ...] = (
    ("term_wrong", "error"),
    ("term_inconsistent", "warning"),
    ("term_unknown_rendering", "warning"),
    ("term_not_preferred", "info"),
)


def check_terms(pairings: Sequence[TermPairing], guesses: dict[int, Guess] | None = None) -> list[Finding]:
    """One finding per termbase entry with every reason merged: a wrong rendering (error), several
    renderings (warning), a rendering the termbase does not know (warning), a non-preferred one (info).

    `guesses` maps the position of an unrendered pairing in `pairings` to the German words that
    most likely render it (see `unknown_renderings`).
    """
    guesses = guesses or {}
    findings: list[Finding] = []
    by_entry: dict[TermEntry, list[tuple[TermPairing, str, str, int]]] = {}  # pairing, rendering, status, target start
    for index, pairing in enumerate(pairings):
        if pairing.target_text is not None:
            by_entry.setdefault(pairing.entry, []).append((pairing, pairing.rendering, pairing.status, pairing.target_start))
        elif index in guesses:
            guess = guesses[index]
            by_entry.setdefault(pairing.entry, []).append((pairing, guess.text, "unknown", guess.start))
    for entry, group in by_entry.items():
        preferred = entry.preferred_display
        source = unicodedata.normalize("NFC", entry.source)
        renderings = Counter(r for _, r, _, _ in group)
        status_of = {r: s for _, r, s, _ in group}
        reasons: list[str] = []
        codes: list[str] = []
        if len(renderings) >= 2:
            shown = ", ".join(f"\"{r}\" ({n}×, {status_of[r]})" for r, n in renderings.most_common())
            reasons.append(f"rendered {len(renderings)} ways: {shown}")
            codes.append("term_inconsistent")
        for status, code, wording in (
            ("wrong", "term_wrong", "is listed as wrong"),
            ("unknown", "term_unknown_rendering", "is not in the termbase (none of its renderings is in the aligned German)"),
            ("variant", "term_not_preferred", "is accepted, but not preferred"),
        ):
            listed = [r for r in renderings if status_of[r] == status]
            if listed:
                reasons.append(" and ".join(f"\"{r}\"" for r in listed) + f" {wording}")
                codes.append(code)
        if not codes:
            continue
        reasons.append(f"preferred: {preferred}")
        codes = [c for c, _ in REASON_CODES if c in codes]
        severity = dict(REASON_CODES)[codes[0]]
        note = f" ({entry.note})" if entry.note and codes != ["term_not_preferred"] else ""
        findings.append(
            finding_at(
                "term",
                codes[0],
                severity,
                f"\"{source}\": " + "; ".join(reasons) + note,
                preferred,
                [(p.unit, p.source_text, text_at(p, status, start, rendering), p.source_start, start, status) for p, rendering, status, start in group],
                term=source,
                renderings=sorted(renderings),
                codes=codes,
                reasons=reasons,
            )
        )
    return findings


def text_at(pairing: TermPairing, status: str, start: int, rendering: str) -> str:
    """The German string of one occurrence: as matched, or the guessed words for an unknown rendering."""
    return pairing.target_text if status != "unknown" else rendering


@dataclass(frozen=True)
class Guess:
    """German words that most likely render a term where none of its known renderings is present."""

    text: str
    start: int
    coverage: float


#: How much of a known rendering's letters the guessed words must share (in runs of 4 or more).
MIN_COVERAGE = 0.8
MIN_SHARED = 4
_DE_WORD = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*")


def unknown_renderings(
    pairings: Sequence[TermPairing], termbase: Termbase, taken: dict[int, list[tuple[int, int]]] | None = None
) -> dict[int, Guess]:
    """For each unrendered pairing (by position), the German words that most likely render its term.

    The known renderings are the termbase's and those found at the term's other occurrences; a
    run of German words is a guess when its words share runs of at least MIN_SHARED letters
    covering MIN_COVERAGE of a known rendering ("Politisches Büro" for "Politbüro"). Words that
    another termbase entry or a name already explains (`taken`, per unit index) are skipped. A
    German word that contains a known rendering ("Berichtsentwurf" for "Bericht") counts as
    the rendering being present: no guess, no finding.
    """
    taken = taken or {}
    guesses: dict[int, Guess] = {}
    for index, pairing in enumerate(pairings):
        if pairing.target_text is not None:
            continue
        known = {_letters(r) for r, _ in pairing.entry.renderings}
        known |= {_letters(p.rendering) for p in pairings if p.entry is pairing.entry and p.rendering}
        known = {k for k in known if len(k) >= MIN_SHARED}
        if not known:
            continue
        text = pairing.unit.target_text
        spans = [(m.start, m.end) for m in termbase.find_target(text)] + taken.get(pairing.unit.index, [])
        words = [m for m in _DE_WORD.finditer(text) if not any(s < m.end() and m.start() < e for s, e in spans)]
        if any(k in _letters(w.group()) for w in words for k in known):
            continue  # a compound holding a known rendering: present
        best: Guess | None = None
        run: list[regex.Match[str]] = []
        for word in [*words, None]:
            if word is not None and _shares(word.group(), known) and (not run or text[run[-1].end() : word.start()].strip() == ""):
                run.append(word)
                continue
            if run and any(w.group()[:1].isupper() for w in run):
                phrase = text[run[0].start() : run[-1].end()]
                coverage = max(_coverage(k, [w.group() for w in run]) for k in known)
                if coverage >= MIN_COVERAGE and (best is None or coverage > best.coverage):
                    best = Guess(phrase, run[0].start(), coverage)
            run = [word] if word is not None and _shares(word.group(), known) else []
        if best is not None:
            guesses[index] = best
    return guesses


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _shares(word: str, known: set[str]) -> bool:
    lowered = _letters(word)
    return any(lowered[i : i + MIN_SHARED] in k for k in known for i in range(len(lowered) - MIN_SHARED + 1))


def _coverage(rendering: str, words: Sequence[str]) -> float:
    """Share of the rendering's letters inside a run of MIN_SHARED or more letters that one of the words also has."""
    lowered = [_letters(w) for w in words]
    covered = [False] * len(rendering)
    for i in range(len(rendering) - MIN_SHARED + 1):
        for j in range(len(rendering), i + MIN_SHARED - 1, -1):
            if any(rendering[i:j] in w for w in lowered):
                for k in range(i, j):
                    covered[k] = True
                break
    return sum(covered) / max(len(rendering), 1)
