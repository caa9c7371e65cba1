"""Download one HTML page politely and defensively: honest User-Agent, timeouts, size cap, redirects.

Built on http.client rather than urllib.request so that the connect and read timeouts are
separate, every redirect is seen (and counted, and checked for loops and schemes) before it is
followed, and no environment proxy or file:// handler can sneak in.
"""

from __future__ import annotations

import http.client
import math
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

from toolkit import __version__
from toolkit.errors import SrcalignError
from toolkit.textfile import utf16_codec
from toolkit.urls import public_url

USER_AGENT = f"srcalign/{__version__} (+https://pypi.org/project/srcalign/)"
ALLOWED_SCHEMES: tuple[str, ...] = ("http", "https")
HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65536


@dataclass(frozen=True)
class DownloadLimits:
    """How long to wait and how much to take; the defaults suit a news page on a slow site."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5

    def __post_init__(self) -> None:
        for option, value in (("--connect-timeout", self.connect_timeout), ("--timeout", self.read_timeout), ("total timeout", self.total_timeout)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise SrcalignError(f"{option} {value!r}: give a number of seconds greater than 0")
        if self.max_bytes <= 0:
            raise SrcalignError(f"--max-bytes {self.max_bytes}: give a number of bytes greater than 0")
        if self.max_redirects < 0:
            raise SrcalignError(f"max_redirects {self.max_redirects}: must be 0 or more")


@dataclass(frozen=True)
class Download:
    """An HTML page as received, with what the server said about it."""

    url: str
    final_url: str
    status: int
    content_type: str
    header_charset: str | None
    body: bytes
    retrieved_at: str
    redirects: tuple[str, ...] = ()


def check_url(url: str) -> str:
    """The URL stripped of spaces and of any user name and password (toolkit.urls.public_url: srcalign
    sends no credentials and stores none), or a one-line error for schemes and shapes we never fetch."""
    url = public_url(url)
    if url.lower().startswith("file:"):
        raise SrcalignError(f"{url}: cannot fetch file:// URLs; give the file itself (run --source FILE, or fetch --html FILE for a saved page)")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise SrcalignError(f"{url}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "a URL without a scheme"
        raise SrcalignError(f"{url}: cannot fetch {shown}; only http:// and https:// URLs are fetched")
    if not parts.hostname:
        raise SrcalignError(f"{url}: the URL has no host name")
    try:
        parts.port
    except ValueError:
        raise SrcalignError(f"{url}: the URL has an invalid port") from None
    return url


def download_html(url: str, limits: DownloadLimits = DownloadLimits()) -> Download:
    """GET an HTML page, following at most `limits.max_redirects` redirects; user errors raise SrcalignError."""
    original = check_url(url)
    current = _without_fragment(original)
    seen = [current]
    deadline = time.monotonic() + limits.total_timeout
    while True:
        conn, response = _open(current, limits)
        status, reason, headers = response.status, response.reason or "", response.headers
        try:
            if status in _REDIRECTS:
                location = headers.get("Location")
                if not location:
                    raise SrcalignError(f"{current}: HTTP {status} redirect without a Location header")
                try:
                    target = public_url(_without_fragment(urljoin(current, location.strip())))
                except ValueError:
                    raise SrcalignError(f"{current}: HTTP {status} redirect to an invalid URL") from None
                if urlsplit(target).scheme.lower() not in ALLOWED_SCHEMES:
                    raise SrcalignError(f"{current}: redirects to {target}, which is not http:// or https://")
                if target in seen:
                    raise SrcalignError(f"{original}: redirect loop ({' -> '.join(seen + [target])})")
                if len(seen) > limits.max_redirects:
                    raise SrcalignError(f"{original}: more than {limits.max_redirects} redirects")
                seen.append(target)
                current = target
                continue
            if not 200 <= status < 300:
                raise SrcalignError(f"{current}: HTTP {status} {reason}".rstrip())
            content_type, charset = _content_type(headers)
            if content_type is not None and content_type not in HTML_TYPES:
                raise SrcalignError(f"{current}: the server sent {content_type}, not an HTML page")
            length = headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > limits.max_bytes:
                raise SrcalignError(f"{current}: the page is larger than the {_size(limits.max_bytes)} size cap")
            body = _read_body(response, current, headers.get("Content-Encoding"), limits, deadline, _declared_length(headers))
        finally:
            conn.close()
        if content_type is None:  # no header: sniff, as a browser would
            if not looks_like_html(body):
                raise SrcalignError(f"{current}: no content type and the body is not HTML")
            content_type = "text/html"
        return Download(
            url=original,
            final_url=current,
            status=status,
            content_type=content_type,
            header_charset=charset,
            body=body,
            retrieved_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            redirects=tuple(seen[1:]),
        )


def _open(url: str, limits: DownloadLimits) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """Connect (connect timeout), send the request, read the status line and headers (read timeout)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme.lower() == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, parts.port, timeout=limits.connect_timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, parts.port, timeout=limits.connect_timeout)
    where = f"{host}:{parts.port}" if parts.port else host
    try:
        conn.connect()
    except socket.gaierror:
        conn.close()
        raise SrcalignError(f"{url}: cannot resolve host {host}") from None
    except (TimeoutError, socket.timeout):
        conn.close()
        raise SrcalignError(f"{url}: timed out after {limits.connect_timeout:g} s connecting to {where}") from None
    except ssl.SSLError as exc:
        conn.close()
        raise SrcalignError(f"{url}: TLS error ({exc.reason or exc})") from None
    except OSError as exc:
        conn.close()
        raise SrcalignError(f"{url}: cannot connect to {where} ({exc.strerror or exc})") from None
    assert conn.sock is not None
    conn.sock.settimeout(limits.read_timeout)
    try:
        conn.request(
            "GET",
            _request_target(parts),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Language": "vi,en;q=0.5",
                "Accept-Encoding": "identity",
            },
        )
        response = conn.getresponse()
    except (TimeoutError, socket.timeout):
        conn.close()
        raise SrcalignError(f"{url}: timed out after {limits.read_timeout:g} s waiting for {where}") from None
    except (http.client.HTTPException, OSError) as exc:
        conn.close()
        raise SrcalignError(f"{url}: the server at {where} broke off ({type(exc).__name__})") from None
    return conn, response


def _declared_length(headers: http.client.HTTPMessage) -> int | None:
    length = (headers.get("Content-Length") or "").strip()
    return int(length) if length.isdigit() else None


def _read_body(
    response: http.client.HTTPResponse,
    url: str,
    encoding: str | None,
    limits: DownloadLimits,
    deadline: float,
    declared: int | None = None,
) -> bytes:
    """Read at most max_bytes (after any gzip/deflate the server insisted on), within the deadlines.

    A body shorter than its Content-Length, or a compressed stream that stops before its end,
    is an error: a page cut off mid-way (often mid-character) must never be cached as retrieved.
    """
    coding = (encoding or "identity").strip().lower()
    if coding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif coding == "deflate":
        inflater = zlib.decompressobj()
    elif coding == "identity":
        inflater = None
    else:
        raise SrcalignError(f"{url}: unsupported content encoding {coding!r}")
    chunks: list[bytes] = []
    total = 0
    received = 0  # bytes on the wire, before decompression: what Content-Length counts
    while True:
        if time.monotonic() > deadline:
            raise SrcalignError(f"{url}: the download took longer than {limits.total_timeout:g} s")
        try:
            raw = response.read1(_CHUNK)
        except (TimeoutError, socket.timeout):
            raise SrcalignError(f"{url}: timed out after {limits.read_timeout:g} s reading the page") from None
        except (http.client.HTTPException, OSError) as exc:
            raise SrcalignError(f"{url}: the connection broke off while reading ({type(exc).__name__})") from None
        if not raw:
            break
        received += len(raw)
        if inflater is not None:
            try:
                raw = inflater.decompress(raw, limits.max_bytes + 1 - total)
            except zlib.error:
                raise SrcalignError(f"{url}: the {coding} body is corrupt") from None
        total += len(raw)
        if total > limits.max_bytes:
            raise SrcalignError(f"{url}: the page is larger than the {_size(limits.max_bytes)} size cap")
        chunks.append(raw)
    if declared is not None and received < declared:
        raise SrcalignError(f"{url}: the download was cut short ({received} of the {declared} bytes announced); nothing was kept")
    if inflater is not None and not inflater.eof:
        raise SrcalignError(f"{url}: the {coding} body was cut short; nothing was kept")
    return b"".join(chunks)


def _content_type(headers: http.client.HTTPMessage) -> tuple[str | None, str | None]:
    """The media type (None when the header is missing) and the charset parameter, lower-cased."""
    if headers.get("Content-Type") is None:
        return None, None
    charset = headers.get_content_charset()
    return headers.get_content_type().lower(), (charset.strip().lower() if charset else None)


def looks_like_html(body: bytes) -> bool:
    """Sniff a body without a content type (or a saved file): markup at the start, no binary bytes."""
    utf16 = utf16_codec(body)
    if utf16 is not None:  # a page saved as UTF-16 ("Unicode" in some browsers and editors)
        body = body[:2048].decode(utf16, errors="replace").lstrip("\ufeff").encode("utf-8")
    elif b"\x00" in body[:65536]:
        return False
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<?xml", b"<meta", b"<title"))


def _request_target(parts: SplitResult) -> str:
    """Path and query, percent-encoded where the URL holds raw non-ASCII (Vietnamese slugs)."""
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return f"{path}?{query}" if query else path


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    return f"{n} byte"
