"""`srcalign align` as a user runs it."""

import json
import shutil

from tests.conftest import DATA
from tests.test_cli import run_cli
from toolkit.align.evaluate import parse_ladder

CASE = DATA / "align/ntrex_000_sent"


def test_presplit_ladder_covers_every_line_once():
    result = run_cli("align", str(CASE / "src.txt"), str(CASE / "tgt.txt"), "--presplit", "--format", "ladder")
    assert result.returncode == 0, result.stderr
    ladder = parse_ladder(result.stdout.decode())
    src_lines = len((CASE / "src.txt").read_text(encoding="utf-8").splitlines())
    tgt_lines = len((CASE / "tgt.txt").read_text(encoding="utf-8").splitlines())
    assert [i for s, _ in ladder for i in s] == list(range(src_lines))
    assert [j for _, t in ladder for j in t] == list(range(tgt_lines))


def test_pair_in_sources_writes_the_default_alignment_file(tmp_path, seed_source, seed_article):
    folder = tmp_path / "sources" / "some-article-1a2b3c4d"
    folder.mkdir(parents=True)
    shutil.copy(seed_source, folder / "source.txt")
    shutil.copy(seed_article, folder / "article.de.txt")
    result = run_cli("align", "sources/some-article-1a2b3c4d/source.txt", "sources/some-article-1a2b3c4d/article.de.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "alignments" / "some-article-1a2b3c4d" / "alignment.json"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {"level", "source", "target", "score"} <= set(data["beads"][0])
    assert data["source"]["lang"] == "vi" and data["target"]["lang"] == "de"
    assert data["source"]["sha256"] and data["source"]["path"].endswith("source.txt")


def test_tsv_and_text_for_people(seed_source, seed_article):
    result = run_cli("align", str(seed_source), str(seed_article), "--format", "tsv", "-o", "-")
    assert result.returncode == 0
    rows = result.stdout.decode().splitlines()
    assert rows[0] == "source_ids\ttarget_ids\tscore\tsource\ttarget"
    assert any(r.startswith("b2.s1\tb1.s1\t") for r in rows)


def test_swapped_languages_and_empty_side_are_one_line_errors(tmp_path, seed_source, seed_article):
    out = tmp_path / "a.json"
    result = run_cli("align", str(seed_article), str(seed_source), "-o", str(out))
    assert result.returncode == 2 and "swapped" in result.stderr.decode()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_cli("align", str(seed_source), str(empty), "-o", str(out))
    assert result.returncode == 2 and "empty" in result.stderr.decode()
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert not out.exists()
