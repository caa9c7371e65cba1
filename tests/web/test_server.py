"""`srcalign review` as a user starts it: the address with its token, loopback, Ctrl-C, bad folders."""

from __future__ import annotations

import os
import signal
import time
import urllib.error
import urllib.request

import pytest

from toolkit.web.server import is_loopback


def get(url: str) -> tuple[int, bytes]:
    for _ in range(3):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except urllib.error.URLError:
            time.sleep(0.1)  # not listening yet
    raise AssertionError(f"{url} does not answer")


def test_review_prints_a_tokened_address_and_stops_cleanly_on_ctrl_c(run_folder, review):
    process, lines = review(str(run_folder), "--no-browser", "--port", "0")
    url = lines[-1].split()[1]
    assert url.startswith("http://127.0.0.1:") and len(url.rstrip("/").rsplit("/", 1)[1]) >= 20
    status, page = get(url)  # the address is printed once the server listens: it answers at once
    assert status == 200 and b"data-revision=\"0\"" in page
    bare = url.rstrip("/").rsplit("/", 1)[0] + "/"
    assert get(bare)[0] == 403
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err.decode()
    assert out.decode().splitlines()[-1] == "stopped" and b"Traceback" not in err


def test_each_start_has_a_new_token(run_folder, review):
    urls = []
    for _ in range(2):
        process, lines = review(str(run_folder), "--no-browser", "--port", "0")
        urls.append(lines[-1].split()[1].rstrip("/").rsplit("/", 1)[1])
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    assert urls[0] != urls[1]


def test_listening_beyond_loopback_is_warned_about(run_folder, review):
    process, _lines = review(str(run_folder), "--no-browser", "--port", "0", "--host", "0.0.0.0")
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


def test_ctrl_c_while_the_server_starts_stops_it_instead_of_being_lost():
    """A Ctrl-C landing before uvicorn takes the signal over used to reach asyncio's task
    cancellation, which uvicorn's start-up could swallow: the server then ran on and no longer
    stopped. While `review` serves, Ctrl-C only asks the server to stop."""
    from types import SimpleNamespace

    from toolkit.web.server import _stop_on_ctrl_c

    server = SimpleNamespace(should_exit=False)
    previous = _stop_on_ctrl_c(server)
    try:
        os.kill(os.getpid(), signal.SIGINT)  # no KeyboardInterrupt: the flag is set instead
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert server.should_exit is True
    assert signal.getsignal(signal.SIGINT) is previous
