"""The review page: self-contained, escaped, complete; rendered and driven in real headless chromium."""

from __future__ import annotations

import os
import shutil
import struct
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from tests.export.conftest import needs_chromium, run_chromium, with_text
from toolkit.export.html import render_review
from toolkit.findings import Finding


def q(root, tag: str, *classes: str) -> list:
    """Elements of `tag` carrying all `classes` (XPath; lxml's cssselect needs an extra package)."""
    test = " and ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes)
    return root.xpath(f".//{tag}[{test}]")


def page(alignment, findings, **kwargs) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_review(alignment, findings, **kwargs).data)


def test_every_finding_has_a_card_with_message_and_suggestion(seed_alignment, findings):
    doc = page(seed_alignment, findings)
    cards = q(doc, "li", "finding")
    assert [c.get("id") for c in sorted(cards, key=lambda c: int(c.get("data-f")))] == ["f1", "f2", "f3", "f4", "f5"]
    for number, finding in enumerate(findings, start=1):
        card = doc.get_element_by_id(f"f{number}")
        assert finding.message in card.text_content()
        if finding.suggestion:
            assert q(card, "p", "suggestion")[0].findtext("strong") == finding.suggestion
    # the leftover finding names segments the alignment does not hold: listed at the end, said so
    assert "not found verbatim" in doc.get_element_by_id("f5").text_content().lower()


def test_findings_are_marked_on_their_spans_on_both_sides(seed_alignment, findings):
    doc = page(seed_alignment, findings)
    name_marks = [m for m in q(doc, "mark", "f") if "1" in m.get("data-f").split()]
    # three occurrences, each on the Vietnamese and the German side
    assert sorted(m.text_content() for m in name_marks) == ["Le Minh Hung"] * 3 + ["Lê Minh Hưng"] * 3
    assert "The name lost its Vietnamese diacritics." in name_marks[0].get("title")
    assert "suggestion: Lê Minh Hưng" in name_marks[0].get("title")
    term = [m.text_content() for m in q(doc, "mark", "f") if "2" in m.get("data-f").split()]
    assert term == ["Ban Tổ chức Trung ương", "Zentralen Organisationskommission"]
    number = [m.text_content() for m in q(doc, "mark", "kind-number")]
    assert number == ["8%", "8%", "8 %", "8 %"]  # twice in each text of the 2-1 bead


def test_weak_beads_are_highlighted_and_both_texts_complete(seed_alignment, findings):
    doc = page(seed_alignment, findings, threshold=0.5)
    weak = q(doc, "div", "pair", "weak")
    assert len(weak) == 1 and "Le Minh Hung" in weak[0].text_content()
    assert [s.text_content() for s in q(weak[0], "div", "score")] == ["0.35"]
    for side, document in (("source", seed_alignment.source), ("target", seed_alignment.target)):
        shown = {seg.get("data-id"): seg.text_content() for div in q(doc, "div", "side", side) for seg in q(div, "span", "seg")}
        assert shown == {s.id: s.text for block in document.blocks for s in block.sentences}
    assert q(doc, "section", "row", "boilerplate")  # portal lines shown, dimmed
    assert len(q(page(seed_alignment, findings, threshold=0.99), "div", "pair", "weak")) > 10


def test_sentence_beads_alone_still_show_both_texts_once(seed_alignment, findings):
    """An alignment without block beads: blocks joined by sentence beads share a row, the rest stand alone."""
    sentences_only = replace(seed_alignment, beads=seed_alignment.beads_at("sentence"))
    doc = page(sentences_only, findings)
    for side, document in (("source", seed_alignment.source), ("target", seed_alignment.target)):
        ids = [seg.get("data-id") for div in q(doc, "div", "side", side) for seg in q(div, "span", "seg")]
        assert ids == [s.id for block in document.blocks for s in block.sentences]  # each once, in order
    merged = [p for p in q(doc, "div", "pair") if p.xpath("string(./div[contains(@class, 'source')]/span[1]/@data-id)") == "b9.s1"]
    assert len(merged) == 1 and [s.get("data-id") for s in q(merged[0], "span", "seg")] == ["b9.s1", "b9.s2", "b8.s1"]
    assert len(q(doc, "li", "finding")) == 5


def test_summary_counts_score_url_and_reconstructed_label(seed_alignment, findings):
    doc = page(seed_alignment, findings)
    summary = doc.get_element_by_id("summary").text_content()
    assert doc.get_element_by_id("mean-score").text == f"{seed_alignment.mean_score:.2f}"
    assert doc.get_element_by_id("finding-count").text == "5"
    assert "1 name" in summary and "1 term" in summary and "(1 error, 3 warning, 1 info)" in summary
    assert "26 (22 pairs, 4 one-sided)" in summary
    label = doc.get_element_by_id("reconstructed-label")
    assert "Reconstructed source" in label.text_content()
    assert doc.xpath("//a[starts-with(@href, 'https://baohagiang.vn/')]")
    fetched = replace(seed_alignment, source=replace(seed_alignment.source, meta={"provenance": "fetched"}))
    assert not page(fetched, findings).xpath("//*[@id='reconstructed-label']")


def test_self_contained_no_network(seed_alignment, findings):
    html = render_review(seed_alignment, findings).data.decode("utf-8")
    doc = lxml.html.fromstring(html)
    assert not doc.xpath("//*[@src]") and not doc.xpath("//link")
    assert [a.get("href") for a in doc.xpath("//a[@href]")] == [seed_alignment.source.url]
    assert "default-src 'none'" in doc.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert "@import" not in html and "url(" not in html


def test_all_text_is_escaped(seed_alignment):
    hostile = with_text(seed_alignment, "target", "b2.s1", 'Le Minh Hung <script>alert("x")</script> & <b>bold</b>')
    finding = Finding(
        "name", "x", "error", "Lê Minh Hưng", "<script>", ("b3.s1",), ("b2.s1",), "<img src=x onerror=alert(1)>", '"><i>sug</i>'
    )
    html = render_review(hostile, [finding]).data.decode("utf-8")
    assert "<script>alert" not in html and "<img" not in html and "<i>sug" not in html and "<b>bold" not in html
    doc = lxml.html.fromstring(html)
    assert len(doc.xpath("//script")) == 1
    assert [m.text_content() for m in q(doc, "mark", "f")] == ["Lê Minh Hưng", "<script>"]
    assert q(doc.get_element_by_id("f1"), "p", "msg")[0].text == "<img src=x onerror=alert(1)>"


def test_control_characters_are_shown_not_hidden(dirty_alignment):
    doc = page(dirty_alignment, [])
    ctrl = q(doc, "span", "ctrl")
    assert [c.text for c in ctrl] == ["\u2407", "\u2400", "\u240b"]


# ------------------------------------------------------------------ real browser


@pytest.fixture()
def review_file(tmp_path: Path, seed_alignment, findings) -> Path:
    path = tmp_path / "review.html"
    path.write_bytes(render_review(seed_alignment, findings).data)
    return path


@needs_chromium
def test_chromium_renders_findings_summary_and_filters(tmp_path, review_file, seed_alignment):
    result = run_chromium(tmp_path / "profile", "--dump-dom", review_file.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    doc = lxml.html.fromstring(result.stdout)
    assert doc.body.get("data-ready") == "1"  # the script ran without error
    assert "Reconstructed source" in doc.get_element_by_id("reconstructed-label").text_content()
    assert doc.get_element_by_id("mean-score").text == f"{seed_alignment.mean_score:.2f}"
    assert [b.get("data-kind") for b in q(doc, "button", "filter")] == ["name", "term", "consistency", "number", "leftover"]
    assert len(q(doc, "li", "finding")) == 5 and len(q(doc, "mark", "f")) >= 10
    assert q(doc, "mark", "kind-name")[0].text_content() == "Lê Minh Hưng"


KEYBOARD_PROBE = """
<script>
(function () {
  function key(k) { document.dispatchEvent(new KeyboardEvent("keydown", {key: k, bubbles: true})); }
  function current() { var c = document.querySelector("li.finding.current"); return c ? c.id : "none"; }
  var log = [];
  key("j"); log.push(current());
  key("n"); log.push(current());
  key("k"); log.push(current());
  key("p"); log.push(current());
  log.push("marks:" + document.querySelectorAll("mark.f.current").length);
  document.querySelector('button.filter[data-kind="name"]').click();
  log.push("f1hidden:" + document.getElementById("f1").classList.contains("hidden"));
  log.push("namemarksoff:" + document.querySelectorAll("mark.kind-name.off").length);
  key("j"); log.push(current());
  log.push(document.getElementById("nav-position").textContent);
  var out = document.createElement("pre"); out.id = "probe"; out.textContent = log.join("|");
  document.body.appendChild(out);
})();
</script>
"""


@needs_chromium
def test_chromium_keyboard_navigation_and_filters(tmp_path, review_file):
    probe = tmp_path / "probe.html"
    probe.write_text(review_file.read_text(encoding="utf-8").replace("</body>", KEYBOARD_PROBE + "</body>"), encoding="utf-8")
    result = run_chromium(tmp_path / "profile", "--dump-dom", probe.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    log = lxml.html.fromstring(result.stdout).get_element_by_id("probe").text.split("|")
    # cards in page order: f1, f2 (lead), f4 (caption b5), f3 (b8), f5 (unplaced, at the end)
    assert log[:4] == ["f1", "f2", "f1", "f5"]
    assert log[4] == "marks:0"  # f5 has no marks (its segments are not in the alignment)
    # hiding "name" hides its card and unmarks its six spans; j then starts at the first shown card
    assert log[5:] == ["f1hidden:true", "namemarksoff:6", "f2", "finding 1 of 4"]


@needs_chromium
def test_chromium_screenshot_on_a_laptop_screen(tmp_path, review_file):
    shot = tmp_path / "review.png"
    result = run_chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1366,900", review_file.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1366, 900)
    assert len(data) > 50_000  # a rendered page, not a blank one
    keep = os.environ.get("SRCALIGN_KEEP_SCREENSHOT")
    if keep:  # for a person to look at: SRCALIGN_KEEP_SCREENSHOT=/tmp/review.png pytest tests/export
        shutil.copyfile(shot, keep)


def test_the_kept_environment_renders_what_a_fresh_one_renders(seed_alignment, findings):
    """The environment is made once per process, its templates compiled once and never reloaded:
    the page, rendered again and again, is byte for byte the page of a fresh environment that
    checks the template files on every render (as the first version did)."""
    from datetime import datetime, timezone

    import jinja2

    from toolkit.export.html import review_view
    from toolkit.web import templating

    created = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    first = render_review(seed_alignment, findings, created=created).data
    assert render_review(seed_alignment, findings, created=created).data == first
    fresh = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templating.templates_dir())),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=True,
    )
    fresh.filters["text"] = templating.visible_text
    view = review_view(seed_alignment, findings, created=created)
    css, js = templating.static_text("review.css"), templating.static_text("review.js")
    expected = fresh.get_template("review.html").render(page=view, workbench=None, inline_css=css, inline_js=js)
    assert first.decode("utf-8") == expected
    assert templating.environment() is templating.environment() and not templating.environment().auto_reload
