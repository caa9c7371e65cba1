"""The names and terms of an aligned pair with their German renderings: a terminologist's starting list.

`srcalign terms` prints it; each item is a source form with how often it occurs, every German
rendering found (with counts and, for termbase entries, its status), and where it occurs.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from toolkit.alignment import Alignment
from toolkit.check.consistency import expression_renderings
from toolkit.check.names import load_name_lexicon, name_key, name_pairings
from toolkit.check.terms import term_pairings, unknown_renderings
from toolkit.check.units import AlignedUnit, aligned_units
from toolkit.termbase import OBSERVED, TERM_LIST_MARK, Termbase

FORMATS: tuple[str, ...] = ("tsv", "json", "tbx")


@dataclass(frozen=True)
class Rendering:
    """One German form of a source term and how often it was found; status from the termbase if known."""

    text: str
    count: int
    status: str = ""


@dataclass(frozen=True)
class InventoryItem:
    """A source name or term, its kind, count, German renderings, termbase preference and places."""

    source: str
    kind: str  # person, place, institution, title, document, term, expression
    count: int
    renderings: tuple[Rendering, ...]
    preferred: str
    where: tuple[str, ...]  # "b3→b2" (sentence ids where the alignment has them)
    unrendered: int = 0  # occurrences with no German rendering found


def term_inventory(alignment: Alignment, termbase: Termbase) -> list[InventoryItem]:
    """Names first (in document order), then termbase terms, then recurring expressions outside it."""
    units = aligned_units(alignment)
    lexicon = load_name_lexicon()
    items: list[InventoryItem] = []
    names = name_pairings(units, lexicon, termbase)
    groups: dict[str, list] = {}
    for pairing in names:
        groups.setdefault(name_key(pairing.mention.text, lexicon.equivalents), []).append(pairing)
    for group in groups.values():
        forms = Counter(p.rendering.text for p in group if p.rendering is not None)
        items.append(
            InventoryItem(
                source=unicodedata.normalize("NFC", group[0].mention.text),
                kind=group[0].mention.kind,
                count=len(group),
                renderings=tuple(Rendering(t, n) for t, n in forms.most_common()),
                preferred="",
                where=tuple(dict.fromkeys(_place(p.unit) for p in group)),
                unrendered=sum(1 for p in group if p.rendering is None),
            )
        )
    terms = term_pairings(units, termbase)
    name_spans: dict[int, list[tuple[int, int]]] = {}
    for pairing in names:
        if pairing.rendering is not None:
            name_spans.setdefault(pairing.unit.index, []).append((pairing.rendering.start, pairing.rendering.end))
    # German words outside the termbase that most likely render a term (as `check` finds them): observed
    guessed = {id(terms[k]): guess.text for k, guess in unknown_renderings(terms, termbase, name_spans).items()}
    by_entry: dict = {}
    for pairing in terms:
        by_entry.setdefault(pairing.entry, []).append(pairing)
    for entry, group in by_entry.items():
        forms = Counter((p.rendering, p.status) for p in group if p.target_text is not None)
        forms.update((guessed[id(p)], "") for p in group if id(p) in guessed)
        items.append(
            InventoryItem(
                source=unicodedata.normalize("NFC", entry.source),
                kind=entry.category,
                count=len(group),
                renderings=tuple(Rendering(r, n, s) for (r, s), n in forms.most_common()),
                preferred=entry.preferred_display,
                where=tuple(dict.fromkeys(_place(p.unit) for p in group)),
                unrendered=sum(1 for p in group if p.target_text is None and id(p) not in guessed),
            )
        )
    covered: dict[int, list[tuple[int, int]]] = {}
    for unit in units:
        covered[unit.index] = [(m.start, m.end) for m in termbase.find_source(unit.source_text)]
    for pairing in names:
        covered.setdefault(pairing.unit.index, []).append((pairing.mention.start, pairing.mention.end))
    expressions: dict[str, list] = {}
    for rendering in expression_renderings(units, termbase, covered):
        expressions.setdefault(" ".join(rendering.expression.lower().split()), []).append(rendering)
    for group in expressions.values():
        forms = Counter(r.target_text for r in group)
        items.append(
            InventoryItem(
                source=group[0].expression,
                kind="expression",
                count=len(group),
                renderings=tuple(Rendering(t, n) for t, n in forms.most_common()),
                preferred="",
                where=tuple(dict.fromkeys(_place(r.unit) for r in group)),
            )
        )
    return items


def render_inventory(items: Sequence[InventoryItem], fmt: str) -> str:
    """TSV (one row per item), JSON ({"terms": [...]}) or TBX-Basic."""
    if fmt == "json":
        data = {
            "terms": [
                {
                    "source": i.source,
                    "kind": i.kind,
                    "count": i.count,
                    "renderings": [{"text": r.text, "count": r.count, "status": r.status} for r in i.renderings],
                    "unrendered": i.unrendered,
                    "preferred": i.preferred,
                    "where": list(i.where),
                }
                for i in items
            ]
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "tbx":
        return inventory_tbx(items).decode("utf-8")
    rows = ["source\tkind\tcount\trenderings\tunrendered\tpreferred\twhere"]
    for i in items:
        renderings = " | ".join(f"{r.text} ({r.count}{', ' + r.status if r.status else ''})" for r in i.renderings)
        rows.append(f"{i.source}\t{i.kind}\t{i.count}\t{renderings}\t{i.unrendered}\t{i.preferred}\t{' '.join(i.where)}")
    return "\n".join(rows) + "\n"


def inventory_tbx(items: Sequence[InventoryItem]) -> bytes:
    """TBX-Basic through the export module: termbase status kept, found forms otherwise unmarked."""
    from toolkit.export.tbx import ADMITTED, DEPRECATED, PREFERRED, TermEntry as TbxEntry, TermVariant, render_tbx

    status_map = {"preferred": PREFERRED, "variant": ADMITTED, "wrong": DEPRECATED}
    entries = []
    for item in items:
        if not item.preferred and not item.renderings:
            continue  # nothing German to record: a TBX entry needs both languages
        targets: dict[str, TermVariant] = {}
        if item.preferred:
            targets[item.preferred.casefold()] = TermVariant(item.preferred, PREFERRED)
        for rendering in item.renderings:
            if rendering.text.casefold() not in targets:
                targets[rendering.text.casefold()] = TermVariant(
                    rendering.text, status_map.get(rendering.status, ""),
                    note=f"{'found' if rendering.status else OBSERVED}: {rendering.count}× in the translation",
                )
        entries.append(
            TbxEntry(
                source_terms=(TermVariant(item.source, note=item.kind),),
                target_terms=tuple(targets.values()),
                note=f"{item.kind}; {item.count}× in the source; at {' '.join(item.where)}",
            )
        )
    # TERM_LIST_MARK tells the termbase reader that this is a term list (unmarked terms: only observed)
    return render_tbx(entries, description=f"Names and terms of an aligned pair, {TERM_LIST_MARK}.").data


def _place(unit: AlignedUnit) -> str:
    return f"{'+'.join(unit.source_ids)}→{'+'.join(unit.target_ids)}"
