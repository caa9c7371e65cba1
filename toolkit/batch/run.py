"""`srcalign batch`: a manifest of article pairs → one folder per article plus the corpus files.

Steps: read the manifest; take the articles whose folders an earlier run completed; run the
rest on the engine; write corpus.tmx, corpus.jsonl, findings.tsv and summary.json in id order.
Every article's folder is complete or absent, so an interrupted batch is simply run again.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit.align.embeddings import shared_embedder
from toolkit.batch.consistency import find_inconsistencies, write_findings_tsv
from toolkit.batch.corpus import write_corpus_jsonl, write_corpus_tmx
from toolkit.batch.engines import Engine
from toolkit.batch.layout import CORPUS_JSONL, CORPUS_TMX, FINDINGS_TSV, SUMMARY_JSON, is_leftover
from toolkit.batch.manifest import read_manifest
from toolkit.batch.progress import BatchProgress, SilentProgress
from toolkit.batch.reviewed import keep_reviewed, reviewed_revision
from toolkit.batch.work import ArticleOutcome, ArticleTask, BatchSettings, completed_outcome
from toolkit.errors import SrcalignError
from toolkit.segment import load_furniture
from toolkit.segment.recurring import recurring_lines
from toolkit.termbase import load_termbase
from toolkit.textfile import read_text, sync_folder, write_atomic


@dataclass(frozen=True)
class BatchResult:
    """Every article's outcome in id order, the corpus files and the summary that was written."""

    out_dir: Path
    outcomes: tuple[ArticleOutcome, ...]
    files: dict[str, Path]
    summary: dict[str, Any]

    @property
    def failures(self) -> tuple[ArticleOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    @property
    def exit_code(self) -> int:
        """0 when every article succeeded, 1 when some failed (bad usage never gets this far)."""
        return 1 if self.failures else 0


def _readable_texts(paths):
    """The articles' texts for learning recurring portal lines; an unreadable one fails later, alone.
    Only regular files: a pipe or device is read once, by its own article's worker."""
    for path in paths:
        if not Path(path).is_file():
            continue
        try:
            yield read_text(path).text
        except SrcalignError:
            continue


def run_batch(manifest: str | Path, settings: BatchSettings, engine: Engine, progress: BatchProgress | None = None) -> BatchResult:
    """Run every pair of the manifest that is not already done, then write the corpus files."""
    report = progress or SilentProgress()
    settings = replace(  # workers may start elsewhere (Ray nodes, a forkserver started before a chdir)
        settings,
        out_dir=settings.out_dir.absolute(),
        sources_dir=settings.sources_dir.absolute(),
        termbases=tuple(p.absolute() for p in settings.termbases),
        embeddings=settings.embeddings if settings.embeddings in (None, "bundled") else str(Path(settings.embeddings).absolute()),
        furniture=settings.furniture.absolute() if settings.furniture is not None else None,
    )
    started_at = datetime.now(timezone.utc).replace(microsecond=0)
    clock = time.perf_counter()
    parsed = read_manifest(manifest)
    # a broken termbase is the user's error, before any work: the user's files are read and their
    # patterns compiled here; the built-in termbase (0.1 s of regex compiling) only by the workers
    load_termbase(settings.termbases, builtin=False)
    shared_embedder(settings.embeddings)  # so is a missing model: one line, before any work
    load_furniture(settings.furniture)  # and a broken furniture file
    tasks = [ArticleTask(e.id, e.line, e.article, e.source) for e in parsed.entries]
    settings = replace(settings, recurring=recurring_lines(_readable_texts(t.article for t in tasks)))
    outcomes = [ArticleOutcome(p.id, p.line, False, p.reason) for p in parsed.problems]
    with engine:  # connecting (Ray) may fail: before anything is written
        _prepare(settings.out_dir)
        # a person's review is never redone silently: kept and re-checked, or redone when asked (--discard-reviews)
        reviewed = {t.id: r for t in tasks if (r := reviewed_revision(t, settings))}
        kept = [] if settings.discard_reviews else [keep_reviewed(task, settings, reviewed[task.id]) for task in tasks if task.id in reviewed]
        resumed = kept + [done for done in (completed_outcome(task, settings) for task in tasks if task.id not in reviewed) if done is not None]
        finished = {o.id for o in resumed}
        todo = [task for task in tasks if task.id not in finished]
        outcomes += resumed
        report.start(len(todo), resumed=len(resumed))

        def collect(outcome: ArticleOutcome) -> None:
            outcomes.append(outcome)
            report.advance(outcome)

        engine.run(todo, settings, collect)
        workers = engine.workers
    sync_folder(settings.out_dir)  # the articles' folders were renamed in without an fsync each (toolkit.pipeline.write_run_folder)
    ordered = tuple(sorted(outcomes, key=lambda o: (o.id, o.line)))
    files, counts = _write_corpus(settings.out_dir, ordered)
    run = {
        "engine": engine.name,
        "workers": workers,
        "processed": len(todo),
        "resumed": len(resumed),
        "kept_reviewed": sum(1 for o in outcomes if o.reviewed),
        "started_at": started_at.isoformat(),
        "elapsed_seconds": round(time.perf_counter() - clock, 3),
    }
    run["articles_per_second"] = round(len(todo) / run["elapsed_seconds"], 2) if run["elapsed_seconds"] else 0.0
    summary = _summary(parsed.path, ordered, files, counts, run)
    files[SUMMARY_JSON] = settings.out_dir / SUMMARY_JSON
    write_atomic(files[SUMMARY_JSON], json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return BatchResult(settings.out_dir, ordered, files, summary)


def describe(result: BatchResult) -> list[str]:
    """The closing lines for a person; the last one is the output folder."""
    s = result.summary
    run = s["run"]
    resumed = f"; {run['resumed']} done by an earlier run" if run["resumed"] else ""
    lines = [
        f"articles: {s['articles']} ({s['succeeded']} aligned, {s['failed']} failed{resumed})",
        f"pairs: {s['corpus_pairs']} sentence pairs in {CORPUS_TMX}; mean score {s['mean_score']:.2f}; "
        f"findings: {s['findings']} ({', '.join(f'{k} {v}' for k, v in s['findings_by_severity'].items()) or 'none'}); ignored: {s['ignored']}",
        f"names and terms rendered several ways across articles: {s['inconsistent_sources']} (see {FINDINGS_TSV})",
    ]
    if run.get("kept_reviewed"):
        lines.append(
            f"reviewed: {run['kept_reviewed']} article(s) kept as reviewed in srcalign review, not redone; re-checked with "
            "the project's termbase and decisions (--discard-reviews redoes them and drops the reviews)"
        )
    if s["warnings"]:
        lines.append(f"warnings: {len(s['warnings'])} article(s), listed in {SUMMARY_JSON}")
    lines += [f"failed: {f['id']} (manifest line {f['line']}): {f['reason']}" for f in s["failures"]]
    lines.append(
        f"speed: {run['processed']} article(s) in {run['elapsed_seconds']:.1f} s, {run['articles_per_second']:.1f} articles/s "
        f"({run['engine']} engine, {run['workers']} worker(s))"
    )
    lines.append(str(result.out_dir))
    return lines


def _prepare(out_dir: Path) -> None:
    """Create DIR and clear what an interrupted run left half-made (one batch per DIR at a time)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in out_dir.iterdir():
            if is_leftover(path):
                shutil.rmtree(path, ignore_errors=True)
    except OSError as exc:
        raise SrcalignError(f"cannot write into {out_dir} ({exc.strerror or exc})") from None
    if not out_dir.is_dir():
        raise SrcalignError(f"{out_dir} is not a folder")


def _write_corpus(out_dir: Path, outcomes: tuple[ArticleOutcome, ...]) -> tuple[dict[str, Path], dict[str, int]]:
    succeeded = [o for o in outcomes if o.ok]
    files = {name: out_dir / name for name in (CORPUS_TMX, CORPUS_JSONL, FINDINGS_TSV)}
    inconsistencies = find_inconsistencies([(o.id, o.renderings) for o in succeeded])
    counts = {"corpus_pairs": write_corpus_tmx(files[CORPUS_TMX], succeeded), "inconsistent_sources": len(inconsistencies)}
    write_corpus_jsonl(files[CORPUS_JSONL], succeeded)
    write_findings_tsv(files[FINDINGS_TSV], inconsistencies)
    return files, counts


def _summary(manifest: Path, outcomes: tuple[ArticleOutcome, ...], files: dict[str, Path], counts: dict[str, int], run: dict[str, Any]) -> dict[str, Any]:
    """summary.json: everything but `run` depends only on the inputs, so reruns and engines agree on it."""
    ok = [o for o in outcomes if o.ok]
    pairs = sum(o.sentence_pairs for o in ok)
    severities: Counter[str] = Counter()
    for outcome in ok:
        severities.update(dict(outcome.findings_by_severity))
    return {
        "manifest": str(manifest),
        "articles": len(outcomes),
        "succeeded": len(ok),
        "failed": len(outcomes) - len(ok),
        "block_pairs": sum(o.block_pairs for o in ok),
        "sentence_pairs": pairs,
        "unaligned_sentences": sum(o.unaligned_sentences for o in ok),
        "corpus_pairs": counts["corpus_pairs"],
        # the articles' mean scores weighted by their sentence pairs: the mean over all pairs
        "mean_score": round(sum(o.mean_score * o.sentence_pairs for o in ok) / pairs, 4) if pairs else 0.0,
        "findings": sum(severities.values()),
        "findings_by_severity": dict(sorted(severities.items())),
        "ignored": sum(o.ignored for o in ok),
        "inconsistent_sources": counts["inconsistent_sources"],
        "failures": [{"id": o.id, "line": o.line, "reason": o.reason} for o in outcomes if not o.ok],
        "warnings": {o.id: list(o.warnings) for o in ok if o.warnings},
        "files": {name: str(path) for name, path in files.items()},
        "run": run,
    }
