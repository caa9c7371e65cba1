"""XLIFF 1.2 (what Trados, memoQ, OmegaT and Okapi read): one trans-unit per bead, findings as notes.

Valid against the OASIS strict schema. That schema validates foreign attributes strictly, so an
extension attribute in our own namespace would need a published schema; the score therefore goes
where the core vocabulary allows it: a `note` for people and `extradata="score=…"` for tools.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from toolkit import __version__
from toolkit.alignment import Alignment
from toolkit.export.base import (
    ExportPlan,
    DEFAULT_THRESHOLD,
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

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# XLIFF note priority runs 1 (highest) to 10.
_PRIORITY = {"error": "1", "warning": "2", "info": "5"}


def render_xliff(
    alignment: Alignment,
    findings: Sequence[Finding] = (),
    *,
    level: str = "sentence",
    threshold: float = DEFAULT_THRESHOLD,
    created: datetime | None = None,
    plan: ExportPlan | None = None,
) -> RenderedExport:
    """XLIFF 1.2 bytes: every non-boilerplate bead, the target marked for review when weak or flagged.

    One-sided beads are kept (a reviewer must see an untranslated or an added sentence): a source
    without German has no `target`; German without source has an empty `source`.
    """
    plan = plan or plan_export(alignment, list(findings), level)
    clean = XmlTextCleaner()
    src_lang, tgt_lang = alignment.source.lang, alignment.target.lang
    url = clean(source_url(alignment), "source URL")
    stamp = (created or utc_now()).strftime("%Y-%m-%dT%H:%M:%SZ")

    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS}, version="1.2")
    file_el = etree.SubElement(
        root,
        f"{{{NS}}}file",
        {
            "original": url or clean(alignment.source.path or "", "source path") or "srcalign-alignment",
            "source-language": src_lang,
            "target-language": tgt_lang,
            "datatype": "plaintext",
            "tool-id": "srcalign",
            "date": stamp,
            "category": f"srcalign-{level}-alignment",
        },
    )
    header = etree.SubElement(file_el, f"{{{NS}}}header")
    etree.SubElement(header, f"{{{NS}}}tool", {"tool-id": "srcalign", "tool-name": "srcalign", "tool-version": __version__})
    provenance = clean(source_provenance(alignment), "source provenance")
    about = f"Source: {url or 'unknown URL'}" + (f" (provenance: {provenance})" if provenance else "")
    _note(header, about)
    for finding in plan.unplaced:
        _note(header, clean(finding_note(finding), "a finding's note"), priority=_PRIORITY.get(finding.severity))

    body = etree.SubElement(file_el, f"{{{NS}}}body")
    units = 0
    for unit in plan.units:
        if unit.boilerplate:
            continue
        units += 1
        bead = unit.bead
        attrs = {
            "id": f"u{unit.index}",
            "resname": unit.ids_label(src_lang, tgt_lang),
            "restype": f"x-{unit.block_kind.replace('+', '-') or 'unknown'}",
            "datatype": "plaintext",
            "extradata": f"score={bead.score:.4f}",
        }
        if not bead.source:
            attrs["translate"] = "no"
        tu = etree.SubElement(body, f"{{{NS}}}trans-unit", attrs)
        src_where = f"{src_lang} {'+'.join(bead.source)}"
        etree.SubElement(tu, f"{{{NS}}}source", {XML_LANG: src_lang}).text = clean(unit.source_text, src_where)
        if bead.target:
            weak = bead.score < threshold or bool(unit.findings)
            state = "needs-review-translation" if weak else "translated"
            target = etree.SubElement(tu, f"{{{NS}}}target", {XML_LANG: tgt_lang, "state": state})
            target.text = clean(unit.target_text, f"{tgt_lang} {'+'.join(bead.target)}")
        _note(tu, _score_note(unit.bead.score, unit.bead.shape, threshold, bool(bead.source), bool(bead.target)))
        for finding in unit.findings:
            _note(tu, clean(finding_note(finding), f"a note on {src_where}"), priority=_PRIORITY.get(finding.severity))
    data = xml_bytes(root)
    return RenderedExport("xliff", data, units, clean.dropped)


def _score_note(score: float, shape: str, threshold: float, has_source: bool, has_target: bool) -> str:
    if not has_target:
        return f"alignment score {score:.4f} ({shape}): no German translation found for this source text"
    if not has_source:
        return f"alignment score {score:.4f} ({shape}): German text with no Vietnamese source"
    weak = " — below the review threshold {:.2f}".format(threshold) if score < threshold else ""
    return f"alignment score {score:.4f} ({shape}){weak}"


def _note(parent: etree._Element, text: str, *, priority: str | None = None) -> None:
    attrs = {"from": "srcalign"}
    if priority:
        attrs["priority"] = priority
    etree.SubElement(parent, f"{{{NS}}}note", attrs).text = text
