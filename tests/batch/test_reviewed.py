"""A batch rerun never throws away a person's review: reviewed articles are kept and re-checked,
only --discard-reviews redoes them."""

from __future__ import annotations

import json

from tests.test_cli import run_cli
from toolkit.check.project import record_decision
from toolkit.edit import bead_key, confirm, edit_text, merge_next
from toolkit.findings import findings_from_json
from toolkit.review import ReviewedRun
from toolkit.sources import example_article, example_dir


def batch(tmp_path, *extra: str):
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"id": "example", "article": str(example_article()), "source": str(example_dir() / "source.txt")}) + "\n", encoding="utf-8")
    return run_cli("batch", str(manifest), "--out", str(tmp_path / "out"), "--workers", "1", "--offline", "--sources-dir", str(tmp_path / "sources"), *extra, cwd=tmp_path)


def review_some(folder):
    """Merge a bead, correct a German sentence, confirm a bead: as a person would in the workbench."""
    run = ReviewedRun(folder)
    beads = run.state.alignment.beads_at("sentence")
    run.perform(0, lambda s: merge_next(s, bead_key(beads[2])))
    target_id = next(b.target[0] for b in run.state.alignment.beads_at("sentence") if b.target and b.source)
    run.perform(1, lambda s: edit_text(s, target_id, "Ein von Hand korrigierter Satz."))
    run.perform(2, lambda s: confirm(s, [bead_key(run.state.alignment.beads_at("sentence")[1])]))
    return run


def test_a_rerun_keeps_a_reviewed_article_and_rechecks_it_with_new_decisions(tmp_path):
    first = batch(tmp_path)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "out" / "example"
    run = review_some(folder)
    reviewed = (folder / "alignment.json").read_bytes()
    findings = findings_from_json((folder / "findings.json").read_text(encoding="utf-8"))
    dismissed = findings[0]
    # a dismissed finding changes the project's decisions file, which every article depends on
    record_decision(findings, dismissed.id, "ignore", "a false alarm", tmp_path / "sources" / "decisions.tsv")

    second = batch(tmp_path)
    assert second.returncode == 0, second.stderr
    assert (folder / "alignment.json").read_bytes() == reviewed  # the review, byte for byte
    kept = json.loads(reviewed)["meta"]["review"]
    assert kept["revision"] == 3 and len(kept["log"]) == 3 and kept["status"]
    assert "reviewed: 1 article(s) kept as reviewed" in second.stdout.decode()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["run"]["kept_reviewed"] == 1 and summary["run"]["processed"] == 0
    assert summary["ignored"] == 1  # re-checked with the new decision
    rechecked = findings_from_json((folder / "findings.json").read_text(encoding="utf-8"))
    assert dismissed.id not in {f.id for f in rechecked}
    corpus = (tmp_path / "out" / "corpus.tmx").read_text(encoding="utf-8")
    assert "Ein von Hand korrigierter Satz." in corpus  # the corpus carries the reviewed German
    merged_pairs = sum(1 for b in run.state.alignment.beads_at("sentence") if not b.one_sided)
    assert summary["sentence_pairs"] == merged_pairs

    third = batch(tmp_path)  # nothing changed since: taken from the marker, still kept
    assert third.returncode == 0 and (folder / "alignment.json").read_bytes() == reviewed
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["run"]["kept_reviewed"] == 1

    redone = batch(tmp_path, "--discard-reviews")  # only when asked explicitly
    assert redone.returncode == 0, redone.stderr
    assert "review" not in json.loads((folder / "alignment.json").read_text(encoding="utf-8"))["meta"]


def test_a_kept_article_whose_text_changed_is_reported_not_redone(tmp_path):
    assert batch(tmp_path).returncode == 0
    folder = tmp_path / "out" / "example"
    review_some(folder)
    reviewed = (folder / "alignment.json").read_bytes()
    article = tmp_path / "article.de.txt"
    article.write_text(example_article().read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"id": "example", "article": str(article), "source": str(example_dir() / "source.txt")}) + "\n", encoding="utf-8")
    result = run_cli("batch", str(manifest), "--out", str(tmp_path / "out"), "--workers", "1", "--offline", "--sources-dir", str(tmp_path / "sources"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (folder / "alignment.json").read_bytes() == reviewed
    warnings = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["warnings"]["example"]
    assert any("not redone although its article changed; --discard-reviews" in w for w in warnings)
