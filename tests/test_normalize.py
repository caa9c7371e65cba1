import unicodedata

from toolkit.normalize import fold_diacritics, fold_key, nfc_with_offsets
from toolkit.segment import segment_text


def test_fold_handles_d_with_stroke():
    assert fold_diacritics("Lê Minh Hưng, Đoàn kiểm tra, Hà Giang") == "Le Minh Hung, Doan kiem tra, Ha Giang"
    assert fold_key("  Ủy  ban ") == fold_key("Uỷ ban") == "uy ban"


def test_nfd_input_gives_nfc_text_and_offsets_into_the_original():
    nfc = "Bí thư Tỉnh ủy Hầu A Lềnh phát biểu. Đoàn kiểm tra làm việc."
    nfd = unicodedata.normalize("NFD", nfc)
    text, offsets = nfc_with_offsets(nfd)
    assert text == nfc and offsets is not None and offsets[-1] == len(nfd)
    doc = segment_text(nfd, "vi")
    sentences = doc.blocks[0].sentences
    assert [s.text for s in sentences] == ["Bí thư Tỉnh ủy Hầu A Lềnh phát biểu.", "Đoàn kiểm tra làm việc."]
    for s in sentences:
        assert unicodedata.normalize("NFC", nfd[s.span[0] : s.span[1]]) == s.text


def test_nfc_input_keeps_identity_offsets():
    assert nfc_with_offsets("Hà Giang") == ("Hà Giang", None)
