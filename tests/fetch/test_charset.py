"""Charset order: byte-order mark, HTTP header, <meta>, detection; windows-1258 ends up NFC."""

from __future__ import annotations

import unicodedata

from toolkit.fetch.charset import decode_html, detect_codec, meta_charset
from tests.fetch.support import page_text, to_cp1258

VI = "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy"


def test_windows_1258_declared_in_meta_decodes_to_nfc():
    body = to_cp1258(page_text("cp1258_table.html"))
    assert b"\xcc" in body or b"\xec" in body or b"\xf2" in body  # combining tone marks, as the code page stores them
    decoded = decode_html(body, header_charset=None)
    assert (decoded.charset, decoded.charset_source) == ("windows-1258", "meta")
    assert "Bảo tồn làng văn hóa du lịch Lô Lô Chải" in decoded.text
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_header_wins_over_meta():
    body = f'<html><head><meta charset="windows-1258"></head><body><p>{VI}</p></body></html>'.encode("utf-8")
    decoded = decode_html(body, header_charset="utf-8")
    assert (decoded.charset, decoded.charset_source) == ("utf-8", "header")
    assert VI in decoded.text


def test_a_wrong_declaration_falls_through_to_the_next_clue():
    """A header claiming UTF-8 for windows-1258 bytes: the <meta> is trusted next, then detection."""
    with_meta = to_cp1258(f'<html><head><meta charset="windows-1258"></head><body><p>{VI}</p></body></html>')
    decoded = decode_html(with_meta, header_charset="utf-8")
    assert (decoded.charset, decoded.charset_source) == ("windows-1258", "meta")
    assert VI in decoded.text
    without_meta = to_cp1258(f"<html><body><p>{VI}</p></body></html>")
    decoded = decode_html(without_meta, header_charset="utf-8")
    assert (decoded.charset, decoded.charset_source) == ("windows-1258", "detected")
    assert VI in decoded.text


def test_detection_without_any_declaration():
    assert detect_codec(VI.encode("utf-8")) == "utf-8"
    assert detect_codec(to_cp1258(VI)) == "cp1258"
    assert detect_codec("Größe und Maß".encode("cp1252")) == "cp1252"
    decoded = decode_html(to_cp1258(f"<p>{VI}</p>"))
    assert decoded.text == f"<p>{VI}</p>" and decoded.charset_source == "detected"


def test_bom_labels_and_unknown_charsets():
    assert decode_html(b"\xef\xbb\xbf<p>\xc4\x90o\xc3\xa0n</p>", "windows-1252").text == "<p>Đoàn</p>"
    # WHATWG: latin-1 means windows-1252; an unknown label is ignored.
    assert decode_html(b"<p>\x93x\x94</p>", "iso-8859-1").text == "<p>\u201cx\u201d</p>"
    assert decode_html(b"<meta charset='x-unknown'><p>ok</p>").charset == "utf-8"
    assert meta_charset(b'<meta content="text/html; charset=UTF-8" http-equiv="Content-Type">') == "utf-8"
