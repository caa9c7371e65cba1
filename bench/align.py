"""Alignment benchmark: strict/lax P/R/F1 on NTREX vi→de (sent, para, long) and Text+Berg,
Gale-Church as the floor, the seed pair, and speed/memory on a 19,970-sentence document.

    python bench/align.py            # quality on all sets + seed
    python bench/align.py --speed    # also the long-document speed/memory run (subprocesses)
    HUNALIGN=/path/to/hunalign python bench/align.py --speed-only --reference
                                     # only the speed runs: srcalign, its per-bead reference
                                     # coster (before the arrays) and the hunalign binary

Text+Berg is also run with a German-French dictionary when Debian's FreeDict packages are
installed (apt-get install dict-freedict-deu-fra dict-freedict-fra-deu), as `srcalign align
--dictionary` would use them; the dictionary feature's weight was chosen on English-German
development data (bench/tune_dictionary.py), so Text+Berg stays a test set. With
BLEUALIGN_DIR set to a checkout of https://github.com/rsennrich/Bleualign, Text+Berg's
development set (the 1957 yearbook, eval/eval1957.*; tuning data of the default model) is
scored as well.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_data import BLEUALIGN_ENV, SHARED, Case, bleualign_dev_cases, ntrex_cases, textberg_cases  # noqa: E402

from toolkit.align import align_texts  # noqa: E402
from toolkit.align.dictionary import load_dictionaries  # noqa: E402
from toolkit.align.evaluate import Ladder, score_alignments  # noqa: E402


DICTD = Path("/usr/share/dictd")
DE_FR = [DICTD / "freedict-deu-fra.index", DICTD / "freedict-fra-deu.index"]


def run_ours(case: Case, dictionary=None, embedder=None) -> Ladder:
    extra = {"embedder": embedder} if embedder is not None else {}
    beads = align_texts(case.source, case.target, case.src_lang, case.tgt_lang, dictionary=dictionary, **extra).beads
    return [(b.source, b.target) for b in beads]


def run_raw_documents(case: Case) -> Ladder:
    """The path `run` and `batch` take: the lines as raw article text (no --presplit), block
    kinds guessed, aligned by align_documents; block beads mapped back to line numbers."""
    from toolkit.align import align_documents
    from toolkit.segment import segment_text

    src = segment_text("\n".join(case.source) + "\n", case.src_lang)
    tgt = segment_text("\n".join(case.target) + "\n", case.tgt_lang)
    s_line = {b.id: b.line - 1 for b in src.blocks}
    t_line = {b.id: b.line - 1 for b in tgt.blocks}
    alignment = align_documents(src, tgt)
    return [(tuple(s_line[i] for i in b.source), tuple(t_line[i] for i in b.target)) for b in alignment.beads_at("block")]


def run_cli(case: Case, *extra: str) -> Ladder:
    """`srcalign align --presplit SRC TGT --src-lang L --tgt-lang L --format ladder` in a subprocess."""
    from toolkit.align.evaluate import parse_ladder

    with tempfile.TemporaryDirectory() as tmp:
        src, tgt = Path(tmp) / "src.txt", Path(tmp) / "tgt.txt"
        src.write_text("\n".join(case.source) + "\n", encoding="utf-8")
        tgt.write_text("\n".join(case.target) + "\n", encoding="utf-8")
        exe = Path(sys.executable).with_name("srcalign")
        cmd = [str(exe) if exe.exists() else "srcalign", "align", "--presplit", str(src), str(tgt), "--src-lang", case.src_lang,
               "--tgt-lang", case.tgt_lang, "--format", "ladder", *extra]
        done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise CliFailed(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return parse_ladder(done.stdout)


class CliFailed(Exception):
    """The command line refused a case (e.g. a language it does not take)."""


def run_gale_church(case: Case) -> Ladder:
    """nltk's Gale-Church (1-1, 1-0, 0-1, 2-1, 1-2, 2-2) on character lengths."""
    from nltk.translate.gale_church import align_blocks

    pairs = align_blocks([len(s) for s in case.source], [len(t) for t in case.target])
    src_map: dict[int, set[int]] = {}
    tgt_map: dict[int, set[int]] = {}
    for i, j in pairs:
        src_map.setdefault(i, set()).add(j)
        tgt_map.setdefault(j, set()).add(i)
    # group connected components into beads
    beads: Ladder = []
    seen_s: set[int] = set()
    seen_t: set[int] = set()
    for i in range(len(case.source)):
        if i in seen_s:
            continue
        if i not in src_map:
            beads.append(((i,), ()))
            seen_s.add(i)
            continue
        s_group, t_group = {i}, set(src_map[i])
        changed = True
        while changed:
            changed = False
            for j in list(t_group):
                new = tgt_map.get(j, set()) - s_group
                if new:
                    s_group |= new
                    changed = True
            for k in list(s_group):
                new = src_map.get(k, set()) - t_group
                if new:
                    t_group |= new
                    changed = True
        seen_s |= s_group
        seen_t |= t_group
        beads.append((tuple(sorted(s_group)), tuple(sorted(t_group))))
    for j in range(len(case.target)):
        if j not in seen_t:
            beads.append(((), (j,)))
    return beads


def evaluate(name: str, cases: list[Case], aligner) -> None:
    start = time.perf_counter()
    try:
        tests = [aligner(c) for c in cases]
    except CliFailed as exc:
        print(f"{name}: failed: {exc}")
        return
    elapsed = time.perf_counter() - start
    s = score_alignments([c.gold for c in cases], tests)
    print(
        f"{name}: strict P {s.strict_precision:.3f} R {s.strict_recall:.3f} F1 {s.strict_f1:.4f} | "
        f"lax P {s.lax_precision:.3f} R {s.lax_recall:.3f} F1 {s.lax_f1:.3f} | {len(cases)} docs in {elapsed:.1f} s"
    )


def omissions(name: str, cases: list[Case], aligner) -> None:
    """Omitted content sentences (gold 1-0 / 0-1 beads that are not portal lines) left one-sided."""
    from toolkit.segment.blocks import furniture_kind

    total = found = 0
    for case in cases:
        test = set(aligner(case))
        for s, t in case.gold:
            if s and t:
                continue
            if furniture_kind(case.source[s[0]] if s else case.target[t[0]]) is not None:
                continue
            total += 1
            found += (s, t) in test
    print(f"{name}: omitted content sentences left one-sided {found}/{total} ({found / max(total, 1):.0%})")


def seed() -> None:
    from toolkit.align import align_documents
    from toolkit.segment import segment_file

    src = segment_file(SHARED / "seed/source.vi.txt", "vi")
    tgt = segment_file(SHARED / "seed/article.de.txt", "de")
    alignment = align_documents(src, tgt)
    expected = {f"b{k + 1}": f"b{k}" for k in range(1, 23)}
    got = {b.source[0]: b.target for b in alignment.beads_at("block") if len(b.source) == 1}
    right = sum(1 for s, t in expected.items() if got.get(s) == (t,))
    unaligned = [b for b in alignment.beads_at("block") if b.one_sided]
    print(f"seed: {right}/22 German blocks aligned to the right Vietnamese block; one-sided blocks: "
          + ", ".join(f"{b.source or ''}{b.target or ''}" for b in unaligned))
    shapes: dict[str, int] = {}
    for b in alignment.beads_at("sentence"):
        shapes[b.shape] = shapes.get(b.shape, 0) + 1
    print(f"seed sentence beads: {sum(shapes.values())} ({', '.join(f'{k}: {v}' for k, v in sorted(shapes.items()))}); mean score {alignment.mean_score:.3f}")


def speed_text(target_sentences: int, pair: str = "vi-de") -> tuple[list[str], list[str]]:
    """NTREX dev text repeated to `target_sentences` lines a side: the vi-de long case, or for
    "en-de" (a pair on the default model: chrF priced) the perturbed English-German documents
    of bench/latin_dev.py."""
    if pair == "en-de":
        from latin_dev import latin_long_case

        case = latin_long_case()
    else:
        case = ntrex_cases("long")[0]
    reps = target_sentences // min(len(case.source), len(case.target)) + 1
    return (case.source * reps)[:target_sentences], (case.target * reps)[:target_sentences]


def speed(target_sentences: int, reference: bool = False, pair: str = "vi-de", dictionary: bool = False, embeddings: bool = False) -> None:
    """Align NTREX dev text repeated to ~target_sentences per side in a fresh process
    (`reference`: the per-bead coster instead of the arrays, for a before/after figure;
    `pair`: vi-de, or en-de on the default model; `dictionary`: with bench/latin_dev.py's
    English-German word list as --dictionary; `embeddings`: with the bundled model, its
    vectors read from the cache beforehand)."""
    src_lang, tgt_lang = pair.split("-")
    code = f"""
import resource, sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from align import speed_text
from toolkit.align import align_texts
from toolkit.align.embeddings import make_embedder
S, T = speed_text({target_sentences}, {pair!r})
words = None
if {dictionary}:
    from latin_dev import WORD_LIST
    from toolkit.align.dictionary import build_dictionary
    words = build_dictionary(WORD_LIST)
embedder = make_embedder('bundled' if {embeddings} else None)
if embedder is not None:
    embedder.vectors(S), embedder.vectors(T)  # embedded once (cached on disk), then timed without
start, cpu = time.perf_counter(), time.process_time()
beads = align_texts(S, T, {src_lang!r}, {tgt_lang!r}, reference={reference}, dictionary=words, embedder=embedder)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{len(S)}}\t{{len(T)}}\t{{elapsed:.2f}}\t{{cpu:.2f}}\t{{peak:.0f}}")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    what = "srcalign (reference: one bead at a time)" if reference else "srcalign"
    if pair != "vi-de":
        what += f" {pair}, default model (chrF)"
    if dictionary:
        what += " with a dictionary"
    what += " --embeddings bundled (vectors cached)" if embeddings else ""
    print(f"speed {what}: {out[0]} x {out[1]} segments aligned in {out[2]} s (CPU {out[3]} s), peak RSS {out[4]} MB")


def article_embedding_speed(sentences: int = 50) -> None:
    """The issue's figure for --embeddings on one article: a vi-de article of `sentences`
    sentences a side (the first lines of ntrex-dev long), aligned in a fresh process without
    embeddings, then with the bundled model on an empty cache (model load, embedding, aligning),
    then again with its vectors cached; sentences/s is the embedding rate alone."""
    code = f"""
import sys, tempfile, time
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from align_data import ntrex_cases
from toolkit.align import align_texts
from toolkit.align.embeddings import make_embedder
case = ntrex_cases("long")[0]
S, T = case.source[:{sentences}], case.target[:{sentences}]
align_texts(S[:5], T[:5], "vi", "de")  # imports and first-call set-up, not the article's time
start = time.perf_counter(); align_texts(S, T, "vi", "de"); plain = time.perf_counter() - start
with tempfile.TemporaryDirectory(prefix="srcalign-embed-") as cache:
    start = time.perf_counter(); embedder = make_embedder("bundled", __import__("pathlib").Path(cache))
    embedder.backend.embed(["warm-up"]); loaded = time.perf_counter() - start
    start = time.perf_counter(); embedder.vectors(S + T); embedded = time.perf_counter() - start
    start = time.perf_counter(); align_texts(S, T, "vi", "de", embedder=embedder); aligned = time.perf_counter() - start
    again = make_embedder("bundled", __import__("pathlib").Path(cache))
    start = time.perf_counter(); align_texts(S, T, "vi", "de", embedder=again); cached = time.perf_counter() - start
print(f"{{len(S)}}\t{{len(T)}}\t{{plain:.3f}}\t{{loaded:.2f}}\t{{embedded:.2f}}\t{{aligned:.3f}}\t{{cached:.3f}}\t{{(len(S) + len(T)) / embedded:.1f}}")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    extra = float(out[3]) + float(out[4]) + float(out[5]) - float(out[2])
    print(f"speed --embeddings bundled, one {out[0]} x {out[1]}-sentence vi-de article: {out[2]} s without embeddings; "
          f"with them on an empty cache model load {out[3]} s + embedding {out[4]} s ({out[7]} sentences/s) + aligning {out[5]} s "
          f"= {extra:.2f} s extra; vectors cached (a re-run or batch): {out[6]} s with the model loaded, no embedding")


def speed_hunalign(binary: str, target_sentences: int) -> None:
    """The hunalign binary on the same lines (null dictionary, -utf), in a fresh process
    that reports the binary's own time and peak memory."""
    with tempfile.TemporaryDirectory(prefix="srcalign-hunalign-") as scratch:
        folder = Path(scratch)
        S, T = speed_text(target_sentences)
        (folder / "src.txt").write_text("\n".join(S) + "\n", encoding="utf-8")
        (folder / "tgt.txt").write_text("\n".join(T) + "\n", encoding="utf-8")
        (folder / "null.dic").write_text("", encoding="utf-8")
        code = f"""
import resource, subprocess, time
start = time.perf_counter()
with open({str(folder / "ladder.txt")!r}, "w") as out:
    subprocess.run([{binary!r}, "-utf", {str(folder / "null.dic")!r}, {str(folder / "src.txt")!r}, {str(folder / "tgt.txt")!r}], stdout=out, stderr=subprocess.DEVNULL, check=True)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{{elapsed:.2f}}\t{{usage.ru_utime + usage.ru_stime:.2f}}\t{{usage.ru_maxrss / 1024:.0f}}")
"""
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        rungs = len((folder / "ladder.txt").read_text().splitlines())
    print(f"speed hunalign ({binary}, null dictionary, -utf): {len(S)} x {len(T)} segments in {out[0]} s (CPU {out[1]} s), peak RSS {out[2]} MB, {rungs} ladder rungs")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--reference", action="store_true", help="with --speed: also the per-bead reference coster (the figure before the arrays)")
    parser.add_argument("--speed-only", action="store_true", help="only the speed runs (implies --speed)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--embeddings", action="store_true", help="also with --embeddings bundled (needs srcalign[embed]; slow the first time, cached after)")
    args = parser.parse_args()
    if args.speed_only:
        speed_runs(args.reference)
        if args.embeddings:
            article_embedding_speed()
        return
    try:
        import nltk  # noqa: F401  (Gale-Church, the floor)
    except ImportError:
        print("gale-church: skipped (pip install nltk)")
        args.no_baseline = True
    sets = {
        "ntrex sent": ntrex_cases("sent"),
        "ntrex para": ntrex_cases("para"),
        "ntrex long": ntrex_cases("long"),
        "textberg de-fr": textberg_cases(),
    }
    for name, cases in sets.items():
        evaluate(f"{name} [srcalign]", cases, run_ours)
        if name == "ntrex para":
            evaluate(f"{name} [srcalign raw documents: block level, align_documents]", cases, run_raw_documents)
        if not args.no_baseline:
            evaluate(f"{name} [gale-church]", cases, run_gale_church)
    evaluate("textberg de-fr [srcalign align --presplit --src-lang de --tgt-lang fr, CLI]", sets["textberg de-fr"], run_cli)
    omissions("ntrex sent omissions [srcalign]", sets["ntrex sent"], run_ours)
    from article_dev import article_cases, sentence_cases

    generated = {"generated sent (bench/article_dev.py)": sentence_cases(), "generated articles raw (bench/article_dev.py)": article_cases()}
    evaluate("generated sent (bench/article_dev.py) [srcalign]", generated["generated sent (bench/article_dev.py)"], run_ours)
    omissions("generated sent omissions [srcalign]", generated["generated sent (bench/article_dev.py)"], run_ours)
    evaluate("generated articles [srcalign presplit]", generated["generated articles raw (bench/article_dev.py)"], run_ours)
    evaluate("generated articles [srcalign raw documents: block level, align_documents]", generated["generated articles raw (bench/article_dev.py)"], run_raw_documents)
    if all(p.is_file() for p in DE_FR):
        de_fr = load_dictionaries(DE_FR, "de", "fr")
        evaluate(f"textberg de-fr [srcalign --dictionary FreeDict deu-fra+fra-deu, {len(de_fr)} pairs]", sets["textberg de-fr"], lambda c: run_ours(c, de_fr))
    else:
        print("textberg with a dictionary: skipped (apt-get install dict-freedict-deu-fra dict-freedict-fra-deu)")
    if args.embeddings:
        from toolkit.align.embeddings import make_embedder

        embedder = make_embedder("bundled")
        evaluate("ntrex sent [srcalign --embeddings bundled]", sets["ntrex sent"], lambda c: run_ours(c, embedder=embedder))
        omissions("ntrex sent omissions [srcalign --embeddings bundled]", sets["ntrex sent"], lambda c: run_ours(c, embedder=embedder))
        evaluate("ntrex para [srcalign --embeddings bundled]", sets["ntrex para"], lambda c: run_ours(c, embedder=embedder))
        gen_sent = generated["generated sent (bench/article_dev.py)"]
        evaluate("generated sent [srcalign --embeddings bundled]", gen_sent, lambda c: run_ours(c, embedder=embedder))
        omissions("generated sent omissions [srcalign --embeddings bundled]", gen_sent, lambda c: run_ours(c, embedder=embedder))
        evaluate("textberg de-fr [srcalign align --presplit --src-lang de --tgt-lang fr --embeddings bundled, CLI]",
                 sets["textberg de-fr"], lambda c: run_cli(c, "--embeddings", "bundled"))
    print("published on textberg: Bertalign 0.936, Vecalign 0.902 strict F1")
    if os.environ.get(BLEUALIGN_ENV):  # Text+Berg's development set (1957), which the default model is tuned on
        dev = bleualign_dev_cases()
        evaluate("textberg dev 1957 de-fr (Bleualign eval1957, tuning data) [srcalign]", dev, run_ours)
        if args.embeddings:
            evaluate("textberg dev 1957 de-fr (Bleualign eval1957, tuning data) [srcalign --embeddings bundled]", dev, lambda c: run_ours(c, embedder=embedder))
    else:
        print(f"textberg dev 1957: skipped (set {BLEUALIGN_ENV} to a checkout of https://github.com/rsennrich/Bleualign)")
    seed()
    if args.speed:
        speed_runs(args.reference)
    if args.speed and args.embeddings:
        speed(2000, embeddings=True)
        article_embedding_speed()


def speed_runs(reference: bool) -> None:
    """srcalign (and the reference coster, and the hunalign binary when asked) on 2,000 and
    19,970 presplit lines a side, each in its own process, one after the other."""
    hunalign = os.environ.get("HUNALIGN")  # the hunalign binary, for a side-by-side run (optional)
    for n in (2000, 19970):
        speed(n)
        if reference:
            speed(n, reference=True)
        if hunalign:
            speed_hunalign(hunalign, n)
    for n in (2000, 19970):  # a pair on the default model: chrF (character n-grams) priced as well
        speed(n, pair="en-de")
        if reference:
            speed(n, reference=True, pair="en-de")
    speed(2000, pair="en-de", dictionary=True)  # and a user dictionary
    if reference:
        speed(2000, reference=True, pair="en-de", dictionary=True)
    if not hunalign:
        print("speed hunalign: skipped (HUNALIGN=/path/to/hunalign to run the binary beside srcalign)")


if __name__ == "__main__":
    main()
