"""The source folder: exact provenance fields, whole-folder replacement, failures that change nothing."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from toolkit.errors import SrcalignError
from toolkit.fetch import cache
from toolkit.fetch.cache import Provenance, load_cached, source_folder, text_sha256, write_source
from tests.fetch.support import tree_snapshot

URL = "https://baohagiang.vn/thoi-su-chinh-tri/202503/doan-kiem-tra-cua-bo-chinh-tri-52d2fd8/"
HTML = "<html><body><h1>Tiêu đề</h1><p>Đoạn văn.</p></body></html>".encode("utf-8")
TEXT = "Tiêu đề\nĐoạn văn.\n"
FIELDS = [
    "url", "final_url", "retrieved_at", "http_status", "content_type", "charset", "sha256", "text_sha256",
    "extractor", "extractor_version", "title", "provenance", "note", "captions",
]


def _provenance(**changes) -> Provenance:
    values = dict(
        url=URL,
        provenance="retrieved",
        final_url=URL,
        retrieved_at="2025-03-17T08:00:00Z",
        http_status=200,
        content_type="text/html",
        charset="utf-8",
        sha256=hashlib.sha256(HTML).hexdigest(),
        text_sha256=text_sha256(TEXT),
        extractor="trafilatura",
        extractor_version="2.3.1",
        title="Tiêu đề",
        captions=(),
    )
    values.update(changes)
    return Provenance(**values)


def test_a_written_folder_holds_the_three_files_with_exact_fields(tmp_path):
    folder = source_folder(tmp_path, URL)
    write_source(folder, TEXT, _provenance(), HTML)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    assert sorted(p.name for p in folder.iterdir()) == ["source.html", "source.json", "source.txt"]
    assert (folder / "source.html").read_bytes() == HTML
    assert (folder / "source.txt").read_text(encoding="utf-8") == TEXT
    record = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    assert list(record) == FIELDS
    assert record["sha256"] == hashlib.sha256((folder / "source.html").read_bytes()).hexdigest()
    cached = load_cached(folder)
    assert cached is not None and cached.provenance == _provenance() and cached.problems == ()


def test_replacing_keeps_other_files_and_leaves_no_temporary_folders(tmp_path):
    folder = source_folder(tmp_path, URL)
    write_source(folder, TEXT, _provenance(), HTML)
    (folder / "article.de.txt").write_text("Quelle: " + URL + "\n", encoding="utf-8")
    new_text = "Tiêu đề mới\nĐoạn văn mới.\n"
    write_source(folder, new_text, _provenance(text_sha256=text_sha256(new_text)), HTML)
    assert (folder / "source.txt").read_text(encoding="utf-8") == new_text
    assert (folder / "article.de.txt").read_text(encoding="utf-8") == "Quelle: " + URL + "\n"
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_a_failed_rename_restores_the_old_folder(tmp_path, monkeypatch):
    folder = source_folder(tmp_path, URL)
    write_source(folder, TEXT, _provenance(), HTML)
    before = tree_snapshot(tmp_path)
    import toolkit.textfile

    real_rename = toolkit.textfile._rename_noreplace

    def failing_rename(src, dst):
        if ".partial-" in str(src):  # staging -> folder, after the old folder was moved aside
            raise OSError(28, "No space left on device")
        return real_rename(src, dst)

    monkeypatch.setattr(toolkit.textfile, "_rename_noreplace", failing_rename)
    with pytest.raises(SrcalignError, match="No space left on device"):
        write_source(folder, "other\n", _provenance(), b"<html>other</html>")
    assert tree_snapshot(tmp_path) == before


def test_a_failed_file_write_changes_nothing(tmp_path, monkeypatch):
    folder = source_folder(tmp_path, URL)
    write_source(folder, TEXT, _provenance(), HTML)
    before = tree_snapshot(tmp_path)

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cache.os, "fsync", failing_fsync)
    with pytest.raises(SrcalignError, match="Input/output error"):
        write_source(folder, "other\n", _provenance(), b"<html>other</html>")
    assert tree_snapshot(tmp_path) == before
    new_folder = source_folder(tmp_path, URL + "khac/")
    with pytest.raises(SrcalignError):
        write_source(new_folder, TEXT, _provenance(), HTML)
    assert tree_snapshot(tmp_path) == before


def test_load_reports_missing_damaged_and_tampered_sources(tmp_path):
    folder = source_folder(tmp_path, URL)
    assert load_cached(folder) is None
    write_source(folder, TEXT, _provenance(), HTML)
    (folder / "source.html").write_bytes(HTML + b"<!-- changed -->")
    cached = load_cached(folder)
    assert cached is not None and cached.problems == (f"{folder / 'source.html'} does not match the sha256 in source.json",)
    (folder / "source.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SrcalignError, match="source.json: not a valid source record"):
        load_cached(folder)
    (folder / "source.json").write_text(json.dumps({"url": URL, "provenance": "guessed"}), encoding="utf-8")
    with pytest.raises(SrcalignError, match="unknown provenance 'guessed'"):
        load_cached(folder)


def test_source_folders_stay_inside_the_sources_dir(tmp_path):
    urls = [
        "https://example.vn/../../etc/passwd",
        "https://example.vn/%2e%2e/%2e%2e/root",
        "https://example.vn/tin-tuc/" + "rat-dai-" * 40 + ".html",
        "https://example.vn/",
        "https://example.vn/a/bai-viet.html",
        "https://example.vn/b/bai-viet.html",
    ]
    folders = [source_folder(tmp_path, url) for url in urls]
    for folder in folders:
        assert folder.parent == tmp_path and not folder.name.startswith(".")
        assert len(folder.name) <= 90
    assert len(set(folders)) == len(urls)
    assert source_folder(tmp_path, urls[0]) == folders[0]
