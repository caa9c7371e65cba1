"""Leftovers: untranslated Vietnamese and portal artefacts inside German body text."""

from __future__ import annotations

from tests.check.seed import pair_alignment
from toolkit.check import check_alignment
from toolkit.check.leftovers import is_vietnamese_word


def _leftovers(pairs, termbase):
    return [f for f in check_alignment(pair_alignment(pairs), termbase) if f.kind == "leftover"]


def test_untranslated_vietnamese_is_reported(termbase):
    (finding,) = _leftovers([("Đồng chí phát biểu tại buổi làm việc.", "Der Genosse sprach tại buổi làm việc.")], termbase)
    assert (finding.code, finding.severity, finding.target_text) == ("untranslated_vietnamese", "warning", "tại buổi làm việc")


def test_vietnamese_without_diacritics_is_reported(termbase):
    (finding,) = _leftovers([("Lãnh đạo của các cơ quan.", "Die Leitung cua cac co quan.")], termbase)
    assert finding.target_text == "cua cac co quan"


def test_names_with_their_diacritics_are_not_leftovers(termbase):
    assert _leftovers([("Đồng chí Lê Minh Hưng thăm Hà Giang.", "Genosse Lê Minh Hưng besuchte Hà Giang.")], termbase) == []
    assert _leftovers([("Một buổi làm việc.", "Ein Café und ein Attaché in München.")], termbase) == []


def test_portal_artefact_inside_body_text(termbase):
    (finding,) = _leftovers([("Đoàn kiểm tra làm việc.", "Die Inspektionsgruppe arbeitete. [Anzeige_2] Weiter im Text.")], termbase)
    assert (finding.code, finding.target_text) == ("portal_artefact", "[Anzeige_2]")


def test_portal_lines_of_their_own_are_not_body_text(termbase, seed_article):
    from tests.check.seed import seed_alignment

    assert [f for f in check_alignment(seed_alignment(), termbase) if f.kind == "leftover"] == []


def test_is_vietnamese_word():
    assert is_vietnamese_word("Lềnh") and is_vietnamese_word("đã") and is_vietnamese_word("Ngọc")
    assert not is_vietnamese_word("Müller") and not is_vietnamese_word("Café") and not is_vietnamese_word("Größe")
