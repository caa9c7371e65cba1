"""One article: what `srcalign run` writes, in DIR/<id>/, with a marker a rerun can trust; failures alone."""

from __future__ import annotations

import json
import pickle

from tests.batch.conftest import RUN_FILES, ntrex_document, portal_pair
from toolkit.batch.work import ArticleTask, BatchSettings, completed_outcome, process_article


def make_pair(folder, name="023_bbc.381735"):
    vi, de = ntrex_document(name)
    german, vietnamese = portal_pair(vi, de, "https://tintuc.example.vn/the-gioi/bbc-381735.html")
    (folder / "a.de.txt").write_text(german, encoding="utf-8")
    (folder / "a.vi.txt").write_text(vietnamese, encoding="utf-8")
    return str(folder / "a.de.txt"), str(folder / "a.vi.txt")


def settings_for(tmp_path) -> BatchSettings:
    return BatchSettings(out_dir=tmp_path / "out", sources_dir=tmp_path / "sources", offline=True)


def test_an_article_folder_holds_every_run_file_and_a_marker(tmp_path):
    article, source = make_pair(tmp_path)
    settings = settings_for(tmp_path)
    task = ArticleTask("bbc", 3, article, source)
    outcome = process_article(task, settings)
    assert outcome.ok, outcome.reason
    folder = tmp_path / "out" / "bbc"
    assert outcome.folder == str(folder)
    assert {p.name for p in folder.iterdir()} == RUN_FILES | {"batch.json"}
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["bbc"]  # no staging folder left
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert (outcome.sentence_pairs, outcome.block_pairs, outcome.mean_score) == (summary["sentence_pairs"], summary["block_pairs"], summary["mean_score"])
    assert outcome.sentence_pairs >= 9 and outcome.mean_score > 0.8
    assert pickle.loads(pickle.dumps(outcome)) == outcome  # it crosses process boundaries
    marker = json.loads((folder / "batch.json").read_text(encoding="utf-8"))
    assert set(marker["files"]) == RUN_FILES
    assert marker["inputs"]["article"] == article

    resumed = completed_outcome(task, settings)
    assert resumed == outcome and resumed.resumed
    assert completed_outcome(ArticleTask("bbc", 3, article, ""), settings) is None  # other inputs: run again
    (folder / "alignment.tmx").write_bytes(b"")  # a file a power cut left short
    assert completed_outcome(task, settings) is None


def test_a_bad_pair_fails_alone_with_one_line_and_leaves_no_folder(tmp_path):
    article, _source = make_pair(tmp_path)
    settings = settings_for(tmp_path)
    missing = process_article(ArticleTask("gone", 1, str(tmp_path / "gone.de.txt"), ""), settings)
    assert not missing.ok and missing.reason.endswith("gone.de.txt: no such file")
    no_source = tmp_path / "b.de.txt"
    no_source.write_text("BHG – Am Morgen des 17. März tagte das Komitee.\n", encoding="utf-8")
    quelle = process_article(ArticleTask("b", 2, str(no_source), ""), settings)
    assert not quelle.ok and "Quelle" in quelle.reason and "\n" not in quelle.reason
    offline = process_article(ArticleTask("c", 3, article, "https://tintuc.example.vn/nicht-im-cache.html"), settings)
    assert not offline.ok and "offline" in offline.reason
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_project_decisions_leave_a_finding_out_and_redo_the_article(tmp_path):
    from toolkit.decisions import Decision, append_decision
    from toolkit.findings import findings_from_json
    from toolkit.sources import example_dir

    settings = settings_for(tmp_path)
    task = ArticleTask("hg", 1, str(example_dir() / "article.de.txt"), str(example_dir() / "source.txt"))
    first = process_article(task, settings)
    assert first.ok and first.ignored == 0
    findings = findings_from_json((tmp_path / "out" / "hg" / "findings.json").read_text(encoding="utf-8"))
    append_decision(settings.sources_dir / "decisions.tsv", Decision(findings[0].id, findings[0].term, "", "ignore", "a false alarm"))
    assert completed_outcome(task, settings) is None  # the decisions changed: the article runs again
    second = process_article(task, settings)
    assert second.ok and second.ignored == 1 and second.findings == first.findings - 1
    again = findings_from_json((tmp_path / "out" / "hg" / "findings.json").read_text(encoding="utf-8"))
    assert [f.id for f in again] == [f.id for f in findings[1:]]
    assert json.loads((tmp_path / "out" / "hg" / "summary.json").read_text(encoding="utf-8"))["ignored"] == 1


def test_a_source_that_is_not_the_articles_fails_that_article(tmp_path):
    """The same check as `align` and `run` (toolkit.pair_check): a crossed pair fails alone, before writing."""
    article, _ = make_pair(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    _, other_source = make_pair(other, "011_telegraph.405401")
    crossed = process_article(ArticleTask("crossed", 1, article, other_source), settings_for(tmp_path))
    assert not crossed.ok and "plainly not the article's" in crossed.reason and "\n" not in crossed.reason
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_an_article_costs_no_fsync_and_no_listing_of_dir(tmp_path, monkeypatch):
    """The marker's file sizes, not fsyncs, make a batch's folders trustworthy after a power cut
    (run_batch fsyncs DIR once at its end); an fsync or a listing of DIR per article made a batch
    of 600 slower with every article. A dead run's leftover is cleared when the batch starts."""
    import os

    from toolkit import textfile

    article, source = make_pair(tmp_path)
    settings = settings_for(tmp_path)
    (tmp_path / "out").mkdir()
    leftover = tmp_path / "out" / ".gone.partial-999999999"
    leftover.mkdir()
    synced, listed = [], []
    real_fsync, real_clean = os.fsync, textfile.clean_stale_staging
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    monkeypatch.setattr(textfile, "clean_stale_staging", lambda parent: listed.append(parent) or real_clean(parent))
    outcome = process_article(ArticleTask("bbc", 1, article, source), settings)
    assert outcome.ok, outcome.reason
    assert synced == [] and listed == []
    assert completed_outcome(ArticleTask("bbc", 1, article, source), settings) == outcome
    assert leftover.exists()  # left for the next run_batch, which clears DIR before any work
