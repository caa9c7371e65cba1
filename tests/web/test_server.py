"""`srcalign review` as a user starts it: the address with its token, loopback, Ctrl-C, bad folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from toolkit.web.server import is_loopback


def start(*args: str, cwd: Path | None = None) -> tuple[subprocess.Popen, list[str]]:
    """`srcalign review ARGS` in a subprocess; returns it with the lines printed up to the address."""
    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "review", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline().decode()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("open http"):
            return process, lines
    process.kill()
    raise AssertionError(f"no address printed: {lines} {process.stderr.read().decode()}")


def get(url: str) -> tuple[int, bytes]:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except urllib.error.URLError:
            time.sleep(0.1)  # not listening yet
    raise AssertionError(f"{url} does not answer")


def test_review_prints_a_tokened_address_and_stops_cleanly_on_ctrl_c(run_folder):
    process, lines = start(str(run_folder), "--no-browser", "--port", "0")
    try:
        url = lines[-1].split()[1]
        assert url.startswith("http://127.0.0.1:") and len(url.rstrip("/").rsplit("/", 1)[1]) >= 20
        status, page = get(url)
        assert status == 200 and b"data-revision=\"0\"" in page
        bare = url.rstrip("/").rsplit("/", 1)[0] + "/"
        assert get(bare)[0] == 403
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err.decode()
    assert out.decode().splitlines()[-1] == "stopped" and b"Traceback" not in err


def test_each_start_has_a_new_token(run_folder):
    urls = []
    for _ in range(2):
        process, lines = start(str(run_folder), "--no-browser", "--port", "0")
        urls.append(lines[-1].split()[1].rstrip("/").rsplit("/", 1)[1])
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    assert urls[0] != urls[1]


def test_listening_beyond_loopback_is_warned_about(run_folder):
    process, _lines = start(str(run_folder), "--no-browser", "--port", "0", "--host", "0.0.0.0")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert "srcalign: warning: listening on 0.0.0.0" in err.decode()
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")


@pytest.mark.parametrize("make", ["missing", "empty", "file"])
def test_a_folder_that_is_not_a_run_or_batch_is_one_line(tmp_path, make):
    from tests.test_cli import run_cli

    target = tmp_path / "x"
    if make == "empty":
        target.mkdir()
    elif make == "file":
        target.write_text("x", encoding="utf-8")
    result = run_cli("review", str(target), "--no-browser")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("srcalign: error: ") and len(result.stderr.decode().splitlines()) == 1


def test_a_port_in_use_is_one_line(run_folder):
    import socket

    from tests.test_cli import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("review", str(run_folder), "--no-browser", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2 and "try another --port" in result.stderr.decode()
