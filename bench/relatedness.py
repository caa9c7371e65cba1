"""How related a true source and a wrong one look: the figures behind the refusal of a wrong source.

True pairs: the NTREX development documents 0-59 as portal-style article pairs (bench/batch.py's
seeded perturbations), and the 600 pairs bench/batch.py makes (ten rounds). Mismatched pairs: the Vietnamese of document i against the German of
document i+k (k = 1, 2, 3), 180 pairs. Each pair is segmented and aligned as `srcalign align`
does. Printed for both sets: the aligner's relatedness where it has evidence (enough anchors),
the share of names and numbers the texts have in common (toolkit.pair_check), the thresholds
with their margins, and how many pairs toolkit.pair_check refuses; then the language
detector's verdicts (the same-language check).

    python bench/relatedness.py
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import ntrex_documents, perturbed_pair  # noqa: E402

from toolkit.align import align_documents  # noqa: E402
from toolkit.alignment import Alignment  # noqa: E402
from toolkit.pair_check import (  # noqa: E402
    MIN_RELATEDNESS,
    MIN_SHARED_WORDS,
    MIN_WORDS_TO_JUDGE,
    language_problem,
    relatedness_problem,
    shared_names_and_numbers,
)
from toolkit.segment import segment_text  # noqa: E402
from toolkit.segment.language import detect_language  # noqa: E402

SHIFTS = (1, 2, 3)


def aligned(vietnamese: str, german: str) -> Alignment:
    return align_documents(segment_text(vietnamese, "vi"), segment_text(german, "de"))


def spread(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    low = ordered[max(0, round(0.05 * len(ordered)) - 1)]
    high = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return f"n {len(ordered):3}  min {ordered[0]:.3f}  p5 {low:.3f}  median {statistics.median(ordered):.3f}  p95 {high:.3f}  max {ordered[-1]:.3f}"


def report(name: str, alignments: list[Alignment]) -> None:
    judged = [a.meta["relatedness"] for a in alignments if a.meta["relatedness"] < 1.0 or a.meta["anchors_possible"] >= 4]
    shares = [shared_names_and_numbers(a.source, a.target) for a in alignments]
    print(f"{name}: aligner relatedness (pairs with evidence): {spread(judged)}")
    print(f"{name}: shared names and numbers (>= {MIN_WORDS_TO_JUDGE} words): {spread([s for s, n in shares if n >= MIN_WORDS_TO_JUDGE])}")
    print(f"{name}: mean bead score: {spread([a.meta['mean_score'] for a in alignments])}")
    refused = sum(relatedness_problem(a) is not None for a in alignments)
    print(f"{name}: refused {refused}/{len(alignments)}")


def main() -> None:
    documents = ntrex_documents()
    pairs = []
    for doc, (vi, de) in enumerate(documents):
        url = f"https://baotintuc.example.vn/the-gioi/ntrex-{doc:02d}.html"
        german, vietnamese = perturbed_pair(vi, de, random.Random(f"relatedness-{doc}"), url)
        pairs.append((vietnamese, german))
    true = [aligned(v, g) for v, g in pairs]
    # the 600 pairs of bench/batch.py (ten perturbation rounds a document): a refusal there is a lost article
    rounds = [
        perturbed_pair(*documents[doc], random.Random(f"7-{round_}-{doc}"), f"https://baotintuc.example.vn/the-gioi/ntrex-{doc:02d}-r{round_}.html")
        for round_ in range(10)
        for doc in range(len(documents))
    ]
    batch_pairs = [aligned(v, g) for g, v in rounds]
    wrong = [aligned(pairs[i][0], pairs[(i + k) % len(pairs)][1]) for k in SHIFTS for i in range(len(pairs))]
    report("true pairs", true)
    report("mismatched pairs", wrong)
    report("bench/batch.py pairs", batch_pairs)
    lowest_true = min(a.meta["relatedness"] for a in true)
    highest_wrong = max(a.meta["relatedness"] for a in wrong if a.meta["relatedness"] < 1.0 or a.meta["anchors_possible"] >= 4)
    lowest_share = min(shared_names_and_numbers(a.source, a.target)[0] for a in true)
    print(
        f"thresholds: relatedness < {MIN_RELATEDNESS} (margin {lowest_true - MIN_RELATEDNESS:+.3f} to the lowest true pair, "
        f"{MIN_RELATEDNESS - highest_wrong:+.3f} to the highest crossed pair with evidence), or shared names and numbers "
        f"< {MIN_SHARED_WORDS} (margin {lowest_share - MIN_SHARED_WORDS:+.3f} to the lowest true pair)"
    )
    verdicts = [(detect_language(v), detect_language(g)) for v, g in pairs]
    vi_ok = sum(lang == "vi" for (lang, _), _ in verdicts)
    de_ok = sum(lang == "de" for _, (lang, _) in verdicts)
    lowest = min(min(cv, cg) for (_, cv), (_, cg) in verdicts)
    print(f"language: {vi_ok}/{len(pairs)} Vietnamese and {de_ok}/{len(pairs)} German texts detected right; lowest confidence {lowest:.2f}")
    wrong_language = sum(language_problem(a.source, a.target) is not None for a in true)
    same = [segment_text(v, "vi") for v, _ in pairs]
    vi_vi = sum(language_problem(d, segment_text(v, "de")) is not None for d, (v, _) in zip(same, pairs))
    de_de = sum(language_problem(segment_text(g, "vi"), segment_text(g, "de")) is not None for _, g in pairs)
    print(f"language check refuses: {wrong_language}/{len(pairs)} true pairs, "
          f"{vi_vi}/{len(pairs)} Vietnamese-against-itself, {de_de}/{len(pairs)} German-against-itself")


if __name__ == "__main__":
    main()
