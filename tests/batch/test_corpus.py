"""corpus.tmx (valid TMX 1.4b) and corpus.jsonl: every aligned pair of every article, in id order."""

from __future__ import annotations

import json

from lxml import etree

from tests.conftest import DATA

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_corpus_tmx_is_valid_and_holds_every_articles_pairs_in_id_order(reference):
    assert reference.returncode == 0, reference.stderr
    corpus = etree.parse(str(reference.folder / "corpus.tmx"))
    dtd = etree.DTD(str(DATA / "schemas" / "tmx14.dtd"))
    assert dtd.validate(corpus), dtd.error_log.filter_from_errors()
    assert (reference.folder / "corpus.tmx").read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx')
    tus = corpus.findall("body/tu")
    ids = sorted(p.name for p in reference.folder.iterdir() if p.is_dir())
    assert len(ids) == 8
    expected = []
    for article_id in ids:
        for tu in etree.parse(str(reference.folder / article_id / "alignment.tmx")).findall("body/tu"):
            expected.append((article_id, f"{article_id}:{tu.get('tuid')}", [seg.text for seg in tu.iter("seg")]))
    got = [(tu.findtext("prop[@type='x-article-id']"), tu.get("tuid"), [seg.text for seg in tu.iter("seg")]) for tu in tus]
    assert got == expected
    assert [tuv.get(XML_LANG) for tuv in tus[0].findall("tuv")] == ["vi", "de"]
    summary = json.loads((reference.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["corpus_pairs"] == len(tus) == summary["sentence_pairs"]


def test_corpus_jsonl_has_the_same_pairs_with_article_ids(reference):
    records = [json.loads(line) for line in (reference.folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    tus = etree.parse(str(reference.folder / "corpus.tmx")).findall("body/tu")
    assert [(r["article"], r["source"], r["target"]) for r in records] == [
        (tu.findtext("prop[@type='x-article-id']"), *[seg.text for seg in tu.iter("seg")]) for tu in tus
    ]
    assert all(r["source_ids"] and r["target_ids"] and not r["boilerplate"] for r in records)
