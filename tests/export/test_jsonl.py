"""JSONL: one bead per line, nothing hidden, flags to filter on."""

from __future__ import annotations

import json

from tests.export.conftest import with_text
from toolkit.export.jsonl import render_jsonl


def test_one_bead_per_line_with_flags(seed_alignment, findings):
    rendered = render_jsonl(seed_alignment, findings, level="sentence")
    lines = rendered.data.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == rendered.units == len(seed_alignment.beads_at("sentence"))
    merged = next(r for r in records if r["source_ids"] == ["b9.s1", "b9.s2"])
    assert merged["shape"] == "2-1" and merged["target_ids"] == ["b8.s1"]
    assert merged["findings"][0]["kind"] == "number" and merged["findings"][0]["source_text"] == "8%"
    assert "8%" in merged["source"] and "8 %" in merged["target"]
    title = records[0]
    assert title["target"] == "" and title["source_kinds"] == ["title"] and not title["boilerplate"]


def test_block_level_keeps_portal_lines_flagged(seed_alignment):
    records = [json.loads(line) for line in render_jsonl(seed_alignment, level="block").data.decode("utf-8").splitlines()]
    assert len(records) == 26
    assert [r["target_ids"] for r in records if r["boilerplate"]] == [["b23"], ["b24"], ["b25"]]


def test_control_characters_survive_as_json_escapes(dirty_alignment):
    rendered = render_jsonl(dirty_alignment, level="sentence")
    assert b"\\u0007" in rendered.data and rendered.dropped == ()
    assert "\x07" in json.loads(rendered.data.decode("utf-8").splitlines()[2])["source"]


def test_unicode_line_breaks_stay_inside_their_record(seed_alignment):
    """U+2028/U+2029/NEL are legal raw in JSON but end a line for splitlines() and many editors."""
    text = seed_alignment.source.sentence("b3.s1").text
    broken = with_text(seed_alignment, "source", "b3.s1", text.replace(" ", " \u2028", 1) + "\u2029\x85")
    rendered = render_jsonl(broken, level="sentence")
    lines = rendered.data.decode("utf-8").splitlines()
    assert len(lines) == rendered.units
    assert any("\u2028" in json.loads(line)["source"] for line in lines)
