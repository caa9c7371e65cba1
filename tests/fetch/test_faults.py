"""fetch under faults (issue 12): short bodies, damaged and UTF-16 pages, bad options and URLs.

Every page is served by the local test site on 127.0.0.1 (tests/fetch/support.py).
"""

from __future__ import annotations

import pytest

from tests.fetch.support import Reply, page_text, tree_snapshot
from tests.test_cli import run_cli
from toolkit.errors import SrcalignError
from toolkit.fetch import DownloadLimits, FetchOptions, fetch_source
from toolkit.fetch.charset import decode_html

ARTICLE = "baohagiang_figure.html"


def one_line_error(result) -> str:
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("srcalign: error: "), lines
    return lines[0]


def test_a_body_shorter_than_its_content_length_is_an_error_and_not_cached(site, tmp_path):
    """100,000 bytes announced, 3,000 sent (cut inside a character), then the server hangs up."""
    body = page_text(ARTICLE).encode("utf-8")
    cut = 3000
    while body[cut] & 0xC0 == 0x80 or body[cut - 1] < 0x80:  # end inside a multi-byte character
        cut += 1
    site.routes["/cut/doan-kiem-tra.html"] = Reply(body=body[:cut], length=100_000)
    sources = tmp_path / "sources"
    with pytest.raises(SrcalignError, match="cut short"):
        fetch_source(site.url("/cut/doan-kiem-tra.html"), FetchOptions(sources_dir=sources))
    assert tree_snapshot(sources) == {}
    offline = run_cli("fetch", site.url("/cut/doan-kiem-tra.html"), "--offline", "--sources-dir", str(sources))
    assert "no cached source" in one_line_error(offline)


def test_a_declared_charset_that_nearly_fits_wins_over_detection(site, tmp_path):
    """<meta charset="utf-8"> and one damaged byte: UTF-8 with one U+FFFD, not the whole page as windows-1258."""
    body = page_text(ARTICLE).encode("utf-8")
    middle = body.index("Chính".encode("utf-8"))
    damaged = body[:middle] + b"\xff" + body[middle:]
    decoded = decode_html(damaged, None)
    assert decoded.charset == "utf-8"
    assert "Chính" in decoded.text and decoded.text.count("\ufffd") == 1
    assert "Ä" not in decoded.text and "Æ°" not in decoded.text


@pytest.mark.parametrize("encoding, header", [("utf-16", "text/html; charset=utf-16"), ("utf-16-le", "text/html; charset=utf-16"), ("utf-16", "text/html")])
def test_a_utf16_page_is_decoded(site, tmp_path, encoding, header):
    page = page_text(ARTICLE)
    path = f"/utf16/{encoding}-{len(header)}.html"
    site.routes[path] = Reply(headers=(("Content-Type", header),), body=page.encode(encoding))
    result = fetch_source(site.url(path), FetchOptions(sources_dir=tmp_path / "sources"))
    text = (result.folder / "source.txt").read_text(encoding="utf-8")
    assert "Đoàn kiểm tra" in text and "\x00" not in text


def test_a_saved_utf16_page_can_be_imported(tmp_path):
    saved = tmp_path / "trang.html"
    saved.write_bytes(page_text(ARTICLE).encode("utf-16"))
    result = fetch_source("https://baohagiang.vn/x/doan-kiem-tra.html", FetchOptions(sources_dir=tmp_path / "sources", html_file=saved))
    assert "Đoàn kiểm tra" in (result.folder / "source.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("option, value", [("--timeout", "-1"), ("--timeout", "0"), ("--connect-timeout", "0"), ("--timeout", "nan"), ("--max-bytes", "0")])
def test_timeouts_and_caps_must_be_positive(site, tmp_path, option, value):
    result = run_cli("fetch", site.url("/thoi-su/doan-kiem-tra-b1.html"), option, value, "--sources-dir", str(tmp_path / "s"))
    assert option in one_line_error(result)
    assert not (tmp_path / "s").exists()


def test_download_limits_refuse_nonsense():
    with pytest.raises(SrcalignError, match="--timeout"):
        DownloadLimits(read_timeout=-1)


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://[::1/x", "not a valid URL"),
        ("file:///etc/hostname", "cannot fetch file://"),
        ("http://user:secret@[::1/x", "not a valid URL"),
    ],
)
def test_broken_and_file_urls_are_one_line(tmp_path, url, message):
    result = run_cli("fetch", url, "--sources-dir", str(tmp_path / "s"))
    line = one_line_error(result)
    assert message in line and "secret" not in line


def test_credentials_are_neither_sent_nor_kept(site, tmp_path):
    url = site.url("/thoi-su/doan-kiem-tra-b1.html").replace("http://", "http://ich:geheim@")
    result = fetch_source(url, FetchOptions(sources_dir=tmp_path / "sources"))
    assert any("user name and password were left out" in w for w in result.warnings)
    assert result.provenance.url == site.url("/thoi-su/doan-kiem-tra-b1.html")
    assert result.folder == fetch_source(site.url("/thoi-su/doan-kiem-tra-b1.html"), FetchOptions(sources_dir=tmp_path / "sources")).folder
    for path in (tmp_path / "sources").rglob("*"):
        assert path.is_dir() or b"geheim" not in path.read_bytes()
