"""The one URL sanitiser, and the promise it keeps: a password in a cited URL reaches no output."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from tests.test_cli import run_cli
from toolkit.urls import has_userinfo, is_web_url, public_text, public_url


@pytest.mark.parametrize(
    "url, public",
    [
        ("http://user:secret@host.vn/a.html", "http://host.vn/a.html"),
        ("https://user@host.vn:8443/a?x=1@2", "https://host.vn:8443/a?x=1@2"),
        ("http://u:p@[::1]:8080/x", "http://[::1]:8080/x"),
        ("http://host.vn/path@not-userinfo", "http://host.vn/path@not-userinfo"),
        ("  https://host.vn/a  ", "https://host.vn/a"),
    ],
)
def test_public_url_strips_userinfo_only(url, public):
    assert public_url(url) == public
    assert has_userinfo(url) == (public_url(url) != url.strip())


def test_public_text_and_web_urls():
    assert public_text("Quelle: https://nutzer:geheim@baohagiang.vn/a.html") == "Quelle: https://baohagiang.vn/a.html"
    assert is_web_url("HTTPS://x") and not is_web_url("file:///x") and not is_web_url(None)
    assert not is_web_url("http") and is_web_url("http://[::1/x")  # never raises on a broken URL


def test_credentials_in_the_cited_url_reach_no_file_and_no_output(tmp_path, site):
    """`Quelle: http://user:secret@host/…`: fetched without them, and none of the shareable files holds them."""
    url = site.url("/thoi-su/doan-kiem-tra-b1.html").replace("http://", "http://redakteur:geheim99@")
    article = tmp_path / "article.de.txt"
    article.write_text((DATA / "pipeline/article_for_local_page.de.txt").read_text(encoding="utf-8").replace("{URL}", url), encoding="utf-8")
    result = run_cli("run", str(article), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"geheim99" not in result.stdout + result.stderr
    assert b"redakteur" not in result.stdout + result.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != article]
    assert {p.name for p in written} >= {"source.json", "alignment.json", "alignment.tmx", "alignment.xlf", "review.html", "summary.json"}
    for path in written:
        assert b"geheim99" not in path.read_bytes(), path
        assert b"redakteur" not in path.read_bytes(), path
    assert any(b"127.0.0.1" in p.read_bytes() for p in written if p.name == "alignment.tmx")  # the URL itself is kept
