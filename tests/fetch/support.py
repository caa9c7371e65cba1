"""Test support for fetch: the local test site (routes and handler), cp1258 encoding, tree snapshots.

Nothing here touches the internet or ../shared: every page is written for these tests
(tests/fetch/pages/) and served from a thread by http.server on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.server
import socket
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PAGES = Path(__file__).parent / "pages"
ROOT = Path(__file__).resolve().parents[2]
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def page_text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as windows-1258 does: precomposed where the code page has it, else base + tone mark."""
    out: list[bytes] = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
            out.append((base + "".join(c for c in decomposed if c in _TONES)).encode("cp1258"))
    return b"".join(out)


def tree_snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under `root` with its bytes: equal snapshots mean an untouched cache."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    body: bytes = b""
    delay: float = 0.0
    # Send the body without a Content-Length (the size cap must hold while streaming).
    stream: bool = False
    # Announce this Content-Length whatever the body's size (a server that hangs up early).
    length: int | None = None


@dataclass
class Site:
    """The running test site: its base URL, its routes, and the requests it has seen."""

    base: str
    routes: dict[str, Reply]
    requests: list[tuple[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str | None = None) -> int:
        return sum(1 for p, _ in self.requests if path is None or p == path)


def site_routes() -> dict[str, Reply]:
    html = "text/html; charset=utf-8"
    routes: dict[str, Reply] = {
        "/thoi-su/doan-kiem-tra-b1.html": Reply(body=page_text("baohagiang_figure.html").encode("utf-8")),
        "/thoi-su/vung-phat-thai-thap-4862.html": Reply(body=page_text("vnexpress_tplcaption.html").encode("utf-8")),
        "/giao-duc/hoc-sinh-vung-cao-2025.htm": Reply(body=page_text("tuoitre_photocms.html").encode("utf-8")),
        # Declared only in <meta>: the header has no charset parameter.
        "/du-lich/lo-lo-chai.asp": Reply(headers=(("Content-Type", "text/html"),), body=to_cp1258(page_text("cp1258_table.html"))),
        "/thoi-su/": Reply(body=page_text("category_index.html").encode("utf-8")),
        "/gzip/doan-kiem-tra.html": Reply(
            headers=(("Content-Type", html), ("Content-Encoding", "gzip")),
            body=gzip.compress(page_text("baohagiang_figure.html").encode("utf-8")),
        ),
        "/no-type/doan-kiem-tra.html": Reply(headers=(), body=page_text("baohagiang_figure.html").encode("utf-8")),
        "/missing.html": Reply(status=404, body=b"<html><body><h1>404 Not Found</h1></body></html>"),
        "/broken.html": Reply(status=500, body=b"<html><body><h1>Internal Server Error</h1></body></html>"),
        "/slow.html": Reply(delay=1.0, body=page_text("baohagiang_figure.html").encode("utf-8")),
        "/big.html": Reply(body=b"<html><body>" + b"<p>" + b"x" * 200_000 + b"</p></body></html>"),
        "/big-stream.html": Reply(body=b"<html><body>" + b"<p>" + b"x" * 200_000 + b"</p></body></html>", stream=True),
        "/report.pdf": Reply(headers=(("Content-Type", "application/pdf"),), body=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        "/notes.txt": Reply(headers=(("Content-Type", "text/plain; charset=utf-8"),), body="Ghi chú".encode("utf-8")),
        "/to-ftp": Reply(status=302, headers=(("Location", "ftp://127.0.0.1/file.html"),)),
        "/loop-a": Reply(status=302, headers=(("Location", "/loop-b"),)),
        "/loop-b": Reply(status=301, headers=(("Location", "/loop-a"),)),
    }
    # A chain of three redirects (301, 302, 307, relative and absolute) ending at a real article.
    routes["/r/1"] = Reply(status=301, headers=(("Location", "/r/2"),))
    routes["/r/2"] = Reply(status=302, headers=(("Location", "{base}/r/3"),))
    routes["/r/3"] = Reply(status=307, headers=(("Location", "/thoi-su/doan-kiem-tra-b1.html#top"),))
    # Six redirects: one more than allowed.
    for i in range(1, 7):
        routes[f"/six/{i}"] = Reply(status=302, headers=(("Location", f"/six/{i + 1}"),))
    routes["/six/7"] = routes["/thoi-su/doan-kiem-tra-b1.html"]
    return routes


class QuietServer(http.server.ThreadingHTTPServer):
    """Clients that hang up early (timeouts, size caps) are expected here, not errors to print."""

    daemon_threads = True
    block_on_close = False  # a slow handler must not hold up the end of the test run

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def make_handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            reply = site.routes.get(self.path)
            if reply is None:
                reply = Reply(status=404, body=b"<html><body>not here</body></html>")
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value.replace("{base}", site.base))
                self.send_header("Connection", "close")  # srcalign opens one connection per request
                if not reply.stream:
                    self.send_header("Content-Length", str(reply.length if reply.length is not None else len(reply.body)))
                self.end_headers()
                for start in range(0, len(reply.body), 8192):
                    self.wfile.write(reply.body[start : start + 8192])
            except ConnectionError:
                pass  # the client gave up (size cap, timeout): that is the point of the test
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


