"""A run folder under review: each action saved at once with a revision, undo/redo across reopening,
stale revisions refused, exports and the corrected German text rebuilt from the edited state."""

from __future__ import annotations

import json
import os

import pytest
from lxml import etree

from toolkit.edit import bead_key, confirm, edit_text, merge_next
from toolkit.errors import SrcalignError
from toolkit.export import read_alignment
from toolkit.review import ExportSettings, ReviewedRun, StaleRevision


def sentence_key(run: ReviewedRun, k: int) -> str:
    return bead_key(run.state.alignment.beads_at("sentence")[k])


def test_each_action_is_saved_with_a_revision_and_survives_reopening(run_folder):
    run = ReviewedRun(run_folder)
    assert run.revision == 0
    key = sentence_key(run, 2)
    run.perform(0, lambda s: merge_next(s, key))
    run.perform(1, lambda s: edit_text(s, "b2.s1", "Ein korrigierter Satz."))
    saved = json.loads((run_folder / "alignment.json").read_text(encoding="utf-8"))
    review = saved["meta"]["review"]
    assert review["revision"] == 2 and [e["op"] for e in review["log"]] == ["merge", "edit text"]
    assert all(e["time"].endswith("+00:00") for e in review["log"])
    # still an ordinary alignment file for every other reader
    plain = read_alignment(run_folder / "alignment.json")
    assert plain.target.sentence("b2.s1").text == "Ein korrigierter Satz."
    reopened = ReviewedRun(run_folder)
    assert reopened.revision == 2 and reopened.state == run.state


def test_undo_and_redo_work_across_reopening(run_folder):
    run = ReviewedRun(run_folder)
    original = run.state.alignment
    run.perform(0, lambda s: merge_next(s, sentence_key(run, 2)))
    merged = run.state.alignment
    reopened = ReviewedRun(run_folder)
    reopened.undo(1)
    assert reopened.state.alignment.beads == original.beads and reopened.revision == 2
    again = ReviewedRun(run_folder)
    again.redo(2)
    assert again.state.alignment.beads == merged.beads
    with pytest.raises(SrcalignError, match="nothing to redo"):
        again.redo(3)
    again.perform(3, lambda s: confirm(s, [sentence_key(again, 0)]))
    assert again.redo_stack == []  # a new action clears the redo stack


def test_a_stale_revision_is_refused_and_nothing_changes(run_folder):
    first, second = ReviewedRun(run_folder), ReviewedRun(run_folder)  # two tabs
    first.perform(0, lambda s: confirm(s, [sentence_key(first, 1)]))
    before = (run_folder / "alignment.json").read_bytes()
    with pytest.raises(StaleRevision, match="revision 0.*revision 1.*reload"):
        with second.lock:
            second.revision = ReviewedRun(run_folder).revision  # what a server would know…
            second.perform(0, lambda s: merge_next(s, sentence_key(second, 2)))  # …but the page was at 0
    assert (run_folder / "alignment.json").read_bytes() == before


def test_a_failed_write_leaves_the_previous_revision(run_folder, monkeypatch):
    run = ReviewedRun(run_folder)
    before = (run_folder / "alignment.json").read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        run.perform(0, lambda s: merge_next(s, sentence_key(run, 2)))
    monkeypatch.undo()
    assert (run_folder / "alignment.json").read_bytes() == before
    assert run.revision == 0 and not run.undo_stack
    assert not [p for p in run_folder.iterdir() if p.name.endswith(".tmp")]


def tmx_pairs(path) -> dict[str, tuple[str, str]]:
    root = etree.parse(str(path)).getroot()
    pairs = {}
    for tu in root.iter("tu"):
        ids = tu.findtext("prop[@type='x-target-ids']")
        segs = [seg.text for seg in tu.iter("seg")]
        pairs[ids] = (segs[0], segs[1])
    return pairs


def test_export_writes_the_corrected_german_everywhere(run_folder):
    run = ReviewedRun(run_folder)
    run.perform(0, lambda s: edit_text(s, "b2.s1", "Ein korrigierter Satz."))
    files = run.export()
    assert tmx_pairs(files["tmx"])["b2.s1"][1] == "Ein korrigierter Satz."
    assert "Ein korrigierter Satz." in files["xliff"].read_text(encoding="utf-8")
    assert "Ein korrigierter Satz." in files["html"].read_text(encoding="utf-8")
    corrected = (run_folder / "article.corrected.de.txt").read_text(encoding="utf-8").splitlines()
    assert corrected[1].startswith("Ein korrigierter Satz.")
    assert len(corrected) == len(run.state.alignment.target.blocks)


def test_export_of_confirmed_beads_only(run_folder):
    run = ReviewedRun(run_folder)
    with pytest.raises(SrcalignError, match="no bead is confirmed"):
        run.export(ExportSettings(confirmed_only=True))
    keys = [sentence_key(run, 2), sentence_key(run, 4)]
    run.perform(0, lambda s: confirm(s, keys))
    files = run.export(ExportSettings(confirmed_only=True))
    assert sorted(tmx_pairs(files["tmx"])) == ["b2.s1", "b3.s1"]
    assert len(files["tsv"].read_text(encoding="utf-8").splitlines()) == 3  # header + the two confirmed
    everything = run.export()
    assert len(tmx_pairs(everything["tmx"])) > 40


def test_the_saved_file_is_exactly_what_alignment_to_json_writes(run_folder):
    """Saving reuses serialised pieces across actions; the bytes must stay those of Alignment.to_json."""
    run = ReviewedRun(run_folder)
    actions = [lambda s: merge_next(s, sentence_key(run, 2)), lambda s: edit_text(s, "b2.s1", "Ein Satz."), lambda s: confirm(s, [sentence_key(run, 4)])]
    for revision, action in enumerate(actions):
        run.perform(revision, action)
        assert run.file_text() == run.alignment_with_review().to_json()
    assert (run_folder / "alignment.json").read_text(encoding="utf-8") == run.alignment_with_review().to_json() + "\n"


def test_a_process_killed_while_saving_leaves_a_whole_revision(run_folder):
    """SIGKILL at any moment of a stream of saves: the file is the last revision saved, or the one after."""
    import signal
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from toolkit.edit import bead_key, confirm\n"
        "from toolkit.review import ReviewedRun\n"
        "run = ReviewedRun(sys.argv[1])\n"
        "keys = [bead_key(b) for b in run.state.alignment.beads_at('sentence')]\n"
        "k = 0\n"
        "while True:\n"
        "    run.perform(run.revision, lambda s: confirm(s, [keys[k % len(keys)]], confirmed=(k // len(keys)) % 2 == 0))\n"
        "    print(run.revision, flush=True)\n"
        "    k += 1\n"
    )
    saver = subprocess.Popen([sys.executable, "-c", code, str(run_folder)], stdout=subprocess.PIPE, text=True)
    try:
        seen = [int(saver.stdout.readline()) for _ in range(8)]
    finally:
        saver.send_signal(signal.SIGKILL)
        saver.wait(30)
    reopened = ReviewedRun(run_folder)  # readable, validated
    assert reopened.revision >= seen[-1] and len(reopened.log) == reopened.revision


def test_concurrent_saves_are_one_after_another(run_folder):
    import threading

    run = ReviewedRun(run_folder)
    keys = [bead_key(b) for b in run.state.alignment.beads_at("sentence")]
    refused: list[str] = []

    def work(offset: int) -> None:
        for k in range(10):
            try:
                run.perform(run.revision, lambda s: confirm(s, [keys[offset + k]]))
            except StaleRevision as exc:  # read the revision just before another thread saved
                refused.append(str(exc))

    threads = [threading.Thread(target=work, args=(n * 10,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reopened = ReviewedRun(run_folder)
    assert reopened.revision == 30 - len(refused) == len(reopened.log)
    assert [e["revision"] for e in reopened.log] == list(range(1, reopened.revision + 1))
    assert sum(1 for v in reopened.state.status.values() if v == "confirmed") == reopened.revision
