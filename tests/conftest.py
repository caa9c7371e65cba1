"""Shared fixtures: the bundled example pair (installed as package data)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Iterator

import pytest

from tests.fetch.support import QuietServer, Site, make_handler, site_routes

from toolkit.sources import example_dir

DATA = Path(__file__).parent / "data"

# The tests that press Ctrl-C on a child srcalign need the child to hear it. A shell starts
# background jobs (`pytest &` in a script) with SIGINT ignored, and an ignored signal stays
# ignored across exec, so every child would read on after the "Ctrl-C" and fail for a reason of
# the shell's. A handled signal is reset to its default at exec: handle it here, as Python does.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def seed_article() -> Path:
    return example_dir() / "article.de.txt"


@pytest.fixture(scope="session")
def seed_source() -> Path:
    return example_dir() / "source.txt"


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """The local test site of realistic Vietnamese news pages, on 127.0.0.1, in a thread."""
    site = Site(base="", routes=site_routes())
    server = QuietServer(("127.0.0.1", 0), make_handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`srcalign run --example` once per session; tests that change it copy it (see `run_folder`)."""
    from toolkit.pipeline import RunOptions, run_example

    base = tmp_path_factory.mktemp("example-run")
    return run_example(RunOptions(alignments_dir=base / "alignments", sources_dir=base / "sources")).out_dir


@pytest.fixture()
def run_folder(example_run: Path, tmp_path: Path) -> Path:
    """A private copy of the example's run folder (alignment, findings, exports), to edit."""
    import shutil

    return Path(shutil.copytree(example_run, tmp_path / "alignments" / example_run.name))


@pytest.fixture()
def review() -> Iterator:
    """Starts `srcalign review ARGS` (tests.processes.start_review); whatever a test leaves running is killed."""
    import subprocess

    from tests.processes import start_review

    started: list[subprocess.Popen] = []
    yield lambda *args, cwd=None: start_review(started, *args, cwd=cwd)
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
