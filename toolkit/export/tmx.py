"""TMX 1.4b: the aligned pairs as a translation memory (one `tu` per two-sided, non-boilerplate bead)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from toolkit import __version__
from toolkit.alignment import Alignment
from toolkit.export.base import (
    ExportPlan,
    ExportUnit,
    RenderedExport,
    XmlTextCleaner,
    finding_note,
    plan_export,
    source_provenance,
    source_url,
    utc_now,
    xml_bytes,
)
from toolkit.findings import Finding

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
# TMX segtype has no "block": our blocks are paragraphs (one line of the article each).
_SEGTYPE = {"sentence": "sentence", "block": "paragraph"}


def render_tmx(
    alignment: Alignment,
    findings: Sequence[Finding] = (),
    *,
    level: str = "sentence",
    created: datetime | None = None,
    plan: ExportPlan | None = None,
    min_score: float | None = None,
    skip_flagged: bool = False,
) -> RenderedExport:
    """TMX 1.4b bytes, valid against the published DTD; props carry source URL, score and block kind.

    Translation memories want real pairs only, so one-sided beads and portal boilerplate are left out;
    so are, on request, pairs scoring below `min_score` and pairs with error findings (`skip_flagged`:
    the findings given are the unresolved ones — decisions were applied when they were made). The
    header says what was left out and how many, so a memory's user knows it is a selection.
    """
    plan = plan or plan_export(alignment, list(findings), level)
    clean = XmlTextCleaner()
    src_lang, tgt_lang = alignment.source.lang, alignment.target.lang
    url = clean(source_url(alignment), "source URL")
    stamp = (created or utc_now()).strftime("%Y%m%dT%H%M%SZ")

    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="srcalign",
        creationtoolversion=__version__,
        segtype=_SEGTYPE[level],
        **{"o-tmf": "srcalign-alignment-json", "adminlang": "en", "srclang": src_lang, "datatype": "plaintext", "creationdate": stamp},
    )
    if url:
        _prop(header, "x-source-url", url)
    provenance = clean(source_provenance(alignment), "source provenance")
    if provenance:
        _prop(header, "x-source-provenance", provenance)
    for finding in plan.unplaced:
        etree.SubElement(header, "note").text = clean(finding_note(finding), "a finding's note")

    kept, low, flagged = select_pairs(plan, min_score, skip_flagged)
    if min_score is not None:
        _prop(header, "x-left-out-below-score", f"{low} (score < {min_score:g})")
    if skip_flagged:
        _prop(header, "x-left-out-flagged", f"{flagged} (unresolved error findings)")
    if min_score is not None or skip_flagged:
        etree.SubElement(header, "note").text = left_out_note(low, flagged, min_score, skip_flagged)

    body = etree.SubElement(root, "body")
    units = 0
    for unit in kept:
        units += 1
        tu = etree.SubElement(body, "tu", tuid=str(unit.index))
        if url:
            _prop(tu, "x-source-url", url)
        _prop(tu, "x-score", f"{unit.bead.score:.4f}")
        _prop(tu, "x-block-kind", unit.block_kind)
        _prop(tu, "x-source-ids", " ".join(unit.bead.source))
        _prop(tu, "x-target-ids", " ".join(unit.bead.target))
        for finding in unit.findings:
            etree.SubElement(tu, "note").text = clean(finding_note(finding), f"a note on {' '.join(unit.bead.source)}")
        for lang, text, ids in ((src_lang, unit.source_text, unit.bead.source), (tgt_lang, unit.target_text, unit.bead.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = clean(text, f"{lang} {'+'.join(ids)}")
    data = xml_bytes(root, DOCTYPE)
    return RenderedExport("tmx", data, units, clean.dropped)


def select_pairs(plan: ExportPlan, min_score: float | None, skip_flagged: bool) -> tuple[list[ExportUnit], int, int]:
    """The two-sided, non-boilerplate units to keep, and how many were left out for a low score and
    for an error finding (a pair that is both counts as low-scoring)."""
    kept: list[ExportUnit] = []
    low = flagged = 0
    for unit in plan.units:
        if unit.boilerplate or not unit.two_sided:
            continue
        if min_score is not None and unit.bead.score < min_score:
            low += 1
        elif skip_flagged and any(f.severity == "error" for f in unit.findings):
            flagged += 1
        else:
            kept.append(unit)
    return kept, low, flagged


def left_out_note(low: int, flagged: int, min_score: float | None, skip_flagged: bool) -> str:
    """'srcalign left out 3 pairs scoring below 0.8 and 1 pair with unresolved error findings.'"""
    parts = []
    if min_score is not None:
        parts.append(f"{low} {'pair' if low == 1 else 'pairs'} scoring below {min_score:g}")
    if skip_flagged:
        parts.append(f"{flagged} {'pair' if flagged == 1 else 'pairs'} with unresolved error findings")
    return "srcalign left out " + " and ".join(parts) + "."


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = value
