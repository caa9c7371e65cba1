"""`srcalign check` and `srcalign terms` as a user runs them (subprocess through toolkit.cli.main)."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from tests.check.seed import seed_alignment
from tests.test_cli import run_cli


@pytest.fixture(scope="module")
def alignment_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("check") / "alignment.json"
    path.write_text(seed_alignment().to_json(), encoding="utf-8")
    return path


def test_check_text_grouped_by_kind(alignment_file):
    result = run_cli("check", str(alignment_file))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    for heading in ("== Names (10) ==", "== Terms (", "== Consistency (1) ==", "== Numbers and codes (2) =="):
        assert heading in out
    assert "  vi: Lê Minh Hưng\n  de: Le Minh Hung\n" in out and "Nachahmerbewegungen" in out


def test_check_json_and_tsv(alignment_file):
    data = json.loads(run_cli("check", str(alignment_file), "--format", "json").stdout)
    assert set(data) == {"findings"} and data["findings"][0]["kind"] == "name"
    assert {"kind", "code", "severity", "source_text", "target_text", "source_ids", "target_ids", "message", "suggestion", "occurrences"} <= set(data["findings"][0])
    tsv = run_cli("check", str(alignment_file), "-f", "tsv").stdout.decode().splitlines()
    assert tsv[0].startswith("kind\tcode\tseverity") and len(tsv) == len(data["findings"]) + 1


def test_fail_on_and_diacritics_house_style(alignment_file):
    assert run_cli("check", str(alignment_file), "--fail-on", "error").returncode == 1
    assert run_cli("check", str(alignment_file), "--fail-on", "info").returncode == 1
    assert run_cli("check", str(alignment_file)).returncode == 0
    data = json.loads(run_cli("check", str(alignment_file), "-f", "json", "--diacritics", "error").stdout)
    assert {f["severity"] for f in data["findings"] if f["code"] == "diacritics_dropped"} == {"error"}


def test_fail_on_passes_when_nothing_that_severe(tmp_path):
    from tests.check.seed import pair_alignment

    path = tmp_path / "clean.json"
    path.write_text(pair_alignment([("Ủy viên Bộ Chính trị phát biểu.", "Das Mitglied des Politbüros sprach.")]).to_json(), encoding="utf-8")
    result = run_cli("check", str(path), "--fail-on", "info")
    assert result.returncode == 0 and result.stdout.decode().strip() == "0 findings: 0 error, 0 warning, 0 info"


def test_user_termbase_changes_the_result(alignment_file, tmp_path):
    house = tmp_path / "house.tsv"
    house.write_text("Đoàn kiểm tra\t\tArbeitsgruppe\tInspektionsteam|Inspektionsgruppe\t\tterm\thouse style\n", encoding="utf-8")
    before = json.loads(run_cli("check", str(alignment_file), "-f", "json").stdout)["findings"]
    after = json.loads(run_cli("check", str(alignment_file), "-f", "json", "--termbase", str(house)).stdout)["findings"]
    assert any(f["code"] == "term_wrong" and f["target_text"] == "Arbeitsgruppe" for f in before)
    assert not any(f["code"] == "term_wrong" and f["target_text"] == "Arbeitsgruppe" for f in after)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"version": 2, "source": {}, "target": {}, "beads": []}', "alignment file version 2"),
        ('{"hello": "world"}', "not an srcalign alignment file"),
        ("this is not json", "not an srcalign alignment file"),
    ],
)
def test_foreign_alignment_file_is_one_line_exit_2(tmp_path, content, message):
    path = tmp_path / "a.json"
    path.write_text(content, encoding="utf-8")
    result = run_cli("check", str(path))
    err = result.stderr.decode().strip()
    assert result.returncode == 2 and message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_broken_termbase_is_one_line_exit_2(alignment_file, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Bộ Chính trị\t\tPolitbüro\nnur eine Spalte\n", encoding="utf-8")
    result = run_cli("check", str(alignment_file), "--termbase", str(bad))
    err = result.stderr.decode().strip()
    assert result.returncode == 2 and f"{bad}: line 2:" in err and len(err.splitlines()) == 1
    tbx = tmp_path / "bad.tbx"
    tbx.write_text("<tbx><text><body>\n<conceptEntry id='c1'>\n</body></text></tbx>", encoding="utf-8")
    result = run_cli("check", str(alignment_file), "--termbase", str(tbx))
    assert result.returncode == 2 and "not well-formed XML at line 3" in result.stderr.decode()


def test_terms_on_the_bundled_pair(seed_source, seed_article, tmp_path):
    result = run_cli("terms", str(seed_source), str(seed_article))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.decode().splitlines()
    assert rows[0] == "source\tkind\tcount\trenderings\tunrendered\tpreferred\twhere"
    assert any(r.startswith("Lê Minh Hưng\tperson\t4\tLe Minh Hung (4)") for r in rows)
    assert any(r.startswith("Ban Tổ chức Trung ương\tinstitution\t4\t") and "Zentrales Organisationskomitee (3, wrong)" in r for r in rows)
    data = json.loads(run_cli("terms", str(seed_source), str(seed_article), "--format", "json").stdout)
    assert any(t["source"] == "Trung ương" and len(t["renderings"]) == 3 for t in data["terms"])
    out = tmp_path / "terms.tbx"
    result = run_cli("terms", str(seed_source), str(seed_article), "--format", "tbx", "-o", str(out))
    assert result.returncode == 0 and etree.parse(str(out)).getroot().get("type") == "TBX-Basic"
