"""Consistency across the document, from the pairs the alignment yields.

1. One German word for two different source terms: "Richtlinie" for chỉ thị and for chính
   sách, or "Le Minh" for "Lê Minh" and "Lệ Minh". Pairs the termbase accepts for both
   entries (Sekretär for Bí thư and Thư ký) are not reported.
2. A recurring source expression outside the termbase (a run of capitalised Vietnamese
   syllables: institutions are capitalised) whose German counterpart, found by association
   over the aligned units, differs between occurrences: one counterpart seen at least twice,
   another seen only where the expression is and not derived from the first.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import regex

from toolkit.check.names import NamePairing
from toolkit.check.terms import TermPairing
from toolkit.check.units import AlignedUnit, finding_at
from toolkit.findings import Finding
from toolkit.termbase import Termbase

_VI_SYLLABLE = regex.compile(r"[\p{L}\p{M}]+")
_DE_NOUN = regex.compile(r"(?<![\p{L}\-])\p{Lu}[\p{Ll}\p{M}]{3,}(?:-\p{Lu}?[\p{Ll}]+)*")
_DE_ENDINGS = regex.compile(r"(?:en|em|er|es|n|s|e)$")
#: An expression must recur in this many units, and its counterpart be this specific, to be judged.
MIN_UNITS = 2
MIN_ASSOCIATION = 0.5


@dataclass(frozen=True)
class ExpressionRendering:
    """A source expression outside the termbase and the German word found for it in one unit."""

    expression: str
    unit: AlignedUnit
    source_text: str
    target_text: str
    lemma: str


def check_shared_renderings(term_pairs: Sequence[TermPairing], name_pairs: Sequence[NamePairing]) -> list[Finding]:
    """The same German rendering standing for two different source terms or names (warning)."""
    findings: list[Finding] = []
    by_rendering: dict[str, list[TermPairing]] = {}
    for pairing in term_pairs:
        if pairing.target_text is not None:
            by_rendering.setdefault(pairing.rendering.casefold(), []).append(pairing)
    for group in by_rendering.values():
        entries = list(dict.fromkeys(p.entry for p in group))
        if len(entries) < 2 or not any(p.status == "wrong" for p in group):
            continue
        counts = Counter(unicodedata.normalize("NFC", p.entry.source) for p in group)
        rendering = group[0].rendering
        shown = ", ".join(f"\"{s}\" ({n}×)" for s, n in counts.most_common())
        wrong_for = [e for e in entries if any(p.entry is e and p.status == "wrong" for p in group)]
        advice = "; ".join(f"for \"{e.source}\" write \"{e.preferred_display}\"" for e in wrong_for)
        findings.append(
            finding_at(
                "consistency",
                "same_target_different_sources",
                "warning",
                f"\"{rendering}\" stands for {len(entries)} different source terms: {shown}",
                advice,
                [(p.unit, p.source_text, p.target_text or "", p.source_start, p.target_start) for p in group],
                term=rendering,
                # the source terms it wrongly renders: the term findings this one restates
                renderings=[unicodedata.normalize("NFC", e.source) for e in wrong_for],
            )
        )
    by_name_rendering: dict[str, list[NamePairing]] = {}
    for pairing in name_pairs:
        if pairing.rendering is not None and pairing.rendering.how != "given_name":
            by_name_rendering.setdefault(pairing.rendering.text.casefold(), []).append(pairing)
    for group in by_name_rendering.values():
        sources = Counter(unicodedata.normalize("NFC", p.mention.text) for p in group)
        if len({s.casefold() for s in sources}) < 2:
            continue
        shown = ", ".join(f"\"{s}\" ({n}×)" for s, n in sources.most_common())
        findings.append(
            _finding(
                "same_target_different_sources",
                f"\"{group[0].rendering.text}\" stands for {len(sources)} different names: {shown}",
                "keep the diacritics so that the names stay apart",
                [(p.unit, p.mention.text, p.rendering.text) for p in group],
            )
        )
    return findings


def expression_renderings(units: Sequence[AlignedUnit], termbase: Termbase, covered: dict[int, list[tuple[int, int]]]) -> list[ExpressionRendering]:
    """Recurring capitalised source expressions not covered by the termbase or names, with their German counterpart.

    `covered` holds, per unit index, source spans already explained (termbase matches, names).
    The counterpart in a unit is the German noun (lemmatised) that best co-occurs with the
    expression over the document (Jaccard over units); none when no noun is specific enough.
    """
    expressions: dict[str, list[tuple[AlignedUnit, str]]] = {}
    for unit in units:
        spans = covered.get(unit.index, [])
        for expression, start, end in _capitalised_runs(unit.source_text):
            if any(s < end and start < e for s, e in spans):
                continue
            key = " ".join(w.lower() for w in expression.split())
            expressions.setdefault(key, []).append((unit, expression))
    nouns_by_unit = {u.index: _german_lemmas(u.target_text) for u in units}
    frequency: Counter[str] = Counter()
    for lemmas in nouns_by_unit.values():
        frequency.update(set(lemmas))
    results: list[ExpressionRendering] = []
    for occurrences in expressions.values():
        unit_ids = {u.index for u, _ in occurrences}
        if len(unit_ids) < MIN_UNITS:
            continue
        for unit, expression in occurrences:
            lemmas = nouns_by_unit[unit.index]
            best: tuple[float, int, str] | None = None
            for lemma in lemmas:
                shared = sum(1 for i in unit_ids if lemma in nouns_by_unit[i])
                association = shared / (len(unit_ids) + frequency[lemma] - shared)
                candidate = (association, len(lemma), lemma)
                if best is None or candidate > best:
                    best = candidate
            if best is not None and best[0] >= MIN_ASSOCIATION / len(unit_ids):
                results.append(ExpressionRendering(expression, unit, expression, lemmas[best[2]], best[2]))
    return results


def check_divergent_expressions(renderings: Sequence[ExpressionRendering], units: Sequence[AlignedUnit]) -> list[Finding]:
    """A recurring expression whose counterpart differs between units, each counterpart specific to it (warning)."""
    findings: list[Finding] = []
    by_expression: dict[str, list[ExpressionRendering]] = {}
    for rendering in renderings:
        by_expression.setdefault(" ".join(rendering.expression.lower().split()), []).append(rendering)
    unit_lemmas = {u.index: set(_german_lemmas(u.target_text)) for u in units}
    for group in by_expression.values():
        lemmas = Counter(r.lemma for r in group)
        if len(lemmas) < 2:
            continue
        # The expression needs an established rendering (seen twice) to diverge from, and a
        # derivation of it ("Türkei" → "Deutschtürken") is not a different rendering.
        main, main_count = lemmas.most_common(1)[0]
        root = main[:-2] if len(main) > 5 else main
        others = [lemma for lemma in lemmas if lemma != main and root not in lemma and lemma[:-2] not in main]
        if main_count < 2 or not others:
            continue
        lemmas = Counter({lemma: n for lemma, n in lemmas.items() if lemma == main or lemma in others})
        group = [r for r in group if r.lemma in lemmas]
        expression_units = {r.unit.index for r in group}
        # Each counterpart must be specific: it appears (almost) only where the expression does.
        specific = all(
            sum(1 for i, ls in unit_lemmas.items() if lemma in ls and i not in expression_units) == 0 for lemma in lemmas
        )
        if not specific:
            continue
        shown = ", ".join(f"\"{next(r.target_text for r in group if r.lemma == l)}\" ({n}×)" for l, n in lemmas.most_common())
        findings.append(
            _finding(
                "divergent_renderings",
                f"\"{group[0].expression}\" (not in the termbase) is rendered {len(lemmas)} ways: {shown}",
                "choose one rendering and add it to a termbase (--termbase)",
                [(r.unit, r.source_text, r.target_text) for r in group],
            )
        )
    return findings


def _capitalised_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of two or more capitalised syllables, not at the very start of a sentence."""
    runs: list[tuple[str, int, int]] = []
    tokens = list(_VI_SYLLABLE.finditer(text))
    k = 0
    while k < len(tokens):
        if tokens[k].group()[:1].isupper() and not tokens[k].group().isupper():
            j = k
            while j + 1 < len(tokens) and tokens[j + 1].group()[:1].isupper() and text[tokens[j].end() : tokens[j + 1].start()] == " ":
                j += 1
            if j > k and tokens[k].start() > 0:
                runs.append((text[tokens[k].start() : tokens[j].end()], tokens[k].start(), tokens[j].end()))
            k = j + 1
        else:
            k += 1
    return runs


def _german_lemmas(text: str) -> dict[str, str]:
    """Capitalised German words (nouns), lemma → first surface form; sentence-initial words skipped."""
    lemmas: dict[str, str] = {}
    for match in _DE_NOUN.finditer(text):
        before = text[: match.start()].rstrip()
        if not before or before[-1] in ".!?:":
            continue
        word = match.group()
        lemma = _DE_ENDINGS.sub("", word.lower()) if len(word) > 5 else word.lower()
        lemmas.setdefault(lemma, word)
    return lemmas


def _finding(code: str, message: str, suggestion: str, places: list[tuple[AlignedUnit, str, str]]) -> Finding:
    return finding_at("consistency", code, "warning", message, suggestion, places)
