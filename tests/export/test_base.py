"""Which beads become units, which findings sit on which bead, and what XML cannot carry."""

from __future__ import annotations

import os

import pytest

from toolkit.alignment import Alignment, Bead
from toolkit.errors import SrcalignError
from toolkit.export import read_alignment, read_findings, write_export
from toolkit.export.base import XmlTextCleaner, is_reconstructed, plan_export, source_provenance, source_url


def test_block_units_flag_boilerplate_and_one_sided(seed_alignment, findings):
    plan = plan_export(seed_alignment, findings, "block")
    assert len(plan.units) == 26
    title, first_pair = plan.units[0], plan.units[1]
    assert title.bead.source == ("b1",) and not title.two_sided and not title.boilerplate
    assert first_pair.source_text.startswith("14:34") and first_pair.target_text == "14:34, 17.03.2025"
    portal = [u for u in plan.units if u.boilerplate]
    assert [u.bead.target for u in portal] == [("b23",), ("b24",), ("b25",)]
    byline = next(u for u in plan.units if u.bead.target == ("b22",))
    assert not byline.boilerplate and byline.block_kind == "byline"


def test_findings_placed_by_ids_at_block_level(seed_alignment, findings):
    plan = plan_export(seed_alignment, findings, "block")
    on = {u.bead.target: [f.kind for f in u.findings] for u in plan.units if u.findings}
    # the name's three occurrences, the term's block ids, the number, the consistency finding
    assert on == {("b2",): ["name", "term"], ("b5",): ["name", "consistency"], ("b8",): ["number"], ("b16",): ["name"]}
    assert [f.kind for f in plan.unplaced] == ["leftover"]


def test_block_finding_lands_on_the_sentence_holding_its_text(seed_alignment, findings):
    plan = plan_export(seed_alignment, findings, "sentence")
    term = next(f for f in findings if f.kind == "term")
    carriers = [u.bead.source for u in plan.units if term in u.findings]
    # "Ban Tổ chức Trung ương" is in b3.s1 only, although the finding names the whole block b3
    assert carriers == [("b3.s1",)]
    number_carriers = [u.bead.source for u in plan.units if any(f.kind == "number" for f in u.findings)]
    assert number_carriers == [("b9.s1", "b9.s2")]


def test_finding_on_no_bead_is_unplaced_not_lost(seed_alignment, findings):
    plan = plan_export(seed_alignment, findings, "sentence")
    placed = {id(f) for u in plan.units for f in u.findings}
    assert {f.kind for f in findings if id(f) not in placed} == {"leftover"}
    assert [f.kind for f in plan.unplaced] == ["leftover"]


def test_level_without_beads_is_a_user_error(seed_alignment):
    blocks_only = Alignment(seed_alignment.source, seed_alignment.target, seed_alignment.beads_at("block"))
    with pytest.raises(SrcalignError, match="no sentence beads.*--level block"):
        plan_export(blocks_only, [], "sentence")


def test_bead_on_a_missing_segment_is_a_malformed_file(seed_alignment):
    broken = Alignment(seed_alignment.source, seed_alignment.target, (Bead("sentence", ("b3.s9",), ("b2.s1",), 0.5),))
    with pytest.raises(SrcalignError, match="b3.s9"):
        plan_export(broken, [], "sentence")


def test_cleaner_drops_what_xml_forbids_and_says_where():
    clean = XmlTextCleaner()
    assert clean("Hà\x07 Giang\x0b\ufffe ok\t\n", "vi b3.s1") == "Hà Giang ok\t\n"
    assert clean("\ud800x", "de b2.s1") == "x"
    assert [str(d) for d in clean.dropped] == ["U+0007 in vi b3.s1", "U+000B in vi b3.s1", "U+FFFE in vi b3.s1", "U+D800 in de b2.s1"]
    assert clean("Tiếng Việt 🇻🇳", "x") == "Tiếng Việt 🇻🇳" and len(clean.dropped) == 4


def test_source_facts_and_reconstructed_label(seed_alignment):
    assert source_url(seed_alignment).startswith("https://baohagiang.vn/")
    assert source_provenance(seed_alignment) == "reconstructed"
    assert is_reconstructed(seed_alignment)
    fetched = Alignment(seed_alignment.source.__class__(lang="vi", blocks=(), meta={"provenance": {"kind": "fetched"}}), seed_alignment.target, ())
    assert source_provenance(fetched) == "fetched" and not is_reconstructed(fetched)
    # no URL on the source: the German article's "Quelle:" line is used
    assert source_url(fetched) == seed_alignment.target.meta["source_url"]


def test_read_alignment_refuses_other_versions_and_non_json(tmp_path, seed_alignment):
    other = tmp_path / "v2.json"
    other.write_text(seed_alignment.to_json().replace('"version": 1', '"version": 2', 1), encoding="utf-8")
    with pytest.raises(SrcalignError, match="version 2"):
        read_alignment(other)
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    with pytest.raises(SrcalignError, match="not JSON"):
        read_alignment(junk)
    with pytest.raises(SrcalignError, match="no such"):
        read_alignment(tmp_path / "missing.json")
    bad = tmp_path / "findings.json"
    bad.write_text('{"items": []}', encoding="utf-8")
    with pytest.raises(SrcalignError, match="not a findings file"):
        read_findings(bad)


def test_interrupted_write_leaves_the_old_file_whole(tmp_path, seed_alignment, findings, monkeypatch):
    out = tmp_path / "out.tmx"
    out.write_text("previous run", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_export(seed_alignment, findings, "tmx", out)
    assert out.read_text(encoding="utf-8") == "previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tmx"]


def test_unwritable_location_is_one_line_error(tmp_path, seed_alignment, monkeypatch):
    def refused(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(SrcalignError, match=r"out\.tsv: cannot write \(Permission denied\)"):
        write_export(seed_alignment, [], "tsv", tmp_path / "out.tsv", level="block")
    assert list(tmp_path.iterdir()) == []
