"""The seed pair as an Alignment with hand-written beads and findings, shared by the export tests.

Block level: vi b(k+1) ↔ de b(k) for k = 1..22; vi b1 (the title) is unaligned; de b23-b25 are
portal lines (ad, "Quelle:", comment counter). A few sentence beads and five findings are added
by hand: a name occurring three times, a term given by block ids, a number, a consistency finding
on the same source term, and one finding on segments the alignment does not hold.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from toolkit.alignment import Alignment, Bead
from toolkit.findings import Finding, Occurrence
from toolkit.segment import segment_file
from toolkit.sources import example_dir

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
CHROMIUM = Path("/usr/bin/chromium")
WEAK_BLOCK = 5  # de b5 (a caption) gets a weak block bead


def seed_beads() -> list[Bead]:
    beads = [Bead("block", ("b1",), (), 0.0)]
    beads += [Bead("block", (f"b{k + 1}",), (f"b{k}",), 0.35 if k == WEAK_BLOCK else 0.9) for k in range(1, 23)]
    beads += [Bead("block", (), (f"b{k}",), 1.0) for k in (23, 24, 25)]
    beads += [
        Bead("sentence", ("b1.s1",), (), 0.0),
        Bead("sentence", ("b2.s1",), ("b1.s1",), 0.95),
        Bead("sentence", ("b3.s1",), ("b2.s1",), 0.82),
        Bead("sentence", ("b3.s2",), ("b2.s2",), 0.78),
        Bead("sentence", ("b6.s1",), ("b5.s1",), 0.35),
        Bead("sentence", ("b9.s1", "b9.s2"), ("b8.s1",), 0.7),
        Bead("sentence", ("b17.s1",), ("b16.s1",), 0.88),
    ]
    return beads


def seed_findings() -> list[Finding]:
    return [
        Finding(
            kind="name",
            code="diacritics_dropped",
            severity="warning",
            source_text="Lê Minh Hưng",
            target_text="Le Minh Hung",
            source_ids=("b3.s1",),
            target_ids=("b2.s1",),
            message="The name lost its Vietnamese diacritics.",
            suggestion="Lê Minh Hưng",
            occurrences=(
                Occurrence(("b6.s1",), ("b5.s1",), "Lê Minh Hưng", "Le Minh Hung"),
                Occurrence(("b17.s1",), ("b16.s1",), "Lê Minh Hưng", "Le Minh Hung"),
            ),
        ),
        Finding(
            kind="term",
            code="termbase_mismatch",
            severity="error",
            source_text="Ban Tổ chức Trung ương",
            target_text="Zentralen Organisationskommission",
            source_ids=("b3",),
            target_ids=("b2",),
            message="The termbase renders this body differently.",
            suggestion="Zentrales Organisationskomitee",
        ),
        Finding(
            kind="number",
            code="percent_spacing",
            severity="info",
            source_text="8%",
            target_text="8 %",
            source_ids=("b9.s1",),
            target_ids=("b8.s1",),
            message="Percentages are written with a space in German; nothing to change.",
        ),
        Finding(
            kind="consistency",
            code="inconsistent_rendering",
            severity="warning",
            source_text="Ban Tổ chức Trung ương",
            target_text="Zentralen Organisationskomitees",
            source_ids=("b6.s1",),
            target_ids=("b5.s1",),
            message="The same body is rendered in two ways in this article.",
        ),
        Finding(
            kind="leftover",
            code="untranslated",
            severity="warning",
            source_text="",
            target_text="Tỉnh ủy",
            source_ids=("b40",),
            target_ids=("b41",),
            message="Vietnamese words left in the German text.",
        ),
    ]


def seed_alignment_from(source_path: Path, article_path: Path, beads: list[Bead] | None = None) -> Alignment:
    """Segment both texts and join them with the hand-written beads; the source keeps its provenance."""
    info = json.loads((example_dir() / "source.json").read_text(encoding="utf-8"))
    source = segment_file(source_path, "vi")
    source = replace(source, url=info["url"], meta={**source.meta, "provenance": info["provenance"], "note": info["note"]})
    target = segment_file(article_path, "de")
    return Alignment(source, target, tuple(beads if beads is not None else seed_beads()))


def covering(alignment: Alignment) -> Alignment:
    """The alignment with a one-sided bead for every content sentence no bead holds: a file must
    have every segment in one bead per level (toolkit.validate), the hand-written beads do not."""
    used = {(side, i) for b in alignment.beads_at("sentence") for side, ids in (("source", b.source), ("target", b.target)) for i in ids}
    extra = []
    for side, document in (("source", alignment.source), ("target", alignment.target)):
        for block in document.content_blocks:
            for sentence in block.sentences:
                if (side, sentence.id) not in used:
                    ids = ((sentence.id,), ()) if side == "source" else ((), (sentence.id,))
                    extra.append(Bead("sentence", *ids, 0.0))
    return replace(alignment, beads=alignment.beads + tuple(extra))


@pytest.fixture(scope="session")
def seed_alignment(seed_source: Path, seed_article: Path) -> Alignment:
    return seed_alignment_from(seed_source, seed_article)


@pytest.fixture(scope="session")
def findings() -> list[Finding]:
    return seed_findings()


def with_text(alignment: Alignment, side: str, sentence_id: str, text: str) -> Alignment:
    """The alignment with one sentence's text (and its block's text) replaced, e.g. by scraped junk."""
    document = alignment.source if side == "source" else alignment.target
    old = document.sentence(sentence_id)
    blocks = []
    for block in document.blocks:
        if block.id == sentence_id.split(".")[0]:
            sentences = tuple(replace(s, text=text) if s.id == sentence_id else s for s in block.sentences)
            block = replace(block, text=block.text.replace(old.text, text), sentences=sentences)
        blocks.append(block)
    document = replace(document, blocks=tuple(blocks))
    if side == "source":
        return replace(alignment, source=document)
    return replace(alignment, target=document)


@pytest.fixture(scope="session")
def dirty_alignment(seed_alignment: Alignment) -> Alignment:
    """Control characters as scraped pages carry them: BEL and NUL in vi b3.s1, VT in de b2.s2."""
    first = seed_alignment.source.sentence("b3.s1").text
    dirty = with_text(seed_alignment, "source", "b3.s1", first.replace("Sáng", "Sáng\x07", 1) + "\x00")
    second = seed_alignment.target.sentence("b2.s2").text
    return with_text(dirty, "target", "b2.s2", second.replace(" ", " \x0b", 1))


@pytest.fixture()
def alignment_file(tmp_path: Path, seed_alignment: Alignment, findings: list[Finding]) -> tuple[Path, Path]:
    """The seed alignment and its findings as files, as `srcalign align` and `srcalign check` write them."""
    from toolkit.findings import findings_to_json

    alignment_path = tmp_path / "alignment.json"
    alignment_path.write_text(covering(seed_alignment).to_json(), encoding="utf-8")
    findings_path = tmp_path / "findings.json"
    findings_path.write_text(findings_to_json(findings), encoding="utf-8")
    return alignment_path, findings_path


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian chromium is not installed at /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it)",
)


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Debian chromium with no network side channels and a fresh profile."""
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=120,
    )
