"""Workbench benchmark: open an article of about 2,000 sentence beads and save actions, measured at
the API (HTTP against the real server) and in the browser (Debian chromium via selenium).

    python bench/review.py [--beads 2000] [--repeat 15]

The article is the bundled example's alignment repeated (ids renumbered) until it holds the
asked number of sentence beads; it is checked like a run would, exported, and served from a
temporary folder outside the repository. Figures: median and 90th percentile in ms.
Targets (issue 14): page usable within 1 s, save under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.conftest import free_port, make_driver, start_server  # noqa: E402
from toolkit.alignment import Alignment, Bead  # noqa: E402
from toolkit.document import Document, Sentence  # noqa: E402
from toolkit.edit import bead_key  # noqa: E402
from toolkit.findings import findings_to_json  # noqa: E402
from toolkit.pipeline import RunOptions, run_example  # noqa: E402


def big_alignment(base: Alignment, beads: int) -> Alignment:
    """The example repeated until it has `beads` sentence beads (block and sentence ids renumbered)."""
    per_copy = len(base.beads_at("sentence"))
    copies = -(-beads // per_copy)

    def doc(document: Document) -> tuple[Document, int]:
        blocks = []
        n = len(document.blocks)
        for k in range(copies):
            for block in document.blocks:
                new_id = f"b{int(block.id[1:]) + k * n}"
                sentences = tuple(Sentence(f"{new_id}.{s.id.split('.')[1]}", s.text, s.span) for s in block.sentences)
                blocks.append(replace(block, id=new_id, line=block.line + k * n, sentences=sentences))
        return replace(document, blocks=tuple(blocks)), n

    source, n_src = doc(base.source)
    target, n_tgt = doc(base.target)

    def renumber(ids: tuple[str, ...], n: int, k: int) -> tuple[str, ...]:
        out = []
        for i in ids:
            block, _, rest = i.partition(".")
            new = f"b{int(block[1:]) + k * n}"
            out.append(f"{new}.{rest}" if rest else new)
        return tuple(out)

    blocks, sentences = [], []
    for k in range(copies):
        for b in base.beads:
            moved = Bead(b.level, renumber(b.source, n_src, k), renumber(b.target, n_tgt, k), b.score)
            (blocks if b.level == "block" else sentences).append(moved)
    return Alignment(source, target, tuple(blocks + sentences), dict(base.meta))


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):.0f} ms, p90 {p90:.0f} ms (n={len(ordered)})"


def post(url: str, payload: dict) -> dict:
    request = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{url}: {exc.code} {exc.read().decode(errors='replace')}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beads", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from toolkit.check import check_alignment
    from toolkit.export import write_exports
    from toolkit.termbase import load_termbase
    from toolkit.web.app import Workbench, create_app

    with tempfile.TemporaryDirectory(prefix="srcalign-bench-review-") as scratch:
        root = Path(scratch)
        example = run_example(RunOptions(alignments_dir=root / "alignments", sources_dir=root / "sources"))
        alignment = big_alignment(example.alignment, args.beads)
        folder = root / "big"
        folder.mkdir()
        started = time.perf_counter()
        findings = check_alignment(alignment, load_termbase())
        (folder / "alignment.json").write_text(alignment.to_json() + "\n", encoding="utf-8")
        (folder / "findings.json").write_text(findings_to_json(findings) + "\n", encoding="utf-8")
        write_exports(alignment, findings, folder)
        print(f"article: {len(alignment.beads_at('sentence'))} sentence beads, {len(alignment.beads_at('block'))} block beads, "
              f"{len(findings)} findings (made in {time.perf_counter() - started:.1f} s)")

        workbench = Workbench.open(folder, sources_dir=root / "sources")
        port = free_port()
        server, thread = start_server(create_app(workbench, "bench"), port)
        base = f"http://127.0.0.1:{port}/bench/"
        api = f"{base}api/big/"
        keys = [bead_key(b) for b in alignment.beads_at("sentence")]
        try:
            # API: the page (server-side render) and save round trips
            sizes = [0]

            def get_page() -> float:
                t = time.perf_counter()
                with urllib.request.urlopen(base, timeout=60) as response:
                    sizes[0] = len(response.read())
                return 1000 * (time.perf_counter() - t)

            def cold() -> None:  # as if nothing had been rendered (the server renders the page at start)
                with workbench._lock:
                    workbench.pages.clear()
                    workbench.rows_rendered.clear()

            time.sleep(0.5)
            get_page()  # wait for the page rendered at start
            rendered, cached, after_save = [], [], []
            for _ in range(args.repeat):
                cold()
                rendered.append(get_page())
                cached.append(get_page())
            print(f"API  GET article page ({sizes[0] / 1e6:.1f} MB HTML), cold (no page or row rendered yet): {percentiles(rendered)}")
            print(f"API  GET article page, unchanged since last view (cached): {percentiles(cached)}")
            state = json.loads(urllib.request.urlopen(api + "state", timeout=60).read())
            revision = state["revision"]
            for k in range(args.repeat):
                revision = post(api + "edit", {"revision": revision, "op": "confirm", "beads": [keys[1000 + k]]})["revision"]
                after_save.append(get_page())  # what a reload right after a save waits for
            revision = post(api + "undo", {"revision": revision})["revision"]
            print(f"API  GET article page right after a save (only changed rows re-rendered): {percentiles(after_save)}")
            from toolkit.export.html import review_view
            from toolkit.web.templating import render_template

            from toolkit.edit import confirm
            from toolkit.export.html import RowCache

            cpu, cpu_again = [], []
            run = workbench.run("big")
            wb = {"api": "", "static": "", "page": "", "revision": 0, "can_undo": 0, "can_redo": 0, "confirmed": 0, "total": 0, "back": ""}
            for k in range(3):  # CPU time, not wall time: what the page costs when the machine is not shared
                rows = RowCache(wb)
                t = time.process_time()
                view = review_view(run.state.alignment, run.findings, status=run.state.status, rows_rendered=rows)
                render_template("review.html", page=view, workbench=wb, inline_css="", inline_js="")
                cpu.append(1000 * (time.process_time() - t))
                status = run.state.apply(confirm(run.state, [keys[500 + k]])).status  # one bead changed
                t = time.process_time()
                view = review_view(run.state.alignment, run.findings, status=status, rows_rendered=rows)
                render_template("review.html", page=view, workbench=wb, inline_css="", inline_js="")
                cpu_again.append(1000 * (time.process_time() - t))
            print(f"     page render, CPU time in process, cold: {percentiles(cpu)}")
            print(f"     page render, CPU time in process, one bead changed ({rows.rendered} row re-rendered): {percentiles(cpu_again)}")
            confirms, merges = [], []
            for k in range(args.repeat):
                t = time.perf_counter()
                revision = post(api + "edit", {"revision": revision, "op": "confirm", "beads": [keys[10 + k]]})["revision"]
                confirms.append(1000 * (time.perf_counter() - t))
            sentence_beads = alignment.beads_at("sentence")
            mergeable = [i for i in range(200, len(sentence_beads) - 1) if sentence_beads[i].source and sentence_beads[i + 1].source
                         and sentence_beads[i].source[0].split(".")[0] == sentence_beads[i + 1].source[0].split(".")[0]]
            for k in range(args.repeat):
                key = bead_key(sentence_beads[mergeable[2 * k]])
                t = time.perf_counter()
                result = post(api + "edit", {"revision": revision, "op": "merge", "bead": key})
                merges.append(1000 * (time.perf_counter() - t))
                revision = result["revision"]
                revision = post(api + "undo", {"revision": revision})["revision"]
            print(f"API  save round trip, confirm: {percentiles(confirms)}")
            print(f"API  save round trip, merge:   {percentiles(merges)}")
            size = (folder / "alignment.json").stat().st_size
            print(f"API  alignment.json after {revision} revisions: {size / 1e6:.2f} MB")
            t = time.perf_counter()
            post(api + "export", {})
            print(f"API  export (re-check + TMX, XLIFF, TSV, JSONL, TBX, review.html, corrected text): {1000 * (time.perf_counter() - t):.0f} ms")

            # browser: navigation timing and a save through the page (keypress → saved → reloaded → usable)
            with tempfile.TemporaryDirectory(prefix="srcalign-bench-chromium-") as profile:
                driver = make_driver(Path(profile))
                try:
                    usable, dcl, saves, fetches, usable_cold = [], [], [], [], []
                    for _ in range(max(3, args.repeat // 3)):
                        cold()
                        t = time.perf_counter()
                        driver.get(base)
                        driver.execute_script("return document.body.getAttribute('data-workbench-ready')")
                        usable_cold.append(1000 * (time.perf_counter() - t))
                    print(f"BROWSER page usable, cold server (rendered on request; wall time of the load): {percentiles(usable_cold)}")
                    for _ in range(max(3, args.repeat // 3)):
                        driver.get(base)
                        ready = driver.execute_script(
                            "var b = document.body; return b.getAttribute('data-workbench-ready') === '1' ? "
                            "[parseFloat(b.getAttribute('data-ready-ms')), performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd] : null"
                        )
                        usable.append(ready[0])
                        dcl.append(ready[1])
                    print(f"BROWSER page usable, page ready on the server (script ready, from navigation start): {percentiles(usable)}")
                    print(f"BROWSER DOMContentLoaded: {percentiles(dcl)}")
                    for k in range(max(3, args.repeat // 3)):
                        key = keys[100 + k]
                        # the save alone, as the page sends it (fetch round trip)
                        rev = int(driver.find_element("tag name", "body").get_attribute("data-revision"))
                        took = driver.execute_async_script(
                            "var done = arguments[arguments.length - 1]; var t = performance.now();"
                            "fetch(document.body.getAttribute('data-api') + '/edit', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                            " body: JSON.stringify({revision: arguments[0], op: 'confirm', beads: [arguments[1]]})})"
                            ".then(function (r) { return r.json(); }).then(function () { done(performance.now() - t); });",
                            rev,
                            key,
                        )
                        fetches.append(took)
                        t = time.perf_counter()
                        driver.get(base)
                        driver.execute_script("return document.body.getAttribute('data-workbench-ready')")
                        saves.append(1000 * (time.perf_counter() - t) + took)
                    print(f"BROWSER save (fetch round trip from the page): {percentiles(fetches)}")
                    driver.get(base)
                    confirms_in_page = []
                    for k in range(max(3, args.repeat // 3)):
                        confirms_in_page.append(driver.execute_async_script(
                            "var done = arguments[arguments.length - 1];"
                            "var el = document.querySelector('.pair[data-bead=\"' + arguments[0] + '\"]'); el.click();"
                            "var rev = document.body.getAttribute('data-revision'); var t = performance.now();"
                            "var obs = new MutationObserver(function () { if (document.body.getAttribute('data-revision') !== rev) { obs.disconnect(); done(performance.now() - t); } });"
                            "obs.observe(document.body, {attributes: true});"
                            "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'c', bubbles: true}));",
                            keys[300 + k],
                        ))
                    print(f"BROWSER confirm with the c key (saved and shown in place, no reload): {percentiles(confirms_in_page)}")
                    driver.get(base)
                    merges_in_page = []
                    sentence_keys = [bead_key(b) for b in alignment.beads_at("sentence")]
                    for k in range(max(3, args.repeat // 3)):
                        key = sentence_keys[mergeable[2 * (args.repeat + k) + 40]]
                        merges_in_page.append(driver.execute_async_script(
                            "var done = arguments[arguments.length - 1];"
                            "var el = document.querySelector('.pair[data-bead=\"' + arguments[0] + '\"]'); el.scrollIntoView({block: 'center'}); el.click();"
                            "var rev = document.body.getAttribute('data-revision'); var t = performance.now(); window.sameDocument = 1;"
                            "var obs = new MutationObserver(function () { if (document.body.getAttribute('data-revision') !== rev) { obs.disconnect(); done([performance.now() - t, window.sameDocument || 0]); } });"
                            "obs.observe(document.body, {attributes: true});"
                            "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'm', bubbles: true}));",
                            key,
                        ))
                    in_place = sum(1 for _, same in merges_in_page if same)
                    print(f"BROWSER merge with the m key (saved, changed rows replaced in place, {in_place} of {len(merges_in_page)} without reload): "
                          f"{percentiles([ms for ms, _ in merges_in_page])}")
                    print(f"BROWSER save + reload until usable again: {percentiles(saves)}")
                finally:
                    driver.quit()
        finally:
            server.should_exit = True
            thread.join(10)


if __name__ == "__main__":
    main()
