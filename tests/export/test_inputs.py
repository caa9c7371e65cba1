"""What an export reads besides the alignment: the findings file and the provenance beside it."""

from __future__ import annotations

import json
from dataclasses import replace

from toolkit.export.inputs import read_export_input
from toolkit.findings import findings_to_json


def bare(seed_alignment, path="elsewhere/source.txt"):
    return replace(seed_alignment, source=replace(seed_alignment.source, meta={}, url=None, path=path))


def test_findings_given_beside_or_left_out(tmp_path, seed_alignment, findings):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "alignment.json").write_text(seed_alignment.to_json(), encoding="utf-8")
    assert read_export_input(folder / "alignment.json").findings == ()
    (folder / "findings.json").write_text(findings_to_json(findings), encoding="utf-8")
    beside = read_export_input(folder / "alignment.json")
    assert beside.findings == tuple(findings) and beside.findings_path == folder / "findings.json"
    other = tmp_path / "other.json"
    other.write_text(findings_to_json(findings[:1]), encoding="utf-8")
    assert read_export_input(folder / "alignment.json", other).findings == tuple(findings[:1])
    left_out = read_export_input(folder / "alignment.json", use_findings=False)
    assert left_out.findings == () and left_out.findings_path is None


def test_provenance_from_the_runs_summary(tmp_path, seed_alignment):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "alignment.json").write_text(bare(seed_alignment).to_json(), encoding="utf-8")
    assert "provenance" not in read_export_input(folder / "alignment.json").alignment.source.meta
    summary = {"provenance": "retrieved", "source_url": "https://baohagiang.vn/x/"}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    source = read_export_input(folder / "alignment.json").alignment.source
    assert source.meta["provenance"] == "retrieved" and source.url == "https://baohagiang.vn/x/"


def test_provenance_the_alignment_has_is_kept(tmp_path, seed_alignment):
    (tmp_path / "alignment.json").write_text(seed_alignment.to_json(), encoding="utf-8")
    (tmp_path / "summary.json").write_text(json.dumps({"provenance": "retrieved"}), encoding="utf-8")
    kept = read_export_input(tmp_path / "alignment.json").alignment.source.meta["provenance"]
    assert kept == seed_alignment.source.meta["provenance"]
