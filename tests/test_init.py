"""Importing the package: numpy's BLAS kept to one thread unless the user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = "import os, toolkit, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"


def _threads(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def test_one_blas_thread_by_default_and_the_users_number_kept():
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert _threads(env) == "1"
    assert _threads({**env, "OPENBLAS_NUM_THREADS": "2"}) == "2"
