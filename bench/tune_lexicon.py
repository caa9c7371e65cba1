"""Learn the weights of the document-internal lexicon (toolkit/align/lexicon.py) on long
development documents: the NTREX vi→de long case and the English-German NTREX dev cases of
bench/latin_dev.py joined into one long document. Grid search on mean strict F1; --write puts
the best weights into the vi-de model. Text+Berg is not used."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_data import Case, ntrex_cases  # noqa: E402
from latin_dev import latin_cases  # noqa: E402

from toolkit.align import align_features  # noqa: E402
from toolkit.align.evaluate import score_alignments  # noqa: E402
from toolkit.align.features import segment_features  # noqa: E402
from toolkit.align.model import AlignModel, load_model  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "toolkit/data/align/model.vi-de.json"


def joined(cases: list[Case]) -> Case:
    src: list[str] = []
    tgt: list[str] = []
    gold = []
    for c in cases:
        gold += [(tuple(i + len(src) for i in s), tuple(j + len(tgt) for j in t)) for s, t in c.gold]
        src += c.source
        tgt += c.target
    return Case("joined", src, tgt, gold, cases[0].src_lang, cases[0].tgt_lang)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    docs = [ntrex_cases("long")[0], joined(latin_cases())]
    prepared = [(segment_features(c.source, c.src_lang), segment_features(c.target, c.tgt_lang), c.gold) for c in docs]
    base = load_model()
    best = (-1.0, None)
    for count, dice, w, miss in itertools.product((2, 3), (0.5, 0.6, 0.7), (0.25, 0.5, 1.0, 1.5), (0.0, 0.1, 0.2)):
        model = AlignModel.from_dict({**base.with_weights(lex_match=w, lex_miss=miss).to_dict(), "lexicon_min_pairs": count, "lexicon_min_dice": dice})
        scores = [
            score_alignments([g], [[(b.source, b.target) for b in align_features(s, t, model).beads]]).strict_f1
            for s, t, g in prepared
        ]
        mean = sum(scores) / len(scores)
        print(f"count {count} dice {dice} lex_match {w} lex_miss {miss}: " + " ".join(f"{x:.4f}" for x in scores) + f" mean {mean:.4f}", flush=True)
        if mean > best[0]:
            best = (mean, (count, dice, w, miss))
    base_scores = [
        score_alignments([g], [[(b.source, b.target) for b in align_features(s, t, base.with_weights(lex_match=0, lex_miss=0)).beads]]).strict_f1
        for s, t, g in prepared
    ]
    print("without lexicon: " + " ".join(f"{x:.4f}" for x in base_scores))
    print(f"best: {best}")
    if args.write and best[1]:
        count, dice, w, miss = best[1]
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        data["weights"]["lex_match"] = w
        data["weights"]["lex_miss"] = miss
        data["lexicon_min_pairs"] = count
        data["lexicon_min_dice"] = dice
        MODEL.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
