"""`srcalign review`: start the workbench on this machine, print its address, stop cleanly on Ctrl-C."""

from __future__ import annotations

import ipaddress
import signal
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
    # the address is printed once the server listens: a click on it (or a script reading it) never
    # finds nothing there, and Ctrl-C before that is a plain stop, not a failure to serve
    threading.Thread(target=_announce_when_started, args=(server, url, say, open_browser), daemon=True).start()
    interrupted = False
    previous = _stop_on_ctrl_c(server)
    try:
        server.run()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if server.started:
            say("stopping: writing the exports of what changed")
        workbench.flush_exports()
    if not server.started and not (interrupted or server.should_exit):
        raise SrcalignError(f"cannot serve on {host}:{port} (is the port in use? try --port)")
    say("stopped")


def _stop_on_ctrl_c(server):
    """Ctrl-C at any moment asks the server to stop. uvicorn catches it only while it serves; one
    that lands while it is still starting went to asyncio's task cancellation, which uvicorn's
    start-up could swallow, leaving a server that no longer stops. Returns the handler to restore."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(_signum, _frame) -> None:
        server.should_exit = True

    return signal.signal(signal.SIGINT, stop)


def _announce_when_started(server, url: str, say: Callable[[str], None], open_browser: bool) -> None:
    """Print the address (and open the browser) once the server listens, not before."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.02)
    say(f"open {url}  (Ctrl-C stops)")
    if open_browser:
        webbrowser.open(url)


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
