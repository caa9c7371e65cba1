"""segment_text under faults (issue 12): empty furniture lines, lone surrogates, credentials in URLs."""

from __future__ import annotations

import pytest

from toolkit.align import align_documents
from toolkit.errors import SrcalignError
from toolkit.segment import segment_text


def test_a_line_that_is_only_a_caption_bar_makes_no_block():
    """A lone " |" once became an empty caption block and crashed the aligner (math domain error)."""
    source = segment_text("Đoàn kiểm tra làm việc tại Hà Giang.\n|\nNgày 17/3 có họp.", "vi")
    assert [b.id for b in source.blocks] == ["b1", "b2"] and all(b.text.strip() for b in source.blocks)
    target = segment_text("Die Arbeitsgruppe tagte in Hà Giang.\nAm 17. März gab es ein Treffen.", "de")
    assert len(align_documents(source, target).beads) >= 2
    with pytest.raises(SrcalignError, match="nothing to align"):
        align_documents(segment_text("|", "vi"), target)


def test_a_lone_surrogate_is_refused_before_anything_hashes_it():
    with pytest.raises(SrcalignError, match=r"the text of a\.txt is not valid Unicode \(U\+DC80 at character 6"):
        segment_text("Hallo\udc80 Welt.", "de", path="a.txt")


def test_credentials_in_the_quelle_line_are_not_kept():
    document = segment_text("Titel\nText hier.\nQuelle: https://redakteur:geheim@baohagiang.vn/a-b.html", "de")
    assert document.meta["source_url"] == "https://baohagiang.vn/a-b.html"
    assert "geheim" not in document.to_json()
