"""The vi-de termbase: preferred, accepted and wrong German renderings of Party and state terms.

A built-in TSV ships with the tool (toolkit/data/termbase/vi-de.tsv); users add TSV/CSV files
and TBX-Basic files. Matching is spelling-tolerant on the Vietnamese side (NFC/NFD, Ủy/Uỷ tone
placement, case) and inflection-tolerant on the German side (Organisationskomitee/-komitees/
-komiteen, Zentrale/Zentralen/Zentrales), so the aligner and the checks can call it per segment.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple, Sequence

import regex

from toolkit.errors import SrcalignError
from toolkit.textfile import decode_bytes, read_input_bytes, read_text

CATEGORIES: tuple[str, ...] = ("institution", "title", "document", "term", "person", "place", "expression")
STATUSES: tuple[str, ...] = ("preferred", "variant", "wrong")
COLUMNS: tuple[str, ...] = ("source", "source_variants", "preferred", "variants", "wrong", "category", "note")
BUILTIN_NAME = "vi-de.tsv"
#: The columns of `srcalign terms --format tsv`: such a file reads back as a term list (see parse_term_list).
TERM_LIST_COLUMNS: tuple[str, ...] = ("source", "kind", "count", "renderings", "unrendered", "preferred", "where")
#: The TBX `srcalign terms --format tbx` writes says so in its sourceDesc; its entries are a term list too.
TERM_LIST_MARK = "listed by srcalign terms"
#: Status of a German rendering seen in a translation but not chosen by anyone: it changes no finding.
OBSERVED = "observed"

# Vietnamese tone marks (combining): where a writer puts them (Ủy/Uỷ, hòa/hoà) varies by
# orthographic school, so a syllable is compared as (letters with vowel marks, tone).
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_SOURCE_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_GAP_NOISE = regex.compile(r"[\s\u00a0]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-"})

# German inflection: noun endings (Komitee-s, Komitee-n, Kommission-en, Ausschuss-es, and
# Vorsitzende-r/-m/-n for nominalised adjectives) and adjective endings (zentral-e/-en/-er/-es/-em).
_NOUN_ENDINGS = r"(?:s|es|n|en|e|er|ern|ns|r|m)?"
_ADJECTIVE_ENDINGS = r"(?:e|en|er|es|em)?"
_ADJECTIVE_STEM = regex.compile(r"(?:e|en|er|es|em)$")
_FIXED_WORDS = frozenset(
    "der des dem den die das ein eines einem einen einer eine und oder für von vom zur zum zu "
    "im in am an auf aus bei mit nach über unter".split()
)


@dataclass(frozen=True)
class TermEntry:
    """One concept: its Vietnamese forms and its German renderings, by status.

    `origin` says where the entry came from ("vi-de.tsv:12", "mine.tbx:conceptEntry c3").
    A German rendering starting with "*" also matches as the head of a compound.
    """

    source: str
    source_variants: tuple[str, ...] = ()
    preferred: str = ""
    variants: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    category: str = "term"
    note: str = ""
    origin: str = ""
    observed: tuple[str, ...] = ()  # renderings seen in a translation, status "observed": no effect on checks
    overlay: bool = False  # from a term list: merged onto the entry with the same source, not replacing it

    @property
    def active(self) -> bool:
        """An entry without a preferred rendering (only observed ones) is kept but matches nothing."""
        return bool(self.preferred)

    @property
    def source_forms(self) -> tuple[str, ...]:
        return (self.source, *self.source_variants)

    @property
    def renderings(self) -> tuple[tuple[str, str], ...]:
        """(rendering, status) pairs, preferred first, with any "*" compound marker stripped."""
        pairs = [(self.preferred, "preferred")] + [(v, "variant") for v in self.variants] + [(w, "wrong") for w in self.wrong]
        return tuple((display_rendering(r), s) for r, s in pairs if r)

    @property
    def preferred_display(self) -> str:
        return display_rendering(self.preferred)


class SourceMatch(NamedTuple):
    """A termbase entry found in Vietnamese text: [start, end) offsets into the text as given."""

    entry: TermEntry
    start: int
    end: int


class TargetMatch(NamedTuple):
    """A German rendering of an entry found in text, with the exact matched string and its status."""

    entry: TermEntry
    start: int
    end: int
    matched_text: str
    status: str


@dataclass(frozen=True)
class _Pattern:
    rendering: str
    compiled: regex.Pattern[str]
    owners: tuple[tuple[int, str], ...]  # (entry index, status)
    stem: str  # lower-cased fixed start of the first word: skip the regex when it is absent


@dataclass(frozen=True)
class Termbase:
    """An immutable set of entries with precompiled matchers for both languages."""

    entries: tuple[TermEntry, ...]
    _source_index: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...], int], ...]] = field(
        init=False, repr=False, compare=False
    )
    _target_patterns: tuple[_Pattern, ...] = field(init=False, repr=False, compare=False)
    _stem_groups: tuple[tuple[str, tuple[int, ...]], ...] = field(init=False, repr=False, compare=False)  # stem → patterns
    # Matches already computed, per text: the aligner, the checks and a batch's rendering count
    # look the same segments up again and again (some 110 lookups of 30 texts an article).
    _source_memo: dict[str, list[SourceMatch]] = field(init=False, repr=False, compare=False)
    _target_memo: dict[str, list[TargetMatch]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], int]]] = {}
        for number, entry in enumerate(self.entries):
            if not entry.active:
                continue
            seen: set[tuple[str, ...]] = set()
            for form in entry.source_forms:
                keys, gaps = _source_form_keys(form)
                if keys and keys not in seen:
                    seen.add(keys)
                    index.setdefault(keys[0], []).append((keys, gaps, number))
        frozen_index = {k: tuple(sorted(v, key=lambda item: -len(item[0]))) for k, v in index.items()}
        owners: dict[str, list[tuple[int, str]]] = {}
        for number, entry in enumerate(self.entries):
            if not entry.active:
                continue
            raw = [(entry.preferred, "preferred")] + [(v, "variant") for v in entry.variants] + [(w, "wrong") for w in entry.wrong]
            for rendering, status in raw:
                if rendering:
                    owners.setdefault(rendering, []).append((number, status))
        patterns = tuple(
            _Pattern(display_rendering(r), regex.compile(german_pattern(r), regex.IGNORECASE), tuple(o), _first_stem(r))
            for r, o in owners.items()
        )
        object.__setattr__(self, "_source_index", frozen_index)
        object.__setattr__(self, "_target_patterns", patterns)
        groups: dict[str, list[int]] = {}
        for k, pattern in enumerate(patterns):
            groups.setdefault(pattern.stem, []).append(k)
        object.__setattr__(self, "_stem_groups", tuple((stem, tuple(ks)) for stem, ks in groups.items()))
        object.__setattr__(self, "_source_memo", {})
        object.__setattr__(self, "_target_memo", {})

    def __len__(self) -> int:
        return len(self.entries)

    def find_source(self, text: str) -> list[SourceMatch]:
        """Entries whose Vietnamese form occurs in `text`; longest first, contained matches dropped.

        Offsets are into `text` as given (NFD input included). Partly overlapping matches are both
        kept ("Trưởng Ban" and "Ban Tổ chức Trung ương" share "Ban").
        """
        return _remembered(self._source_memo, text, self._find_source)

    def _find_source(self, text: str) -> list[SourceMatch]:
        nfc = unicodedata.normalize("NFC", text)
        offsets = _nfc_offsets(text, nfc)
        tokens = [(m.start(), m.end(), syllable_key(m.group())) for m in _SOURCE_TOKEN.finditer(nfc)]
        candidates: list[tuple[int, int, int]] = []
        for i, (_, _, key) in enumerate(tokens):
            for keys, gaps, number in self._source_index.get(key, ()):
                j = i + len(keys)
                if j > len(tokens):
                    continue
                if any(tokens[i + k][2] != keys[k] for k in range(1, len(keys))):
                    continue
                if any(_gap(nfc[tokens[i + k][1] : tokens[i + k + 1][0]]) != gaps[k] for k in range(len(keys) - 1)):
                    continue
                candidates.append((tokens[i][0], tokens[j - 1][1], number))
        kept = _drop_contained(candidates)
        return [SourceMatch(self.entries[n], offsets[s], offsets[e]) for s, e, n in kept]

    def find_target(self, text: str) -> list[TargetMatch]:
        """German renderings of any entry in `text`, each with its status for that entry.

        The same span can belong to several entries ("Zentralkomitee" renders Trung ương and Ban
        Chấp hành Trung ương); a match inside a longer match is dropped; for one entry and one
        span the best status wins ("Politik" is preferred even if "*politik" is a variant).
        """
        return _remembered(self._target_memo, text, self._find_target)

    def _find_target(self, text: str) -> list[TargetMatch]:
        lowered = text.lower()
        found: dict[tuple[int, int, int], str] = {}
        present = sorted(k for stem, ks in self._stem_groups if stem in lowered for k in ks)  # one test a stem
        for k in present:  # in the termbase's order
            pattern = self._target_patterns[k]
            for match in pattern.compiled.finditer(text, overlapped=True):
                for number, status in pattern.owners:
                    key = (match.start(), match.end(), number)
                    if key not in found or STATUSES.index(status) < STATUSES.index(found[key]):
                        found[key] = status
        kept = _drop_contained([(s, e, n) for s, e, n in found])
        return [TargetMatch(self.entries[n], s, e, text[s:e], found[(s, e, n)]) for s, e, n in kept]

    def canonical_rendering(self, entry: TermEntry, matched_text: str) -> str:
        """Which of the entry's renderings a matched German string is a form of ("" if none)."""
        for rendering, _status in _raw_renderings(entry):
            if regex.fullmatch(german_pattern(rendering), matched_text, regex.IGNORECASE):
                return display_rendering(rendering)
        return ""

    def lookup(self, source: str) -> TermEntry | None:
        """The entry whose source form is `source` (spelling-tolerant), if any."""
        keys, _ = _source_form_keys(source)
        for entry in self.entries:
            if any(_source_form_keys(f)[0] == keys for f in entry.source_forms):
                return entry
        return None


_MEMO_LIMIT = 20000


def _remembered(memo: dict, text: str, compute) -> list:
    """A copy of the memoised result (callers may sort or extend it); the memo is bounded."""
    found = memo.get(text)
    if found is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[text] = compute(text)
    return list(found)


def load_termbase(extra_paths: Sequence[Path] = (), *, builtin: bool = True) -> Termbase:
    """The built-in termbase plus user TSV/CSV and TBX-Basic files, later files overriding earlier.

    An entry overrides another when their source terms match (spelling-tolerant). A broken line
    or element raises SrcalignError naming the file and the line or element.
    """
    entries: list[TermEntry] = []
    if builtin:
        text = resources.files("toolkit").joinpath("data", "termbase", BUILTIN_NAME).read_text(encoding="utf-8")
        entries.extend(parse_tsv(text, BUILTIN_NAME, delimiter="\t"))
    for path in extra_paths:
        entries.extend(read_termbase_file(Path(path)))
    return Termbase(tuple(_merge(entries)))


def read_termbase_file(path: Path) -> list[TermEntry]:
    """Entries of one user file: TBX by extension or by an XML start, else TSV (CSV for .csv)."""
    name = str(path)
    if not path.exists():
        raise SrcalignError(f"{name}: no such termbase file")
    if path.is_dir():
        raise SrcalignError(f"{name}: is a directory, not a termbase file")
    suffix = path.suffix.lower()
    data = read_input_bytes(path)  # the one capped input reader
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".tbx", ".xml") or head.startswith(b"<"):
        return parse_tbx(data, name)
    text = decode_bytes(data, name).text
    return parse_tsv(text, name, delimiter="," if suffix == ".csv" else "\t")


def parse_tsv(text: str, name: str, *, delimiter: str = "\t") -> list[TermEntry]:
    """Rows of source, source_variants, preferred, variants, wrong, category, note.

    Only source and preferred are required ("Bộ Chính trị<TAB><TAB>Politbüro", or a two-column
    "source<TAB>preferred" file). Lines starting with # are comments; a first row naming the
    columns is a header.
    """
    entries: list[TermEntry] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    header_seen = False
    header: list[str] | None = None
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SrcalignError(f"{name}: line {reader.line_num}: {exc}") from None
    first = next((r for r in rows if r and "".join(r).strip() and not r[0].lstrip().startswith("#")), [])
    if tuple(c.strip().lower() for c in first) == TERM_LIST_COLUMNS:
        return parse_term_list(rows, name)
    for line_no, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if not header_seen and cells[0].lower() == "source":
            header_seen = True
            header = [c.lower() for c in cells]
            unknown = [c for c in header if c not in COLUMNS]
            if unknown:
                raise SrcalignError(f"{name}: line {line_no}: unknown column {unknown[0]!r} in the header; the columns are {', '.join(COLUMNS)}")
            if "preferred" not in header or len(set(header)) != len(header):
                raise SrcalignError(f"{name}: line {line_no}: the header must name source and preferred, each column once")
            continue
        header_seen = True
        if header is not None and header != list(COLUMNS[: len(header)]):  # named columns in another order
            if len(cells) > len(header):
                raise SrcalignError(f"{name}: line {line_no}: {len(cells)} columns, the header names {len(header)}")
            named = dict(zip(header, cells))
            cells = [named.get(column, "") for column in COLUMNS]
        if len(cells) == 2:  # the simplest user file: source, preferred
            cells = [cells[0], "", cells[1]]
        if len(cells) < 3:
            raise SrcalignError(f"{name}: line {line_no}: expected at least source and preferred rendering, got {len(cells)} column(s)")
        if len(cells) > len(COLUMNS):
            raise SrcalignError(f"{name}: line {line_no}: {len(cells)} columns, at most {len(COLUMNS)} ({', '.join(COLUMNS)})")
        cells += [""] * (len(COLUMNS) - len(cells))
        source, source_variants, preferred, variants, wrong, category, note = cells
        if not source:
            raise SrcalignError(f"{name}: line {line_no}: empty source term")
        if not preferred:
            raise SrcalignError(f"{name}: line {line_no}: no preferred German rendering for {source!r}")
        category = category or "term"
        if category not in CATEGORIES:
            raise SrcalignError(f"{name}: line {line_no}: unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
        entries.append(
            TermEntry(
                source=unicodedata.normalize("NFC", source),
                source_variants=_split_list(source_variants, nfc=True),
                preferred=preferred,
                variants=_split_list(variants),
                wrong=_split_list(wrong),
                category=category,
                note=note,
                origin=f"{name}:{line_no}",
            )
        )
    if not entries:
        raise SrcalignError(f"{name}: holds no terms" + (" (only a header line)" if header is not None else ""))
    return entries


_RENDERING_CELL = regex.compile(r"^(?P<text>.+?) \((?P<count>\d+)(?:, (?P<status>[a-z]+))?\)$")


def parse_term_list(rows: Sequence[Sequence[str]], name: str) -> list[TermEntry]:
    """Rows of what `srcalign terms` writes (TERM_LIST_COLUMNS), read back as term-list entries.

    Each rendering "Text (count[, status])" keeps its termbase status (preferred, variant, wrong);
    one without a status is "observed" and changes no finding. A person chooses a rendering by
    writing ", preferred" after its count or by filling the `preferred` column. The entries are
    overlays: one with the source of an existing entry adds to it instead of replacing it.
    """
    entries: list[TermEntry] = []
    for line_no, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not cells or not "".join(cells) or cells[0].startswith("#") or tuple(c.lower() for c in cells) == TERM_LIST_COLUMNS:
            continue
        if len(cells) != len(TERM_LIST_COLUMNS):
            raise SrcalignError(f"{name}: line {line_no}: a term list has {len(TERM_LIST_COLUMNS)} columns ({', '.join(TERM_LIST_COLUMNS)}), got {len(cells)}")
        source, kind, _count, renderings, _unrendered, preferred, _where = cells
        if not source:
            raise SrcalignError(f"{name}: line {line_no}: empty source term")
        if kind not in CATEGORIES:
            raise SrcalignError(f"{name}: line {line_no}: unknown kind {kind!r}; use one of {', '.join(CATEGORIES)}")
        by_status: dict[str, list[str]] = {status: [] for status in (*STATUSES, OBSERVED)}
        for item in (r.strip() for r in renderings.split(" | ") if r.strip()):
            match = _RENDERING_CELL.match(item)
            if match is None:
                raise SrcalignError(f"{name}: line {line_no}: rendering {item!r} is not \"text (count)\" or \"text (count, status)\"")
            status = match.group("status") or OBSERVED
            if status not in by_status:
                raise SrcalignError(f"{name}: line {line_no}: unknown status {status!r} in {item!r}; use one of {', '.join(STATUSES)}")
            by_status[status].append(match.group("text").strip())
        chosen = preferred or next(iter(by_status["preferred"]), "")
        entries.append(
            TermEntry(
                source=unicodedata.normalize("NFC", source),
                preferred=chosen,
                variants=tuple(r for r in by_status["preferred"] + by_status["variant"] if r != chosen),
                wrong=tuple(by_status["wrong"]),
                category=kind,
                origin=f"{name}:{line_no}",
                observed=tuple(r for r in by_status[OBSERVED] if r != chosen),
                overlay=True,
            )
        )
    return entries


def choose_preferred(path: Path, source: str, rendering: str, kind: str = "term") -> None:
    """Record a person's choice of `rendering` as the preferred German for `source` in a project termbase.

    The row goes into the term-list file at `path` (created with the TERM_LIST_COLUMNS header),
    read back as an overlay: the chosen rendering becomes preferred, the former preferred one
    stays accepted, the entry's other renderings and note stay. Read, add, write whole (atomic).
    """
    from toolkit.textfile import make_folder, write_atomic

    if kind not in CATEGORIES:
        raise SrcalignError(f"unknown kind {kind!r}; use one of {', '.join(CATEGORIES)}")
    if not source.strip() or not rendering.strip() or any(c in source + rendering for c in "\t\n|"):
        raise SrcalignError("a source term and a German rendering are needed, without tabs, line breaks or '|'")
    lines = ["\t".join(TERM_LIST_COLUMNS)]
    if path.exists():
        existing = read_text(path).text.splitlines()
        first = next((line for line in existing if line.strip() and not line.startswith("#")), "")
        if first and tuple(c.strip().lower() for c in first.split("\t")) != TERM_LIST_COLUMNS:
            raise SrcalignError(f"{path}: not a term list (its header is not {' '.join(TERM_LIST_COLUMNS)}); add the choice by hand")
        lines = existing or lines
    row = [unicodedata.normalize("NFC", source.strip()), kind, "0", f"{rendering.strip()} (0, preferred)", "0", rendering.strip(), ""]
    make_folder(Path(path).parent)  # the project folder (sources/) the term list belongs to; the writer creates none
    write_atomic(path, "\n".join([*lines, "\t".join(row)]) + "\n")


@lru_cache(maxsize=65536)
def syllable_key(word: str) -> str:
    """Lower-cased syllable with its tone moved to the end: "Ủy" and "Uỷ" both give "uy3".

    Memoised: news text repeats a few thousand syllables, and this runs for every token.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = ""
    letters = []
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)) + tone


def german_pattern(rendering: str) -> str:
    """A regex for a German rendering and its inflected forms (see the module docstring).

    Irregular forms of one rendering are written with "/" ("Mechanismus/Mechanismen").
    """
    if "/" in rendering:
        return "(?:" + "|".join(german_pattern(form.strip()) for form in rendering.split("/") if form.strip()) + ")"
    compound = rendering.startswith("*")
    words = rendering.lstrip("*").split()
    parts: list[str] = []
    for position, word in enumerate(words):
        core = word.rstrip(",;:")
        trailer = regex.escape(word[len(core) :])
        is_last = position == len(words) - 1
        followed_by_noun = not is_last and words[position + 1][:1].isupper()
        if core.lower() in _FIXED_WORDS:
            piece = regex.escape(core)
        elif core[:1].islower() or (followed_by_noun and _ADJECTIVE_STEM.search(core) and len(words) > 1):
            # An adjective: "Zentrale" before a noun, or a lower-case word ("digitale", "ständiger").
            stem = _ADJECTIVE_STEM.sub("", core) if len(core) > 4 else core
            piece = regex.escape(stem) + _ADJECTIVE_ENDINGS
        elif core.endswith("-"):  # "Wissenschafts- und ...": a truncated compound keeps its hyphen
            piece = regex.escape(core)
        else:
            piece = regex.escape(core) + _NOUN_ENDINGS
        if position == 0 and compound:
            piece = r"\w*" + piece
        parts.append(piece + trailer)
    return r"(?<![\w-])" + r"[\s\u00a0]+".join(parts) + r"(?![\w])"


def display_rendering(rendering: str) -> str:
    """The rendering as shown to a user: without the "*" compound marker, first of its "/" forms."""
    return rendering.split("/", 1)[0].strip().lstrip("*")


def _raw_renderings(entry: TermEntry) -> list[tuple[str, str]]:
    pairs = [(entry.preferred, "preferred")] + [(v, "variant") for v in entry.variants] + [(w, "wrong") for w in entry.wrong]
    return [(r, s) for r, s in pairs if r]


def _first_stem(rendering: str) -> str:
    """The first word's first letters, lower-cased: every match contains them (a substring test)."""
    words = rendering.split("/", 1)[0].lstrip("*").split()
    stem = words[0].rstrip(",;:-")[:4].lower() if words else ""
    # Irregular forms may differ early ("Ausschuss/Ausschüsse"): keep only what they share.
    for form in rendering.split("/")[1:]:
        other = form.strip().lstrip("*").lower()
        while stem and not other.startswith(stem):
            stem = stem[:-1]
    return stem


def _source_form_keys(form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    nfc = unicodedata.normalize("NFC", form)
    tokens = list(_SOURCE_TOKEN.finditer(nfc))
    keys = tuple(syllable_key(t.group()) for t in tokens)
    gaps = tuple(_gap(nfc[a.end() : b.start()]) for a, b in zip(tokens, tokens[1:]))
    return keys, gaps


def _gap(text: str) -> str:
    """What separates two words, ignoring spaces: "" for a space, "-" for " - ", "," for ", "."""
    return _GAP_NOISE.sub("", text.translate(_DASHES))


def _nfc_offsets(original: str, nfc: str) -> list[int]:
    """Offset into `original` of every position of its NFC form (identity when already NFC)."""
    if original == nfc:
        return list(range(len(nfc) + 1))
    from toolkit.normalize import nfc_with_offsets

    _, offsets = nfc_with_offsets(original)
    return offsets if offsets is not None else list(range(len(nfc) + 1))


def _drop_contained(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Keep every candidate not strictly inside a longer one; sorted by position."""
    unique = sorted(set(candidates), key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    spans = sorted({(s, e) for s, e, _ in unique}, key=lambda span: span[0] - span[1])
    kept: list[tuple[int, int, int]] = []
    for start, end, number in unique:
        inside = any(s <= start and end <= e and (e - s) > (end - start) for s, e in spans)
        if not inside:
            kept.append((start, end, number))
    return kept


def _split_list(cell: str, *, nfc: bool = False) -> tuple[str, ...]:
    items = [item.strip() for item in cell.split("|") if item.strip()]
    if nfc:
        items = [unicodedata.normalize("NFC", item) for item in items]
    return tuple(items)


def _merge(entries: list[TermEntry]) -> list[TermEntry]:
    """Later entries replace earlier ones with the same source term (user files win); a term-list
    entry (overlay) is merged onto the earlier one instead (see `overlay_entry`)."""
    by_key: dict[tuple[str, ...], int] = {}
    merged: list[TermEntry | None] = []
    for entry in entries:
        key = _source_form_keys(entry.source)[0]
        if key in by_key and entry.overlay:
            merged[by_key[key]] = overlay_entry(merged[by_key[key]], entry)
            continue
        if key in by_key:
            merged[by_key[key]] = None
        by_key[key] = len(merged)
        merged.append(entry)
    return [e for e in merged if e is not None]


def overlay_entry(base: TermEntry, over: TermEntry) -> TermEntry:
    """`base` with a term list's statuses applied: a rendering marked preferred becomes preferred (the old
    preferred stays accepted), variant and wrong marks move a rendering; observed ones are only recorded."""
    preferred, variants, wrong = base.preferred, list(base.variants), list(base.wrong)

    def same(a: str, b: str) -> bool:
        return display_rendering(a).casefold() == display_rendering(b).casefold()

    def drop(items: list[str], text: str) -> list[str]:
        return [i for i in items if not same(i, text)]

    if over.preferred and not same(over.preferred, preferred):
        variants, wrong = drop(variants, over.preferred), drop(wrong, over.preferred)
        variants = ([preferred] if preferred else []) + variants
        preferred = over.preferred
    for text in over.variants:
        if not same(text, preferred) and not any(same(text, v) for v in variants):
            wrong = drop(wrong, text)
            variants.append(text)
    for text in over.wrong:
        if not same(text, preferred) and not any(same(text, w) for w in wrong):
            variants = drop(variants, text)
            wrong.append(text)
    known = [preferred, *variants, *wrong]
    observed = tuple(dict.fromkeys(o for o in (*base.observed, *over.observed) if not any(same(o, k) for k in known)))
    return replace(base, preferred=preferred, variants=tuple(variants), wrong=tuple(wrong), observed=observed)


# TBX-Basic: both the 2008 dialect (martif/termEntry/langSet/tig) and TBX 2019
# (tbx/conceptEntry/langSec/termSec, namespace urn:iso:std:iso:30042:ed-2) are read.
_ENTRY_TAGS = ("termEntry", "conceptEntry")
_LANG_TAGS = ("langSet", "langSec")
_TERM_TAGS = ("tig", "ntig", "termSec")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_BY_ADMIN = {
    "preferredTerm-admn-sts": "preferred",
    "preferredTerm": "preferred",
    "admittedTerm-admn-sts": "variant",
    "admittedTerm": "variant",
    "deprecatedTerm-admn-sts": "wrong",
    "deprecatedTerm": "wrong",
    "supersededTerm-admn-sts": "wrong",
    "supersededTerm": "wrong",
}


def parse_tbx(data: bytes, name: str) -> list[TermEntry]:
    """Entries of a TBX-Basic file: the vi terms are the source, the de terms the renderings.

    German administrativeStatus preferred/admitted/deprecated maps to preferred/variant/wrong;
    without a status the first German term is preferred. A subjectField naming one of
    CATEGORIES sets the category; a definition or note becomes the note.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise SrcalignError(f"{name}: not well-formed XML at line {line}: {exc.msg}") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise SrcalignError(f"{name}: not a TBX file (root element <{_local(root.tag)}>, expected <tbx> or <martif>)")
    # A term list written by `srcalign terms`: unmarked German terms were only observed, and its
    # entries are overlays on the termbase (see parse_term_list).
    term_list = any(
        TERM_LIST_MARK in "".join(e.itertext()) for e in root.iter() if isinstance(e.tag, str) and _local(e.tag) == "sourceDesc"
    )
    entries: list[TermEntry] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or _local(element.tag) not in _ENTRY_TAGS:
            continue
        where = f"<{_local(element.tag)} id={element.get('id')!r}> at line {element.sourceline}"
        source_terms: list[str] = []
        source_notes: list[str] = []
        german: list[tuple[str, str]] = []
        for lang_set in element:
            if not isinstance(lang_set.tag, str) or _local(lang_set.tag) not in _LANG_TAGS:
                continue
            lang = (lang_set.get(_XML_LANG) or "").lower()
            for term_holder in lang_set.iter():
                if not isinstance(term_holder.tag, str) or _local(term_holder.tag) not in _TERM_TAGS:
                    continue
                term_element = next((t for t in term_holder.iter() if isinstance(t.tag, str) and _local(t.tag) == "term"), None)
                term = "".join(term_element.itertext()).strip() if term_element is not None else ""
                if not term:
                    raise SrcalignError(f"{name}: {where}: a <{_local(term_holder.tag)}> at line {term_holder.sourceline} has no term")
                status = ""
                for note in term_holder.iter():
                    if isinstance(note.tag, str) and _local(note.tag) == "termNote" and note.get("type") in ("administrativeStatus", "normativeAuthorization"):
                        status = _STATUS_BY_ADMIN.get((note.text or "").strip(), "")
                if lang.startswith("vi"):
                    source_terms.append(unicodedata.normalize("NFC", term))
                    source_notes.extend("".join(n.itertext()).strip() for n in term_holder.iter() if isinstance(n.tag, str) and _local(n.tag) == "note")
                elif lang.startswith("de"):
                    german.append((term, status))
        if not source_terms:
            raise SrcalignError(f"{name}: {where}: no Vietnamese term (langSet/langSec xml:lang=\"vi\")")
        if not german:
            raise SrcalignError(f"{name}: {where}: no German term (langSet/langSec xml:lang=\"de\")")
        if term_list:
            preferred = next((t for t, s in german if s == "preferred"), "")
            kind = next((n for n in source_notes if n in CATEGORIES), "term")
            entries.append(
                TermEntry(
                    source=source_terms[0],
                    source_variants=tuple(source_terms[1:]),
                    preferred=preferred,
                    variants=tuple(t for t, s in german if t != preferred and s in ("variant", "preferred")),
                    wrong=tuple(t for t, s in german if s == "wrong"),
                    category=kind,
                    origin=f"{name}:{_local(element.tag)} {element.get('id') or element.sourceline}",
                    observed=tuple(t for t, s in german if s == "" and t != preferred),
                    overlay=True,
                )
            )
            continue
        preferred = next((t for t, s in german if s == "preferred"), "") or next((t for t, s in german if s in ("", "variant")), "")
        if not preferred:
            raise SrcalignError(f"{name}: {where}: every German term is deprecated; give one preferred term")
        variants = tuple(t for t, s in german if t != preferred and s in ("", "variant", "preferred"))
        wrong = tuple(t for t, s in german if s == "wrong")
        category, note = "term", ""
        for child in element.iter():
            if not isinstance(child.tag, str):
                continue
            kind = _local(child.tag)
            if kind == "descrip" and child.get("type") == "subjectField" and (child.text or "").strip() in CATEGORIES:
                category = (child.text or "").strip()
            elif (kind == "descrip" and child.get("type") == "definition") or kind == "note":
                note = note or "".join(child.itertext()).strip()
        entries.append(
            TermEntry(
                source=source_terms[0],
                source_variants=tuple(source_terms[1:]),
                preferred=preferred,
                variants=variants,
                wrong=wrong,
                category=category,
                note=note,
                origin=f"{name}:{_local(element.tag)} {element.get('id') or element.sourceline}",
            )
        )
    if not entries:
        raise SrcalignError(f"{name}: no termEntry/conceptEntry elements: nothing to load")
    return entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
