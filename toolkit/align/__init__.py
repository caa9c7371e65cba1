"""Alignment: Document × Document → Alignment (block beads, then sentence beads inside them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from toolkit.alignment import Alignment, Bead
from toolkit.align.features import (
    SegmentFeatures,
    TermFinder,
    name_weights,
    restrict_to_shared,
    segment_features,
)
from toolkit.align.model import AlignModel, BeadCoster, load_model, merge
from toolkit.align.search import COARSE_FACTOR, align_sequences
from toolkit.document import Document
from toolkit.errors import SrcalignError


#: Below this mean bead score the texts are reported as possibly not translations of each other.
LOW_MEAN_SCORE = 0.5

#: Block kinds that may be merged with a neighbour in one bead (MT splits and joins paragraphs).
MERGEABLE_KINDS = frozenset({"lead", "paragraph", "other"})


@dataclass(frozen=True)
class SegmentBead:
    """A bead over segment indices, as the ladder format writes it."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float
    cost: float


@dataclass(frozen=True)
class SegmentAlignment:
    """Beads over segment indices plus how sure we are that the texts translate each other.

    `relatedness` in [0, 1] comes from how many anchors (numbers, names, codes, terms) the
    aligned pairs share; it scales every bead score, so a wrong source shows a low mean score.
    """

    beads: tuple[SegmentBead, ...]
    anchors_shared: int
    anchors_possible: int
    relatedness: float

    def __iter__(self):
        return iter(self.beads)

    def __len__(self) -> int:
        return len(self.beads)


def align_features(
    source: list[SegmentFeatures],
    target: list[SegmentFeatures],
    model: AlignModel | None = None,
    relatedness: float | None = None,
) -> SegmentAlignment:
    """Align two feature lists; every index appears in exactly one bead, in order.

    `relatedness` given (from the enclosing documents) replaces the one measured here.
    """
    model = model or load_model()
    source, target = restrict_to_shared(source, target)
    weights = name_weights(source, target)
    coster = BeadCoster(model, source, target, weights)

    def coarse(level: int) -> tuple[int, int, Callable[[int, int, int, int], float]]:
        k = COARSE_FACTOR**level
        cs = [_coarse_features(source[x : x + k]) for x in range(0, len(source), k)]
        ct = [_coarse_features(target[x : x + k]) for x in range(0, len(target), k)]
        return len(cs), len(ct), BeadCoster(model, cs, ct, weights).cost

    raw = align_sequences(len(source), len(target), coster.cost, coarse)
    shared, possible = coster.anchor_agreement([(i, a, j, b) for i, a, j, b, _ in raw])
    if relatedness is None:
        relatedness = coster.relatedness(shared, possible)
    beads = tuple(
        SegmentBead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(coster.score(c) * relatedness, 4), c)
        for i, a, j, b, c in raw
    )
    return SegmentAlignment(beads, shared, possible, relatedness)


def align_texts(
    source: Sequence[str],
    target: Sequence[str],
    src_lang: str = "vi",
    tgt_lang: str = "de",
    *,
    model: AlignModel | None = None,
    source_furniture: Sequence[bool] | None = None,
    target_furniture: Sequence[bool] | None = None,
    source_terms: TermFinder | None = None,
    target_terms: TermFinder | None = None,
    source_mergeable: Sequence[bool] | None = None,
    target_mergeable: Sequence[bool] | None = None,
    relatedness: float | None = None,
) -> SegmentAlignment:
    """Align pre-split segments (one per line); portal lines are recognised unless given."""
    if source_terms is None and target_terms is None and (src_lang, tgt_lang) == ("vi", "de"):
        source_terms, target_terms = _builtin_term_finders()
    model = model or load_model()
    ngrams = model.w("chrf") != 0
    src = segment_features(source, src_lang, furniture=source_furniture, term_finder=source_terms, mergeable=source_mergeable, with_ngrams=ngrams)
    tgt = segment_features(target, tgt_lang, furniture=target_furniture, term_finder=target_terms, mergeable=target_mergeable, with_ngrams=ngrams)
    return align_features(src, tgt, model, relatedness)


def align_documents(
    source: Document,
    target: Document,
    *,
    model: AlignModel | None = None,
    source_terms: TermFinder | None = None,
    target_terms: TermFinder | None = None,
) -> Alignment:
    """Blocks first (title, lead, paragraphs, captions, byline), then sentences inside each block bead.

    Boilerplate blocks (ads, "Quelle:", comment counters) never take part; they are listed as
    one-sided beads so that every block appears once.
    """
    if not source.blocks or not target.blocks:
        raise SrcalignError("nothing to align: one side has no text")
    src_blocks = source.content_blocks
    tgt_blocks = target.content_blocks
    if not src_blocks or not tgt_blocks:
        raise SrcalignError("nothing to align: one side holds only portal lines (ads, source line, comments)")
    block_beads = align_texts(
        [b.text for b in src_blocks],
        [b.text for b in tgt_blocks],
        source.lang,
        target.lang,
        model=model,
        source_furniture=[b.kind == "byline" for b in src_blocks],
        target_furniture=[b.kind == "byline" for b in tgt_blocks],
        source_mergeable=[b.kind in MERGEABLE_KINDS for b in src_blocks],
        target_mergeable=[b.kind in MERGEABLE_KINDS for b in tgt_blocks],
        source_terms=source_terms,
        target_terms=target_terms,
    )
    beads: list[Bead] = []
    sentence_beads: list[Bead] = []
    relatedness = block_beads.relatedness
    for bead in block_beads:
        s_ids = tuple(src_blocks[k].id for k in bead.source)
        t_ids = tuple(tgt_blocks[k].id for k in bead.target)
        beads.append(Bead("block", s_ids, t_ids, bead.score))
        s_sents = [s for k in bead.source for s in src_blocks[k].sentences]
        t_sents = [s for k in bead.target for s in tgt_blocks[k].sentences]
        if not s_sents or not t_sents:
            sentence_beads.extend(Bead("sentence", (s.id,), (), bead.score) for s in s_sents)
            sentence_beads.extend(Bead("sentence", (), (t.id,), bead.score) for t in t_sents)
            continue
        for sb in align_texts(
            [s.text for s in s_sents],
            [t.text for t in t_sents],
            source.lang,
            target.lang,
            model=model,
            source_furniture=[False] * len(s_sents),
            target_furniture=[False] * len(t_sents),
            source_terms=source_terms,
            target_terms=target_terms,
            relatedness=relatedness,
        ):
            sentence_beads.append(
                Bead("sentence", tuple(s_sents[k].id for k in sb.source), tuple(t_sents[k].id for k in sb.target), sb.score)
            )
    beads = _with_boilerplate(beads, source, target)
    alignment = Alignment(source=source, target=target, beads=tuple(beads) + tuple(sentence_beads))
    return _with_summary(alignment, block_beads)


@lru_cache(maxsize=1)
def _builtin_term_finders() -> tuple[TermFinder, TermFinder]:
    """The shipped vi-de termbase as anchors (loaded once; read-only afterwards)."""
    from toolkit.align.terms import term_finders
    from toolkit.termbase import load_termbase

    return term_finders(load_termbase())


def _with_boilerplate(beads: list[Bead], source: Document, target: Document) -> list[Bead]:
    """Put each portal block, as a one-sided bead, after the last bead that precedes it."""
    keyed: list[tuple[float, Bead]] = [(float(k), b) for k, b in enumerate(beads)]
    for doc, is_source in ((source, True), (target, False)):
        order = {b.id: k for k, b in enumerate(doc.blocks)}
        for block in doc.blocks:
            if not block.boilerplate:
                continue
            key = -0.5
            for k, bead in enumerate(beads):
                ids = bead.source if is_source else bead.target
                if any(order[i] < order[block.id] for i in ids):
                    key = k + 0.5 + order[block.id] / (10 * len(order) + 10)
            keyed.append((key, Bead("block", (block.id,) if is_source else (), () if is_source else (block.id,), 1.0)))
    keyed.sort(key=lambda kb: kb[0])
    return [b for _, b in keyed]


def _with_summary(alignment: Alignment, evidence: SegmentAlignment) -> Alignment:
    mean = alignment.mean_score
    meta: dict = {
        "mean_score": round(mean, 4),
        "relatedness": round(evidence.relatedness, 4),
        "anchors_shared": evidence.anchors_shared,
        "anchors_possible": evidence.anchors_possible,
        "aligner": "srcalign: length model + anchors + termbase, banded DP",
    }
    if mean < LOW_MEAN_SCORE:
        meta["warnings"] = [
            f"mean bead score {mean:.2f} is very low ({evidence.anchors_shared} of {evidence.anchors_possible} "
            "numbers, names and codes agree): the two texts may not be translations of each other (wrong source?)"
        ]
    return Alignment(alignment.source, alignment.target, alignment.beads, {**alignment.meta, **meta})


def _coarse_features(chunk: list[SegmentFeatures]) -> SegmentFeatures:
    """A super-segment for the coarse pass: lengths and anchors only (n-gram sets of many
    segments are large and slow to intersect, and the anchors already place the band)."""
    span = merge(chunk)
    return SegmentFeatures(
        length=span.length,
        numbers=span.numbers,
        names=span.names,
        codes=span.codes,
        ngrams=frozenset(),
        ngram_count=0,
        punct=span.punct,
        terms=span.terms,
        furniture=span.furniture,
    )
