"""`srcalign review`: start the workbench on this machine, print its address, stop cleanly on Ctrl-C."""

from __future__ import annotations

import ipaddress
import webbrowser
from collections.abc import Callable
from pathlib import Path

from toolkit.errors import SrcalignError
from toolkit.web.app import Workbench, create_app, new_token


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
    workbench.auto_export = True
    token = new_token()
    if not is_loopback(host):
        warn(f"listening on {host}: anyone who can reach this machine and learns the address can edit {workbench.path}")
    config = uvicorn.Config(create_app(workbench, token), host=host, port=port, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    try:
        config.load()
        server.config.setup_event_loop()
    except OSError as exc:
        raise SrcalignError(f"cannot serve on {host}:{port} ({exc.strerror or exc})") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/{token}/"
    say(f"reviewing {workbench.path} ({len(workbench.folders)} article{'s' if len(workbench.folders) != 1 else ''})")
    say(f"open {url}  (Ctrl-C stops)")
    if open_browser:
        webbrowser.open(url)
    try:
        server.run()
    finally:
        workbench.flush_exports()
    if not server.started:
        raise SrcalignError(f"cannot serve on {host}:{port} (is the port in use? try --port)")
