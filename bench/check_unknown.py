"""How often the checks fire on human translations: NTREX-128 news, Vietnamese and German.

    python bench/check_unknown.py [--lines N]

Both sides of NTREX are professional translations of the same English sentences, so a term
finding there is at best a legitimate difference of wording: the counts per code (per 1,000
sentence pairs) are an upper bound of the false alarms the term checks, above all
`term_unknown_rendering` (German words outside the termbase taken for a term's rendering), raise
on text that is not machine translated. The findings of that code are printed for reading.
Reads ../shared/data/ntrex; writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.alignment import Alignment, Bead  # noqa: E402
from toolkit.check import check_alignment  # noqa: E402
from toolkit.segment import segment_text  # noqa: E402
from toolkit.termbase import load_termbase  # noqa: E402

NTREX = ROOT.parent / "shared" / "data" / "ntrex"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=0, help="sentence pairs to check (default: all)")
    args = parser.parse_args()
    vi = (NTREX / "newstest2019-ref.vie.txt").read_text(encoding="utf-8").splitlines()[: args.lines or None]
    de = (NTREX / "newstest2019-ref.deu.txt").read_text(encoding="utf-8").splitlines()[: args.lines or None]
    termbase = load_termbase()
    codes: Counter[str] = Counter()
    shown = []
    for start in range(0, len(vi), 100):  # documents of 100 pairs, one block bead a line
        source = segment_text("\n".join(vi[start : start + 100]) + "\n", "vi")
        target = segment_text("\n".join(de[start : start + 100]) + "\n", "de")
        beads = tuple(Bead("block", (s.id,), (t.id,), 0.9) for s, t in zip(source.blocks, target.blocks))
        for finding in check_alignment(Alignment(source, target, beads), termbase):
            for code in finding.codes:
                codes[code] += 1
            if "term_unknown_rendering" in finding.codes:
                shown.append(finding)
    for finding in shown:
        for o in finding.occurrences:
            if o.status == "unknown":
                print(f"term_unknown_rendering  {finding.term!r} → {o.target_text!r}  | {o.target_context[:120]}")
    pairs = len(vi)
    print(f"sentence pairs: {pairs}")
    for code, count in sorted(codes.items()):
        print(f"{code:32} {count:5}  ({1000 * count / pairs:.1f} per 1,000 pairs)")


if __name__ == "__main__":
    main()
