"""TMX 1.4b: valid against the published DTD, read back by translate-toolkit with identical texts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from lxml import etree
from translate.storage.tmx import tmxfile

from tests.export.conftest import SCHEMAS
from toolkit.alignment import Alignment
from toolkit.export.base import plan_export
from toolkit.export.tmx import render_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx14.dtd"))


def expected_pairs(alignment: Alignment, level: str) -> list[tuple[str, str]]:
    return [(u.source_text, u.target_text) for u in plan_export(alignment, [], level).units if u.two_sided and not u.boilerplate]


@pytest.mark.parametrize("level", ["sentence", "block"])
def test_valid_against_dtd_and_read_back_identically(seed_alignment, findings, dtd, level):
    rendered = render_tmx(seed_alignment, findings, level=level)
    tree = etree.fromstring(rendered.data)
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    store = tmxfile.parsestring(rendered.data)
    pairs = expected_pairs(seed_alignment, level)
    assert rendered.units == len(store.units) == len(pairs)
    assert [(u.source, u.target) for u in store.units] == pairs


def test_header_says_who_wrote_it(seed_alignment):
    created = datetime(2025, 3, 17, 7, 34, tzinfo=timezone.utc)
    header = etree.fromstring(render_tmx(seed_alignment, level="block", created=created).data).find("header")
    assert header.attrib == {
        "creationtool": "srcalign",
        "creationtoolversion": header.get("creationtoolversion"),
        "segtype": "paragraph",
        "o-tmf": "srcalign-alignment-json",
        "adminlang": "en",
        "srclang": "vi",
        "datatype": "plaintext",
        "creationdate": "20250317T073400Z",
    }
    assert header.get("creationtoolversion")
    assert header.findtext("prop[@type='x-source-provenance']") == "reconstructed"


def test_tu_props_notes_and_left_out_beads(seed_alignment, findings):
    root = etree.fromstring(render_tmx(seed_alignment, findings, level="block").data)
    tus = root.findall("body/tu")
    # 22 pairs: the unaligned title and the three portal lines are left out
    assert len(tus) == 22
    lead = tus[1]
    props = {p.get("type"): p.text for p in lead.findall("prop")}
    assert props["x-source-url"].startswith("https://baohagiang.vn/")
    assert props["x-score"] == "0.9000" and props["x-block-kind"] == "lead"
    assert props["x-source-ids"] == "b3" and props["x-target-ids"] == "b2"
    notes = [n.text for n in lead.findall("note")]
    assert notes[0].startswith("[warning] name/diacritics_dropped: The name lost its Vietnamese diacritics. Suggestion: Lê Minh Hưng")
    assert any(n.startswith("[error] term/termbase_mismatch") for n in notes)
    assert [tuv.get(XML_LANG) for tuv in lead.findall("tuv")] == ["vi", "de"]
    texts = " ".join(tu.findtext("tuv[@{http://www.w3.org/XML/1998/namespace}lang='de']/seg") for tu in tus)
    assert "Quelle:" not in texts and "[Anzeige_2]" not in texts and "Kommentar (0)" not in texts
    # the finding on segments the alignment does not hold is kept in the header
    assert root.findtext("header/note").startswith("[warning] leftover/untranslated")


def test_control_characters_are_dropped_and_reported(dirty_alignment, dtd):
    for level, where in (("sentence", ["vi b3.s1", "vi b3.s1", "de b2.s2"]), ("block", ["vi b3", "vi b3", "de b2"])):
        rendered = render_tmx(dirty_alignment, level=level)
        tree = etree.fromstring(rendered.data)  # well-formed
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()
        assert [(d.codepoint, d.where) for d in rendered.dropped] == list(zip([0x07, 0x00, 0x0B], where))
        text = " ".join(s.text for s in tree.iter("seg"))
        assert "BHG - Sáng 17/3, Đoàn" in text and "\x07" not in text and "\x0b" not in text
        # translate-toolkit reads the cleaned file too
        assert len(tmxfile.parsestring(rendered.data).units) == rendered.units


@pytest.mark.parametrize("level", ["sentence", "block"])
def test_left_out_pairs_are_counted_in_a_valid_header(seed_alignment, findings, dtd, level):
    everything = render_tmx(seed_alignment, findings, level=level)
    selected = render_tmx(seed_alignment, findings, level=level, min_score=0.9, skip_flagged=True)
    tree = etree.fromstring(selected.data)
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    props = {p.get("type"): p.text for p in tree.find("header").findall("prop")}
    low = int(props["x-left-out-below-score"].split()[0])
    flagged = int(props["x-left-out-flagged"].split()[0])
    assert selected.units == len(tree.findall(".//tu")) == everything.units - low - flagged
    assert all(float(tu.find("prop[@type='x-score']").text) >= 0.9 for tu in tree.findall(".//tu"))
    nothing_left_out = etree.fromstring(render_tmx(seed_alignment, findings, level=level, min_score=0.0).data)
    props = {p.get("type"): p.text for p in nothing_left_out.find("header").findall("prop")}
    assert props["x-left-out-below-score"] == "0 (score < 0)" and "x-left-out-flagged" not in props
    assert "x-left-out-below-score" not in everything.data.decode()  # no selection, no claim
