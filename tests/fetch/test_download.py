"""Downloading from the local test site: redirects, loops, HTTP errors, timeouts, size cap, types."""

from __future__ import annotations

import socket
import time

import pytest

from toolkit.errors import SrcalignError
from toolkit.fetch.download import USER_AGENT, DownloadLimits, check_url, download_html
from tests.fetch.support import closed_port, page_text

FAST = DownloadLimits(connect_timeout=2.0, read_timeout=2.0)


def test_an_article_with_status_type_charset_and_honest_user_agent(site):
    url = site.url("/thoi-su/doan-kiem-tra-b1.html")
    before = len(site.requests)
    got = download_html(url, FAST)
    assert (got.url, got.final_url, got.status) == (url, url, 200)
    assert (got.content_type, got.header_charset) == ("text/html", "utf-8")
    assert got.body == page_text("baohagiang_figure.html").encode("utf-8")
    assert got.retrieved_at.endswith("Z") and "T" in got.retrieved_at
    assert site.requests[before:] == [("/thoi-su/doan-kiem-tra-b1.html", USER_AGENT)]
    assert USER_AGENT.startswith("srcalign/") and "(+https://pypi.org/project/srcalign/)" in USER_AGENT


def test_a_redirect_chain_is_followed_to_the_final_url(site):
    got = download_html(site.url("/r/1"), FAST)
    assert got.final_url == site.url("/thoi-su/doan-kiem-tra-b1.html")  # the #fragment is dropped
    assert got.redirects == (site.url("/r/2"), site.url("/r/3"), got.final_url)
    assert got.url == site.url("/r/1")


def test_more_than_five_redirects_are_refused(site):
    with pytest.raises(SrcalignError, match="more than 5 redirects"):
        download_html(site.url("/six/1"), FAST)
    assert download_html(site.url("/six/2"), FAST).status == 200  # exactly five is fine


def test_a_redirect_loop_is_named(site):
    with pytest.raises(SrcalignError, match=r"redirect loop \(.*/loop-a -> .*/loop-b -> .*/loop-a\)"):
        download_html(site.url("/loop-a"), FAST)


def test_a_redirect_to_another_scheme_is_refused(site):
    with pytest.raises(SrcalignError, match="ftp://127.0.0.1/file.html, which is not http"):
        download_html(site.url("/to-ftp"), FAST)


@pytest.mark.parametrize("path, message", [("/missing.html", "HTTP 404 Not Found"), ("/broken.html", "HTTP 500 Internal Server Error")])
def test_http_errors(site, path, message):
    with pytest.raises(SrcalignError, match=message):
        download_html(site.url(path), FAST)


def test_a_server_slower_than_the_read_timeout(site):
    start = time.monotonic()
    with pytest.raises(SrcalignError, match=r"timed out after 0.2 s waiting for 127.0.0.1"):
        download_html(site.url("/slow.html"), DownloadLimits(read_timeout=0.2))
    assert time.monotonic() - start < 0.9


def test_a_server_that_never_accepts_hits_the_connect_timeout():
    """A listening socket whose accept queue is full: Linux drops further SYNs, so connect() hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        try:
            for filler in fillers:
                filler.setblocking(False)
                try:
                    filler.connect(("127.0.0.1", port))
                except BlockingIOError:
                    pass
            start = time.monotonic()
            with pytest.raises(SrcalignError, match=r"timed out after 0.3 s connecting to 127.0.0.1"):
                download_html(f"http://127.0.0.1:{port}/bai-viet.html", DownloadLimits(connect_timeout=0.3))
            assert time.monotonic() - start < 2
        finally:
            for filler in fillers:
                filler.close()


@pytest.mark.parametrize("path", ["/big.html", "/big-stream.html"])
def test_a_body_over_the_size_cap(site, path):
    """Refused from Content-Length when the server sends one, and while streaming when it does not."""
    with pytest.raises(SrcalignError, match="larger than the 50000 byte size cap"):
        download_html(site.url(path), DownloadLimits(max_bytes=50_000))
    assert len(download_html(site.url(path), FAST).body) > 200_000


@pytest.mark.parametrize("path, shown", [("/report.pdf", "application/pdf"), ("/notes.txt", "text/plain")])
def test_non_html_content_types_are_refused(site, path, shown):
    """Refused from the header, before the body is read (so before any size cap applies)."""
    with pytest.raises(SrcalignError, match=f"sent {shown}, not an HTML page"):
        download_html(site.url(path), DownloadLimits(max_bytes=4))


def test_gzip_and_a_missing_content_type_are_handled(site):
    plain = page_text("baohagiang_figure.html").encode("utf-8")
    assert download_html(site.url("/gzip/doan-kiem-tra.html"), FAST).body == plain
    sniffed = download_html(site.url("/no-type/doan-kiem-tra.html"), FAST)
    assert (sniffed.content_type, sniffed.header_charset, sniffed.body) == ("text/html", None, plain)


def test_an_unreachable_host():
    port = closed_port()
    with pytest.raises(SrcalignError, match=f"cannot connect to 127.0.0.1:{port}"):
        download_html(f"http://127.0.0.1:{port}/bai-viet.html", FAST)


@pytest.mark.parametrize(
    "url, message",
    [
        ("file:///etc/passwd", "cannot fetch file://"),
        ("ftp://127.0.0.1/bai-viet.html", "cannot fetch ftp://"),
        ("javascript:alert(1)", "cannot fetch javascript://"),
        ("baohagiang.vn/thoi-su/bai-viet.html", "without a scheme"),
        ("http:///bai-viet.html", "no host name"),
        ("http://127.0.0.1:99999/x", "invalid port"),
    ],
)
def test_urls_that_are_never_fetched(url, message):
    with pytest.raises(SrcalignError, match=message):
        check_url(url)
