"""The `srcalign` command line: parse options, call the library, print. No logic lives here."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from toolkit import __version__
from toolkit.errors import SrcalignError
from toolkit.textfile import write_atomic

app = typer.Typer(
    name="srcalign",
    help="Put German machine translations of Vietnamese news next to their cited source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
    """Write to a file atomically, or to stdout for None / '-'."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


def _warn(message: str) -> None:
    typer.echo(f"srcalign: warning: {message}", err=True)


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
    file: str = typer.Argument("-", help="Text file to segment, or '-' for standard input."),
    lang: Lang = typer.Option(Lang.auto, "--lang", "-l", help="Language of the text; auto tells de, vi and en apart."),
    fmt: SegmentFormat = typer.Option(SegmentFormat.sentences, "--format", "-f", help="sentences: one per line, blank line between blocks, boilerplate omitted; json: the document; tsv: one row per sentence."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
    example: bool = typer.Option(False, "--example", help="Segment the bundled example article (works from any directory)."),
) -> None:
    """Split an article into typed blocks (title, lead, caption, …) and sentences."""
    from toolkit.segment import segment_file
    from toolkit.segment.render import render_document
    from toolkit.sources import example_article

    document = segment_file(example_article() if example else file, lang.value)
    for note in document.meta.get("notes", []) + document.meta.get("warnings", []):
        _warn(note)
    _emit(render_document(document, fmt.value), output)


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit code 2."""
    try:
        app()  # standalone: Typer/Click print usage errors themselves, with exit code 2
    except SrcalignError as exc:
        typer.echo(f"srcalign: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("srcalign: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
