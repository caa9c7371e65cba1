"""BLEU, chrF and TER of a German text against a reference translation, with sacrebleu's signatures.

Typical use: the portal's machine translation (hypothesis) against an editor's post-edited
version (reference). Line-aligned files are scored line by line exactly as the `sacrebleu`
command line does; other files are segmented and their sentences aligned first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from toolkit.document import Document
from toolkit.errors import SrcalignError
from toolkit.textfile import read_text

#: Metric order as `sacrebleu -m bleu chrf ter` prints them (sorted by name).
METRIC_NAMES: tuple[str, ...] = ("BLEU", "CHRF", "TER")

# The fallback aligner: cost of leaving a sentence unpaired, and of a 2-1/1-2 merge. Two skips
# (0.8) beat pairing two sentences whose character-trigram Dice similarity is below 0.2.
_SKIP_COST = 0.4
_MERGE_PENALTY = 0.05


@dataclass(frozen=True)
class CorpusScore:
    """One corpus-level metric: the score, sacrebleu's signature, and sacrebleu's own text line."""

    name: str
    score: float
    signature: str
    line: str
    verbose: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "signature": self.signature, "verbose_score": self.verbose}


@dataclass(frozen=True)
class SegmentScore:
    """Sentence-level BLEU (effective order, as `sacrebleu --sentence-level`), chrF and TER of one pair."""

    index: int
    hypothesis: str
    reference: str
    bleu: float
    chrf: float
    ter: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "hypothesis": self.hypothesis,
            "reference": self.reference,
            "bleu": self.bleu,
            "chrf": self.chrf,
            "ter": self.ter,
        }


@dataclass(frozen=True)
class ScoreReport:
    """Corpus scores, optional segment scores, and how the two texts were paired."""

    pairing: str
    pairs: int
    corpus: tuple[CorpusScore, ...]
    segments: tuple[SegmentScore, ...] = ()
    segment_signatures: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "pairing": self.pairing,
            "pairs": self.pairs,
            "notes": list(self.notes),
            "corpus": [c.to_dict() for c in self.corpus],
        }
        if self.segments:
            data["segment_signatures"] = dict(self.segment_signatures)
            data["segments"] = [s.to_dict() for s in self.segments]
        return data


@dataclass(frozen=True)
class SegmentPairs:
    """Hypothesis and reference segments in parallel, with how they were paired and what to tell the user."""

    hypotheses: tuple[str, ...]
    references: tuple[str, ...]
    pairing: str
    notes: tuple[str, ...] = ()


def score_files(
    hypothesis: str | Path, reference: str | Path, *, per_segment: bool = False, width: int = 1
) -> ScoreReport:
    """Read both files (honest decoding, one-line errors) and score the hypothesis against the reference."""
    hyp_text = read_text(hypothesis).text
    ref_text = read_text(reference).text
    return score_pairs(pair_segments(hyp_text, ref_text), per_segment=per_segment, width=width)


def pair_segments(
    hypothesis: str,
    reference: str,
    *,
    align: Callable[[Document, Document], Any] | None = None,
) -> SegmentPairs:
    """Lines when both texts have as many lines (sacrebleu's rule); else aligned sentences.

    The sentence alignment is toolkit.align.align_documents when it is installed, else a simple
    monolingual alignment (character-trigram similarity, 1-1/1-0/0-1/2-1/1-2 beads); the note says which.
    Unpaired sentences are scored against an empty segment, so they lower the score as they should.
    """
    hyp_lines, ref_lines = sacrebleu_lines(hypothesis), sacrebleu_lines(reference)
    if len(hyp_lines) == len(ref_lines):
        return SegmentPairs(tuple(hyp_lines), tuple(ref_lines), "lines")
    from toolkit.segment import segment_text

    hyp_doc = segment_text(hypothesis, "auto", path="hypothesis")
    ref_doc = segment_text(reference, "auto", path="reference")
    notes = [f"the files are not line-aligned ({len(hyp_lines)} and {len(ref_lines)} lines): sentences were aligned first"]
    aligner, name = _aligner(align)
    pairs: list[tuple[str, str]] | None = None
    if aligner is not None:
        try:
            pairs = _pairs_from_alignment(aligner(hyp_doc, ref_doc))
            notes.append(f"aligned with {name}")
        except SrcalignError as exc:
            notes.append(f"{name} could not align these texts ({exc}); used the simple monolingual alignment instead")
    else:
        notes.append("toolkit.align is not available; used a simple monolingual sentence alignment (character trigrams)")
    if pairs is None:
        pairs = align_sentences(_sentences(hyp_doc), _sentences(ref_doc))
    unpaired = sum(1 for h, r in pairs if not h or not r)
    if unpaired:
        notes.append(f"{unpaired} sentence(s) had no counterpart and were scored against an empty segment")
    return SegmentPairs(tuple(h for h, _ in pairs), tuple(r for _, r in pairs), "aligned", tuple(notes))


def score_pairs(pairs: SegmentPairs, *, per_segment: bool = False, width: int = 1) -> ScoreReport:
    """Corpus BLEU, chrF and TER exactly as the sacrebleu command line computes them; segments on request."""
    if not pairs.hypotheses:
        raise SrcalignError("nothing to score: no segments")
    hyps, refs = list(pairs.hypotheses), [list(pairs.references)]
    corpus = []
    for name, metric in zip(METRIC_NAMES, _metrics(effective_order=False)):
        result = metric.corpus_score(hyps, refs)
        signature = metric.get_signature().format()
        verbose = json.loads(result.format(width, False, signature, is_json=True)).get("verbose_score", "")
        corpus.append(CorpusScore(result.name, result.score, signature, result.format(width, False, signature), verbose))
    segments: list[SegmentScore] = []
    signatures: tuple[tuple[str, str], ...] = ()
    if per_segment:
        bleu, chrf, ter = _metrics(effective_order=True)
        for index, (hyp, ref) in enumerate(zip(hyps, refs[0]), start=1):
            segments.append(
                SegmentScore(
                    index,
                    hyp,
                    ref,
                    bleu.sentence_score(hyp, [ref]).score,
                    chrf.sentence_score(hyp, [ref]).score,
                    ter.sentence_score(hyp, [ref]).score,
                )
            )
        # A signature needs a scored segment (it records the number of references).
        signatures = tuple((name, m.get_signature().format()) for name, m in zip(METRIC_NAMES, (bleu, chrf, ter)))
    return ScoreReport(pairs.pairing, len(hyps), tuple(corpus), tuple(segments), signatures, pairs.notes)


def format_report(report: ScoreReport, fmt: str = "text") -> str:
    """`text`: sacrebleu's score lines, then one line per segment; `json`: the report as a JSON object."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if fmt != "text":
        raise SrcalignError(f"unknown format {fmt!r}; use text or json")
    lines = [c.line for c in report.corpus]
    how = "line by line" if report.pairing == "lines" else "after sentence alignment"
    lines.append(f"# {report.pairs} segment pairs, scored {how}")
    lines += [f"# {note}" for note in report.notes]
    if report.segments:
        lines.append("# segment\tBLEU\tchrF\tTER\thypothesis\treference")
        for s in report.segments:
            lines.append(f"{s.index}\t{s.bleu:.2f}\t{s.chrf:.2f}\t{s.ter:.2f}\t{_short(s.hypothesis)}\t{_short(s.reference)}")
    return "\n".join(lines) + "\n"


def sacrebleu_lines(text: str) -> list[str]:
    """Split as the sacrebleu CLI reads a file: on "\\n", each line right-stripped, no phantom last line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def align_sentences(hypotheses: Sequence[str], references: Sequence[str]) -> list[tuple[str, str]]:
    """Monotonic sentence alignment of two texts in one language by dynamic programming.

    Cost of a pair is 1 − Dice similarity of character trigram sets; a skipped sentence costs
    _SKIP_COST; 2-1 and 1-2 merges, allowed only when they match better than either part, pay
    _MERGE_PENALTY on top. Returns (hypothesis, reference) pairs with "" for a missing side.
    """
    n, m = len(hypotheses), len(references)
    hyp_grams = [_trigrams(s) for s in hypotheses]
    ref_grams = [_trigrams(s) for s in references]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            moves = []
            if i < n and j < m:
                moves.append((1, 1, 1 - _dice(hyp_grams[i], ref_grams[j])))
            if i < n:
                moves.append((1, 0, _SKIP_COST))
            if j < m:
                moves.append((0, 1, _SKIP_COST))
            if i + 1 < n and j < m:
                merged = _dice(hyp_grams[i] | hyp_grams[i + 1], ref_grams[j])
                # a merge must match better than either part alone, or a short extra sentence rides along
                if merged > max(_dice(hyp_grams[i], ref_grams[j]), _dice(hyp_grams[i + 1], ref_grams[j])):
                    moves.append((2, 1, 1 - merged + _MERGE_PENALTY))
            if i < n and j + 1 < m:
                merged = _dice(hyp_grams[i], ref_grams[j] | ref_grams[j + 1])
                if merged > max(_dice(hyp_grams[i], ref_grams[j]), _dice(hyp_grams[i], ref_grams[j + 1])):
                    moves.append((1, 2, 1 - merged + _MERGE_PENALTY))
            for di, dj, step in moves:
                if here + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + step
                    back[i + di][j + dj] = (di, dj)
    pairs = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        pairs.append((" ".join(hypotheses[i - di : i]), " ".join(references[j - dj : j])))
        i, j = i - di, j - dj
    return pairs[::-1]


def _metrics(*, effective_order: bool) -> tuple[Metric, Metric, Metric]:
    """sacrebleu's defaults, as its command line builds them (BLEU 13a/exp, chrF2, TER)."""
    return BLEU(effective_order=effective_order), CHRF(), TER()


def _aligner(align: Callable[[Document, Document], Any] | None) -> tuple[Callable[[Document, Document], Any] | None, str]:
    if align is not None:
        return align, getattr(align, "__qualname__", "the given aligner")
    try:
        from toolkit.align import align_documents  # the project's aligner, when installed
    except ImportError:
        return None, ""
    return align_documents, "toolkit.align.align_documents"


def _pairs_from_alignment(alignment: Any) -> list[tuple[str, str]]:
    """(hypothesis, reference) texts of an Alignment's sentence beads (block beads if it has none)."""
    beads = alignment.beads_at("sentence") or alignment.beads_at("block")
    return [(alignment.source_text(b), alignment.target_text(b)) for b in beads]


def _sentences(document: Document) -> list[str]:
    return [text for block in document.content_blocks for text in ([s.text for s in block.sentences] or [block.text])]


def _trigrams(text: str) -> frozenset[str]:
    padded = f"  {' '.join(text.lower().split())}  "
    return frozenset(padded[k : k + 3] for k in range(len(padded) - 2))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
