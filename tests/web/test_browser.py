"""The workbench in a real browser (Debian chromium via selenium and Debian's chromedriver):
merge, split, shift, confirm, undo, apply a suggestion to all, reload, export."""

from __future__ import annotations

import json
import os
import shutil

from lxml import etree

from tests.web.conftest import make_driver, needs_browser
from toolkit.export import read_alignment


def wait_for(driver, condition, timeout: float = 20):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored).until(lambda d: condition(d))


def revision(driver) -> int:
    return int(driver.find_element("tag name", "body").get_attribute("data-revision"))


def act(driver, keys_or_click, expect_revision: int) -> None:
    """Do something on the page and wait until the page came back at the expected revision."""
    keys_or_click()
    wait_for(driver, lambda d: d.find_element("tag name", "body").get_attribute("data-workbench-ready") == "1" and revision(d) == expect_revision)


def bead(driver, key: str):
    """The bead's row, scrolled to the middle of the window (clear of the sticky toolbar)."""
    element = driver.find_element("css selector", f'.pair[data-bead="{key}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    return element


def press(driver, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def sentence_pairs(folder) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(b.source, b.target) for b in read_alignment(folder / "alignment.json").beads_at("sentence")]


@needs_browser
def test_click_through_the_workbench(live, browser, tmp_path):
    original = sentence_pairs(live.folder)
    browser.get(live.url)
    wait_for(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-workbench-ready") == "1")
    assert revision(browser) == 0

    # merge (keyboard): vi b3.s1 ↔ de b2.s1 with the next bead
    browser.execute_script("window.sameDocument = 1;")
    act(browser, lambda: (bead(browser, "sentence:b3.s1|b2.s1").click(), press(browser, "m")), 1)
    merged = "sentence:b3.s1+b3.s2|b2.s1+b2.s2"
    assert bead(browser, merged).get_attribute("data-status") == "edited"
    assert "selected" in bead(browser, merged).get_attribute("class")  # the selection survives the update
    assert browser.execute_script("return window.sameDocument") == 1  # only the changed rows replaced, no reload

    # split (toolbar button): click the German second sentence, split before it
    def split():
        bead(browser, merged).find_element("css selector", '.seg[data-id="b2.s2"]').click()
        browser.find_element("css selector", "#bead-tools .tool-split").click()

    act(browser, split, 2)
    assert sentence_pairs(live.folder) == original

    # shift: the last German sentence of b3.s1 ↔ b2.s1 to the next bead
    act(browser, lambda: (bead(browser, "sentence:b3.s1|b2.s1").click(), press(browser, "]")), 3)
    assert sentence_pairs(live.folder)[2:4] == [(("b3.s1",), ()), (("b3.s2",), ("b2.s1", "b2.s2"))]

    # undo (button) brings the two beads back
    act(browser, lambda: browser.find_element("id", "undo").click(), 4)
    assert sentence_pairs(live.folder) == original

    # confirm (keyboard)
    act(browser, lambda: (bead(browser, "sentence:b4.s1|b3.s1").click(), press(browser, "c")), 5)
    assert bead(browser, "sentence:b4.s1|b3.s1").get_attribute("data-status") == "confirmed"

    # post-edit a German sentence in place (e, type, Enter)
    def post_edit():
        bead(browser, "sentence:b5.s2|b4.s2").find_element("css selector", '.side.target .seg').click()
        press(browser, "e")
        box = browser.find_element("css selector", "textarea.edit-box")
        box.clear()
        box.send_keys("Der Satz, von Hand verbessert.\n")

    act(browser, post_edit, 6)
    assert bead(browser, "sentence:b5.s2|b4.s2").find_element("css selector", ".side.target").text == "Der Satz, von Hand verbessert."

    # a block bead: select it by its head, merge it with the next block bead
    def merge_blocks():
        head = browser.find_element("css selector", '.row-head[data-bead="block:b5|b4"]')
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", head)
        head.click()
        press(browser, "m")

    act(browser, merge_blocks, 7)
    assert browser.find_element("css selector", '.row-head[data-bead="block:b5+b6|b4+b5"]').get_attribute("data-status") == "edited"
    act(browser, lambda: browser.find_element("id", "undo").click(), 8)

    # apply a suggestion to all occurrences: "Ban Tổ chức Trung ương" rendered as "…Organisationskomitees"
    card = next(
        c for c in browser.find_elements("css selector", "li.finding")
        if c.find_element("css selector", "code").text == "term_wrong" and "Ban Tổ chức Trung ương" in c.text
    )
    box = card.find_element("css selector", "input.replacement")
    box.clear()
    box.send_keys("Zentralen Organisationskomitees")  # what three of the four occurrences say now
    assert card.find_element("css selector", ".apply-all").text == "apply to all: 1 of 4 change"
    box.clear()
    box.send_keys("Zentralen Organisationskommission")
    assert card.find_element("css selector", ".apply-all").text == "apply to all: 3 of 4 change"
    act(browser, lambda: card.find_element("css selector", ".apply-all").click(), 9)
    assert "Organisationskomitees" not in browser.find_element("id", "rows").text

    # dismiss a false alarm, with a reason (a prompt), into the project's decisions file
    card = next(c for c in browser.find_elements("css selector", "li.finding") if c.get_attribute("data-kind") == "number")
    dismissed = card.get_attribute("data-finding-id")
    card.find_element("css selector", ".dismiss").click()
    alert = wait_for(browser, lambda d: d.switch_to.alert)
    alert.send_keys("a date, not a number")
    alert.accept()
    wait_for(browser, lambda d: not d.find_elements("css selector", f'li[data-finding-id="{dismissed}"]'))
    assert dismissed in (live.sources / "decisions.tsv").read_text(encoding="utf-8")

    # next flagged bead (toolbar choice, then the "." key)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "goto-kind")).select_by_value("flagged")
    browser.find_element("id", "goto-next").click()
    chosen = browser.find_element("css selector", ".pair.selected")
    assert chosen.get_attribute("data-flagged") == "1" and "flagged bead " in browser.find_element("id", "message").text

    # reload: everything is still there
    browser.refresh()
    wait_for(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-workbench-ready") == "1")
    assert revision(browser) == 9
    assert bead(browser, "sentence:b4.s1|b3.s1").get_attribute("data-status") == "confirmed"
    assert not browser.find_elements("css selector", f'li[data-finding-id="{dismissed}"]')

    # export: the TMX holds the corrected German
    browser.find_element("id", "export").click()
    wait_for(browser, lambda d: "exported" in d.find_element("id", "message").text)
    tmx = etree.parse(str(live.folder / "alignment.tmx")).getroot()
    german = " ".join(seg.text for tuv in tmx.iter("tuv") if tuv.get("{http://www.w3.org/XML/1998/namespace}lang") == "de" for seg in tuv.iter("seg"))
    assert "Organisationskomitees" not in german and german.count("Zentralen Organisationskommission") >= 4
    assert "Der Satz, von Hand verbessert." in german
    assert [e["op"] for e in read_alignment(live.folder / "alignment.json").meta["review"]["log"]] == [
        "merge", "split", "shift", "undo shift", "confirm", "edit text", "merge", "undo merge", "apply all",
    ]
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not errors
    keep = os.environ.get("SRCALIGN_KEEP_SCREENSHOT")
    if keep:
        browser.save_screenshot(keep)


@needs_browser
def test_a_second_tab_gets_a_conflict_message(live, tmp_path):
    first, second = make_driver(tmp_path / "one"), make_driver(tmp_path / "two")
    try:
        for driver in (first, second):
            driver.get(live.url)
            wait_for(driver, lambda d: d.find_element("tag name", "body").get_attribute("data-workbench-ready") == "1")
        act(first, lambda: (bead(first, "sentence:b4.s1|b3.s1").click(), press(first, "c")), 1)
        before = (live.folder / "alignment.json").read_bytes()
        bead(second, "sentence:b3.s1|b2.s1").click()
        press(second, "m")
        wait_for(second, lambda d: "reload" in d.find_element("id", "message").text)
        assert "revision 1" in second.find_element("id", "message").text
        assert (live.folder / "alignment.json").read_bytes() == before
        second.find_element("id", "reload").click()
        wait_for(second, lambda d: d.find_element("tag name", "body").get_attribute("data-revision") == "1")
    finally:
        first.quit()
        second.quit()


@needs_browser
def test_the_example_reviewed_in_the_browser_holds_on_the_next_run(tmp_path, browser):
    """Done-when of the workbench issue: unify a term with "preferred rendering + apply to all", dismiss
    a false alarm, merge and split a bead; `srcalign run --example --force` then keeps the review and
    honours both decisions, and so does a run from scratch (`--discard-review`)."""
    from tests.test_cli import run_cli
    from tests.web.conftest import free_port, start_server
    from toolkit.web.app import Workbench, create_app

    first = run_cli("run", "--example", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / first.stdout.decode().strip().splitlines()[-1]
    workbench = Workbench.open(folder, sources_dir=tmp_path / "sources")
    port = free_port()
    server, thread = start_server(create_app(workbench, "tok"), port)
    try:
        browser.get(f"http://127.0.0.1:{port}/tok/")
        wait_for(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-workbench-ready") == "1")
        card = next(c for c in browser.find_elements("css selector", "li.finding") if "Ban Tổ chức Trung ương" in c.find_element("css selector", ".src-text").text)
        term_id = card.get_attribute("data-finding-id")
        box = card.find_element("css selector", "input.replacement")
        box.clear()
        box.send_keys("Zentralen Organisationskommission")
        card.find_element("css selector", ".prefer").click()
        alert = wait_for(browser, lambda d: d.switch_to.alert)
        assert alert.text.startswith("The project's preferred rendering")
        alert.accept()  # the suggested base form: Zentrale Organisationskommission
        wait_for(browser, lambda d: revision(d) == 1)
        assert not browser.find_elements("css selector", f'li[data-finding-id="{term_id}"]')
        german = browser.find_element("id", "rows").text
        assert "Organisationskomitee" not in german and german.count("Zentralen Organisationskommission") == 4

        card = next(c for c in browser.find_elements("css selector", "li.finding") if c.get_attribute("data-kind") == "number")
        dismissed = card.get_attribute("data-finding-id")
        card.find_element("css selector", ".dismiss").click()
        alert = wait_for(browser, lambda d: d.switch_to.alert)
        alert.send_keys("false positive: the same number, written differently")
        alert.accept()
        wait_for(browser, lambda d: not d.find_elements("css selector", f'li[data-finding-id="{dismissed}"]'))

        act(browser, lambda: (bead(browser, "sentence:b5.s1|b4.s1").click(), press(browser, "m")), 2)
        # split: a 1-2 or 2-1 bead of the example, before its second sentence
        two = next(p for p in browser.find_elements("css selector", ".pair[data-bead]") if "+" in p.get_attribute("data-bead") and "b5.s1+b5.s2" not in p.get_attribute("data-bead"))
        key = two.get_attribute("data-bead")
        side = "source" if "+" in key.split(":", 1)[1].split("|")[0] else "target"
        second = two.find_elements("css selector", f".side.{side} .seg")[1]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", second)
        act(browser, lambda: (second.click(), press(browser, "s")), 3)
        assert key not in [p.get_attribute("data-bead") for p in browser.find_elements("css selector", ".pair[data-bead]")]
        assert [e["op"] for e in read_alignment(folder / "alignment.json").meta["review"]["log"]] == ["apply all", "merge", "split"]
        keep = os.environ.get("SRCALIGN_KEEP_SCREENSHOT_DIR")
        if keep:
            browser.save_screenshot(os.path.join(keep, "workbench-example.png"))
    finally:
        server.should_exit = True
        thread.join(10)

    again = run_cli("run", "--example", "--force", "--format", "json", cwd=tmp_path)  # keeps the review, checks it again
    assert again.returncode == 0, again.stderr
    assert "kept as reviewed and re-checked" in again.stderr.decode()
    assert [e["op"] for e in read_alignment(folder / "alignment.json").meta["review"]["log"]] == ["apply all", "merge", "split"]
    findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert dismissed not in {f["id"] for f in findings}
    assert json.loads(again.stdout)["ignored"] == 1
    assert not [f for f in findings if f["term"] == "Ban Tổ chức Trung ương" and f["severity"] == "error"]  # unified as chosen

    fresh = run_cli("run", "--example", "--discard-review", "--format", "json", cwd=tmp_path)  # the machine alignment again
    assert fresh.returncode == 0, fresh.stderr
    assert "review" not in read_alignment(folder / "alignment.json").meta
    findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert dismissed not in {f["id"] for f in findings} and json.loads(fresh.stdout)["ignored"] == 1
    term = next(f for f in findings if f["term"] == "Ban Tổ chức Trung ương")  # the article itself is unchanged
    assert term["suggestion"] == "Zentrale Organisationskommission"
    assert "chosen in srcalign review" in term["message"]  # the project termbase's row made this finding


@needs_browser
def test_the_batch_view_sorts_and_filters(tmp_path, run_folder, browser):
    from tests.web.conftest import free_port, start_server
    from toolkit.web.app import Workbench, create_app

    batch = tmp_path / "batch"
    for name in ("a-1", "b-2", "c-3"):
        shutil.copytree(run_folder, batch / name)
    workbench = Workbench.open(batch, sources_dir=tmp_path / "sources")
    keys = [p for p in json.loads((run_folder / "findings.json").read_text(encoding="utf-8"))["findings"] if p["severity"] == "error"]
    workbench.run("b-2").dismiss(1 + [f.id for f in workbench.run("b-2").findings].index(keys[0]["id"]), keys[0]["id"], "test", tmp_path / "d.tsv")
    port = free_port()
    server, thread = start_server(create_app(workbench, "tok"), port)
    try:
        browser.get(f"http://127.0.0.1:{port}/tok/")
        wait_for(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "1")
        names = lambda: [r.find_element("tag name", "small").text for r in browser.find_elements("css selector", "#articles tbody tr") if r.is_displayed()]
        assert names() == ["a-1", "b-2", "c-3"]
        browser.find_element("css selector", 'th button[data-sort="errors"]').click()  # most errors first
        assert names()[-1] == "b-2"
        browser.find_element("css selector", 'th button[data-sort="errors"]').click()
        assert names()[0] == "b-2"
        browser.find_element("id", "filter").send_keys("c-3")
        assert names() == ["c-3"]
    finally:
        server.should_exit = True
        thread.join(10)
