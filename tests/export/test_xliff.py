"""XLIFF 1.2: valid against the OASIS strict XSD, findings as notes, read back by translate-toolkit."""

from __future__ import annotations

import pytest
from lxml import etree
from translate.storage.xliff import xlifffile

from tests.export.conftest import SCHEMAS
from toolkit.export.base import plan_export
from toolkit.export.xliff import NS, render_xliff

X = f"{{{NS}}}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    # the strict schema imports the XML namespace schema from the local xml.xsd
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd")))


@pytest.mark.parametrize("level", ["sentence", "block"])
def test_valid_against_strict_xsd_and_read_back_identically(seed_alignment, findings, schema, level):
    rendered = render_xliff(seed_alignment, findings, level=level)
    tree = etree.fromstring(rendered.data)
    assert schema.validate(tree), schema.error_log.filter_from_errors()
    store = xlifffile.parsestring(rendered.data)
    units = [u for u in plan_export(seed_alignment, [], level).units if not u.boilerplate]
    assert rendered.units == len(store.units) == len(units)
    assert [u.source for u in store.units] == [u.source_text for u in units]
    assert [u.target or "" for u in store.units] == [u.target_text for u in units]


def test_findings_become_notes_and_flag_the_target(seed_alignment, findings):
    root = etree.fromstring(render_xliff(seed_alignment, findings, level="sentence").data)
    units = {u.get("resname"): u for u in root.iter(f"{X}trans-unit")}
    lead = units["vi:b3.s1 de:b2.s1"]
    notes = [n.text for n in lead.findall(f"{X}note")]
    assert notes[0] == "alignment score 0.8200 (1-1)"
    name = next(f for f in findings if f.code == "diacritics_dropped")
    assert f"[warning] name/diacritics_dropped: The name lost its Vietnamese diacritics. Suggestion: Lê Minh Hưng [{name.id}]" in notes
    assert any(n.startswith("[error] term/termbase_mismatch") for n in notes)
    assert [n.get("priority") for n in lead.findall(f"{X}note")][1:] == ["2", "1"]
    assert lead.find(f"{X}target").get("state") == "needs-review-translation"
    assert lead.get("extradata") == "score=0.8200" and lead.get("restype") == "x-lead"
    clean = units["vi:b3.s2 de:b2.s2"]
    assert clean.find(f"{X}target").get("state") == "translated"
    assert len(clean.findall(f"{X}note")) == 1


def test_weak_and_one_sided_beads(seed_alignment, schema):
    root = etree.fromstring(render_xliff(seed_alignment, level="sentence", threshold=0.5).data)
    units = {u.get("resname"): u for u in root.iter(f"{X}trans-unit")}
    weak = units["vi:b6.s1 de:b5.s1"]
    assert weak.find(f"{X}target").get("state") == "needs-review-translation"
    assert "below the review threshold 0.50" in weak.findtext(f"{X}note")
    title = units["vi:b1.s1 de:"]
    assert title.find(f"{X}target") is None
    assert "no German translation" in title.findtext(f"{X}note")


def test_file_header_names_source_and_tool(seed_alignment):
    root = etree.fromstring(render_xliff(seed_alignment, level="block").data)
    file_el = root.find(f"{X}file")
    assert file_el.get("source-language") == "vi" and file_el.get("target-language") == "de"
    assert file_el.get("original").startswith("https://baohagiang.vn/")
    assert root.find(f"{X}file/{X}header/{X}tool").get("tool-name") == "srcalign"
    assert "(provenance: reconstructed)" in root.findtext(f"{X}file/{X}header/{X}note")


def test_control_characters_keep_the_file_valid(dirty_alignment, schema):
    rendered = render_xliff(dirty_alignment, level="sentence")
    assert schema.validate(etree.fromstring(rendered.data)), schema.error_log.filter_from_errors()
    assert [d.codepoint for d in rendered.dropped] == [0x07, 0x00, 0x0B]
    store = xlifffile.parsestring(rendered.data)
    assert all("\x07" not in u.source and "\x0b" not in (u.target or "") for u in store.units)
