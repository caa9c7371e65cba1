"""`srcalign run`: the whole job for one article, stage after stage, into one output folder.

article → cited URL → source (cache or fetch) → segment both → align → check → exports.
The folder is built beside its destination and renamed into place at the end, so a failed
or interrupted run leaves no half-written output and never mixes two runs. `srcalign batch`
(toolkit.batch) runs the same stages, `align_and_check` and `write_run_folder`, per article.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit
from urllib.request import url2pathname

from toolkit.alignment import Alignment
from toolkit.check.project import decide, project_decisions, project_termbases
from toolkit.decisions import Decisions
from toolkit.document import Document
from toolkit.errors import SrcalignError
from toolkit.findings import Finding, findings_to_json
from toolkit.pair_check import check_article_language, check_languages, check_related
from toolkit.segment import load_furniture, segment_file, segment_text
from toolkit.segment.blocks import FurniturePatterns
from toolkit.sources import example_article, example_dir, slug_for_url
from toolkit.termbase import Termbase, load_termbase
from toolkit.urls import is_web_url, public_url
from toolkit.textfile import check_parent, make_folder, publish_folder, read_input_bytes, read_text, staging_folder, write_atomic

if TYPE_CHECKING:
    from toolkit.export import ExportResult

Progress = Callable[[str], None]

#: Files a run writes besides the exports (see toolkit.export.FILENAMES for those).
ALIGNMENT_FILE = "alignment.json"
FINDINGS_FILE = "findings.json"
SUMMARY_FILE = "summary.json"
#: What to do when the cited page cannot be fetched (offline, blocked, gone).
NO_NETWORK_HINT = "save the page in a browser and give it with --source FILE (or import it with `srcalign fetch --html FILE`)"


@dataclass(frozen=True)
class RunOptions:
    """What a run may use and where it writes; defaults are relative to the working directory."""

    source: str | None = None  # a URL, or a local source text or saved HTML page
    out_dir: Path | None = None  # default: alignments/<slug>/
    sources_dir: Path = Path("sources")
    alignments_dir: Path = Path("alignments")
    termbases: tuple[Path, ...] = ()
    offline: bool = False
    force: bool = False
    diacritics_severity: str = "info"
    embeddings: str | None = None  # 'bundled' or a local sentence-transformers folder (optional extra)
    furniture: Path | None = None  # the user's portal-line patterns (toolkit.segment.load_furniture)
    discard_review: bool = False  # replace a folder reviewed in `srcalign review` (else --force keeps the review)


@dataclass(frozen=True)
class SourceText:
    """The Vietnamese source as a run got it, with where it came from."""

    text: str
    sha256: str
    path: Path
    url: str | None
    provenance: dict[str, Any]
    caption_lines: tuple[int, ...] | None
    from_cache: bool
    folder: Path | None = None


@dataclass(frozen=True)
class RunResult:
    out_dir: Path
    files: dict[str, Path]
    alignment: Alignment
    findings: tuple[Finding, ...]
    source: SourceText
    warnings: tuple[str, ...] = field(default_factory=tuple)
    ignored: int = 0  # findings a decision (sources/decisions.tsv) keeps out of the report
    accepted: int = 0

    def summary(self) -> dict[str, Any]:
        """Counts a person (and a script) wants at the end of a run."""
        sentence = self.alignment.beads_at("sentence")
        return {
            "out_dir": str(self.out_dir),
            "files": {name: str(path) for name, path in sorted(self.files.items())},
            "source_url": public_url(self.source.url) if self.source.url else None,
            "provenance": self.source.provenance.get("provenance"),
            "source_from_cache": self.source.from_cache,
            "block_pairs": sum(1 for b in self.alignment.beads_at("block") if not b.one_sided),
            "sentence_pairs": sum(1 for b in sentence if not b.one_sided),
            "unaligned_sentences": sum(len(b.source) + len(b.target) for b in sentence if b.one_sided),
            "mean_score": round(self.alignment.mean_score, 4),
            "findings_by_kind": dict(sorted(Counter(f.kind for f in self.findings).items())),
            "findings_by_severity": dict(sorted(Counter(f.severity for f in self.findings).items())),
            "ignored": self.ignored,
            "accepted": self.accepted,
            "warnings": list(self.warnings),
        }


def run_article(article: str | Path, options: RunOptions = RunOptions(), progress: Progress | None = None) -> RunResult:
    """Do the whole job for one German article; returns where everything was written."""
    say = progress or (lambda _message: None)
    say("reading the German article")
    furniture = load_furniture(options.furniture)
    target = segment_file(article, "de", furniture)
    check_article_language(target, force=options.force)  # before a fetch writes the cache (with --force, align_and_check warns)
    termbase = load_termbase(project_termbases(options.sources_dir, options.termbases))
    decisions = project_decisions(options.sources_dir)
    cited = options.source if is_web_url(options.source) else target.meta.get("source_url")
    if options.out_dir is not None or cited:  # refuse an existing output before any work
        _check_destination(options.out_dir or options.alignments_dir / slug_for_url(cited), options.force or options.discard_review, options.out_dir is not None)
    say("finding the Vietnamese source")
    try:
        source = resolve_source(target, options, say)
    except SrcalignError as exc:  # unreachable, HTTP error, not cached offline: how to go on without the network
        if not _fetching(options, target):
            raise
        raise SrcalignError(f"{exc}; {NO_NETWORK_HINT}") from None
    say("segmenting the source")
    source_doc = source_document(source, furniture)
    out_dir = options.out_dir or options.alignments_dir / _slug(source, Path(article))
    _check_destination(out_dir, options.force or options.discard_review, options.out_dir is not None)
    if out_dir.is_dir() and not options.discard_review:
        from toolkit.review import review_revision

        revision = review_revision(out_dir)
        if revision:
            say("re-checking the reviewed alignment")
            return _keep_review(out_dir, revision, source_doc, target, termbase, decisions, source, options)
    checked = align_and_check(
        source_doc, target, termbase, diacritics_severity=options.diacritics_severity, progress=say, decisions=decisions,
        force=options.force, embeddings=options.embeddings,
    )
    say("writing the outputs")
    if options.out_dir is None:
        make_folder(options.alignments_dir)  # the default alignments/ folder is ours to create
    return write_run_folder(out_dir, checked, source, force=options.force or options.discard_review)


def _keep_review(
    out_dir: Path, revision: int, source_doc: Document, target: Document, termbase: Termbase, decisions: Decisions, source: SourceText, options: RunOptions
) -> RunResult:
    """`run --force` on a folder a person reviewed: the review is kept, never overwritten; the
    alignment as reviewed is checked again with the project's termbase and decisions (findings
    and exports rewritten). A review of other texts is refused: only --discard-review replaces it."""
    from toolkit.review import recheck_reviewed

    drop = "--discard-review realigns from scratch and drops the review"
    if revision < 0:
        raise SrcalignError(f"{out_dir / ALIGNMENT_FILE} holds a review but cannot be read; {drop}")
    from toolkit.review import ReviewedRun

    reviewed = ReviewedRun(out_dir)
    alignment = reviewed.state.alignment
    changed = [name for name, old, new in (("source", alignment.source, source_doc), ("article", alignment.target, target)) if old.sha256 != new.sha256]
    if changed:  # before anything is written
        raise SrcalignError(f"{out_dir} holds a review (revision {revision}) of another {' and '.join(changed)} text; {drop}")
    checked = recheck_reviewed(out_dir, termbase, decisions, options.diacritics_severity, run=reviewed)
    kept = f"{out_dir} was reviewed in srcalign review (revision {revision}): kept as reviewed and re-checked with the project's termbase and decisions, not realigned; {drop}"
    files = {ALIGNMENT_FILE: out_dir / ALIGNMENT_FILE, **{path.name: path for path in checked.files.values()}}
    return RunResult(out_dir, files, alignment, checked.findings, source, (kept,), len(checked.ignored), len(checked.accepted))


@dataclass(frozen=True)
class CheckedPair:
    """An aligned and checked pair, before anything is written: what every output is made from."""

    alignment: Alignment
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...]
    pairings: Any = None  # toolkit.check.Pairings: names and terms paired, for later readers
    ignored: tuple[Finding, ...] = ()  # kept out of `findings` by a decision
    accepted: tuple[Finding, ...] = ()


def align_and_check(
    source: Document,
    target: Document,
    termbase: Termbase,
    *,
    diacritics_severity: str = "info",
    progress: Progress | None = None,
    decisions: Decisions | None = None,
    force: bool = False,
    embeddings: str | None = None,
) -> CheckedPair:
    """The two middle stages (align, check) with one termbase, shared by `run` and `batch`;
    findings a decision ignores or accepts are left out (and counted).

    A pair in one language, or a source plainly not the article's, is refused before aligning
    or checking (toolkit.pair_check), unless `force` (then it is a warning)."""
    from toolkit.align import align_documents
    from toolkit.align.embeddings import shared_embedder
    from toolkit.align.terms import term_finders
    from toolkit.check import check_alignment, pair_up

    say = progress or (lambda _message: None)
    warnings: list[str] = [*target.meta.get("notes", []), *target.meta.get("warnings", [])]
    warnings.extend(check_languages(source, target, force=force))
    say("aligning")
    source_terms, target_terms = term_finders(termbase)
    alignment = align_documents(source, target, source_terms=source_terms, target_terms=target_terms, embedder=shared_embedder(embeddings))
    warnings.extend(alignment.meta.get("warnings", []))
    warnings.extend(check_related(alignment, force=force))
    say("checking names and terms")
    pairings = pair_up(alignment, termbase)
    findings = check_alignment(alignment, termbase, diacritics_severity=diacritics_severity, pairings=pairings)
    decided = decide(findings, decisions or Decisions())
    return CheckedPair(alignment, decided.reported, tuple(warnings), pairings, decided.ignored, decided.accepted)


def write_run_folder(
    out_dir: Path,
    checked: CheckedPair,
    source: SourceText,
    *,
    seal: Callable[[Path, RunResult], None] | None = None,
    durable: bool = True,
    force: bool = True,
) -> RunResult:
    """Every output of a run, built in a staging folder beside `out_dir` and renamed into place.

    `seal(staging, result)` may add files (the batch's completion marker) just before the rename,
    so a folder that exists under its final name is always complete. `durable=False` is for a
    batch, whose marker records every file's size so that a folder a power cut lost or left
    short is redone: it skips the per-file fsync (about 4 ms an article), the fsync of the
    parent after the rename (a journal commit per article; the batch fsyncs its DIR once at the
    end) and the parent's scan for dead runs' staging folders (the batch clears its DIR when it
    starts). Without `force`, an `out_dir` that exists when the finished folder is renamed into
    place (another run got there first) is refused.
    """
    from toolkit.export import write_exports

    staging = staging_folder(out_dir, clean=durable)
    write = write_atomic if durable else _write_unsynced
    warnings = list(checked.warnings)
    try:
        write(staging / ALIGNMENT_FILE, checked.alignment.to_json() + "\n")
        write(staging / FINDINGS_FILE, findings_to_json(checked.findings) + "\n")
        if durable:
            exports = write_exports(checked.alignment, checked.findings, staging)
        else:
            exports = _write_exports_unsynced(checked, staging)
        for written in exports.values():  # warnings name the file where it will be, not the staging folder
            warnings.extend(replace(written, path=out_dir / written.path.name).warnings)
        files = {ALIGNMENT_FILE: out_dir / ALIGNMENT_FILE, FINDINGS_FILE: out_dir / FINDINGS_FILE}
        files.update({r.path.name: out_dir / r.path.name for r in exports.values()})
        files[SUMMARY_FILE] = out_dir / SUMMARY_FILE
        result = RunResult(
            out_dir, files, checked.alignment, checked.findings, source, tuple(warnings), len(checked.ignored), len(checked.accepted)
        )
        write(staging / SUMMARY_FILE, json.dumps(result.summary(), ensure_ascii=False, indent=1) + "\n")
        if seal is not None:
            seal(staging, result)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish_folder(staging, out_dir, replace=force, sync=durable)
    return result


def _write_exports_unsynced(checked: CheckedPair, folder: Path) -> dict[str, ExportResult]:
    """toolkit.export.write_exports without the per-file fsync: every format rendered first, one timestamp."""
    from toolkit.export import FILENAMES, FORMATS, ExportResult, render_export
    from toolkit.export.base import utc_now

    created = utc_now()
    plans: dict = {}  # one placement of beads and findings, shared by every format
    rendered = {fmt: render_export(checked.alignment, checked.findings, fmt, created=created, plans=plans) for fmt in FORMATS}
    results: dict[str, ExportResult] = {}
    for fmt, export in rendered.items():
        _write_unsynced(folder / FILENAMES[fmt], export.data)
        results[fmt] = ExportResult(fmt, folder / FILENAMES[fmt], export.units, export.dropped)
    return results


def _write_unsynced(path: Path, data: str | bytes) -> None:
    """A write into a staging folder without fsync: the folder's rename, not each file's, makes the output atomic."""
    write_atomic(path, data, sync=False)


def run_example(options: RunOptions = RunOptions(), progress: Progress | None = None) -> RunResult:
    """The bundled example, offline, from any directory (its source ships with the package)."""
    return run_article(example_article(), RunOptions(**{**options.__dict__, "source": str(example_dir() / "source.txt"), "offline": True}), progress)


def resolve_source(article: Document, options: RunOptions, say: Progress) -> SourceText:
    """The source text: a given file or URL, else the article's "Quelle:" URL via the cache/fetch."""
    given = options.source
    if given and not is_web_url(given):
        return _local_source(local_path(given), article, options, say)
    url = given or article.meta.get("source_url")
    if not url:
        raise SrcalignError(
            f"{article.path}: no \"Quelle:\" line with a URL; give the source with --source URL or --source FILE"
        )
    from toolkit.fetch import FetchOptions, fetch_source

    say(f"source: {public_url(url)}")
    fetched = fetch_source(url, FetchOptions(sources_dir=options.sources_dir, offline=options.offline))
    return _cached_text(fetched.folder, fetched.from_cache)


def local_path(given: str) -> Path:
    """A file given as a path or as a file:// URL (file:///home/…, file://localhost/…)."""
    if given.lower().startswith("file:"):
        parts = urlsplit(given)
        if parts.netloc not in ("", "localhost"):
            raise SrcalignError(f"{given}: a file:// URL on another host ({parts.netloc}) cannot be read; give a local file")
        return Path(url2pathname(parts.path))
    return Path(given)


def _fetching(options: RunOptions, article: Document) -> bool:
    """True when the source comes from the network or the cache (a URL), not from a file given."""
    given = options.source
    if given:
        return is_web_url(given)
    return bool(article.meta.get("source_url"))


def _local_source(path: Path, article: Document, options: RunOptions, say: Progress) -> SourceText:
    """A source file on disk: a folder's source.txt (with its source.json), plain text, or a saved page."""
    if path.name == "source.txt" and (path.parent / "source.json").is_file():
        return _cached_text(path.parent, True)
    if path.suffix.lower() in (".html", ".htm"):
        url = article.meta.get("source_url")
        if not url:
            raise SrcalignError(f"{path}: a saved page needs the article's \"Quelle:\" URL to be filed under; none found")
        from toolkit.fetch import FetchOptions, fetch_source

        fetched = fetch_source(url, FetchOptions(sources_dir=options.sources_dir, html_file=path))
        return _cached_text(fetched.folder, False)
    decoded = read_text(path)
    say(f"source: {path}")
    provenance = {"provenance": "imported", "path": str(path), "note": "a local text file given with --source"}
    return SourceText(decoded.text, decoded.sha256, path, article.meta.get("source_url"), provenance, None, False)


def _cached_text(folder: Path, from_cache: bool) -> SourceText:
    meta_path = folder / "source.json"
    try:
        record = json.loads(read_input_bytes(meta_path).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("captions", []), (list, type(None))):
        raise SrcalignError(f"{meta_path}: not a valid source record; fetch again with --refresh")
    for key in ("url", "final_url"):  # a record written before URLs were sanitised
        if isinstance(record.get(key), str):
            record[key] = public_url(record[key])
    decoded = read_text(folder / "source.txt")
    kind = record.get("provenance")
    captions = tuple(record.get("captions") or ()) if kind in ("retrieved", "imported") else None
    return SourceText(decoded.text, decoded.sha256, folder / "source.txt", record.get("url"), record, captions, from_cache, folder)


def source_document(source: SourceText, furniture: FurniturePatterns = ()) -> Document:
    """The Vietnamese source segmented, carrying its provenance and caption lines into the alignment."""
    meta = {"provenance": source.provenance.get("provenance"), "source_record": source.provenance}
    return segment_text(
        source.text,
        "vi",
        path=str(source.path),
        url=source.url,
        sha256=source.sha256,
        meta=meta,
        caption_lines=source.caption_lines,
        furniture=furniture,
    )


def _slug(source: SourceText, article: Path) -> str:
    """The output folder name: the cited URL's slug, as the sources folder uses."""
    if source.url:
        return slug_for_url(source.url)
    if article.parent.parent.name == "sources":
        return article.parent.name
    return slug_for_url("file:///" + article.stem)


def _check_destination(out_dir: Path, force: bool, given: bool = True) -> None:
    """Refuse early, before any work, what the rename at the end would refuse anyway.

    A folder given with --out must be in an existing folder; the default alignments/ is made."""
    if given:
        check_parent(out_dir)
    if out_dir.exists() and not force:
        from toolkit.review import review_revision

        if review_revision(out_dir):
            raise SrcalignError(f"{out_dir} exists and was reviewed in srcalign review; --force keeps the review and re-checks it, --discard-review realigns from scratch and drops it")
        raise SrcalignError(f"{out_dir} exists; use --force to replace it (runs are never mixed in one folder)")
    if out_dir.exists() and not out_dir.is_dir():
        raise SrcalignError(f"{out_dir} exists and is not a folder")


def describe(result: RunResult) -> list[str]:
    """The closing summary for a person."""
    s = result.summary()
    provenance = s["provenance"] or "unknown"
    label = " — a RECONSTRUCTION, not the newspaper's text" if provenance == "reconstructed" else ""
    kinds = ", ".join(f"{k} {v}" for k, v in s["findings_by_kind"].items()) or "none"
    severities = ", ".join(f"{k} {v}" for k, v in s["findings_by_severity"].items()) or "none"
    return [
        f"source: {s['source_url'] or result.source.path} ({provenance}{label})",
        f"aligned: {s['block_pairs']} block pairs, {s['sentence_pairs']} sentence pairs, "
        f"{s['unaligned_sentences']} {'sentence' if s['unaligned_sentences'] == 1 else 'sentences'} unaligned; "
        f"mean score {s['mean_score']:.2f}",
        f"findings: {kinds} ({severities}); ignored: {s['ignored']}" + (f", accepted: {s['accepted']}" if s["accepted"] else ""),
        "files: " + ", ".join(sorted(Path(p).name for p in s["files"].values())),
        str(result.out_dir),
    ]
