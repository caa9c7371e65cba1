"""fetch_source end to end against the local test site: cache first, provenance, failures change nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from toolkit.errors import SrcalignError
from toolkit.fetch import DownloadLimits, FetchOptions, fetch_source, url_from_article
from toolkit.sources import EXAMPLE_URL, example_dir, slug_for_url
from tests.fetch.support import page_text, to_cp1258, tree_snapshot
from tests.fetch.test_extract import EXPECTED

FAST = DownloadLimits(connect_timeout=2.0, read_timeout=2.0)
PAGES = {
    "/thoi-su/doan-kiem-tra-b1.html": "baohagiang_figure.html",
    "/thoi-su/vung-phat-thai-thap-4862.html": "vnexpress_tplcaption.html",
    "/giao-duc/hoc-sinh-vung-cao-2025.htm": "tuoitre_photocms.html",
    "/du-lich/lo-lo-chai.asp": "cp1258_table.html",
}


def _options(tmp_path: Path, **changes) -> FetchOptions:
    return FetchOptions(sources_dir=tmp_path / "sources", limits=FAST, **changes)


def _expected_text(page: str) -> str:
    return "".join(text + "\n" for _, text in EXPECTED[page])


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_is_kept_with_its_provenance(site, tmp_path, path):
    page = PAGES[path]
    url = site.url(path)
    result = fetch_source(url, _options(tmp_path))
    folder = tmp_path / "sources" / slug_for_url(url)
    assert result.folder == folder and not result.from_cache
    assert sorted(p.name for p in folder.iterdir()) == ["source.html", "source.json", "source.txt"]
    assert (folder / "source.txt").read_text(encoding="utf-8") == _expected_text(page)
    record = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    html = (folder / "source.html").read_bytes()
    assert record["sha256"] == hashlib.sha256(html).hexdigest()
    assert record["text_sha256"] == hashlib.sha256((folder / "source.txt").read_bytes()).hexdigest()
    assert (record["url"], record["final_url"], record["http_status"], record["content_type"]) == (url, url, 200, "text/html")
    assert (record["provenance"], record["extractor"], record["title"]) == ("retrieved", "trafilatura", EXPECTED[page][0][1])
    assert record["captions"] == [i for i, (kind, _) in enumerate(EXPECTED[page], start=1) if kind == "caption"]
    assert record["retrieved_at"].endswith("Z")
    if page == "cp1258_table.html":
        assert html == to_cp1258(page_text(page))  # the bytes as received, not re-encoded
        assert record["charset"] == "windows-1258"
        assert unicodedata.is_normalized("NFC", (folder / "source.txt").read_text(encoding="utf-8"))
    else:
        assert html == page_text(page).encode("utf-8") and record["charset"] == "utf-8"


def test_repeat_and_offline_runs_use_the_cache_and_change_no_byte(site, tmp_path):
    url = site.url("/thoi-su/doan-kiem-tra-b1.html")
    fetch_source(url, _options(tmp_path))
    before, hits = tree_snapshot(tmp_path), site.hits()
    again = fetch_source(url, _options(tmp_path))
    offline = fetch_source(url, _options(tmp_path, offline=True))
    assert again.from_cache and offline.from_cache and offline.warnings == ()
    assert site.hits() == hits  # no request at all
    assert tree_snapshot(tmp_path) == before
    assert offline.provenance.sha256 == hashlib.sha256((offline.folder / "source.html").read_bytes()).hexdigest()
    refreshed = fetch_source(url, _options(tmp_path, refresh=True))
    assert not refreshed.from_cache and site.hits() == hits + 1
    assert (refreshed.folder / "source.html").read_bytes() == before[f"{refreshed.folder.relative_to(tmp_path)}/source.html"]


def test_a_redirected_url_keeps_both_urls_and_the_requested_slug(site, tmp_path):
    result = fetch_source(site.url("/r/1"), _options(tmp_path))
    assert result.folder.name == slug_for_url(site.url("/r/1"))
    assert result.provenance.url == site.url("/r/1")
    assert result.provenance.final_url == site.url("/thoi-su/doan-kiem-tra-b1.html")


def test_offline_without_a_cache_fails_clearly(tmp_path):
    with pytest.raises(SrcalignError, match="no cached source for .* run without --offline"):
        fetch_source("https://baohagiang.vn/thoi-su/bai-viet-moi.html", _options(tmp_path, offline=True))
    with pytest.raises(SrcalignError, match="--refresh needs the network"):
        fetch_source("https://baohagiang.vn/thoi-su/bai-viet-moi.html", _options(tmp_path, offline=True, refresh=True))
    assert not (tmp_path / "sources").exists()


def test_a_saved_page_is_imported_without_the_network(site, tmp_path):
    saved = tmp_path / "trang-da-luu.html"
    saved.write_bytes(to_cp1258(page_text("cp1258_table.html")))
    hits = site.hits()
    url = "https://dongvan.hagiang.gov.vn/du-lich/lo-lo-chai.asp"
    result = fetch_source(url, _options(tmp_path, html_file=saved, offline=True))
    assert site.hits() == hits
    record = json.loads((result.folder / "source.json").read_text(encoding="utf-8"))
    assert (record["provenance"], record["url"], record["retrieved_at"], record["http_status"]) == ("imported", url, None, None)
    assert record["charset"] == "windows-1258" and "trang-da-luu.html" in record["note"]
    assert (result.folder / "source.html").read_bytes() == saved.read_bytes()
    assert (result.folder / "source.txt").read_text(encoding="utf-8") == _expected_text("cp1258_table.html")
    assert fetch_source(url, _options(tmp_path, offline=True)).provenance.provenance == "imported"


@pytest.mark.parametrize(
    "path, message",
    [
        ("/missing.html", "HTTP 404"),
        ("/broken.html", "HTTP 500"),
        ("/loop-a", "redirect loop"),
        ("/six/1", "more than 5 redirects"),
        ("/big.html", "size cap"),
        ("/report.pdf", "application/pdf, not an HTML page"),
        ("/thoi-su/", "no article text found"),
        ("/slow.html", "timed out"),
    ],
)
def test_a_failed_refresh_leaves_the_cache_exactly_as_it_was(site, tmp_path, path, message):
    url = site.url(path)
    saved = tmp_path / "saved.html"
    saved.write_text(page_text("baohagiang_figure.html"), encoding="utf-8")
    fetch_source(url, _options(tmp_path, html_file=saved))
    before = tree_snapshot(tmp_path)
    limits = DownloadLimits(connect_timeout=2.0, read_timeout=0.2, max_bytes=50_000)
    with pytest.raises(SrcalignError, match=message):
        fetch_source(url, FetchOptions(sources_dir=tmp_path / "sources", refresh=True, limits=limits))
    assert tree_snapshot(tmp_path) == before


def test_the_url_comes_from_the_quelle_line_with_mt_spaces_removed(tmp_path, seed_article):
    assert url_from_article(seed_article) == EXAMPLE_URL
    article = tmp_path / "artikel.de.txt"
    article.write_text("Titel des Artikels\nDer Text.\nQuelle: https: //baohagiang.vn/ kinh-te/ bai-viet-1.html\n", encoding="utf-8")
    assert url_from_article(article) == "https://baohagiang.vn/kinh-te/bai-viet-1.html"
    article.write_text("Titel des Artikels\nDer Text ohne Quellenangabe.\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match="no \"Quelle:\" line"):
        url_from_article(article)


def test_the_bundled_example_is_a_cache_hit_with_provenance_reconstructed(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(example_dir(), sources / slug_for_url(EXAMPLE_URL))
    before = tree_snapshot(tmp_path)
    url = url_from_article(sources / slug_for_url(EXAMPLE_URL) / "article.de.txt")
    result = fetch_source(url, FetchOptions(sources_dir=sources, offline=True))
    assert result.from_cache and result.warnings == ()
    assert result.provenance.provenance == "reconstructed"
    assert "NOT the newspaper's page" in "\n".join(result.summary())
    assert result.summary()[-1] == str(sources / slug_for_url(EXAMPLE_URL))
    assert tree_snapshot(tmp_path) == before
