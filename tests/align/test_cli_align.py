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


DE_FR_DE = (
    "Am Montag stieg die Seilschaft um 5 Uhr vom Hotel Monte Rosa auf.\n"
    "Nach drei Stunden erreichten wir den Gipfel des Nadelhorns auf 4327 Metern.\n"
    "Der Abstieg über den Grat dauerte bis zum Abend.\n"
)
DE_FR_FR = (
    "Lundi, la cordée est partie à 5 heures de l'hôtel Monte Rosa.\n"
    "Après trois heures, nous avons atteint le sommet du Nadelhorn, à 4327 mètres.\n"
    "La descente par l'arête a duré jusqu'au soir.\n"
)


def test_any_iso_language_pair_from_the_command_line(tmp_path):
    (tmp_path / "de.txt").write_text(DE_FR_DE, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(DE_FR_FR, encoding="utf-8")
    result = run_cli("align", "--presplit", "de.txt", "fr.txt", "--src-lang", "de", "--tgt-lang", "fr", "--format", "ladder", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert parse_ladder(result.stdout.decode()) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # raw articles in a language without rules of its own are segmented by the generic rules
    raw = run_cli("align", "de.txt", "fr.txt", "--src-lang", "de", "--tgt-lang", "fr", "--format", "json", "-o", "-", cwd=tmp_path)
    assert raw.returncode == 0, raw.stderr
    assert json.loads(raw.stdout)["target"]["lang"] == "fr"


def test_a_language_code_that_is_not_iso_639_1_is_a_one_line_error(tmp_path):
    (tmp_path / "de.txt").write_text(DE_FR_DE, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(DE_FR_FR, encoding="utf-8")
    for option in ("--tgt-lang", "--src-lang"):
        result = run_cli("align", "--presplit", "de.txt", "fr.txt", option, "french", cwd=tmp_path)
        assert result.returncode == 2
        lines = result.stderr.decode().strip().splitlines()
        assert lines == [f"srcalign: error: {option} 'french' is not an ISO 639-1 language code (two letters, e.g. vi, de, fr, en)"]


def test_user_furniture_patterns_make_a_portal_line_of_an_unknown_string(tmp_path, seed_source, seed_article):
    article = tmp_path / "article.de.txt"
    lines = seed_article.read_text(encoding="utf-8").splitlines()
    article.write_text("\n".join(lines[:5] + ["Zum Anhören hier klicken"] + lines[5:]) + "\n", encoding="utf-8")
    patterns = tmp_path / "furniture.txt"
    patterns.write_text("# our portal's audio button\nzum anhören.*\n", encoding="utf-8")
    result = run_cli("align", str(seed_source), str(article), "--furniture", str(patterns), "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    block = next(b for b in data["target"]["blocks"] if b["text"] == "Zum Anhören hier klicken")
    assert block["kind"] == "other" and block["boilerplate"]
    beads = [b for b in data["beads"] if b["level"] == "block" and block["id"] in b["target"]]
    assert beads == [{**beads[0], "source": [], "target": [block["id"]]}]


def test_a_broken_furniture_pattern_names_file_and_line(tmp_path, seed_source, seed_article):
    patterns = tmp_path / "furniture.txt"
    patterns.write_text("ok line\n(unclosed\n", encoding="utf-8")
    result = run_cli("align", str(seed_source), str(seed_article), "--furniture", str(patterns), "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"srcalign: error: {patterns}:2: not a valid pattern")
    assert not (tmp_path / "out.json").exists()


def test_run_takes_furniture_patterns_and_refuses_a_broken_file_before_any_work(tmp_path):
    patterns = tmp_path / "furniture.txt"
    patterns.write_text("other\tarbeitsszene.*\n", encoding="utf-8")
    result = run_cli("run", "--example", "--out", "out", "--furniture", str(patterns), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "alignment.json").read_text(encoding="utf-8"))
    assert [b["kind"] for b in data["target"]["blocks"] if b["text"].startswith("Arbeitsszene")] == ["other"]
    patterns.write_text("caption\tarbeitsszene\n", encoding="utf-8")
    again = run_cli("run", "--example", "--out", "out2", "--furniture", str(patterns), cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.decode().strip().splitlines()[-1].startswith(f"srcalign: error: {patterns}:1: unknown kind 'caption'")
    assert not (tmp_path / "out2").exists()

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
