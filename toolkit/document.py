"""Document, Block, Sentence: the model every stage shares (text → document → alignment)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from toolkit.jsonformat import readable_json

#: Block kinds, with exactly these names (see the foundation issue).
BLOCK_KINDS: tuple[str, ...] = (
    "title",
    "dateline",
    "lead",
    "paragraph",
    "caption",
    "byline",
    "ad_placeholder",
    "source_ref",
    "comment_counter",
    "other",
)

#: Portal lines that are not part of the article: kept, but later stages skip them.
BOILERPLATE_KINDS: frozenset[str] = frozenset({"ad_placeholder", "source_ref", "comment_counter", "other"})


@dataclass(frozen=True)
class Sentence:
    """One sentence; `span` is [start, end) into the original input text."""

    id: str
    text: str
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "span": list(self.span)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(id=data["id"], text=data["text"], span=(int(data["span"][0]), int(data["span"][1])))


@dataclass(frozen=True)
class Block:
    """One line of the input with its kind; `text` is the cleaned text (no caption " |")."""

    id: str
    kind: str
    line: int
    text: str
    span: tuple[int, int]
    sentences: tuple[Sentence, ...] = ()

    @property
    def boilerplate(self) -> bool:
        """True for portal lines (ads, "Quelle:", comment counters) that later stages skip."""
        return self.kind in BOILERPLATE_KINDS

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "line": self.line,
            "text": self.text,
            "span": list(self.span),
            "boilerplate": self.boilerplate,
            "sentences": [s.to_dict() for s in self.sentences],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        return cls(
            id=data["id"],
            kind=data["kind"],
            line=int(data["line"]),
            text=data["text"],
            span=(int(data["span"][0]), int(data["span"][1])),
            sentences=tuple(Sentence.from_dict(s) for s in data.get("sentences", ())),
        )


@dataclass(frozen=True)
class Document:
    """A segmented text: language, where it came from, a hash of the input, and its blocks."""

    lang: str
    blocks: tuple[Block, ...]
    sha256: str = ""
    path: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def block(self, block_id: str) -> Block:
        try:
            return self._blocks_by_id[block_id]
        except KeyError:
            raise KeyError(block_id) from None

    @cached_property
    def _blocks_by_id(self) -> dict[str, Block]:
        """Blocks by id, built on first use: a lookup per bead must not scan the document (2,000 beads)."""
        return {block.id: block for block in reversed(self.blocks)}  # the first block wins, as the scan did

    def sentence(self, sentence_id: str) -> Sentence:
        block = self.block(sentence_id.split(".", 1)[0])
        for sentence in block.sentences:
            if sentence.id == sentence_id:
                return sentence
        raise KeyError(sentence_id)

    @property
    def content_blocks(self) -> tuple[Block, ...]:
        """The blocks later stages align and check: everything but boilerplate."""
        return tuple(b for b in self.blocks if not b.boilerplate)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "path": self.path,
            "url": self.url,
            "sha256": self.sha256,
            "meta": dict(self.meta),
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            lang=data["lang"],
            blocks=tuple(Block.from_dict(b) for b in data["blocks"]),
            sha256=data.get("sha256", ""),
            path=data.get("path"),
            url=data.get("url"),
            meta=dict(data.get("meta") or {}),
        )

    def to_json(self) -> str:
        """One block a line (see toolkit.jsonformat)."""
        return readable_json(self.to_dict())

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))
