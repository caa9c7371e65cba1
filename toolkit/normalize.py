"""Unicode normalisation that keeps offsets, and diacritic folding for cross-language matching."""

from __future__ import annotations

import unicodedata

# đ/Đ (and a few other letters) have no Unicode decomposition, so NFD alone does not fold them.
_NO_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when normalising changed it, the original offset of every NFC character.

    `offsets[i]` is where NFC character i starts in `text`; `offsets[len(nfc)] == len(text)`.
    None means the text was already NFC and offsets are the identity.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    n = len(text)
    while start < n:
        end = start + 1
        # A cluster is a starter and the combining marks after it: NFC never crosses clusters.
        while end < n and unicodedata.combining(text[end]):
            end += 1
        piece = unicodedata.normalize("NFC", text[start:end])
        out.append(piece)
        offsets.extend([start] * len(piece))
        start = end
    offsets.append(n)
    return "".join(out), offsets


def fold_diacritics(text: str) -> str:
    """Strip diacritics so that "Lê Minh Hưng" and "Le Minh Hung" compare equal (case kept)."""
    return _fold(text)


class _FoldTable(dict):
    """Character → the character without its diacritics, filled on first sight (str.translate
    asks __missing__): folding is per character, so one C-level translate folds a whole text."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_NO_DECOMPOSITION))
        folded = self[code] = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return folded


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def fold_key(text: str) -> str:
    """Lower-cased, folded, whitespace-collapsed: a key for comparing names and terms."""
    return " ".join(fold_diacritics(unicodedata.normalize("NFC", text)).lower().split())
