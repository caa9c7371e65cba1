"""The review workbench: a small Starlette app over toolkit.review and toolkit.edit, like cli.py is
over the library. Routes parse and check a request, call the library, return JSON or a page.

Every URL starts with a random token made at each start (`/<token>/…`); other requests get 403.
Bodies over MAX_BODY bytes get 413, a stale revision 409, anything else a user can get wrong
(unknown ids, overlapping or missing segments, unknown articles) 400 or 404, files unchanged.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from toolkit import edit
from toolkit.errors import SrcalignError
from toolkit.review import ExportSettings, ReviewedRun, StaleRevision, article_overview, review_folders
from toolkit.web.templating import render_template, static_dir

#: Seconds without an action before the exports are rewritten in the background (and at stop).
EXPORT_AFTER = 5.0
#: Seconds without an action before the article's new page is rendered in the background.
PREPARE_AFTER = 0.2
#: Largest request body accepted (an edited sentence is far smaller).
MAX_BODY = 64 * 1024
_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_STATIC = {"review.css": "text/css", "review.js": "text/javascript", "workbench.css": "text/css", "workbench.js": "text/javascript", "batch.js": "text/javascript"}


def new_token() -> str:
    return secrets.token_urlsafe(18)


@dataclass
class Workbench:
    """What the server holds: PATH, its article folders opened for review, the termbase the checks use."""

    path: Path
    termbase_paths: tuple[Path, ...] = ()
    sources_dir: Path = Path("sources")
    folders: dict[str, Path] = field(default_factory=dict)
    runs: dict[str, ReviewedRun] = field(default_factory=dict)
    batch: bool = False
    auto_export: bool = False
    pages: dict[str, tuple[Any, str]] = field(default_factory=dict)  # article → (revision stamp, page)
    base: str = ""  # "/<token>": the start of every URL the pages link to
    rows_rendered: dict[str, Any] = field(default_factory=dict)  # article → toolkit.export.html.RowCache
    _render_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _renders: dict[str, threading.Timer] = field(default_factory=dict)
    page_rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # article → page id → _PageRows, the last few
    _pages_made: int = 0
    _termbase: Any = None
    _termbase_stamp: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _dirty: set[str] = field(default_factory=set)
    _wake: threading.Event = field(default_factory=threading.Event)
    _exporter: threading.Thread | None = None

    def schedule_export(self, name: str) -> None:
        """Rewrite the article's exports soon, off the request (a burst of actions is one export)."""
        if not self.auto_export:
            return
        with self._lock:
            self._dirty.add(name)
            if self._exporter is None:
                self._exporter = threading.Thread(target=self._export_loop, name="srcalign-export", daemon=True)
                self._exporter.start()
        self._wake.set()

    def flush_exports(self) -> None:
        """Write what is pending now (at shutdown)."""
        with self._lock:
            pending, self._dirty = set(self._dirty), set()
        for name in sorted(pending):
            try:
                self.run(name).export(ExportSettings(), self.termbase())
            except SrcalignError:
                pass  # e.g. nothing left to export; the next action or an explicit export says why

    def _export_loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            while self._wake.wait(EXPORT_AFTER):  # exports wait for a quiet moment: a long article's take seconds
                self._wake.clear()
            self.flush_exports()

    @classmethod
    def open(cls, path: Path, termbase_paths: tuple[Path, ...] = (), sources_dir: Path = Path("sources")) -> Workbench:
        path = Path(path).resolve()
        folders = review_folders(path)
        batch = folders != [path]
        workbench = cls(path, tuple(termbase_paths), Path(sources_dir), {f.name: f for f in folders}, batch=batch)
        workbench.termbase()  # a broken termbase is reported at start, not at the first action
        return workbench

    @property
    def project_termbase(self) -> Path:
        """The project's termbase (`<sources_dir>/termbase.tsv`): preferred renderings chosen here go there."""
        return self.sources_dir / "termbase.tsv"

    @property
    def decisions_file(self) -> Path:
        """The project's decisions file (`<sources_dir>/decisions.tsv`): dismissed findings go there."""
        return self.sources_dir / "decisions.tsv"

    def run(self, name: str) -> ReviewedRun:
        """The article folder named `name` (only folders found under PATH at start: no path tricks)."""
        with self._lock:
            if name not in self.folders:
                raise KeyError(name)
            if name not in self.runs:
                self.runs[name] = ReviewedRun(self.folders[name])
            return self.runs[name]

    def article_html(self, name: str) -> str:
        """The article's workbench page at its current revision: kept until the next change, and
        then only the rows that change re-rendered (toolkit.export.html.RowCache). The run is
        locked only to take its state, so saves never wait for a page to render."""
        from toolkit.export.html import RowCache, review_view

        run = self.run(name)
        with self._lock:
            render_lock = self._render_locks.setdefault(name, threading.Lock())
        with render_lock:  # one render per article at a time: a page asked for while one is made waits for it
            with run.lock:
                stamp = (run.revision, id(run.findings), len(run.findings))
                cached = self.pages.get(name)
                if cached is not None and cached[0] == stamp:
                    return cached[1]
                alignment, findings, status = run.state.alignment, list(run.findings), dict(run.state.status)
                progress = run.progress()
                wb = {
                    "api": f"{self.base}/api/{name}",
                    "static": f"{self.base}/static",
                    "revision": run.revision,
                    "can_undo": bool(run.undo_stack),
                    "can_redo": bool(run.redo_stack),
                    "confirmed": progress["confirmed"],
                    "total": progress["beads"],
                    "back": f"{self.base}/" if self.batch else "",
                }
            rows = self.rows_rendered.setdefault(name, RowCache({"workbench": True}))
            view = review_view(alignment, findings, status=status, rows_rendered=rows)
            with self._lock:
                self._pages_made += 1
                wb["page"] = str(self._pages_made)
            html = render_template("review.html", page=view, workbench=wb, inline_css="", inline_js="")
            shown = tuple((f.id, f.kind, f.severity) for f in findings)
            with self._lock:
                self.pages[name] = (stamp, html)
                made = self.page_rows.setdefault(name, {})
                made[wb["page"]] = _PageRows([str(r.html) for r in view.rows], shown, wb, progress)
                for old in list(made)[:-PAGES_KEPT]:
                    del made[old]
            return html

    def rows_since(self, name: str, page: str) -> dict[str, Any]:
        """The rows of the current page that differ from those of `page` (a page this server made
        and the browser shows), for the page to replace in place; `reload` when that cannot be
        done (an unknown page, rows added or removed, findings changed)."""
        self.article_html(name)
        with self._lock:
            made = dict(self.page_rows.get(name, {}))
        if not made:
            return {"reload": True}
        current_id = list(made)[-1]
        current, old = made[current_id], made.get(page)
        if old is None or len(old.rows) != len(current.rows) or old.findings != current.findings:
            return {"reload": True}
        changed = [{"id": f"r{k + 1}", "html": html} for k, (before, html) in enumerate(zip(old.rows, current.rows)) if before != html]
        wb = current.workbench
        return {"page": current_id, "revision": wb["revision"], "can_undo": wb["can_undo"], "can_redo": wb["can_redo"], "progress": current.progress, "rows": changed}

    def prepare(self, name: str, delay: float = 0.0) -> None:
        """Render the article's page off the request, after `delay` s without another action (a
        burst of saves is not slowed by renders), so the page asked for next is ready."""

        def render() -> None:
            try:
                self.article_html(name)
            except (SrcalignError, KeyError, OSError):
                pass  # the request for the page reports it

        timer = threading.Timer(delay, render)
        timer.daemon = True
        timer.name = "srcalign-page"
        with self._lock:
            earlier = self._renders.pop(name, None)
            if earlier is not None:
                earlier.cancel()
            self._renders[name] = timer
        timer.start()

    def decisions(self) -> Any:
        from toolkit.decisions import read_decisions

        return read_decisions(self.decisions_file)

    def termbase(self) -> Any:
        from toolkit.termbase import load_termbase

        project = self.project_termbase
        stamp = project.stat().st_mtime_ns if project.is_file() else None
        with self._lock:
            if self._termbase is None or stamp != self._termbase_stamp:
                self._termbase = load_termbase([*self.termbase_paths, *([project] if stamp is not None else [])])
                self._termbase_stamp = stamp
            return self._termbase


#: Host names the workbench answers to by default (loopback): a page of another site that makes its
#: name point at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")


def _host_name(value: str) -> str:
    """'127.0.0.1:8765' → '127.0.0.1'; '[::1]:8765' → '::1'; lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass(frozen=True)
class _PageRows:
    """What a page served showed: each row's HTML, how many findings, its toolbar state."""

    rows: list[str]
    findings: tuple[tuple[str, str, str], ...]  # id, kind, severity: the cards and filters the page shows
    workbench: dict[str, Any]
    progress: dict[str, int]


#: Pages per article whose rows are remembered (a page older than these is reloaded whole).
PAGES_KEPT = 4


class _Guard:
    """Before any route runs (ASGI middleware): the token, the Host a request names (against DNS
    rebinding), the Origin of a request that changes something (against cross-site posts), and
    the body size. `hosts` None answers to any Host (`--host 0.0.0.0`: the user chose to)."""

    def __init__(self, app: ASGIApp, token: str, hosts: tuple[str, ...] | None = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.token = token
        self.hosts = None if hosts is None else {h.lower().strip("[]") for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan; the workbench has no websockets, and Starlette refuses them
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        first = path[1:].split("/", 1)[0] if path.startswith("/") else ""
        if not secrets.compare_digest(first.encode(), self.token.encode()) or not path.startswith(f"/{first}/"):
            await _error(403, "this workbench needs the address with its token, as `srcalign review` printed it")(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = _host_name(headers.get(b"host", b"").decode("latin-1"))
        if self.hosts is not None and host not in self.hosts:
            await _error(403, f"this workbench answers to {', '.join(sorted(self.hosts))}, not to the host {host!r}")(scope, receive, send)
            return
        origin = headers.get(b"origin")
        if scope.get("method", "GET") not in ("GET", "HEAD") and origin is not None and not self._same_origin(origin.decode("latin-1"), headers):
            await _error(403, "a request from another site is refused")(scope, receive, send)
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _error(413, f"request body larger than {MAX_BODY} bytes")(scope, receive, send)
            return
        received = 0

        async def limited() -> dict:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _error(413, f"request body larger than {MAX_BODY} bytes")(scope, receive, send)


    def _same_origin(self, origin: str, headers: dict) -> bool:
        """The Origin a browser sends is the workbench's own address (scheme, host and port)."""
        from urllib.parse import urlsplit

        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() == headers.get(b"host", b"").decode("latin-1").lower()


class _TooLarge(Exception):
    pass


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(workbench: Workbench, token: str, hosts: tuple[str, ...] | None = LOOPBACK_HOSTS) -> ASGIApp:
    """The ASGI app; `token` is the secret first path segment of every URL, `hosts` the host names
    it answers to (None: any, for a server on all interfaces)."""
    base = f"/{token}"

    def page(request: Request) -> Response:
        if workbench.batch:
            rows = [article_overview(workbench.run(name)) for name in workbench.folders]
            html = render_template("batch.html", rows=rows, base=base, path=str(workbench.path), static=f"{base}/static")
            return _html(html)
        return article_page(request, next(iter(workbench.folders)))

    def article(request: Request) -> Response:
        return article_page(request, request.path_params["name"])

    def article_page(request: Request, name: str) -> Response:
        try:
            return _html(workbench.article_html(name))
        except KeyError:
            return _error(404, f"no article {name!r} under {workbench.path}")

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return _error(404, f"no static file {name!r}")
        return FileResponse(static_dir() / name, media_type=_STATIC[name], headers={"Cache-Control": "no-cache"})

    async def api(request: Request) -> Response:
        name, verb = request.path_params["name"], request.path_params["verb"]
        try:
            run = workbench.run(name)
        except KeyError:
            return _error(404, f"no article {name!r} under {workbench.path}")
        if request.method == "GET" and verb == "rows":
            return JSONResponse(workbench.rows_since(name, request.query_params.get("since", "")))
        if request.method == "GET" and verb == "state":
            with run.lock:
                return JSONResponse({"revision": run.revision, "status": dict(run.state.status), "progress": run.progress()})
        if request.method != "POST":
            return _error(405, "use POST")
        try:
            body = json.loads(await request.body() or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _error(400, "the request body is not JSON")
        if not isinstance(body, dict):
            return _error(400, "the request body must be a JSON object")
        try:
            answer = _act(workbench, run, verb, body)
            if verb != "export":
                workbench.prepare(name, PREPARE_AFTER)  # the new page is ready when asked for
            return JSONResponse(answer)
        except StaleRevision as exc:
            return _error(409, str(exc))
        except _NotFound as exc:
            return _error(404, str(exc))
        except SrcalignError as exc:
            return _error(400, str(exc))

    async def corpus(request: Request) -> Response:
        from toolkit.review import rebuild_corpus

        if not workbench.batch:
            return _error(404, "a corpus is made for a batch folder; this is one run folder")
        try:
            body = json.loads(await request.body() or b"{}")
            result = rebuild_corpus(
                workbench.path, [workbench.run(n) for n in workbench.folders], workbench.termbase(), workbench.decisions(), bool(body.get("confirmed_only"))
            )
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            return _error(400, "the request body is not a JSON object")
        except SrcalignError as exc:
            return _error(400, str(exc))
        return JSONResponse(result)

    workbench.base = base
    if not workbench.batch:  # the page is ready by the time the browser asks for it
        workbench.prepare(next(iter(workbench.folders)))
    routes = [
        Route(f"{base}/corpus", corpus, methods=["POST"]),
        Route(f"{base}/", page),
        Route(f"{base}/article/{{name}}", article),
        Route(f"{base}/static/{{name}}", static),
        Route(f"{base}/api/{{name}}/{{verb}}", api, methods=["GET", "POST"]),
    ]
    app = Starlette(routes=routes)

    async def with_headers(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", _CSP.encode()), (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return _Guard(with_headers, token, hosts)


class _NotFound(SrcalignError):
    pass


def _html(text: str) -> HTMLResponse:
    return HTMLResponse(text, headers={"Cache-Control": "no-store"})


def _int(body: dict, name: str) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise SrcalignError(f"{name!r} must be an integer")
    return value


def _str(body: dict, name: str, optional: bool = False) -> Any:
    value = body.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise SrcalignError(f"{name!r} must be a string")
    return value


def _act(workbench: Workbench, run: ReviewedRun, verb: str, body: dict) -> dict[str, Any]:
    """One API verb: an edit, undo/redo, a finding applied, or the exports rewritten."""
    if verb == "export":
        files = run.export(ExportSettings(confirmed_only=bool(body.get("confirmed_only"))), workbench.termbase(), workbench.decisions())
        return {"revision": run.revision, "files": {k: str(v.name) for k, v in files.items()}}
    if verb == "dismiss":
        run.dismiss(_int(body, "finding"), _str(body, "finding_id"), _str(body, "reason"), workbench.decisions_file)
        return {"revision": run.revision, "op": "dismiss", "changed": 1, "focus": None}
    revision = _int(body, "revision")
    if verb == "undo":
        change = run.undo(revision)
    elif verb == "redo":
        change = run.redo(revision)
    elif verb == "apply":
        change = run.apply_finding(revision, _int(body, "finding"), _str(body, "scope"), _str(body, "replacement"), _str(body, "expected"))
    elif verb == "edit":
        change = run.perform(revision, _operation(body))
    elif verb == "prefer":
        from toolkit.review import record_preferred_rendering

        number, rendering = _int(body, "finding"), _str(body, "rendering")
        with run.lock:
            finding = run._finding(number, _str(body, "finding_id"))
        if not finding.term:
            raise SrcalignError(f"finding #{number} is not about a term with renderings")
        record_preferred_rendering(workbench.project_termbase, finding.term, rendering, workbench.termbase(), finding.renderings)
        replacement = _str(body, "replacement", True)
        if replacement:
            change = run.apply_finding(revision, number, "all", replacement, finding.target_text)
        else:
            change = edit.Change("prefer", {})
        run.recheck(workbench.termbase(), workbench.decisions())
    else:
        raise _NotFound(f"unknown action {verb!r}")
    if change.texts:
        run.recheck(workbench.termbase(), workbench.decisions())
    workbench.schedule_export(run.folder.name)
    added = [b for splice in change.splices for b in splice.added]
    focus = edit.bead_key(added[-1] if "shift" in change.op and len(added) > 1 and body.get("edge") == "last" else added[0]) if added else None
    return {
        "revision": run.revision,
        "op": change.op,
        "changed": len(change.splices) + len(change.texts) + len(change.status),
        "focus": focus,
        "progress": run.progress(),
    }


def _operation(body: dict) -> Callable[[edit.EditState], edit.Change]:
    """The edit operation a request names, with its arguments checked for type."""
    op = _str(body, "op")
    if op == "merge":
        bead = _str(body, "bead")
        return lambda s: edit.merge_next(s, bead)
    if op == "split":
        bead, source_at, target_at = _str(body, "bead"), _int(body, "source_at"), _int(body, "target_at")
        return lambda s: edit.split(s, bead, source_at, target_at)
    if op == "shift":
        bead, side, edge = _str(body, "bead"), _str(body, "side"), _str(body, "edge")
        return lambda s: edit.shift(s, bead, side, edge)
    if op == "detach":
        bead, segment = _str(body, "bead"), _str(body, "segment")
        return lambda s: edit.detach(s, bead, segment)
    if op in ("confirm", "unconfirm"):
        beads = body.get("beads")
        if not isinstance(beads, list) or not beads or not all(isinstance(b, str) for b in beads) or len(beads) > 10000:
            raise SrcalignError("'beads' must be a list of bead names")
        return lambda s: edit.confirm(s, beads, confirmed=op == "confirm")
    if op == "text":
        segment, text = _str(body, "segment"), _str(body, "text")
        return lambda s: edit.edit_text(s, segment, text)
    if op == "realign":
        level, start, end = _str(body, "level"), _str(body, "start", True), _str(body, "end", True)
        return lambda s: edit.realign(s, level, start, end)
    raise SrcalignError(f"unknown operation {op!r}")
