"""`srcalign export` as a user runs it: every format, stdout, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html

import pytest
from lxml import etree

from tests.export.conftest import SCHEMAS
from tests.test_cli import run_cli
from toolkit.alignment import Alignment
from toolkit.export import FILENAMES, FORMATS, write_exports


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_to_a_file(alignment_file, tmp_path, fmt):
    alignment, findings = alignment_file
    out = tmp_path / "out" / FILENAMES[fmt]
    result = run_cli("export", str(alignment), "--format", fmt, "-o", str(out), "--findings", str(findings))
    assert result.returncode == 0, result.stderr.decode()
    assert out.stat().st_size > 0
    assert result.stderr.decode().startswith(f"srcalign: wrote {out} (")
    if fmt in ("tmx", "xliff", "tbx"):
        etree.fromstring(out.read_bytes())
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary files left


def test_stdout_by_default_and_with_dash(alignment_file):
    alignment, _ = alignment_file
    for extra in ((), ("-o", "-")):
        result = run_cli("export", str(alignment), "-f", "jsonl", "--level", "block", *extra)
        assert result.returncode == 0
        assert result.stderr.decode().splitlines() == [f"srcalign: findings from {alignment.parent / 'findings.json'} (5)"]
        assert len(result.stdout.decode("utf-8").splitlines()) == 26


def test_existing_output_is_replaced_whole(alignment_file, tmp_path):
    alignment, _ = alignment_file
    out = tmp_path / "pairs.tsv"
    out.write_text("an older export that is much longer than a header line\n" * 2000, encoding="utf-8")
    result = run_cli("export", str(alignment), "-f", "tsv", "-o", str(out))
    assert result.returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsource\ttarget")
    assert b"older export" not in out.read_bytes()


def test_control_characters_are_reported_on_stderr(tmp_path, dirty_alignment):
    path = tmp_path / "dirty.json"
    path.write_text(dirty_alignment.to_json(), encoding="utf-8")
    result = run_cli("export", str(path), "-f", "xliff", "-o", str(tmp_path / "dirty.xlf"))
    assert result.returncode == 0
    warning = result.stderr.decode().splitlines()[0]
    assert warning.startswith("srcalign: warning: ") and "dropped 3 character(s) that XML 1.0 forbids" in warning
    assert "U+0007 in vi b3.s1" in warning
    etree.fromstring((tmp_path / "dirty.xlf").read_bytes())


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("srcalign: error: "), lines
    return lines[0]


def test_alignment_of_another_version(alignment_file, tmp_path):
    alignment, _ = alignment_file
    data = json.loads(alignment.read_text(encoding="utf-8"))
    data["version"] = 2
    other = tmp_path / "v2.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "x.tmx"
    assert "version 2" in one_line_error(run_cli("export", str(other), "-f", "tmx", "-o", str(out)))
    assert not out.exists()


@pytest.mark.parametrize(
    "content, expected",
    [("{not json", "not JSON"), ('{"findings": []}', "not an srcalign alignment file"), ("", "not JSON")],
)
def test_not_an_alignment(tmp_path, content, expected):
    path = tmp_path / "a.json"
    path.write_text(content, encoding="utf-8")
    assert expected in one_line_error(run_cli("export", str(path), "-f", "tmx"))


def test_missing_files_and_bad_findings(alignment_file, tmp_path):
    alignment, _ = alignment_file
    assert "no such alignment file" in one_line_error(run_cli("export", str(tmp_path / "nope.json"), "-f", "tmx"))
    assert "no such findings file" in one_line_error(run_cli("export", str(alignment), "-f", "tmx", "--findings", str(tmp_path / "f.json")))
    bad = tmp_path / "bad.json"
    bad.write_text('{"findings": [{"kind": "name"}]}', encoding="utf-8")
    assert "not a findings file" in one_line_error(run_cli("export", str(alignment), "-f", "tmx", "--findings", str(bad)))


def test_level_the_alignment_does_not_have(tmp_path, seed_alignment):
    blocks_only = tmp_path / "blocks.json"
    blocks_only.write_text(Alignment(seed_alignment.source, seed_alignment.target, seed_alignment.beads_at("block")).to_json(), encoding="utf-8")
    assert "--level block" in one_line_error(run_cli("export", str(blocks_only), "-f", "tmx"))


def read_only_directory(tmp_path: Path) -> Path:
    """A folder the test process cannot create files in (chmod; for root, sysfs refuses file creation)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    if not os.access(folder, os.W_OK):
        return folder
    sysfs = Path("/sys/kernel")
    if sysfs.is_dir():
        probe = sysfs / "srcalign-probe"
        try:
            probe.write_text("x")
        except OSError:
            return sysfs
        probe.unlink()
    pytest.skip("no read-only location available to this user")


def test_read_only_output_location(alignment_file, tmp_path):
    alignment, _ = alignment_file
    locked = read_only_directory(tmp_path)
    out = locked / "x.tmx"
    message = one_line_error(run_cli("export", str(alignment), "-f", "tmx", "-o", str(out)))
    assert f"{out}: cannot write" in message
    assert not out.exists()
    (tmp_path / "locked").chmod(0o755)


def test_output_is_a_directory(alignment_file, tmp_path):
    alignment, _ = alignment_file
    assert "is a directory" in one_line_error(run_cli("export", str(alignment), "-f", "tmx", "-o", str(tmp_path)))


def test_write_exports_writes_the_whole_set(seed_alignment, findings, tmp_path):
    results = write_exports(seed_alignment, findings, tmp_path / "run")
    assert sorted(results) == sorted(FORMATS)
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == sorted(FILENAMES.values())
    assert all(r.path == tmp_path / "run" / FILENAMES[f] and r.dropped == () for f, r in results.items())
    assert results["tmx"].units == 6 and results["xliff"].units == 7 and results["tbx"].units == 2


def test_findings_beside_the_alignment_are_read_by_default(alignment_file, tmp_path):
    """Before: without --findings the TBX had 0 units and nothing said why."""
    alignment, findings = alignment_file
    out = tmp_path / "terms.tbx"
    result = run_cli("export", str(alignment), "-f", "tbx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().strip() == f"srcalign: wrote {out} (2 units; findings from {findings} (5))"
    assert len(etree.fromstring(out.read_bytes()).findall(".//termEntry")) == 2
    left_out = run_cli("export", str(alignment), "-f", "tbx", "-o", str(out), "--no-findings")
    assert left_out.returncode == 0
    assert left_out.stderr.decode().strip() == f"srcalign: wrote {out} (0 units; findings left out)"
    assert etree.fromstring(out.read_bytes()).findall(".//termEntry") == []
    findings.unlink()
    alone = run_cli("export", str(alignment), "-f", "tsv", "-o", str(tmp_path / "a.tsv"))
    assert alone.stderr.decode().strip().endswith("(7 units; no findings file)")


def test_no_findings_and_findings_together_is_a_usage_error(alignment_file):
    alignment, findings = alignment_file
    assert "not both" in one_line_error(run_cli("export", str(alignment), "-f", "tmx", "--findings", str(findings), "--no-findings"))


def test_provenance_beside_an_alignment_without_it(tmp_path, seed_alignment, seed_source):
    """An alignment written without provenance gets it from the source's folder: banner and TMX prop."""
    folder = tmp_path / "sources" / "an-article-1a2b3c4d"
    folder.mkdir(parents=True)
    shutil.copy(seed_source, folder / "source.txt")
    shutil.copy(seed_source.parent / "source.json", folder / "source.json")
    bare = replace(seed_alignment, source=replace(seed_alignment.source, meta={}, path="sources/an-article-1a2b3c4d/source.txt"))
    out = tmp_path / "alignments" / "an-article-1a2b3c4d"
    out.mkdir(parents=True)
    (out / "alignment.json").write_text(bare.to_json(), encoding="utf-8")
    page = run_cli("export", "alignments/an-article-1a2b3c4d/alignment.json", "-f", "html", "-o", "review.html", cwd=tmp_path)
    assert page.returncode == 0, page.stderr
    doc = lxml.html.fromstring((tmp_path / "review.html").read_bytes())
    assert "Reconstructed source" in doc.get_element_by_id("reconstructed-label").text_content()
    tmx = run_cli("export", "alignments/an-article-1a2b3c4d/alignment.json", "-f", "tmx", cwd=tmp_path)
    header = etree.fromstring(tmx.stdout).find("header")
    assert [p.text for p in header.findall("prop") if p.get("type") == "x-source-provenance"] == ["reconstructed"]


def test_tmx_min_score_and_skip_flagged_say_what_they_left_out(alignment_file, tmp_path):
    alignment, _ = alignment_file
    out = tmp_path / "tm.tmx"
    everything = run_cli("export", str(alignment), "-f", "tmx", "-o", str(out))
    total = len(etree.fromstring(out.read_bytes()).findall(".//tu"))
    result = run_cli("export", str(alignment), "-f", "tmx", "-o", str(out), "--min-score", "0.75", "--skip-flagged")
    assert everything.returncode == 0 and result.returncode == 0, result.stderr
    tree = etree.fromstring(out.read_bytes())
    assert etree.DTD(str(SCHEMAS / "tmx14.dtd")).validate(tree)
    props = {p.get("type"): p.text for p in tree.find("header").findall("prop")}
    low = int(props["x-left-out-below-score"].split()[0])
    flagged = int(props["x-left-out-flagged"].split()[0])
    kept = tree.findall(".//tu")
    assert low >= 1 and flagged >= 1 and len(kept) + low + flagged == total
    [note] = [n.text for n in tree.find("header").findall("note") if n.text.startswith("srcalign left out")]
    assert note == f"srcalign left out {low} pair{'s' * (low != 1)} scoring below 0.75 and {flagged} pair{'s' * (flagged != 1)} with unresolved error findings."
    for tu in kept:
        assert float(tu.find("prop[@type='x-score']").text) >= 0.75
        assert not any(n.text.startswith("[error]") for n in tu.findall("note"))
    assert "select pairs for a TMX" in one_line_error(run_cli("export", str(alignment), "-f", "xliff", "--min-score", "0.5"))
