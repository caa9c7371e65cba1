"""Fixtures for the fetch tests: the local test site, started once per session in a thread."""

from __future__ import annotations

import threading
from typing import Iterator

import pytest

from tests.fetch.support import QuietServer, Site, make_handler, site_routes


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    site = Site(base="", routes=site_routes())
    server = QuietServer(("127.0.0.1", 0), make_handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()

