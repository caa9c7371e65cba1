"""TBX-Basic term list from name and term findings."""

from __future__ import annotations

from lxml import etree
from translate.storage.tbx import tbxfile

from toolkit.export.tbx import DEPRECATED, PREFERRED, TermEntry, TermVariant, render_tbx, term_entries_from_findings

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_entries_group_findings_by_source_term(findings):
    entries = term_entries_from_findings(findings)
    # the name, and one entry for the term + consistency findings on "Ban Tổ chức Trung ương";
    # numbers and leftovers are not terms
    assert [e.source_terms[0].text for e in entries] == ["Lê Minh Hưng", "Ban Tổ chức Trung ương"]
    body = entries[1]
    assert [(t.text, t.status) for t in body.target_terms] == [
        ("Zentrales Organisationskomitee", PREFERRED),
        ("Zentralen Organisationskommission", DEPRECATED),
        ("Zentralen Organisationskomitees", DEPRECATED),
    ]
    assert "termbase" in body.note and "two ways" in body.note


def test_no_entry_without_a_term_finding(findings):
    assert term_entries_from_findings([f for f in findings if f.kind in ("number", "leftover")]) == []


def test_tbx_structure_and_translate_toolkit_reads_it(findings):
    rendered = render_tbx(term_entries_from_findings(findings))
    root = etree.fromstring(rendered.data)
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == rendered.units == 2
    assert [ls.get(XML_LANG) for ls in entries[0].findall("langSet")] == ["vi", "de"]
    assert entries[0].findtext("langSet[2]/tig/termNote[@type='administrativeStatus']") == PREFERRED
    store = tbxfile.parsestring(rendered.data)
    assert [(u.source, u.target) for u in store.units] == [
        ("Lê Minh Hưng", "Lê Minh Hưng"),
        ("Ban Tổ chức Trung ương", "Zentrales Organisationskomitee"),
    ]


def test_control_characters_in_terms_are_dropped():
    rendered = render_tbx([TermEntry((TermVariant("Hà\x08 Giang"),), (TermVariant("Ha Giang\x1f", PREFERRED),))])
    assert etree.fromstring(rendered.data).findtext(".//term") == "Hà Giang"
    assert [d.codepoint for d in rendered.dropped] == [0x08, 0x1F]


def test_statuses_from_the_check_are_kept(seed_alignment):
    from toolkit.check import check_alignment
    from toolkit.export.tbx import ADMITTED
    from toolkit.termbase import load_termbase

    entries = term_entries_from_findings(check_alignment(seed_alignment, load_termbase()))
    group = next(e for e in entries if e.source_terms[0].text == "Đoàn kiểm tra")
    # the preferred rendering once (not again in its found form), the variant admitted, the wrong one deprecated
    assert [(t.text, t.status) for t in group.target_terms] == [
        ("Inspektionsgruppe", PREFERRED),
        ("Arbeitsgruppe", DEPRECATED),
        ("Inspektionsteams", ADMITTED),
        ("Inspektionsteam", ADMITTED),
    ]
