"""TBX-Basic term list (TBX 2008 `martif` form, which memoQ, Trados MultiTerm and translate-toolkit read).

`render_tbx` writes any list of TermEntry values; `term_entries_from_findings` turns the name and
term findings of `srcalign check` into entries: the Vietnamese term, the German rendering to use
(the suggestion, preferred) and the renderings found in the translation (deprecated when a
suggestion replaces them).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from toolkit import __version__
from toolkit.export.base import RenderedExport, XmlTextCleaner, finding_places, xml_bytes
from toolkit.findings import Finding

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Finding kinds that are about how a name or term is rendered (numbers and leftovers are not terms).
TERM_KINDS: frozenset[str] = frozenset({"name", "term", "consistency"})
# TBX-Basic administrativeStatus picklist values.
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"


@dataclass(frozen=True)
class TermVariant:
    """One term in one language, with its TBX-Basic administrative status, a context and a note."""

    text: str
    status: str = ""
    context: str = ""
    note: str = ""


@dataclass(frozen=True)
class TermEntry:
    """One concept: its source-language terms and target-language terms."""

    source_terms: tuple[TermVariant, ...]
    target_terms: tuple[TermVariant, ...]
    note: str = ""


def render_tbx(
    entries: Sequence[TermEntry],
    *,
    source_lang: str = "vi",
    target_lang: str = "de",
    title: str = "srcalign term list",
    description: str = "",
) -> RenderedExport:
    """TBX-Basic bytes: one termEntry per entry, one langSet per language, one tig per term."""
    clean = XmlTextCleaner()
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = clean(title, "title")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = clean(description or f"Written by srcalign {__version__}.", "description")
    encoding_desc = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding_desc, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        term_entry = etree.SubElement(body, "termEntry", id=f"c{number}")
        if entry.note:
            etree.SubElement(term_entry, "note").text = clean(entry.note, f"entry c{number}")
        for lang, variants in ((source_lang, entry.source_terms), (target_lang, entry.target_terms)):
            if not variants:
                continue
            lang_set = etree.SubElement(term_entry, "langSet", {XML_LANG: lang})
            for variant in variants:
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = clean(variant.text, f"entry c{number} ({lang})")
                if variant.status:
                    etree.SubElement(tig, "termNote", type="administrativeStatus").text = variant.status
                if variant.context:
                    etree.SubElement(tig, "descrip", type="context").text = clean(variant.context, f"entry c{number} ({lang})")
                if variant.note:
                    etree.SubElement(tig, "note").text = clean(variant.note, f"entry c{number} ({lang})")
    data = xml_bytes(root)
    return RenderedExport("tbx", data, len(entries), clean.dropped)


def term_entries_from_findings(findings: Sequence[Finding]) -> list[TermEntry]:
    """One entry per Vietnamese term flagged by a name, term or consistency finding, in first-seen order."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.kind in TERM_KINDS and finding.source_text.strip():
            grouped.setdefault(_key(finding.source_text), []).append(finding)
    entries = []
    for group in grouped.values():
        suggestions = list(dict.fromkeys(f.suggestion.strip() for f in group if f.suggestion.strip()))
        targets: dict[str, TermVariant] = {}
        for text in suggestions:
            targets[_key(text)] = TermVariant(text, PREFERRED if len(suggestions) == 1 else ADMITTED)
        for finding in group:
            for place in finding_places(finding):
                text = place.target_text.strip()
                if place.status == "preferred":
                    continue  # a form of the preferred rendering, which the entry has already
                if text and _key(text) not in targets:
                    # the check's verdict on the place where it has one (a variant is admitted, a
                    # rendering outside the termbase unmarked), else deprecated next to a suggestion
                    status = _STATUS_BY_CHECK.get(place.status, DEPRECATED if suggestions else "")
                    targets[_key(text)] = TermVariant(text, status, note=f"found in the translation ({', '.join(place.target_ids)})")
        first = group[0]
        entries.append(
            TermEntry(
                source_terms=(TermVariant(first.source_text.strip(), note=f"{first.kind}/{first.code}" if first.code else first.kind),),
                target_terms=tuple(targets.values()),
                note=" | ".join(dict.fromkeys(f.message for f in group)),
            )
        )
    return entries


def render_tbx_from_findings(
    findings: Sequence[Finding], *, source_lang: str = "vi", target_lang: str = "de", description: str = ""
) -> RenderedExport:
    """The term list of an alignment's findings, as the export command and `run` write it."""
    return render_tbx(
        term_entries_from_findings(findings),
        source_lang=source_lang,
        target_lang=target_lang,
        description=description or f"Names and terms flagged by srcalign check; written by srcalign {__version__}.",
    )


_STATUS_BY_CHECK = {"variant": ADMITTED, "wrong": DEPRECATED, "unknown": ""}


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()
