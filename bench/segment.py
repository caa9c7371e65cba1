"""Segmentation benchmark: German golden cases, NTREX boundary recall/precision, speed.

Reads ../shared (beside the checkout). Prints one figure per line. Optional comparison with
pySBD, syntok and SoMaJo when they are installed (`--compare`); they are not dependencies.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from toolkit.segment.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_FINAL = ".!?…\"“”'’»)"


def ntrex_lines(lang: str) -> tuple[list[str], list[str]]:
    """(lines, doc ids) of the NTREX dev documents for 'de' or 'vi'."""
    name = {"de": "deu", "vi": "vie"}[lang]
    lines = (SHARED / "data/ntrex" / f"newstest2019-ref.{name}.txt").read_text(encoding="utf-8").splitlines()
    ids = (SHARED / "data/ntrex/DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    return lines, ids


def article_layout(lines: list[str], ids: list[str]) -> list[list[str]]:
    """Paragraphs as an article shows them: unpunctuated lines alone, the rest run on per document."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    previous_id = None
    for line, doc in zip(lines, ids):
        line = line.strip()
        if not line:
            continue
        if doc != previous_id and current:
            paragraphs.append(current)
            current = []
        previous_id = doc
        if line.rstrip(_FINAL) == line or line[-1] not in ".!?…" and line.rstrip("\"“”'’»)")[-1:] not in ".!?…":
            if current:
                paragraphs.append(current)
                current = []
            paragraphs.append([line])
        else:
            current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def boundary_scores(paragraphs: list[list[str]], splitter) -> tuple[float, float, list[str]]:
    """Recall and precision of sentence ends (gold: every line end inside a paragraph)."""
    tp = fp = fn = 0
    misses: list[str] = []
    for lines in paragraphs:
        text = " ".join(lines)
        gold = set()
        pos = 0
        for line in lines[:-1]:
            pos += len(line)
            gold.add(pos)
            pos += 1
        found = {_trim(text, end) for _, end in splitter(text)} - {len(text)}
        tp += len(gold & found)
        fp += len(found - gold)
        for end in sorted(gold - found):
            fn += 1
            misses.append(text[max(0, end - 60) : end] + " ‖ " + text[end : end + 40])
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    return recall, precision, misses


def _trim(text: str, end: int) -> int:
    """An end offset without the white space some segmenters include."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def golden(splitter_for_lines) -> tuple[int, int, list[str]]:
    cases = [json.loads(l) for l in (SHARED / "data/segmentation/de_golden.jsonl").read_text(encoding="utf-8").splitlines()]
    cases = [c for c in cases if c["mode"] == "plain"]
    ok = 0
    fails = []
    for case in cases:
        got = [s for line in case["text"].split("\n") if line.strip() for s in splitter_for_lines(line)]
        norm = lambda xs: ["".join(x.split()) for x in xs]
        if norm(got) == norm(case["sentences"]):
            ok += 1
        else:
            fails.append(f"{case['id']}: {got!r}")
    return ok, len(cases), fails


def ours(lang: str):
    return lambda text: split_sentences(text, lang)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", action="store_true", help="also run pySBD, syntok, SoMaJo")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    ok, total, fails = golden(lambda line: [line[s:e] for s, e in split_sentences(line, "de")])
    print(f"de golden (plain): {ok}/{total} exact = {ok / total:.1%}")
    for f in fails:
        print("  FAIL", f)
    all_paragraphs = {}
    for lang in ("de", "vi"):
        lines, ids = ntrex_lines(lang)
        paragraphs = article_layout(lines, ids)
        all_paragraphs[lang] = paragraphs
        recall, precision, misses = boundary_scores(paragraphs, ours(lang))
        print(f"ntrex {lang}: boundary recall {recall:.4f} precision {precision:.4f} ({len(misses)} missed)")
        if args.show_misses:
            for m in misses:
                print("  MISS", m)
    # speed: all NTREX dev text, both languages, repeated to get a stable figure
    texts = [(" ".join(p), lang) for lang, ps in all_paragraphs.items() for p in ps]
    rounds = 20
    start = time.perf_counter()
    count = 0
    for _ in range(rounds):
        for text, lang in texts:
            count += len(split_sentences(text, lang))
    elapsed = time.perf_counter() - start
    print(f"speed: {count / elapsed:,.0f} sentences/s ({count} sentences in {elapsed:.2f} s, single process)")
    if args.compare:
        compare(all_paragraphs)


def compare(all_paragraphs) -> None:
    """The other segmenters on the same sets (not dependencies of srcalign)."""
    tools = {}
    try:
        import pysbd

        seg = {l: pysbd.Segmenter(language=l, clean=False, char_span=True) for l in ("de",)}
        tools["pysbd"] = lambda text, lang: [(s.start, s.end) for s in seg[lang].segment(text)] if lang in seg else None
    except ImportError:
        pass
    try:
        from syntok import segmenter as syn

        def syntok_split(text, lang):
            spans = []
            for para in syn.analyze(text):
                for sent in para:
                    toks = list(sent)
                    spans.append((toks[0].offset, toks[-1].offset + len(toks[-1].value)))
            return spans

        tools["syntok"] = syntok_split
    except ImportError:
        pass
    try:
        from somajo import SoMaJo

        tok = SoMaJo("de_CMC", split_sentences=True, character_offsets=True)

        def somajo_split(text, lang):
            if lang != "de":
                return None
            spans = []
            for sent in tok.tokenize_text([text]):
                spans.append((sent[0].character_offset[0], sent[-1].character_offset[1]))
            return spans

        tools["somajo"] = somajo_split
    except ImportError:
        pass
    for name, fn in tools.items():
        ok, total, _ = golden(lambda line: [line[s:e] for s, e in (fn(line, "de") or [])])
        print(f"[{name}] de golden (plain): {ok}/{total} = {ok / total:.1%}")
        for lang, paragraphs in all_paragraphs.items():
            if fn("Xin chào.", lang) is None:
                print(f"[{name}] ntrex {lang}: no support")
                continue
            recall, precision, _ = boundary_scores(paragraphs, lambda t: [(s, e) for s, e in fn(t, lang)])
            texts = [" ".join(p) for p in paragraphs]
            start = time.perf_counter()
            n = sum(len(fn(t, lang)) for t in texts)
            rate = n / (time.perf_counter() - start)
            print(f"[{name}] ntrex {lang}: recall {recall:.4f} precision {precision:.4f} speed {rate:,.0f} sentences/s")


if __name__ == "__main__":
    sys.exit(main())
