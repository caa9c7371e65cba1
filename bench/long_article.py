"""Time and memory of `srcalign align` on one very long article (the seed pair repeated).

    python bench/long_article.py 0.5 5 50      # sizes in MB (of each side)

Each size runs in a subprocess under /usr/bin/time -v (wall time, CPU time, peak RSS); scratch
goes to a temporary folder outside the repository. Prints one line per size. On a shared
machine the CPU time is the figure to compare across sizes (wall time includes waiting).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from toolkit.sources import example_dir


def long_text(path: Path, megabytes: float) -> bytes:
    """The file's lines repeated until the text is `megabytes` long (the Quelle: line only once, at the end)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith(("Quelle:", "[Anzeige", "Kommentar"))]
    tail = [line for line in lines if line not in body]
    chunk = ("\n".join(body) + "\n").encode("utf-8")
    want = int(megabytes * 1024 * 1024)
    return chunk * max(1, want // len(chunk)) + ("\n".join(tail) + "\n").encode("utf-8")


def measure(megabytes: float, scratch: Path) -> str:
    source, target = scratch / f"source-{megabytes}.txt", scratch / f"article-{megabytes}.de.txt"
    source.write_bytes(long_text(example_dir() / "source.txt", megabytes))
    target.write_bytes(long_text(example_dir() / "article.de.txt", megabytes))
    out = scratch / f"alignment-{megabytes}.json"
    command = ["/usr/bin/time", "-v", sys.executable, "-c", "from toolkit.cli import main; main()", "align", str(source), str(target), "-o", str(out)]
    env = {**os.environ, "SRCALIGN_MAX_INPUT_BYTES": str(200 * 1024 * 1024)}  # above the default input cap
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    stats = dict(line.strip().split(": ", 1) for line in done.stderr.splitlines() if ": " in line and line.startswith("\t"))
    wall = stats.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "?")
    cpu = float(stats.get("User time (seconds)", "0")) + float(stats.get("System time (seconds)", "0"))
    rss = int(stats.get("Maximum resident set size (kbytes)", "0")) / 1024
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip().splitlines()[0] if done.stderr.strip() else ''}"
    return f"{megabytes:g} MB a side ({source.stat().st_size / 1e6:.1f}+{target.stat().st_size / 1e6:.1f} MB): wall {wall}, CPU {cpu:.1f} s, max RSS {rss:.0f} MB, {status}"


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [0.5, 5.0]
    with tempfile.TemporaryDirectory(prefix="srcalign-long-") as scratch:
        for size in sizes:
            print(measure(size, Path(scratch)), flush=True)


if __name__ == "__main__":
    main()
