"""Learn the aligner's weights on the NTREX development cases (sent + para) by coordinate
ascent on strict F1, then calibrate bead scores with a logistic fit of correctness on cost.

    python bench/tune_align.py [--rounds 3] [--write]

Writes toolkit/data/align/model.vi-de.json with --write. Reads ../shared.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_data import ntrex_cases  # noqa: E402

from toolkit.align import align_features  # noqa: E402
from toolkit.align.evaluate import score_alignments  # noqa: E402
from toolkit.align.features import segment_features  # noqa: E402
from toolkit.align.model import AlignModel, load_model  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parents[1] / "toolkit/data/align"
SCALARS = ("length_var", "length_var_short", "doc_mu_weight")


def prepare(variant: str, fold: tuple[int, int] | None = None):
    """Features of the cases; `fold` = (k, n) keeps the documents whose index % n == k."""
    cases = ntrex_cases(variant)
    if fold is not None:
        cases = [c for i, c in enumerate(cases) if i % fold[1] == fold[0]]
    return [(segment_features(c.source, "vi"), segment_features(c.target, "de"), c.gold) for c in cases]


def f1(model: AlignModel, prepared) -> float:
    tests = [[(b.source, b.target) for b in align_features(s, t, model).beads] for s, t, _ in prepared]
    return score_alignments([g for _, _, g in prepared], tests).strict_f1


def objective(model: AlignModel, sets) -> float:
    return sum(f1(model, p) for p in sets) / len(sets)


def with_value(model: AlignModel, name: str, value: float) -> AlignModel:
    if name in SCALARS:
        return AlignModel.from_dict({**model.to_dict(), name: value})
    return model.with_weights(**{name: value})


def value_of(model: AlignModel, name: str) -> float:
    return getattr(model, name) if name in SCALARS else model.w(name)


def fit_logistic(xs: list[float], ys: list[int], steps: int = 3000, rate: float = 0.5) -> tuple[float, float]:
    """(a, b) maximising the likelihood of P(y = 1) = sigmoid(a + b * x)."""
    a, b = 0.0, 0.0
    for _ in range(steps):
        ga = gb = 0.0
        for x, y in zip(xs, ys):
            p = 1 / (1 + math.exp(-max(-50, min(50, a + b * x))))
            ga += y - p
            gb += (y - p) * x
        a += rate * ga / len(xs)
        b += rate * gb / len(xs)
    return a, b


def calibrate(model: AlignModel, sets) -> AlignModel:
    """Bead scores: P(bead strictly right) = sigmoid(bias - scale * cost), fitted on dev beads.
    Relatedness: P(texts translate each other) from anchor agreement, fitted on the dev pairs
    (positives) against the same sources paired with other documents' targets (negatives)."""
    xs: list[float] = []
    ys: list[int] = []
    agree: list[float] = []
    related: list[int] = []
    neutral = AlignModel.from_dict({**model.to_dict(), "related_min_anchors": 10**9})
    for prepared in sets:
        for k, (s, t, gold) in enumerate(prepared):
            gold_set = set(gold)
            result = align_features(s, t, neutral)
            for b in result.beads:
                xs.append(b.cost)
                ys.append(int((b.source, b.target) in gold_set))
            for other, label in ((t, 1), (prepared[(k + 7) % len(prepared)][1], 0), (prepared[(k + 13) % len(prepared)][1], 0)):
                r = result if label else align_features(s, other, neutral)
                if r.anchors_possible >= model.related_min_anchors:
                    agree.append(r.anchors_shared / r.anchors_possible)
                    related.append(label)
    bias, slope = fit_logistic(xs, ys)
    r_bias, r_scale = fit_logistic(agree, related, rate=2.0, steps=4000)
    return AlignModel.from_dict(
        {
            **model.to_dict(),
            "score_bias": round(bias, 4),
            "score_scale": round(-slope, 4),
            "related_bias": round(r_bias, 4),
            "related_scale": round(r_scale, 4),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--pair", choices=("vi-de", "en-de"), default="vi-de", help="en-de: the default model for other pairs, on perturbed English-German NTREX dev cases")
    parser.add_argument("--cross-validate", action="store_true", help="2-fold: tune on even documents from the start model, score odd ones, and the reverse")
    args = parser.parse_args()
    if args.cross_validate:
        cross_validate(args.rounds)
        return
    if args.pair == "en-de":
        from latin_dev import latin_cases

        sets = [[(segment_features(c.source, "en"), segment_features(c.target, "de"), c.gold) for c in latin_cases()]]
        model = load_model("en-de")
        if model.w("chrf") == 0:
            model = model.with_weights(chrf=1.0)
    else:
        sets = [prepare("sent"), prepare("para")]
        model = load_model()
    model, best = tune(model, sets, args.rounds)
    model = calibrate(model, sets)
    print(f"final objective (mean strict F1 sent+para): {best:.4f}")
    print(json.dumps(model.to_dict(), indent=1))
    if args.write:
        data = model.to_dict()
        if args.pair == "en-de":
            data["trained_on"] = "NTREX-128 dev documents 0-59, English-German, perturbed by bench/latin_dev.py; bench/tune_align.py --pair en-de"
            path = MODEL_DIR / "model.default.json"
        else:
            data["trained_on"] = "NTREX-128 dev documents 0-59 (bench/ntrex-dev sent+para), bench/tune_align.py"
            path = MODEL_DIR / "model.vi-de.json"
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")


def cross_validate(rounds: int) -> None:
    """An honest estimate: weights learned on half the documents, scored on the other half."""
    start = AlignModel.from_dict(json.loads((Path(__file__).parent / "align_start_model.json").read_text()))
    for k in (0, 1):
        train = [prepare("sent", (k, 2)), prepare("para", (k, 2))]
        held = {v: prepare(v, (1 - k, 2)) for v in ("sent", "para")}
        model, best = tune(start, train, rounds, quiet=True)
        print(f"fold {k}: train F1 {best:.4f}; held-out strict F1 sent {f1(model, held['sent']):.4f} para {f1(model, held['para']):.4f}"
              f" (start model held-out: sent {f1(start, held['sent']):.4f} para {f1(start, held['para']):.4f})", flush=True)


def tune(model: AlignModel, sets, rounds: int, quiet: bool = False) -> tuple[AlignModel, float]:
    """Coordinate ascent on the mean strict F1 of `sets`."""
    best = objective(model, sets)
    if not quiet:
        print(f"start: {best:.4f}", flush=True)
    names = list(SCALARS) + sorted(model.weights)
    factors = (0.0, 0.5, 0.75, 1.33, 2.0)
    for rnd in range(rounds):
        improved = False
        for name in names:
            current = value_of(model, name)
            candidates = {round(current * f, 4) for f in factors} | {round(current + d, 4) for d in (-0.5, 0.5)}
            if name == "doc_mu_weight":
                candidates = {0.0, 0.25, 0.5, 0.75, 1.0}
            for value in sorted(candidates - {current}):
                if name in SCALARS and value <= 0 and name != "doc_mu_weight":
                    continue
                trial = with_value(model, name, value)
                score = objective(trial, sets)
                if score > best + 1e-5:
                    best, model, improved = score, trial, True
                    if not quiet:
                        print(f"round {rnd}: {name} = {value} -> {best:.4f}", flush=True)
        if not improved:
            break
    return model, best


if __name__ == "__main__":
    main()
