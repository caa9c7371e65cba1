"""The review page (review.html): both texts side by side, weak beads and findings marked, one file.

Self-contained on purpose: inline CSS and JS, a Content-Security-Policy that forbids every network
request, so the page can be mailed or archived and still shows exactly what the run saw.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

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
from toolkit.findings import KINDS, Finding
from toolkit.urls import is_web_url

#: Finding indices per bead, keyed by (level, source ids, target ids).
_Placed = dict[tuple[str, tuple[str, ...], tuple[str, ...]], tuple[int, ...]]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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
) -> RenderedExport:
    """The review page as bytes: summary, filters, side-by-side rows, finding cards, keyboard navigation.

    It shows block and sentence beads together (the `--level` of the other formats does not apply).
    """
    findings = list(findings)
    placed = _placements(alignment, findings, plans or {})
    rows = _build_rows(alignment, placed)
    primary: dict[int, int] = {}
    for r_index, row in enumerate(rows):
        for line in row.lines:
            for f in line.findings:
                primary.setdefault(f, r_index)
    located: set[int] = set()
    rows_html = [_row_html(alignment, findings, row, r_index, threshold, located) for r_index, row in enumerate(rows)]
    unplaced = [f for f in range(len(findings)) if f not in primary]
    cards_by_row: dict[int, list[int]] = {}
    for f, r_index in sorted(primary.items()):
        cards_by_row.setdefault(r_index, []).append(f)
    body = []
    for r_index, (row_open, row_close) in enumerate(rows_html):
        cards = "".join(_card_html(findings[f], f, f in located) for f in cards_by_row.get(r_index, ()))
        body.append(row_open + (f'<ol class="findings">{cards}</ol>' if cards else "") + row_close)
    if unplaced:
        cards = "".join(_card_html(findings[f], f, False) for f in unplaced)
        body.append(
            '<section class="row unplaced has-problem"><div class="row-head">Findings on segments this alignment does not hold</div>'
            f'<ol class="findings">{cards}</ol></section>'
        )
    title = _esc(_title(alignment))
    src_head = _esc(f"{_LANG_NAMES.get(alignment.source.lang, alignment.source.lang)} source ({alignment.source.lang})")
    tgt_head = _esc(f"{_LANG_NAMES.get(alignment.target.lang, alignment.target.lang)} translation ({alignment.target.lang})")
    # Concatenated, not str.format: the CSS and JS are full of braces.
    page = "".join(
        [
            _HEAD.replace("@TITLE@", title),
            f"<style>{_CSS}</style>\n</head>\n<body>\n",
            f'<header id="summary">\n<h1>Review: {title}</h1>\n{_summary_html(alignment, findings, threshold, created)}\n</header>\n',
            f'<nav id="toolbar">{_filters_html(findings)}</nav>\n<main id="rows">\n',
            f'<div class="cols-head"><div>{src_head}</div><div>{tgt_head}</div><div>score</div></div>\n',
            "\n".join(body),
            f"\n</main>\n<script>{_JS}</script>\n</body>\n</html>\n",
        ]
    )
    return RenderedExport("html", page.encode("utf-8"), len(rows))


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
        return [_Line(tuple(src_sentences), tuple(tgt_sentences), score, shape, row_findings)]
    lines = [
        _Line(b.source, b.target, b.score, b.shape, tuple(dict.fromkeys(placed.get(("sentence", b.source, b.target), ()) + row_findings)))
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


# ---------------------------------------------------------------- HTML pieces


def _esc(text: str) -> str:
    """HTML-escape, and show characters XML/HTML cannot carry as visible control pictures."""
    return _FORBIDDEN.sub(_control_picture, html.escape(text, quote=True))


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    shown = chr(0x2400 + code) if code < 0x20 else "\ufffd"
    return f'<span class="ctrl" title="U+{code:04X}: a control character the XML exports drop">{shown}</span>'


def _title(alignment: Alignment) -> str:
    for document in (alignment.source, alignment.target):
        for block in document.blocks:
            if block.kind == "title":
                return block.text
    return str(alignment.source.meta.get("title") or "alignment")


def _row_html(
    alignment: Alignment,
    findings: list[Finding],
    row: _Row,
    r_index: int,
    threshold: float,
    located: set[int],
) -> tuple[str, str]:
    """The opening of a row (head and lines) and its closing tag; finding cards go in between."""
    src_blocks = [alignment.source.block(b) for b in row.source_blocks]
    tgt_blocks = [alignment.target.block(b) for b in row.target_blocks]
    boilerplate = all(b.boilerplate for b in src_blocks + tgt_blocks)
    kinds = list(dict.fromkeys(b.kind for b in src_blocks + tgt_blocks))
    classes = ["row"]
    has_problem = False
    lines_html = []
    for line in row.lines:
        line_html, problem = _line_html(alignment, findings, line, threshold, boilerplate, located)
        lines_html.append(line_html)
        has_problem = has_problem or problem
    if row.bead and not row.bead.one_sided and row.bead.score < threshold and not boilerplate:
        has_problem = True
    if boilerplate:
        classes.append("boilerplate")
    if has_problem:
        classes.append("has-problem")
    head = [
        f"{alignment.source.lang} {'+'.join(row.source_blocks) or '—'} ↔ {alignment.target.lang} {'+'.join(row.target_blocks) or '—'}",
        " / ".join(kinds),
    ]
    if boilerplate:
        head.append("portal line (boilerplate, left out of the exports)")
    score_html = ""
    if row.bead:
        weak = not row.bead.one_sided and row.bead.score < threshold and not boilerplate
        score_html = f' <span class="score{" weak" if weak else ""}" title="block bead score">block {row.bead.score:.2f}</span>'
    opening = (
        f'<section class="{" ".join(classes)}" id="r{r_index + 1}" data-kinds="{_esc(" ".join(kinds))}">'
        f'<div class="row-head">{_esc(" · ".join(head))}{score_html}</div>' + "".join(lines_html)
    )
    return opening, "</section>"


def _line_html(
    alignment: Alignment,
    findings: list[Finding],
    line: _Line,
    threshold: float,
    boilerplate: bool,
    located: set[int],
) -> tuple[str, bool]:
    one_sided = not line.source_ids or not line.target_ids
    weak = not one_sided and line.score is not None and line.score < threshold and not boilerplate
    classes = ["pair"]
    if weak:
        classes.append("weak")
    if one_sided and not boilerplate:
        classes.append("unmatched")
    sides = []
    for side, document, ids in (("source", alignment.source, line.source_ids), ("target", alignment.target, line.target_ids)):
        if not ids:
            missing = _LANG_NAMES.get(document.lang, document.lang)
            sides.append(f'<div class="side {side} empty">— no {_esc(missing)} counterpart —</div>')
            continue
        segs = []
        for segment_id in ids:
            text = unicodedata.normalize("NFC", _segment_text(document, segment_id))
            segs.append(f'<span class="seg" data-id="{_esc(segment_id)}">{_marked(text, side, line.findings, findings, located)}</span>')
        sides.append(f'<div class="side {side}" lang="{_esc(document.lang)}">{" ".join(segs)}</div>')
    if line.score is None:
        score = '<div class="score none" title="no bead">–</div>'
    else:
        label = "below the threshold" if weak else "alignment score"
        tip = f"{label} ({line.shape}, {' '.join(line.source_ids)} ↔ {' '.join(line.target_ids)})"
        score = f'<div class="score{" weak" if weak else ""}" title="{_esc(tip)}">{line.score:.2f}</div>'
    problem = weak or (one_sided and not boilerplate) or bool(line.findings)
    return f'<div class="{" ".join(classes)}">{"".join(sides)}{score}</div>', problem


def _marked(text: str, side: str, finding_ids: tuple[int, ...], findings: list[Finding], located: set[int]) -> str:
    """The segment's text with every finding's string on this side wrapped in a <mark>."""
    spans: list[tuple[int, int, int]] = []
    for f in finding_ids:
        needles = {
            unicodedata.normalize("NFC", place.source_text if side == "source" else place.target_text).strip()
            for place in finding_places(findings[f])
        }
        for needle in needles:
            if not needle:
                continue
            start = text.find(needle)
            while start >= 0:
                spans.append((start, start + len(needle), f))
                start = text.find(needle, start + len(needle))
    if not spans:
        return _esc(text)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        active = sorted({f for s, e, f in spans if s <= a and b <= e})
        if not active:
            out.append(_esc(piece))
            continue
        located.update(active)
        kinds = list(dict.fromkeys(findings[f].kind for f in active))
        severity = max((findings[f].severity for f in active), key=lambda s: _SEVERITY_RANK.get(s, 0))
        tip = "\n".join(_tooltip(findings[f], f) for f in active)
        out.append(
            f'<mark class="f kind-{_css_name(kinds[0])} sev-{_css_name(severity)}" data-f="{" ".join(str(f + 1) for f in active)}" '
            f'data-kinds="{_esc(" ".join(kinds))}" title="{_esc(tip)}">{_esc(piece)}</mark>'
        )
    return "".join(out)


def _tooltip(finding: Finding, f: int) -> str:
    text = f"#{f + 1} {finding.kind} ({finding.severity}): {finding.message}"
    return text + (f" — suggestion: {finding.suggestion}" if finding.suggestion else "")


def _card_html(finding: Finding, f: int, located: bool) -> str:
    places = finding_places(finding)
    where = f"{' '.join(finding.source_ids) or '—'} ↔ {' '.join(finding.target_ids) or '—'}"
    if len(places) > 1:
        where += f" (+{len(places) - 1} more occurrence{'s' if len(places) > 2 else ''})"
    parts = [
        f'<li class="finding kind-{_css_name(finding.kind)} sev-{_css_name(finding.severity)}" id="f{f + 1}" data-f="{f + 1}" '
        f'data-kind="{_esc(finding.kind)}" tabindex="-1">',
        f'<div class="card-head"><span class="num">#{f + 1}</span> <span class="badge kind">{_esc(finding.kind)}</span> '
        f'<span class="badge sev">{_esc(finding.severity)}</span> <code>{_esc(finding.code)}</code> '
        f'<span class="where">{_esc(where)}</span></div>',
        f'<p class="msg">{_esc(finding.message)}</p>',
    ]
    if finding.source_text or finding.target_text:
        parts.append(
            f'<p class="texts"><span class="src-text">{_esc(finding.source_text or "—")}</span> → '
            f'<span class="tgt-text">{_esc(finding.target_text or "—")}</span></p>'
        )
    if finding.suggestion:
        parts.append(f'<p class="suggestion">Suggestion: <strong>{_esc(finding.suggestion)}</strong></p>')
    if not located:
        parts.append('<p class="unlocated">Not found verbatim in the text shown; see the ids above.</p>')
    parts.append("</li>")
    return "".join(parts)


def _summary_html(alignment: Alignment, findings: list[Finding], threshold: float, created: datetime | None) -> str:
    url = source_url(alignment)
    provenance = source_provenance(alignment) or "unknown"
    reconstructed = is_reconstructed(alignment)
    facts: list[tuple[str, str]] = []
    link = f'<a href="{_esc(url)}" rel="noreferrer noopener">{_esc(url)}</a>' if is_web_url(url) else _esc(url or "unknown")
    facts.append(("Source", link))
    prov_class = "prov reconstructed" if reconstructed else "prov"
    facts.append(("Provenance", f'<span class="{prov_class}" id="provenance">{_esc(provenance)}</span>'))
    facts.append(("Article", _esc(alignment.target.path or "—")))
    for level in ("block", "sentence"):
        beads = alignment.beads_at(level)
        if beads:
            pairs = sum(1 for b in beads if not b.one_sided)
            facts.append((f"{level.capitalize()} beads", f"{len(beads)} ({pairs} pairs, {len(beads) - pairs} one-sided)"))
    facts.append(("Mean score", f'<span id="mean-score">{alignment.mean_score:.2f}</span>'))
    weak_parts = []
    for level in ("sentence", "block"):
        pairs = [b for b in alignment.beads_at(level) if not b.one_sided]
        if pairs:
            weak = sum(1 for b in pairs if b.score < threshold)
            weak_parts.append(f'<span class="weak-count" data-level="{level}">{weak}</span> of {len(pairs)} {level} pairs')
    facts.append((f"Below {threshold:.2f}", ", ".join(weak_parts) or "no pairs"))
    by_kind = Counter(f.kind for f in findings)
    by_severity = Counter(f.severity for f in findings)
    kinds_text = ", ".join(f"{n} {k}" for k, n in by_kind.most_common()) or "none"
    sev_text = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
    facts.append(("Findings", f'<span id="finding-count">{len(findings)}</span>: {_esc(kinds_text)}' + (f" ({_esc(sev_text)})" if sev_text else "")))
    stamp = (created or utc_now()).strftime("%Y-%m-%d %H:%M UTC")
    facts.append(("Written", _esc(f"{stamp} by srcalign {__version__}")))
    banner = ""
    if reconstructed:
        note = str(alignment.source.meta.get("note") or "")
        banner = (
            '<p class="reconstructed-banner" id="reconstructed-label" role="alert"><strong>Reconstructed source.</strong> '
            "The Vietnamese text on this page was not retrieved from the cited URL; it is a reconstruction. "
            "Scores and findings against it test the toolkit, not the translation."
            + (f' <span class="note">{_esc(note)}</span>' if note else "")
            + "</p>"
        )
    dl = "".join(f"<div><dt>{_esc(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    return f'{banner}<dl class="facts">{dl}</dl>'


def _filters_html(findings: list[Finding]) -> str:
    counts = Counter(f.kind for f in findings)
    kinds = [k for k in KINDS if counts[k]] + sorted(k for k in counts if k not in KINDS)
    buttons = "".join(
        f'<button type="button" class="filter kind-{_css_name(k)}" data-kind="{_esc(k)}" aria-pressed="true">{_esc(k)} <span class="n">{counts[k]}</span></button>'
        for k in kinds
    )
    if not buttons:
        buttons = '<span class="none">no findings</span>'
    return (
        f'<div class="filters" role="group" aria-label="Show findings of kind">{buttons}</div>'
        '<button type="button" id="problems-only" aria-pressed="false">only rows to review</button>'
        '<span id="nav-position" aria-live="polite"></span>'
        '<span class="keys"><kbd>j</kbd>/<kbd>n</kbd> next finding · <kbd>k</kbd>/<kbd>p</kbd> previous</span>'
    )


def _css_name(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", value.lower()) or "x"


_HEAD = (
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
    "<meta name=\"generator\" content=\"srcalign\">\n<title>Review: @TITLE@</title>\n"
)

_CSS = """
:root { --name:#ffe082; --term:#80deea; --consistency:#e1bee7; --number:#ffcc80; --leftover:#c5e1a5; --other:#e0e0e0;
  --weak:#fdecea; --weak-line:#d32f2f; --ink:#1f2328; --muted:#5f6b76; --rule:#d8dee4; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f6f8fa; }
header#summary { padding: 10px 18px 6px; background: #fff; border-bottom: 1px solid var(--rule); }
h1 { font-size: 18px; margin: 0 0 6px; }
.reconstructed-banner { margin: 0 0 8px; padding: 7px 10px; background: #fff3cd; border: 2px solid #b26a00; border-radius: 4px; }
.reconstructed-banner strong { color: #8a4b00; text-transform: uppercase; letter-spacing: .03em; }
.reconstructed-banner .note { display: block; color: var(--muted); font-size: 13px; }
dl.facts { display: flex; flex-wrap: wrap; gap: 2px 22px; margin: 0; font-size: 13.5px; }
dl.facts div { display: flex; gap: 6px; max-width: 100%; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.prov.reconstructed { background: #b26a00; color: #fff; padding: 0 6px; border-radius: 3px; font-weight: 600; }
nav#toolbar { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 6px 18px;
  background: #fff; border-bottom: 1px solid var(--rule); box-shadow: 0 1px 3px rgba(0,0,0,.06); }
.filters { display: flex; gap: 6px; flex-wrap: wrap; }
button { font: inherit; font-size: 13.5px; padding: 2px 10px; border: 1px solid #8c959f; border-radius: 14px; background: #fff; cursor: pointer; }
button.filter[aria-pressed="true"] { border-color: #57606a; font-weight: 600; }
button.filter[aria-pressed="false"] { opacity: .45; text-decoration: line-through; background: #fff !important; }
button.filter.kind-name { background: var(--name); } button.filter.kind-term { background: var(--term); }
button.filter.kind-consistency { background: var(--consistency); } button.filter.kind-number { background: var(--number); }
button.filter.kind-leftover { background: var(--leftover); }
button#problems-only[aria-pressed="true"] { background: #24292f; color: #fff; }
#nav-position { font-size: 13px; color: var(--muted); min-width: 9em; }
.keys { margin-left: auto; font-size: 12.5px; color: var(--muted); }
kbd { font: 12px ui-monospace, monospace; border: 1px solid #aaa; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: #fafafa; }
main { padding: 8px 18px 40px; }
.cols-head, .pair { display: grid; grid-template-columns: minmax(0,1fr) minmax(0,1fr) 3.6em; gap: 14px; }
.cols-head { font-weight: 600; color: var(--muted); font-size: 13px; padding: 0 10px 4px; }
.row { background: #fff; border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 8px; padding: 4px 10px 6px; }
.row-head { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
.row.boilerplate { opacity: .6; background: #f0f0f0; }
.pair { padding: 3px 0; border-top: 1px dotted var(--rule); }
.pair:first-of-type { border-top: 0; }
.pair.weak { background: var(--weak); box-shadow: inset 3px 0 0 var(--weak-line); padding-left: 6px; }
.pair.unmatched { background: #f3f0ff; box-shadow: inset 3px 0 0 #6f42c1; padding-left: 6px; }
.side.empty { color: var(--muted); font-style: italic; font-size: 13px; }
.seg + .seg::before { content: ""; }
.score { font: 13px ui-monospace, monospace; text-align: right; color: var(--muted); }
.score.weak { color: var(--weak-line); font-weight: 700; }
.row-head .score { display: inline; margin-left: 6px; }
mark.f { padding: 0 1px; border-radius: 2px; cursor: pointer; border-bottom: 2px solid transparent; }
mark.kind-name { background: var(--name); } mark.kind-term { background: var(--term); }
mark.kind-consistency { background: var(--consistency); } mark.kind-number { background: var(--number); }
mark.kind-leftover { background: var(--leftover); } mark.f.sev-error { border-bottom-color: #c62828; }
mark.f.off { background: transparent; border-bottom-color: transparent; cursor: default; }
mark.f.current { outline: 2px solid #0969da; }
ol.findings { list-style: none; margin: 6px 0 2px; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 6px; }
.finding { border: 1px solid var(--rule); border-left: 5px solid var(--other); border-radius: 4px; padding: 4px 8px; font-size: 13.5px; background: #fcfcfd; }
.finding.kind-name { border-left-color: #f9a825; } .finding.kind-term { border-left-color: #00838f; }
.finding.kind-consistency { border-left-color: #8e24aa; } .finding.kind-number { border-left-color: #ef6c00; }
.finding.kind-leftover { border-left-color: #558b2f; }
.finding.current { outline: 2px solid #0969da; background: #eef6ff; }
.finding.hidden { display: none; }
.finding p { margin: 2px 0; }
.card-head { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.card-head .where { color: var(--muted); font-size: 12px; margin-left: auto; }
.num { font-weight: 700; }
.badge { font-size: 11.5px; padding: 0 6px; border-radius: 8px; background: #eaeef2; }
.sev-error .badge.sev { background: #c62828; color: #fff; } .sev-warning .badge.sev { background: #f0b429; }
.suggestion strong { color: #1a7f37; }
.unlocated { color: var(--muted); font-style: italic; }
.ctrl { color: #c62828; border: 1px dashed #c62828; font-size: 11px; }
body.problems-only .row:not(.has-problem) { display: none; }
@media (max-width: 900px) { .cols-head, .pair { grid-template-columns: 1fr; } .score { text-align: left; } }
"""

_JS = """
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("li.finding[data-f]"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.f[data-f]"));
  var position = document.getElementById("nav-position");
  var hidden = {};
  function visibleCards() { return cards.filter(function (c) { return !hidden[c.getAttribute("data-kind")]; }); }
  function byNumber(n) { return document.getElementById("f" + n); }
  function clearCurrent() {
    Array.prototype.forEach.call(document.querySelectorAll(".current"), function (e) { e.classList.remove("current"); });
  }
  function select(card) {
    clearCurrent();
    if (!card) { position.textContent = ""; return; }
    var n = card.getAttribute("data-f");
    card.classList.add("current");
    marks.forEach(function (m) { if (m.getAttribute("data-f").split(" ").indexOf(n) >= 0) m.classList.add("current"); });
    var firstMark = marks.filter(function (m) { return m.classList.contains("current"); })[0];
    (firstMark || card).scrollIntoView({block: "center"});
    card.focus({preventScroll: true});
    var list = visibleCards();
    position.textContent = "finding " + (list.indexOf(card) + 1) + " of " + list.length;
  }
  function step(delta) {
    var list = visibleCards();
    if (!list.length) { position.textContent = "no findings shown"; return; }
    var i = list.findIndex(function (c) { return c.classList.contains("current"); });
    i = i < 0 ? (delta > 0 ? 0 : list.length - 1) : (i + delta + list.length) % list.length;
    select(list[i]);
  }
  function applyFilters() {
    cards.forEach(function (c) { c.classList.toggle("hidden", !!hidden[c.getAttribute("data-kind")]); });
    marks.forEach(function (m) {
      var shown = m.getAttribute("data-f").split(" ").some(function (n) {
        var card = byNumber(n); return card && !hidden[card.getAttribute("data-kind")];
      });
      m.classList.toggle("off", !shown);
    });
    var current = document.querySelector("li.finding.current");
    if (current && current.classList.contains("hidden")) select(null);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      hidden[b.getAttribute("data-kind")] = !on;
      applyFilters();
    });
  });
  var problems = document.getElementById("problems-only");
  problems.addEventListener("click", function () {
    var on = problems.getAttribute("aria-pressed") !== "true";
    problems.setAttribute("aria-pressed", on ? "true" : "false");
    document.body.classList.toggle("problems-only", on);
  });
  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      if (m.classList.contains("off")) return;
      var ns = m.getAttribute("data-f").split(" ").filter(function (n) { return !hidden[byNumber(n).getAttribute("data-kind")]; });
      if (ns.length) select(byNumber(ns[0]));
    });
  });
  cards.forEach(function (c) { c.addEventListener("click", function () { select(c); }); });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j" || e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { step(-1); e.preventDefault(); }
  });
  var match = /^#f(\\d+)$/.exec(location.hash);
  if (match && byNumber(match[1])) select(byNumber(match[1]));
  document.body.setAttribute("data-ready", "1");
})();
"""
