"""Alignment edit operations on the bundled example: each keeps every segment in exactly one bead,
marks what a person changed, and is undone exactly by its inverse."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from toolkit.alignment import Alignment
from toolkit.edit import (
    EditState,
    bead_key,
    confirm,
    corrected_text,
    detach,
    edit_text,
    merge_next,
    realign,
    replace_text,
    shift,
    split,
)
from toolkit.errors import SrcalignError
from toolkit.export import read_alignment


@pytest.fixture(scope="module")
def state(example_run: Path) -> EditState:
    return EditState(read_alignment(example_run / "alignment.json"))


def assert_partition(alignment: Alignment) -> None:
    """Every content segment in exactly one bead per level, each bead's sentences inside one block bead."""
    blocks = alignment.beads_at("block")
    for side, document in (("source", alignment.source), ("target", alignment.target)):
        in_blocks = Counter(i for b in blocks for i in getattr(b, side))
        assert in_blocks == Counter(b.id for b in document.blocks)
        in_sentences = Counter(i for b in alignment.beads_at("sentence") for i in getattr(b, side))
        assert in_sentences == Counter(s.id for b in document.content_blocks for s in b.sentences)
    owner = {(side, i): k for k, b in enumerate(blocks) for side in ("source", "target") for i in getattr(b, side)}
    for bead in alignment.beads_at("sentence"):
        homes = {owner[("source", i.split(".")[0])] for i in bead.source} | {owner[("target", i.split(".")[0])] for i in bead.target}
        assert len(homes) == 1, bead


def sentence(state: EditState, k: int) -> str:
    return bead_key(state.alignment.beads_at("sentence")[k])


def roundtrip(state: EditState, change) -> EditState:
    after = state.apply(change)
    assert_partition(after.alignment)
    back = after.apply(change.inverse())
    assert back.alignment == state.alignment and dict(back.status) == dict(state.status)
    return after


def test_merge_joins_the_next_bead_and_marks_it_edited(state):
    key = sentence(state, 2)  # vi b3.s1 ↔ de b2.s1; b3.s2 ↔ b2.s2 follows in the same block bead
    after = roundtrip(state, merge_next(state, key))
    merged = after.alignment.beads_at("sentence")[2]
    assert (merged.source, merged.target) == (("b3.s1", "b3.s2"), ("b2.s1", "b2.s2"))
    assert after.status_of(merged) == "edited"
    assert len(after.alignment.beads_at("sentence")) == len(state.alignment.beads_at("sentence")) - 1


def test_sentences_of_different_block_beads_are_not_merged(state):
    key = sentence(state, 3)  # the last sentence bead of block bead vi b3 ↔ de b2
    with pytest.raises(SrcalignError, match="different block beads"):
        merge_next(state, key)


def test_split_undoes_a_merge(state):
    merged = state.apply(merge_next(state, sentence(state, 2)))
    after = roundtrip(merged, split(merged, sentence(merged, 2), 1, 1))
    assert [b.source for b in after.alignment.beads_at("sentence")] == [b.source for b in state.alignment.beads_at("sentence")]
    with pytest.raises(SrcalignError, match="each side"):
        split(merged, sentence(merged, 2), 0, 0)


def test_shift_moves_the_last_german_sentence_to_the_next_bead(state):
    key = sentence(state, 2)
    after = roundtrip(state, shift(state, key, "target", "last"))
    first, second = after.alignment.beads_at("sentence")[2:4]
    assert (first.source, first.target) == (("b3.s1",), ())
    assert (second.source, second.target) == (("b3.s2",), ("b2.s1", "b2.s2"))
    assert after.status_of(first) == after.status_of(second) == "edited"


def test_detach_makes_a_sentence_one_sided(state):
    key = sentence(state, 2)
    after = roundtrip(state, detach(state, key, "b2.s1"))
    beads = after.alignment.beads_at("sentence")[2:4]
    assert [(b.source, b.target) for b in beads] == [((), ("b2.s1",)), (("b3.s1",), ())]


def test_block_merge_keeps_the_sentence_beads_inside(state):
    blocks = state.alignment.beads_at("block")
    after = roundtrip(state, merge_next(state, bead_key(blocks[2])))
    assert after.alignment.beads_at("sentence") == state.alignment.beads_at("sentence")


def test_block_shift_realigns_only_the_sentences_that_now_cross(state):
    blocks = state.alignment.beads_at("block")
    change = shift(state, bead_key(blocks[2]), "target", "last")  # de b2 joins vi b4's bead
    after = roundtrip(state, change)
    assert [b for b in after.alignment.beads_at("block")[2:4]] != list(blocks[2:4])
    untouched = [b for b in state.alignment.beads_at("sentence") if not {"b3.s1", "b3.s2", "b2.s1", "b2.s2"} & set(b.source + b.target)]
    assert set(untouched) <= set(after.alignment.beads_at("sentence"))


def test_confirm_and_unknown_ids(state):
    key = sentence(state, 4)
    after = state.apply(confirm(state, [key]))
    assert after.status_of(after.alignment.beads_at("sentence")[4]) == "confirmed"
    for bad in ("sentence:b99.s1|b1.s1", "nonsense", "block:b1|b1"):
        with pytest.raises(SrcalignError, match="unknown bead"):
            confirm(state, [bad])


def test_realign_restores_a_scrambled_stretch_and_keeps_confirmed_beads(state):
    """A wrong bead confirmed, a wrong merge not: re-alignment redoes the merge only."""
    scrambled = state.apply(shift(state, sentence(state, 2), "target", "last"))  # vi b3.s1 alone, b3.s2 ↔ de b2.s1+b2.s2
    wrong = scrambled.alignment.beads_at("sentence")[3]
    scrambled = scrambled.apply(confirm(scrambled, [bead_key(wrong)]))
    scrambled = scrambled.apply(merge_next(scrambled, sentence(scrambled, 5)))  # vi b5.s1+b5.s2 ↔ de b4.s1+b4.s2
    after = roundtrip(scrambled, realign(scrambled, "sentence"))
    beads = after.alignment.beads_at("sentence")
    assert wrong in beads and after.status_of(wrong) == "confirmed"
    pairs = {(b.source, b.target) for b in beads}
    assert {(b.source, b.target) for b in state.alignment.beads_at("sentence")[4:]} <= pairs  # the 2-2 is two 1-1 again
    assert after.status_of(beads[5]) == "automatic"


def test_realign_between_two_beads_touches_nothing_outside(state):
    scrambled = state.apply(merge_next(state, sentence(state, 5)))
    start, end = sentence(scrambled, 4), sentence(scrambled, 6)
    change = realign(scrambled, "sentence", start, end)
    assert [s.index for s in change.splices] == [5]
    with pytest.raises(SrcalignError, match="after"):
        realign(scrambled, "sentence", end, start)


def test_edit_text_changes_the_german_sentence_and_its_block(state):
    old = state.alignment.target.sentence("b2.s1").text
    after = roundtrip(state, edit_text(state, "b2.s1", "Ein  neuer\nSatz."))
    assert after.alignment.target.sentence("b2.s1").text == "Ein neuer Satz."
    block = after.alignment.target.block("b2")
    assert block.text.startswith("Ein neuer Satz.") and old not in block.text
    assert "Ein neuer Satz." in corrected_text(after.alignment.target).splitlines()[1]
    with pytest.raises(SrcalignError, match="empty"):
        edit_text(state, "b2.s1", "  ")
    with pytest.raises(SrcalignError, match="unknown German segment"):
        edit_text(state, "b99.s1", "x")


def test_replace_text_everywhere_and_stale_changes_are_refused(state):
    ids = [s.id for b in state.alignment.target.blocks for s in b.sentences]
    word = "Provinz"
    hits = [i for i in ids if word in state.alignment.target.sentence(i).text]
    assert len(hits) >= 2
    change = replace_text(state, ids, word, "Provinzz")
    after = roundtrip(state, change)
    assert all("Provinzz" in after.alignment.target.sentence(i).text for i in hits)
    with pytest.raises(SrcalignError, match="changed"):
        after.apply(change)  # already applied: the texts no longer match
    with pytest.raises(SrcalignError, match="does not occur"):
        replace_text(state, ids, "Zzzz", "y")


def test_portal_lines_stay_on_their_own_and_ends_must_match_the_level(state):
    blocks = state.alignment.beads_at("block")
    last_content = max(k for k, b in enumerate(blocks) if b.source)
    with pytest.raises(SrcalignError, match="portal lines"):
        merge_next(state, bead_key(blocks[last_content]))
    with pytest.raises(SrcalignError, match="must be sentence beads"):
        realign(state, "sentence", bead_key(blocks[2]))
