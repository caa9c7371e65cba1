"""JSON that people can read and that is quick to write: one block, bead or finding a line.

json.dumps(indent=…) falls back to the pure-Python encoder, which cost a batch some 13% of
its time; here only the outer levels are laid out by hand and every record is written by the
C encoder on a line of its own (grep- and diff-friendly as well).
"""

from __future__ import annotations

import json
from typing import Any


# Characters that str.splitlines() and many editors take as line ends although JSON does not
# escape them: a JSON Lines record must never contain one raw.
_LINE_BREAKS_JSON_KEEPS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_line(value: Any) -> str:
    """One JSON Lines record (no newline): readable UTF-8, with every Unicode line break escaped."""
    line = json.dumps(value, ensure_ascii=False)
    # str.translate with a dict goes character by character in Python: half the JSONL export's
    # time on Vietnamese text. The three `in` tests run in C and almost never find anything.
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        return line.translate(_LINE_BREAKS_JSON_KEEPS)
    return line


def readable_json(value: Any) -> str:
    """Top-level and second-level objects key by key; lists of records one record a line."""
    return _dump(value, 0)


def _dump(value: Any, depth: int) -> str:
    pad = " " * depth
    if isinstance(value, dict) and value and depth <= 1:
        items = [f"{pad} {json.dumps(k, ensure_ascii=False)}: {_dump(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and depth <= 2 and all(isinstance(x, dict) for x in value):
        lines = [f"{pad} {json.dumps(x, ensure_ascii=False)}" for x in value]
        return "[\n" + ",\n".join(lines) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)
