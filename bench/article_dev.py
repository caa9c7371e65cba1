"""Generated vi→de development cases, harder than ../shared/bench/ntrex-dev: built from the same
NTREX dev documents 0-59 with a different seeded recipe and portal strings written here.

Two kinds of case:
- `sentence_cases()`: one sentence a line (presplit), with 2-2 crossings ("A B | C" against
  "A | B C"), one- and two-sentence omissions on either side, and merges; gold at line level.
- `article_cases()`: raw article text (one paragraph a line, as `run` and `batch` read it) with a
  title (kept, dropped on the German side, or joined to the lead there), a dateline, captions
  between paragraphs (German ones ending " |"), a caption on one side only, paired portal
  lines ("Xem thêm: …" ↔ "Mehr dazu: …"), one-sided portal strings that the block patterns do
  not all know, a mid-article photo credit, paragraph crossings, merges and paragraph
  omissions, and a byline with trailing portal lines; gold at block (= line) level.

Used for tuning (bench/tune_align.py) beside the dev set; Text+Berg stays a test set.
"""

from __future__ import annotations

import random

from align_data import SHARED, Case

# One-sided portal strings; several are deliberately NOT in toolkit/data/segment/block_patterns.tsv.
PORTAL_DE = ["[Anzeige_3]", "Kommentar (0)", "Video wird abgespielt", "Bildquelle: Internet", "Teilen auf Facebook",
             "Zum Anhören klicken", "Foto: Illustration", "Weitere Artikel"]
PORTAL_VI = ["Video đang được xử lý", "Ảnh minh họa: Internet", "Hình minh họa", "Chia sẻ bài viết", "Nguồn: TTXVN",
             "Bạn đọc quan tâm", "Clip: VTV"]
CREDITS = [("Ảnh: TTXVN", "Foto: VNA"), ("Ảnh: Báo Hà Giang", "Foto: Zeitung Ha Giang"), ("Ảnh: Internet", "Foto: Internet")]
CAPTIONS = [
    ("Quang cảnh buổi làm việc", "Arbeitsszene"),
    ("Toàn cảnh hội nghị", "Überblick über die Konferenz"),
    ("Các đại biểu dự hội nghị", "Die Delegierten nehmen an der Konferenz teil"),
    ("Đồng chí {vi} phát biểu tại buổi làm việc.", "Genosse {de} hielt bei dem Treffen eine Rede."),
    ("Ông {vi} trao đổi với phóng viên.", "Herr {de} im Gespräch mit Reportern."),
    ("Lãnh đạo tỉnh thăm hỏi người dân", "Die Provinzführung besucht die Bevölkerung"),
]
NAMES = [("Lê Minh Hưng", "Le Minh Hung"), ("Nguyễn Văn Nam", "Nguyen Van Nam"), ("Trần Thị Hoa", "Tran Thi Hoa"),
         ("Phạm Quang Dũng", "Pham Quang Dung")]
BYLINES = [("Tin, ảnh: VĂN NGHỊ", "Neuigkeiten und Fotos: VAN NGHI"), ("PV", "PV"), ("Theo TTXVN", "Laut VNA")]
DATELINES = [("14:34, 17/03/2025", "14:34, 17.03.2025"), ("08:05, 02/11/2024", "08:05, 02.11.2024")]
READ_MORE = [("Xem thêm: {vi}", "Mehr dazu: {de}"), ("Tin liên quan: {vi}", "Lesen Sie auch: {de}")]


def documents() -> list[tuple[list[str], list[str]]]:
    """NTREX dev documents 0-59 as (Vietnamese sentences, German sentences), 1-1 by line."""
    base = SHARED / "data/ntrex"
    vi = (base / "newstest2019-ref.vie.txt").read_text(encoding="utf-8").splitlines()
    de = (base / "newstest2019-ref.deu.txt").read_text(encoding="utf-8").splitlines()
    ids = (base / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for v, d, i in zip(vi, de, ids):
        docs.setdefault(i, ([], []))
        docs[i][0].append(v.strip())
        docs[i][1].append(d.strip())
    return list(docs.values())


class _Builder:
    """Lines of both sides plus the gold beads over their indices."""

    def __init__(self) -> None:
        self.src: list[str] = []
        self.tgt: list[str] = []
        self.gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def bead(self, src: list[str], tgt: list[str]) -> None:
        s = tuple(range(len(self.src), len(self.src) + len(src)))
        t = tuple(range(len(self.tgt), len(self.tgt) + len(tgt)))
        self.src.extend(src)
        self.tgt.extend(tgt)
        self.gold.append((s, t))

    def one_sided(self, src: list[str], tgt: list[str]) -> None:
        for line in src:
            self.bead([line], [])
        for line in tgt:
            self.bead([], [line])


def sentence_case(vi: list[str], de: list[str], rng: random.Random) -> _Builder:
    """Presplit lines with crossings, one- and two-sentence omissions and merges."""
    out = _Builder()
    i, n = 0, len(vi)
    while i < n:
        r = rng.random()
        if r < 0.06 and i + 2 < n:  # 2-2 crossing: "A B" "C" against "A" "B C"
            out.bead([vi[i] + " " + vi[i + 1], vi[i + 2]], [de[i], de[i + 1] + " " + de[i + 2]])
            i += 3
        elif r < 0.09 and i + 1 < n:  # two sentences omitted on one side
            side = rng.random() < 0.5
            out.one_sided(vi[i : i + 2] if side else [], [] if side else de[i : i + 2])
            i += 2
        elif r < 0.14:
            side = rng.random() < 0.5
            out.one_sided([vi[i]] if side else [], [] if side else [de[i]])
            i += 1
        elif r < 0.20 and i + 1 < n:
            out.bead([vi[i], vi[i + 1]], [de[i] + " " + de[i + 1]])
            i += 2
        elif r < 0.26 and i + 1 < n:
            out.bead([vi[i] + " " + vi[i + 1]], [de[i], de[i + 1]])
            i += 2
        else:
            out.bead([vi[i]], [de[i]])
            i += 1
    return out


def article_case(vi: list[str], de: list[str], other: tuple[str, str], rng: random.Random) -> _Builder:
    """Raw article lines (paragraphs and furniture) with block-level gold."""
    out = _Builder()
    body_start = 0
    joined_title = False
    if len(vi) >= 4:
        body_start = 1
        r = rng.random()
        if r < 0.35:
            out.bead([vi[0]], [])  # the German page shows no title (as the seed pair): the common case
        elif r < 0.45:
            joined_title = True  # German title run into the lead: handled with the first paragraph
        else:
            out.bead([vi[0]], [de[0]])
    if rng.random() < 0.4:
        out.bead(*([x] for x in rng.choice(DATELINES)))
    chunks: list[tuple[list[str], list[str]]] = []
    i = body_start
    while i < len(vi):
        size = rng.choice((1, 2, 2, 3))
        chunks.append((vi[i : i + size], de[i : i + size]))
        i += size
    k = 0
    while k < len(chunks):
        cv, cd = chunks[k]
        r = rng.random()
        nxt = chunks[k + 1] if k + 1 < len(chunks) else None
        if joined_title and k == 0:
            out.bead([vi[0], " ".join(cv)], [de[0] + " " + " ".join(cd)])
            k += 1
        elif r < 0.08 and nxt and len(nxt[0]) >= 2:  # paragraph break drawn elsewhere: 2-2
            out.bead([" ".join(cv), " ".join(nxt[0])], [" ".join(cd + nxt[1][:1]), " ".join(nxt[1][1:])])
            k += 2
        elif r < 0.14 and nxt:
            out.bead([" ".join(cv), " ".join(nxt[0])], [" ".join(cd + nxt[1])])
            k += 2
        elif r < 0.20 and nxt:
            out.bead([" ".join(cv + nxt[0])], [" ".join(cd), " ".join(nxt[1])])
            k += 2
        elif r < 0.26 and k > 0:  # a paragraph (one to three sentences) missing on one side
            side = rng.random() < 0.5
            out.one_sided([" ".join(cv)] if side else [], [] if side else [" ".join(cd)])
            k += 1
        else:
            out.bead([" ".join(cv)], [" ".join(cd)])
            k += 1
        r = rng.random()
        name = rng.choice(NAMES)
        cap_vi, cap_de = (c.format(vi=name[0], de=name[1]) for c in rng.choice(CAPTIONS))
        if r < 0.12:
            out.bead([cap_vi], [cap_de + " |"])
        elif r < 0.15:
            out.bead([cap_vi], [])
        elif r < 0.18:
            rm_vi, rm_de = rng.choice(READ_MORE)
            out.bead([rm_vi.format(vi=other[0])], [rm_de.format(de=other[1])])
        elif r < 0.22:
            out.one_sided([], [rng.choice(PORTAL_DE)])
        elif r < 0.24:
            out.one_sided([rng.choice(PORTAL_VI)], [])
        elif r < 0.27:
            credit = rng.choice(CREDITS)
            if rng.random() < 0.3:
                out.bead([credit[0]], [credit[1]])
            else:
                out.one_sided([credit[0]], [])
    if rng.random() < 0.4:
        out.bead(*([x] for x in rng.choice(BYLINES)))
    for line in rng.sample(["[Anzeige_2]", "Quelle: https://baohagiang.vn/x/202503/a-b-c.html", "Kommentar (0)"], rng.randint(0, 3)):
        out.one_sided([], [line])
    return out


def sentence_cases(seed: int = 20261130) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for k, (vi, de) in enumerate(documents()):
        b = sentence_case(vi, de, rng)
        cases.append(Case(f"gen-sent-{k:03d}", b.src, b.tgt, b.gold, "vi", "de"))
    return cases


def article_cases(seed: int = 20261130) -> list[Case]:
    rng = random.Random(seed + 1)
    docs = documents()
    cases = []
    for k, (vi, de) in enumerate(docs):
        other = docs[(k + 17) % len(docs)]
        b = article_case(vi, de, (other[0][0], other[1][0]), rng)
        cases.append(Case(f"gen-article-{k:03d}", b.src, b.tgt, b.gold, "vi", "de"))
    return cases
