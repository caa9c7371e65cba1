"""Checks over an alignment: names, terms, consistency, numbers, leftovers (one module each).

`check_alignment` runs them all, merges what describes one problem into one finding, and
returns the findings errors first, then in document order (of their first occurrence). Findings carry sentence ids where the alignment
has sentence beads and block ids otherwise.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from toolkit.alignment import Alignment
from toolkit.check.consistency import check_divergent_expressions, check_shared_renderings, expression_renderings
from toolkit.check.leftovers import check_leftovers
from toolkit.check.names import NamePairing, check_names, load_name_lexicon, name_pairings
from toolkit.check.numbers import check_numbers
from toolkit.check.terms import TermPairing, check_terms, term_pairings, unknown_renderings
from toolkit.check.units import AlignedUnit, aligned_units
from toolkit.errors import SrcalignError
from toolkit.findings import KINDS, SEVERITIES, Finding, at_least, severity_rank
from toolkit.termbase import Termbase

__all__ = ["check_alignment", "pair_up", "Pairings", "at_or_above", "merge_findings", "sort_findings", "AlignedUnit", "aligned_units"]


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
    """Every problem of one aligned pair, one finding each, errors first, then by first occurrence.

    `diacritics_severity` is the house style for dropped diacritics.
    """
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
    name_spans: dict[int, list[tuple[int, int]]] = {}
    for pairing in names:
        if pairing.rendering is not None:
            name_spans.setdefault(pairing.unit.index, []).append((pairing.rendering.start, pairing.rendering.end))
    findings = [
        *check_names(names, lexicon, diacritics_severity=diacritics_severity),
        *check_terms(terms, unknown_renderings(terms, termbase, name_spans)),
        *check_shared_renderings(terms, names),
        *check_divergent_expressions(expression_renderings(units, termbase, covered), units),
        *check_numbers(units, alignment.source.lang, alignment.target.lang),
        *check_leftovers(units, names, _unaligned_target_units(alignment)),
    ]
    order = {unit_ids: k for k, unit_ids in enumerate((u.source_ids, u.target_ids) for u in units)}
    return sort_findings(merge_findings(findings), order)


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: a consistency finding that restates a term finding becomes one of
    its reasons, and findings with the same id (the same problem at several places) are one."""
    by_term = {_norm(f.term): k for k, f in enumerate(findings) if f.kind == "term"}
    merged: list[Finding | None] = list(findings)
    for k, finding in enumerate(findings):
        if finding.kind != "consistency" or finding.code != "same_target_different_sources":
            continue
        owners = [by_term[t] for t in (_norm(w) for w in finding.renderings) if t in by_term]
        if not owners:
            continue
        for owner in owners:
            host = merged[owner]
            reasons = list(host.reasons)
            at = next((i for i, r in enumerate(reasons) if r.startswith("preferred: ")), len(reasons))
            reasons.insert(at, finding.message)
            merged[owner] = replace(
                host,
                message=host.message.replace("; preferred: ", f"; {finding.message}; preferred: ", 1),
                reasons=tuple(reasons),
                codes=(*host.codes, finding.code),
                severity=_worst(host.severity, finding.severity),
                id=host.id,
            )
        merged[k] = None
    by_id: dict[str, int] = {}
    result: list[Finding] = []
    for finding in merged:
        if finding is None:
            continue
        if finding.id in by_id:
            host = result[by_id[finding.id]]
            places = {o.place for o in host.occurrences}
            extra = tuple(o for o in finding.occurrences if o.place not in places)
            result[by_id[finding.id]] = replace(host, occurrences=host.occurrences + extra, id=host.id)
            continue
        by_id[finding.id] = len(result)
        result.append(finding)
    return result


def sort_findings(findings: list[Finding], order: dict | None = None) -> list[Finding]:
    """Errors first, then warnings, then info; within a severity by first occurrence in the document."""
    order = order or {}

    def first(finding: Finding) -> tuple:
        places = [(order.get((o.source_ids, o.target_ids), len(order)), (o.source_span or o.target_span or (0, 0))[0]) for o in finding.occurrences]
        return min(places, default=(order.get((finding.source_ids, finding.target_ids), len(order)), 0))

    return sorted(findings, key=lambda f: (severity_rank(f.severity), first(f), KINDS.index(f.kind), f.id))


def _worst(a: str, b: str) -> str:
    return a if SEVERITIES.index(a) >= SEVERITIES.index(b) else b


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def at_or_above(findings: list[Finding], severity: str) -> list[Finding]:
    """The findings at `severity` or worse (for --fail-on)."""
    return at_least(findings, severity)


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
