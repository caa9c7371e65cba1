"""The workbench API through Starlette's test client: every action, the token, conflicts, bad requests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import lxml.html
import pytest
from starlette.testclient import TestClient

from toolkit.edit import bead_key
from toolkit.export import read_alignment
from toolkit.web.app import MAX_BODY, Workbench, create_app

TOKEN = "test-token-123"
LOCAL = "http://127.0.0.1:8765"  # the Host a browser on this machine sends


@pytest.fixture()
def client(run_folder: Path, tmp_path: Path) -> TestClient:
    workbench = Workbench.open(run_folder, sources_dir=tmp_path / "sources")
    return TestClient(create_app(workbench, TOKEN), base_url=LOCAL)


def api(name: str, verb: str) -> str:
    return f"/{TOKEN}/api/{name}/{verb}"


def sentence_keys(folder: Path) -> list[str]:
    return [bead_key(b) for b in read_alignment(folder / "alignment.json").beads_at("sentence")]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_without_the_token_everything_is_refused(client, run_folder):
    for url in ("/", f"/{TOKEN}x/", "/static/review.js", f"/wrong/api/{run_folder.name}/state"):
        response = client.get(url)
        assert response.status_code == 403 and "token" in response.json()["error"]
    assert client.post(f"/nope/api/{run_folder.name}/edit", json={"revision": 0, "op": "merge", "bead": "x"}).status_code == 403


def test_the_article_page_and_its_assets_are_served_by_the_package(client, run_folder):
    response = client.get(f"/{TOKEN}/")
    assert response.status_code == 200 and "default-src 'none'" in response.headers["content-security-policy"]
    doc = lxml.html.fromstring(response.text)
    assert doc.body.get("data-revision") == "0"
    assets = doc.xpath("//script/@src") + doc.xpath("//link/@href")
    assert assets and all(a.startswith(f"/{TOKEN}/static/") for a in assets)  # nothing from another site
    for asset in assets:
        assert client.get(asset).status_code == 200
    keyed = doc.xpath("//div[@data-level='sentence']/@data-bead")
    assert keyed == sentence_keys(run_folder)
    blocks = read_alignment(run_folder / "alignment.json").beads_at("block")
    assert len(doc.xpath("//div[@data-level='block']")) == sum(1 for b in blocks if b.source)  # the portal lines are not editable
    assert client.get(f"/{TOKEN}/static/../alignment.json").status_code == 404


def test_each_action_is_saved_at_once_with_a_new_revision(client, run_folder):
    name = run_folder.name
    keys = sentence_keys(run_folder)
    r = client.post(api(name, "edit"), json={"revision": 0, "op": "merge", "bead": keys[2]})
    assert r.status_code == 200 and r.json()["revision"] == 1
    merged = sentence_keys(run_folder)[2]
    assert merged == "sentence:b3.s1+b3.s2|b2.s1+b2.s2"
    r = client.post(api(name, "edit"), json={"revision": 1, "op": "split", "bead": merged, "source_at": 1, "target_at": 1})
    assert r.status_code == 200 and sentence_keys(run_folder) == keys
    r = client.post(api(name, "edit"), json={"revision": 2, "op": "shift", "bead": keys[2], "side": "target", "edge": "last"})
    assert r.status_code == 200 and sentence_keys(run_folder)[2:4] == ["sentence:b3.s1|", "sentence:b3.s2|b2.s1+b2.s2"]
    assert client.post(api(name, "undo"), json={"revision": 3}).json()["revision"] == 4
    assert sentence_keys(run_folder) == keys
    r = client.post(api(name, "edit"), json={"revision": 4, "op": "detach", "bead": keys[2], "segment": "b2.s1"})
    assert r.status_code == 200
    r = client.post(api(name, "edit"), json={"revision": 5, "op": "confirm", "beads": [keys[5]]})
    r = client.post(api(name, "edit"), json={"revision": 6, "op": "text", "segment": "b4.s1", "text": "Neu geschrieben."})
    assert r.status_code == 200
    r = client.post(api(name, "edit"), json={"revision": 7, "op": "realign", "level": "sentence", "start": None, "end": None})
    assert r.status_code == 200
    saved = read_alignment(run_folder / "alignment.json")
    review = saved.meta["review"]
    assert review["revision"] == 8 and review["status"][keys[5]] == "confirmed"
    assert [e["op"] for e in review["log"]] == ["merge", "split", "shift", "undo shift", "detach", "confirm", "edit text", "realign"]
    assert saved.target.sentence("b4.s1").text == "Neu geschrieben."
    state = client.get(api(name, "state")).json()
    assert state["revision"] == 8 and state["progress"]["confirmed"] == 1


def test_a_stale_revision_gets_409_and_nothing_changes(client, run_folder):
    name = run_folder.name
    keys = sentence_keys(run_folder)
    assert client.post(api(name, "edit"), json={"revision": 0, "op": "confirm", "beads": [keys[1]]}).status_code == 200
    before = snapshot(run_folder)
    r = client.post(api(name, "edit"), json={"revision": 0, "op": "merge", "bead": keys[2]})  # the other tab
    assert r.status_code == 409 and "reload" in r.json()["error"] and "revision 1" in r.json()["error"]
    assert snapshot(run_folder) == before


@pytest.mark.parametrize(
    "payload, status, message",
    [
        ({"revision": 0, "op": "merge", "bead": "sentence:b99.s1|b1.s1"}, 400, "unknown bead"),
        ({"revision": 0, "op": "split", "bead": "KEY2", "source_at": 5, "target_at": 0}, 400, "cannot split"),
        ({"revision": 0, "op": "split", "bead": "KEY2", "source_at": 0, "target_at": 0}, 400, "each side"),
        ({"revision": 0, "op": "merge", "bead": "KEY3"}, 400, "different block beads"),  # would overlap two block beads
        ({"revision": 0, "op": "detach", "bead": "KEY2", "segment": "b7.s1"}, 400, "not in bead"),
        ({"revision": 0, "op": "text", "segment": "b99.s1", "text": "x"}, 400, "unknown German segment"),
        ({"revision": 0, "op": "text", "segment": "b2.s1", "text": "   "}, 400, "empty"),
        ({"revision": 0, "op": "confirm", "beads": "all"}, 400, "list"),
        ({"revision": "0", "op": "merge", "bead": "KEY2"}, 400, "integer"),
        ({"revision": 0, "op": "explode"}, 400, "unknown operation"),
        ({"revision": 0}, 400, "'op' must be a string"),
    ],
)
def test_bad_requests_are_refused_and_files_unchanged(client, run_folder, payload, status, message):
    keys = sentence_keys(run_folder)
    payload = {k: (keys[int(v[3:])] if isinstance(v, str) and v.startswith("KEY") else v) for k, v in payload.items()}
    before = snapshot(run_folder)
    r = client.post(api(run_folder.name, "edit"), json=payload)
    assert r.status_code == status and message in r.json()["error"]
    assert snapshot(run_folder) == before


def test_oversized_bodies_unknown_articles_and_junk(client, run_folder):
    before = snapshot(run_folder)
    big = json.dumps({"revision": 0, "op": "text", "segment": "b2.s1", "text": "x" * (MAX_BODY + 10)})
    r = client.post(api(run_folder.name, "edit"), content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = client.post(api("..", "edit"), json={"revision": 0, "op": "confirm", "beads": ["x"]})
    assert r.status_code == 404
    r = client.post(f"/{TOKEN}/api/%2E%2E%2F%2E%2E/edit", json={"revision": 0})
    assert r.status_code == 404
    r = client.post(api(run_folder.name, "edit"), content=b"\xff{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]
    assert client.post(api(run_folder.name, "fly"), json={"revision": 0}).status_code == 404
    assert snapshot(run_folder) == before


def test_apply_a_suggestion_to_all_occurrences_and_export(client, run_folder):
    name = run_folder.name
    findings = json.loads((run_folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    number, finding = next((k + 1, f) for k, f in enumerate(findings) if f["code"] == "term_wrong" and f["source_text"] == "Ban Tổ chức Trung ương")
    assert [o["target_text"] for o in finding["occurrences"]].count("Zentralen Organisationskomitees") == 3
    r = client.post(api(name, "apply"), json={"revision": 0, "finding": number, "scope": "all", "replacement": "Zentralen Organisationskommission", "expected": finding["target_text"]})
    assert r.status_code == 200, r.text
    target = read_alignment(run_folder / "alignment.json").target
    for occurrence in finding["occurrences"]:
        text = " ".join(target.sentence(i).text for i in occurrence["target_ids"])
        assert "Zentralen Organisationskommission" in text and "Organisationskomitees" not in text
    r = client.post(api(name, "apply"), json={"revision": 1, "finding": number, "scope": "all", "replacement": "x", "expected": "something else"})
    assert r.status_code == 409
    r = client.post(api(name, "export"), json={})
    assert r.status_code == 200 and set(r.json()["files"]) >= {"tmx", "xliff", "tsv", "jsonl", "tbx", "html", "corrected"}
    assert "Organisationskomitees" not in (run_folder / "alignment.tmx").read_text(encoding="utf-8")
    assert "Organisationskomitees" not in (run_folder / "article.corrected.de.txt").read_text(encoding="utf-8")
    remaining = json.loads((run_folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert not [f for f in remaining if f["code"] == "term_wrong" and f["source_text"] == "Ban Tổ chức Trung ương"]
    assert client.post(api(name, "export"), json={"confirmed_only": True}).status_code == 400  # none confirmed yet


def test_batch_view_lists_every_article(tmp_path, run_folder):
    import shutil

    batch = tmp_path / "batch"
    for name in ("a-1", "b-2"):
        shutil.copytree(run_folder, batch / name)
    (batch / "corpus.tmx").write_text("<tmx/>", encoding="utf-8")
    client = TestClient(create_app(Workbench.open(batch, sources_dir=tmp_path / "sources"), TOKEN), base_url=LOCAL)
    doc = lxml.html.fromstring(client.get(f"/{TOKEN}/").text)
    rows = doc.xpath("//table[@id='articles']/tbody/tr")
    assert [r.xpath("string(td[1]/small)") for r in rows] == ["a-1", "b-2"]
    assert rows[0].get("data-errors") == str(sum(1 for f in json.loads((run_folder / "findings.json").read_text())["findings"] if f["severity"] == "error"))
    page = client.get(f"/{TOKEN}/article/b-2")
    assert page.status_code == 200 and "all articles" in page.text
    assert client.get(f"/{TOKEN}/article/c-3").status_code == 404


def test_dismiss_goes_to_the_decisions_file_and_the_next_run_leaves_it_out(client, run_folder, tmp_path):
    from toolkit.decisions import read_decisions

    findings = json.loads((run_folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    number, finding = next((k + 1, f) for k, f in enumerate(findings) if f["kind"] == "number")
    r = client.post(api(run_folder.name, "dismiss"), json={"finding": number, "finding_id": "Fwrong", "reason": "x"})
    assert r.status_code == 409
    r = client.post(api(run_folder.name, "dismiss"), json={"finding": number, "finding_id": finding["id"], "reason": "a date, not a number"})
    assert r.status_code == 200, r.text
    decisions = read_decisions(tmp_path / "sources" / "decisions.tsv")
    assert [(d.id, d.decision, d.reason) for d in decisions.items] == [(finding["id"], "ignore", "a date, not a number")]
    page = client.get(f"/{TOKEN}/").text
    assert f'data-finding-id="{finding["id"]}"' not in page
    client.post(api(run_folder.name, "export"), json={})
    assert finding["id"] not in (run_folder / "findings.json").read_text(encoding="utf-8")


def test_preferred_rendering_goes_to_the_project_termbase_and_is_applied(client, run_folder, tmp_path):
    from toolkit.termbase import load_termbase

    findings = json.loads((run_folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    number, finding = next((k + 1, f) for k, f in enumerate(findings) if f["term"] == "Ban Tổ chức Trung ương")
    r = client.post(
        api(run_folder.name, "prefer"),
        json={"revision": 0, "finding": number, "finding_id": finding["id"], "rendering": "Zentrale Organisationskommission", "replacement": "Zentralen Organisationskommission"},
    )
    assert r.status_code == 200, r.text
    project = tmp_path / "sources" / "termbase.tsv"
    entry = load_termbase([project]).lookup("Ban Tổ chức Trung ương")
    assert entry.preferred == "Zentrale Organisationskommission" and entry.origin.startswith(str(project))
    assert "Zentrales Organisationskomitee" in entry.wrong  # what the built-in termbase knew is kept
    text = " ".join(s.text for b in read_alignment(run_folder / "alignment.json").target.blocks for s in b.sentences)
    assert "Organisationskomitee" not in text and text.count("Zentralen Organisationskommission") == 4
    page = client.get(f"/{TOKEN}/").text
    assert "Ban Tổ chức Trung ương" not in " ".join(lxml.html.fromstring(page).xpath("//li[contains(@class,'finding')]//span[@class='src-text']/text()"))


def test_the_corpus_is_rebuilt_from_the_reviewed_articles(tmp_path, run_folder):
    import shutil

    from lxml import etree

    batch = tmp_path / "batch"
    for name in ("a-1", "b-2"):
        shutil.copytree(run_folder, batch / name)
    client = TestClient(create_app(Workbench.open(batch, sources_dir=tmp_path / "sources"), TOKEN), base_url=LOCAL)
    r = client.post(f"/{TOKEN}/api/a-1/edit", json={"revision": 0, "op": "text", "segment": "b2.s1", "text": "Korrigiert im Workbench."})
    assert r.status_code == 200
    keys = sentence_keys(batch / "b-2")
    assert client.post(f"/{TOKEN}/api/b-2/edit", json={"revision": 0, "op": "confirm", "beads": keys[1:4]}).status_code == 200
    result = client.post(f"/{TOKEN}/corpus", json={}).json()
    assert result["articles"] == 2
    tmx = etree.parse(str(batch / "corpus.tmx")).getroot()
    segs = {tu.get("tuid"): [s.text for s in tu.iter("seg")] for tu in tmx.iter("tu")}
    assert any(v[1] == "Korrigiert im Workbench." for k, v in segs.items() if k.startswith("a-1:"))
    assert result["units"] == len(segs) and len(segs) > 80
    confirmed = client.post(f"/{TOKEN}/corpus", json={"confirmed_only": True}).json()
    assert confirmed == {"articles": 1, "units": 3}
    assert client.post(f"/{TOKEN}/corpus", content=b"[1]").status_code == 400


def test_after_an_action_only_the_changed_rows_are_rendered_again_and_the_page_is_as_rendered_whole(run_folder, tmp_path):
    from toolkit.export.html import review_view
    from toolkit.web.templating import render_template

    workbench = Workbench.open(run_folder, sources_dir=tmp_path / "sources")
    client = TestClient(create_app(workbench, TOKEN), base_url=LOCAL)
    first = client.get(f"/{TOKEN}/")
    assert first.status_code == 200
    rows = len(lxml.html.fromstring(first.text).xpath("//main/section"))
    keys = sentence_keys(run_folder)
    assert client.post(api(run_folder.name, "edit"), json={"revision": 0, "op": "confirm", "beads": [keys[10]]}).status_code == 200
    assert client.post(api(run_folder.name, "edit"), json={"revision": 1, "op": "merge", "bead": keys[2]}).status_code == 200
    page = client.get(f"/{TOKEN}/").text
    assert 1 <= workbench.rows_rendered[run_folder.name].rendered <= 2 < rows  # not the whole page again
    run = workbench.run(run_folder.name)
    view = review_view(run.state.alignment, run.findings, status=run.state.status)
    page_id = lxml.html.fromstring(page).body.get("data-page")
    wb = {"api": f"/{TOKEN}/api/{run_folder.name}", "static": f"/{TOKEN}/static", "page": page_id, "revision": 2, "can_undo": True, "can_redo": False,
          "confirmed": run.progress()["confirmed"], "total": run.progress()["beads"], "back": ""}
    assert page == render_template("review.html", page=view, workbench=wb, inline_css="", inline_js="")  # the same page as made whole
    doc = lxml.html.fromstring(page)
    assert doc.xpath(f"//div[@data-bead='{keys[10]}']/@data-status") == ["confirmed"]


def test_another_host_name_or_a_cross_site_post_is_refused(client, run_folder):
    before = snapshot(run_folder)
    keys = sentence_keys(run_folder)
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends its own Host
    for url in (f"/{TOKEN}/", f"/{TOKEN}/static/workbench.js", api(run_folder.name, "state")):
        r = client.get(url, headers={"host": "evil.example:8765"})
        assert r.status_code == 403 and "evil.example" in r.json()["error"]
    r = client.post(api(run_folder.name, "edit"), json={"revision": 0, "op": "confirm", "beads": [keys[0]]}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and "another site" in r.json()["error"]
    r = client.post(api(run_folder.name, "edit"), json={"revision": 0, "op": "confirm", "beads": [keys[0]]}, headers={"origin": "null"})
    assert r.status_code == 403
    assert snapshot(run_folder) == before
    r = client.post(api(run_folder.name, "edit"), json={"revision": 0, "op": "confirm", "beads": [keys[0]]}, headers={"origin": LOCAL})
    assert r.status_code == 200  # the workbench's own page
    assert client.get(f"/{TOKEN}/", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get(f"/{TOKEN}/", headers={"host": "[::1]:8765"}).status_code == 200


def test_an_article_folder_linked_from_outside_path_is_not_opened(tmp_path, run_folder):
    import shutil

    batch = tmp_path / "batch"
    shutil.copytree(run_folder, batch / "inside")
    outside = Path(shutil.copytree(run_folder, tmp_path / "elsewhere" / "outside"))
    (batch / "linked").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    workbench = Workbench.open(batch, sources_dir=tmp_path / "sources")
    assert list(workbench.folders) == ["inside"]
    client = TestClient(create_app(workbench, TOKEN), base_url=LOCAL)
    r = client.post(api("linked", "edit"), json={"revision": 0, "op": "confirm", "beads": sentence_keys(outside)[:1]})
    assert r.status_code == 404
    assert snapshot(outside) == before


def test_apply_to_all_says_how_many_occurrences_it_will_change(client, run_folder):
    findings = json.loads((run_folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    number, finding = next((k + 1, f) for k, f in enumerate(findings) if f["code"] == "term_wrong" and f["source_text"] == "Ban Tổ chức Trung ương")
    places = {tuple(o["target_ids"]): o["target_text"] for o in finding["occurrences"] if o["target_text"]}
    doc = lxml.html.fromstring(client.get(f"/{TOKEN}/").text)
    button = doc.xpath(f"//li[@id='f{number}']//button[contains(@class, 'apply-all')]")[0]
    box = doc.xpath(f"//li[@id='f{number}']//input[contains(@class, 'replacement')]")[0].get("value")
    will_change = sum(1 for text in places.values() if text != box)  # an occurrence that already reads so stays
    assert len(places) == 4 and will_change >= 3
    assert button.text_content() == f"apply to all: {will_change} of {len(places)} change" and button.get("data-count") == str(will_change)
    assert sorted(map(tuple, json.loads(button.get("data-texts")))) == sorted(
        (text, list(places.values()).count(text)) for text in set(places.values()))  # what the page counts again as the box changes
    listed = button.get("title").split("\n")[1:]
    assert sorted(listed) == sorted(f"{' '.join(ids)}: {text}" for ids, text in places.items())
    before = read_alignment(run_folder / "alignment.json").target
    r = client.post(api(run_folder.name, "apply"), json={"revision": 0, "finding": number, "scope": "all", "replacement": box, "expected": finding["target_text"]})
    assert r.status_code == 200
    after = read_alignment(run_folder / "alignment.json").target
    changed = {s.id for b in after.blocks for s in b.sentences if s.text != before.sentence(s.id).text}
    assert changed == {i for ids, text in places.items() if text != box for i in ids}  # exactly the ones it counted


def test_after_an_edit_the_page_gets_only_the_rows_that_changed(client, run_folder):
    name = run_folder.name
    first = lxml.html.fromstring(client.get(f"/{TOKEN}/").text)
    page = first.body.get("data-page")
    keys = sentence_keys(run_folder)
    assert client.post(api(name, "edit"), json={"revision": 0, "op": "merge", "bead": keys[2]}).status_code == 200
    rows = client.get(api(name, "rows") + f"?since={page}").json()
    assert rows["revision"] == 1 and rows["can_undo"] and not rows["can_redo"] and 1 <= len(rows["rows"]) <= 2
    # the old page with these rows replaced is the new page
    now = lxml.html.fromstring(client.get(f"/{TOKEN}/").text)
    for row in rows["rows"]:
        old = first.get_element_by_id(row["id"])
        old.getparent().replace(old, lxml.html.fragment_fromstring(row["html"]))
    assert [lxml.html.tostring(s, with_tail=False) for s in first.xpath("//main/section")] == [lxml.html.tostring(s, with_tail=False) for s in now.xpath("//main/section")]
    assert keys[2] not in now.xpath("//div[@data-level='sentence']/@data-bead")
    assert client.get(api(name, "rows") + "?since=nonsense").json() == {"reload": True}  # a page it does not know: reload
