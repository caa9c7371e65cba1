"""`srcalign fetch` as a user runs it: a subprocess through toolkit.cli.main, against the local site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from toolkit.sources import EXAMPLE_URL, example_dir, slug_for_url
from tests.fetch.support import ROOT, closed_port, page_text, tree_snapshot
from tests.test_cli import run_cli

EXAMPLE_SLUG = slug_for_url(EXAMPLE_URL)


def test_fetch_a_url_prints_the_folder_last(site, tmp_path):
    url = site.url("/thoi-su/doan-kiem-tra-b1.html")
    result = run_cli("fetch", url, "--timeout", "5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    folder = Path("sources") / slug_for_url(url)
    assert lines[-1] == str(folder)
    assert "provenance: retrieved (retrieved from the page)" in lines and "text: 11 lines, 3 captions (source.txt)" in lines
    assert (tmp_path / folder / "source.txt").read_text(encoding="utf-8").startswith("Đoàn kiểm tra của Bộ Chính trị")
    again = run_cli("fetch", url, "--offline", "--format", "json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["folder"], summary["from_cache"], summary["lines"]) == (str(folder), True, 11)
    assert summary["source"]["provenance"] == "retrieved" and summary["source"]["captions"] == [3, 5, 8]


def test_the_bundled_example_offline_from_the_repository():
    """The README's command, run where the README says: the repository, default sources dir."""
    article = f"sources/{EXAMPLE_SLUG}/article.de.txt"
    assert (ROOT / article).is_file()
    before = tree_snapshot(ROOT / "sources")
    result = run_cli("fetch", "--from", article, "--offline", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert out.splitlines()[-1] == f"sources/{EXAMPLE_SLUG}"
    assert f"url: {EXAMPLE_URL}" in out
    assert "provenance: reconstructed (written by hand, NOT the newspaper's page)" in out
    assert tree_snapshot(ROOT / "sources") == before


def test_import_a_saved_page(tmp_path):
    saved = tmp_path / "saved.html"
    saved.write_text(page_text("tuoitre_photocms.html"), encoding="utf-8")
    url = "https://tuoitre.vn/hoc-sinh-vung-cao-ha-giang-den-truong-trong-gia-ret-2025012006.htm"
    result = run_cli("fetch", url, "--html", str(saved), "--sources-dir", "kho", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["folder"] == f"kho/{slug_for_url(url)}" and summary["source"]["provenance"] == "imported"


@pytest.mark.parametrize(
    "args, message",
    [
        (lambda site: ["fetch", f"http://127.0.0.1:{closed_port()}/bai-viet.html"], "cannot connect to 127.0.0.1"),
        (lambda site: ["fetch", "file:///etc/passwd"], "cannot fetch file://"),
        (lambda site: ["fetch", "ftp://127.0.0.1/bai-viet.html"], "cannot fetch ftp://"),
        (lambda site: ["fetch", site.url("/report.pdf")], "application/pdf, not an HTML page"),
        (lambda site: ["fetch", site.url("/thoi-su/")], "no article text found"),
        (lambda site: ["fetch", "--from", "artikel.de.txt"], "no \"Quelle:\" line"),
        (lambda site: ["fetch", "--from", f"sources/{EXAMPLE_SLUG}/article.de.txt", site.url("/x")], "either a URL or --from"),
        (lambda site: ["fetch", "https://baohagiang.vn/bai-moi.html", "--offline"], "no cached source"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_the_cache_is_unchanged(site, tmp_path, args, message):
    shutil.copytree(example_dir(), tmp_path / "sources" / EXAMPLE_SLUG)
    (tmp_path / "artikel.de.txt").write_text("Titel\nDer Text ohne Quellenangabe.\nKommentar (0)\n", encoding="utf-8")
    before = tree_snapshot(tmp_path)
    result = run_cli(*args(site), cwd=tmp_path)
    err = result.stderr.decode().strip()
    assert result.returncode == 2, err
    assert message in err and len(err.splitlines()) == 1 and err.startswith("srcalign: error: ")
    assert result.stdout == b""
    assert tree_snapshot(tmp_path) == before
