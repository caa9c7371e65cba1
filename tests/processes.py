"""Child processes in tests: waiting for one to block on its standard input instead of guessing
with a sleep (a loaded machine can take longer than any fixed sleep to start Python and import
the CLI), and `srcalign review` started until it prints its address."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path


def wait_until_reading_stdin(process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Return once PROCESS sleeps in a read (Linux /proc); elsewhere after a fixed 3 s."""
    proc = Path(f"/proc/{process.pid}")
    if not (proc / "wchan").exists():
        time.sleep(3)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited early with {process.returncode}")
        try:
            wchan = (proc / "wchan").read_text()
            syscall = (proc / "syscall").read_text()
        except OSError:
            wchan = syscall = ""
        if "pipe_read" in wchan or syscall.startswith("0 "):  # 0: read(2) on x86-64
            time.sleep(0.2)  # and stays there: not a read of its own files while starting
            if "pipe_read" in (proc / "wchan").read_text():
                return
        time.sleep(0.1)
    raise AssertionError("never blocked on standard input")


def start_review(started: list[subprocess.Popen], *args: str, cwd: Path | None = None) -> tuple[subprocess.Popen, list[str]]:
    """`srcalign review ARGS` in a subprocess (added to STARTED, for the caller to kill): the process
    and the lines it printed up to its address (60 s at most, never blocking)."""
    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "review", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    started.append(process)
    printed: queue.Queue[str] = queue.Queue()

    def read_to_address() -> None:  # the rest of stdout is left to communicate()
        for raw in iter(process.stdout.readline, b""):
            printed.put(raw.decode())
            if raw.startswith(b"open http"):
                return

    threading.Thread(target=read_to_address, daemon=True).start()
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            line = printed.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None and printed.empty():
                break
            continue
        lines.append(line.rstrip("\n"))
        if line.startswith("open http"):
            return process, lines
    process.kill()
    raise AssertionError(f"no address printed: {lines} {process.stderr.read().decode()}")
