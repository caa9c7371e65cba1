"""`srcalign review`: start the workbench on this machine, print its address, stop cleanly on Ctrl-C."""

from __future__ import annotations

import ipaddress
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from toolkit.errors import SrcalignError
from toolkit.web.app import LOOPBACK_HOSTS, Workbench, create_app, new_token


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    open_browser: bool = True,
    termbase_paths: tuple[Path, ...] = (),
    sources_dir: Path = Path("sources"),
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> None:
    """Serve PATH (a run or batch folder) until Ctrl-C; pending exports are written before it returns."""
    import uvicorn

    workbench = Workbench.open(path, termbase_paths, sources_dir)
    if port == 0:
        port = _free_port(host)
    workbench.auto_export = True
    token = new_token()
    if not is_loopback(host):
        warn(f"listening on {host}: anyone who can reach this machine and learns the address can edit {workbench.path}")
    # the Host a browser sends must name this server: loopback names, or the address given with --host
    hosts = None if host in ("0.0.0.0", "::", "") else (*LOOPBACK_HOSTS, host)
    config = uvicorn.Config(create_app(workbench, token, hosts), host=host, port=port, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/{token}/"
    say(f"reviewing {workbench.path} ({len(workbench.folders)} article{'s' if len(workbench.folders) != 1 else ''})")
    say(f"open {url}  (Ctrl-C stops)")
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then passes the signal on
        pass
    finally:
        if server.started:
            say("stopping: writing the exports of what changed")
        workbench.flush_exports()
    if not server.started:
        raise SrcalignError(f"cannot serve on {host}:{port} (is the port in use? try --port)")
    say("stopped")


def _open_when_started(server, url: str) -> None:
    """Open the browser once the server listens (not before: the first request would fail)."""
    for _ in range(600):
        if server.started:
            webbrowser.open(url)
            return
        if server.should_exit:
            return
        time.sleep(0.05)


def _check_port(host: str, port: int) -> None:
    """A port in use or an address not of this machine is one line for the user, before uvicorn starts."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except (OSError, UnicodeError) as exc:
        raise SrcalignError(f"cannot serve on {host}:{port} ({getattr(exc, 'strerror', None) or exc}); try another --port") from None


def _free_port(host: str) -> int:
    """A port the system says is free (for --port 0)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
