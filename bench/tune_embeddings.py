"""Choose the embedding weights (`embed`, and `embed_skip`: how much cheaper a one-sided bead is
when meaning is there to go by) on development data with the bundled model (srcalign[embed]).

    python bench/tune_embeddings.py                  # vi-de: ntrex-dev sent, para, generated sent
    python bench/tune_embeddings.py --pair default   # embed x embed_skip x embed_damp (margin and
                                                     # size as shipped) on latin, latin-hard, free, book
    BLEUALIGN_DIR=~/Bleualign python bench/tune_embeddings.py --pair default --bleualign-dev
                                                     # ... and Text+Berg's development set (1957)
    python bench/tune_embeddings.py --cross-validate # also: chosen on one half of the documents,
                                                     # figures on the other half (both ways)
    python bench/tune_embeddings.py --pair default --margin --cross-validate
                                                     # embed_margin x embed_size (embed, embed_skip
                                                     # as shipped) on latin, latin-hard and free
    BLEUALIGN_DIR=~/Bleualign python bench/tune_embeddings.py --pair default --bleualign-dev --types --cross-validate
                                                     # the price of 2-3 and 3-2 beads with
                                                     # embeddings (type_23_embed = type_32_embed)

Also `doc_mu_weight_embed`: how much the document's own length ratio moves the length model's mean
when embeddings are priced (omissions bias that ratio; with meaning to go by, the length model
can follow it less). Prints strict F1 and the omitted content sentences left one-sided for each setting; a setting
is chosen among those that make no set worse than without embeddings: for vi-de, among those
meeting the most of the issue's bars (strict F1 per set, 80% of omitted content sentences left
one-sided), the best mean strict F1; for other pairs, the best mean strict F1 (see `choose`). The first run
embeds ~5,000 sentences (minutes on a busy CPU); vectors are cached per text under
$SRCALIGN_CACHE (default ~/.cache/srcalign). Text+Berg is never used here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_data import ntrex_cases  # noqa: E402

from toolkit.align import align_features, with_vectors  # noqa: E402
from toolkit.align.embeddings import make_embedder  # noqa: E402
from toolkit.align.evaluate import score_alignments  # noqa: E402
from toolkit.align.features import segment_features  # noqa: E402
from toolkit.align.model import load_model  # noqa: E402
from toolkit.segment.blocks import furniture_kind  # noqa: E402

#: (embed, embed_skip, doc_mu_weight_embed; None: the model's doc_mu_weight)
GRID = [(w, k, d) for w in (4.0, 5.0, 6.0, 7.0, 8.0) for k in (0.0, -0.5, -1.0, -1.5, -2.0) for d in (None, 0.75, 0.5, 0.25)]
#: a setting's doc_mu_weight_embed left as the model has it
KEEP = "as shipped"
#: --margin: Bertalign's neighbour margin (embed_margin) x the bead-size factor (embed_size)
MARGIN_GRID = [(w, k, KEEP) for w in (0.0, 2.0, 3.0, 5.0, 8.0) for k in (0.0, 0.5)]
#: --pair default: embed x embed_skip x embed_damp (how much less chrF and the anchors weigh when
#: embeddings are priced; margin and size as shipped; a size of 0.25 instead of 0.5 never won there)
DEFAULT_GRID = [(w, k, d) for w in (3.0, 4.5) for k in (0.0, -0.5, -1.0) for d in (0.0, 0.25, 0.5, 0.75)]
#: --types: the price of 2-3 and 3-2 beads when embeddings are priced (type_23_embed =
#: type_32_embed; the model's wide_min_length 0 searches them at every length); TYPES_OFF: not searched
TYPES_GRID = [(p, p, KEEP) for p in (2.0, 4.0, 6.0, 8.0, 10.0, 12.0)]
TYPES_OFF = ("off", "off", KEEP)
TYPE_KEYS = ("type_23_embed", "type_32_embed")
#: The key of the run without embeddings (what no setting may make any set worse than)
WITHOUT = (None, None, KEEP)

#: The issue's bars on the vi-de development sets: strict F1 per set, and the share of omitted
#: content sentences left one-sided on every set with at least OMISSION_MIN_CASES of them.
F1_BARS = {"sent": 0.99, "para": 0.98}
OMISSION_BAR = 0.8
OMISSION_MIN_CASES = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pair", choices=("vi-de", "default"), default="vi-de")
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--margin", action="store_true", help="tune embed_margin x embed_size instead (embed, embed_skip as shipped)")
    parser.add_argument("--types", action="store_true", help="--pair default: tune the price of 2-3 and 3-2 beads with embeddings instead (the rest as shipped)")
    parser.add_argument("--bleualign-dev", action="store_true",
                        help="--pair default: also Text+Berg's German-French development set (Bleualign's eval1957; needs $BLEUALIGN_DIR, a checkout of github.com/rsennrich/Bleualign)")
    args = parser.parse_args()
    if args.types and args.pair != "default":
        parser.error("--types is for --pair default (vi-de searches 2-3 and 3-2 for paragraphs, model.vi-de.json)")
    embedder = make_embedder("bundled")
    base = load_model(args.pair)
    if args.types:  # the rows: without the types, then each price
        base = replace(base, weights={k: v for k, v in base.weights.items() if k not in TYPE_KEYS}, wide_min_length=0.0)
    ngrams = base.w("chrf") != 0

    def prepared(cases, src_lang: str, tgt_lang: str):
        return [(with_vectors(segment_features(c.source, src_lang, with_ngrams=ngrams), c.source, embedder),
                 with_vectors(segment_features(c.target, tgt_lang, with_ngrams=ngrams), c.target, embedder), c) for c in cases]

    if args.pair == "default":  # news documents, freer chapters (crossings, two-sentence omissions,
        # condensed sentences) and book-like chapters (condensed sentences, merges, few omissions)
        from latin_dev import book_cases, free_cases, hard_cases, latin_cases

        sets = {"latin": prepared(latin_cases(), "en", "de"), "latin-hard": prepared(hard_cases(), "en", "de"),
                "free": prepared(free_cases(), "de", "en")}
        if not args.margin or args.types:  # (the margin was chosen on the first three)
            sets["book"] = prepared(book_cases(), "de", "en")
        if args.bleualign_dev:
            from align_data import bleualign_dev_cases

            sets["bleualign-dev"] = prepared(bleualign_dev_cases(), "de", "fr")
    else:
        from article_dev import sentence_cases

        sets = {v: prepared(ntrex_cases(v), "vi", "de") for v in ("sent", "para")}
        sets["gen-sent"] = prepared(sentence_cases(), "vi", "de")
    results: dict[tuple, dict[str, list]] = {}
    names = ("embed_margin", "embed_size") if args.margin else ("embed", "embed_skip")
    grid = [TYPES_OFF, *TYPES_GRID] if args.types else MARGIN_GRID if args.margin else DEFAULT_GRID if args.pair == "default" else GRID
    if args.types:
        names = TYPE_KEYS
    elif grid is DEFAULT_GRID:
        names = ("embed", "embed_skip", "embed_damp")
    for setting in [WITHOUT, *grid]:
        first, second, doc = setting
        if first is None:
            model = base.with_weights(embed=0.0)
        elif first == "off":
            model = base
        elif len(names) == 3:
            model = base.with_weights(**dict(zip(names, setting)))
        else:
            model = base.with_weights(**{names[0]: first, names[1]: second})
            model = model if doc == KEEP else replace(model, doc_mu_weight_embed=doc)
        runs = {name: aligned(model, p) for name, p in sets.items()}
        results[setting] = runs
        print(f"{label(setting, names)}: " + "; ".join(f"{name} {figures(sets[name], run)}" for name, run in runs.items()), flush=True)
    with_omissions = args.pair == "vi-de"  # other pairs are judged by strict F1 (Text+Berg's bar)
    best = choose(results, sets, None, with_omissions)
    print(f"chosen on all documents: {label(best, names)}")
    if args.cross_validate:
        for half in (0, 1):
            chosen = choose(results, sets, half, with_omissions)
            held = {name: [k for k in range(len(p)) if k % 2 != half] for name, p in sets.items()}
            print(f"chosen on half {half}: {label(chosen, names)}; held-out half: "
                  + "; ".join(f"{name} {figures(sets[name], results[chosen][name], held[name])} (without embeddings "
                              f"{figures(sets[name], results[WITHOUT][name], held[name])}"
                              + (f"; with embeddings, without the types {figures(sets[name], results[TYPES_OFF][name], held[name])}" if args.types else "")
                              + ")" for name in sets))


def label(setting, names: tuple[str, ...]) -> str:
    first, second, doc = setting
    text = f"{names[0]} {first} {names[1]} {second}"
    if len(names) == 3:
        text += f" {names[2]} {doc}" if first is not None else ""
    elif doc != KEEP:
        text += f" doc_mu_weight_embed {doc if doc is not None else '(doc_mu_weight)'}"
    return text


def aligned(model, prepared) -> list:
    return [[(b.source, b.target) for b in align_features(s, t, model).beads] for s, t, _ in prepared]


def scores(prepared, tests, keep=None) -> tuple[float, int, int]:
    """(strict F1, omitted content sentences left one-sided, omitted content sentences)."""
    keep = range(len(prepared)) if keep is None else keep
    cases = [prepared[k][2] for k in keep]
    f1 = score_alignments([c.gold for c in cases], [tests[k] for k in keep]).strict_f1
    total = found = 0
    for k in keep:
        case, got = prepared[k][2], set(tests[k])
        for s, t in case.gold:
            if (s and t) or furniture_kind(case.source[s[0]] if s else case.target[t[0]]) is not None:
                continue
            total += 1
            found += (s, t) in got
    return f1, found, total


def figures(prepared, tests, keep=None) -> str:
    f1, found, total = scores(prepared, tests, keep)
    return f"F1 {f1:.4f}, omissions one-sided {found}/{total}"


def choose(results, sets, half: int | None, omissions: bool = True) -> tuple[float, float]:
    """Among the settings that leave no set with a lower strict F1 than without embeddings (the
    optional extra must not make any kind of input worse), for vi-de (`omissions`) those that
    meet the most of the issue's bars (F1_BARS; OMISSION_BAR of the omitted content sentences
    left one-sided on every set with OMISSION_MIN_CASES of them), then the best mean strict F1;
    on the documents k % 2 == half, or all.

    The earlier rule, mean strict F1 plus mean share of omissions found, picked embed 8 /
    embed_skip -1.5: it bought omissions on the omission-heavy generated cases with true merges
    broken on ntrex-dev (sent 0.9871, below its bar; embed 2 with no skip change reaches 0.9917,
    as a throwaway prototype did, but leaves only 11/16 and 54/97 omissions one-sided)."""

    def key(setting):
        worse, met, f1s = False, 0, []
        for name, prepared in sets.items():
            keep = None if half is None else [k for k in range(len(prepared)) if k % 2 == half]
            f1, found, total = scores(prepared, results[setting][name], keep)
            worse |= f1 < scores(prepared, results[WITHOUT][name], keep)[0]
            f1s.append(f1)
            if omissions:
                met += f1 >= F1_BARS.get(name, 2.0)
                met += total >= OMISSION_MIN_CASES and found >= OMISSION_BAR * total
        return (not worse, met, sum(f1s) / len(f1s))

    return max((s for s in results if s != WITHOUT), key=key)


if __name__ == "__main__":
    main()
