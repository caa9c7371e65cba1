"""Loading the alignment benchmark cases in ../shared (NTREX vi→de, Text+Berg de→fr)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.align.evaluate import Ladder, parse_ladder

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclass(frozen=True)
class Case:
    name: str
    source: list[str]
    target: list[str]
    gold: Ladder
    src_lang: str
    tgt_lang: str


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def ntrex_cases(variant: str) -> list[Case]:
    """variant: 'sent', 'para' or 'long'."""
    base = SHARED / "bench/ntrex-dev" / variant
    return [
        Case(d.name, _lines(d / "src.txt"), _lines(d / "tgt.txt"), parse_ladder((d / "gold.txt").read_text()), "vi", "de")
        for d in sorted(base.iterdir())
        if d.is_dir()
    ]


def textberg_cases() -> list[Case]:
    base = SHARED / "data/textberg"
    return [
        Case(f.name, _lines(base / "de" / f.name), _lines(base / "fr" / f.name), parse_ladder((base / "gold" / f.name).read_text()), "de", "fr")
        for f in sorted((base / "gold").iterdir())
    ]
