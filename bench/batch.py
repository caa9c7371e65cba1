"""Batch throughput: article pairs per second with 1 and 2 local workers, and the speed-up.

600 portal-style article pairs are built from the NTREX development documents 0-59 (the
German and Vietnamese references in ../shared/data/ntrex), ten times over with fresh seeded
perturbations: paragraphs merged or split on one side, a sentence dropped, portal lines added
(ads, captions, the "Quelle:" line, comment counters). Each run is a whole `srcalign batch`
(worker start-up and the corpus files included) into a fresh folder.

    python bench/batch.py                    # 600 pairs, 1 and 2 workers, in the system temp folder
    python bench/batch.py --pairs 120 --workers 2 --dir ~/scratch
    python bench/batch.py --repeat 5         # five runs of each, then the median and the range
    python bench/batch.py --cpu 200          # CPU time an article in this one process (process_article
                                             # after 20 to warm up): far less noisy on a shared machine

Outputs are real files (eleven new inodes per article: its folder, nine outputs, the marker),
so the folder's filesystem counts: `--dir` says where. On this VM's ext4 creating them costs
0.2 ms an article at best and up to ~9 ms for minutes after many files were deleted (for
instance a previous run's cleanup), which is most of the spread between runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from toolkit.batch import BatchSettings, LocalEngine, run_batch
from toolkit.batch.work import ArticleTask, process_article, warm_up

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NTREX = SHARED / "data" / "ntrex"
DOCUMENTS = 60  # the development documents; 60-122 are reserved for evaluation
GERMAN_PORTAL_TAIL = ("Neuigkeiten und Fotos: VNA", "[Anzeige_2]")
VIETNAMESE_CAPTIONS = ("Ảnh: minh họa", "Ảnh: TTXVN")


def ntrex_documents() -> list[tuple[list[str], list[str]]]:
    """(Vietnamese lines, German lines) of documents 0-59, in file order."""
    ids = (NTREX / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    vi = (NTREX / "newstest2019-ref.vie.txt").read_text(encoding="utf-8").splitlines()
    de = (NTREX / "newstest2019-ref.deu.txt").read_text(encoding="utf-8").splitlines()
    documents: dict[str, tuple[list[str], list[str]]] = {}
    for doc_id, vi_line, de_line in zip(ids, vi, de):
        pair = documents.setdefault(doc_id.strip(), ([], []))
        pair[0].append(vi_line.strip())
        pair[1].append(de_line.strip())
    return list(documents.values())[:DOCUMENTS]


def perturbed_pair(vi: list[str], de: list[str], rng: random.Random, url: str) -> tuple[str, str]:
    """A German portal article and its Vietnamese source from one document, perturbed by `rng`."""
    body = list(zip(vi[1:], de[1:]))
    if len(body) > 3 and rng.random() < 0.5:  # a sentence the translation (or the source) lacks
        index = rng.randrange(len(body))
        side = rng.randrange(2)
        body[index] = ("", body[index][1]) if side == 0 else (body[index][0], "")
    paragraphs: list[list[tuple[str, str]]] = []
    while body:
        size = rng.choice((1, 2, 2, 3))
        paragraphs.append(body[:size])
        body = body[size:]
    vi_lines = [vi[0]] + [" ".join(s for s, _ in p if s) for p in paragraphs]
    de_lines = [de[0]] + [" ".join(t for _, t in p if t) for p in paragraphs]
    for lines in (vi_lines, de_lines):
        if len(lines) > 3 and rng.random() < 0.4:  # two paragraphs merged on one side
            at = rng.randrange(1, len(lines) - 1)
            lines[at : at + 2] = [f"{lines[at]} {lines[at + 1]}"]
    for lines in (de_lines, vi_lines):
        if rng.random() < 0.3:  # a paragraph split in two on one side
            candidates = [i for i, line in enumerate(lines) if i and ". " in line]
            if candidates:
                at = rng.choice(candidates)
                head, _, tail = lines[at].partition(". ")
                lines[at : at + 1] = [head + ".", tail]
    if rng.random() < 0.3:
        de_lines.insert(rng.randrange(2, max(3, len(de_lines))), "[Anzeige_1]")
    if rng.random() < 0.3:
        vi_lines.insert(rng.randrange(2, max(3, len(vi_lines))), rng.choice(VIETNAMESE_CAPTIONS))
    german = [line for line in de_lines if line] + list(GERMAN_PORTAL_TAIL) + [f"Quelle: {url}", "Kommentar (0)"]
    vietnamese = [line for line in vi_lines if line]
    return "\n".join(german) + "\n", "\n".join(vietnamese) + "\n"


def build_manifest(folder: Path, pairs: int, seed: int = 7) -> Path:
    """`pairs` article pairs (documents 0-59 over and over, fresh perturbations each round) and their manifest."""
    documents = ntrex_documents()
    lines = []
    for n in range(pairs):
        round_, doc = divmod(n, len(documents))
        rng = random.Random(f"{seed}-{round_}-{doc}")
        url = f"https://baotintuc.example.vn/the-gioi/ntrex-{doc:02d}-r{round_}.html"
        german, vietnamese = perturbed_pair(*documents[doc], rng, url)
        article, source = folder / f"r{round_}-d{doc:02d}.de.txt", folder / f"r{round_}-d{doc:02d}.vi.txt"
        article.write_text(german, encoding="utf-8")
        source.write_text(vietnamese, encoding="utf-8")
        lines.append(json.dumps({"id": f"r{round_}-d{doc:02d}", "article": article.name, "source": source.name}))
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def cpu_per_article(root: Path, pairs: int, warm: int = 20) -> None:
    """One worker's path without the pool: process_article on `pairs` articles after `warm` more, CPU and wall time."""
    (root / "pairs").mkdir()
    manifest = build_manifest(root / "pairs", warm + pairs)
    records = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    tasks = [ArticleTask(r["id"], n, str(root / "pairs" / r["article"]), str(root / "pairs" / r["source"])) for n, r in enumerate(records, 1)]
    settings = BatchSettings(out_dir=root / "out", sources_dir=root / "sources")
    warm_up(settings)
    for task in tasks[:warm]:
        process_article(task, settings)
    cpu, wall = time.process_time(), time.perf_counter()
    failed = sum(not process_article(task, settings).ok for task in tasks[warm:])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"batch: in one process, {pairs} articles: {1000 * cpu / pairs:.2f} ms CPU an article, {1000 * wall / pairs:.2f} ms wall ({failed} failed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=600)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to run")
    parser.add_argument("--dir", type=Path, default=None, help="where the pairs and outputs go (a temporary folder inside it; default: the system's)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count (each into a fresh folder); with more than one, the median and range are printed")
    parser.add_argument("--cpu", type=int, default=0, metavar="N", help="instead: CPU time an article over N articles in this one process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="srcalign-bench-batch-", dir=args.dir) as tmp:
        root = Path(tmp)
        if args.cpu:
            cpu_per_article(root, args.cpu)
            return
        print(f"batch: pairs and outputs in {root}")
        (root / "pairs").mkdir()
        manifest = build_manifest(root / "pairs", args.pairs)
        rates: dict[int, list[float]] = {}
        run = 0
        for _ in range(args.repeat):
            for workers in (int(w) for w in args.workers.split(",")):
                settings = BatchSettings(out_dir=root / f"out-{run}", sources_dir=root / "sources")  # a fresh folder each run
                run += 1
                started = time.perf_counter()
                result = run_batch(manifest, settings, LocalEngine(workers))
                seconds = time.perf_counter() - started
                rates.setdefault(workers, []).append(args.pairs / seconds)
                s = result.summary
                print(
                    f"batch: {args.pairs} pairs, {workers} worker(s): {seconds:.2f} s, {args.pairs / seconds:.1f} pairs/s "
                    f"({s['succeeded']} aligned, {s['failed']} failed, {s['corpus_pairs']} sentence pairs, mean score {s['mean_score']:.3f})"
                )
                if s["failed"]:
                    print(f"batch: failures: {s['failures'][:3]}", file=sys.stderr)
        if args.repeat > 1:
            for workers, values in rates.items():
                print(f"batch: {workers} worker(s) over {len(values)} runs: median {statistics.median(values):.1f} pairs/s, range {min(values):.1f}-{max(values):.1f}")
        if 1 in rates and 2 in rates:
            print(f"batch: speed-up from 1 to 2 workers: {statistics.median(rates[2]) / statistics.median(rates[1]):.2f}x")


if __name__ == "__main__":
    main()
