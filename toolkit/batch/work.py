"""The unit of work of a batch: one article pair in, its folder written, a small outcome back.

`process_article` is a plain module-level function of picklable values, so the same function
runs in a local worker process or as a Ray task. It does what `srcalign run` does (through
toolkit.pipeline) and writes DIR/<id>/ atomically, with a completion marker inside, so a rerun
can tell finished articles from unfinished ones without redoing them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.batch.consistency import Rendering, renderings_of
from toolkit.batch.layout import MARKER_FILE, article_folder
from toolkit.check.project import PROJECT_TERMBASE, project_decisions, project_termbases
from toolkit.decisions import DEFAULT_NAME
from toolkit.errors import SrcalignError
from toolkit.pipeline import RunOptions, RunResult, align_and_check, resolve_source, source_document, write_run_folder
from toolkit.segment import load_furniture, segment_file
from toolkit.segment.recurring import line_patterns
from toolkit.termbase import Termbase, load_termbase

MARKER_VERSION = 1


@dataclass(frozen=True)
class BatchSettings:
    """What every article of a batch shares (run_batch makes the paths absolute, for workers elsewhere)."""

    out_dir: Path
    sources_dir: Path
    termbases: tuple[Path, ...] = ()
    offline: bool = False
    diacritics_severity: str = "info"
    embeddings: str | None = None  # 'bundled' or a local sentence-transformers folder (optional extra)
    furniture: Path | None = None  # the user's portal-line patterns (toolkit.segment.load_furniture)
    recurring: tuple[str, ...] = ()  # lines recurring across the archive's articles (toolkit.segment.recurring)
    discard_reviews: bool = False  # redo articles a person reviewed (their review is dropped)


@dataclass(frozen=True)
class ArticleTask:
    """One manifest line to run: the id names the output folder DIR/<id>/."""

    id: str
    line: int
    article: str
    source: str = ""  # a file, a URL, or "" for the article's "Quelle:" URL

    def inputs(self, settings: BatchSettings) -> dict[str, Any]:
        """What the outputs depend on: a folder made from other inputs is not reused by a rerun."""
        return {
            "article": self.article,
            "source": self.source,
            "termbases": [str(p) for p in settings.termbases],
            # the project's termbase and decisions change the findings: a change redoes the article
            "project": {name: list(_file_version(Path(settings.sources_dir) / name)) for name in (PROJECT_TERMBASE, DEFAULT_NAME)},
            "diacritics": settings.diacritics_severity,
            "embeddings": settings.embeddings,
            "furniture": str(settings.furniture) if settings.furniture is not None else None,
            "recurring": list(settings.recurring),
            "srcalign": __version__,
        }


@dataclass(frozen=True)
class ArticleOutcome:
    """What the batch needs to know about one article, small enough to send between processes."""

    id: str
    line: int
    ok: bool
    reason: str = ""  # one line, for a failed article
    folder: str = ""  # DIR/<id>/: the aligned pairs for the corpus files are read from there
    block_pairs: int = 0
    sentence_pairs: int = 0
    unaligned_sentences: int = 0
    mean_score: float = 0.0
    findings_by_severity: tuple[tuple[str, int], ...] = ()
    ignored: int = 0  # findings kept out by a decision (sources/decisions.tsv)
    renderings: tuple[Rendering, ...] = ()
    warnings: tuple[str, ...] = ()  # what `srcalign run` would warn about (e.g. texts that are not translations)
    resumed: bool = field(default=False, compare=False)  # taken from an earlier run's complete folder
    reviewed: int = 0  # the review revision of an article kept as a person reviewed it (toolkit.batch.reviewed)

    @property
    def findings(self) -> int:
        return sum(n for _, n in self.findings_by_severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "line": self.line,
            "ok": self.ok,
            "reason": self.reason,
            "folder": self.folder,
            "block_pairs": self.block_pairs,
            "sentence_pairs": self.sentence_pairs,
            "unaligned_sentences": self.unaligned_sentences,
            "mean_score": self.mean_score,
            "findings_by_severity": dict(self.findings_by_severity),
            "ignored": self.ignored,
            "renderings": [r.__dict__ for r in self.renderings],
            "warnings": list(self.warnings),
            "reviewed": self.reviewed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, resumed: bool = False) -> ArticleOutcome:
        return cls(
            id=data["id"],
            line=int(data["line"]),
            ok=bool(data["ok"]),
            reason=data["reason"],
            folder=data["folder"],
            block_pairs=int(data["block_pairs"]),
            sentence_pairs=int(data["sentence_pairs"]),
            unaligned_sentences=int(data["unaligned_sentences"]),
            mean_score=float(data["mean_score"]),
            findings_by_severity=tuple(sorted(data["findings_by_severity"].items())),
            ignored=int(data.get("ignored", 0)),
            renderings=tuple(Rendering(**r) for r in data["renderings"]),
            warnings=tuple(data["warnings"]),
            reviewed=int(data.get("reviewed", 0)),
            resumed=resumed,
        )


def failed(task: ArticleTask, reason: str) -> ArticleOutcome:
    """A failed article: its id, manifest line and one line saying why."""
    return ArticleOutcome(task.id, task.line, False, " ".join(reason.split()))


def process_article(task: ArticleTask, settings: BatchSettings) -> ArticleOutcome:
    """Everything `srcalign run` writes, for one pair, into DIR/<id>/; a bad pair fails alone, never raises."""
    try:
        return _process(task, settings)
    except SrcalignError as exc:
        return failed(task, str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return failed(task, f"{where}{exc.strerror or exc}")
    except Exception as exc:  # a bug on one article must not stop the others; the reason says it is one
        return failed(task, f"internal error ({type(exc).__name__}: {exc})")


def warm_up(settings: BatchSettings) -> None:
    """Load what every article needs (the termbase) once, when a worker process starts."""
    worker_termbase(project_termbases(settings.sources_dir, settings.termbases))


def worker_termbase(paths: tuple[Path, ...]) -> Termbase:
    """The termbase of these files, loaded once per process and file version, then reused by every article."""
    return _termbase_for(tuple((str(p), *_file_version(p)) for p in paths))


@lru_cache(maxsize=4)
def _termbase_for(files: tuple[tuple[str, int, int], ...]) -> Termbase:
    return load_termbase(tuple(Path(name) for name, _, _ in files))


def _file_version(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)  # load_termbase reports the missing file
    return (stat.st_mtime_ns, stat.st_size)


def _process(task: ArticleTask, settings: BatchSettings) -> ArticleOutcome:
    termbase = worker_termbase(project_termbases(settings.sources_dir, settings.termbases))  # one per worker; it remembers its matches
    furniture = load_furniture(settings.furniture) + line_patterns(settings.recurring)
    target = segment_file(task.article, "de", furniture)
    options = RunOptions(source=task.source or None, sources_dir=settings.sources_dir, offline=settings.offline)
    source = resolve_source(target, options, lambda _message: None)
    checked = align_and_check(
        source_document(source, furniture), target, termbase, diacritics_severity=settings.diacritics_severity,
        decisions=project_decisions(settings.sources_dir), embeddings=settings.embeddings,
    )
    renderings = renderings_of(checked.alignment, termbase, checked.pairings)
    folder = article_folder(settings.out_dir, task.id)
    sealed: list[ArticleOutcome] = []

    def seal(staging: Path, result: RunResult) -> None:
        outcome = _outcome(task, folder, result, renderings)
        write_marker(staging, task.inputs(settings), outcome)
        sealed.append(outcome)

    write_run_folder(folder, checked, source, seal=seal, durable=False)
    return sealed[0]


def _outcome(task: ArticleTask, folder: Path, result: RunResult, renderings: tuple[Rendering, ...]) -> ArticleOutcome:
    summary = result.summary()
    return ArticleOutcome(
        id=task.id,
        line=task.line,
        ok=True,
        folder=str(folder),
        block_pairs=summary["block_pairs"],
        sentence_pairs=summary["sentence_pairs"],
        unaligned_sentences=summary["unaligned_sentences"],
        mean_score=summary["mean_score"],
        findings_by_severity=tuple(sorted(summary["findings_by_severity"].items())),
        ignored=summary["ignored"],
        renderings=renderings,
        warnings=result.warnings,
    )


def write_marker(folder: Path, inputs: dict[str, Any], outcome: ArticleOutcome) -> None:
    """The completion marker: the inputs, the size of every file beside it, and the outcome."""
    record = marker_record(folder, inputs, outcome)
    # a plain write: the marker goes into the staging folder, whose rename makes it appear
    (folder / MARKER_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def marker_record(folder: Path, inputs: dict[str, Any], outcome: ArticleOutcome) -> dict[str, Any]:
    """What the marker holds: the inputs, the size of every other file in the folder, the outcome."""
    sizes = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file() and p.name != MARKER_FILE}
    return {"version": MARKER_VERSION, "inputs": inputs, "files": sizes, "outcome": outcome.to_dict()}


def completed_outcome(task: ArticleTask, settings: BatchSettings) -> ArticleOutcome | None:
    """The outcome recorded in DIR/<id>/ when that folder is complete and made from the same inputs, else None."""
    folder = article_folder(settings.out_dir, task.id)
    try:
        record = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
        if record.get("version") != MARKER_VERSION or record.get("inputs") != task.inputs(settings):
            return None
        if any(os.stat(folder / name).st_size != size for name, size in record["files"].items()):
            return None
        outcome = ArticleOutcome.from_dict(record["outcome"], resumed=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or foreign: the article runs again
    return replace(outcome, id=task.id, line=task.line, folder=str(folder))  # the manifest may have moved lines
