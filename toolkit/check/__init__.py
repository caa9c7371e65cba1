"""Checks over an alignment: names, terms, consistency, numbers, leftovers (one module each).

`check_alignment` runs them all and returns findings in kind order (names, terms, consistency,
numbers, leftovers), then in document order. Findings carry sentence ids where the alignment
has sentence beads and block ids otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.alignment import Alignment
from toolkit.check.consistency import check_divergent_expressions, check_shared_renderings, expression_renderings
from toolkit.check.leftovers import check_leftovers
from toolkit.check.names import NamePairing, check_names, load_name_lexicon, name_pairings
from toolkit.check.numbers import check_numbers
from toolkit.check.terms import TermPairing, check_terms, term_pairings
from toolkit.check.units import AlignedUnit, aligned_units
from toolkit.errors import SrcalignError
from toolkit.findings import KINDS, SEVERITIES, Finding
from toolkit.termbase import Termbase

__all__ = ["check_alignment", "pair_up", "Pairings", "at_or_above", "AlignedUnit", "aligned_units"]


@dataclass(frozen=True)
class Pairings:
    """The aligned units with their names and terms paired to German renderings.

    Made once per alignment: the checks, the `terms` inventory and a batch's cross-article
    rendering counts all read the same pairings.
    """

    units: tuple[AlignedUnit, ...]
    names: tuple[NamePairing, ...]
    terms: tuple[TermPairing, ...]


def pair_up(alignment: Alignment, termbase: Termbase) -> Pairings:
    units = aligned_units(alignment)
    lexicon = load_name_lexicon()
    return Pairings(tuple(units), tuple(name_pairings(units, lexicon, termbase)), tuple(term_pairings(units, termbase)))


def check_alignment(
    alignment: Alignment,
    termbase: Termbase,
    *,
    diacritics_severity: str = "info",
    pairings: Pairings | None = None,
) -> list[Finding]:
    """Every finding for one aligned pair; `diacritics_severity` is the house style for dropped diacritics."""
    if diacritics_severity not in SEVERITIES:
        raise SrcalignError(f"unknown severity {diacritics_severity!r}; use one of {', '.join(SEVERITIES)}")
    pairings = pairings or pair_up(alignment, termbase)
    units, names, terms = list(pairings.units), list(pairings.names), list(pairings.terms)
    lexicon = load_name_lexicon()
    covered: dict[int, list[tuple[int, int]]] = {}
    for unit in units:
        covered[unit.index] = [(m.start, m.end) for m in termbase.find_source(unit.source_text)]
    for pairing in names:
        covered.setdefault(pairing.unit.index, []).append((pairing.mention.start, pairing.mention.end))
    findings = [
        *check_names(names, lexicon, diacritics_severity=diacritics_severity),
        *check_terms(terms),
        *check_shared_renderings(terms, names),
        *check_divergent_expressions(expression_renderings(units, termbase, covered), units),
        *check_numbers(units, alignment.source.lang, alignment.target.lang),
        *check_leftovers(units, names, _unaligned_target_units(alignment)),
    ]
    order = {unit_ids: k for k, unit_ids in enumerate((u.source_ids, u.target_ids) for u in units)}
    return sorted(
        findings,
        key=lambda f: (KINDS.index(f.kind), order.get((f.source_ids, f.target_ids), len(order)), -SEVERITIES.index(f.severity)),
    )


def at_or_above(findings: list[Finding], severity: str) -> list[Finding]:
    """The findings at `severity` or worse (for --fail-on)."""
    floor = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) >= floor]


def _unaligned_target_units(alignment: Alignment) -> list[AlignedUnit]:
    """German body blocks the aligner left without a source: leftovers can still hide there."""
    units = []
    for bead in alignment.beads_at("block"):
        if bead.source or not bead.target:
            continue
        blocks = [alignment.target.block(i) for i in bead.target]
        if all(b.boilerplate for b in blocks):
            continue
        units.append(
            AlignedUnit(
                index=-1 - len(units),
                level="block",
                source_ids=(),
                target_ids=bead.target,
                source_text="",
                target_text=alignment.target_text(bead),
            )
        )
    return units
