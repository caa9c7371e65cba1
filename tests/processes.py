"""Waiting for a child process to block on its standard input, instead of guessing with a sleep
(a loaded machine can take longer than any fixed sleep to start Python and import the CLI)."""

from __future__ import annotations

import subprocess
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
