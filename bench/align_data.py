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


#: A checkout of https://github.com/rsennrich/Bleualign (GPL-2; not in ../shared, not copied
#: here): its eval/ folder holds Text+Berg's German-French *development* set, the 1957 yearbook
#: (eval1957.de/.fr, gold in golddev.py), besides the 1989 test set that ../shared/data/textberg holds.
BLEUALIGN_ENV = "BLEUALIGN_DIR"


def bleualign_dev_cases(parts: int = 2) -> list[Case]:
    """The Text+Berg development set (Bleualign's eval1957, German → French), cut at bead
    boundaries into `parts` documents so that cross-validation has halves. Tuning on it is
    tuning on development data: the published figures (Bleualign, Vecalign, Bertalign) are on
    the 1989 test set. Needs $BLEUALIGN_DIR (git clone https://github.com/rsennrich/Bleualign)."""
    import ast
    import os

    folder = os.environ.get(BLEUALIGN_ENV)
    if not folder:
        raise SystemExit(f"the bleualign-dev set needs {BLEUALIGN_ENV}=<a checkout of https://github.com/rsennrich/Bleualign>")
    base = Path(folder) / "eval"
    de, fr = _lines(base / "eval1957.de"), _lines(base / "eval1957.fr")
    gold = [(tuple(s), tuple(t)) for s, t in ast.literal_eval((base / "golddev.py").read_text(encoding="utf-8").split("=", 1)[1].strip())]
    gold = _with_gold_fixes(gold)
    if sorted(i for s, _ in gold for i in s) != list(range(len(de))) or sorted(j for _, t in gold for j in t) != list(range(len(fr))):
        raise SystemExit(f"{base}: the gold does not cover every line once (another version of eval1957?)")
    cases = []
    start = 0
    for k in range(parts):
        end = len(gold) if k == parts - 1 else _cut(gold, (k + 1) * len(gold) // parts)
        beads = gold[start:end]
        s0 = min(i for s, _ in beads for i in s)
        t0 = min(j for _, t in beads for j in t)
        s1 = max(i for s, _ in beads for i in s) + 1
        t1 = max(j for _, t in beads for j in t) + 1
        shifted = [(tuple(i - s0 for i in s), tuple(j - t0 for j in t)) for s, t in beads]
        cases.append(Case(f"bleualign-dev-{k}", de[s0:s1], fr[t0:t1], shifted, "de", "fr"))
        start = end
    return cases


#: French lines golddev.py leaves out of every bead, and the bead (by its German lines) whose
#: translation they are part of: line 94 ("1952 , Augustin Lombard en géologie …") opens the
#: list German line 61 holds ("1952 Augustin Lombard geologisch …"); line 371 ("Ils étaient
#: toutefois très abattus .") is German line 321 ("Allerdings waren sie dann stark abgekämpft .").
#: As one-sided beads they would reward leaving a translation unpaired.
_GOLD_FIXES = {94: (61,), 371: (319, 320, 321)}


def _with_gold_fixes(gold: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The gold with the French lines it leaves out put into the beads they belong to."""
    covered = {j for _, t in gold for j in t}
    out = []
    for s, t in gold:
        extra = [j for j, owner in _GOLD_FIXES.items() if owner == s and j not in covered]
        out.append((s, tuple(sorted((*t, *extra)))))
    return out


def _cut(gold: list[tuple[tuple[int, ...], tuple[int, ...]]], near: int) -> int:
    """The first bead index at or after `near` before which every bead lies wholly before every
    bead after (a place the ladder can be cut in two)."""
    for k in range(near, len(gold)):
        before_s = max((i for s, _ in gold[:k] for i in s), default=-1)
        before_t = max((j for _, t in gold[:k] for j in t), default=-1)
        after_s = min((i for s, _ in gold[k:] for i in s), default=1 << 30)
        after_t = min((j for _, t in gold[k:] for j in t), default=1 << 30)
        if before_s < after_s and before_t < after_t:
            return k
    return len(gold)
