"""Findings across articles: one source name or term, several German renderings, with counts and ids."""

from __future__ import annotations

import json

from toolkit.align import align_documents
from toolkit.batch import BatchSettings, LocalEngine, run_batch
from toolkit.batch.consistency import COLUMNS, Rendering, find_inconsistencies, renderings_of
from toolkit.segment import segment_file, segment_text
from toolkit.termbase import load_termbase
from toolkit.sources import example_dir


def test_a_name_written_two_ways_in_two_articles_is_found_and_a_consistent_one_is_not(tmp_path):
    seed = (example_dir() / "article.de.txt").read_text(encoding="utf-8")
    (tmp_path / "a.de.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b.de.txt").write_text(seed.replace("Le Minh Hung", "Lê Minh Hưng"), encoding="utf-8")
    source = example_dir() / "source.txt"
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        "\n".join(json.dumps({"id": i, "article": f"{i}.de.txt", "source": str(source)}) for i in ("b", "a")) + "\n",
        encoding="utf-8",
    )
    result = run_batch(manifest, BatchSettings(tmp_path / "out", tmp_path / "sources", offline=True), LocalEngine(2))
    assert result.exit_code == 0, result.summary["failures"]
    rows = [line.split("\t") for line in (tmp_path / "out" / "findings.tsv").read_text(encoding="utf-8").splitlines()]
    assert tuple(rows[0]) == COLUMNS
    by_source: dict[str, list[dict[str, str]]] = {}
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row))
        by_source.setdefault(record["source"], []).append(record)
    hung = by_source["Lê Minh Hưng"]
    assert [(r["rendering"], r["count"], r["articles"], r["renderings"]) for r in hung] == [
        ("Le Minh Hung", "4", "a", "2"),
        ("Lê Minh Hưng", "4", "b", "2"),
    ]
    assert "Hà Giang" not in by_source  # "Ha Giang" in both articles: consistent across the archive
    # a term both articles render several ways is listed once, with both ids on each rendering
    centre = {r["rendering"]: r for r in by_source["Trung ương"]}
    assert centre["Zentralregierung"]["articles"] == "a b" and centre["Zentralregierung"]["status"] == "wrong"
    assert centre["Zentralregierung"]["preferred"] == "Zentralkomitee"
    assert result.summary["inconsistent_sources"] == len(by_source)


def test_case_alone_is_not_another_rendering():
    articles = [
        ("a", [Rendering("name:le minh hung", "person", "Lê Minh Hưng", "Le Minh Hung", 3)]),
        ("b", [Rendering("name:le minh hung", "person", "Lê Minh Hưng", "LE MINH HUNG", 1), Rendering("term:x", "term", "x", "X", 2)]),
    ]
    assert find_inconsistencies(articles) == []


def test_a_person_found_by_the_given_name_only_is_not_a_rendering(seed_source):
    german = (example_dir() / "article.de.txt").read_text(encoding="utf-8").replace("Genosse Le Minh Hung wies", "Genosse Hung wies")
    alignment = align_documents(segment_file(seed_source, "vi"), segment_text(german, "de"))
    hung = [r for r in renderings_of(alignment, load_termbase()) if r.source == "Lê Minh Hưng"]
    assert [(r.key, r.kind, r.text, r.count) for r in hung] == [("name:le minh hung", "person", "Le Minh Hung", 3)]
