"""The review page (review.html): both texts side by side, weak beads and findings marked, one file.

Self-contained on purpose: inline CSS and JS, a Content-Security-Policy that forbids every network
request, so the page can be mailed or archived and still shows exactly what the run saw. The HTML
is the template toolkit/web/templates/review.html, which the workbench serves too; this module
only decides what the page shows (`review_view`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace as View
from datetime import datetime
from urllib.parse import urlsplit

from toolkit import __version__
from toolkit.alignment import Alignment, Bead
from toolkit.document import Document
from toolkit.export.base import (
    ExportPlan,
    DEFAULT_THRESHOLD,
    RenderedExport,
    block_of,
    finding_places,
    is_reconstructed,
    plan_export,
    source_provenance,
    source_url,
    utc_now,
)
from toolkit.edit import bead_key
from toolkit.findings import KINDS, Finding

#: Finding indices per bead, keyed by (level, source ids, target ids).
_Placed = dict[tuple[str, tuple[str, ...], tuple[str, ...]], tuple[int, ...]]

_LANG_NAMES = {"vi": "Vietnamese", "de": "German", "en": "English"}
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class _Line:
    """One pair of segments shown side by side: a sentence bead, or a whole block bead."""

    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    score: float | None
    shape: str
    findings: tuple[int, ...]
    bead: Bead | None = None


@dataclass
class _Row:
    """One block bead (or blocks joined by sentence beads) with its lines; built once, then rendered."""

    source_blocks: tuple[str, ...]
    target_blocks: tuple[str, ...]
    bead: Bead | None
    sentence_beads: list[Bead] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)


def render_review(
    alignment: Alignment,
    findings: Sequence[Finding] = (),
    *,
    threshold: float = DEFAULT_THRESHOLD,
    created: datetime | None = None,
    plans: Mapping[str, ExportPlan] | None = None,
    status: Mapping[str, str] | None = None,
) -> RenderedExport:
    """The review page as bytes: summary, filters, side-by-side rows, finding cards, keyboard navigation.

    It shows block and sentence beads together (the `--level` of the other formats does not apply).
    The page is the template the workbench serves, with its CSS and JS inlined (one mailable file).
    """
    from toolkit.web.templating import render_template, static_text

    view = review_view(alignment, findings, threshold=threshold, created=created, plans=plans, status=status)
    page = render_template("review.html", page=view, workbench=None, inline_css=static_text("review.css"), inline_js=static_text("review.js"))
    return RenderedExport("html", page.encode("utf-8"), len(view.rows))


def review_view(
    alignment: Alignment,
    findings: Sequence[Finding] = (),
    *,
    threshold: float = DEFAULT_THRESHOLD,
    created: datetime | None = None,
    plans: Mapping[str, ExportPlan] | None = None,
    status: Mapping[str, str] | None = None,
    rows_rendered: RowCache | None = None,
) -> View:
    """Everything the review template shows, as plain data (rows, lines, marked texts, cards, summary).

    With `rows_rendered` (the workbench's, per article), each row is rendered to HTML here and kept
    under what it was made from (its blocks, beads, statuses and findings), so the page after an
    action renders only the rows that action changed; a row's view then carries `html`."""
    findings = list(findings)
    status = status or {}
    placed = _placements(alignment, findings, plans or {})
    rows = _build_rows(alignment, placed)
    primary: dict[int, int] = {}
    for r_index, row in enumerate(rows):
        for line in row.lines:
            for f in line.findings:
                primary.setdefault(f, r_index)
    located: set[int] = set()
    marks = _Marks(findings)
    cards_by_row: dict[int, list[int]] = {}
    for f, r_index in sorted(primary.items()):
        cards_by_row.setdefault(r_index, []).append(f)
    if rows_rendered is not None:
        row_views = rows_rendered.views(alignment, findings, marks, rows, cards_by_row, threshold, status)
    else:
        row_views = [_row_view(alignment, marks, row, r_index, threshold, located, status) for r_index, row in enumerate(rows)]
        for r_index, view in enumerate(row_views):
            view.cards = [_card_view(findings[f], f, f in located) for f in cards_by_row.get(r_index, ())]
    unplaced = [_card_view(findings[f], f, False) for f in range(len(findings)) if f not in primary]
    return View(
        title=_title(alignment),
        src_head=f"{_LANG_NAMES.get(alignment.source.lang, alignment.source.lang)} source ({alignment.source.lang})",
        tgt_head=f"{_LANG_NAMES.get(alignment.target.lang, alignment.target.lang)} translation ({alignment.target.lang})",
        summary=_summary_view(alignment, findings, threshold, created),
        filters=_filters_view(findings),
        rows=row_views,
        unplaced=unplaced,
    )


class RowCache:
    """The rows of one article's workbench page as HTML, each kept under what it was made from.

    A row's key holds the identity of what it shows: its blocks (a text edit makes new ones),
    its beads (an edit makes new ones, the others stay the same objects), their statuses, and
    the findings marked or listed in it (a re-check makes new ones). Each entry keeps those
    objects alive, so an identity is never reused while its row is kept; only the rows of the
    last page are kept. Keys by identity, not value: hashing 2,000 beads' texts took longer
    than rendering them."""

    def __init__(self, workbench: Mapping[str, object]) -> None:
        self.workbench = workbench
        self.rows: dict[tuple, tuple[str, frozenset[int], tuple]] = {}
        self.rendered = 0  # rows rendered by the last page (for tests and the benchmark)

    def views(
        self,
        alignment: Alignment,
        findings: list[Finding],
        marks: _Marks,
        rows: list[_Row],
        cards_by_row: Mapping[int, list[int]],
        threshold: float,
        status: Mapping[str, str],
    ) -> list[View]:
        from markupsafe import Markup

        from toolkit.web.templating import environment

        template = environment().get_template("row.html")
        kept: dict[tuple, tuple[str, frozenset[int], tuple]] = {}
        views = []
        self.rendered = 0
        for r_index, row in enumerate(rows):
            cards = tuple(cards_by_row.get(r_index, ()))
            key, objects = self._key(alignment, findings, row, r_index, cards, threshold, status)
            hit = self.rows.get(key)
            if hit is None:
                located: set[int] = set()
                view = _row_view(alignment, marks, row, r_index, threshold, located, status)
                view.cards = [_card_view(findings[f], f, f in located) for f in cards]
                hit = (Markup(template.render(r=view, wb=self.workbench).rstrip("\n")), frozenset(located), objects)
                self.rendered += 1
            kept[key] = hit
            views.append(View(html=hit[0]))
        self.rows = kept
        return views

    @staticmethod
    def _key(
        alignment: Alignment, findings: list[Finding], row: _Row, r_index: int, cards: tuple[int, ...], threshold: float, status: Mapping[str, str]
    ) -> tuple[tuple, tuple]:
        blocks = tuple(alignment.source.block(b) for b in row.source_blocks) + tuple(alignment.target.block(b) for b in row.target_blocks)
        beads = tuple(line.bead for line in row.lines if line.bead is not None) + ((row.bead,) if row.bead else ())
        used = tuple(findings[f] for f in sorted({f for line in row.lines for f in line.findings} | set(cards)))
        key = (
            r_index,
            threshold,
            row.source_blocks,
            tuple(id(b) for b in blocks),
            tuple((id(line.bead), line.findings) if line.bead is not None else (line.source_ids, line.target_ids, line.findings) for line in row.lines),
            id(row.bead),
            tuple(status.get(bead_key(b), "automatic") for b in beads),
            tuple(id(f) for f in used),
            cards,
        )
        return key, (blocks, beads, used)


# ---------------------------------------------------------------- structure


def _placements(alignment: Alignment, findings: list[Finding], plans: Mapping[str, ExportPlan]) -> _Placed:
    """Which findings sit on which bead, at both levels the alignment has (plans already made are reused)."""
    index_of = {id(f): i for i, f in enumerate(findings)}
    placed: _Placed = {}
    for level in sorted({b.level for b in alignment.beads}):
        plan = plans.get(level) or plan_export(alignment, findings, level)
        for unit in plan.units:
            placed[(level, unit.bead.source, unit.bead.target)] = tuple(index_of[id(f)] for f in unit.findings)
    return placed


def _build_rows(alignment: Alignment, placed: _Placed) -> list[_Row]:
    """Block beads in order (or blocks joined by sentence beads), every block of both texts in a row."""
    block_beads = alignment.beads_at("block")
    sentence_beads = alignment.beads_at("sentence")
    if block_beads:
        rows = [_Row(b.source, b.target, b) for b in block_beads]
    else:
        rows = _rows_from_sentence_beads(sentence_beads)
    _insert_missing_blocks(rows, alignment.source, "source")
    _insert_missing_blocks(rows, alignment.target, "target")
    row_of: dict[tuple[str, str], int] = {}
    for r_index, row in enumerate(rows):
        row_of.update({("source", b): r_index for b in row.source_blocks})
        row_of.update({("target", b): r_index for b in row.target_blocks})
    for bead in sentence_beads:
        key = ("source", block_of(bead.source[0])) if bead.source else ("target", block_of(bead.target[0]))
        if key in row_of:
            rows[row_of[key]].sentence_beads.append(bead)
    covered = {i for bead in sentence_beads for i in bead.source + bead.target}
    for row in rows:
        row_findings = placed.get(("block", row.bead.source, row.bead.target), ()) if row.bead else ()
        row.lines = _lines(alignment, row, placed, row_findings, covered)
    return rows


def _rows_from_sentence_beads(beads: tuple[Bead, ...]) -> list[_Row]:
    """Without block beads, blocks linked by a sentence bead share a row (connected components)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for bead in beads:
        nodes = [("source", block_of(i)) for i in bead.source] + [("target", block_of(i)) for i in bead.target]
        for node in nodes:
            parent[find(node)] = find(nodes[0])
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    rows = []
    for nodes in groups.values():
        src = tuple(sorted({b for side, b in nodes if side == "source"}, key=_block_number))
        tgt = tuple(sorted({b for side, b in nodes if side == "target"}, key=_block_number))
        rows.append(_Row(src, tgt, None))
    rows.sort(key=lambda r: (_block_number(r.source_blocks[0]) if r.source_blocks else 10**9, _block_number(r.target_blocks[0]) if r.target_blocks else 0))
    return rows


def _insert_missing_blocks(rows: list[_Row], document: Document, side: str) -> None:
    """Put each block no bead covers in a one-sided row of its own, before the next later block."""
    position = {b.id: i for i, b in enumerate(document.blocks)}
    covered = {b for row in rows for b in (row.source_blocks if side == "source" else row.target_blocks)}
    for block in document.blocks:
        if block.id in covered:
            continue
        new = _Row((block.id,), (), None) if side == "source" else _Row((), (block.id,), None)
        at = len(rows)
        for r_index, row in enumerate(rows):
            ids = row.source_blocks if side == "source" else row.target_blocks
            if ids and min(position.get(i, 10**9) for i in ids) > position[block.id]:
                at = r_index
                break
        rows.insert(at, new)


def _lines(alignment: Alignment, row: _Row, placed: _Placed, row_findings: tuple[int, ...], covered: set[str]) -> list[_Line]:
    """The row's sentence beads in order plus sentences no bead holds; or the whole block bead as one line.

    `covered` holds the sentence ids of all sentence beads, so none is shown twice.
    """
    src_sentences = [i for b in row.source_blocks for i in _segment_ids(alignment.source, b)]
    tgt_sentences = [i for b in row.target_blocks for i in _segment_ids(alignment.target, b)]
    if not row.sentence_beads:
        score = row.bead.score if row.bead else None
        shape = row.bead.shape if row.bead else f"{len(row.source_blocks)}-{len(row.target_blocks)}"
        return [_Line(tuple(src_sentences), tuple(tgt_sentences), score, shape, row_findings, row.bead)]
    lines = [
        _Line(b.source, b.target, b.score, b.shape, tuple(dict.fromkeys(placed.get(("sentence", b.source, b.target), ()) + row_findings)), b)
        for b in row.sentence_beads
    ]
    lines += [_Line((s,), (), None, "1-0", row_findings) for s in src_sentences if s not in covered]
    src_rank = {s: i for i, s in enumerate(src_sentences)}
    tgt_rank = {s: i for i, s in enumerate(tgt_sentences)}
    ordered = sorted((ln for ln in lines if ln.source_ids), key=lambda ln: min(src_rank.get(i, 10**9) for i in ln.source_ids))
    target_only = [ln for ln in lines if not ln.source_ids]
    target_only += [_Line((), (s,), None, "0-1", row_findings) for s in tgt_sentences if s not in covered]
    for line in sorted(target_only, key=lambda ln: min(tgt_rank.get(i, 10**9) for i in ln.target_ids)):
        rank = min(tgt_rank.get(i, 10**9) for i in line.target_ids)
        at = 0
        for l_index, other in enumerate(ordered):
            if other.target_ids and max(tgt_rank.get(i, -1) for i in other.target_ids) < rank:
                at = l_index + 1
        ordered.insert(at, line)
    return ordered


def _segment_ids(document: Document, block_id: str) -> list[str]:
    """A block's sentence ids, or the block's own id when it has no sentences."""
    block = document.block(block_id)
    return [s.id for s in block.sentences] or [block.id]


def _segment_text(document: Document, segment_id: str) -> str:
    if "." in segment_id:
        return document.sentence(segment_id).text
    return document.block(segment_id).text


def _block_number(block_id: str) -> int:
    digits = re.sub(r"\D", "", block_id)
    return int(digits) if digits else 0




# ---------------------------------------------------------------- views (what the template shows)


def _title(alignment: Alignment) -> str:
    for document in (alignment.source, alignment.target):
        for block in document.blocks:
            if block.kind == "title":
                return block.text
    return str(alignment.source.meta.get("title") or "alignment")


def _bead_view(bead: Bead | None, status: Mapping[str, str]) -> View | None:
    if bead is None:
        return None
    key = bead_key(bead)
    return View(key=key, status=status.get(key, "automatic"), level=bead.level, shape=bead.shape)


def _row_view(
    alignment: Alignment,
    findings: _Marks,
    row: _Row,
    r_index: int,
    threshold: float,
    located: set[int],
    status: Mapping[str, str],
) -> View:
    src_blocks = [alignment.source.block(b) for b in row.source_blocks]
    tgt_blocks = [alignment.target.block(b) for b in row.target_blocks]
    boilerplate = all(b.boilerplate for b in src_blocks + tgt_blocks)
    kinds = list(dict.fromkeys(b.kind for b in src_blocks + tgt_blocks))
    lines = [_line_view(alignment, findings, line, threshold, boilerplate, located, status) for line in row.lines]
    has_problem = any(line.problem for line in lines)
    if row.bead and not row.bead.one_sided and row.bead.score < threshold and not boilerplate:
        has_problem = True
    classes = ["row"] + (["boilerplate"] if boilerplate else []) + (["has-problem"] if has_problem else [])
    head = [
        f"{alignment.source.lang} {'+'.join(row.source_blocks) or '—'} ↔ {alignment.target.lang} {'+'.join(row.target_blocks) or '—'}",
        " / ".join(kinds),
    ]
    if boilerplate:
        head.append("portal line (boilerplate, left out of the exports)")
    score = None
    if row.bead:
        score = View(value=f"{row.bead.score:.2f}", weak=not row.bead.one_sided and row.bead.score < threshold and not boilerplate)
    return View(
        id=f"r{r_index + 1}",
        classes=" ".join(classes),
        kinds=" ".join(kinds),
        head=" · ".join(head),
        score=score,
        bead=_bead_view(row.bead, status) if not boilerplate else None,
        lines=lines,
        cards=[],
        html=None,
    )


def _line_view(
    alignment: Alignment,
    findings: _Marks,
    line: _Line,
    threshold: float,
    boilerplate: bool,
    located: set[int],
    status: Mapping[str, str],
) -> View:
    one_sided = not line.source_ids or not line.target_ids
    weak = not one_sided and line.score is not None and line.score < threshold and not boilerplate
    classes = ["pair"] + (["weak"] if weak else []) + (["unmatched"] if one_sided and not boilerplate else [])
    sides = []
    for side, document, ids in (("source", alignment.source, line.source_ids), ("target", alignment.target, line.target_ids)):
        if not ids:
            sides.append(View(side=side, empty=f"— no {_LANG_NAMES.get(document.lang, document.lang)} counterpart —", lang=document.lang, segs=[]))
            continue
        segs = []
        for segment_id in ids:
            text = unicodedata.normalize("NFC", _segment_text(document, segment_id))
            segs.append(View(id=segment_id, pieces=_marked(text, side, line.findings, findings, located)))
        sides.append(View(side=side, empty="", lang=document.lang, segs=segs))
    score = None
    if line.score is not None:
        label = "below the threshold" if weak else "alignment score"
        tip = f"{label} ({line.shape}, {' '.join(line.source_ids)} ↔ {' '.join(line.target_ids)})"
        score = View(value=f"{line.score:.2f}", weak=weak, tip=tip)
    bead = _bead_view(line.bead, status) if line.bead is not None and not boilerplate else None
    if bead:
        classes.append(f"status-{bead.status}")
    return View(
        classes=" ".join(classes),
        sides=sides,
        score=score,
        bead=bead,
        weak=weak,
        flagged=bool(line.findings),
        problem=weak or (one_sided and not boilerplate) or bool(line.findings),
    )


class _Marks:
    """The findings with what marking needs, worked out once per finding (a finding of a long article
    can have hundreds of occurrences; recomputing them per segment made the page quadratic)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self._needles: dict[tuple[int, str], tuple[str, ...]] = {}
        self._marks: dict[tuple[int, ...], View] = {}

    def __getitem__(self, f: int) -> Finding:
        return self.findings[f]

    def needles(self, f: int, side: str) -> tuple[str, ...]:
        key = (f, side)
        if key not in self._needles:
            texts = {unicodedata.normalize("NFC", p.source_text if side == "source" else p.target_text).strip() for p in finding_places(self.findings[f])}
            self._needles[key] = tuple(sorted(t for t in texts if t))
        return self._needles[key]

    def mark(self, active: tuple[int, ...]) -> View:
        """How a piece of text covered by these findings is marked (the same for every such piece)."""
        if active not in self._marks:
            findings = [self.findings[f] for f in active]
            kinds = list(dict.fromkeys(f.kind for f in findings))
            severity = max((f.severity for f in findings), key=lambda s: _SEVERITY_RANK.get(s, 0))
            self._marks[active] = View(
                kind=_css_name(kinds[0]),
                severity=_css_name(severity),
                numbers=" ".join(str(f + 1) for f in active),
                kinds=" ".join(kinds),
                severities=" ".join(dict.fromkeys(f.severity for f in findings)),
                tip="\n".join(_tooltip(self.findings[f], f) for f in active),
            )
        return self._marks[active]


def _marked(text: str, side: str, finding_ids: tuple[int, ...], findings: _Marks, located: set[int]) -> list[View]:
    """The segment's text in pieces; a piece covered by a finding's string on this side carries its mark."""
    spans: list[tuple[int, int, int]] = []
    for f in finding_ids:
        for needle in findings.needles(f, side):
            if not needle:
                continue
            start = text.find(needle)
            while start >= 0:
                spans.append((start, start + len(needle), f))
                start = text.find(needle, start + len(needle))
    if not spans:
        return [View(text=text, mark=None)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[View] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        active = sorted({f for s, e, f in spans if s <= a and b <= e})
        if not active:
            out.append(View(text=piece, mark=None))
            continue
        located.update(active)
        out.append(View(text=piece, mark=findings.mark(tuple(active))))
    return out


def _tooltip(finding: Finding, f: int) -> str:
    text = f"#{f + 1} {finding.kind} ({finding.severity}): {finding.message}"
    return text + (f" — suggestion: {finding.suggestion}" if finding.suggestion else "")


def _card_view(finding: Finding, f: int, located: bool) -> View:
    places = finding_places(finding)
    where = f"{' '.join(finding.source_ids) or '—'} ↔ {' '.join(finding.target_ids) or '—'}"
    if len(places) > 1:
        where += f" (+{len(places) - 1} more occurrence{'s' if len(places) > 2 else ''})"
    return View(
        number=f + 1,
        id=finding.id,
        kind=finding.kind,
        kind_css=_css_name(finding.kind),
        severity=finding.severity,
        severity_css=_css_name(finding.severity),
        code=finding.code,
        where=where,
        message=finding.message,
        source_text=finding.source_text,
        target_text=finding.target_text,
        suggestion=finding.suggestion,
        located=located,
        target_ids=" ".join(dict.fromkeys(i for place in places for i in place.target_ids)),
        here_ids=" ".join(finding.target_ids),
        renderings=list(finding.renderings or dict.fromkeys(p.target_text for p in places if p.target_text)),
        # what "apply to all" writes over (toolkit.review.ReviewedRun.apply_finding): each place with German text
        changes=[View(ids=" ".join(p.target_ids), text=p.target_text) for p in places if p.target_text],
        box=_box_text(finding),
        change_texts=[[text, n] for text, n in Counter(p.target_text for p in places if p.target_text).items()],  # for the page's count
        term=finding.term,
    )


def _box_text(finding: Finding) -> str:
    """The text the workbench offers to write over the finding's German: its suggestion when that is a text."""
    suggestion = finding.suggestion
    return suggestion if suggestion and len(suggestion) < 200 and not suggestion.startswith("for ") else finding.target_text


def _summary_view(alignment: Alignment, findings: list[Finding], threshold: float, created: datetime | None) -> View:
    url = source_url(alignment)
    levels = []
    for level in ("block", "sentence"):
        beads = alignment.beads_at(level)
        if beads:
            pairs = sum(1 for b in beads if not b.one_sided)
            levels.append(View(label=f"{level.capitalize()} beads", text=f"{len(beads)} ({pairs} pairs, {len(beads) - pairs} one-sided)"))
    weak = []
    for level in ("sentence", "block"):
        pairs = [b for b in alignment.beads_at(level) if not b.one_sided]
        if pairs:
            weak.append(View(level=level, weak=sum(1 for b in pairs if b.score < threshold), pairs=len(pairs)))
    by_kind = Counter(f.kind for f in findings)
    by_severity = Counter(f.severity for f in findings)
    sev_text = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
    return View(
        url=url,
        url_is_link=urlsplit(url).scheme in ("http", "https"),
        provenance=source_provenance(alignment) or "unknown",
        reconstructed=is_reconstructed(alignment),
        note=str(alignment.source.meta.get("note") or ""),
        article=alignment.target.path or "—",
        levels=levels,
        mean_score=f"{alignment.mean_score:.2f}",
        threshold=f"{threshold:.2f}",
        weak=weak,
        finding_count=len(findings),
        kinds_text=", ".join(f"{n} {k}" for k, n in by_kind.most_common()) or "none",
        severity_text=sev_text,
        written=f"{(created or utc_now()).strftime('%Y-%m-%d %H:%M UTC')} by srcalign {__version__}",
    )


def _filters_view(findings: list[Finding]) -> View:
    counts = Counter(f.kind for f in findings)
    kinds = [k for k in KINDS if counts[k]] + sorted(k for k in counts if k not in KINDS)
    severities = Counter(f.severity for f in findings)
    return View(
        kinds=[View(kind=k, css=_css_name(k), count=counts[k]) for k in kinds],
        severities=[View(severity=s, css=_css_name(s), count=severities[s]) for s in ("error", "warning", "info") if severities[s]],
    )


def _css_name(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", value.lower()) or "x"
