"""Alignment: Document × Document → Alignment (block beads, then sentence beads inside them)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Sequence

from toolkit.alignment import Alignment, Bead
from toolkit.align.features import (
    SegmentFeatures,
    char_ngrams,
    TermFinder,
    is_short,
    merge_features,
    name_weights,
    restrict_to_shared,
    segment_features,
    trailing_shape,
    word_tokens,
)
from toolkit.align.dictionary import Dictionary, document_pairs
from toolkit.align.embeddings import Embedder, span_weighted
from toolkit.align.model import LONG_BEAD_TYPES, AlignModel, BeadCoster, BeadTypes, KnownPairs, Lexicon, bead_types, load_model, prices_embeddings, with_embeddings
from toolkit.align.lexicon import TranslationTable, learn_lexicon, learn_table
from toolkit.align.search import COARSE_FACTOR, RawBead, align_sequences, band_around, dp_align
from toolkit.align import arrays
from toolkit.align.arrays import ArrayCoster, learn_lexicon_arrays
from toolkit.align.band import align_band, dp_band
from toolkit.document import Block, Document
from toolkit.segment.blocks import furniture_kind
from toolkit.errors import SrcalignError


#: A learned lexicon smaller than this is too thin to realign with; the band of the second pass.
MIN_LEXICON_ENTRIES = 5
REALIGN_MARGIN = 4
#: A document-internal lexicon needs data: shorter documents are aligned in one pass.
MIN_SEGMENTS_FOR_LEXICON = 30

#: Smaller problems (source × target segments) are priced one bead at a time: arrays cost a
#: fixed ~1 ms to set up, more than a 10 × 10 problem takes in Python.
ARRAY_MIN_CELLS = 100

#: Below this mean bead score the texts are reported as possibly not translations of each other.
LOW_MEAN_SCORE = 0.5


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
    dictionary: Dictionary | None = None,
    *,
    reference: bool = False,
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> SegmentAlignment:
    """Align two feature lists; every index appears in exactly one bead, in order.

    `relatedness` given (from the enclosing documents) replaces the one measured here;
    `dictionary` (a user's word list) adds its word pairs as evidence. The bead costs are
    computed for whole bands as arrays (toolkit.align.arrays) where that path prices every
    feature in use and the problem is not tiny; `reference=True` prices one bead at a time
    (BeadCoster), which gives the same beads (tests/align/test_arrays.py). `texts`: the
    segments' texts when the features were computed without character n-grams (align_texts):
    the arrays count them from the texts, the reference takes them as sets. The bead types
    searched are `model.bead_types`' (the wide 2-3, 3-2, 2-4 and 4-2 and the long 1-4 and 4-1
    where the model prices them; the default model prices 2-3 and 3-2 only with embeddings).
    """
    model = model or load_model()
    if prices_embeddings(model, source, target):
        model = with_embeddings(model)
    types = bead_types(model, source, target)
    uses_dictionary = dictionary is not None and bool(model.w("dict_match"))
    if not reference and len(source) * len(target) >= ARRAY_MIN_CELLS and arrays.supports(model, source, target):
        ngrams = arrays.text_ngrams(*texts) if texts is not None and model.w("chrf") else None
        if ngrams is not None or texts is None or not model.w("chrf"):
            known = document_pairs(dictionary, source, target) if uses_dictionary else None
            return _align_arrays(source, target, model, relatedness, ngrams, known, types)
    if texts is not None and model.w("chrf"):
        source, target = _with_ngrams(source, texts[0]), _with_ngrams(target, texts[1])
    source, target = restrict_to_shared(source, target)
    weights = name_weights(source, target)
    known = document_pairs(dictionary, source, target) if dictionary is not None and model.w("dict_match") else None
    coster = BeadCoster(model, source, target, weights, dictionary=known, types=types)

    def coarse(level: int) -> tuple[int, int, Callable[[int, int, int, int], float]]:
        k = COARSE_FACTOR**level
        cs = [_merged_segment(source[x : x + k]) for x in range(0, len(source), k)]
        ct = [_merged_segment(target[x : x + k]) for x in range(0, len(target), k)]
        return len(cs), len(ct), BeadCoster(model, cs, ct, weights, types=types).cost

    raw = align_sequences(len(source), len(target), coster.cost, coarse, types)
    beads = [(i, a, j, b) for i, a, j, b, _ in raw]
    second = _document_model(model, source, target, beads)
    if _learns(model) and min(len(source), len(target)) >= MIN_SEGMENTS_FOR_LEXICON:
        raw, coster = _realign_with_lexicon(raw, coster, second or model, source, target, weights, known, second is not None)
    elif second is not None:
        coster = BeadCoster(second, source, target, weights, dictionary=known, types=types)
        raw = dp_align(len(source), len(target), coster.cost, band_around(beads, len(source), len(target), REALIGN_MARGIN), types)
    return _scored(raw, coster.anchor_agreement, model, relatedness)


def _learns(model: AlignModel) -> bool:
    """Whether the model prices what a first pass teaches: the Dice lexicon or the translation table."""
    return _weighs_lexicon(model) or bool(model.w("table"))


def _weighs_lexicon(model: AlignModel) -> bool:
    """Whether the model prices the document's Dice lexicon (hunalign's realign evidence)."""
    return bool(model.w("lex_match") or model.w("lex_miss"))


def _document_model(model: AlignModel, source: list[SegmentFeatures], target: list[SegmentFeatures], beads: list[tuple[int, int, int, int]]) -> AlignModel | None:
    """The model of a second pass, with what this document's first-pass 1-1 beads show: their
    length spread (a freer translation than the model's: lengths say less) and their median
    length ratio (the document's ratio without its omitted sentences); None when the model
    asks for neither (or the first pass found too few pairs to measure them)."""
    spread = model.with_length_spread(model.length_spread(source, target, beads)) if model.doc_var_weight else None
    median = (spread or model).with_median_ratio(source, target, beads)
    return median or spread


def _with_ngrams(features: list[SegmentFeatures], texts: Sequence[str]) -> list[SegmentFeatures]:
    """The features with their texts' character n-gram sets (for the per-bead reference)."""
    out = []
    for f, text in zip(features, texts):
        grams = char_ngrams(text)
        out.append(replace(f, ngrams=grams, ngram_count=len(grams)))
    return out


def _align_arrays(
    source: list[SegmentFeatures],
    target: list[SegmentFeatures],
    model: AlignModel,
    relatedness: float | None,
    ngrams=None,
    known: KnownPairs | None = None,
    types: BeadTypes | None = None,
) -> SegmentAlignment:
    """align_features over arrays: the same passes (coarse-to-fine, then the lexicon's narrow
    second pass) with band costs per bead type and the DP of toolkit.align.band (`ngrams`:
    counted from the texts, else taken from the features; `known`: a user dictionary's pairs
    in this document; `types`: the bead types, model.bead_types' unless given)."""
    coster = ArrayCoster.from_features(model, source, target, ngrams, known, types or bead_types(model, source, target))

    def coarse(level: int) -> tuple[int, int, ArrayCoster]:
        merged = coster.coarsened(COARSE_FACTOR**level)
        return merged.s.n, merged.t.n, merged

    raw = align_band(len(source), len(target), coster, coarse)
    beads = [(i, a, j, b) for i, a, j, b, _ in raw]
    second = _document_model(model, source, target, beads)
    again = False
    if _learns(model) and min(len(source), len(target)) >= MIN_SEGMENTS_FOR_LEXICON:
        src_words, tgt_words = [f.words for f in source], [f.words for f in target]
        if _weighs_lexicon(model):
            lexicon = learn_lexicon_arrays(src_words, tgt_words, beads, model.lexicon_min_pairs, model.lexicon_min_dice)
            if lexicon.pairs >= MIN_LEXICON_ENTRIES:
                coster, again = coster.with_lexicon(lexicon), True
        if model.w("table"):
            table = learn_table(src_words, tgt_words, beads)
            if len(table) >= MIN_LEXICON_ENTRIES:
                coster, again = coster.with_table(table, src_words, tgt_words), True
    if second is not None:  # as the reference: the second pass prices lengths as the document's first pass shows them
        coster, again = coster.with_model(second), True
    if again:
        raw = dp_band(coster, len(source), len(target), band_around(beads, len(source), len(target), REALIGN_MARGIN))
    return _scored(raw, coster.anchor_agreement, model, relatedness)


def _scored(
    raw: list[RawBead],
    anchor_agreement: Callable[[list[tuple[int, int, int, int]]], tuple[int, int]],
    model: AlignModel,
    relatedness: float | None,
) -> SegmentAlignment:
    """The found path as scored beads: each bead's calibrated score times the pair's relatedness
    (measured from the anchors the path agrees on unless given)."""
    shared, possible = anchor_agreement([(i, a, j, b) for i, a, j, b, _ in raw])
    if relatedness is None:
        relatedness = model.relatedness(shared, possible)
    beads = tuple(
        SegmentBead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(model.bead_score(c) * relatedness, 4), c)
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
    source_kinds: Sequence[str] | None = None,
    target_kinds: Sequence[str] | None = None,
    relatedness: float | None = None,
    dictionary: Dictionary | None = None,
    embedder: Embedder | None = None,
    reference: bool = False,
) -> SegmentAlignment:
    """Align pre-split segments (one per line); portal lines and their kinds are recognised by
    shape unless given (`source_kinds`: block kinds, which change costs but forbid nothing).
    `reference=True`: the per-bead reference coster instead of the arrays (same beads)."""
    if source_terms is None and target_terms is None and (src_lang, tgt_lang) == ("vi", "de"):
        source_terms, target_terms = _builtin_term_finders()
    model = model or load_model(f"{src_lang}-{tgt_lang}")
    # character n-grams (chrF) are taken from the texts by align_features, as the path needs them
    src = segment_features(source, src_lang, furniture=source_furniture, term_finder=source_terms, kinds=source_kinds, with_ngrams=False)
    tgt = segment_features(target, tgt_lang, furniture=target_furniture, term_finder=target_terms, kinds=target_kinds, with_ngrams=False)
    if embedder is not None:
        src, tgt = with_vectors(src, source, embedder), with_vectors(tgt, target, embedder)
    return align_features(src, tgt, model, relatedness, dictionary, reference=reference, texts=(source, target))


def with_vectors(features: list[SegmentFeatures], texts: Sequence[str], embedder: Embedder) -> list[SegmentFeatures]:
    """The features with each text's sentence embedding attached (cached per text), weighted
    for sums by its length (`embeddings.span_weighted`)."""
    return [replace(f, vector=span_weighted(v, f.length)) for f, v in zip(features, embedder.vectors(texts))]


def align_documents(
    source: Document,
    target: Document,
    *,
    model: AlignModel | None = None,
    source_terms: TermFinder | None = None,
    target_terms: TermFinder | None = None,
    dictionary: Dictionary | None = None,
    embedder: Embedder | None = None,
    reference: bool = False,
) -> Alignment:
    """Blocks first (every block, portal lines included), then sentences inside each block bead
    (`reference=True`: priced by the per-bead reference coster, same beads).

    Block kinds are evidence, not walls: a title may join its lead, a "Xem thêm:" line may pair
    with "Mehr dazu:"; kinds and portal shapes only change costs (learned weights). On the same
    lines, the beads are those of `align_texts` on presplit text, except where the block kinds
    (a title, a caption) are the evidence that decides.
    """
    if not source.blocks or not target.blocks:
        raise SrcalignError("nothing to align: one side has no text")
    if not source.content_blocks or not target.content_blocks:
        raise SrcalignError("nothing to align: one side holds only portal lines (ads, source line, comments)")
    src_blocks = source.blocks
    tgt_blocks = target.blocks
    model = model or load_model(f"{source.lang}-{target.lang}")
    if source_terms is None and target_terms is None and (source.lang, target.lang) == ("vi", "de"):
        source_terms, target_terms = _builtin_term_finders()
    # Features are computed once per sentence; a block's are the union of its sentences'.
    ngrams = model.w("chrf") != 0
    # Word sets only for a dictionary; a group of blocks long enough for a lexicon gets them below.
    src_sents = _sentence_features(src_blocks, source.lang, source_terms, ngrams, dictionary is not None, embedder)
    tgt_sents = _sentence_features(tgt_blocks, target.lang, target_terms, ngrams, dictionary is not None, embedder)
    block_beads = align_features(
        [block_features(src_sents[b.id], b, dictionary is not None) for b in src_blocks],
        [block_features(tgt_sents[b.id], b, dictionary is not None) for b in tgt_blocks],
        block_level(model),
        dictionary=dictionary,
        reference=reference,
    )
    beads: list[Bead] = []
    sentence_beads: list[Bead] = []
    relatedness = block_beads.relatedness
    for bead in block_beads:
        s_ids = tuple(src_blocks[k].id for k in bead.source)
        t_ids = tuple(tgt_blocks[k].id for k in bead.target)
        beads.append(Bead("block", s_ids, t_ids, bead.score))
        # Sentence beads cover the content sentences only: portal lines are block-level units.
        s_content = [k for k in bead.source if not src_blocks[k].boilerplate]
        t_content = [k for k in bead.target if not tgt_blocks[k].boilerplate]
        s_sents = [s for k in s_content for s in src_blocks[k].sentences]
        t_sents = [s for k in t_content for s in tgt_blocks[k].sentences]
        if not s_sents or not t_sents:
            sentence_beads.extend(Bead("sentence", (s.id,), (), bead.score) for s in s_sents)
            sentence_beads.extend(Bead("sentence", (), (t.id,), bead.score) for t in t_sents)
            continue
        if len(s_sents) == 1 and len(t_sents) == 1:
            sentence_beads.append(Bead("sentence", (s_sents[0].id,), (t_sents[0].id,), bead.score))
            continue
        inner_src = [f for k in s_content for f in src_sents[src_blocks[k].id]]
        inner_tgt = [f for k in t_content for f in tgt_sents[tgt_blocks[k].id]]
        if dictionary is None and min(len(inner_src), len(inner_tgt)) >= MIN_SEGMENTS_FOR_LEXICON:
            inner_src = [replace(f, words=word_tokens(s.text)) for f, s in zip(inner_src, s_sents)]
            inner_tgt = [replace(f, words=word_tokens(t.text)) for f, t in zip(inner_tgt, t_sents)]
        inner = align_features(
            inner_src,
            inner_tgt,
            model,
            relatedness,
            dictionary,
            reference=reference,
        )
        for sb in inner:
            sentence_beads.append(
                Bead("sentence", tuple(s_sents[k].id for k in sb.source), tuple(t_sents[k].id for k in sb.target), sb.score)
            )
    alignment = Alignment(source=source, target=target, beads=tuple(beads) + tuple(sentence_beads))
    return _with_summary(alignment, block_beads)


def block_level(model: AlignModel) -> AlignModel:
    """The model for the block level of `align_documents`: the embedding term with its own
    weights (`embed_block`, `embed_skip_block`), and the 1-4 / 4-1 bead types priced by
    `type_14_block` / `type_41_block` where the model has them. Blocks are paragraphs, titles
    and portal lines; the sentence-level weights there made block beads worse on the raw
    development articles (a short title's vector hardly moves a merged side, so titles got
    glued to leads), and a paragraph given as three around an ad line is a 1-4 block bead
    that sentences, which never need it, should not pay search time for."""
    long = {f"type_{a}{b}": model.w(f"type_{a}{b}_block") for a, b in LONG_BEAD_TYPES if f"type_{a}{b}_block" in model.weights}
    if long:
        model = model.with_weights(**long)
    if not model.w("embed"):
        return model
    return model.with_weights(embed=model.w("embed_block"), embed_skip=model.w("embed_skip_block"))


def _realign_with_lexicon(raw, coster: BeadCoster, model: AlignModel, source, target, weights, known: KnownPairs | None, anyway: bool = False):
    """Second pass in a narrow band around the first, with the lexicon the first pass teaches
    (`anyway`: also without one, `model` being the first pass's with what the document's
    first-pass pairs show: its length spread, its median length ratio; `_document_model`)."""
    lexicon: Lexicon | None = None
    if _weighs_lexicon(model):
        lexicon = learn_lexicon(
            ((coster.words("s", i, a), coster.words("t", j, b)) for i, a, j, b, _ in raw if a and b),
            model.lexicon_min_pairs,
            model.lexicon_min_dice,
        )
        if len(lexicon) < MIN_LEXICON_ENTRIES:
            lexicon = None
    table: TranslationTable | None = None
    if model.w("table"):
        table = learn_table([f.words for f in source], [f.words for f in target], [(i, a, j, b) for i, a, j, b, _ in raw])
        if len(table) < MIN_LEXICON_ENTRIES:
            table = None
    if lexicon is None and table is None and not anyway:
        return raw, coster
    coster.forget()
    second = BeadCoster(model, source, target, weights, lexicon, known, coster.types, table)
    window = band_around([(i, a, j, b) for i, a, j, b, _ in raw], len(source), len(target), REALIGN_MARGIN)
    return dp_align(len(source), len(target), second.cost, window, second.types), second


def document_block_features(
    document: Document, terms: TermFinder | None = None, ngrams: bool = False, embedder: Embedder | None = None
) -> list[SegmentFeatures]:
    """Each block of a document as one segment, as align_documents' block level sees it
    (for tuning the block-level weights on raw articles, bench/tune_align.py)."""
    sents = _sentence_features(document.blocks, document.lang, terms, ngrams, False, embedder)
    return [block_features(sents[b.id], b) for b in document.blocks]


def _sentence_features(
    blocks: Sequence[Block], lang: str, terms: TermFinder | None, ngrams: bool, words: bool, embedder: Embedder | None = None
) -> dict[str, list[SegmentFeatures]]:
    texts = [s.text for b in blocks for s in b.sentences]
    computed = segment_features(texts, lang, furniture=[False] * len(texts), kinds=[""] * len(texts), term_finder=terms, with_ngrams=ngrams, with_words=words)
    if embedder is not None:
        computed = with_vectors(computed, texts, embedder)
    features = iter(computed)
    return {b.id: [next(features) for _ in b.sentences] for b in blocks}


def block_features(sentences: list[SegmentFeatures], block: Block, with_words: bool = False) -> SegmentFeatures:
    """A block as one segment: its sentences merged, its kind kept as evidence.

    Furniture (cheap to leave one-sided, dear to merge) is decided by shape, as for presplit
    lines: portal kinds, bylines, and a photo credit that stands mid-article ("Ảnh: TTXVN",
    demoted to a paragraph by the segmenter, is still a credit). For pairing like with like a
    portal line's kind is its shape ("Xem thêm:" and "Mehr dazu:" are both "other").
    Words are kept only for a user dictionary (the document-internal lexicon is a sentence-level
    tool; blocks are few and long)."""
    merged = _merged_segment(sentences)  # every block has a sentence (blocks are non-empty lines)
    shape = furniture_kind(block.text)
    return replace(
        merged,
        furniture=block.boilerplate or block.kind == "byline" or shape is not None,
        kind=block.kind,
        shape=shape or (block.kind if block.boilerplate else ""),
        short=is_short(block.text),
        words=frozenset().union(*(f.words for f in sentences)) if with_words else frozenset(),
        tail=trailing_shape(block.text),  # as for a presplit line: a credit run into the paragraph's end
    )


@lru_cache(maxsize=1)
def _builtin_term_finders() -> tuple[TermFinder, TermFinder]:
    """The shipped vi-de termbase as anchors (loaded once; read-only afterwards)."""
    from toolkit.align.terms import term_finders
    from toolkit.termbase import load_termbase

    return term_finders(load_termbase())


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


def _merged_segment(chunk: list[SegmentFeatures]) -> SegmentFeatures:
    """Consecutive segments as one (a block, or a super-segment of the coarse pass): lengths and
    anchors only (n-gram sets of many segments are large and slow to intersect)."""
    return replace(merge_features(chunk), ngrams=frozenset(), ngram_count=0, words=frozenset(), kind="", shape="", tail="")
