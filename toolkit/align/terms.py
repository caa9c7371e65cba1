"""Termbase entries as alignment anchors: "Bộ Chính trị" in a source segment and "Politbüro"
in a target segment name the same concept, which length and spelling cannot see."""

from __future__ import annotations

from toolkit.align.features import TermFinder
from toolkit.termbase import Termbase


def term_finders(termbase: Termbase) -> tuple[TermFinder, TermFinder]:
    """(source finder, target finder): each maps a segment to the concepts it mentions.

    Every German rendering counts, wrong ones included: for alignment a wrong rendering is
    still evidence that the two segments speak of the same thing.
    """

    def source_terms(text: str) -> frozenset[str]:
        return frozenset(m.entry.source for m in termbase.find_source(text))

    def target_terms(text: str) -> frozenset[str]:
        return frozenset(m.entry.source for m in termbase.find_target(text))

    return source_terms, target_terms
