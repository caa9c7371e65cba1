"""Every srcalign command of the README's quick start runs as documented (STYLE: docs are tested)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.test_cli import run_cli

README = Path(__file__).resolve().parents[1] / "README.md"


def quick_start_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Quick start") : text.index("## ", text.index("## Quick start") + 3)]
    return re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)


def test_quick_start_has_the_two_commands():
    first, second = quick_start_commands()
    assert "pip install ." in first and first.rstrip().endswith("srcalign run --example")
    assert "pip install -e '.[test]'" in second and second.rstrip().endswith("pytest")


def test_the_first_command_runs_the_main_job(tmp_path):
    first = quick_start_commands()[0]
    args = shlex.split(first.split("&&")[-1])
    assert args[0] == "srcalign"
    result = run_cli(*args[1:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / result.stdout.decode().strip().splitlines()[-1]
    assert {p.name for p in out.iterdir()} >= {"alignment.json", "findings.json", "review.html", "alignment.tmx", "alignment.xlf"}


def test_ci_runs_the_readme_test_command():
    second = quick_start_commands()[1]
    ci = (README.parent / ".ci/run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in ci and ". .venv/bin/activate" in ci
    assert "pip install -e '.[test]'" in ci and "\npytest\n" in ci
    assert "pip install -e '.[test]'" in second


def test_the_review_walkthrough_starts_as_documented(tmp_path, review):
    """The "Review and correct" commands: a run, then the workbench on its folder (stopped with Ctrl-C)."""
    import signal

    text = README.read_text(encoding="utf-8")
    start = text.index("## Review and correct")
    section = text[start : text.index("\n## ", start + 4)]
    [block] = re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)
    run, review_line = block.splitlines()
    result = run_cli(*shlex.split(run)[1:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from tests.web.test_server import get

    args = shlex.split(review_line)
    assert args[:2] == ["srcalign", "review"]
    process, lines = review(*args[2:], "--port", "0", cwd=tmp_path)
    url = lines[-1].split()[1]
    status, page = get(url)
    assert status == 200 and b'class="workbench"' in page
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode == 0


def test_the_export_example_runs_as_documented(tmp_path):
    """The `srcalign export` section's example: a run folder, then a TMX of the trusted pairs only."""
    text = README.read_text(encoding="utf-8")
    start = text.index("### `srcalign export")
    section = text[start : text.index("\n### ", start + 4)]
    [block] = re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)
    for line in block.splitlines():
        args = shlex.split(line)
        assert args[0] == "srcalign"
        result = run_cli(*args[1:], cwd=tmp_path)
        assert result.returncode == 0, (line, result.stderr)
    stderr = result.stderr.decode()
    assert stderr.startswith("srcalign: wrote memory.tmx (") and "findings from example/findings.json" in stderr
    memory = (tmp_path / "memory.tmx").read_text(encoding="utf-8")
    assert "srcalign left out " in memory and "with unresolved error findings." in memory
