"""Terms: how each termbase entry found in the source is rendered in the aligned German.

Per aligned unit, the entries found in the source are paired with the German renderings of
the same entries found in the target. When one German word could render two entries present
in the unit ("Richtlinien" for chỉ thị and for chính sách), the nearer one (by relative position
in the two texts) wins, with a small bonus for the better status. Over the document: a wrong rendering is an error, a non-preferred
one is info, an entry rendered several ways is a warning.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

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
                pairings.append(TermPairing(s.entry, unit, source_text, t.matched_text, rendering, t.status))
            else:
                pairings.append(TermPairing(s.entry, unit, source_text, None, "", ""))
    return pairings


def check_terms(pairings: Sequence[TermPairing]) -> list[Finding]:
    """Wrong renderings (error), non-preferred ones (info), one entry rendered several ways (warning)."""
    findings: list[Finding] = []
    by_entry: dict[TermEntry, list[TermPairing]] = {}
    for pairing in pairings:
        if pairing.target_text is not None:
            by_entry.setdefault(pairing.entry, []).append(pairing)
    for entry, group in by_entry.items():
        preferred = entry.preferred_display
        source = unicodedata.normalize("NFC", entry.source)
        renderings = Counter(p.rendering for p in group)
        if len(renderings) >= 2:
            shown = ", ".join(f"\"{r}\" ({n}×, {_status_of(group, r)})" for r, n in renderings.most_common())
            findings.append(
                _finding(
                    group,
                    "term_inconsistent",
                    "warning",
                    f"\"{source}\" is rendered {len(renderings)} ways: {shown}",
                    preferred,
                    entry,
                )
            )
        for status, code, severity, wording in (
            ("wrong", "term_wrong", "error", "a known wrong rendering"),
            ("variant", "term_not_preferred", "info", "accepted, but not the preferred rendering"),
        ):
            for rendering in dict.fromkeys(p.rendering for p in group if p.status == status):
                hits = [p for p in group if p.status == status and p.rendering == rendering]
                findings.append(
                    _finding(
                        hits,
                        code,
                        severity,
                        f"\"{source}\" rendered as \"{rendering}\" ({len(hits)}×): {wording}; preferred: \"{preferred}\"",
                        preferred,
                        entry,
                    )
                )
    return findings


def _status_of(group: Sequence[TermPairing], rendering: str) -> str:
    return next(p.status for p in group if p.rendering == rendering)


def _finding(group: Sequence[TermPairing], code: str, severity: str, message: str, suggestion: str, entry: TermEntry) -> Finding:
    note = f" ({entry.note})" if entry.note and code != "term_not_preferred" else ""
    return finding_at("term", code, severity, message + note, suggestion, [(p.unit, p.source_text, p.target_text or "") for p in group])
