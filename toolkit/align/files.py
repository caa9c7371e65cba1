"""Aligning files as `srcalign align` gets them: read, segment (or take lines as they are), check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from toolkit.align import align_documents, align_texts
from toolkit.align.languages import check_language
from toolkit.align.dictionary import load_dictionaries
from toolkit.align.embeddings import make_embedder
from toolkit.alignment import Alignment, Bead
from toolkit.document import Block, Document, Sentence
from toolkit.errors import SrcalignError
from toolkit.segment import load_furniture, segment_text
from toolkit.segment.blocks import furniture_kind
from toolkit.segment.language import detect_language
from toolkit.textfile import read_text


@dataclass(frozen=True)
class AlignResult:
    alignment: Alignment
    ladder: list[tuple[tuple[int, ...], tuple[int, ...]]]
    warnings: tuple[str, ...]


def align_files(
    source: str,
    target: str,
    src_lang: str = "vi",
    tgt_lang: str = "de",
    *,
    presplit: bool = False,
    dictionaries: Sequence[str | Path] = (),
    embeddings: str | None = None,
    furniture: str | Path | None = None,
) -> AlignResult:
    """Align two files ('-' for stdin on one side); refuse empty, swapped or boilerplate-only input.

    `dictionaries`: the user's word lists (TSV or FreeDict dictd), read before any aligning;
    `embeddings`: 'bundled' or a local sentence-transformers folder (the optional extra);
    `furniture`: a file of the user's portal-line patterns (see load_furniture)."""
    if source == "-" and target == "-":
        raise SrcalignError("only one of SOURCE and TARGET can be standard input")
    src_lang = check_language(src_lang, "--src-lang")
    tgt_lang = check_language(tgt_lang, "--tgt-lang")
    src_text = read_text(source)
    tgt_text = read_text(target)
    warnings = [*src_text.notes, *tgt_text.notes]
    src_lang = _resolve_lang(src_lang, src_text.text)
    tgt_lang = _resolve_lang(tgt_lang, tgt_text.text)
    _check_languages(src_text.text, tgt_text.text, src_lang, tgt_lang)
    dictionary = load_dictionaries(dictionaries, src_lang, tgt_lang) if dictionaries else None
    embedder = make_embedder(embeddings)
    patterns = load_furniture(furniture) if furniture is not None else ()
    if presplit:
        src_doc = _lines_document(src_text.text, src_lang, source, src_text.sha256)
        tgt_doc = _lines_document(tgt_text.text, tgt_lang, target, tgt_text.sha256)
        src_lines = [b.text for b in src_doc.blocks]
        tgt_lines = [b.text for b in tgt_doc.blocks]
        beads = align_texts(
            src_lines,
            tgt_lines,
            src_lang,
            tgt_lang,
            source_furniture=[furniture_kind(t, patterns) is not None for t in src_lines] if patterns else None,
            target_furniture=[furniture_kind(t, patterns) is not None for t in tgt_lines] if patterns else None,
            dictionary=dictionary,
            embedder=embedder,
        )
        ladder = [(b.source, b.target) for b in beads]
        block_beads = [Bead("block", tuple(f"b{i + 1}" for i in b.source), tuple(f"b{j + 1}" for j in b.target), b.score) for b in beads]
        sentence_beads = [
            Bead("sentence", tuple(f"b{i + 1}.s1" for i in b.source), tuple(f"b{j + 1}.s1" for j in b.target), b.score)
            for b in beads
        ]
        alignment = Alignment(src_doc, tgt_doc, tuple(block_beads + sentence_beads))
        mean = alignment.mean_score
        alignment = Alignment(src_doc, tgt_doc, alignment.beads, {"mean_score": round(mean, 4)})
    else:
        src_doc = segment_text(src_text.text, src_lang, path=source, sha256=src_text.sha256, meta={"encoding": src_text.encoding}, furniture=patterns)
        tgt_doc = segment_text(tgt_text.text, tgt_lang, path=target, sha256=tgt_text.sha256, meta={"encoding": tgt_text.encoding}, furniture=patterns)
        alignment = align_documents(src_doc, tgt_doc, dictionary=dictionary, embedder=embedder)
        ladder = sentence_ladder(alignment)
    if embedder is not None:  # provenance: which model's vectors took part
        alignment = Alignment(alignment.source, alignment.target, alignment.beads, {**alignment.meta, "embeddings": embedder.backend.name})
    if dictionary is not None:  # provenance: the same inputs without the word list align differently
        used = {"paths": [str(p) for p in dictionaries], "pairs": len(dictionary), "stem": dictionary.stem}
        alignment = Alignment(alignment.source, alignment.target, alignment.beads, {**alignment.meta, "dictionary": used})
    warnings.extend(alignment.meta.get("warnings", []))
    return AlignResult(alignment, ladder, tuple(warnings))


def default_output(source: str) -> Path | None:
    """alignments/<slug>/alignment.json for a source inside sources/<slug>/, else None (stdout)."""
    path = Path(source)
    if source == "-" or len(path.parts) < 2 or path.parent.parent.name != "sources":
        return None
    return path.parent.parent.parent / "alignments" / path.parent.name / "alignment.json"


def sentence_ladder(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Sentence beads as indices into each document's sentences in order (boilerplate one-sided)."""
    src_index = {s.id: k for k, s in enumerate(s for b in alignment.source.blocks for s in b.sentences)}
    tgt_index = {s.id: k for k, s in enumerate(s for b in alignment.target.blocks for s in b.sentences)}
    ladder = [
        (tuple(src_index[i] for i in b.source), tuple(tgt_index[j] for j in b.target))
        for b in alignment.beads_at("sentence")
    ]
    covered_s = {i for s, _ in ladder for i in s}
    covered_t = {j for _, t in ladder for j in t}
    ladder += [((k,), ()) for k in src_index.values() if k not in covered_s]
    ladder += [((), (k,)) for k in tgt_index.values() if k not in covered_t]
    return sorted(ladder, key=lambda st: (min(st[0], default=-1) if st[0] else _after(ladder, st), min(st[1], default=-1)))


def _after(ladder, bead) -> float:
    """Sort key for a target-only bead: just after the source bead whose target precedes it."""
    j = bead[1][0]
    before = [max(s) for s, t in ladder if s and t and max(t) < j]
    return (max(before) + 0.5) if before else -0.5


def _resolve_lang(lang: str, text: str) -> str:
    return detect_language(text)[0] if lang == "auto" else lang


def _check_languages(src: str, tgt: str, src_lang: str, tgt_lang: str) -> None:
    detected_src, conf_src = detect_language(src)
    detected_tgt, conf_tgt = detect_language(tgt)
    if detected_src == tgt_lang and detected_tgt == src_lang and src_lang != tgt_lang and min(conf_src, conf_tgt) > 0.3:
        raise SrcalignError(
            f"the source looks {detected_src!r} and the target {detected_tgt!r}: the languages are swapped; "
            "give the Vietnamese source first"
        )


def _lines_document(text: str, lang: str, path: str, sha256: str) -> Document:
    """One block, one sentence per line: --presplit input is used exactly as it is."""
    blocks = []
    pos = 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for k, line in enumerate(lines, start=1):
        body = line.rstrip("\r")
        span = (pos, pos + len(body))
        blocks.append(Block(f"b{k}", "paragraph", k, body, span, (Sentence(f"b{k}.s1", body, span),)))
        pos += len(line) + 1
    if not any(b.text.strip() for b in blocks):
        raise SrcalignError(f"{path}: no segments")
    return Document(lang=lang, blocks=tuple(blocks), sha256=sha256, path=path)
