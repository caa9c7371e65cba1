"""TMX 1.4b: the aligned pairs as a translation memory (one `tu` per two-sided, non-boilerplate bead)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from toolkit import __version__
from toolkit.alignment import Alignment
from toolkit.export.base import (
    ExportPlan,
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
) -> RenderedExport:
    """TMX 1.4b bytes, valid against the published DTD; props carry source URL, score and block kind.

    Translation memories want real pairs only, so one-sided beads and portal boilerplate are left out.
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

    body = etree.SubElement(root, "body")
    units = 0
    for unit in plan.units:
        if unit.boilerplate or not unit.two_sided:
            continue
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


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = value
