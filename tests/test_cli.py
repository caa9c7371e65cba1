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


INSTALLED = Path(sys.executable).with_name("srcalign")
COMMANDS = ("segment", "align", "fetch", "export", "score", "check", "terms", "run", "batch")


def srcalign(*args: str, cwd: Path | None = None, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """The installed console script, exactly as a user types it."""
    return subprocess.run([str(INSTALLED), *args], capture_output=True, cwd=cwd, stdin=stdin, env={**os.environ, "COLUMNS": "120"}, timeout=120)


@pytest.mark.parametrize(
    "args, expected",
    [
        (("export", "a.json", "--format", "xml"), "srcalign: error: --format: 'xml' is not one of tmx, xliff, tsv, jsonl, html, tbx (see `srcalign export --help`)"),
        (("segment", "--lang", "fr", "x"), "srcalign: error: --lang: 'fr' is not one of de, vi, en, auto (see `srcalign segment --help`)"),
        (("export", "a.json", "--bogus"), "srcalign: error: no such option: --bogus (see `srcalign export --help`)"),
        (("align", "a.txt"), "srcalign: error: missing argument 'TARGET' (see `srcalign align --help`)"),
        (("export", "a.json"), "srcalign: error: missing option --format; one of tmx, xliff, tsv, jsonl, html, tbx (see `srcalign export --help`)"),
        (("score", "a", "b", "-w", "99"), "srcalign: error: --width: "),
    ],
)
def test_usage_errors_are_one_line_like_the_tools_own(tmp_path, args, expected):
    """Before: a bad option value printed a multi-line box; the tool's own errors are one line."""
    result = srcalign(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), lines
    assert result.stdout == b""


def test_help_and_version_still_work_with_their_exit_codes():
    assert srcalign("--help").returncode == 0
    assert srcalign("--version").stdout.decode().startswith("srcalign ")
    bare = srcalign()
    assert bare.returncode == 2 and "Usage: srcalign" in bare.stderr.decode() + bare.stdout.decode()
    assert "segment" in bare.stderr.decode() + bare.stdout.decode()


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_readable_metavars(command):
    """Before: `<bool>` on flags, `<list[Path]>`, `{alignment}`, `<str>` and `<path>` in --help."""
    text = srcalign(command, "--help").stdout.decode()
    assert "Usage: srcalign " + command in text
    for tag in ("<bool>", "<list[", "<str>", "<path>", "<int>", "<float>", "{"):
        assert tag not in text.replace('{"findings"', ""), (tag, text)


def test_help_names_files_folders_and_urls():
    run = srcalign("run", "--help").stdout.decode()
    assert "[ARTICLE]" in run and "URL|FILE" in run and "DIR" in run and "--output" in run and "--out" in run
    export = srcalign("export", "--help").stdout.decode()
    assert "Usage: srcalign export [OPTIONS] ALIGNMENT" in export and "tmx|xliff|tsv|jsonl|html|tbx" in export
    assert "--no-findings" in export and "--min-score" in export and "--skip-flagged" in export
    assert "HOST:PORT" in srcalign("batch", "--help").stdout.decode()


def test_every_command_that_writes_a_file_says_so(tmp_path, seed_source, seed_article):
    """Before: check -o, terms -o and segment -o wrote silently while align and export said "wrote …"."""
    alignment = tmp_path / "alignment.json"
    writes = {
        "segment": ("segment", str(seed_article), "-o", str(tmp_path / "seg.txt")),
        "align": ("align", str(seed_source), str(seed_article), "-o", str(alignment)),
        "check": ("check", str(alignment), "-o", str(tmp_path / "findings.json"), "-f", "json"),
        "terms": ("terms", str(seed_source), str(seed_article), "-o", str(tmp_path / "terms.tsv")),
    }
    for name, args in writes.items():
        result = run_cli(*args)
        assert result.returncode == 0, (name, result.stderr)
        assert result.stderr.decode().splitlines()[-1] == f"srcalign: wrote {args[args.index('-o') + 1]}", name
        assert result.stdout == b"", name
    run = run_cli("run", "--example", "-o", "folder", cwd=tmp_path)
    assert "srcalign: wrote folder" in run.stderr.decode().splitlines()


def test_segment_on_a_terminal_says_what_it_waits_for(tmp_path):
    """Before: `srcalign segment` with no argument on a terminal waited silently."""
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([str(INSTALLED), "segment"], stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.write(leader, "Guten Morgen. Das ist ein Test.\n".encode())
        os.write(leader, b"\x04")  # Ctrl-D at the start of a line ends the input
        out, err = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 0, err
    assert err.decode().splitlines()[0].startswith("srcalign: reading the article from standard input; end it with Ctrl-D")
    assert out.decode().splitlines() == ["Guten Morgen.", "Das ist ein Test."]
    piped = run_cli("segment", stdin="Guten Morgen.\n".encode())
    assert piped.stderr == b""  # not on a terminal: no prompt


def test_ctrl_c_is_exit_code_130_with_one_line(tmp_path):
    import signal

    from tests.processes import wait_until_reading_stdin

    process = subprocess.Popen([str(INSTALLED), "segment", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until_reading_stdin(process)  # started and blocked on standard input
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().splitlines() == ["srcalign: interrupted"]


def test_terms_refuses_a_pair_in_one_language(tmp_path, seed_source):
    out = tmp_path / "terms.tsv"
    result = run_cli("terms", str(seed_source), str(seed_source), "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.decode().strip().startswith("srcalign: error: both texts look 'vi'")
