"""The bundled seed pair with its hand-made block alignment (vi b(k+1) ↔ de b(k), k = 1..22)."""

from __future__ import annotations

from toolkit.alignment import Alignment, Bead
from toolkit.segment import segment_file
from toolkit.sources import example_dir


def seed_alignment(sentence_beads: tuple[Bead, ...] = ()) -> Alignment:
    """Block beads as the seed README describes them: title and portal lines one-sided."""
    source = segment_file(example_dir() / "source.txt", "vi")
    target = segment_file(example_dir() / "article.de.txt", "de")
    beads = [Bead("block", ("b1",), (), 0.0)]
    beads += [Bead("block", (f"b{k + 1}",), (f"b{k}",), 0.9) for k in range(1, 23)]
    beads += [Bead("block", (), (f"b{k}",), 0.0) for k in (23, 24, 25)]
    return Alignment(source, target, tuple(beads) + tuple(sentence_beads))


def pair_alignment(pairs: list[tuple[str, str]], *, sentences: bool = False) -> Alignment:
    """A small alignment: line k of the Vietnamese ↔ line k of the German (block beads, or sentence beads s1↔s1)."""
    from toolkit.segment import segment_text

    source = segment_text("\n".join(vi for vi, _ in pairs) + "\n", "vi")
    target = segment_text("\n".join(de for _, de in pairs) + "\n", "de")
    beads = [Bead("block", (s.id,), (t.id,), 0.9) for s, t in zip(source.blocks, target.blocks)]
    if sentences:
        beads += [
            Bead("sentence", (s.sentences[0].id,), (t.sentences[0].id,), 0.9) for s, t in zip(source.blocks, target.blocks)
        ]
    return Alignment(source, target, tuple(beads))
