"""Alignment edit operations: what a reviewer does to beads and German text, as reversible changes.

Every operation takes an `EditState` (the alignment plus each bead's review status) and returns
a `Change`: which beads were replaced where, which statuses and which German texts changed.
`EditState.apply(change)` makes the new state and `change.inverse()` undoes it, so undo and redo
are the same code as editing, and the edit history is a list of small, serialisable records.
Usable without a browser; the workbench (toolkit.web) only calls these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.alignment import LEVELS, Alignment, Bead
from toolkit.document import Block, Document
from toolkit.errors import SrcalignError

#: A bead's review status; beads without a recorded status are "automatic" (as the aligner made them).
STATUSES: tuple[str, ...] = ("automatic", "confirmed", "edited")
#: Longest German text a reviewer may give one sentence (a guard against pasted documents).
MAX_TEXT = 5000

#: (source texts, target texts, source lang, target lang, relatedness) → beads as (source indices, target indices, score).
Aligner = Callable[[Sequence[str], Sequence[str], str, str, float | None], list[tuple[tuple[int, ...], tuple[int, ...], float]]]


def bead_key(bead: Bead) -> str:
    """A bead's name in requests and in the status table: level and both sides' ids ("sentence:b3.s1|b2.s1")."""
    return f"{bead.level}:{'+'.join(bead.source)}|{'+'.join(bead.target)}"


@dataclass(frozen=True)
class Splice:
    """At `index` of the `level`'s bead list, the beads `removed` were replaced by `added`."""

    level: str
    index: int
    removed: tuple[Bead, ...]
    added: tuple[Bead, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "index": self.index, "removed": [b.to_dict() for b in self.removed], "added": [b.to_dict() for b in self.added]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Splice:
        return cls(data["level"], int(data["index"]), tuple(Bead.from_dict(b) for b in data["removed"]), tuple(Bead.from_dict(b) for b in data["added"]))


@dataclass(frozen=True)
class TextEdit:
    """A German segment's text before and after (post-editing or an applied suggestion)."""

    segment_id: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """One reviewer action, reversible: bead splices per level, status changes, German text edits."""

    op: str
    args: Mapping[str, Any]
    splices: tuple[Splice, ...] = ()
    status: tuple[tuple[str, str, str], ...] = ()  # (bead key, before, after)
    texts: tuple[TextEdit, ...] = ()

    def inverse(self) -> Change:
        return Change(
            f"undo {self.op}",
            self.args,
            tuple(Splice(s.level, s.index, s.added, s.removed) for s in reversed(self.splices)),
            tuple((k, after, before) for k, before, after in self.status),
            tuple(TextEdit(t.segment_id, t.new, t.old) for t in reversed(self.texts)),
        )

    @property
    def empty(self) -> bool:
        return not self.splices and not self.status and not self.texts

    def to_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "args": dict(self.args),
            "splices": [s.to_dict() for s in self.splices],
            "status": [list(s) for s in self.status],
            "texts": [[t.segment_id, t.old, t.new] for t in self.texts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            str(data["op"]),
            dict(data.get("args") or {}),
            tuple(Splice.from_dict(s) for s in data.get("splices", ())),
            tuple((str(k), str(b), str(a)) for k, b, a in data.get("status", ())),
            tuple(TextEdit(str(i), str(o), str(n)) for i, o, n in data.get("texts", ())),
        )


@dataclass(frozen=True)
class EditState:
    """An alignment under review: the beads (block beads first, then sentence beads) and their statuses."""

    alignment: Alignment
    status: Mapping[str, str] = field(default_factory=dict)

    def status_of(self, bead: Bead) -> str:
        return self.status.get(bead_key(bead), "automatic")

    def find(self, key: str) -> tuple[int, Bead]:
        """The bead named `key` and its index in its level's list; an unknown key is the user's error."""
        level = key.split(":", 1)[0]
        if level not in LEVELS:
            raise SrcalignError(f"unknown bead {key!r}")
        for index, bead in enumerate(self.alignment.beads_at(level)):
            if bead_key(bead) == key:
                return index, bead
        raise SrcalignError(f"unknown bead {key!r} (reload: the alignment may have changed)")

    def apply(self, change: Change) -> EditState:
        """The state after `change`; a change that does not fit this state (stale) is refused whole."""
        levels = {level: list(self.alignment.beads_at(level)) for level in LEVELS}
        for splice in change.splices:
            beads = levels[splice.level]
            if tuple(beads[splice.index : splice.index + len(splice.removed)]) != splice.removed:
                raise SrcalignError(f"{change.op}: the beads have changed since this edit was made")
            beads[splice.index : splice.index + len(splice.removed)] = splice.added
        target = self.alignment.target
        for edit in change.texts:
            target = _with_segment_text(target, edit.segment_id, edit.old, edit.new)
        status = dict(self.status)
        for key, _before, after in change.status:
            if after == "automatic":
                status.pop(key, None)
            else:
                status[key] = after
        alignment = replace(self.alignment, target=target, beads=tuple(levels["block"]) + tuple(levels["sentence"]))
        return EditState(alignment, status)


# ---------------------------------------------------------------- operations


def merge_next(state: EditState, key: str) -> Change:
    """Join a bead with the next bead of its level (both sides concatenated)."""
    index, bead = state.find(key)
    beads = state.alignment.beads_at(bead.level)
    if index + 1 >= len(beads):
        raise SrcalignError("the last bead has no next bead to merge with")
    other = beads[index + 1]
    _not_portal(state.alignment, bead, other)
    merged = Bead(bead.level, bead.source + other.source, bead.target + other.target, min(_scores(bead, other)))
    return _structural(state, "merge", {"bead": key}, bead.level, index, (bead, other), (merged,))


def split(state: EditState, key: str, source_at: int, target_at: int) -> Change:
    """Cut a bead in two: the first `source_at` source and `target_at` target segments, then the rest."""
    index, bead = state.find(key)
    if not (0 <= source_at <= len(bead.source) and 0 <= target_at <= len(bead.target)):
        raise SrcalignError(f"cannot split {bead.shape} bead at {source_at}/{target_at}")
    first = Bead(bead.level, bead.source[:source_at], bead.target[:target_at], bead.score)
    second = Bead(bead.level, bead.source[source_at:], bead.target[target_at:], bead.score)
    if not (first.source or first.target) or not (second.source or second.target):
        raise SrcalignError("a split must leave a segment on each side of the cut")
    args = {"bead": key, "source_at": source_at, "target_at": target_at}
    return _structural(state, "split", args, bead.level, index, (bead,), (first, second))


def shift(state: EditState, key: str, side: str, edge: str) -> Change:
    """Move the first segment of one side to the previous bead, or the last one to the next bead."""
    index, bead = state.find(key)
    _check_side(side)
    if edge not in ("first", "last"):
        raise SrcalignError(f"unknown edge {edge!r}; use first or last")
    ids = bead.source if side == "source" else bead.target
    if not ids:
        raise SrcalignError(f"the bead has no {side} segment to move")
    beads = state.alignment.beads_at(bead.level)
    neighbour_index = index - 1 if edge == "first" else index + 1
    if not 0 <= neighbour_index < len(beads):
        raise SrcalignError(f"the {'first' if edge == 'first' else 'last'} bead has no neighbour on that side")
    neighbour = beads[neighbour_index]
    _not_portal(state.alignment, bead, neighbour)
    moved, rest = (ids[0], ids[1:]) if edge == "first" else (ids[-1], ids[:-1])
    n_ids = neighbour.source if side == "source" else neighbour.target
    n_ids = n_ids + (moved,) if edge == "first" else (moved,) + n_ids
    new_neighbour = _with_side(neighbour, side, n_ids)
    new_bead = _with_side(bead, side, rest)
    pair = (new_neighbour, new_bead) if edge == "first" else (new_bead, new_neighbour)
    added = tuple(b for b in pair if b.source or b.target)
    start = min(index, neighbour_index)
    args = {"bead": key, "side": side, "edge": edge}
    return _structural(state, "shift", args, bead.level, start, tuple(beads[start : start + 2]), added)


def detach(state: EditState, key: str, segment_id: str) -> Change:
    """Make one segment one-sided: it leaves its bead and stands alone (first/last of its side only)."""
    index, bead = state.find(key)
    side = "source" if segment_id in bead.source else "target" if segment_id in bead.target else None
    if side is None:
        raise SrcalignError(f"{segment_id!r} is not in bead {key!r}")
    ids = bead.source if side == "source" else bead.target
    if len(ids) > 1 and segment_id not in (ids[0], ids[-1]):
        raise SrcalignError("only the first or last segment of a side can be made one-sided; split the bead first")
    alone = Bead(bead.level, (segment_id,), (), 0.0) if side == "source" else Bead(bead.level, (), (segment_id,), 0.0)
    rest = _with_side(bead, side, tuple(i for i in ids if i != segment_id))
    if not rest.source and not rest.target:
        raise SrcalignError("the segment is already one-sided")
    added = (alone, rest) if segment_id == ids[0] else (rest, alone)
    return _structural(state, "detach", {"bead": key, "segment": segment_id}, bead.level, index, (bead,), added)


def confirm(state: EditState, keys: Sequence[str], confirmed: bool = True) -> Change:
    """Mark beads as checked by a person (or take that back): confirmed beads are kept by re-alignment."""
    changes = []
    for key in dict.fromkeys(keys):
        _index, bead = state.find(key)
        before = state.status_of(bead)
        after = "confirmed" if confirmed else ("automatic" if before == "confirmed" else before)
        if before != after:
            changes.append((key, before, after))
    return Change("confirm" if confirmed else "unconfirm", {"beads": list(keys)}, status=tuple(changes))


def edit_text(state: EditState, segment_id: str, text: str) -> Change:
    """Post-edit one German sentence (or a block without sentences); the old text is recorded."""
    text = " ".join(text.split())
    if not text:
        raise SrcalignError("the new text is empty; make the sentence one-sided instead")
    if len(text) > MAX_TEXT:
        raise SrcalignError(f"the new text is longer than {MAX_TEXT} characters")
    old = _segment_text(state.alignment.target, segment_id)
    if old == text:
        return Change("edit text", {"segment": segment_id})
    return Change("edit text", {"segment": segment_id}, texts=(TextEdit(segment_id, old, text),))


def replace_text(state: EditState, segment_ids: Sequence[str], old: str, new: str) -> Change:
    """Replace `old` by `new` in the given German segments (apply a finding's suggestion here or everywhere)."""
    return replace_texts(state, [(tuple(segment_ids), old)], new)


def replace_texts(state: EditState, places: Sequence[tuple[Sequence[str], str]], new: str) -> Change:
    """Replace each place's German string (the inflected forms differ) by `new` in that place's segments."""
    if len(new) > MAX_TEXT:
        raise SrcalignError(f"the replacement is longer than {MAX_TEXT} characters")
    if not new.strip():
        raise SrcalignError("the replacement is empty")
    texts: dict[str, tuple[str, str]] = {}
    for segment_ids, old in places:
        if not old:
            raise SrcalignError("nothing to replace: the finding names no German text")
        for segment_id in segment_ids:
            before, current = texts.get(segment_id) or (_segment_text(state.alignment.target, segment_id),) * 2
            if old in current and old != new:
                texts[segment_id] = (before, current.replace(old, new))
    edits = tuple(TextEdit(i, before, after) for i, (before, after) in texts.items() if before != after)
    if not edits:
        shown = ", ".join(i for ids, _ in places for i in ids) or "any segment"
        raise SrcalignError(f"{places[0][1]!r} does not occur in the German text of {shown}" if places else "nothing to replace")
    return Change("replace", {"places": [[list(ids), old] for ids, old in places], "new": new}, texts=edits)


def realign(state: EditState, level: str, start: str | None = None, end: str | None = None, aligner: Aligner | None = None) -> Change:
    """Rerun the aligner between two beads (exclusive; None = document edge), keeping confirmed beads.

    Each stretch of unconfirmed beads between fixed ones (confirmed beads, portal lines) is
    aligned anew on its own segments only; the fixed beads are kept exactly as they are.
    """
    if level not in LEVELS:
        raise SrcalignError(f"unknown level {level!r}")
    beads = state.alignment.beads_at(level)
    for key in (start, end):
        if key and state.find(key)[1].level != level:
            raise SrcalignError(f"the ends of a {level} re-alignment must be {level} beads")
    lo = state.find(start)[0] + 1 if start else 0
    hi = state.find(end)[0] if end else len(beads)
    if lo > hi:
        raise SrcalignError("the start bead comes after the end bead")
    aligner = aligner or default_aligner
    fixed = [k for k in range(lo, hi) if state.status_of(beads[k]) == "confirmed" or _boilerplate(state.alignment, beads[k])]
    new: list[Bead] = []
    gap_start = lo
    home = _block_bead_of(state.alignment) if level == "sentence" else (lambda _bead: 0)
    for k in [*fixed, hi]:
        gap = beads[gap_start:k]
        groups: list[list[Bead]] = []
        for bead in gap:  # sentence beads never leave their block bead: each block bead's part alone
            if groups and home(groups[-1][-1]) == home(bead):
                groups[-1].append(bead)
            else:
                groups.append([bead])
        for group in groups:
            new.extend(_align_gap(state.alignment, level, group, aligner))
        if k < hi:
            new.append(beads[k])
        gap_start = k + 1
    args = {"level": level, "start": start, "end": end}
    return _structural(state, "realign", args, level, lo, tuple(beads[lo:hi]), tuple(new), mark=False)


def default_aligner(
    source: Sequence[str], target: Sequence[str], src_lang: str, tgt_lang: str, relatedness: float | None
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """The project's aligner (toolkit.align.align_texts) on a stretch of segments."""
    from toolkit.align import align_texts

    result = align_texts(
        list(source),
        list(target),
        src_lang,
        tgt_lang,
        source_furniture=[False] * len(source),
        target_furniture=[False] * len(target),
        relatedness=relatedness,
    )
    return [(b.source, b.target, b.score) for b in result.beads]


# ---------------------------------------------------------------- helpers


def _structural(
    state: EditState,
    op: str,
    args: Mapping[str, Any],
    level: str,
    index: int,
    removed: tuple[Bead, ...],
    added: tuple[Bead, ...],
    mark: bool = True,
) -> Change:
    """A change that replaces beads: new beads are "edited" (kept ones keep their status); a block
    change repairs the sentence beads of the blocks it touched."""
    alignment = state.alignment
    levels = {lv: list(alignment.beads_at(lv)) for lv in LEVELS}
    levels[level][index : index + len(removed)] = added
    if level == "sentence":
        _check_within_blocks(alignment, levels["block"], added)
    elif alignment.beads_at("sentence"):
        levels["sentence"] = _repaired_sentences(alignment, levels["block"], levels["sentence"])
    splices = tuple(s for lv in LEVELS if (s := _diff(lv, list(alignment.beads_at(lv)), levels[lv])) is not None)
    status: list[tuple[str, str, str]] = []
    kept = {bead_key(b) for lv in LEVELS for b in levels[lv]}
    for splice in splices:
        before = {bead_key(b) for b in splice.removed}
        for bead in splice.removed:
            if bead_key(bead) not in kept and state.status_of(bead) != "automatic":
                status.append((bead_key(bead), state.status_of(bead), "automatic"))
        if mark and splice.level == level:  # what the reviewer made is "edited"; what the aligner redid stays automatic
            status += [(bead_key(b), state.status_of(b), "edited") for b in splice.added if bead_key(b) not in before]
    return Change(op, args, splices, tuple(status))


def _diff(level: str, old: list[Bead], new: list[Bead]) -> Splice | None:
    """The one splice that turns `old` into `new` (common head and tail left out)."""
    head = 0
    while head < len(old) and head < len(new) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < len(old) - head and tail < len(new) - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    if head == len(old) == len(new):
        return None
    return Splice(level, head, tuple(old[head : len(old) - tail]), tuple(new[head : len(new) - tail]))


def _repaired_sentences(alignment: Alignment, block_beads: list[Bead], sentences: list[Bead]) -> list[Bead]:
    """Sentence beads after a block edit: those inside one block bead are kept (in their order),
    the sentences of beads that now cross block beads are aligned anew inside their block bead."""
    owner: dict[tuple[str, str], int] = {}
    for k, bead in enumerate(block_beads):
        owner.update({("s", b): k for b in bead.source})
        owner.update({("t", b): k for b in bead.target})
    touching: dict[int, list[Bead]] = {}
    for bead in sentences:
        homes = {owner.get(("s", _block(i))) for i in bead.source} | {owner.get(("t", _block(i))) for i in bead.target}
        for home in sorted(h for h in homes if h is not None):
            touching.setdefault(home, []).append(bead)
    result: list[Bead] = []
    for k, block_bead in enumerate(block_beads):
        gap_s: list[str] = []
        gap_t: list[str] = []
        for bead in touching.get(k, []):
            inside = all(owner.get(("s", _block(i))) == k for i in bead.source) and all(owner.get(("t", _block(i))) == k for i in bead.target)
            if inside:
                result.extend(_align_ids(alignment, "sentence", gap_s, gap_t, default_aligner, block_bead.score))
                gap_s, gap_t = [], []
                result.append(bead)
            else:
                gap_s += [i for i in bead.source if owner.get(("s", _block(i))) == k]
                gap_t += [i for i in bead.target if owner.get(("t", _block(i))) == k]
        result.extend(_align_ids(alignment, "sentence", gap_s, gap_t, default_aligner, block_bead.score))
    return result


def _align_gap(alignment: Alignment, level: str, gap: Sequence[Bead], aligner: Aligner) -> list[Bead]:
    src = [i for b in gap for i in b.source]
    tgt = [i for b in gap for i in b.target]
    score = min((b.score for b in gap), default=0.0)
    return _align_ids(alignment, level, src, tgt, aligner, score)


def _align_ids(alignment: Alignment, level: str, src: list[str], tgt: list[str], aligner: Aligner, score: float) -> list[Bead]:
    """Beads over exactly these ids: one-sided when a side is empty, 1-1 for one pair, else the aligner."""
    if not src or not tgt:
        return [Bead(level, (i,), (), 0.0) for i in src] + [Bead(level, (), (i,), 0.0) for i in tgt]
    if len(src) == 1 and len(tgt) == 1:
        return [Bead(level, (src[0],), (tgt[0],), score)]
    src_texts = [_text(alignment.source, i) for i in src]
    tgt_texts = [_text(alignment.target, i) for i in tgt]
    relatedness = alignment.meta.get("relatedness")
    raw = aligner(src_texts, tgt_texts, alignment.source.lang, alignment.target.lang, float(relatedness) if relatedness is not None else None)
    return [Bead(level, tuple(src[k] for k in s), tuple(tgt[k] for k in t), float(sc)) for s, t, sc in raw]


def _block_bead_of(alignment: Alignment) -> Callable[[Bead], int | None]:
    """Which block bead (by index) a sentence bead lies in."""
    owner: dict[tuple[str, str], int] = {}
    for k, bead in enumerate(alignment.beads_at("block")):
        owner.update({("s", b): k for b in bead.source})
        owner.update({("t", b): k for b in bead.target})

    def home(bead: Bead) -> int | None:
        ids = [("s", _block(i)) for i in bead.source] + [("t", _block(i)) for i in bead.target]
        return owner.get(ids[0]) if ids else None

    return home


def _check_within_blocks(alignment: Alignment, block_beads: list[Bead], added: tuple[Bead, ...]) -> None:
    if not block_beads:
        return
    owner: dict[tuple[str, str], int] = {}
    for k, bead in enumerate(block_beads):
        owner.update({("s", b): k for b in bead.source})
        owner.update({("t", b): k for b in bead.target})
    for bead in added:
        homes = {owner.get(("s", _block(i))) for i in bead.source} | {owner.get(("t", _block(i))) for i in bead.target}
        if len(homes) > 1:
            raise SrcalignError("these sentences lie in different block beads; merge or shift the blocks first")


def _not_portal(alignment: Alignment, *beads: Bead) -> None:
    """Portal lines (ads, the source line, comment counters) stay beads of their own."""
    if any(_boilerplate(alignment, b) for b in beads):
        raise SrcalignError("portal lines (ads, the \"Quelle:\" line, comment counters) stay on their own; they are left out of the exports")


def _boilerplate(alignment: Alignment, bead: Bead) -> bool:
    blocks = [alignment.source.block(_block(i)) for i in bead.source] + [alignment.target.block(_block(i)) for i in bead.target]
    return bool(blocks) and all(b.boilerplate for b in blocks)


def _with_side(bead: Bead, side: str, ids: tuple[str, ...]) -> Bead:
    return replace(bead, source=ids) if side == "source" else replace(bead, target=ids)


def _check_side(side: str) -> None:
    if side not in ("source", "target"):
        raise SrcalignError(f"unknown side {side!r}; use source or target")


def _scores(*beads: Bead) -> list[float]:
    two_sided = [b.score for b in beads if not b.one_sided]
    return two_sided or [b.score for b in beads]


def _block(segment_id: str) -> str:
    return segment_id.split(".", 1)[0]


def _text(document: Document, segment_id: str) -> str:
    return document.sentence(segment_id).text if "." in segment_id else document.block(segment_id).text


def _segment_text(document: Document, segment_id: str) -> str:
    try:
        return _text(document, segment_id)
    except KeyError:
        raise SrcalignError(f"unknown German segment {segment_id!r}") from None


def _with_segment_text(document: Document, segment_id: str, old: str, new: str) -> Document:
    """The document with one segment's text replaced (its block's text follows)."""
    if _segment_text(document, segment_id) != old:
        raise SrcalignError(f"the text of {segment_id} has changed since this edit was made")
    blocks: list[Block] = []
    for block in document.blocks:
        if block.id == _block(segment_id):
            if "." in segment_id:
                sentences = tuple(replace(s, text=new) if s.id == segment_id else s for s in block.sentences)
                text = block.text.replace(old, new, 1) if old in block.text else " ".join(s.text for s in sentences)
                block = replace(block, text=text, sentences=sentences)
            else:
                block = replace(block, text=new)
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def corrected_text(document: Document) -> str:
    """The German article as edited: one block a line, in document order (portal lines included)."""
    return "".join(block.text + "\n" for block in document.blocks)
