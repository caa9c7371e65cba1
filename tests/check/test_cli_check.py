"""`srcalign check` and `srcalign terms` as a user runs them (subprocess through toolkit.cli.main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from tests.check.seed import seed_alignment
from tests.test_cli import run_cli


@pytest.fixture(scope="module")
def alignment_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("check") / "alignment.json"
    path.write_text(seed_alignment().to_json(), encoding="utf-8")
    return path


def test_check_text_errors_first_one_finding_per_problem(alignment_file, tmp_path):
    result = run_cli("check", str(alignment_file), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    # was: 37 findings grouped by kind, the 10 info-level diacritics findings before the 7 errors
    assert out.rstrip().endswith("27 findings: 7 error, 5 warning, 15 info; ignored: 0")
    assert out.startswith("ERROR") and out.rindex("ERROR ") < out.index("WARNING ") < out.index("INFO ")
    assert "  vi: Lê Minh Hưng\n  de: Le Minh Hung\n" in out and "Nachahmerbewegungen" in out


def test_check_json_and_tsv(alignment_file):
    data = json.loads(run_cli("check", str(alignment_file), "--format", "json").stdout)
    assert set(data) == {"findings", "ignored", "accepted"} and data["findings"][0]["severity"] == "error"
    assert {"id", "kind", "code", "severity", "source_text", "target_text", "source_ids", "target_ids", "message", "suggestion", "occurrences"} <= set(data["findings"][0])
    assert {"source_span", "target_span", "source_line", "target_line", "source_context", "target_context"} <= set(data["findings"][0]["occurrences"][0])
    tsv = run_cli("check", str(alignment_file), "-f", "tsv").stdout.decode().splitlines()
    assert tsv[0].startswith("id\tseverity\tkind\tcode") and len(tsv) == sum(len(f["occurrences"]) for f in data["findings"]) + 1


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
    assert result.returncode == 0 and result.stdout.decode().strip() == "0 findings: 0 error, 0 warning, 0 info; ignored: 0"


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


def test_ids_are_stable_and_unique(alignment_file):
    first = json.loads(run_cli("check", str(alignment_file), "-f", "json").stdout)["findings"]
    second = json.loads(run_cli("check", str(alignment_file), "-f", "json").stdout)["findings"]
    assert [f["id"] for f in first] == [f["id"] for f in second]
    assert len({f["id"] for f in first}) == len(first)


def test_ignore_records_a_decision_that_lasts(alignment_file, tmp_path):
    findings = json.loads(run_cli("check", str(alignment_file), "-f", "json", cwd=tmp_path).stdout)["findings"]
    target = next(f for f in findings if f["code"] == "code_incomplete")
    result = run_cli("check", str(alignment_file), "--ignore", target["id"], "--reason", "house style writes Nr. 57", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    decisions = tmp_path / "sources" / "decisions.tsv"
    assert result.stderr.decode().strip() == f"srcalign: wrote {Path('sources') / 'decisions.tsv'}"
    rows = decisions.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id\tsource\trendering\tdecision\treason\tdate" and rows[1].startswith(f"{target['id']}\t57-NQ/TW\t")
    # the next check (default location) leaves it out and counts it
    again = run_cli("check", str(alignment_file), cwd=tmp_path).stdout.decode()
    assert target["id"] not in again and again.rstrip().endswith(f"{len(findings) - 1} findings: 7 error, 4 warning, 15 info; ignored: 1")
    data = json.loads(run_cli("check", str(alignment_file), "-f", "json", cwd=tmp_path).stdout)
    assert data["ignored"] == 1 and target["id"] not in {f["id"] for f in data["findings"]}
    # an explicit --decisions FILE elsewhere: nothing ignored there
    other = run_cli("check", str(alignment_file), "-f", "json", "--decisions", str(tmp_path / "none.tsv"), cwd=tmp_path)
    assert json.loads(other.stdout)["ignored"] == 0


def test_ignore_unknown_id_is_one_line_error(alignment_file, tmp_path):
    result = run_cli("check", str(alignment_file), "--ignore", "Fdeadbeef00", "--reason", "x", cwd=tmp_path)
    assert result.returncode == 2 and "no finding with id 'Fdeadbeef00'" in result.stderr.decode()
    assert not (tmp_path / "sources").exists()


@pytest.mark.parametrize("fmt", ["text", "json", "tsv"])
def test_severity_filter(alignment_file, fmt, tmp_path):
    out = run_cli("check", str(alignment_file), "-f", fmt, "--severity", "error", cwd=tmp_path).stdout.decode()
    if fmt == "json":
        assert {f["severity"] for f in json.loads(out)["findings"]} == {"error"}
    elif fmt == "tsv":
        assert {row.split("\t")[1] for row in out.splitlines()[1:]} == {"error"}
    else:
        assert "WARNING" not in out and "INFO" not in out and "7 findings: 7 error" in out
