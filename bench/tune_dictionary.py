"""Choose the user-dictionary feature (its weight `dict_match` and the stem length) on
development data of another Latin-script pair: NTREX dev documents 0-59 in English and German
(perturbed by bench/latin_dev.py) with the FreeDict English-German dictionaries, so that
Text+Berg (German-French) stays a test set.

    apt-get install dict-freedict-eng-deu dict-freedict-deu-eng
    python bench/tune_dictionary.py

Prints strict F1 for each setting and the best (ties: shorter stem, then smaller weight); the chosen values go into toolkit/data/align/model.vi-de.json
(`dict_match`) and toolkit/align/dictionary.py (DEFAULT_STEM) by hand.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from latin_dev import latin_cases, latin_long_case  # noqa: E402

from toolkit.align import align_features  # noqa: E402
from toolkit.align.dictionary import load_dictionaries  # noqa: E402
from toolkit.align.evaluate import score_alignments  # noqa: E402
from toolkit.align.features import segment_features  # noqa: E402
from toolkit.align.model import load_model  # noqa: E402

DICTD = Path("/usr/share/dictd")
FILES = [DICTD / "freedict-eng-deu.index", DICTD / "freedict-deu-eng.index"]
STEMS = (4, 5, 6, 7, 99)
WEIGHTS = (1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 32.0, 48.0, 64.0, 96.0)


def main() -> None:
    missing = [str(p) for p in FILES if not p.is_file()]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: apt-get install dict-freedict-eng-deu dict-freedict-deu-eng")
    sets = [latin_cases(), [latin_long_case()]]
    prepared = [
        [(segment_features(c.source, "en", with_ngrams=False), segment_features(c.target, "de", with_ngrams=False), c.gold) for c in cases]
        for cases in sets
    ]
    base = load_model("en-de")

    def f1(model, dictionary) -> float:
        """Mean strict F1 of the per-document set and the long document."""
        scores = []
        for cases in prepared:
            tests = [[(b.source, b.target) for b in align_features(s, t, model, dictionary=dictionary).beads] for s, t, _ in cases]
            scores.append(score_alignments([g for _, _, g in cases], tests).strict_f1)
        return sum(scores) / len(scores)

    print(f"{len(sets[0])} en-de dev documents + the same as one long document; no dictionary: strict F1 {f1(base, None):.4f}")
    best = (0.0, 0, 0.0)  # (score, -stem, -weight): on a tie, the shorter stem, then the smaller weight
    for stem in STEMS:
        start = time.perf_counter()
        dictionary = load_dictionaries(FILES, "en", "de", stem=stem)
        loaded = time.perf_counter() - start
        row = []
        for weight in WEIGHTS:
            score = f1(base.with_weights(dict_match=weight), dictionary)
            row.append(f"{weight}: {score:.4f}")
            best = max(best, (round(score, 4), -stem, -weight))
        print(f"stem {stem:2d} ({len(dictionary)} pairs, loaded in {loaded:.1f} s): " + "  ".join(row))
    print(f"best: strict F1 {best[0]:.4f} with stem {-best[1]}, dict_match {-best[2]}")


if __name__ == "__main__":
    main()
