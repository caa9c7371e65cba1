"""A bilingual word list as alignment evidence, hunalign-style: a source sentence and a target
sentence that hold a dictionary pair ("Gipfel" ↔ "sommet") are likelier translations.

Users bring the dictionary (a two-column TSV glossary of their own, or a FreeDict dictionary
in dictd format as Debian's `dict-freedict-*` packages install it); nothing is shipped or
downloaded. Words are compared by a short prefix of their folded, lower-cased form, a crude
stemmer that lets "Gipfeln" find the entry "Gipfel" and "sommets" the translation "sommet".
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from toolkit.align.features import SegmentFeatures
from toolkit.align.model import KnownPairs
from toolkit.errors import SrcalignError
from toolkit.textfile import MAX_INPUT_ENV, max_input_bytes, read_input_bytes
from toolkit.normalize import fold_diacritics

#: Characters of the folded word that make its key (chosen on en-de development cases,
#: bench/tune_dictionary.py).
DEFAULT_STEM = 6

#: ISO 639-1 codes (what srcalign takes) → ISO 639-3 (what FreeDict file names use).
_ISO3 = {"de": "deu", "vi": "vie", "en": "eng", "fr": "fra", "it": "ita", "nl": "nld", "es": "spa", "pt": "por"}
_B64 = {ch: k for k, ch in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_HEADWORD_END = re.compile(r"\s+[/<\[]")
_SENSE_NUMBER = re.compile(r"\s*\d+\.\s*$")  # "carpaccio 2.": the next sense starts
_NUMBERED_SENSE = re.compile(r"^\s*\d+\.\s+(\S.*)$")  # "2. charogne, salaud": a sense's translations
_BRACKETED = re.compile(r"<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}")
_FREEDICT_NAME = re.compile(r"(?<![a-z])([a-z]{3})-([a-z]{3})(?![a-z])")


@dataclass(frozen=True)
class Dictionary:
    """Source-word keys → the keys of their translations."""

    entries: dict[str, frozenset[str]]
    stem: int = DEFAULT_STEM
    translations: frozenset[str] = frozenset()  # every target key (the words it knows on that side)

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def key(self, word: str) -> str:
        return fold_diacritics(word).lower()[: self.stem]


def build_dictionary(pairs: Iterable[tuple[str, str]], stem: int = DEFAULT_STEM) -> Dictionary:
    """A dictionary from (source word, target word) pairs; multi-word and short entries are
    dropped, because the aligner compares single words of three letters or more."""
    probe = Dictionary({}, stem)
    table: dict[str, set[str]] = {}
    for src, tgt in pairs:
        src, tgt = src.strip(), tgt.strip()
        if len(src) < 3 or len(tgt) < 3 or " " in src or " " in tgt:
            continue
        table.setdefault(probe.key(src), set()).add(probe.key(tgt))
    return Dictionary({k: frozenset(v) for k, v in table.items()}, stem, frozenset().union(*table.values()))


def load_dictionaries(paths: Sequence[str | Path], src_lang: str, tgt_lang: str, stem: int = DEFAULT_STEM) -> Dictionary:
    """Read and combine dictionaries: `.tsv` glossaries (source word, TAB, target word) and
    FreeDict dictd files (`.index` beside `.dict` or `.dict.dz`; a FreeDict file whose name says
    the other direction, e.g. `freedict-fra-deu` for a de→fr alignment, is read backwards)."""
    pairs: list[tuple[str, str]] = []
    for path in paths:
        pairs.extend(_read_pairs(Path(path), src_lang, tgt_lang))
    dictionary = build_dictionary(pairs, stem)
    if not dictionary.entries:
        names = ", ".join(str(p) for p in paths)
        raise SrcalignError(f"{names}: no usable word pairs (expected 'source word<TAB>target word' lines or a dictd dictionary)")
    return dictionary


def document_pairs(dictionary: Dictionary, source: Sequence[SegmentFeatures], target: Sequence[SegmentFeatures]) -> KnownPairs:
    """The dictionary restricted to these two texts: the pairs whose both words occur (word →
    pair ids, for the bead cost to intersect) and the words it knows on each side."""
    target_words: dict[str, set[str]] = {}
    for f in target:
        for word in f.words:
            target_words.setdefault(dictionary.key(word), set()).add(word)
    ids: dict[tuple[str, str], int] = {}
    src_table: dict[str, set[int]] = {}
    tgt_table: dict[str, set[int]] = {}
    seen: set[str] = set()
    for f in source:
        for word in f.words:
            if word in seen:
                continue
            seen.add(word)
            key = dictionary.key(word)
            for translation in dictionary.entries.get(key, ()):
                forms = target_words.get(translation)
                if not forms:
                    continue
                k = ids.setdefault((key, translation), len(ids))
                src_table.setdefault(word, set()).add(k)
                for form in forms:
                    tgt_table.setdefault(form, set()).add(k)
    source_words = frozenset().union(*(f.words for f in source))
    target_words_all = frozenset().union(*(f.words for f in target))
    return KnownPairs(
        {w: frozenset(v) for w, v in src_table.items()},
        {w: frozenset(v) for w, v in tgt_table.items()},
        frozenset(w for w in source_words if dictionary.key(w) in dictionary.entries),
        frozenset(w for w in target_words_all if dictionary.key(w) in dictionary.translations),
    )


def _read_pairs(path: Path, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    index, data = _dictd_files(path)
    if index is not None and data is not None:
        reverse = _freedict_reversed(index.name, src_lang, tgt_lang)
        return [(t, s) if reverse else (s, t) for s, t in _dictd_pairs(index, data)]
    if path.name.endswith((".index", ".dict", ".dict.dz")):
        raise SrcalignError(f"{path}: a dictd dictionary needs its .index and its .dict (or .dict.dz) side by side")
    if not path.is_file():
        raise SrcalignError(f"{path}: no such dictionary file")
    try:
        text = read_input_bytes(path).decode("utf-8-sig")  # the one capped input reader
    except UnicodeDecodeError:
        raise SrcalignError(f"{path}: a dictionary must be UTF-8 text (TSV) or a dictd dictionary") from None
    except OSError as exc:
        raise SrcalignError(f"{path}: cannot read the dictionary ({exc.strerror or exc})") from None
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) >= 2:
            pairs.append((cells[0], cells[1]))
    return pairs


def _dictd_files(path: Path) -> tuple[Path | None, Path | None]:
    """(index, data) of a dictd dictionary named by any of its files or their common stem."""
    name = path.name
    for suffix in (".index", ".dict.dz", ".dict"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    base = path.with_name(name)
    index = base.with_name(name + ".index")
    for data in (base.with_name(name + ".dict.dz"), base.with_name(name + ".dict")):
        if index.is_file() and data.is_file():
            return index, data
    return None, None


def _freedict_reversed(name: str, src_lang: str, tgt_lang: str) -> bool:
    """True when a FreeDict file (named "…-src-tgt") goes the other way; an error when its
    languages are not the alignment's at all (a German-English list for Vietnamese-German)."""
    found = _FREEDICT_NAME.search(name)
    if not found:
        return False
    pair = (found.group(1), found.group(2))
    wanted = (_ISO3.get(src_lang, src_lang), _ISO3.get(tgt_lang, tgt_lang))
    if set(pair) != set(wanted):
        raise SrcalignError(f"{name}: a {pair[0]}-{pair[1]} dictionary, but the alignment is {wanted[0]}-{wanted[1]}")
    return pair == wanted[::-1]


def _inflated(data: bytes) -> bytes:
    """A .dict.dz (gzip) body, inflated up to the input cap: a gzip bomb stops there."""
    limit = max_input_bytes()
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    raw = inflater.decompress(data, limit + 1)
    if len(raw) > limit:
        raise SrcalignError(f"the dictionary inflates to more than the input cap of {limit} bytes ({MAX_INPUT_ENV})")
    return raw


def _dictd_pairs(index: Path, data: Path) -> Iterator[tuple[str, str]]:
    """(headword, translation) from a dictd dictionary as FreeDict writes it: an entry's first
    line is the headword (with pronunciation and part of speech); its translations, comma-separated,
    are the second line, or with several senses every line "N. …"; other lines are definitions."""
    try:
        raw = _inflated(read_input_bytes(data)) if data.name.endswith(".dz") else read_input_bytes(data)
        lines = read_input_bytes(index).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError, EOFError, zlib.error) as exc:
        raise SrcalignError(f"{index}: not a readable dictd dictionary ({exc})") from None
    for line in lines:
        cells = line.split("\t")
        if len(cells) != 3 or cells[0].startswith("00database"):
            continue
        try:
            start, size = _base64_number(cells[1]), _base64_number(cells[2])
        except KeyError:
            raise SrcalignError(f"{index}: not a dictd index (bad offset {cells[1]!r})") from None
        entry = raw[start : start + size].decode("utf-8", errors="replace").split("\n")
        if len(entry) < 2:
            continue
        headword = _HEADWORD_END.split(entry[0], maxsplit=1)[0].strip()
        lines = [entry[1]] if not _NUMBERED_SENSE.match(entry[1]) else []
        lines += [m.group(1) for m in map(_NUMBERED_SENSE.match, entry[1:]) if m]
        for line in lines:
            for translation in _BRACKETED.sub("", _SENSE_NUMBER.sub("", line)).split(","):
                yield headword, translation.strip()


def _base64_number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64[ch]
    return value
