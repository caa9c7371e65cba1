"""Names: Vietnamese person and place names, found in the source and looked up in the aligned German.

A person is a capitalised family name from the data list followed by one to three capitalised
syllables (or capitalised syllables after "đồng chí"), or an ALL-CAPS byline; a place follows a
cue word (tỉnh, huyện, cửa khẩu, …) or is in the gazetteer. Once found, a name is looked for
everywhere in the document. The German side is compared with diacritics folded, so "Le Minh
Hung" is found for "Lê Minh Hưng" and reported as having lost its diacritics.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from toolkit.check.units import AlignedUnit, finding_at
from toolkit.datafiles import read_data_lines
from toolkit.findings import SEVERITIES, Finding
from toolkit.normalize import fold_diacritics
from toolkit.termbase import Termbase, syllable_key

_TOKEN = regex.compile(r"[\p{L}\p{M}]+")
_MAX_GIVEN = 3
# German inflects names and exonyms in the genitive ("Hanois", "Ha Giangs", "Hưng'"): the ending is
# allowed after a name but not part of the rendering.
_GERMAN_NAME_ENDING = r"(?=(?:s|['’]s?)?(?![\w]))"


@dataclass(frozen=True)
class NameLexicon:
    """What the name finder knows, all from toolkit/data/names/."""

    family_names: frozenset[str]  # syllable keys
    place_cues: tuple[tuple[str, ...], ...]  # key sequences, longest first
    person_cues: tuple[tuple[str, ...], ...]
    places: tuple[tuple[str, ...], ...]  # gazetteer, key sequences, longest first
    exonyms: dict[str, tuple[str, ...]]  # folded key of the Vietnamese name → German names
    equivalents: dict[str, str]  # folded syllable → its canonical spelling (huynh → hoang)
    acronyms: frozenset[str]


@lru_cache(maxsize=1)
def load_name_lexicon() -> NameLexicon:
    """The built-in name lists (read once; the lexicon is immutable)."""

    def keys(line: str) -> tuple[str, ...]:
        return tuple(syllable_key(t) for t in _TOKEN.findall(unicodedata.normalize("NFC", line)))

    exonyms: dict[str, tuple[str, ...]] = {}
    for line in read_data_lines("names", "de_exonyms.tsv"):
        name, renderings = line.split("\t")
        exonyms[name_key(name, {})] = tuple(r.strip() for r in renderings.split("|") if r.strip())
    equivalents: dict[str, str] = {}
    for line in read_data_lines("names", "vi_name_equivalents.tsv"):
        spellings = [fold_diacritics(s).lower() for s in line.split("\t") if s.strip()]
        for spelling in spellings:
            equivalents[spelling] = spellings[0]
    return NameLexicon(
        family_names=frozenset(syllable_key(n.strip()) for n in read_data_lines("names", "vi_family_names.txt")),
        place_cues=tuple(sorted({keys(c) for c in read_data_lines("names", "vi_place_cues.txt")}, key=len, reverse=True)),
        person_cues=tuple(sorted({keys(c) for c in read_data_lines("names", "vi_person_cues.txt")}, key=len, reverse=True)),
        places=tuple(sorted({keys(p) for p in read_data_lines("names", "vi_places.txt")}, key=len, reverse=True)),
        exonyms=exonyms,
        equivalents=equivalents,
        acronyms=frozenset(a.strip() for a in read_data_lines("names", "vi_acronyms.txt")),
    )


@dataclass(frozen=True)
class NameMention:
    """A name in Vietnamese text: [start, end) into the text, and whether a person or a place."""

    text: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class NameRendering:
    """Where and how a source name appears in German: exact, folded (diacritics lost), exonym, given name only."""

    text: str
    start: int
    end: int
    how: str


@dataclass(frozen=True)
class NamePairing:
    """One source mention in one aligned unit and its German rendering (None when not found)."""

    mention: NameMention
    unit: AlignedUnit
    rendering: NameRendering | None


def name_key(name: str, equivalents: dict[str, str]) -> str:
    """Folded, lower-cased, with regional spellings merged: one key per person or place."""
    words = fold_diacritics(unicodedata.normalize("NFC", name)).lower().replace("-", " ").split()
    return " ".join(equivalents.get(w, w) for w in words)


@lru_cache(maxsize=64)
def _by_first_key(sequences: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Sequences grouped by their first syllable, in their original order (first match wins)."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for seq in sequences:
        if seq:
            grouped.setdefault(seq[0], []).append(seq)
    return {k: tuple(v) for k, v in grouped.items()}


def _name_finding(code: str, severity: str, group: list[NamePairing], message: str, suggestion: str) -> Finding:
    """One finding for a group of renderings of one name, located at its first occurrence."""
    return finding_at("name", code, severity, message, suggestion, [(p.unit, p.mention.text, p.rendering.text) for p in group])


def find_names(text: str, lexicon: NameLexicon, termbase: Termbase | None = None, *, byline: bool = False) -> list[NameMention]:
    """Person and place names in one Vietnamese text (NFC), in order."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    keys = [syllable_key(t[2]) for t in tokens]
    term_starts = {m.start for m in termbase.find_source(text)} if termbase is not None else set()
    taken = [False] * len(tokens)
    mentions: list[NameMention] = []

    def adjacent(k: int) -> bool:
        return text[tokens[k - 1][1] : tokens[k][0]] in (" ", "\u00a0")

    def capitalised(k: int) -> bool:
        word = tokens[k][2]
        return word[:1].isupper() and tokens[k][0] not in term_starts

    def add(first: int, last: int, kind: str) -> None:
        mentions.append(NameMention(text[tokens[first][0] : tokens[last][1]], tokens[first][0], tokens[last][1], kind))
        for k in range(first, last + 1):
            taken[k] = True

    places, place_cues, person_cues = (_by_first_key(lexicon.places), _by_first_key(lexicon.place_cues), _by_first_key(lexicon.person_cues))

    def sequence_at(k: int, by_first: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        for seq in by_first.get(keys[k], ()):
            if tuple(keys[k : k + len(seq)]) == seq and all(adjacent(k + j) for j in range(1, len(seq))):
                return len(seq)
        return 0

    # 1. Gazetteer places, with capitals as written ("Hà Giang", not "hà giang").
    for k in range(len(tokens)):
        if taken[k] or not tokens[k][2][:1].isupper():
            continue
        length = sequence_at(k, places)
        if length and all(tokens[k + j][2][:1].isupper() for j in range(length)):
            add(k, k + length - 1, "place")
    # 2. Places after a cue word; a family name right after the cue is a person (HĐND tỉnh Thào Hồng Sơn).
    for k in range(len(tokens)):
        cue = sequence_at(k, place_cues)
        first = k + cue
        if not cue or first >= len(tokens) or taken[first] or not adjacent(first) or not capitalised(first):
            continue
        if keys[first] in lexicon.family_names:
            continue
        last = first
        while last + 1 < len(tokens) and last - first + 1 < 3 and adjacent(last + 1) and capitalised(last + 1) and not taken[last + 1] and keys[last + 1] not in lexicon.family_names:
            last += 1
        add(first, last, "place")
    # 3. Persons: family name + given names, or any capitalised syllables after a person cue.
    k = 0
    while k < len(tokens):
        cue = sequence_at(k, person_cues) if not tokens[k][2].isupper() else 0
        first = k + cue
        if first < len(tokens) and not taken[first] and capitalised(first) and (cue == 0 or adjacent(first)):
            is_family = keys[first] in lexicon.family_names
            if is_family or cue:
                last = first
                while last + 1 < len(tokens) and last - first < _MAX_GIVEN and adjacent(last + 1) and capitalised(last + 1) and not taken[last + 1]:
                    last += 1
                if last > first and not tokens[first][2].isupper():
                    add(first, last, "person")
                    k = last + 1
                    continue
        k += 1
    # 4. An ALL-CAPS byline name ("Tin, ảnh: VĂN NGHỊ").
    if byline:
        run: list[int] = []
        for k in range(len(tokens) + 1):
            if k < len(tokens) and tokens[k][2].isupper() and tokens[k][2] not in lexicon.acronyms and not taken[k] and (not run or adjacent(k)):
                run.append(k)
                continue
            if 2 <= len(run) <= 4:
                add(run[0], run[-1], "person")
            run = [k] if k < len(tokens) and tokens[k][2].isupper() and tokens[k][2] not in lexicon.acronyms and not taken[k] else []
    return sorted(mentions, key=lambda m: m.start)


def document_names(units: Sequence[AlignedUnit], lexicon: NameLexicon, termbase: Termbase | None) -> dict[int, list[NameMention]]:
    """Names per unit; a name found anywhere in the document is also found where no cue marks it."""
    found = {u.index: find_names(u.source_text, lexicon, termbase, byline="byline" in u.source_kinds) for u in units}
    known: dict[tuple[str, ...], str] = {}
    for mentions in found.values():
        for mention in mentions:
            known.setdefault(tuple(syllable_key(t) for t in _TOKEN.findall(mention.text)), mention.kind)
    if not known:
        return found
    # Only the names already found are looked for again: no family names, no cues.
    extended = NameLexicon(
        family_names=frozenset(),
        place_cues=(),
        person_cues=(),
        places=tuple(sorted(known, key=len, reverse=True)),
        exonyms=lexicon.exonyms,
        equivalents=lexicon.equivalents,
        acronyms=lexicon.acronyms,
    )
    result: dict[int, list[NameMention]] = {}
    for unit in units:
        mentions = list(found[unit.index])
        for extra in find_names(unit.source_text, extended, None):
            if not any(m.start < extra.end and extra.start < m.end for m in mentions):
                kind = known.get(tuple(syllable_key(t) for t in _TOKEN.findall(extra.text)), "place")
                mentions.append(NameMention(extra.text, extra.start, extra.end, kind))
        result[unit.index] = sorted(mentions, key=lambda m: m.start)
    return result


def find_renderings(mention: NameMention, target: str, lexicon: NameLexicon) -> list[NameRendering]:
    """Where the name appears in German: exact or with diacritics folded, as an exonym, or (persons) by given name."""
    folded = _fold_same_length(target)
    words = name_key(mention.text, {}).split()
    renderings: list[NameRendering] = []
    pattern = _name_pattern(words, lexicon.equivalents)
    for match in pattern.finditer(folded):
        original = target[match.start() : match.end()]
        nfc_name = unicodedata.normalize("NFC", mention.text)
        how = "exact" if original.casefold() == nfc_name.casefold() else "folded"
        renderings.append(NameRendering(original, match.start(), match.end(), how))
    for exonym in lexicon.exonyms.get(name_key(mention.text, {}), ()):
        exo = regex.compile(r"(?<!\w)" + regex.escape(_fold_same_length(exonym)) + _GERMAN_NAME_ENDING)
        for match in exo.finditer(folded):
            if not any(r.start < match.end() and match.start() < r.end for r in renderings):
                renderings.append(NameRendering(target[match.start() : match.end()], match.start(), match.end(), "exonym"))
    if not renderings and mention.kind == "person" and len(words) >= 2:
        given = _name_pattern(words[-1:], {})
        for match in given.finditer(folded):
            if target[match.start() : match.start() + 1].isupper():
                renderings.append(NameRendering(target[match.start() : match.end()], match.start(), match.end(), "given_name"))
    return sorted(renderings, key=lambda r: r.start)


def name_pairings(units: Sequence[AlignedUnit], lexicon: NameLexicon, termbase: Termbase | None) -> list[NamePairing]:
    """Every source name mention with its German rendering in the same unit (first unused one)."""
    pairings: list[NamePairing] = []
    names = document_names(units, lexicon, termbase)
    for unit in units:
        used: set[int] = set()
        for mention in names[unit.index]:
            options = [r for r in find_renderings(mention, unit.target_text, lexicon) if r.start not in used]
            rendering = options[0] if options else None
            if rendering is not None:
                used.add(rendering.start)
            pairings.append(NamePairing(mention, unit, rendering))
    return pairings


#: Severity order of the name reasons, worst first (diacritics take the house style's severity).
NAME_CODES: tuple[str, ...] = ("name_missing", "name_inconsistent", "diacritics_dropped")


def check_names(pairings: Sequence[NamePairing], lexicon: NameLexicon, *, diacritics_severity: str = "info") -> list[Finding]:
    """One finding per name with its reasons merged: diacritics dropped (house-style severity),
    written several ways (warning), missing in the aligned German (warning)."""
    findings: list[Finding] = []
    by_name: dict[str, list[NamePairing]] = {}
    for pairing in pairings:
        by_name.setdefault(name_key(pairing.mention.text, lexicon.equivalents), []).append(pairing)
    for group in by_name.values():
        source = unicodedata.normalize("NFC", group[0].mention.text)
        kind_word = _kind_word(group[0].mention)
        rendered = [p for p in group if p.rendering is not None]
        reasons: list[str] = []
        codes: dict[str, str] = {}
        places: list[NamePairing] = []
        dropped = [p for p in rendered if p.rendering.how == "folded" and lost_diacritics(p.mention.text, p.rendering.text)]
        if dropped:
            reasons.append(f"lost its diacritics in German: {_counted(Counter(p.rendering.text for p in dropped))}")
            codes["diacritics_dropped"] = diacritics_severity
            places.extend(dropped)
        full = [p for p in rendered if p.rendering.how != "given_name"]
        if len({p.rendering.text.casefold() for p in full}) >= 2:
            shown: Counter = Counter()
            for p in full:
                shown[next(q.rendering.text for q in full if q.rendering.text.casefold() == p.rendering.text.casefold())] += 1
            reasons.append(f"written {len(shown)} ways in German: {_counted(shown)}")
            codes["name_inconsistent"] = "warning"
            places.extend(full)
        missing = [p for p in group if p.rendering is None and _missing(p, pairings, lexicon)]
        if missing:
            where = ", ".join(dict.fromkeys("+".join(p.unit.target_ids) or "—" for p in missing))
            reasons.append(f"in the source but not in the aligned German ({len(missing)}×, at de {where})")
            codes["name_missing"] = "warning"
            places.extend(missing)
        if not codes:
            continue
        order = sorted(codes, key=lambda c: (-SEVERITIES.index(codes[c]), NAME_CODES.index(c)))
        places.sort(key=lambda p: (p.unit.index, p.mention.start))
        findings.append(
            finding_at(
                "name",
                order[0],
                codes[order[0]],
                f"{kind_word} \"{source}\" " + "; ".join(reasons),
                source,
                [(p.unit, p.mention.text, p.rendering.text if p.rendering else "", p.mention.start, p.rendering.start if p.rendering else None) for p in places],
                term=source,
                renderings=sorted({p.rendering.text for p in places if p.rendering}),
                codes=order,
                reasons=reasons,
            )
        )
    return findings


def _missing(pairing: NamePairing, pairings: Sequence[NamePairing], lexicon: NameLexicon) -> bool:
    """A mention with no German rendering that counts as missing (not a repeat, not a foreign name)."""
    key = name_key(pairing.mention.text, lexicon.equivalents)
    same_unit = [p for p in pairings if p.unit.index == pairing.unit.index and name_key(p.mention.text, lexicon.equivalents) == key]
    if any(p.rendering is not None for p in same_unit) or same_unit[0] is not pairing:
        return False  # mentioned twice, rendered once (German uses a pronoun): not missing
    # no Vietnamese letters ("Mexico"): a foreign name, German may use its own exonym
    return fold_diacritics(pairing.mention.text) != pairing.mention.text


def lost_diacritics(source: str, rendering: str) -> bool:
    """True when the German form lacks a diacritic the Vietnamese has ("Hưng" → "Hung", "Hưng" → "Hung")."""
    source = unicodedata.normalize("NFC", source)
    rendering = unicodedata.normalize("NFC", rendering)
    if len(source) != len(rendering):
        return _fold_same_length(rendering) == rendering.lower() and _fold_same_length(source) != source.lower()
    return any(_fold_same_length(s) != s.lower() and _fold_same_length(r) == r.lower() for s, r in zip(source, rendering))


def _kind_word(mention: NameMention) -> str:
    return "Place" if mention.kind == "place" else "Name"


def _counted(forms: Counter) -> str:
    return ", ".join(f"\"{text}\" ({count}×)" for text, count in forms.most_common())


def _name_pattern(words: list[str], equivalents: dict[str, str]) -> regex.Pattern[str]:
    parts = []
    for word in words:
        canonical = equivalents.get(word, word)
        options = sorted({word} | {w for w, c in equivalents.items() if c == canonical})
        parts.append("(?:" + "|".join(regex.escape(o) for o in options) + ")")
    return regex.compile(r"(?<![\w])" + r"[\s\u00a0\-]+".join(parts) + _GERMAN_NAME_ENDING)


def _fold_same_length(text: str) -> str:
    """Lower-cased, diacritics removed, one character for one character (offsets stay valid)."""
    out = []
    for ch in text:
        folded = fold_diacritics(ch)
        folded = folded if len(folded) == 1 else ch
        lower = folded.lower()
        out.append(lower if len(lower) == 1 else folded)
    return "".join(out)
