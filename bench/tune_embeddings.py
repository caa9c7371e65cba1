"""Choose the embedding weights (`embed`, and `embed_skip`: how much cheaper a one-sided bead is
when meaning is there to go by) on development data with the bundled model (srcalign[embed]).

    python bench/tune_embeddings.py            # vi-de: ntrex-dev sent, para, generated sent
    python bench/tune_embeddings.py --pair default   # en-de cases of bench/latin_dev.py

Prints strict F1 and the omitted content sentences left one-sided for each setting. The first
run embeds ~5,000 sentences (minutes on a busy CPU); vectors are cached per text under
$SRCALIGN_CACHE (default ~/.cache/srcalign). Text+Berg is never used here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_data import ntrex_cases  # noqa: E402

from toolkit.align import align_features, with_vectors  # noqa: E402
from toolkit.align.embeddings import make_embedder  # noqa: E402
from toolkit.align.evaluate import score_alignments  # noqa: E402
from toolkit.align.features import segment_features  # noqa: E402
from toolkit.align.model import load_model  # noqa: E402
from toolkit.segment.blocks import furniture_kind  # noqa: E402

GRID = [(w, k) for w in (2.0, 3.0, 4.0, 6.0) for k in (0.0, -1.0, -1.5, -2.0)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pair", choices=("vi-de", "default"), default="vi-de")
    args = parser.parse_args()
    embedder = make_embedder("bundled")

    def prepared(cases, src_lang: str, tgt_lang: str):
        return [(with_vectors(segment_features(c.source, src_lang), c.source, embedder),
                 with_vectors(segment_features(c.target, tgt_lang), c.target, embedder), c) for c in cases]

    if args.pair == "default":
        from latin_dev import latin_cases

        sets = {"en-de": prepared(latin_cases(), "en", "de")}
    else:
        from article_dev import sentence_cases

        sets = {v: prepared(ntrex_cases(v), "vi", "de") for v in ("sent", "para")}
        sets["gen-sent"] = prepared(sentence_cases(), "vi", "de")
    base = load_model(args.pair)
    for embed, skip in [(0.0, 0.0), *GRID]:
        model = base.with_weights(embed=embed, embed_skip=skip)
        print(f"embed {embed} embed_skip {skip}: " + "; ".join(f"{name} {figures(model, p)}" for name, p in sets.items()), flush=True)


def figures(model, prepared) -> str:
    tests = [[(b.source, b.target) for b in align_features(s, t, model).beads] for s, t, _ in prepared]
    f1 = score_alignments([c.gold for *_, c in prepared], tests).strict_f1
    total = found = 0
    for (_, _, case), test in zip(prepared, tests):
        got = set(test)
        for s, t in case.gold:
            if (s and t) or furniture_kind(case.source[s[0]] if s else case.target[t[0]]) is not None:
                continue
            total += 1
            found += (s, t) in got
    return f"F1 {f1:.4f}, omissions one-sided {found}/{total}"


if __name__ == "__main__":
    main()
