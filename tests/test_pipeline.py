"""`srcalign run` end to end: the bundled example offline, a fetched page, and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.test_cli import run_cli
from toolkit.alignment import Alignment
from toolkit.errors import SrcalignError
from toolkit.findings import findings_from_json
from toolkit.pipeline import RunOptions, run_article, run_example, describe

EXPECTED_FILES = {
    "alignment.json",
    "findings.json",
    "summary.json",
    "alignment.tmx",
    "alignment.xlf",
    "alignment.tsv",
    "alignment.jsonl",
    "review.html",
    "terms.tbx",
}


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_example_writes_every_file_offline(in_tmp):
    result = run_example()
    out = result.out_dir
    assert out.parent == Path("alignments")
    assert {p.name for p in (in_tmp / out).iterdir()} == EXPECTED_FILES
    alignment = Alignment.from_json((in_tmp / out / "alignment.json").read_text(encoding="utf-8"))
    assert alignment.source.meta["provenance"] == "reconstructed"
    findings = findings_from_json((in_tmp / out / "findings.json").read_text(encoding="utf-8"))
    assert any(o.target_text == "Zentralregierung" for f in findings for o in f.occurrences)
    summary = json.loads((in_tmp / out / "summary.json").read_text(encoding="utf-8"))
    assert summary["block_pairs"] == 22 and summary["provenance"] == "reconstructed"
    assert summary["mean_score"] > 0.8
    # nothing but the output folder was created
    assert [p.name for p in in_tmp.iterdir()] == ["alignments"]
    assert [p.name for p in (in_tmp / "alignments").iterdir()] == [out.name]


def test_existing_output_is_refused_and_force_replaces_it_whole(in_tmp):
    first = run_example()
    (in_tmp / first.out_dir / "stale.txt").write_text("from an earlier run")
    with pytest.raises(SrcalignError, match="--force"):
        run_example()
    again = run_example(RunOptions(force=True))
    names = {p.name for p in (in_tmp / again.out_dir).iterdir()}
    assert names == EXPECTED_FILES  # the stale file of the old run is gone: runs never mix
    assert [p.name for p in (in_tmp / "alignments").iterdir()] == [again.out_dir.name]


def test_interrupted_run_leaves_no_output(in_tmp, monkeypatch):
    import toolkit.export

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(toolkit.export, "write_exports", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_example()
    assert not (in_tmp / "alignments").exists() or list((in_tmp / "alignments").iterdir()) == []


def test_fetched_page_end_to_end_then_offline_from_the_cache(in_tmp, site):
    url = site.url("/thoi-su/doan-kiem-tra-b1.html")
    article = in_tmp / "article.de.txt"
    article.write_text((DATA / "pipeline/article_for_local_page.de.txt").read_text(encoding="utf-8").replace("{URL}", url), encoding="utf-8")
    before = site.hits()
    result = run_article(article)
    assert site.hits() == before + 1
    assert result.source.provenance["provenance"] == "retrieved"
    blocks = {b.source: b.target for b in result.alignment.beads_at("block") if not b.one_sided}
    source, target = result.alignment.source, result.alignment.target
    # captions meet captions, the lead meets the lead, the byline the byline
    for s_ids, t_ids in blocks.items():
        kinds = {source.block(i).kind for i in s_ids}, {target.block(j).kind for j in t_ids}
        assert kinds[0] == kinds[1], (s_ids, t_ids, kinds)
    assert len(blocks) == 10  # the page's title has no German line, the German dateline no Vietnamese one
    one_sided = {b.source + b.target for b in result.alignment.beads_at("block") if b.one_sided}
    assert {source.block(i).kind for ids in one_sided for i in ids if i in {b.id for b in source.blocks}} >= {"title"}
    again = run_article(article, RunOptions(offline=True, force=True))
    assert site.hits() == before + 1  # the cached source, no request
    assert again.source.from_cache


def test_article_without_source_line_needs_source(in_tmp):
    article = in_tmp / "a.de.txt"
    article.write_text("BHG – Am Morgen des 17. März tagte das Komitee.\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match="Quelle"):
        run_article(article)


def test_local_text_source(in_tmp, seed_source, seed_article):
    result = run_article(seed_article, RunOptions(source=str(seed_source), out_dir=in_tmp / "out"))
    assert result.source.provenance["provenance"] in ("reconstructed", "imported")
    assert (in_tmp / "out" / "review.html").is_file()


def test_cli_run_example_summary_and_errors(tmp_path):
    result = run_cli("run", "--example", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert "RECONSTRUCTION" in lines[0]
    assert lines[-1].startswith("alignments/")
    assert "aligning" in result.stderr.decode()
    again = run_cli("run", "--example", cwd=tmp_path)
    assert again.returncode == 2
    err = again.stderr.decode().strip()
    assert "Traceback" not in err and err.splitlines()[-1].startswith("srcalign: error:") and "--force" in err
    assert [l for l in err.splitlines() if "error" in l] == [err.splitlines()[-1]]
    as_json = run_cli("run", "--example", "--force", "--format", "json", cwd=tmp_path)
    summary = json.loads(as_json.stdout)
    assert summary["provenance"] == "reconstructed" and summary["findings_by_severity"]["error"] >= 1


def test_cli_run_into_a_location_that_cannot_be_written(tmp_path):
    if os.geteuid() == 0 and not Path("/sys/kernel").is_dir():
        pytest.skip("no read-only location to test as root")
    result = run_cli("run", "--example", "--out", "/sys/kernel/srcalign-out", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write" in result.stderr.decode()


# --- reliability (issue 12) -------------------------------------------------------------------


def test_a_run_that_finishes_second_is_refused_not_replacing_the_first(in_tmp, seed_article, seed_source):
    """The --force check is made at the rename: another run that finished meanwhile is never replaced."""
    out = in_tmp / "out"

    def progress(message: str) -> None:
        if message == "writing the outputs":  # the other run on the same --out finishes just now
            out.mkdir()
            (out / "alignment.json").write_text("the other run's")

    with pytest.raises(SrcalignError, match="exists; use --force"):
        run_article(seed_article, RunOptions(source=str(seed_source), out_dir=out), progress)
    assert [p.name for p in out.iterdir()] == ["alignment.json"]
    assert (out / "alignment.json").read_text() == "the other run's"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out"]  # no staging folder left


def test_staging_folder_of_a_killed_run_is_cleaned_by_the_next(in_tmp, seed_article, seed_source):
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    left = in_tmp / f".out.partial-{child.pid}"
    left.mkdir()
    (left / "alignment.json").write_text("half")
    run_article(seed_article, RunOptions(source=str(seed_source), out_dir=in_tmp / "out"))
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out"]


def test_warnings_name_the_final_path_not_the_staging_folder(in_tmp, seed_article, seed_source):
    article = in_tmp / "article.de.txt"
    text = seed_article.read_text(encoding="utf-8").replace("Politbüros", "Polit\x07büros", 1)
    article.write_text(text, encoding="utf-8")
    result = run_article(article, RunOptions(source=str(seed_source), out_dir=in_tmp / "out"))
    dropped = [w for w in result.warnings if "XML 1.0 forbids" in w]
    assert dropped and all(w.startswith(str(in_tmp / "out") + "/") for w in dropped), dropped
    assert ".partial-" not in json.dumps(json.loads((in_tmp / "out" / "summary.json").read_text(encoding="utf-8")))


def test_source_given_as_a_file_url(in_tmp, seed_article, seed_source):
    result = run_article(seed_article, RunOptions(source=seed_source.resolve().as_uri(), out_dir=in_tmp / "out"))
    assert result.source.path == seed_source.resolve() and result.summary()["block_pairs"] == 22


def test_run_out_in_a_folder_that_does_not_exist_is_one_line(in_tmp, seed_article, seed_source):
    with pytest.raises(SrcalignError, match="does not exist"):
        run_article(seed_article, RunOptions(source=str(seed_source), out_dir=in_tmp / "no" / "such" / "out"))
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize("command", ["segment", "align", "check", "terms", "export", "run"])
def test_write_failures_are_one_line_for_every_command(tmp_path, seed_article, seed_source, command):
    """-o that is a folder, or under a regular file: one line, exit 2, nothing written (was a traceback)."""
    from toolkit.pipeline import run_example as _  # noqa: F401  (the example pair is installed)

    alignment = tmp_path / "alignment.json"
    done = run_cli("align", str(seed_source), str(seed_article), "-o", str(alignment))
    assert done.returncode == 0, done.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text("keep")
    args = {
        "segment": ["segment", str(seed_article)],
        "align": ["align", str(seed_source), str(seed_article)],
        "check": ["check", str(alignment)],
        "terms": ["terms", str(seed_source), str(seed_article)],
        "export": ["export", str(alignment), "-f", "tmx"],
        "run": ["run", "--example"],
    }[command]
    option = "--out" if command == "run" else "-o"
    for target in (plain / "x.out", tmp_path / "missing" / "x.out") + (() if command == "run" else (tmp_path,)):
        result = run_cli(*args, option, str(target), cwd=tmp_path)
        lines = [line for line in result.stderr.decode().splitlines() if not line.startswith("srcalign: ") or line.startswith("srcalign: error: ")]
        assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("srcalign: error: "), (target, lines)
        assert "Traceback" not in result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alignment.json", "plain.txt"]
    assert plain.read_text() == "keep"


def test_ctrl_c_says_interrupted(tmp_path):
    import signal
    import subprocess
    import sys

    from tests.processes import wait_until_reading_stdin

    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    child = subprocess.Popen([sys.executable, "-c", code, "segment", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    wait_until_reading_stdin(child)  # started and blocked on standard input that never ends
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert err.decode().strip() == "srcalign: interrupted"


def test_ids_stay_over_runs_and_an_ignored_finding_stays_ignored(in_tmp):
    from toolkit.check.project import record_decision

    first = run_example()
    second = run_example(RunOptions(force=True))
    assert [f.id for f in first.findings] == [f.id for f in second.findings]
    assert len({f.id for f in first.findings}) == len(first.findings)
    chosen = first.findings[3]
    record_decision(first.findings, chosen.id, "ignore", "a false alarm", in_tmp / "sources" / "decisions.tsv")
    third = run_example(RunOptions(force=True))
    assert chosen.id not in {f.id for f in third.findings} and len(third.findings) == len(first.findings) - 1
    summary = json.loads((in_tmp / third.out_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["ignored"] == 1
    written = findings_from_json((in_tmp / third.out_dir / "findings.json").read_text(encoding="utf-8"))
    assert chosen.id not in {f.id for f in written}
    assert any(line.endswith("; ignored: 1") for line in describe(third))


def test_run_refuses_wrong_languages_before_writing_anything(tmp_path, seed_source, seed_article):
    """Before: `run` warned "looks like 'vi', not 'de'" only after writing every output."""
    vi_article = run_cli("run", str(seed_source), "--source", str(seed_source), "--offline", cwd=tmp_path)
    assert vi_article.returncode == 2
    assert vi_article.stderr.decode().strip().splitlines()[-1].startswith("srcalign: error: the article ")
    de_source = run_cli("run", str(seed_article), "--source", str(seed_article), "-o", "out", cwd=tmp_path)
    assert de_source.returncode == 2
    assert "both texts look 'de'" in de_source.stderr.decode().strip().splitlines()[-1]
    assert list(tmp_path.iterdir()) == []  # no sources/ cache, no alignments/, no staging folder
    forced = run_cli("run", str(seed_article), "--source", str(seed_article), "-o", "out", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "srcalign: warning: both texts look 'de'" in forced.stderr.decode()


def test_run_output_option_and_its_old_name(tmp_path):
    for option, folder in (("-o", "a"), ("--output", "b"), ("--out", "c")):
        result = run_cli("run", "--example", option, folder, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().splitlines()[-1] == folder
        assert (tmp_path / folder / "alignment.json").is_file()


def test_unreachable_source_suggests_a_saved_page(tmp_path, seed_article):
    """Before: an unreachable host in `run` said nothing about --source FILE or fetch --html."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/bai-viet.html"
    run = run_cli("run", str(seed_article), "--source", url, cwd=tmp_path)
    assert run.returncode == 2
    message = run.stderr.decode().strip().splitlines()[-1]
    assert message.startswith("srcalign: error: ") and "--source FILE" in message and "fetch --html FILE" in message
    fetch = run_cli("fetch", url, "--sources-dir", str(tmp_path / "sources"), cwd=tmp_path)
    assert fetch.returncode == 2
    assert "srcalign fetch --html FILE" in fetch.stderr.decode().strip().splitlines()[-1]


def test_a_damaged_source_record_is_one_line(in_tmp, seed_article, seed_source):
    folder = in_tmp / "sources" / "a-b"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(seed_source.read_bytes())
    (folder / "source.json").write_text('{"url": "https://x/a", "captions": 7', encoding="utf-8")
    with pytest.raises(SrcalignError, match="source.json: not a valid source record"):
        run_article(seed_article, RunOptions(source=str(folder / "source.txt"), out_dir=in_tmp / "out"))


def test_force_on_a_reviewed_folder_keeps_the_review_and_rechecks_it(in_tmp):
    from toolkit.check.project import record_decision
    from toolkit.edit import bead_key, merge_next
    from toolkit.review import ReviewedRun

    first = run_example()
    run = ReviewedRun(first.out_dir)
    run.perform(0, lambda s: merge_next(s, bead_key(s.alignment.beads_at("sentence")[2])))
    reviewed = (first.out_dir / "alignment.json").read_bytes()
    with pytest.raises(SrcalignError, match="reviewed in srcalign review; --force keeps the review.*--discard-review"):
        run_example()
    chosen = first.findings[3]
    record_decision(first.findings, chosen.id, "ignore", "a false alarm", in_tmp / "sources" / "decisions.tsv")
    kept = run_example(RunOptions(force=True))
    assert (first.out_dir / "alignment.json").read_bytes() == reviewed
    assert any("kept as reviewed and re-checked" in w and "--discard-review" in w for w in kept.warnings)
    assert chosen.id not in {f.id for f in kept.findings} and kept.ignored == 1
    written = findings_from_json((first.out_dir / "findings.json").read_text(encoding="utf-8"))
    assert chosen.id not in {f.id for f in written}
    redone = run_example(RunOptions(discard_review=True))
    assert "review" not in json.loads((redone.out_dir / "alignment.json").read_text(encoding="utf-8"))["meta"]


def test_force_refuses_a_review_of_other_texts(in_tmp, seed_source):
    from toolkit.edit import bead_key, confirm
    from toolkit.review import ReviewedRun

    first = run_example()
    run = ReviewedRun(first.out_dir)
    run.perform(0, lambda s: confirm(s, [bead_key(s.alignment.beads_at("sentence")[0])]))
    reviewed = (first.out_dir / "alignment.json").read_bytes()
    other = in_tmp / "other.vi.txt"
    other.write_text((example_source := Path(str(first.source.path)).read_text(encoding="utf-8")) + "\nMột câu mới.\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match="holds a review .* of another source text; --discard-review"):
        run_article(first.alignment.target.path, RunOptions(source=str(other), out_dir=first.out_dir, force=True))
    assert (first.out_dir / "alignment.json").read_bytes() == reviewed and example_source
