"""Development cases for language pairs other than vi-de: NTREX dev documents 0-59 in English
(source) and German (target), perturbed with a seeded recipe like the vi-de benchmark's (merges
on either side, omissions, one-sided portal lines). The default model (used for, e.g., de-fr)
is tuned on these, so Text+Berg stays a test set.

`hard_cases` perturbs the same documents the way a freer (literary) translation departs from
its source, grouped into chapters of ~150 lines so that the document-internal lexicon runs:
2-2 crossings (two sentences split at another place), two-sentence omissions, merges of two
long sentences, and short dialogue lines (pairs written here) that length alone cannot place."""

from __future__ import annotations

import random

from align_data import SHARED, Case

JUNK_EN = ["Advertisement", "Share this article", "Read more:", "Photo: Reuters", "Comments (0)", "Related articles"]
JUNK_DE = ["Werbung", "Teilen", "Lesen Sie auch", "Foto: dpa", "Kommentare (0)", "[Anzeige_2]", "Mehr zum Thema:"]


def documents() -> list[tuple[list[str], list[str]]]:
    base = SHARED / "data/ntrex"
    en = (base / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    de = (base / "newstest2019-ref.deu.txt").read_text(encoding="utf-8").splitlines()
    ids = (base / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for e, d, i in zip(en, de, ids):
        docs.setdefault(i, ([], []))
        docs[i][0].append(e.strip())
        docs[i][1].append(d.strip())
    return list(docs.values())


def perturb(src: list[str], tgt: list[str], rng: random.Random, junk: bool = True, omit: float = 0.03) -> tuple[list[str], list[str], list]:
    """Seeded merges (2-1, 1-2, 3-1, 1-3), omissions (1-0, 0-1; each side's sentence with
    probability `omit`) and portal lines (0-1, 1-0; `junk` False: none, as in a book)."""
    out_s: list[str] = []
    out_t: list[str] = []
    gold = []
    i = 0
    n = len(src)
    while i < n:
        r = rng.random()
        if rng.random() < 0.05 and junk:
            out_t.append(rng.choice(JUNK_DE))
            gold.append(((), (len(out_t) - 1,)))
        if rng.random() < 0.02 and junk:
            out_s.append(rng.choice(JUNK_EN))
            gold.append(((len(out_s) - 1,), ()))
        if r < 0.07 and i + 1 < n:  # two source lines in one (2-1 after merge on the target side)
            out_s.extend([src[i], src[i + 1]])
            out_t.append(tgt[i] + " " + tgt[i + 1])
            gold.append(((len(out_s) - 2, len(out_s) - 1), (len(out_t) - 1,)))
            i += 2
        elif r < 0.14 and i + 1 < n:
            out_s.append(src[i] + " " + src[i + 1])
            out_t.extend([tgt[i], tgt[i + 1]])
            gold.append(((len(out_s) - 1,), (len(out_t) - 2, len(out_t) - 1)))
            i += 2
        elif r < 0.16 and i + 2 < n:
            out_s.extend(src[i : i + 3])
            out_t.append(" ".join(tgt[i : i + 3]))
            gold.append((tuple(range(len(out_s) - 3, len(out_s))), (len(out_t) - 1,)))
            i += 3
        elif r < 0.18 and i + 2 < n:
            out_s.append(" ".join(src[i : i + 3]))
            out_t.extend(tgt[i : i + 3])
            gold.append(((len(out_s) - 1,), tuple(range(len(out_t) - 3, len(out_t)))))
            i += 3
        elif r < 0.18 + omit:
            out_s.append(src[i])
            gold.append(((len(out_s) - 1,), ()))
            i += 1
        elif r < 0.18 + 2 * omit:
            out_t.append(tgt[i])
            gold.append(((), (len(out_t) - 1,)))
            i += 1
        else:
            out_s.append(src[i])
            out_t.append(tgt[i])
            gold.append(((len(out_s) - 1,), (len(out_t) - 1,)))
            i += 1
    return out_s, out_t, gold


def latin_cases(seed: int = 20261127) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for k, (src, tgt) in enumerate(documents()):
        s, t, gold = perturb(src, tgt, rng)
        cases.append(Case(f"en-de-{k:03d}", s, t, gold, "en", "de"))
    return cases


def latin_long_case(seed: int = 20261127) -> Case:
    """All development documents, perturbed as above, as one long document (like ntrex-dev/long):
    long texts are where a document-internal lexicon and a dictionary have most to do."""
    source: list[str] = []
    target: list[str] = []
    gold = []
    for case in latin_cases(seed):
        gold.extend((tuple(i + len(source) for i in s), tuple(j + len(target) for j in t)) for s, t in case.gold)
        source.extend(case.source)
        target.extend(case.target)
    return Case("en-de-long", source, target, gold, "en", "de")


#: Short dialogue lines and their German (written for these cases): where length says little.
DIALOGUE = [
    ("\"Yes,\" he said.", "„Ja\", sagte er."),
    ("\"No.\"", "„Nein.\""),
    ("\"Why not?\"", "„Warum nicht?\""),
    ("\"I don't know,\" she replied.", "„Ich weiß es nicht\", antwortete sie."),
    ("\"Come here!\"", "„Komm her!\""),
    ("\"Where are you going?\" asked the old man.", "„Wohin gehst du?\", fragte der alte Mann."),
    ("\"Perhaps tomorrow.\"", "„Vielleicht morgen.\""),
    ("He laughed.", "Er lachte."),
    ("\"That is impossible,\" said the guide.", "„Das ist unmöglich\", sagte der Führer."),
    ("\"Thank you.\"", "„Danke.\""),
    ("Nobody answered.", "Niemand antwortete."),
    ("\"We must go back before dark.\"", "„Wir müssen vor der Dunkelheit zurück.\""),
    ("\"Listen!\"", "„Hör zu!\""),
    ("She was silent for a long time.", "Sie schwieg lange."),
]


def _resplit(first: str, second: str, rng: random.Random) -> tuple[str, str] | None:
    """Two sentences joined and cut at another word boundary (a 2-2 crossing): the translator
    ended the first sentence earlier or later; None when there is no word boundary to move to."""
    joined = first + " " + second
    boundary = len(first)
    cuts = [k for k in range(len(joined)) if joined[k] == " " and abs(k - boundary) > 10 and 0.25 < k / len(joined) < 0.75]
    if not cuts:
        return None
    k = rng.choice(cuts)
    head, tail = joined[:k].rstrip(",;"), joined[k + 1 :]
    return head + ".", tail[:1].upper() + tail[1:]


def hard_perturb(src: list[str], tgt: list[str], rng: random.Random, dialogue: list[tuple[str, str]] = DIALOGUE) -> tuple[list[str], list[str], list]:
    """A freer translation: 2-2 crossings, two-sentence omissions, long merges, dialogue
    (`dialogue`: (source, target) line pairs)."""
    out_s: list[str] = []
    out_t: list[str] = []
    gold = []
    i = 0
    n = len(src)
    while i < n:
        r = rng.random()
        if rng.random() < 0.08:  # a short dialogue line, translated
            e, d = rng.choice(dialogue)
            out_s.append(e)
            out_t.append(d)
            gold.append(((len(out_s) - 1,), (len(out_t) - 1,)))
        split = _resplit(tgt[i], tgt[i + 1], rng) if r < 0.08 and i + 1 < n else None
        if split is not None:  # 2-2 crossing
            out_s.extend(src[i : i + 2])
            out_t.extend(split)
            gold.append(((len(out_s) - 2, len(out_s) - 1), (len(out_t) - 2, len(out_t) - 1)))
            i += 2
        elif r < 0.08:
            out_s.append(src[i])
            out_t.append(tgt[i])
            gold.append(((len(out_s) - 1,), (len(out_t) - 1,)))
            i += 1
        elif r < 0.16 and i + 1 < n:  # two sentences in one (long ones make long merges)
            out_s.extend([src[i], src[i + 1]])
            out_t.append(tgt[i] + " " + tgt[i + 1])
            gold.append(((len(out_s) - 2, len(out_s) - 1), (len(out_t) - 1,)))
            i += 2
        elif r < 0.24 and i + 1 < n:
            out_s.append(src[i] + " " + src[i + 1])
            out_t.extend([tgt[i], tgt[i + 1]])
            gold.append(((len(out_s) - 1,), (len(out_t) - 2, len(out_t) - 1)))
            i += 2
        elif r < 0.26 and i + 1 < n:  # two sentences left out of the translation
            out_s.extend(src[i : i + 2])
            gold.extend([((len(out_s) - 2,), ()), ((len(out_s) - 1,), ())])
            i += 2
        elif r < 0.28 and i + 1 < n:  # two sentences the translation added
            out_t.extend(tgt[i : i + 2])
            gold.extend([((), (len(out_t) - 2,)), ((), (len(out_t) - 1,))])
            i += 2
        elif r < 0.30:
            out_s.append(src[i])
            gold.append(((len(out_s) - 1,), ()))
            i += 1
        else:
            out_s.append(src[i])
            out_t.append(tgt[i])
            gold.append(((len(out_s) - 1,), (len(out_t) - 1,)))
            i += 1
    return out_s, out_t, gold


def hard_cases(seed: int = 20261130, chapter: int = 150) -> list[Case]:
    """The development documents perturbed by `hard_perturb`, joined into chapters of about
    `chapter` source lines."""
    rng = random.Random(seed)
    return _chapters((hard_perturb(src, tgt, rng) for src, tgt in documents()), "en-de-hard", "en", "de", chapter, join_short_rest=True)


def _chapters(pieces, name: str, src_lang: str, tgt_lang: str, chapter: int, join_short_rest: bool = False) -> list[Case]:
    """Perturbed documents (source, target, gold) joined into cases of about `chapter` source
    lines (`join_short_rest`: a rest under half a chapter joins the last case)."""
    cases: list[Case] = []
    source: list[str] = []
    target: list[str] = []
    gold: list = []
    for s, t, g in pieces:
        gold.extend((tuple(i + len(source) for i in a), tuple(j + len(target) for j in b)) for a, b in g)
        source.extend(s)
        target.extend(t)
        if len(source) >= chapter:
            cases.append(Case(f"{name}-{len(cases):02d}", source, target, gold, src_lang, tgt_lang))
            source, target, gold = [], [], []
    if join_short_rest and source and cases and len(source) < chapter // 2:
        last = cases.pop()
        gold = [*last.gold, *((tuple(i + len(last.source) for i in a), tuple(j + len(last.target) for j in b)) for a, b in gold)]
        source, target = last.source + source, last.target + target
    if source:
        cases.append(Case(f"{name}-{len(cases):02d}", source, target, gold, src_lang, tgt_lang))
    return cases


def _condensed(text: str, rng: random.Random) -> str:
    """The sentence cut to a prefix of 50-85% of its words (at least four), closed with a full
    stop: a translator who says less than the source, so lengths stop matching closely."""
    words = text.split()
    keep = max(4, round(len(words) * rng.uniform(0.5, 0.85)))
    if keep >= len(words):
        return text
    return " ".join(words[:keep]).rstrip(",;:–-\"„“”'") + "."


def _freer(src: list[str], tgt: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """Copies of a document's two sides with half the sentence pairs made freer in length: one
    side (either) condensed by `_condensed`."""
    src, tgt = list(src), list(tgt)
    for k in range(len(src)):
        if rng.random() < 0.5:
            if rng.random() < 0.5:
                src[k] = _condensed(src[k], rng)
            else:
                tgt[k] = _condensed(tgt[k], rng)
    return src, tgt


def book_cases(seed: int = 20261202, chapter: int = 150) -> list[Case]:
    """German source, English target, chapters of about `chapter` lines, as a book translation
    departs from its source: lengths freer (`_freer`), no portal lines, mostly 1-1 with merges
    (2-1, 1-2, 3-1, 1-3; `perturb`'s recipe) and few omissions (1% of the sentences on either
    side, not news portals' 3%), none of `hard_perturb`'s crossings. Where the chapters of
    `free_cases` (crossings, two-sentence omissions) ask whether to merge, these ask whether a
    freely translated sentence is still a translation or is left one-sided."""
    rng = random.Random(seed)

    def pieces():
        for en, de in documents():
            src, tgt = _freer(de, en, rng)
            yield perturb(src, tgt, rng, junk=False, omit=0.01)

    return _chapters(pieces(), "de-en-book", "de", "en", chapter)


def free_cases(seed: int = 20261201, chapter: int = 150) -> list[Case]:
    """German source, English target (the direction of German-French), chapters of about
    `chapter` lines perturbed as `hard_cases`, after half the sentence pairs were made freer
    in length: one side (either) condensed by `_condensed`. Length says less here than in
    news translations; meaning (embeddings), names and numbers still hold."""
    rng = random.Random(seed)
    dialogue = [(d, e) for e, d in DIALOGUE]

    def pieces():
        for en, de in documents():
            yield hard_perturb(*_freer(de, en, rng), rng, dialogue)

    return _chapters(pieces(), "de-en-free", "de", "en", chapter)


#: A small English-German word list written here, for timing `--dictionary` (bench/align.py --speed).
WORD_LIST = [
    ("the", "der"), ("the", "die"), ("the", "das"), ("and", "und"), ("government", "regierung"), ("year", "jahr"),
    ("years", "jahre"), ("said", "sagte"), ("people", "menschen"), ("city", "stadt"), ("police", "polizei"),
    ("first", "erste"), ("president", "präsident"), ("would", "würde"), ("water", "wasser"), ("house", "haus"),
    ("children", "kinder"), ("time", "zeit"), ("new", "neue"), ("new", "neuen"), ("world", "welt"),
]
