"""Run the property suite (tests/test_properties.py) with 5,000 examples per property and report the time.

    python bench/properties.py            # profile "long": 5,000 examples each
    python bench/properties.py 20000      # any other number of examples

No example database is kept (database=None in both profiles): nothing is written into the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    env = {**os.environ, "SRCALIGN_HYPOTHESIS_PROFILE": "long", "SRCALIGN_HYPOTHESIS_EXAMPLES": str(examples)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/test_properties.py", "--hypothesis-show-statistics"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    tail = [line for line in done.stdout.splitlines() if regex.search(r"\d+ (?:passed|failed)", line)]
    print(done.stdout[-4000:] if done.returncode else "")
    for line in done.stdout.splitlines():  # per property: "N passing, M failing, and K invalid test cases"
        if line.startswith("tests/test_properties.py::") or "passing" in line:
            print(line.strip())
    print(f"properties: {examples} examples each, exit {done.returncode}, {elapsed / 60:.1f} min wall; {tail[-1] if tail else ''}")


if __name__ == "__main__":
    main()
