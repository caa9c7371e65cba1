"""The `srcalign` console entry point. Importing the command line takes a few tenths of a second;
a Ctrl-C in that time is the same one line and exit code 130 as a Ctrl-C later, not a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from toolkit.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("srcalign: interrupted\n")
        raise SystemExit(130) from None
    cli_main()
