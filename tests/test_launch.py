"""The console entry point: Ctrl-C while the command line is still being imported."""

from __future__ import annotations

import signal
import subprocess
import time

from tests.test_cli import INSTALLED


def test_ctrl_c_while_starting_is_one_line_and_130_not_a_traceback():
    seen = []
    for delay in (0.15, 0.25, 0.4):  # importing typer, rich and the toolkit takes ~0.2-0.4 s
        process = subprocess.Popen([str(INSTALLED), "segment", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
        seen.append((delay, process.returncode, err.decode()))
    for delay, code, err in seen:
        assert "Traceback" not in err, (delay, err)
        assert (code, err) == (130, "srcalign: interrupted\n"), (delay, code, err)
