"""`srcalign align` as a user runs it."""

import json
import shutil

from tests.conftest import DATA
from tests.test_cli import run_cli
from toolkit.align.evaluate import parse_ladder
from toolkit.sources import EXAMPLE_URL, slug_for_url

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


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("srcalign: error: "), lines
    return lines[0]


def test_same_language_on_both_sides_is_refused_before_output(tmp_path, seed_source, seed_article):
    """Before: `align vi.txt vi.txt` and the German article against itself exited 0 with mean score 0.98."""
    out = tmp_path / "a.json"
    vi = one_line_error(run_cli("align", str(seed_source), str(seed_source), "-o", str(out)))
    assert "both texts look 'vi'" in vi and "--force" in vi
    de = one_line_error(run_cli("align", str(seed_article), str(seed_article), "-o", str(out)))
    assert "both texts look 'de'" in de
    assert not out.exists()
    forced = run_cli("align", str(seed_source), str(seed_source), "-o", str(out), "--force")
    assert forced.returncode == 0
    assert "srcalign: warning: both texts look 'vi'" in forced.stderr.decode() and out.is_file()


NTREX_PAIRS = DATA / "batch/ntrex"


def test_a_source_that_is_not_the_articles_is_refused(tmp_path):
    """The Vietnamese of one NTREX document against the German of another: refused, nothing written."""
    out = tmp_path / "a.json"
    wrong = run_cli("align", str(NTREX_PAIRS / "001_rt.com.91337.vi.txt"), str(NTREX_PAIRS / "011_telegraph.405401.de.txt"), "-o", str(out))
    assert "plainly not the article's" in one_line_error(wrong) and not out.exists()
    right = run_cli("align", str(NTREX_PAIRS / "011_telegraph.405401.vi.txt"), str(NTREX_PAIRS / "011_telegraph.405401.de.txt"), "-o", str(out))
    assert right.returncode == 0, right.stderr
    assert out.is_file()


def copy_example(root, seed_source, slug="an-article-1a2b3c4d"):
    folder = root / "sources" / slug
    folder.mkdir(parents=True)
    for name in ("source.txt", "source.json", "article.de.txt"):
        shutil.copy(seed_source.parent / name, folder / name)
    return f"sources/{slug}/source.txt", f"sources/{slug}/article.de.txt"


def test_align_records_the_sources_provenance(tmp_path, seed_source):
    """Before: an alignment made by `align` lost the provenance, so the review page said "unknown"."""
    source, article = copy_example(tmp_path, seed_source)
    result = run_cli("align", source, article, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "alignments/an-article-1a2b3c4d/alignment.json").read_text(encoding="utf-8"))
    assert data["source"]["meta"]["provenance"] == "reconstructed"
    assert data["source"]["url"].startswith("https://baohagiang.vn/")
    page = run_cli("export", "alignments/an-article-1a2b3c4d/alignment.json", "-f", "html", "--no-findings", cwd=tmp_path)
    assert 'id="reconstructed-label"' in page.stdout.decode()


def test_align_does_not_write_into_a_run_folder(tmp_path, seed_source):
    """Before: `align` without -o replaced alignment.json inside a folder `run` wrote, leaving its other files stale."""
    slug = slug_for_url(EXAMPLE_URL)  # `run` names its folder after the cited URL, as the sources folder is
    source, article = copy_example(tmp_path, seed_source, slug)
    run = run_cli("run", article, "--source", source, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "alignments" / slug
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    message = one_line_error(run_cli("align", source, article, cwd=tmp_path))
    assert "run --force" in message and "-o FILE" in message
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    elsewhere = run_cli("align", source, article, "-o", "mine.json", cwd=tmp_path)
    assert elsewhere.returncode == 0 and elsewhere.stderr.decode().strip().endswith("srcalign: wrote mine.json")
