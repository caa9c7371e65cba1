"""`srcalign terms` at library level: names and terms of a pair with renderings, counts and places."""

from __future__ import annotations

import json

from lxml import etree

from tests.check.seed import seed_alignment
from toolkit.check.inventory import render_inventory, term_inventory
from toolkit.termbase import load_termbase


def test_inventory_of_the_seed(termbase):
    items = {i.source: i for i in term_inventory(seed_alignment(), termbase)}
    hung = items["Lê Minh Hưng"]
    assert (hung.kind, hung.count, [(r.text, r.count) for r in hung.renderings]) == ("person", 4, [("Le Minh Hung", 4)])
    assert hung.where[0] == "b3→b2"
    tbo = items["Ban Tổ chức Trung ương"]
    assert tbo.kind == "institution" and tbo.preferred == "Zentrale Organisationskommission"
    assert [(r.text, r.count, r.status) for r in tbo.renderings] == [
        ("Zentrales Organisationskomitee", 3, "wrong"),
        ("Zentrale Organisationskommission", 1, "preferred"),
    ]


def test_formats(termbase, tmp_path):
    items = term_inventory(seed_alignment(), termbase)
    tsv = render_inventory(items, "tsv").splitlines()
    assert tsv[0] == "source\tkind\tcount\trenderings\tunrendered\tpreferred\twhere"
    assert tsv[1].startswith("Lê Minh Hưng\tperson\t4\tLe Minh Hung (4)\t0\t")
    data = json.loads(render_inventory(items, "json"))
    assert data["terms"][0]["renderings"] == [{"text": "Le Minh Hung", "count": 4, "status": ""}]
    tbx = render_inventory(items, "tbx")
    root = etree.fromstring(tbx.encode("utf-8"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    path = tmp_path / "seed.tbx"
    path.write_text(tbx, encoding="utf-8")
    reread = load_termbase([path], builtin=False)
    assert reread.lookup("Ban Tổ chức Trung ương").preferred == "Zentrale Organisationskommission"
    assert "Zentrales Organisationskomitee" in reread.lookup("Ban Tổ chức Trung ương").wrong
