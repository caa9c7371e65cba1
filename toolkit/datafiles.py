"""Language and site knowledge shipped as data files under toolkit/data/ (not in code branches)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_data_lines(folder: str, name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of toolkit/data/<folder>/<name>, as stored (NFC)."""
    text = resources.files("toolkit").joinpath("data", folder, name).read_text(encoding="utf-8")
    return tuple(line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
