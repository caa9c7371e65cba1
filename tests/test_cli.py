"""The command line as a user meets it: `python -m toolkit.cli`-equivalent runs through main()."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console entry point in a subprocess, as a user would."""
    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "120"},
        timeout=120,
    )


def test_segment_example_from_any_directory(tmp_path):
    result = run_cli("segment", "--example", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Quelle:" not in out and "[Anzeige_2]" not in out and "Kommentar (0)" not in out
    assert "Arbeitsszene\n\n" in out
    assert "Resolution Nr. 18-NQ/TW des 12. Zentralkomitees der Partei" in out
    assert list(tmp_path.iterdir()) == []


def test_segment_json_from_stdin_vietnamese(seed_source):
    result = run_cli("segment", "-", "--lang", "vi", "--format", "json", stdin=seed_source.read_bytes())
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["lang"] == "vi"
    assert doc["blocks"][0]["kind"] == "title"
    assert {"id", "kind", "line", "text", "sentences"} <= set(doc["blocks"][2])
    assert doc["blocks"][2]["sentences"][0]["id"] == "b3.s1"


def test_segment_tsv_and_output_file(seed_article, tmp_path):
    out = tmp_path / "seg.tsv"
    result = run_cli("segment", str(seed_article), "--format", "tsv", "-o", str(out))
    assert result.returncode == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "block\tkind\tline\tsentence\ttext"
    assert rows[-1].startswith("b25\tcomment_counter\t25\tb25.s1\tKommentar (0)")


def test_wrong_language_is_warned(seed_source):
    result = run_cli("segment", str(seed_source), "--lang", "de")
    assert result.returncode == 0
    assert "looks like 'vi'" in result.stderr.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"<html><body><p>x</p></body></html>", "fetch --html"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, content, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.json"
    result = run_cli("segment", str(path), "-o", str(out))
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_directory_and_unknown_option(tmp_path):
    result = run_cli("segment", str(tmp_path))
    assert result.returncode == 2 and "directory" in result.stderr.decode()
    result = run_cli("segment", "--lang", "fr", "x")
    assert result.returncode == 2


def test_help_lists_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "segment" in result.stdout.decode()


# --- entry points under faults (issue 12) ------------------------------------------------------


def test_non_utf8_argv_bytes_are_one_line(tmp_path):
    """A file name that is not UTF-8 arrives as lone surrogates: refused, with the name spelled out."""
    name = os.fsencode(tmp_path) + b"/artikel-\xe4.txt"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write("Die Arbeitsgruppe tagte in Hà Giang.\n")
    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    result = subprocess.run([sys.executable, "-c", code, "segment", name], capture_output=True, timeout=120)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1, lines
    assert lines[0].startswith("srcalign: error: the argument") and "\\udce4" in lines[0] and "not valid Unicode" in lines[0]


def test_endless_input_is_one_line(tmp_path):
    result = run_cli("segment", "/dev/zero", cwd=tmp_path)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "larger than the input cap" in lines[0], lines
    capped = subprocess.run(
        [sys.executable, "-c", "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()", "segment", "-"],
        input=b"Ein Satz. " * 2000, capture_output=True, env={**os.environ, "SRCALIGN_MAX_INPUT_BYTES": "1000"}, timeout=120,
    )
    assert capped.returncode == 2 and "stdin: larger than the input cap of 1000 bytes" in capped.stderr.decode()


@pytest.mark.parametrize("content, message", [("source\tpreferred\n", "holds no terms (only a header line)"), ("source\tpreferred\tkommentar\nBộ Chính trị\tPolitbüro\tx\n", "unknown column 'kommentar'")])
def test_a_termbase_with_only_a_header_or_an_unknown_column_is_refused(tmp_path, seed_source, seed_article, content, message):
    termbase = tmp_path / "mine.tsv"
    termbase.write_text(content, encoding="utf-8")
    result = run_cli("terms", str(seed_source), str(seed_article), "--termbase", str(termbase))
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and message in lines[0] and str(termbase) in lines[0], lines


def test_utf16_article_with_and_without_bom(tmp_path, seed_article):
    text = seed_article.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-le"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        result = run_cli("segment", str(path), "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["blocks"][0]["text"] == text.splitlines()[0]
