"""The one validator of alignment and findings files: every reader refuses a broken file in one line.

Each broken file below once got past `export` or `check` and crashed them (a sentence text that
is a number or null, an id with a dot, beads pointing nowhere, NaN scores), or was written by one
format and refused by another; now every reader says `srcalign: error: <file>: <first problem>`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.export.conftest import covering, seed_alignment  # noqa: F401  (a fixture)
from tests.test_cli import run_cli
from toolkit.alignment import Alignment
from toolkit.errors import SrcalignError
from toolkit.export import render_export
from toolkit.validate import alignment_problem, findings_problem


@pytest.fixture(scope="module")
def good(seed_alignment) -> dict:
    return json.loads(covering(seed_alignment).to_json())


def test_the_written_alignment_is_valid(good):
    assert alignment_problem(good) is None


def first_sentence_bead(data: dict) -> dict:
    return next(b for b in data["beads"] if b["level"] == "sentence" and b["source"] and b["target"])


BROKEN = {
    "sentence text is a number": (lambda d: d["source"]["blocks"][2]["sentences"][0].update(text=17), "text: must be a string"),
    "sentence text is null": (lambda d: d["target"]["blocks"][1]["sentences"][0].update(text=None), "text: must be a string, not null"),
    "block id with a dot": (lambda d: d["source"]["blocks"][3].update(id="b4.x"), "is not a block id"),
    "bead to a missing id": (lambda d: first_sentence_bead(d).update(source=["b99.s1"]), "'b99.s1' is not a sentence id"),
    "unknown level": (lambda d: d["beads"][0].update(level="paragraph"), "is not a level"),
    "NaN score": (lambda d: d["beads"][0].update(score=math.nan), "NaN is not a number JSON allows"),
    "score above 1": (lambda d: d["beads"][0].update(score=5), "is not a number between 0 and 1"),
    "segment used twice": (lambda d: d["beads"].append(dict(first_sentence_bead(d))), "already in beads"),
    "segment dropped": (lambda d: d["beads"].remove(first_sentence_bead(d)), "is in no sentence bead"),
    "lone surrogate": (lambda d: d["target"]["blocks"][0].update(text="Ti\udc80tel"), "lone surrogate"),
    "unknown version": (lambda d: d.update(version=2), "version 2"),
    "blocks not a list": (lambda d: d["target"].update(blocks={}), "blocks: must be a list"),
    "language with a control character": (lambda d: d["target"].update(lang="\x1f"), "is not a language code"),
}


def broken_file(good: dict, tmp_path: Path, case: str) -> Path:
    data = json.loads(json.dumps(good))
    BROKEN[case][0](data)
    path = tmp_path / "alignment.json"
    path.write_text(json.dumps(data, ensure_ascii=True, allow_nan=True), encoding="utf-8")  # \\udXXX escapes stay escapes
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_alignment_is_refused_by_every_reader(good, tmp_path, case):
    path = broken_file(good, tmp_path, case)
    expected = BROKEN[case][1]
    for args in (["export", str(path), "-f", "html", "-o", str(tmp_path / "r.html")], ["export", str(path), "-f", "tmx"], ["check", str(path)]):
        result = run_cli(*args)
        lines = result.stderr.decode().splitlines()
        assert result.returncode == 2 and len(lines) == 1, (args, lines)
        assert lines[0].startswith(f"srcalign: error: {path}: ") and expected in lines[0], lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alignment.json"]


def test_alignment_from_json_uses_the_same_validator(good):
    data = json.loads(json.dumps(good))
    BROKEN["segment dropped"][0](data)
    with pytest.raises(SrcalignError, match="my.json: beads: the "):
        Alignment.from_json(json.dumps(data), "my.json")


def test_findings_files_are_validated(good, tmp_path):
    alignment = tmp_path / "alignment.json"
    alignment.write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    finding = {"kind": "name", "code": "x", "severity": "warning", "source_text": "Lê", "target_text": "Le",
               "source_ids": ["b3.s1"], "target_ids": ["b2.s1"], "message": "m"}
    assert findings_problem({"findings": [finding]}) is None
    for change, expected in (({"severity": "fatal"}, "is not a severity"), ({"target_ids": ["b2..s1"]}, "ids"), ({"message": None}, "message: must be a string")):
        path = tmp_path / "findings.json"
        path.write_text(json.dumps({"findings": [{**finding, **change}]}), encoding="utf-8")
        result = run_cli("export", str(alignment), "-f", "xliff", "--findings", str(path))
        lines = result.stderr.decode().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and expected in lines[0], lines


@pytest.mark.parametrize("threshold", ["5", "-0.1", "nan", "inf"])
def test_threshold_outside_0_1_is_refused(good, tmp_path, threshold):
    alignment = tmp_path / "alignment.json"
    alignment.write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    result = run_cli("export", str(alignment), "-f", "html", "--threshold", threshold)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "--threshold" in lines[0], lines


def test_render_export_refuses_a_nan_threshold(seed_alignment):
    with pytest.raises(SrcalignError, match="--threshold"):
        render_export(seed_alignment, [], "xliff", threshold=math.nan)
