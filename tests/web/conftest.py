"""A real workbench server on 127.0.0.1 (uvicorn in a thread) and Debian's chromium driven by
selenium through Debian's chromedriver: nothing is downloaded, no other site is reached."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

needs_browser = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Debian chromium and chromium-driver are needed (`apt-get install chromium chromium-driver`; .ci/run installs them)",
)


@dataclass
class LiveWorkbench:
    url: str
    folder: Path
    sources: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app, port: int):
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the workbench did not start")
        time.sleep(0.05)
    return server, thread


@pytest.fixture()
def live(run_folder: Path, tmp_path: Path) -> Iterator[LiveWorkbench]:
    from toolkit.web.app import Workbench, create_app

    sources = tmp_path / "sources"
    workbench = Workbench.open(run_folder, sources_dir=sources)
    port = free_port()
    server, thread = start_server(create_app(workbench, "tok"), port)
    yield LiveWorkbench(f"http://127.0.0.1:{port}/tok/", run_folder, sources)
    server.should_exit = True
    thread.join(10)


def make_driver(profile: Path, width: int = 1366, height: int = 900):
    """Headless Debian chromium through Debian's chromedriver; Selenium Manager is never asked for a driver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # belt and braces: Selenium Manager must not go online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    if width < 500:  # headless chromium's windows are at least 500 px wide: a phone is emulated
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver


@pytest.fixture()
def browser(tmp_path: Path):
    driver = make_driver(tmp_path / "profile")
    yield driver
    driver.quit()
