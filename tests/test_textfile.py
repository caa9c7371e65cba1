import unicodedata

import pytest

from toolkit.errors import SrcalignError
from toolkit.textfile import decode_bytes, read_text, write_atomic

VI = "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy."


def test_utf8_with_bom():
    got = decode_bytes(b"\xef\xbb\xbf" + "Grüße aus Hà Giang.".encode())
    assert got.text == "Grüße aus Hà Giang." and got.encoding == "utf-8-sig"


def to_cp1258(text: str) -> bytes:
    """cp1258 keeps base letters (ê, ư) precomposed and writes tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            tone = next(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
            marks.remove(tone)
            out += unicodedata.normalize("NFC", base + "".join(marks)).encode("cp1258") + tone.encode("cp1258")
    return out


def test_cp1258_vietnamese_and_cp1252_german_are_named():
    vi = decode_bytes(to_cp1258(VI))
    assert vi.encoding == "cp1258"
    assert unicodedata.normalize("NFC", vi.text) == VI
    assert any("cp1258" in n for n in vi.notes)
    de = decode_bytes("Die Arbeitsgruppe des Politbüros tagte in Hà Giang; Grüße.".replace("à", "a").encode("cp1252"))
    assert de.encoding == "cp1252" and "Politbüros" in de.text


def test_mojibake_is_repaired_and_reported():
    broken = VI.encode("utf-8").decode("cp1252", errors="ignore")
    got = decode_bytes(broken.encode("utf-8"))
    assert "Đoàn" in got.text or "oàn" in got.text
    assert any("mojibake" in n for n in got.notes)
    assert decode_bytes("Ä‘oàn kiểm tra".encode()).text.startswith("đoàn")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"%PDF-1.7\n", "binary"),
        (b"<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "srcalign fetch --html"),
    ],
)
def test_bad_input_is_one_clear_error(data, message):
    with pytest.raises(SrcalignError, match=message):
        decode_bytes(data, "x.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(SrcalignError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(SrcalignError, match="directory"):
        read_text(tmp_path)


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "out" / "a.txt"
    target.parent.mkdir()
    write_atomic(target, "eins")
    write_atomic(target, "zwei")
    assert target.read_text() == "zwei"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]
