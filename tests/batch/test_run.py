"""`srcalign batch` from the command line: outputs, failures that stop nothing, resuming after a kill."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.batch.conftest import RUN_FILES, assert_same_outputs, batch_cli
from tests.test_cli import ROOT


def test_every_article_gets_what_run_writes_and_the_summary_adds_up(reference):
    assert reference.returncode == 0, reference.stderr
    lines = reference.stdout.splitlines()
    assert lines[0] == "articles: 8 (8 aligned, 0 failed)"
    assert lines[-1] == str(reference.out)
    assert "8/8 articles" in reference.stderr and "articles/s" in reference.stderr
    folders = sorted(p for p in reference.folder.iterdir() if p.is_dir())
    assert len(folders) == 8
    for folder in folders:
        assert {p.name for p in folder.iterdir()} == RUN_FILES | {"batch.json"}
    summary = json.loads((reference.folder / "summary.json").read_text(encoding="utf-8"))
    per_article = [json.loads((f / "summary.json").read_text(encoding="utf-8")) for f in folders]
    assert summary["succeeded"] == 8 and summary["failed"] == 0 and summary["failures"] == []
    assert summary["sentence_pairs"] == sum(s["sentence_pairs"] for s in per_article)
    assert 0.8 < summary["mean_score"] <= 1
    assert summary["run"]["processed"] == 8 and summary["run"]["resumed"] == 0 and summary["run"]["workers"] == 2
    assert summary["run"]["articles_per_second"] > 0
    assert summary["ignored"] == 0 and any(line.endswith("; ignored: 0") for line in lines)  # no decisions file here
    assert (reference.folder / "findings.tsv").read_text(encoding="utf-8").startswith("id\tsource\tkind\trenderings\t")


def test_failures_are_recorded_and_the_others_go_on(reference, tmp_path):
    archive = reference.manifest.parent
    lines = [
        json.dumps({"id": "ok", "article": str(archive / "00.de.txt"), "source": str(archive / "00.vi.txt")}),
        json.dumps({"id": "no-article", "article": str(tmp_path / "missing.de.txt")}),
        json.dumps({"id": "no-source", "article": str(archive / "01.de.txt"), "source": str(tmp_path / "missing.vi.txt")}),
        "{oops",
        json.dumps({"id": "ok", "article": str(archive / "02.de.txt"), "source": str(archive / "02.vi.txt")}),
        json.dumps({"id": "not-cached", "article": str(archive / "03.de.txt")}),  # its Quelle: URL, offline
    ]
    manifest = tmp_path / "bad.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = batch_cli(str(manifest), "--out", str(tmp_path / "out"), "--workers", "2", "--offline", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout) == json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr and "srcalign: failed: no-article:" in stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    reasons = {(f["id"], f["line"]): f["reason"] for f in summary["failures"]}
    assert reasons[("no-article", 2)].endswith("missing.de.txt: no such file")
    assert reasons[("no-source", 3)].endswith("missing.vi.txt: no such file")
    assert reasons[("line-4", 4)].startswith("not JSON")
    assert reasons[("ok", 5)] == "duplicate id 'ok' (first used on line 1)"
    assert "offline" in reasons[("not-cached", 6)]
    assert summary["succeeded"] == 1 and summary["failed"] == 5
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == ["ok"]


def session_processes(session: int) -> list[int]:
    """The live processes of a session (the batch we started and the processes it started)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_a_killed_batch_rerun_does_only_the_rest_and_ends_like_a_clean_run(reference):
    """Article 4 of 8 is a FIFO nobody writes: the one worker blocks on it after three articles are done.

    The batch command is killed with SIGKILL; its worker and helper processes then end on their own
    (the FIFO is opened once to let the worker go), as after `kill -9` of a real batch.
    """
    blocked = reference.manifest.parent / "03.de.txt"
    text = blocked.read_bytes()
    blocked.unlink()
    os.mkfifo(blocked)
    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    args = [sys.executable, "-c", code, "batch", str(reference.manifest), "--out", str(reference.out), "--workers", "1", "--offline"]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(list(reference.out.glob("*/batch.json"))) < 3:
            assert process.poll() is None and time.monotonic() < deadline, "the batch did not get to the blocked article"
            time.sleep(0.05)
        time.sleep(0.3)  # the worker is now waiting on the FIFO
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        os.close(os.open(blocked, os.O_WRONLY | os.O_NONBLOCK))  # the worker reads an empty article and ends
        deadline = time.monotonic() + 30
        while session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        if session_processes(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        blocked.unlink()
        blocked.write_bytes(text)
    done = {p.parent.name: p.stat().st_mtime_ns for p in reference.out.glob("*/batch.json")}
    assert 3 <= len(done) < 8 and not (reference.out / "summary.json").exists()
    (reference.out / ".bbc-381735.partial-4242").mkdir()  # what a kill during a folder's writing leaves
    (reference.out / ".bbc-381735.partial-4242" / "alignment.json").write_text("{", encoding="utf-8")
    try:
        rerun = batch_cli(str(reference.manifest), "--out", str(reference.out), "--workers", "2", "--offline", cwd=reference.out.parent)
        assert rerun.returncode == 0, rerun.stderr
        summary = json.loads((reference.out / "summary.json").read_text(encoding="utf-8"))
        assert (summary["run"]["resumed"], summary["run"]["processed"]) == (len(done), 8 - len(done))
        assert {name: (reference.out / name / "batch.json").stat().st_mtime_ns for name in done} == done  # untouched
        assert not [p for p in reference.out.iterdir() if p.name.startswith(".")]  # no staging leftovers
        assert_same_outputs(reference.out, reference.folder)
        again = batch_cli(str(reference.manifest), "--out", str(reference.out), "--offline", cwd=reference.out.parent)
        assert again.returncode == 0 and "8 done by an earlier run" in again.stdout.decode()
        assert_same_outputs(reference.out, reference.folder)  # idempotent
    finally:
        shutil.rmtree(reference.out, ignore_errors=True)


def test_bad_usage_is_one_line_and_exit_code_2(reference, tmp_path):
    missing = batch_cli(str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.decode().strip().splitlines() == [f"srcalign: error: {tmp_path / 'none.jsonl'}: no such file"]
    mixed = batch_cli(str(reference.manifest), "--out", str(tmp_path / "out"), "--ray-address", "127.0.0.1:1", cwd=tmp_path)
    assert mixed.returncode == 2 and mixed.stderr.decode().strip() == "srcalign: error: --ray-address needs --engine ray"
    zero = batch_cli(str(reference.manifest), "--out", str(tmp_path / "out"), "--workers", "0", cwd=tmp_path)
    assert zero.returncode == 2
    broken = tmp_path / "mine.tsv"  # the user's termbase is read before any work (the built-in one by the workers)
    broken.write_text("source\tpreferred\nBộ Chính trị\n", encoding="utf-8")
    refused = batch_cli(str(reference.manifest), "--out", str(tmp_path / "out"), "--termbase", str(broken), cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.decode().strip().splitlines() == [
        f"srcalign: error: {broken}: line 2: no preferred German rendering for 'Bộ Chính trị'"
    ]
    assert not (tmp_path / "out").exists()


def test_the_readme_example_runs(tmp_path):
    """STYLE: every command in the README is run by a test; this one on a copy of the bundled sources."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `srcalign batch") : readme.index("### `srcalign segment")]
    commands = re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)[0]
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-euc", commands], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines()[-1] == str(tmp_path / "batch")
    assert (tmp_path / "batch" / "hg-0317" / "review.html").is_file()
    assert json.loads((tmp_path / "batch" / "summary.json").read_text(encoding="utf-8"))["succeeded"] == 1


def test_a_lone_surrogate_in_the_manifest_fails_its_line_and_summary_json_is_written(tmp_path, seed_article, seed_source):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        '{"id": "gut", "article": "%s", "source": "%s"}\n{"article": "kaputt\\udc80.de.txt"}\n' % (seed_article, seed_source),
        encoding="utf-8",
    )
    result = batch_cli(str(manifest), "--out", str(tmp_path / "out"), "--workers", "1", "--offline", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["succeeded"] == 1 and summary["failed"] == 1
    assert "not valid Unicode" in summary["failures"][0]["reason"]


def test_a_line_recurring_across_the_archive_is_learned_as_portal_furniture(tmp_path):
    from tests.batch.conftest import write_archive

    manifest = write_archive(tmp_path / "archive")
    for german in sorted((tmp_path / "archive").glob("*.de.txt"))[:4]:
        lines = german.read_text(encoding="utf-8").splitlines()
        german.write_text("\n".join(lines[:2] + ["Zum Anhören hier klicken"] + lines[2:]) + "\n", encoding="utf-8")
    result = batch_cli(str(manifest), "--out", "out", "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    seen = 0
    for alignment in sorted((tmp_path / "out").glob("*/alignment.json")):
        blocks = json.loads(alignment.read_text(encoding="utf-8"))["target"]["blocks"]
        for block in blocks:
            if block["text"] == "Zum Anhören hier klicken":
                assert block["kind"] == "other" and block["boilerplate"]
                seen += 1
    assert seen == 4
