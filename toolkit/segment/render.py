"""Text renderings of a segmented document for `srcalign segment`."""

from __future__ import annotations

from toolkit.document import Document


def render_document(document: Document, fmt: str) -> str:
    """'sentences' (one per line, blank line between blocks, boilerplate omitted), 'json' or 'tsv'."""
    if fmt == "json":
        return document.to_json() + "\n"
    if fmt == "tsv":
        rows = ["block\tkind\tline\tsentence\ttext"]
        for block in document.blocks:
            for sentence in block.sentences:
                text = sentence.text.replace("\t", " ")
                rows.append(f"{block.id}\t{block.kind}\t{block.line}\t{sentence.id}\t{text}")
        return "\n".join(rows) + "\n"
    if fmt == "sentences":
        paragraphs = ["\n".join(s.text for s in b.sentences) for b in document.content_blocks if b.sentences]
        return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
    raise ValueError(f"unknown format {fmt!r}")
