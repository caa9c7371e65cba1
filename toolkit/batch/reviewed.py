"""Articles a person has reviewed (`srcalign review`): a batch rerun keeps them, it never redoes them.

A reviewed article's alignment.json carries `meta.review` (revision, bead statuses, edits, history).
Redoing the article would replace that work with a fresh machine alignment, so a rerun keeps the
alignment as the person left it and only checks it again with the project's current termbase and
decisions (findings, exports and the batch marker are rewritten; alignment.json is not). Only the
explicit `--discard-reviews` redoes such an article from scratch.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from toolkit.batch.consistency import renderings_of
from toolkit.batch.layout import MARKER_FILE, article_folder
from toolkit.batch.work import ArticleOutcome, ArticleTask, BatchSettings, failed, marker_record, worker_termbase
from toolkit.check.project import project_decisions, project_termbases
from toolkit.errors import SrcalignError
from toolkit.review import recheck_reviewed, review_revision
from toolkit.textfile import write_atomic

#: Said of every kept article whose own inputs (article or source) changed since it was aligned.
NOT_REDONE = "reviewed in srcalign review, so not redone although its {what} changed; --discard-reviews redoes it (and drops the review)"


def reviewed_revision(task: ArticleTask, settings: BatchSettings) -> int:
    """The review revision of the task's folder (0: not reviewed, so the usual resume rules apply)."""
    return review_revision(article_folder(settings.out_dir, task.id))


def keep_reviewed(task: ArticleTask, settings: BatchSettings, revision: int) -> ArticleOutcome:
    """The outcome of a reviewed article, kept as reviewed: from its marker when nothing changed
    since the last re-check, else checked again with the project's current termbase and decisions."""
    folder = article_folder(settings.out_dir, task.id)
    inputs = task.inputs(settings)
    record = _marker(folder)
    old_inputs = record.get("inputs") if isinstance(record.get("inputs"), dict) else {}
    changed = [name for name in ("article", "source") if old_inputs.get(name, inputs[name]) != inputs[name]]
    notes = [NOT_REDONE.format(what=" and ".join(changed))] if changed else []
    if record.get("review_revision") == revision and old_inputs == inputs and _sizes_match(folder, record):
        try:
            outcome = ArticleOutcome.from_dict(record["outcome"], resumed=True)
            return replace(outcome, id=task.id, line=task.line, folder=str(folder), reviewed=revision)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    try:
        return _recheck(task, settings, folder, revision, inputs, notes)
    except SrcalignError as exc:
        return failed(task, f"{exc}; reviewed, so not redone (--discard-reviews redoes it and drops the review)")
    except OSError as exc:
        return failed(task, f"{exc.filename or folder}: {exc.strerror or exc}; reviewed, so not redone")


def _recheck(task: ArticleTask, settings: BatchSettings, folder: Path, revision: int, inputs: dict[str, Any], notes: list[str]) -> ArticleOutcome:
    termbase = worker_termbase(project_termbases(settings.sources_dir, settings.termbases))
    checked = recheck_reviewed(folder, termbase, project_decisions(settings.sources_dir), settings.diacritics_severity)
    alignment = checked.run.state.alignment
    sentence, block = alignment.beads_at("sentence"), alignment.beads_at("block")
    severities: dict[str, int] = {}
    for finding in checked.findings:
        severities[finding.severity] = severities.get(finding.severity, 0) + 1
    earlier = _marker(folder).get("outcome") or {}
    warnings = [w for w in earlier.get("warnings", []) if isinstance(w, str) and not w.startswith(NOT_REDONE[:40])]
    outcome = ArticleOutcome(
        id=task.id,
        line=task.line,
        ok=True,
        folder=str(folder),
        block_pairs=sum(1 for b in block if not b.one_sided),
        sentence_pairs=sum(1 for b in sentence if not b.one_sided),
        unaligned_sentences=sum(len(b.source) + len(b.target) for b in sentence if b.one_sided),
        mean_score=round(alignment.mean_score, 4),
        findings_by_severity=tuple(sorted(severities.items())),
        ignored=len(checked.ignored),
        renderings=renderings_of(alignment, termbase, checked.pairings),
        warnings=(*warnings, *notes),
        reviewed=revision,
    )
    _update_summary(folder, outcome, checked)
    record = marker_record(folder, inputs, outcome)
    record["review_revision"] = revision
    write_atomic(folder / MARKER_FILE, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return outcome


def _update_summary(folder: Path, outcome: ArticleOutcome, checked: Any) -> None:
    """The article's summary.json counts as re-checked (the rest of it, the source, stays)."""
    from collections import Counter

    path = folder / "summary.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(summary, dict):
            return
    except (OSError, ValueError):
        return
    summary.update(
        block_pairs=outcome.block_pairs,
        sentence_pairs=outcome.sentence_pairs,
        unaligned_sentences=outcome.unaligned_sentences,
        mean_score=outcome.mean_score,
        findings_by_kind=dict(sorted(Counter(f.kind for f in checked.findings).items())),
        findings_by_severity=dict(outcome.findings_by_severity),
        ignored=len(checked.ignored),
        accepted=len(checked.accepted),
        review_revision=outcome.reviewed,
    )
    write_atomic(path, json.dumps(summary, ensure_ascii=False, indent=1) + "\n")


def _marker(folder: Path) -> dict[str, Any]:
    try:
        record = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _sizes_match(folder: Path, record: dict[str, Any]) -> bool:
    try:
        return all(os.stat(folder / name).st_size == size for name, size in record["files"].items())
    except (OSError, KeyError, TypeError, AttributeError):
        return False
