"""The manifest: JSONL and CSV, derived ids, paths relative to the manifest, and lines that cannot run."""

from __future__ import annotations

import os

import pytest

from toolkit.batch.manifest import derived_id, read_manifest
from toolkit.errors import SrcalignError


def test_jsonl_with_given_and_derived_ids_and_paths_relative_to_the_manifest(tmp_path, monkeypatch):
    folder = tmp_path / "desk"
    folder.mkdir()
    manifest = folder / "march.jsonl"
    manifest.write_text(
        '{"id": "hg-0317", "article": "de/0317.de.txt", "source": "vi/0317.txt"}\n'
        "\n"
        '{"article": "de/0318.de.txt", "source": "https://baohagiang.vn/thoi-su/a-52d2fd8/"}\n'
        '{"article": "de/0319.de.txt", "source": ""}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # paths are the manifest's, not the working directory's
    parsed = read_manifest("desk/march.jsonl")
    assert parsed.problems == ()
    first, second, third = parsed.entries
    assert (first.id, first.line) == ("hg-0317", 1)
    assert first.article == os.path.join(folder.absolute(), "de/0317.de.txt")
    assert first.source == os.path.join(folder.absolute(), "vi/0317.txt")
    assert second.line == 3 and second.source == "https://baohagiang.vn/thoi-su/a-52d2fd8/"
    assert third.source == ""  # the article's Quelle: URL, through the fetch cache
    assert second.id == derived_id("de/0318.de.txt") and second.id.startswith("0318-de-txt-")
    assert derived_id("de/0318.de.txt") == derived_id("de/0318.de.txt") != derived_id("other/0318.de.txt")


def test_csv_and_tsv_with_a_header(tmp_path):
    csv_file = tmp_path / "m.csv"
    csv_file.write_text("article,source,id\na.de.txt,a.vi.txt,a\n\"b, c.de.txt\",,b\n", encoding="utf-8")
    parsed = read_manifest(csv_file)
    assert [(e.id, os.path.basename(e.article), e.source) for e in parsed.entries] == [
        ("a", "a.de.txt", str(tmp_path / "a.vi.txt")),
        ("b", "b, c.de.txt", ""),
    ]
    tsv_file = tmp_path / "m.tsv"
    tsv_file.write_text("article\nx.de.txt\n", encoding="utf-8")
    assert [e.id for e in read_manifest(tsv_file).entries] == [derived_id("x.de.txt")]


def test_each_bad_line_is_a_problem_of_that_line_only(tmp_path):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        '{"id": "a", "article": "a.de.txt"}\n'
        "{not json\n"
        '["a.de.txt"]\n'
        '{"id": "A", "article": "other.de.txt"}\n'
        '{"id": "b", "artikel": "b.de.txt"}\n'
        '{"id": "../etc", "article": "c.de.txt"}\n'
        '{"id": "corpus.tmx", "article": "d.de.txt"}\n'
        '{"id": "e"}\n'
        '{"id": 7, "article": "f.de.txt"}\n'
        '{"id": "g", "article": "g.de.txt"}\n',
        encoding="utf-8",
    )
    parsed = read_manifest(manifest)
    assert [e.id for e in parsed.entries] == ["a", "g"]
    reasons = {p.line: p.reason for p in parsed.problems}
    assert reasons[2].startswith("not JSON")
    assert reasons[3] == "not a JSON object but list"
    assert reasons[4] == "duplicate id 'A' (first used on line 1)"  # ids name folders: case-insensitive
    assert reasons[5].startswith("unknown field 'artikel'")
    assert "cannot name a folder" in reasons[6]
    assert "corpus file" in reasons[7]
    assert reasons[8] == "no article"
    assert reasons[9] == "id must be a string, not int"
    assert all("\n" not in r for r in reasons.values())
    assert parsed.size == 10


def test_csv_rows_with_the_wrong_number_of_fields(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("id,article\na,a.de.txt\nb,b.de.txt,extra\n", encoding="utf-8")
    parsed = read_manifest(manifest)
    assert [e.id for e in parsed.entries] == ["a"]
    assert parsed.problems[0].id == "b" and parsed.problems[0].reason == "3 fields, the header has 2"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("m.csv", "id,path\na,a.de.txt\n", "header must name"),
        ("m.jsonl", "\n\n", "empty"),
        ("m.jsonl", None, "no such file"),
    ],
)
def test_whole_file_errors_are_usage_errors(tmp_path, name, text, message):
    manifest = tmp_path / name
    if text is not None:
        manifest.write_text(text, encoding="utf-8")
    with pytest.raises(SrcalignError, match=message):
        read_manifest(manifest)


def test_a_lone_surrogate_escape_is_a_problem_of_its_line(tmp_path):
    """"\\udc80" in a JSON manifest is not a character: that line fails in one line, the others run."""
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"article": "a\\udc80.de.txt"}\n{"id": "b\\udcff", "article": "b.de.txt"}\n{"id": "c", "article": "c.de.txt"}\n', encoding="utf-8")
    parsed = read_manifest(manifest)
    assert [e.id for e in parsed.entries] == ["c"]
    assert [(p.line, "not valid Unicode" in p.reason) for p in parsed.problems] == [(1, True), (2, True)]
    for problem in parsed.problems:
        (problem.id + problem.reason).encode("utf-8")  # summary.json can be written
