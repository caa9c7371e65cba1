"""The bead cost of whole bands at once: per-segment features as numpy arrays.

`BeadCoster` (toolkit.align.model) prices one bead at a time in Python; a 20,000-sentence
document asks it millions of times. Here the same cost is computed for every cell of a band
per bead type in a few array operations:

- lengths, punctuation counts, furniture and kind flags are arrays per bead side size;
- numbers, names, codes, terms and document-lexicon pairs share one id space; a bead side is a
  sorted id list (CSR). The cost is additive over ids: each id a side holds costs its "miss"
  weight, each id both sides hold earns back `2 * miss + match` (the two misses it paid and
  the match bonus). The ids a band's cells share are found from an inverted index (id →
  target bead sides holding it), so the work grows with what the cells share, not with the
  band's width times the sides' sizes.
- character n-grams (chrF, the default model's cognate evidence) have an id space of their
  own: per segment its n-gram ids, each with the last earlier segment holding it, so that a
  span's distinct n-grams are those first seen inside it; the n-grams a band's cells share
  are counted from an inverted index of the target segments (see `Ngrams`).

`BeadCoster` stays the reference: tests check that both give the same cost to 1e-9.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import chain
from typing import Iterator, Sequence

import numpy as np

from toolkit.align.features import NGRAM_ORDERS, SegmentFeatures, ngram_text
from toolkit.align.lexicon import TranslationTable
from toolkit.align.model import (
    BEAD_TYPES, MAX_BEAD_SIDE, UNIT_KINDS, AlignModel, BeadTypes, KnownPairs, document_scale, embed_factor, embedding_damping, max_side, neighbour_mean, prices_embeddings, unit_vector,
)

#: Anchor fields in the shared id space (their kind is the index), with the weights that price them.
ANCHOR_KINDS: tuple[tuple[str, str, str], ...] = (
    ("numbers", "number_match", "number_miss"),
    ("names", "name_match", "name_miss"),
    ("codes", "code_match", "code_miss"),
    ("terms", "term_match", "term_miss"),
)
NAME_KIND = 1
#: (cell, id) matches handled at once when summing what cells share (bounds their memory).
MATCHES_PER_CHUNK = 1 << 16
LEXICON_KIND = len(ANCHOR_KINDS)  # the id kind of document-lexicon pairs
TABLE_KIND = LEXICON_KIND + 1  # the id kind of translation-table pairs (priced by their own term, not as anchors)
#: Segments either side of a band block's that its n-gram index also holds (the block's bead
#: types reach a few segments further than one another).
LOCAL_SLACK = 8


def supports(model: AlignModel, source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]) -> bool:
    """Whether the array path prices beads exactly as BeadCoster would for these inputs.

    Character n-grams (chrf, the default model of other pairs), coverage, a user dictionary
    and embeddings (`EmbeddingTerm`) are priced here; only segments of which some carry a
    vector and some not go to the reference coster.
    """
    if prices_embeddings(model, source, target):
        return all(f.vector is not None for f in source) and all(f.vector is not None for f in target)
    return True


@dataclass(frozen=True)
class Sets:
    """Sorted id lists of a run of segments or bead sides (CSR): k holds ids[indptr[k]:indptr[k+1]]."""

    indptr: np.ndarray
    ids: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.indptr)

    @property
    def owner(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.indptr) - 1, dtype=np.int64), self.counts)

    def __len__(self) -> int:
        return len(self.indptr) - 1


def csr(lists: Sequence[Sequence[int]]) -> Sets:
    """Id lists as CSR (each list's ids kept in its order)."""
    lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = np.fromiter((g for x in lists for g in x), dtype=np.int64, count=int(indptr[-1]))
    return Sets(indptr, flat)


def _from_owners(owner: np.ndarray, ids: np.ndarray, count: int, universe: int) -> Sets:
    """CSR of the distinct (owner, id) pairs, ids sorted within each owner."""
    keys = np.sort(owner * universe + ids)
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    owner = keys // universe
    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=count), out=indptr[1:])
    return Sets(indptr, keys - owner * universe)


def _expand(first: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs first[k] .. first[k] + lengths[k] - 1: (run index, position) of every element,
    run after run (a CSR range, or the matches of a look-up in a sorted index)."""
    owner = np.repeat(np.arange(len(first), dtype=np.int64), lengths)
    position = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
    return owner, position


def _expand_chunked(first: np.ndarray, lengths: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """`_expand` a bounded number of elements at a time (MATCHES_PER_CHUNK), so that the matches
    in memory stay bounded (large bead sides of the coarse passes hold frequent ids most cells share)."""
    ends = np.searchsorted(np.cumsum(lengths), np.arange(MATCHES_PER_CHUNK, int(lengths.sum()), MATCHES_PER_CHUNK), side="right")
    for lo, hi in zip(np.concatenate(([0], ends)).tolist(), np.concatenate((ends, [len(lengths)])).tolist()):
        if hi > lo:
            run, position = _expand(first[lo:hi], lengths[lo:hi])
            yield run + lo, position


def _previous_holders(ids: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """For each element (id, owning segment): the last earlier segment holding the same id, or -1."""
    order = np.argsort(ids * (n + 1) + owner)  # by id, then segment (keys distinct)
    prev = np.full(len(ids), -1, dtype=np.int64)
    if len(ids) > 1:
        same = np.flatnonzero(ids[order][1:] == ids[order][:-1]) + 1
        prev[order[same]] = owner[order[same - 1]]
    return prev


def _ranges(indptr: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [starts[k], ends[k]) of segments: (range index, element position) of every element."""
    first = indptr[starts]
    return _expand(first, indptr[ends] - first)


def union_over(segments: Sets, starts: np.ndarray, ends: np.ndarray, universe: int) -> Sets:
    """The union of the segments' id lists over each range [starts[k], ends[k])."""
    owner, position = _ranges(segments.indptr, starts, ends)
    return _from_owners(owner, segments.ids[position], len(starts), universe)


def keep(sets: Sets, mask: np.ndarray) -> Sets:
    """Only the ids where mask (per element) is true."""
    indptr = np.zeros(len(sets.indptr), dtype=np.int64)
    np.cumsum(np.bincount(sets.owner[mask], minlength=len(sets)), out=indptr[1:])
    return Sets(indptr, sets.ids[mask])


class Side:
    """One side of a document pair as arrays: per segment, and per bead side size (1 to the
    coster's largest, `spans`)."""

    def __init__(
        self,
        length: np.ndarray,
        punct: np.ndarray,
        furniture: np.ndarray,
        short: np.ndarray,
        kinds: list[str],
        labels: list[str],
        ids: Sets,
        anchors: np.ndarray,
        vectors: np.ndarray | None = None,
        tails: list[str] | None = None,
    ) -> None:
        self.n = len(length)
        self.tails = tails or [""] * self.n  # a portal line run into the segment's end (features.trailing_shape)
        self.vectors = vectors  # sentence embeddings (n × dim, float64, not normalised: sums of sums) or None
        self.length = length
        self.punct = punct
        self.furniture = furniture
        self.short = short
        self.kinds = kinds  # a title's, a caption's … ("" for others)
        self.unit = np.fromiter((k != "" for k in kinds), dtype=bool, count=self.n)
        self.labels = labels  # what 1-1 beads pair like with like by
        self.ids = ids  # every id the segment holds
        self.anchors = anchors  # how many of them are anchors (for the texts' relatedness)

    def with_ids(self, ids: Sets) -> Side:
        """The same segments holding other ids (anchor counts kept)."""
        return Side(self.length, self.punct, self.furniture, self.short, self.kinds, self.labels, ids, self.anchors, self.vectors, self.tails)

    def coarsened(self, k: int, universe: int) -> Side:
        """Every k consecutive segments as one, as `_merged_segment` merges them: kinds,
        labels and tails dropped; a lone last segment stays itself (merge_features returns it)."""
        starts = np.arange(0, self.n, k, dtype=np.int64)
        ends = np.minimum(starts + k, self.n)
        sizes = ends - starts
        csum = np.concatenate(([0.0], np.cumsum(self.length)))
        length = csum[ends] - csum[starts] + (sizes - 1)
        punct = np.add.reduceat(self.punct, starts, axis=0) if self.n else self.punct
        furniture = np.logical_and.reduceat(self.furniture, starts) if self.n else self.furniture
        short = np.where(sizes == 1, self.short[starts], False) if self.n else self.short
        count = len(starts)
        ids = union_over(self.ids, starts, ends, universe)
        vectors = np.add.reduceat(self.vectors, starts, axis=0) if self.vectors is not None and self.n else self.vectors
        return Side(length, punct, furniture, short, [""] * count, [""] * count, ids, ids.counts, vectors)

    def spans(self, universe: int, both: np.ndarray, miss: np.ndarray, largest: int = MAX_BEAD_SIDE) -> None:
        """Bead-side arrays per size up to `largest`: length, punctuation, flags, what its ids
        cost, and its ids that the other side also holds (the only ones two sides can share)."""
        n = self.n
        empty_sets = Sets(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))
        self.span_length = [np.zeros(0)]
        self.span_punct = [np.zeros((0, self.punct.shape[1]))]
        self.span_miss = [np.zeros(0)]
        self.span_any_furniture = [np.zeros(0, dtype=bool)]
        self.span_units = [np.zeros(0)]
        self.span_sets = [empty_sets]
        csum = np.concatenate(([0.0], np.cumsum(self.length)))
        for size in range(1, largest + 1):
            count = max(0, n - size + 1)
            starts = np.arange(count, dtype=np.int64)
            self.span_length.append(csum[size : size + count] - csum[:count] + (size - 1))
            self.span_punct.append(sum((self.punct[k : k + count] for k in range(size)), np.zeros((count, self.punct.shape[1]))))
            self.span_any_furniture.append(np.logical_or.reduce([self.furniture[k : k + count] for k in range(size)]) if count else np.zeros(0, dtype=bool))
            units = sum((self.unit[k : k + count].astype(np.float64) for k in range(size)), np.zeros(count))
            self.span_units.append(units if size > 1 else np.zeros(count))
            sets = union_over(self.ids, starts, starts + size, universe) if count else empty_sets
            self.span_miss.append(np.bincount(sets.owner, weights=miss[sets.ids], minlength=count) if count else np.zeros(0))
            self.span_sets.append(keep(sets, both[sets.ids]) if count else empty_sets)


class Ngrams:
    """One side's character n-grams for chrF: per segment its n-gram ids (CSR; only n-grams
    both sides hold, as `restrict_to_shared` keeps them) and its n-gram count (all of its
    n-grams, as `SegmentFeatures.ngram_count`).

    `prev[e]`: the last earlier segment holding element e's id (-1 if none). A span of
    segments p..p+a-1 holds id g once, in the segment where prev < p: so a span's distinct
    n-grams are a filter of its segments' elements, never a union to build.
    """

    def __init__(self, sets: Sets, count: np.ndarray) -> None:
        self.sets = sets
        self.n = len(sets)
        self.owner = sets.owner
        self.prev = _previous_holders(sets.ids, self.owner, self.n)
        csum = np.concatenate(([0], np.cumsum(count)))
        # n-gram count of a bead side of each size (the sum over its segments, as merge_features)
        self.span_count = [np.zeros(0)] + [
            (csum[size:] - csum[: len(csum) - size]).astype(np.float64) for size in range(1, MAX_BEAD_SIDE + 1)
        ]
        self._local: tuple[int, int, np.ndarray, np.ndarray] | None = None

    def local_index(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """The inverted index of segments lo..hi-1 (keys id * (n + 1) + segment, sorted) and
        each entry's prev. Built for a band block and kept: the block's bead types ask for the
        same segments, give or take a few; a small index is searched in cache."""
        cached = self._local
        if cached is None or not (cached[0] <= lo and hi <= cached[1]):
            lo, hi = max(0, lo - LOCAL_SLACK), min(self.n, hi + LOCAL_SLACK)
            first, last = int(self.sets.indptr[lo]), int(self.sets.indptr[hi])
            keys = self.sets.ids[first:last] * (self.n + 1) + self.owner[first:last]
            order = np.argsort(keys)
            cached = self._local = (lo, hi, keys[order], self.prev[first:last][order])
        return cached[2], cached[3]

    def shared_ranges(self, target: Ngrams, a: int, b: int, p: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, base: np.ndarray) -> np.ndarray:
        """For source sides p[k] (a segments) against the target sides q_start[k] ≤ q < q_end[k]
        (b segments): how many distinct n-grams they share, into cell base[k] + q - q_start[k].

        Each distinct n-gram of a source side is looked up in the target's inverted index; a
        target segment j holding it adds one to the sides q that hold j and begin after the
        n-gram's previous occurrence (a difference array: one range per match).
        """
        cells = int((base + q_end - q_start).max()) if len(base) else 0
        row, position = _ranges(self.sets.indptr, p, p + a)
        if a > 1:
            first = self.prev[position] < p[row]
            row, position = row[first], position[first]
        if not len(position):
            return np.zeros(cells)
        ids = self.sets.ids[position]
        stride = target.n + 1
        index, prev = target.local_index(int(q_start.min()), int(q_end.max()) + b - 1)
        lo = np.searchsorted(index, ids * stride + q_start[row])
        hits = np.searchsorted(index, ids * stride + q_end[row] + (b - 1)) - lo
        diff = np.zeros(cells + 1)
        for entry, found in _expand_chunked(lo, hits):
            j = index[found] - ids[entry] * stride
            r = row[entry]
            qs = q_start[r]
            if b == 1:
                at = base[r] + j - qs
                diff += np.bincount(at, minlength=cells + 1)
                diff -= np.bincount(at + 1, minlength=cells + 1)
                continue
            start = np.maximum(np.maximum(qs, j - (b - 1)), prev[found] + 1)
            stop = np.minimum(j, q_end[r] - 1)
            ok = start <= stop
            diff += np.bincount((base[r] + start - qs)[ok], minlength=cells + 1)
            diff -= np.bincount((base[r] + stop - qs + 1)[ok], minlength=cells + 1)
        return np.cumsum(diff)[:cells]


    def block_matches(self, target: Ngrams, first: int, last: int, win_lo: np.ndarray, win_hi: np.ndarray, sides: int = MAX_BEAD_SIDE) -> NgramMatches:
        """Every source segment s of first..last-1 against the target segments
        win_lo[s - first] ≤ j < win_hi[s - first]: each n-gram they share, once per target
        segment holding it. One look-up per n-gram of a segment serves every bead type and
        every bead side the segment takes part in (`shared_in_matches`)."""
        lo_e, hi_e = int(self.sets.indptr[first]), int(self.sets.indptr[last])
        ids = self.sets.ids[lo_e:hi_e]
        owner = self.owner[lo_e:hi_e]
        stride = target.n + 1
        index, prev = target.local_index(int(win_lo.min()), int(win_hi.max()))
        lo = np.searchsorted(index, ids * stride + win_lo[owner - first])
        hits = np.searchsorted(index, ids * stride + win_hi[owner - first]) - lo
        entry, found = _expand(lo, hits)
        return NgramMatches.of(owner[entry], self.prev[lo_e:hi_e][entry], index[found] - ids[entry] * stride, prev[found], sides)

    @staticmethod
    def shared_in_matches(
        matches: NgramMatches, a: int, b: int, p: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, base: np.ndarray
    ) -> np.ndarray:
        """`shared_ranges` from a block's matches: a match of source segment i counts for the
        source sides p = i - k (k < a) where the n-gram's previous occurrence is before p, and
        for the target sides q that hold its segment j and begin after its previous one."""
        cells = int((base + q_end - q_start).max()) if len(base) else 0
        if not len(p):
            return np.zeros(cells)
        p0, p1 = int(p.min()), int(p.max())
        row_of = np.full(p1 - p0 + 1, -1, dtype=np.int64)
        row_of[p - p0] = np.arange(len(p), dtype=np.int64)
        out = np.zeros(cells + 1)
        for side, j, prev_target in matches.by_offset[:a]:
            inside = (side >= p0) & (side <= p1)
            r = row_of[side[inside] - p0]
            j, prev_target = j[inside], prev_target[inside]
            ok = r >= 0
            r, j, prev_target = r[ok], j[ok], prev_target[ok]
            qs = q_start[r]
            if b == 1:  # the one target side q = j
                hit = (j >= qs) & (j < q_end[r])
                out += np.bincount((base[r] + j - qs)[hit], minlength=cells + 1)
                continue
            start = np.maximum(np.maximum(qs, j - (b - 1)), prev_target + 1)
            stop = np.minimum(j, q_end[r] - 1)
            ok = start <= stop
            diff = np.bincount((base[r] + start - qs)[ok], minlength=cells + 1)
            diff -= np.bincount((base[r] + stop - qs + 1)[ok], minlength=cells + 1)
            out += np.cumsum(diff)
        return out[:cells]


@dataclass(frozen=True)
class NgramMatches:
    """N-grams shared by source and target segments near a band block, per offset k: for the
    source sides beginning k segments before the match's segment, in which it is the
    n-gram's first occurrence, (that side's start, the target segment j, the n-gram's
    previous target segment before j)."""

    by_offset: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]

    @classmethod
    def of(cls, segment: np.ndarray, prev_source: np.ndarray, target: np.ndarray, prev_target: np.ndarray, sides: int = MAX_BEAD_SIDE) -> NgramMatches:
        """`sides`: the largest source side the matches serve (the offsets kept)."""
        offsets = []
        for k in range(sides):
            take = np.flatnonzero(prev_source < segment - k)
            offsets.append((segment[take] - k, target[take], prev_target[take]))
        return cls(tuple(offsets))


class Words:
    """One side's words for a user dictionary (model.KnownPairs restricted to a document pair):
    per segment the words the dictionary knows (CSR over this side's vocabulary), each with
    the last earlier segment holding it (`prev`, as in Ngrams), and an inverted index of the
    dictionary pairs they take part in: keys pair * (n + 1) + segment, sorted, with the
    element behind each key."""

    def __init__(self, features: Sequence[SegmentFeatures], table: dict[str, frozenset[int]], known: frozenset[str]) -> None:
        vocabulary: dict[str, int] = {}
        self.sets = csr([[vocabulary.setdefault(w, len(vocabulary)) for w in f.words if w in known] for f in features])
        self.n = len(features)
        self.owner = self.sets.owner
        ids = self.sets.ids
        self.prev = _previous_holders(ids, self.owner, self.n)
        # words the dictionary knows in a bead side of each size (each distinct word once)
        self.span_known = [np.zeros(0)]
        for size in range(1, MAX_BEAD_SIDE + 1):
            count = max(0, self.n - size + 1)
            first = np.maximum(self.prev + 1, self.owner - size + 1)
            last = np.minimum(self.owner, count - 1)
            ok = first <= last
            diff = np.bincount(first[ok], minlength=count + 1) - np.bincount(last[ok] + 1, minlength=count + 1)
            self.span_known.append(np.cumsum(diff)[:count].astype(np.float64))
        pairs = csr([sorted(table.get(w, ())) for w in vocabulary])  # word id → its pair ids
        per = pairs.counts[ids] if len(vocabulary) else np.zeros(len(ids), dtype=np.int64)
        element, position = _expand(pairs.indptr[ids] if len(ids) else per, per)
        self.pair_element = element  # pair entries in element order
        self.pair_id = pairs.ids[position]
        keys = self.pair_id * (self.n + 1) + self.owner[element]
        order = np.argsort(keys, kind="stable")
        self.index, self.index_element = keys[order], element[order]

    def matches(self, other: Words, first: int, last: int, win_lo: np.ndarray, win_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the words of segments first..last-1 that have dictionary pairs: each (element,
        segment j of `other` holding a translation of it) once, j within win_lo..win_hi-1
        (per segment, indexed from `first`), sorted by element then j, with the previous such
        j of the same element (-1). Returns (element, j, previous j)."""
        e_lo, e_hi = int(self.sets.indptr[first]), int(self.sets.indptr[last])
        lo_p, hi_p = np.searchsorted(self.pair_element, [e_lo, e_hi])
        element = self.pair_element[lo_p:hi_p]
        pair = self.pair_id[lo_p:hi_p]
        local = self.owner[element] - first
        stride = other.n + 1
        lo = np.searchsorted(other.index, pair * stride + win_lo[local])
        hits = np.searchsorted(other.index, pair * stride + win_hi[local]) - lo
        entry, found = _expand(lo, hits)
        keys = np.unique(element[entry] * stride + (other.index[found] - pair[entry] * stride))
        element, j = keys // stride, keys % stride
        before = np.full(len(keys), -1, dtype=np.int64)
        if len(keys) > 1:
            same = element[1:] == element[:-1]
            before[1:][same] = j[:-1][same]
        return element, j, before


@dataclass(frozen=True)
class DictionaryMatches:
    """A band block's dictionary evidence in NgramMatches' form: the source words with a
    translation in a target segment, and the target words with one in a source segment."""

    source: NgramMatches
    target: NgramMatches


def dictionary_block(src: Words, tgt: Words, first: int, last: int, win_lo: np.ndarray, win_hi: np.ndarray, sides: int = MAX_BEAD_SIDE) -> DictionaryMatches:
    """Source segments first..last-1 (target windows win_lo/win_hi per segment) against the
    target segments of those windows (for bead sides of up to `sides` segments)."""
    e, j, before = src.matches(tgt, first, last, win_lo, win_hi)
    source = NgramMatches.of(src.owner[e], src.prev[e], j, before, sides)
    t0, t1 = int(win_lo.min()), int(win_hi.max())
    e, i, before = tgt.matches(src, t0, max(t0, t1), np.full(max(0, t1 - t0), first, dtype=np.int64), np.full(max(0, t1 - t0), last, dtype=np.int64))
    target = NgramMatches.of(i, before, tgt.owner[e], tgt.prev[e], sides)
    return DictionaryMatches(source, target)


def ngram_sides(source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]) -> tuple[Ngrams, Ngrams]:
    """Both sides' n-grams as ids, only those both sides hold (the rest can never match)."""
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a new n-gram gets the next id (C-level lookups)
    src = _ngram_ids(source, vocabulary)
    first_target = len(vocabulary)
    tgt = _ngram_ids(target, vocabulary)
    in_t = np.bincount(tgt.ids, minlength=max(1, len(vocabulary))) > 0
    src = keep(src, in_t[src.ids])
    tgt = keep(tgt, tgt.ids < first_target)  # ids from first_target on: n-grams the source lacks
    # a segment's ids sorted: the band's look-ups then come in order (numpy's searchsorted is
    # several times faster on sorted needles)
    src = _from_owners(src.owner, src.ids, len(src), first_target + 1)
    return (
        Ngrams(src, np.fromiter((f.ngram_count for f in source), dtype=np.int64, count=len(source))),
        Ngrams(tgt, np.fromiter((f.ngram_count for f in target), dtype=np.int64, count=len(target))),
    )


def text_ngrams(source: Sequence[str], target: Sequence[str]) -> tuple[Ngrams, Ngrams] | None:
    """`ngram_sides` straight from the texts, in numpy: no set of strings per segment (which
    costs ~35 KB a sentence and most of the time). Each character of the folded texts becomes
    its rank in the pair's alphabet (1..A), an n-gram the number its characters spell in base
    A + 1: exact, since an n-gram's number fits 64 bits while (A + 1)**5 < 2**62. None (use
    the sets) for texts with more distinct characters than that allows."""
    folded = [[ngram_text(t) for t in texts] for texts in (source, target)]
    codes = [np.frombuffer("".join(f).encode("utf-32-le"), dtype=np.uint32) for f in folded]
    present = np.zeros(0x110000, dtype=np.int64)
    for c in codes:
        present[c] = 1
    rank = np.cumsum(present)  # a character's rank in the pair's alphabet, from 1
    radix = int(rank[-1]) + 1
    if radix ** max(NGRAM_ORDERS) >= 2**62:
        return None
    chars = [rank[c] for c in codes]
    del present, rank
    # per side and order: the distinct (segment, n-gram) pairs as (vocabulary, segment, index
    # in the vocabulary); one order at a time (n-grams of two orders never coincide), so the
    # arrays in memory at once are those of one order of one side
    per_side = []
    for f, c in zip(folded, chars):
        lengths = np.fromiter(map(len, f), dtype=np.int64, count=len(f))
        segment = np.repeat(np.arange(len(f), dtype=np.int32), lengths)
        left = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(c), dtype=np.int64)  # characters from here to the segment's end
        orders = []
        for n in NGRAM_ORDERS:
            valid = np.flatnonzero(left >= n)
            key = np.zeros(len(valid), dtype=np.int64)
            for k in range(n):
                key = key * radix + c[valid + k]
            owner = segment[valid].astype(np.int64)
            del valid
            vocabulary, local = _distinct(key)
            del key
            size = max(1, len(vocabulary))
            pairs = np.sort(owner * size + local)
            del owner, local
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs  # distinct
            orders.append((vocabulary, (pairs // size).astype(np.int32), (pairs % size).astype(np.int32)))
            del pairs
        per_side.append((len(f), orders))
        del segment, left
    del folded, codes, chars
    # the n-grams both sides hold, per order, numbered order after order
    shared = [np.intersect1d(s_order[0], t_order[0]) for s_order, t_order in zip(per_side[0][1], per_side[1][1])]
    offsets = np.cumsum([0] + [len(x) for x in shared]).tolist()
    sides = []
    while per_side:
        n, orders = per_side.pop(0)  # released once its side is built
        count = np.zeros(n, dtype=np.int64)  # every n-gram of a segment (ngram_count)
        owners, ids = [], []
        for k, (vocabulary, owner, local) in enumerate(orders):
            count += np.bincount(owner, minlength=n)
            position = np.searchsorted(shared[k], vocabulary)
            held = position < len(shared[k])
            held[held] = shared[k][position[held]] == vocabulary[held]
            kept = held[local]
            owners.append(owner[kept])
            ids.append(position[local[kept]] + offsets[k])
        del orders
        owner = np.concatenate(owners)
        order = np.argsort(owner, kind="stable")  # by segment; ids stay sorted within one (order by order)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=n), out=indptr[1:])
        ids = np.concatenate(ids).astype(np.int64)[order]
        del owners, owner, order
        sides.append(Ngrams(Sets(indptr, ids), count))
    return sides[0], sides[1]


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (sorted) and each value's index among them (np.unique by sorting)."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(ordered) else np.zeros(0, dtype=bool)
    index = np.empty(len(values), dtype=np.int64)
    index[order] = np.cumsum(new) - 1
    return ordered[new], index


def _ngram_ids(features: Sequence[SegmentFeatures], vocabulary: defaultdict[str, int]) -> Sets:
    """Each segment's n-grams as ids (CSR) from a vocabulary that grows as it is asked."""
    lengths = np.fromiter((len(f.ngrams) for f in features), dtype=np.int64, count=len(features))
    indptr = np.zeros(len(features) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    grams = chain.from_iterable(f.ngrams for f in features)
    return Sets(indptr, np.fromiter(map(vocabulary.__getitem__, grams), dtype=np.int64, count=int(indptr[-1])))


class ArrayCoster:
    """The bead cost of BeadCoster for arrays of beads of one type at a time."""

    def __init__(
        self,
        model: AlignModel,
        source: Side,
        target: Side,
        kind: np.ndarray,
        value: np.ndarray,
        ngrams: tuple[Ngrams, Ngrams] | None = None,
        scale: tuple[float, float] | None = None,
        words: tuple[Words, Words] | None = None,
        types: BeadTypes = BEAD_TYPES,
        table: TableTerm | None = None,
    ) -> None:
        """`kind[g]`: the anchor kind of id g (or LEXICON_KIND); `value[g]`: its weight (a
        name's inverse document frequency, else 1). `ngrams`: both sides' character n-grams
        when the model weighs chrF (None: no chrF term, as on the coarse levels, whose merged
        segments carry none); `scale`: chrF's (base, span) when already measured; `words`: both
        sides' words for a user dictionary (None: no dictionary term, as on the coarse levels);
        `types`: the bead types the band searches (model.bead_types); `table`: the translation
        table's values and word counts when its pairs are among the ids (`with_table`)."""
        self.model = model
        self.table = table if model.w("table") else None
        self.w_table = model.w("table") if self.table is not None else 0.0
        self.types = types
        self.max_side = max_side(types)  # span sizes and n-gram offsets needed (4 only with the wide or long types)
        self.source_side = max(a for a, _ in types)  # per side: a 1-4 bead needs no 4-segment source sides
        self.target_side = max(b for _, b in types)
        self.words = words if model.w("dict_match") else None
        self.w_dict = model.w("dict_match") if self.words is not None else 0.0
        self.ngrams = ngrams if model.w("chrf") else None
        self.embedding = EmbeddingTerm.make(model, source, target)
        keep = embedding_damping(model) if self.embedding is not None else 1.0  # as BeadCoster: chrF and anchors weigh less
        self.w_sim = keep * model.w("chrf") if self.ngrams is not None else 0.0
        self.s, self.t = source, target
        self.kind, self.value = kind, value
        w = model.w
        match = np.asarray([keep * w(m) for _, m, _ in ANCHOR_KINDS] + [w("lex_match"), 0.0])  # the table's ids (TABLE_KIND) earn nothing here
        missing = np.asarray([keep * w(x) for _, _, x in ANCHOR_KINDS] + [w("lex_miss"), 0.0])
        self.miss = missing[kind] * value
        self.earn = 2 * self.miss + match[kind] * value
        self.is_anchor = (kind < LEXICON_KIND).astype(np.float64)
        self.universe = max(1, len(kind))
        both = (np.bincount(source.ids.ids, minlength=self.universe) > 0) & (np.bincount(target.ids.ids, minlength=self.universe) > 0)
        source.spans(self.universe, both, self.miss, self.source_side)
        target.spans(self.universe, both, self.miss, self.target_side)
        self._index: dict[int, np.ndarray] = {}  # target side size → sorted id * (spans + 1) + span
        total_s = float(source.length[~source.furniture].sum()) or 1
        total_t = float(target.length[~target.furniture].sum()) or 1
        self.type_cost = {(a, b): w(f"type_{a}{b}") for a, b in types}
        self.mu = model.length_mean(total_s, total_t, self.embedding is not None)
        if self.embedding is not None:  # as BeadCoster: with meaning to go by, a one-sided bead is cheaper
            for key in ((1, 0), (0, 1)):
                self.type_cost[key] += w("embed_skip")
        self.skip_source = self._skip(source, self.type_cost[(1, 0)])
        self.skip_target = self._skip(target, self.type_cost[(0, 1)])
        self._label_codes()
        self.sim_base, self.sim_span = (0.0, 1.0) if not self.w_sim else scale or self._similarity_scale()

    def chrf(self, a: int, b: int, p: np.ndarray, q: np.ndarray, inter: np.ndarray | None = None) -> np.ndarray:
        """chrF (BeadCoster._chrf) of the bead sides source[p:p+a] × target[q:q+b]; `inter`: the
        n-grams they share, when the caller has counted them."""
        src, tgt = self.ngrams
        if inter is None:  # a path's beads a chunk at a time: each chunk's targets lie close together
            inter = np.concatenate([np.zeros(0)] + [
                src.shared_ranges(tgt, a, b, p[k : k + BEADS_PER_CHUNK], q[k : k + BEADS_PER_CHUNK], q[k : k + BEADS_PER_CHUNK] + 1,
                                  np.arange(len(p[k : k + BEADS_PER_CHUNK]), dtype=np.int64))
                for k in range(0, len(p), BEADS_PER_CHUNK)
            ])
        sc, tc = src.span_count[a][p], tgt.span_count[b][q]
        hit = inter > 0  # sharing an n-gram implies both counts > 0
        pr = np.divide(inter, tc, out=np.zeros(len(inter)), where=hit)
        rc = np.divide(inter, sc, out=np.zeros(len(inter)), where=hit)
        return np.divide(5 * pr * rc, 4 * pr + rc, out=np.zeros(len(inter)), where=hit)

    def _similarity_scale(self) -> tuple[float, float]:
        """chrF's (base, span) in this document, sampled as BeadCoster._document_scale samples it
        (same pairs, same order of sums: the same floats)."""
        n, m = self.s.n, self.t.n
        if n < 3 or m < 3:
            return 0.0, 1.0
        step = max(1, n // 200)
        rows = list(range(0, n, step))
        near_p: list[int] = []
        near_q: list[int] = []
        groups: list[int] = []
        for i in rows:
            j = round(i * m / n)
            ks = range(max(0, j - 2), min(m, j + 3))
            near_p.extend([i] * len(ks))
            near_q.extend(ks)
            groups.append(len(ks))
        near_values = self.chrf(1, 1, np.asarray(near_p, dtype=np.int64), np.asarray(near_q, dtype=np.int64)).tolist()
        near: list[float] = []
        k = 0
        for size in groups:
            near.append(max(near_values[k : k + size]))
            k += size
        far: list[float] = []
        if m > 1:
            far_q = [(round(i * m / n) + max(1, m // 2)) % m for i in rows]
            far = self.chrf(1, 1, np.asarray(rows, dtype=np.int64), np.asarray(far_q, dtype=np.int64)).tolist()
        base = sum(far) / len(far) if far else 0.0
        top = sum(near) / len(near)
        return base, max(top - base, 0.05)

    def shared_ngrams(
        self, a: int, b: int, p: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, base: np.ndarray, matches: NgramMatches | None = None
    ) -> np.ndarray | None:
        """The n-grams shared by a band's cells (as `shared_ranges` lays them out), from the
        block's `matches` when given; None without chrF."""
        if not self.w_sim:
            return None
        src, tgt = self.ngrams
        if matches is not None:
            return Ngrams.shared_in_matches(matches, a, b, p, q_start, q_end, base)
        return src.shared_ranges(tgt, a, b, p, q_start, q_end, base)

    def block_windows(self, first: int, last: int, lo: np.ndarray, hi: np.ndarray) -> tuple[int, int, np.ndarray, np.ndarray] | None:
        """The source segments the band's rows first..last-1 use and the target segments each
        can meet (row i's beads hold source segments i-s..i-1 and target segments
        lo[i]-s..hi[i]-1, s the largest bead side): (first segment, end, window start and end
        per segment); None when none."""
        segments = np.arange(max(0, first - self.max_side), min(self.s.n, last - 1), dtype=np.int64)
        if not len(segments):
            return None
        win_lo = np.full(len(segments), self.t.n, dtype=np.int64)
        win_hi = np.zeros(len(segments), dtype=np.int64)
        for k in range(1, self.max_side + 1):
            row = segments + k
            used = (row >= first) & (row < last)
            at = np.minimum(row, len(lo) - 1)
            win_lo = np.where(used, np.minimum(win_lo, lo[at]), win_lo)
            win_hi = np.where(used, np.maximum(win_hi, hi[at]), win_hi)
        win_lo = np.maximum(win_lo - self.max_side, 0)
        win_hi = np.maximum(np.minimum(win_hi, self.t.n), win_lo)
        return int(segments[0]), int(segments[-1]) + 1, win_lo, win_hi

    def block_evidence(self, first: int, last: int, lo: np.ndarray, hi: np.ndarray) -> tuple[NgramMatches | None, DictionaryMatches | None]:
        """The n-gram and dictionary matches the band's rows first..last-1 can use (None for
        a feature the model does not weigh)."""
        if not self.w_sim and not self.w_dict:
            return None, None
        windows = self.block_windows(first, last, lo, hi)
        if windows is None:
            return None, None
        ngrams = self.ngrams[0].block_matches(self.ngrams[1], *windows, self.source_side) if self.w_sim else None
        words = dictionary_block(*self.words, *windows, self.max_side) if self.w_dict else None
        return ngrams, words

    def dictionary_hits(
        self, a: int, b: int, p: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, base: np.ndarray, matches: DictionaryMatches | None = None
    ) -> np.ndarray | None:
        """For a band's cells (as `shared_ranges` lays them out): the words of either side
        whose translation the other side holds (BeadCoster's dictionary hits); None without
        a dictionary."""
        if not self.w_dict:
            return None
        if matches is None:  # any cells (a path's beads): the matches of the segments they span
            if not len(p):
                return np.zeros(0)
            first, last = int(p.min()), int(p.max()) + a
            t0, t1 = int(q_start.min()), int(q_end.max()) + b - 1
            count = last - first
            matches = dictionary_block(*self.words, first, last, np.full(count, t0, dtype=np.int64), np.full(count, t1, dtype=np.int64), self.max_side)
            # shared_in_matches takes each source side once: cells of a repeated p in layers
            order = np.argsort(p, kind="stable")
            rank = np.empty(len(p), dtype=np.int64)
            starts = np.concatenate(([True], p[order][1:] != p[order][:-1]))
            group_start = np.maximum.accumulate(np.where(starts, np.arange(len(p)), 0))
            rank[order] = np.arange(len(p)) - group_start
            out = np.zeros(int((base + q_end - q_start).max()))
            for layer in range(int(rank.max()) + 1):
                k = np.flatnonzero(rank == layer)
                cells = np.concatenate([np.arange(base[x], base[x] + q_end[x] - q_start[x]) for x in k.tolist()])
                layer_base = np.concatenate(([0], np.cumsum(q_end[k] - q_start[k])[:-1]))
                out[cells] = (Ngrams.shared_in_matches(matches.source, a, b, p[k], q_start[k], q_end[k], layer_base)
                              + Ngrams.shared_in_matches(matches.target, a, b, p[k], q_start[k], q_end[k], layer_base))
            return out
        return (Ngrams.shared_in_matches(matches.source, a, b, p, q_start, q_end, base)
                + Ngrams.shared_in_matches(matches.target, a, b, p, q_start, q_end, base))

    @classmethod
    def from_features(
        cls,
        model: AlignModel,
        source: Sequence[SegmentFeatures],
        target: Sequence[SegmentFeatures],
        ngrams: tuple[Ngrams, Ngrams] | None = None,
        dictionary: KnownPairs | None = None,
        types: BeadTypes = BEAD_TYPES,
    ) -> ArrayCoster:
        """From the segments' features as `segment_features` gives them (before
        `restrict_to_shared`: names only one side holds are dropped here, as there, and
        names are weighted by inverse document frequency, as `name_weights` does).
        `ngrams`: the n-grams when counted from the texts (`text_ngrams`), else the features';
        `dictionary`: a user dictionary restricted to the pair (dictionary.document_pairs);
        `types`: the bead types to search (model.bead_types)."""
        ids: list[dict[str, int]] = [{} for _ in ANCHOR_KINDS]
        kinds: list[int] = []

        def lists(features: Sequence[SegmentFeatures]) -> list[list[int]]:
            out = []
            for f in features:
                row: list[int] = []
                for k, (field, _, _) in enumerate(ANCHOR_KINDS):
                    table = ids[k]
                    for anchor in getattr(f, field):
                        g = table.get(anchor)
                        if g is None:
                            g = table[anchor] = len(kinds)
                            kinds.append(k)
                        row.append(g)
                out.append(row)
            return out

        src_sets, tgt_sets = csr(lists(source)), csr(lists(target))
        universe = len(kinds)
        kind = np.asarray(kinds, dtype=np.int64)
        # names on one side only can never match: dropped (restrict_to_shared)
        in_s = np.bincount(src_sets.ids, minlength=universe) > 0
        in_t = np.bincount(tgt_sets.ids, minlength=universe) > 0
        dropped = (kind == NAME_KIND) & ~(in_s & in_t)
        src_sets = keep(src_sets, ~dropped[src_sets.ids])
        tgt_sets = keep(tgt_sets, ~dropped[tgt_sets.ids])
        # name weight: log((segments + 1) / segments holding it), per name as name_weights computes it
        value = np.ones(universe)
        holding = np.bincount(np.concatenate((src_sets.ids, tgt_sets.ids)), minlength=universe)
        total = len(source) + len(target)
        for g in np.flatnonzero((kind == NAME_KIND) & ~dropped).tolist():
            value[g] = math.log((total + 1) / int(holding[g]))
        sides = []
        embed = bool(model.w("embed")) and all(f.vector is not None for f in (*source, *target))
        for features, sets in ((source, src_sets), (target, tgt_sets)):
            n = len(features)
            kinds_ = [f.kind if f.kind in UNIT_KINDS else "" for f in features]
            vectors = np.asarray([f.vector for f in features], dtype=np.float64).reshape(n, -1) if embed and n else None
            sides.append(Side(
                np.fromiter((f.length for f in features), dtype=np.float64, count=n),
                np.asarray([f.punct for f in features], dtype=np.float64).reshape(n, -1),
                np.fromiter((f.furniture for f in features), dtype=bool, count=n),
                np.fromiter((f.short for f in features), dtype=bool, count=n),
                kinds_,
                [f.shape or k for f, k in zip(features, kinds_)],
                sets,
                sets.counts,
                vectors,
                [f.tail for f in features],
            ))
        if ngrams is None and model.w("chrf"):
            ngrams = ngram_sides(source, target)
        words = None
        if dictionary is not None and model.w("dict_match"):
            words = (Words(source, dictionary.source, dictionary.source_known), Words(target, dictionary.target, dictionary.target_known))
        return cls(model, sides[0], sides[1], kind, value, ngrams, None, words, types)

    def with_lexicon(self, lexicon: LexiconIds) -> ArrayCoster:
        """The same pair with a document-internal lexicon's pairs as anchors of their own kind."""
        first = len(self.kind)
        universe = first + lexicon.pairs
        kind = np.concatenate((self.kind, np.full(lexicon.pairs, LEXICON_KIND, dtype=np.int64)))
        value = np.concatenate((self.value, np.ones(lexicon.pairs)))
        sides = [side.with_ids(_joined(side.ids, extra, first, universe)) for side, extra in ((self.s, lexicon.source), (self.t, lexicon.target))]
        return ArrayCoster(self.model, sides[0], sides[1], kind, value, self.ngrams, (self.sim_base, self.sim_span), self.words, self.types, self.table)

    def with_table(self, table: TranslationTable, source_words: Sequence[frozenset[str]], target_words: Sequence[frozenset[str]]) -> ArrayCoster:
        """The same pair with a translation table's pairs as ids of their own kind (priced by
        the `table` term only) and each bead side's distinct words counted (its denominator)."""
        first = len(self.kind)
        universe = first + len(table)
        kind = np.concatenate((self.kind, np.full(len(table), TABLE_KIND, dtype=np.int64)))
        value = np.concatenate((self.value, np.ones(len(table))))
        term_value = np.concatenate((np.zeros(first), np.asarray(table.value, dtype=np.float64)))
        sides, counts = [], []
        for side, words, pair_words in ((self.s, source_words, table.source), (self.t, target_words, table.target)):
            vocabulary: dict[str, int] = {}
            segments = csr([[vocabulary.setdefault(w, len(vocabulary)) for w in sorted(ws)] for ws in words])
            of_pair = np.fromiter((vocabulary.get(w, -1) for w in pair_words), dtype=np.int64, count=len(pair_words))
            pairs = _word_pairs(segments, of_pair, max(1, len(vocabulary))) if len(of_pair) else Sets(np.zeros(len(words) + 1, dtype=np.int64), np.zeros(0, dtype=np.int64))
            sides.append(side.with_ids(_joined(side.ids, pairs, first, universe)))
            starts = np.arange(len(words), dtype=np.int64)
            counts.append([np.zeros(0)] + [
                union_over(segments, starts[: max(0, len(words) - size + 1)], starts[: max(0, len(words) - size + 1)] + size, max(1, len(vocabulary))).counts.astype(np.float64)
                for size in range(1, self.max_side + 1)
            ])
        term = TableTerm(term_value, counts[0], counts[1])
        coster = ArrayCoster(self.model, sides[0], sides[1], kind, value, self.ngrams, (self.sim_base, self.sim_span), self.words, self.types, term)
        # rescaled per document as BeadCoster does: the same sampler, the sampled pairs priced at once
        asked: list[tuple[int, int]] = []
        document_scale(self.s.n, self.t.n, lambda i, k: asked.append((i, k)) or 0.0)
        p = np.asarray([i for i, _ in asked], dtype=np.int64)
        q = np.asarray([k for _, k in asked], dtype=np.int64)
        found = dict(zip(asked, term.coverage(1, 1, p, q, coster.shared(1, 1, p, q, term_value)).tolist()))
        base, span = document_scale(self.s.n, self.t.n, lambda i, k: found[(i, k)])
        coster.table = replace(term, base=base, span=span)
        return coster

    def with_model(self, model: AlignModel) -> ArrayCoster:
        """The same pair priced by another model (the second pass's: the document's own length
        spread and median length ratio, `toolkit.align._document_model`)."""
        return ArrayCoster(model, self.s, self.t, self.kind, self.value, self.ngrams, (self.sim_base, self.sim_span), self.words, self.types, self.table)

    def coarsened(self, k: int) -> ArrayCoster:
        """The coster of the coarse pass: every k segments as one (same ids, prices and bead types; no lexicon)."""
        plain = self.kind < LEXICON_KIND
        sides = [side.with_ids(keep(side.ids, plain[side.ids.ids])).coarsened(k, self.universe) for side in (self.s, self.t)]
        return ArrayCoster(self.model, sides[0], sides[1], self.kind, self.value, types=self.types)

    def _skip(self, side: Side, type_cost: float) -> np.ndarray:
        """Cost of leaving each segment of a side one-sided (a 1-0 or 0-1 bead), computed as
        BeadCoster does, term by term with math.log1p: bit for bit the same, so that two
        paths that only order the same one-sided beads differently tie the same way."""
        w = self.model.w
        furniture, short, length = w("skip_furniture"), w("skip_short"), w("skip_length")
        kind = {k: w(f"skip_{k}") for k in UNIT_KINDS}
        return np.asarray([
            type_cost - furniture * f - kind.get(k, 0.0) - short * s + length * math.log1p(n) / 5.0
            for f, k, s, n in zip(side.furniture.tolist(), side.kinds, side.short.tolist(), side.length.tolist())
        ], dtype=np.float64)

    def _label_codes(self) -> None:
        codes: dict[str, int] = {"": 0}
        self.s_label = np.asarray([codes.setdefault(x, len(codes)) for x in self.s.labels], dtype=np.int64)
        self.t_label = np.asarray([codes.setdefault(x, len(codes)) for x in self.t.labels], dtype=np.int64)
        self.labelled = len(codes) > 1
        # tails in the same codes: a label equal to the other side's tail is a credit run into its paragraph
        self.s_tail = np.asarray([codes.setdefault(x, len(codes)) for x in self.s.tails], dtype=np.int64)
        self.t_tail = np.asarray([codes.setdefault(x, len(codes)) for x in self.t.tails], dtype=np.int64)
        self.tailed = bool(self.s_tail.any() or self.t_tail.any())

    def pair_costs(
        self,
        a: int,
        b: int,
        p: np.ndarray,
        q: np.ndarray,
        shared: np.ndarray | None = None,
        uncovered: np.ndarray | None = None,
        inter: np.ndarray | None = None,
        hits: np.ndarray | None = None,
        links: np.ndarray | None = None,
    ) -> np.ndarray:
        """Cost of the beads source[p:p+a] × target[q:q+b] (a, b ≥ 1) for arrays p, q;
        `shared` (what their common ids earn), `uncovered` (the coverage term), `inter` (their
        common n-grams) and `hits` (their words with a dictionary translation on the other
        side) and `links` (the translation-table values they share) when the caller has them,
        else found here."""
        w = self.model.w
        model = self.model
        s, t = self.s, self.t
        ls = s.span_length[a][p]
        lt = t.span_length[b][q]
        x = np.log((lt + 5) / (ls + 5)) - self.mu
        cost = w("length") * x * x / (2 * (model.length_var + model.length_var_short / (ls + lt + 10)))
        if self.w_sim:
            cost -= self.w_sim * (self.chrf(a, b, p, q, inter) - self.sim_base) / self.sim_span
        cost += s.span_miss[a][p] + t.span_miss[b][q]
        cost -= self.shared(a, b, p, q) if shared is None else shared
        if self.w_table:  # the translation table's coverage of the bead's words (BeadCoster's)
            if links is None:
                links = self.shared(a, b, p, q, self.table.value)
            cost -= self.w_table * (self.table.coverage(a, b, p, q, links) - self.table.base) / self.table.span
        if self.embedding is not None:
            cost -= self.embedding.costs(a, b, p, q)
            if w("embed_margin"):  # as BeadCoster: Bertalign's margin against the neighbours
                cost += w("embed_margin") * self.embedding.margins(a, b, p, q)
        if self.w_dict:  # the share of the known words whose translation is on the other side
            if hits is None:
                hits = np.concatenate([np.zeros(0)] + [
                    self.dictionary_hits(a, b, p[k : k + BEADS_PER_CHUNK], q[k : k + BEADS_PER_CHUNK], q[k : k + BEADS_PER_CHUNK] + 1,
                                         np.arange(len(p[k : k + BEADS_PER_CHUNK]), dtype=np.int64))
                    for k in range(0, len(p), BEADS_PER_CHUNK)
                ])
            known = self.words[0].span_known[a][p] + self.words[1].span_known[b][q]
            cost -= self.w_dict * np.divide(hits, known, out=np.zeros(len(hits)), where=hits > 0)
        if w("punct_diff"):
            cost += w("punct_diff") * np.abs(s.span_punct[a][p] - t.span_punct[b][q]).sum(axis=1)
        cost += self.type_cost[(a, b)]
        if w("coverage") and (a > 1 or b > 1):
            cost += w("coverage") * (self.uncovered(a, b, p, q) if uncovered is None else uncovered)
        if a > 1 or b > 1:
            merge = w("merge_furniture") * (s.span_any_furniture[a][p] | t.span_any_furniture[b][q])
            merge += w("merge_unit") * (s.span_units[a][p] + t.span_units[b][q])
            if self.tailed and w("tail_match"):  # a credit line merged with the paragraph the other side ran its credit into
                s_end, t_end = self.s_label[p + a - 1], self.t_label[q + b - 1]
                run_in = ((s_end != 0) & (s_end == self.t_tail[q + b - 1])) | ((t_end != 0) & (t_end == self.s_tail[p + a - 1]))
                merge = np.where(run_in, -w("tail_match"), merge)
            cost += merge
        elif self.labelled:  # like with like: a caption with a caption; a title or caption with anything else
            sl, tl = self.s_label[p], self.t_label[q]
            labelled = (sl != 0) | (tl != 0)
            same = labelled & (sl == tl)
            other = labelled & ~same & (s.unit[p] | t.unit[q])
            cost -= w("kind_match") * same
            cost += w("kind_mismatch") * other
        return cost

    def uncovered_ranges(self, a: int, b: int, p: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, base: np.ndarray) -> np.ndarray:
        """BeadCoster's coverage term (before its weight) of the merges source[p[k]:p[k]+a] ×
        target[q:q+b], q_start[k] ≤ q < q_end[k], into cells base[k] + q - q_start[k] (as
        `shared_ranges`): per merged segment with anchors, the share of them the other side
        lacks, source segments first (anchors and document-lexicon pairs alike). What a segment
        shares with the other side's span is what a size-1 side shares with it, so
        `shared_ranges` counts it a row at a time."""
        counts = q_end - q_start
        cells = int((base + counts).max()) if len(base) else 0
        q = np.arange(cells, dtype=np.int64) + np.repeat(q_start - base, counts)  # each cell's target start
        ones = (self.kind <= LEXICON_KIND).astype(np.float64)  # anchors and lexicon pairs (not the table's)
        if len(ones) < self.universe:
            ones = np.ones(self.universe)
        held_s, held_t = self._coverage_held()
        total = np.zeros(cells)
        if a > 1:
            part = np.zeros(cells)
            for k in range(a):
                held = np.repeat(held_s[p + k], counts)
                found = self.shared_ranges(1, b, p + k, q_start, q_end, base, ones)
                part += np.where(held > 0, (held - found) / np.maximum(held, 1.0), 0.0)
            total += part
        if b > 1:
            part = np.zeros(cells)
            for k in range(b):
                held = held_t[q + k]
                found = self.shared_ranges(a, 1, p, q_start + k, q_end + k, base, ones)
                part += np.where(held > 0, (held - found) / np.maximum(held, 1.0), 0.0)
            total = total + part
        return total

    def _coverage_held(self) -> tuple[np.ndarray, np.ndarray]:
        """Per segment, the ids coverage counts (all but the translation table's)."""
        out = []
        for side in (self.s, self.t):
            if self.table is None:
                out.append(side.ids.counts.astype(np.float64))
            else:
                out.append(np.bincount(side.ids.owner, weights=(self.kind[side.ids.ids] <= LEXICON_KIND).astype(np.float64), minlength=side.n))
        return out[0], out[1]

    def uncovered(self, a: int, b: int, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        """`uncovered_ranges` for single beads source[p[k]:p[k]+a] × target[q[k]:q[k]+b]."""
        return self.uncovered_ranges(a, b, p, q, q + 1, np.arange(len(p), dtype=np.int64))

    def _target_index(self, b: int) -> np.ndarray:
        """Sorted keys id * (spans + 1) + span of every shared id of the target's size-b sides."""
        index = self._index.get(b)
        if index is None:
            sets = self.t.span_sets[b]
            index = self._index[b] = np.sort(sets.ids * (len(sets) + 1) + sets.owner)
        return index

    def shared(self, a: int, b: int, p: np.ndarray, q: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
        """Σ weight[g] (default: earn) over the ids both source side p[k] and target side q[k] hold."""
        return self.shared_ranges(a, b, p, q, q + 1, np.arange(len(p), dtype=np.int64), weight)

    def shared_ranges(
        self, a: int, b: int, p: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, base: np.ndarray, weight: np.ndarray | None = None
    ) -> np.ndarray:
        """For source sides p[k] against the target sides q_start[k] ≤ q < q_end[k]: the weight of
        their common ids, summed into cell base[k] + q - q_start[k] (a band's cells, row by row).

        Each source id is looked up in the inverted index of the target sides once per row,
        so the work is the ids of the source sides plus the (cell, id) pairs that match.
        """
        weight = self.earn if weight is None else weight
        cells = int((base + q_end - q_start).max()) if len(base) else 0
        src = self.s.span_sets[a]
        row, position = _ranges(src.indptr, p, p + 1)
        if not len(position):
            return np.zeros(cells)
        ids = src.ids[position]
        if self.table is not None:  # ids this sum gives no weight (the table's in the anchors' sum, and the reverse) need no look-up
            priced = weight[ids] != 0
            row, ids = row[priced], ids[priced]
        index = self._target_index(b)
        stride = len(self.t.span_sets[b]) + 1
        lo = np.searchsorted(index, ids * stride + q_start[row])
        hits = np.searchsorted(index, ids * stride + q_end[row]) - lo
        out = np.zeros(cells)
        for entry, found in _expand_chunked(lo, hits):
            q = index[found] - ids[entry] * stride
            r = row[entry]
            out += np.bincount(base[r] + q - q_start[r], weights=weight[ids[entry]], minlength=cells)
        return out

    def bead_costs(self, beads: Sequence[tuple[int, int, int, int]]) -> list[float]:
        """Costs of a list of beads (i, a, j, b), any types mixed."""
        out = [0.0] * len(beads)
        by_type: dict[tuple[int, int], list[int]] = {}
        for k, (i, a, j, b) in enumerate(beads):
            by_type.setdefault((a, b), []).append(k)
        for (a, b), ks in by_type.items():
            if a and b:
                p = np.asarray([beads[k][0] for k in ks], dtype=np.int64)
                q = np.asarray([beads[k][2] for k in ks], dtype=np.int64)
                values = self.pair_costs(a, b, p, q)
            elif a:
                values = self.skip_source[[beads[k][0] for k in ks]]
            else:
                values = self.skip_target[[beads[k][2] for k in ks]]
            for k, v in zip(ks, values.tolist()):
                out[k] = v
        return out

    def anchor_agreement(self, beads: Sequence[tuple[int, int, int, int]]) -> tuple[int, int]:
        """(anchors shared by aligned pairs, anchors the smaller side holds), as BeadCoster's."""
        shared = 0.0
        by_type: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for i, a, j, b in beads:
            if a and b:
                by_type.setdefault((a, b), []).append((i, j))
        for (a, b), cells in by_type.items():
            p = np.asarray([c[0] for c in cells], dtype=np.int64)
            q = np.asarray([c[1] for c in cells], dtype=np.int64)
            shared += float(self.shared(a, b, p, q, self.is_anchor).sum())

        def held(side: Side) -> int:
            return int(side.anchors[~side.furniture].sum())

        return int(round(shared)), min(held(self.s), held(self.t))


#: Source bead sides whose cosines come from one matrix product (rows of a chunk × the target
#: sides its cells reach). 16 rows of a band reach ~30 columns: little is computed in vain, and
#: a product that small runs on one thread (OpenBLAS threads for tiny products cost more CPU
#: than they save on a machine that has other work).
COSINE_ROWS = 16
#: A chunk's product is computed when it holds at most this many cells more than 32 a cell
#: (a band's chunk); else its cells (a path's beads, scattered) get one dot product each.
COSINE_DENSE_AREA = 8192


class EmbeddingTerm:
    """BeadCoster's embedding term for arrays of beads: w · (cos − base) / span, where cos is the
    cosine of the two sides' normalised vector sums and (base, span) rescale it per document
    (`model.document_scale`, the same sampler, so both costers agree to 1e-15).

    A band's cosines are matrix products: for each chunk of COSINE_ROWS source sides, their
    vector sums times the sums of the target sides the chunk's cells reach; no n × m matrix."""

    def __init__(self, weight: float, source: np.ndarray, target: np.ndarray, size_weight: float = 0.0) -> None:
        self.weight = weight
        self.size_weight = size_weight
        self.s, self.t = source, target
        self.s_norm = {a: self._norms(source, a) for a in range(1, MAX_BEAD_SIDE + 1)}
        self.t_norm = {b: self._norms(target, b) for b in range(1, MAX_BEAD_SIDE + 1)}
        units_s: dict[int, np.ndarray] = {}
        units_t: dict[int, np.ndarray] = {}

        def cosine(i: int, k: int) -> float:  # as BeadCoster's _cosine of two single segments, bit for bit
            u = units_s.get(i)
            if u is None:
                u = units_s[i] = unit_vector(source[i])
            v = units_t.get(k)
            if v is None:
                v = units_t[k] = unit_vector(target[k])
            return float(u @ v)

        self.base, self.span = document_scale(len(source), len(target), cosine)

    @classmethod
    def make(cls, model: AlignModel, source: Side, target: Side) -> EmbeddingTerm | None:
        """The term when the model weighs embeddings and both sides carry vectors, else None."""
        if not model.w("embed") or source.vectors is None or target.vectors is None or not source.n or not target.n:
            return None
        return cls(model.w("embed"), source.vectors, target.vectors, model.w("embed_size"))

    @staticmethod
    def _sums(vectors: np.ndarray, size: int, first: int, last: int) -> np.ndarray:
        """Vector sums of the sides of `size` segments starting at first..last-1."""
        out = vectors[first:last].copy()
        for k in range(1, size):
            out += vectors[first + k : last + k]
        return out

    @classmethod
    def _norms(cls, vectors: np.ndarray, size: int) -> np.ndarray:
        """Norm of every side's vector sum (infinite for a zero sum: its cosines are 0, as BeadCoster's)."""
        count = max(0, len(vectors) - size + 1)
        out = np.empty(count)
        for first in range(0, count, 4096):
            last = min(count, first + 4096)
            sums = cls._sums(vectors, size, first, last)
            out[first:last] = np.sqrt(np.einsum("ij,ij->i", sums, sums))
        out[out == 0] = np.inf
        return out

    def cosines(self, a: int, b: int, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Cosine of source side p[k] (a segments) and target side q[k] (b segments), for all k."""
        out = np.empty(len(p))
        if not len(p):
            return out
        order = None
        if len(p) > 1 and bool((p[1:] < p[:-1]).any()):
            order = np.argsort(p, kind="stable")
            p, q = p[order], q[order]
        chunk = p // COSINE_ROWS
        cuts = (np.flatnonzero(chunk[1:] != chunk[:-1]) + 1).tolist()
        values = np.empty(len(p))
        for first, last in zip([0, *cuts], [*cuts, len(p)]):
            ps, qs = p[first:last], q[first:last]
            r0, r1 = int(ps[0]), int(ps[-1]) + 1
            c0, c1 = int(qs.min()), int(qs.max()) + 1
            if (r1 - r0) * (c1 - c0) <= 32 * (last - first) + COSINE_DENSE_AREA:  # a band's chunk: one product
                block = self._sums(self.s, a, r0, r1) @ self._sums(self.t, b, c0, c1).T
                values[first:last] = block[ps - r0, qs - c0]
            else:  # scattered cells (a path's beads): one dot product each
                src = sum(self.s[ps + k] for k in range(a))
                tgt = sum(self.t[qs + k] for k in range(b))
                values[first:last] = np.einsum("ij,ij->i", src, tgt)
        values /= self.s_norm[a][p] * self.t_norm[b][q]
        if order is None:
            return values
        out[order] = values
        return out

    def margins(self, a: int, b: int, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        """(mean neighbour cosine − cosine) / span of beads (a, b) at p, q (BeadCoster._neighbours)."""
        n, m = len(self.s), len(self.t)
        cos = self.cosines(a, b, p, q)
        has_tb, has_ta, has_sb, has_sa = q > 0, q + b < m, p > 0, p + a < n
        tb = np.where(has_tb, self.cosines(a, 1, p, np.maximum(q - 1, 0)), 0.0)
        ta = np.where(has_ta, self.cosines(a, 1, p, np.minimum(q + b, m - 1)), 0.0)
        sb = np.where(has_sb, self.cosines(1, b, np.maximum(p - 1, 0), q), 0.0)
        sa = np.where(has_sa, self.cosines(1, b, np.minimum(p + a, n - 1), q), 0.0)
        return (neighbour_mean(tb, ta, has_tb, has_ta, sb, sa, has_sb, has_sa) - cos) / self.span

    def costs(self, a: int, b: int, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        """What the embedding term takes off the cost of beads (a, b) at p, q."""
        return self.weight * embed_factor(self.size_weight, a, b) * (self.cosines(a, b, p, q) - self.base) / self.span


@dataclass(frozen=True)
class TableTerm:
    """The translation table's term in an ArrayCoster: each id's value (0 but for table pairs)
    and the distinct words of every bead side, per side size (lists indexed by size)."""

    value: np.ndarray
    source_words: list[np.ndarray]
    target_words: list[np.ndarray]
    base: float = 0.0  # coverage of unrelated segments in this document (model.document_scale)
    span: float = 1.0  # and how much more that of likely translations is

    def coverage(self, a: int, b: int, p: np.ndarray, q: np.ndarray, links: np.ndarray) -> np.ndarray:
        """BeadCoster._coverage of the bead sides source[p:p+a] × target[q:q+b] sharing `links`."""
        s_words, t_words = self.source_words[a][p], self.target_words[b][q]
        both = (s_words > 0) & (t_words > 0) & (links > 0)
        return np.divide(links, s_words + t_words, out=np.zeros(len(links)), where=both)


def _joined(sets: Sets, extra: Sets, first: int, universe: int) -> Sets:
    """Each segment's ids plus its `extra` ids (numbered from `first`)."""
    owner = np.concatenate((sets.owner, extra.owner))
    ids = np.concatenate((sets.ids, extra.ids + first))
    return _from_owners(owner, ids, len(sets), universe)


@dataclass(frozen=True)
class LexiconIds:
    """A document-internal lexicon as ids: per source and target segment (CSR) the pair ids
    its words take part in, and the number of pairs (see toolkit.align.lexicon)."""

    source: Sets
    target: Sets
    pairs: int


def learn_lexicon_arrays(
    source_words: Sequence[frozenset[str]],
    target_words: Sequence[frozenset[str]],
    beads: Sequence[tuple[int, int, int, int]],
    min_pairs: int,
    min_dice: float,
) -> LexiconIds:
    """`lexicon.learn_lexicon` in one pass over arrays: word pairs seen together in ≥
    `min_pairs` aligned beads (both sides non-empty) with a Dice coefficient ≥ `min_dice`."""
    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    src = csr([[src_vocab.setdefault(w, len(src_vocab)) for w in words] for words in source_words])
    tgt = csr([[tgt_vocab.setdefault(w, len(tgt_vocab)) for w in words] for words in target_words])
    paired = np.asarray([(i, a, j, b) for i, a, j, b in beads if a and b], dtype=np.int64).reshape(-1, 4)
    vs, vt = max(1, len(src_vocab)), max(1, len(tgt_vocab))
    empty = LexiconIds(Sets(np.zeros(len(source_words) + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)),
                       Sets(np.zeros(len(target_words) + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)), 0)
    if not len(paired):
        return empty
    bead_src = union_over(src, paired[:, 0], paired[:, 0] + paired[:, 1], vs)
    bead_tgt = union_over(tgt, paired[:, 2], paired[:, 2] + paired[:, 3], vt)
    src_count = np.bincount(bead_src.ids, minlength=vs)
    tgt_count = np.bincount(bead_tgt.ids, minlength=vt)
    bead_src = keep(bead_src, src_count[bead_src.ids] >= min_pairs)
    bead_tgt = keep(bead_tgt, tgt_count[bead_tgt.ids] >= min_pairs)
    pairs, together = _pair_counts(bead_src, bead_tgt, vt)
    s_of, t_of = pairs // vt, pairs % vt
    accept = (together >= min_pairs) & (2 * together / (src_count[s_of] + tgt_count[t_of]) >= min_dice)
    s_of, t_of = s_of[accept], t_of[accept]  # pair k is (s_of[k], t_of[k]), sorted by source word
    return LexiconIds(_word_pairs(src, s_of, vs), _word_pairs(tgt, t_of, vt), len(s_of))


#: Beads whose word pairs are counted together (bounds the memory of the pair keys).
BEADS_PER_CHUNK = 2048
#: Counted pair keys held before they are summed into one run (bounds their memory: 4 MB an array).
PAIR_KEYS_HELD = 1 << 19


def _pair_counts(bead_src: Sets, bead_tgt: Sets, vt: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (source word, target word) pair of a bead, and in how many beads it occurs
    (keys source * vt + target, sorted); counted a chunk of beads at a time."""
    all_keys = [np.zeros(0, dtype=np.int64)]
    all_counts = [np.zeros(0, dtype=np.int64)]
    for first in range(0, len(bead_src), BEADS_PER_CHUNK):
        last = min(len(bead_src), first + BEADS_PER_CHUNK)
        lo, hi = bead_src.indptr[first], bead_src.indptr[last]
        owner = bead_src.owner[lo:hi]
        per = bead_tgt.counts[owner]  # each source word once per target word of its bead
        t_pos = np.arange(int(per.sum()), dtype=np.int64) + np.repeat(bead_tgt.indptr[owner] - (np.cumsum(per) - per), per)
        chunk = np.repeat(bead_src.ids[lo:hi], per) * vt + bead_tgt.ids[t_pos]
        if not len(chunk):
            continue
        chunk.sort()  # a chunk's keys each count once: sorting the keys alone counts them
        starts = np.flatnonzero(np.concatenate(([True], chunk[1:] != chunk[:-1])))
        all_keys.append(chunk[starts])
        all_counts.append(np.diff(np.append(starts, len(chunk))))
        if sum(map(len, all_keys)) > PAIR_KEYS_HELD:  # bounded: the counts so far summed into one run
            all_keys, all_counts = map(list, zip(_summed_counts(np.concatenate(all_keys), np.concatenate(all_counts))))
    return _summed_counts(np.concatenate(all_keys), np.concatenate(all_counts))  # the chunks' counts summed, one sort


def _summed_counts(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys (sorted) with their counts summed."""
    if not len(keys):
        return keys, counts
    order = np.argsort(keys)  # equal keys' counts are summed: their order does not matter
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(counts, starts)


def _word_pairs(segments: Sets, word_of_pair: np.ndarray, vocabulary: int) -> Sets:
    """Per segment, the pairs whose word on this side the segment holds."""
    order = np.argsort(word_of_pair, kind="stable")  # pairs grouped by their word
    first = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(np.bincount(word_of_pair, minlength=vocabulary), out=first[1:])
    words = segments.ids
    lengths = first[words + 1] - first[words]
    owner = np.repeat(segments.owner, lengths)
    position = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(first[words] - (np.cumsum(lengths) - lengths), lengths)
    indptr = np.zeros(len(segments) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=len(segments)), out=indptr[1:])
    return Sets(indptr, order[position])
