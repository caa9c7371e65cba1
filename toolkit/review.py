"""A run folder under review: revision, edit history, undo/redo, saving, and re-exporting.

The whole review state (revision, bead statuses, undo and redo stacks, a log of what changed
when) lives in `alignment.json` under `meta.review`, so one atomic write saves an action
completely or not at all, and the file stays readable by every alignment reader. Each action
names the revision it was based on; a stale one is refused (`StaleRevision`), never merged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit.alignment import ALIGNMENT_VERSION, Alignment
from toolkit.edit import Change, EditState, bead_key, corrected_text
from toolkit.errors import SrcalignError
from toolkit.findings import Finding, findings_to_json

ALIGNMENT_FILE = "alignment.json"
FINDINGS_FILE = "findings.json"
CORRECTED_FILE = "article.corrected.de.txt"
REVIEW_META = "review"
#: Undo steps kept in the file (older ones are dropped; the log keeps every action).
MAX_UNDO = 500
#: The project's decisions file and termbase are shared by every article: one writer at a time
#: (each write is read, change, write whole; two at once would lose one).
PROJECT_FILES_LOCK = threading.Lock()


class StaleRevision(SrcalignError):
    """An action based on an older revision than the file's: the page must reload first."""


@dataclass(frozen=True)
class ExportSettings:
    """What re-exporting writes: only confirmed beads into TMX/XLIFF/TSV/JSONL, or all of them."""

    confirmed_only: bool = False


class ReviewedRun:
    """One run folder (`alignments/<slug>/`) opened for review; thread-safe, one writer at a time."""

    def __init__(self, folder: Path) -> None:
        from toolkit.export import read_alignment, read_findings

        self.folder = Path(folder)
        path = self.folder / ALIGNMENT_FILE
        alignment = read_alignment(path)
        review = dict(alignment.meta.get(REVIEW_META) or {})
        try:
            self.revision = int(review.get("revision", 0))
            self.undo_stack: list[dict[str, Any]] = list(review.get("undo", []))
            self.redo_stack: list[dict[str, Any]] = list(review.get("redo", []))
            self.log: list[dict[str, Any]] = list(review.get("log", []))
            status = {str(k): str(v) for k, v in dict(review.get("status", {})).items()}
        except (TypeError, ValueError, AttributeError):
            raise SrcalignError(f"{path}: malformed review record in meta.review") from None
        meta = {k: v for k, v in alignment.meta.items() if k != REVIEW_META}
        self.state = EditState(replace(alignment, meta=meta), status)
        findings_path = self.folder / FINDINGS_FILE
        self.findings: list[Finding] = read_findings(findings_path) if findings_path.exists() else []
        self.lock = threading.RLock()
        self._json_cache: dict[str, tuple[Any, str]] = {}
        self._bead_lines: dict[Any, str] = {}

    # ------------------------------------------------------------ actions

    def perform(self, base_revision: int, make: Callable[[EditState], Change]) -> Change:
        """Make a change against the current state and save it, if `base_revision` is current."""
        with self.lock:
            self._check_revision(base_revision)
            change = make(self.state)
            if change.empty:
                return change
            entry = {"revision": self.revision + 1, "time": _now(), "change": change.to_dict()}
            self._commit(self.state.apply(change), change, undo=[*self.undo_stack, entry], redo=[])
            return change

    def undo(self, base_revision: int) -> Change:
        with self.lock:
            self._check_revision(base_revision)
            if not self.undo_stack:
                raise SrcalignError("nothing to undo")
            inverse = Change.from_dict(self.undo_stack[-1]["change"]).inverse()
            new_state = self.state.apply(inverse)
            self._commit(new_state, inverse, undo=self.undo_stack[:-1], redo=[*self.redo_stack, self.undo_stack[-1]])
            return inverse

    def redo(self, base_revision: int) -> Change:
        with self.lock:
            self._check_revision(base_revision)
            if not self.redo_stack:
                raise SrcalignError("nothing to redo")
            change = Change.from_dict(self.redo_stack[-1]["change"])
            new_state = self.state.apply(change)
            self._commit(new_state, replace(change, op=f"redo {change.op}"), undo=[*self.undo_stack, self.redo_stack[-1]], redo=self.redo_stack[:-1])
            return change

    def apply_finding(self, base_revision: int, number: int, scope: str, replacement: str, expected: str) -> Change:
        """Write `replacement` over a finding's German text at its first occurrence ("here") or all of them."""
        from toolkit.edit import replace_texts
        from toolkit.export.base import finding_places

        with self.lock:
            finding = self._finding(number, "")
            if finding.target_text != expected:
                raise StaleRevision(f"finding #{number} has changed since the page was loaded; reload to see the current findings")
            if scope not in ("here", "all"):
                raise SrcalignError(f"unknown scope {scope!r}; use here or all")
            places = finding_places(finding)[: 1 if scope == "here" else None]
            pairs = [(p.target_ids, p.target_text) for p in places if p.target_text]
            return self.perform(base_revision, lambda s: replace(replace_texts(s, pairs, replacement), op=f"apply {scope}"))

    def recheck(self, termbase: Any, decisions: Any = None) -> list[Finding]:
        """Findings of the edited alignment (after German text changed), kept for the page and exports;
        findings the project's decisions settle are left out, as `run` leaves them out."""
        with self.lock:
            alignment = self.state.alignment
        findings = _checked(alignment, termbase, decisions)
        with self.lock:
            if self.state.alignment is alignment:
                self.findings = findings
        return findings

    def progress(self) -> dict[str, int]:
        """Beads confirmed or edited by a person, of all beads that need a look (pairs and one-sided, no portal lines)."""
        with self.lock:
            beads = [b for b in self.state.alignment.beads_at("sentence") or self.state.alignment.beads_at("block")]
            status = dict(self.state.status)
        reviewed = sum(1 for b in beads if status.get(bead_key(b), "automatic") != "automatic")
        confirmed = sum(1 for b in beads if status.get(bead_key(b)) == "confirmed")
        return {"beads": len(beads), "confirmed": confirmed, "reviewed": reviewed}

    # ------------------------------------------------------------ files

    def alignment_with_review(self) -> Alignment:
        """The edited alignment with the review record in its meta, as it is saved."""
        review = {
            "revision": self.revision,
            "status": dict(sorted(self.state.status.items())),
            "log": self.log,
            "undo": self.undo_stack[-MAX_UNDO:],
            "redo": self.redo_stack,
        }
        return replace(self.state.alignment, meta={**self.state.alignment.meta, REVIEW_META: review})

    def save(self) -> None:
        """One atomic write of alignment.json: the previous revision stays intact until it is replaced."""
        from toolkit.textfile import write_atomic

        write_atomic(self.folder / ALIGNMENT_FILE, self.file_text() + "\n")

    def file_text(self) -> str:
        """alignment.json's text, the same bytes as Alignment.to_json, but made from pieces cached
        across saves: the two documents and each bead are serialised once, not at every action
        (a 2,000-bead article is 2.4 MB of JSON; an action changes a few lines of it)."""
        import json

        alignment = self.alignment_with_review()
        parts = [_member("version", ALIGNMENT_VERSION)]
        for key, document in (("source", alignment.source), ("target", alignment.target)):
            cached = self._json_cache.get(key)
            if cached is None or cached[0] is not document:
                cached = (document, _member(key, document.to_dict()))
                self._json_cache[key] = cached
            parts.append(cached[1])
        lines = []
        for bead in alignment.beads:
            line = self._bead_lines.get(bead)
            if line is None:
                line = self._bead_lines[bead] = "  " + json.dumps(bead.to_dict(), ensure_ascii=False)
            lines.append(line)
        parts.append(' "beads": [\n' + ",\n".join(lines) + "\n ]" if lines else _member("beads", []))
        parts.append(_member("meta", dict(alignment.meta)))
        return "{\n" + ",\n".join(parts) + "\n}"

    def dismiss(self, number: int, finding_id: str, reason: str, decisions_file: Path) -> None:
        """Record that a finding is a false alarm (decision `ignore`, with the reason) and stop showing it."""
        from toolkit.check.project import record_decision

        with self.lock, PROJECT_FILES_LOCK:
            finding = self._finding(number, finding_id)
            record_decision(self.findings, finding.id, "ignore", reason, Path(decisions_file))
            self.findings = [f for f in self.findings if f.id != finding.id]

    def _finding(self, number: int, finding_id: str) -> Finding:
        if not 1 <= number <= len(self.findings):
            raise SrcalignError(f"unknown finding #{number}")
        finding = self.findings[number - 1]
        if finding_id and finding.id != finding_id:
            raise StaleRevision(f"finding #{number} has changed since the page was loaded; reload to see the current findings")
        return finding

    def export(
        self, settings: ExportSettings = ExportSettings(), termbase: Any = None, decisions: Any = None, findings: Sequence[Finding] | None = None
    ) -> dict[str, Path]:
        """Re-check the edited alignment (unless its `findings` are given) and rewrite the folder's
        exports, findings and corrected German text; alignment.json is not touched."""
        from toolkit.export import FORMATS, write_exports
        from toolkit.termbase import load_termbase
        from toolkit.textfile import write_atomic

        with self.lock:
            alignment = self.state.alignment
            status = dict(self.state.status)
        tm_alignment = confirmed_only(alignment, status) if settings.confirmed_only else alignment
        if not tm_alignment.beads:
            raise SrcalignError("no bead is confirmed yet: nothing to export with confirmed beads only")
        if findings is None:
            findings = _checked(alignment, termbase if termbase is not None else load_termbase(), decisions)
        findings = list(findings)
        written = write_exports(alignment, findings, self.folder, formats=("tbx",))
        from toolkit.export.base import write_rendered
        from toolkit.export.html import render_review

        written["html"] = write_rendered(render_review(alignment, findings, status=status), self.folder / "review.html")
        level = "sentence" if tm_alignment.beads_at("sentence") else "block"
        written.update(write_exports(tm_alignment, findings, self.folder, level=level, formats=[f for f in FORMATS if f not in ("html", "tbx")]))
        write_atomic(self.folder / FINDINGS_FILE, findings_to_json(findings) + "\n")
        write_atomic(self.folder / CORRECTED_FILE, corrected_text(alignment.target))
        with self.lock:
            if self.state.alignment is alignment:
                self.findings = list(findings)
        files = {fmt: result.path for fmt, result in written.items() if result.path is not None}
        files["findings"] = self.folder / FINDINGS_FILE
        files["corrected"] = self.folder / CORRECTED_FILE
        return files

    # ------------------------------------------------------------ internals

    def _check_revision(self, base_revision: int) -> None:
        if base_revision != self.revision:
            raise StaleRevision(
                f"this page shows revision {base_revision}, but the alignment is at revision {self.revision} "
                "(changed in another tab or by another person); reload to see the current state"
            )

    def _commit(self, new_state: EditState, change: Change, *, undo: list[dict[str, Any]], redo: list[dict[str, Any]]) -> None:
        """Take the new state, stacks and a log line, and save; on a failed write everything stays as it was."""
        old = (self.state, self.revision, self.undo_stack, self.redo_stack, self.log)
        self.state, self.revision, self.undo_stack, self.redo_stack = new_state, self.revision + 1, undo, redo
        self.log = [*self.log, {"revision": self.revision, "time": _now(), "op": change.op, "args": dict(change.args)}]
        try:
            self.save()
        except BaseException:
            self.state, self.revision, self.undo_stack, self.redo_stack, self.log = old
            raise


def review_revision(folder: Path) -> int:
    """The review revision saved in a run folder's alignment.json: 0 when no person has changed it
    in the workbench (no file, no `meta.review`), -1 when the file mentions a review but cannot be
    read (treated as reviewed: it must not be overwritten either)."""
    import json

    try:
        text = (Path(folder) / ALIGNMENT_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    if f'"{REVIEW_META}"' not in text:
        return 0
    try:
        review = json.loads(text)["meta"][REVIEW_META]
        return max(int(review.get("revision", 0)), 1 if review.get("status") or review.get("log") else 0)
    except (ValueError, KeyError, TypeError, AttributeError):
        return -1


@dataclass(frozen=True)
class Rechecked:
    """A reviewed folder checked again: its alignment as the person left it, and the new findings."""

    run: ReviewedRun
    findings: tuple[Finding, ...]
    ignored: tuple[Finding, ...]
    accepted: tuple[Finding, ...]
    pairings: Any
    files: dict[str, Path]


def recheck_reviewed(folder: Path, termbase: Any, decisions: Any = None, diacritics_severity: str = "info", run: ReviewedRun | None = None) -> Rechecked:
    """Check a reviewed folder's alignment again with the project's current termbase and decisions
    and rewrite its findings and exports, without touching alignment.json: what a rerun of
    `run`/`batch` does instead of throwing a person's review away."""
    from toolkit.check import check_alignment, pair_up
    from toolkit.check.project import decide
    from toolkit.decisions import Decisions

    run = run or ReviewedRun(folder)
    alignment = run.state.alignment
    pairings = pair_up(alignment, termbase)
    decided = decide(check_alignment(alignment, termbase, diacritics_severity=diacritics_severity, pairings=pairings), decisions or Decisions())
    files = run.export(ExportSettings(), termbase, findings=decided.reported)
    return Rechecked(run, tuple(decided.reported), tuple(decided.ignored), tuple(decided.accepted), pairings, files)


def _checked(alignment: Alignment, termbase: Any, decisions: Any) -> list[Finding]:
    from toolkit.check import check_alignment

    findings = check_alignment(alignment, termbase)
    if decisions is None:
        return findings
    from toolkit.check.project import decide

    return list(decide(findings, decisions).reported)


def record_preferred_rendering(path: Path, term: str, rendering: str, termbase: Any, others: Sequence[str] = ()) -> None:
    """A person's choice of the German rendering of `term` for the project: one row of the project
    termbase (`<sources_dir>/termbase.tsv`), replacing an earlier choice for the same term.

    The row keeps what the termbase already knew (variants, wrong renderings, category); the other
    renderings seen in the text become variants unless they are known to be wrong."""
    import unicodedata

    from toolkit.termbase import COLUMNS, display_rendering
    from toolkit.textfile import read_text, write_atomic

    term = unicodedata.normalize("NFC", " ".join(term.split()))
    rendering = " ".join(rendering.split())
    if not term or not rendering:
        raise SrcalignError("a preferred rendering needs the source term and the German rendering")
    if any(c in term + rendering for c in "\t\n|"):
        raise SrcalignError("a rendering cannot hold tabs, line breaks or '|'")
    known = termbase.lookup(term) if termbase is not None else None
    pairs = list(known.renderings) if known is not None else []
    wrong = [r for r, status in pairs if status == "wrong" and r != rendering]
    variants = [r for r, status in pairs if status != "wrong" and r != rendering]
    variants += [r for r in map(display_rendering, others) if r and r != rendering and r not in variants and r not in wrong]
    row = [
        term,
        "|".join(known.source_variants) if known is not None else "",
        rendering,
        "|".join(variants),
        "|".join(wrong),
        known.category if known is not None else "term",
        f"preferred rendering chosen in srcalign review {_now()[:10]}",
    ]
    with PROJECT_FILES_LOCK:
        _replace_term_row(Path(path), term, row)


def _replace_term_row(path: Path, term: str, row: list[str]) -> None:
    import unicodedata

    from toolkit.termbase import COLUMNS
    from toolkit.textfile import read_text, write_atomic

    kept: list[str] = []
    if Path(path).is_file():
        for line in read_text(path).text.splitlines():
            first = line.split("\t", 1)[0].strip()
            if first.lower() == "source" or unicodedata.normalize("NFC", first).casefold() == term.casefold():
                continue
            if line.strip():
                kept.append(line)
    write_atomic(path, "\n".join(["\t".join(COLUMNS), *kept, "\t".join(row)]) + "\n")


def _member(key: str, value: Any) -> str:
    """One top-level member of an alignment file, laid out as toolkit.jsonformat lays it out."""
    from toolkit.jsonformat import readable_json

    return readable_json({key: value})[2:-2]


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def confirmed_only(alignment: Alignment, status: dict[str, str]) -> Alignment:
    """The alignment with only the beads a person confirmed (for translation memories)."""
    return replace(alignment, beads=tuple(b for b in alignment.beads if status.get(bead_key(b)) == "confirmed"))


def review_folders(path: Path) -> list[Path]:
    """The run folders under PATH: PATH itself (a `run` folder) or its article folders (a `batch` folder)."""
    path = Path(path)
    if not path.is_dir():
        raise SrcalignError(f"{path}: no such folder (give a run folder alignments/<slug>/ or a batch folder)")
    if (path / ALIGNMENT_FILE).is_file():
        return [path]
    root = path.resolve()
    # an article folder is a real folder inside PATH: a link to elsewhere would let saves write outside it
    folders = sorted(
        p for p in path.iterdir()
        if not p.is_symlink() and p.is_dir() and not p.name.startswith(".") and (p / ALIGNMENT_FILE).is_file() and p.resolve().parent == root
    )
    if not folders:
        raise SrcalignError(f"{path}: neither a run folder (no alignment.json) nor a batch folder (no article folders with one)")
    return folders


def article_overview(run: ReviewedRun, threshold: float = 0.5) -> dict[str, Any]:
    """One row of the batch view: findings by severity, weak and unconfirmed beads, review progress."""
    with run.lock:
        alignment, status, findings, revision = run.state.alignment, dict(run.state.status), list(run.findings), run.revision
    beads = alignment.beads_at("sentence") or alignment.beads_at("block")
    progress = run.progress()
    return {
        "name": run.folder.name,
        "title": next((b.text for d in (alignment.target, alignment.source) for b in d.blocks if b.kind == "title"), run.folder.name),
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "weak": sum(1 for b in beads if not b.one_sided and b.score < threshold and status.get(bead_key(b)) != "confirmed"),
        "unconfirmed": progress["beads"] - progress["confirmed"],
        "beads": progress["beads"],
        "confirmed": progress["confirmed"],
        "progress": round(100 * progress["reviewed"] / progress["beads"]) if progress["beads"] else 100,
        "revision": revision,
    }


def rebuild_corpus(batch_dir: Path, runs: Sequence[ReviewedRun], termbase: Any, decisions: Any, confirmed_only: bool = False) -> dict[str, Any]:
    """The batch's corpus.tmx and corpus.jsonl again, from the articles as reviewed: every article
    edited in the workbench is re-exported first; with `confirmed_only`, only confirmed beads count
    (articles without any are left out)."""
    from toolkit.batch.corpus import write_corpus_jsonl, write_corpus_tmx
    from toolkit.batch.work import ArticleOutcome

    outcomes = []
    for run in sorted(runs, key=lambda r: r.folder.name):
        if confirmed_only:
            if not run.progress()["confirmed"]:
                continue
            run.export(ExportSettings(confirmed_only=True), termbase, decisions)
        elif run.revision:
            run.export(ExportSettings(), termbase, decisions)
        outcomes.append(ArticleOutcome(id=run.folder.name, line=0, ok=True, folder=str(run.folder)))
    units = write_corpus_tmx(Path(batch_dir) / "corpus.tmx", outcomes)
    write_corpus_jsonl(Path(batch_dir) / "corpus.jsonl", outcomes)
    return {"articles": len(outcomes), "units": units}
