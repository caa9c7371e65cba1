from pathlib import Path

import pytest

from tests.conftest import DATA
from toolkit.align import align_documents, align_texts
from toolkit.align.evaluate import parse_ladder, score_alignments
from toolkit.alignment import Alignment
from toolkit.errors import SrcalignError
from toolkit.segment import segment_file, segment_text

CASE = DATA / "align/ntrex_000_sent"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_ntrex_case_with_merges_and_portal_lines():
    beads = align_texts(read_lines(CASE / "src.txt"), read_lines(CASE / "tgt.txt"), "vi", "de")
    gold = parse_ladder((CASE / "gold.txt").read_text())
    test = [(b.source, b.target) for b in beads]
    assert score_alignments([gold], [test]).strict_f1 >= 0.9
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    # every line exactly once, in order
    assert [i for b in beads for i in b.source] == list(range(len(read_lines(CASE / "src.txt"))))
    assert [j for b in beads for j in b.target] == list(range(len(read_lines(CASE / "tgt.txt"))))


@pytest.fixture(scope="module")
def seed_alignment(seed_source, seed_article) -> Alignment:
    return align_documents(segment_file(seed_source, "vi"), segment_file(seed_article, "de"))


def test_seed_blocks_align_to_the_right_vietnamese_block(seed_alignment):
    blocks = {b.source: b.target for b in seed_alignment.beads_at("block")}
    for k in range(1, 23):
        assert blocks[(f"b{k + 1}",)] == (f"b{k}",)
    one_sided = [b.source + b.target for b in seed_alignment.beads_at("block") if b.one_sided]
    assert one_sided == [("b1",), ("b23",), ("b24",), ("b25",)]


def test_seed_sentence_beads_match_the_hand_checked_gold(seed_alignment):
    gold = []
    for line in (DATA / "align/seed_sentences.gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        s, t = line.split("\t")
        gold.append((tuple(s.split()) if s != "-" else (), tuple(t.split()) if t != "-" else ()))
    test = [(b.source, b.target) for b in seed_alignment.beads_at("sentence")]
    scores = score_alignments([gold], [test])
    assert scores.strict_f1 >= 0.9
    assert {("b9.s1", "b9.s2"): ("b8.s1",)}.items() <= dict(test).items()


def test_alignment_json_round_trip(seed_alignment):
    again = Alignment.from_json(seed_alignment.to_json())
    assert again == seed_alignment
    assert 0.5 < again.mean_score <= 1.0


def test_unrelated_texts_get_a_wrong_source_warning(seed_source):
    vi = segment_file(seed_source, "vi")
    de = segment_text(
        "Der FC Bayern München gewann am 12. Mai 2024 mit 3:1 gegen Borussia Dortmund.\n"
        "Harry Kane erzielte in der 45. Minute das 2:0, Thomas Müller legte vor 75.000 Zuschauern nach.\n"
        "Trainer Vincent Kompany sagte nach dem Spiel, die Mannschaft habe 90 Minuten lang gekämpft.\n"
        "Am Samstag, dem 18. Mai, spielt der Verein in Hoffenheim; Anstoß ist um 15.30 Uhr.\n"
        "Die Saison endet mit 72 Punkten, 16 Punkte hinter Leverkusen.\n",
        "de",
    )
    alignment = align_documents(vi, de)
    assert alignment.mean_score < 0.5
    assert any("not be translations" in w for w in alignment.meta["warnings"])


def test_the_real_pair_is_not_flagged(seed_alignment):
    assert "warnings" not in seed_alignment.meta
    assert seed_alignment.meta["relatedness"] > 0.9


def test_only_boilerplate_is_refused():
    vi = segment_text("Đoàn kiểm tra làm việc với Tỉnh ủy.\n", "vi")
    de = segment_text("[Anzeige_2]\nKommentar (0)\n", "de")
    with pytest.raises(SrcalignError, match="only portal lines"):
        align_documents(vi, de)
