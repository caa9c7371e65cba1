"""Decode an HTML page: byte-order mark, then the HTTP header, then <meta charset>, then detection.

Vietnamese sites still serve windows-1258 now and then. Python's cp1258 codec decodes it to base
letters plus combining tone marks ("e" + U+0302 + U+0323 for "ệ"), so the text is NFC-normalised
afterwards; otherwise "ệ" in the page would never equal "ệ" typed by a user.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import regex

from toolkit.textfile import utf16_codec

# <meta charset="…"> and <meta http-equiv="Content-Type" content="text/html; charset=…">.
_META_CHARSET = regex.compile(rb"""(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""")
_PRESCAN_BYTES = 4096
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Letters and tone marks only Vietnamese uses: a cp1258 reading that yields them is the right one.
_VIETNAMESE = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ][\u0300\u0301\u0303\u0309\u0323]?|[\u0300\u0301\u0303\u0309\u0323]")
# WHATWG: these labels mean windows-1252 in a browser, so they do here.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-cp1258": "cp1258",
}
_DISPLAY_NAMES = {"utf-8": "utf-8", "cp1258": "windows-1258", "cp1252": "windows-1252", "utf-16-le": "utf-16le", "utf-16-be": "utf-16be"}


@dataclass(frozen=True)
class DecodedHtml:
    """The page as NFC text, the charset used (a WHATWG-style name) and where that came from."""

    text: str
    charset: str
    charset_source: str  # "bom", "header", "meta" or "detected"


def decode_html(body: bytes, header_charset: str | None = None) -> DecodedHtml:
    """Decode HTML bytes with the first charset that is declared, known and actually fits the bytes.

    A declared charset that decodes the bytes cleanly wins over detection; one that fails only on
    a stray byte or two (a damaged character) still wins over guessing, with U+FFFD there.
    """
    if body.startswith(codecs.BOM_UTF8):
        return _decoded(body[3:], "utf-8", "bom", errors="replace")
    utf16 = utf16_codec(body)
    if utf16 is not None:  # WHATWG: a UTF-16 byte-order mark decides; so do UTF-16's telltale zero bytes
        return _decoded(body, utf16, "bom" if utf16 == "utf-16" else "detected", errors="replace")
    candidates = [(header_charset, "header"), (meta_charset(body), "meta")]
    declared: list[tuple[str, str]] = []
    for label, source in candidates:
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return _decoded(body, codec, source)
        except UnicodeDecodeError:
            declared.append((codec, source))  # the declaration is wrong for these bytes; trust the next clue
    detected = detect_codec(body)
    for codec, source in declared:
        if codec != detected and _nearly_fits(body, codec):
            return _decoded(body, codec, source, errors="replace")
    return _decoded(body, detected, "detected", errors="replace")


def _nearly_fits(body: bytes, codec: str) -> bool:
    """At most one undecodable byte sequence per 10,000 bytes (and at most 8): damage, not a wrong charset."""
    bad = body.decode(codec, errors="replace").count("\ufffd")
    return bad <= min(8, max(1, len(body) // 10000))


def meta_charset(body: bytes) -> str | None:
    """The charset a <meta> element declares near the start of the page, if any."""
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def detect_codec(body: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8; else windows-1258 when it yields Vietnamese; else windows-1252."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _VIETNAMESE.search(body.decode("cp1258", errors="replace")):
        return "cp1258"
    return "cp1252"


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None for labels Python does not know."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # WHATWG: a <meta> or header claiming UTF-16 on an ASCII-readable page means UTF-8
    return name


def _decoded(body: bytes, codec: str, source: str, errors: str = "strict") -> DecodedHtml:
    # control characters (NUL above all) are not text, and the HTML parser refuses them
    text = _CONTROL.sub("", body.decode(codec, errors=errors)).lstrip("\ufeff")
    return DecodedHtml(
        text=unicodedata.normalize("NFC", text),
        charset=_DISPLAY_NAMES.get(codec, codec),
        charset_source=source,
    )
