"""Extract the article from a news page: title, lead, paragraphs and photo captions, in page order.

trafilatura decides what is article and what is site chrome. Left alone it drops <figure> and
<figcaption> (so captions vanish), drops the lead when it sits outside the body container, turns
author lines into metadata, and its text output can merge paragraphs. So every text-bearing
element of the page gets an invisible numbered marker before trafilatura sees it; the markers
in trafilatura's XML output say exactly which elements it kept, and the blocks are then cut from
our own parse of the page: one block per element (or per <br><br>-separated part), in page order,
captions marked as captions. Captions, the lead and the author line that trafilatura dropped are
taken back only from inside the article region it found, and never from inside site chrome.
"""

from __future__ import annotations

import copy
import functools
import itertools
from dataclasses import dataclass
from typing import Callable, Iterator

import lxml.etree
import lxml.html
import regex
import trafilatura

from toolkit.datafiles import read_data_lines
from toolkit.errors import SrcalignError

EXTRACTOR = "trafilatura"
EXTRACTOR_VERSION: str = trafilatura.__version__

# Marker around an element number: two rare mathematical brackets, removed from the page beforehand.
# (They must be printable: trafilatura strips private-use and other non-printable characters.)
_MARK_OPEN, _MARK_CLOSE = "\u27e6", "\u27e7"
_MARK = regex.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")
_MARK_CHARS = regex.compile(f"[{_MARK_OPEN}{_MARK_CLOSE}]")

# Inline elements belong to the block around them; every other element is a block of its own.
_INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label mark nobr q s samp "
    "small span strike strong sub sup time tt u var wbr".split()
)
_SKIPPED_TAGS = frozenset("script style noscript template img picture source svg video audio iframe object embed "
                          "canvas map input select option textarea button head title meta link".split())
# Blocks in which a single <br> is a soft line break; in other containers it separates paragraphs.
_PARAGRAPH_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 figcaption blockquote dt dd caption summary".split())
_CHROME_TAGS = frozenset("nav aside footer form menu dialog".split())
# class/id words that mark site chrome, the lead box and photo containers: a data file.
_CLASS_WORDS = tuple(tuple(line.split("\t")) for line in read_data_lines("fetch", "page_classes.tsv"))
_CHROME_WORDS = frozenset(w for kind, w in _CLASS_WORDS if kind == "chrome_word")
_CHROME_PARTS = tuple(w for kind, w in _CLASS_WORDS if kind == "chrome_part")
_LEAD_WORDS = frozenset(w for kind, w in _CLASS_WORDS if kind == "lead")
_IMAGE_WORDS = frozenset(w for kind, w in _CLASS_WORDS if kind == "image")
_CLASS_SPLIT = regex.compile(r"[\s_\-]+")
_CAMEL = regex.compile(r"(?<=[a-z])(?=[A-Z])")
_WS = regex.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
_BR, _BREAK = "\u2028", "\u2029"
_PARAGRAPH_SPLIT = regex.compile(f"{_BREAK}|{_BR}[ \\t]*{_BR}")
_CONTAINER_SPLIT = regex.compile(f"[{_BR}{_BREAK}]")
_UPPER_START = regex.compile(r"\p{Lu}")
_LETTER_END = regex.compile(r"\p{L}$")
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
_MAX_LINK_DENSITY = 0.5
_MIN_LEAD_WORDS = 8
_MAX_CAPTION_WORDS = 60


@dataclass(frozen=True)
class ExtractedBlock:
    """One line of source.txt: its kind (title, lead, paragraph, caption) and its text."""

    kind: str
    text: str


@dataclass(frozen=True)
class Extraction:
    """The article as blocks (title first when the page has one) and the extractor that found it."""

    title: str | None
    blocks: tuple[ExtractedBlock, ...]
    extractor: str = EXTRACTOR
    extractor_version: str = EXTRACTOR_VERSION

    @property
    def text(self) -> str:
        """source.txt: one block per line."""
        return "".join(block.text + "\n" for block in self.blocks)

    @property
    def caption_lines(self) -> tuple[int, ...]:
        """1-based line numbers of the captions in `text`."""
        return tuple(i for i, block in enumerate(self.blocks, start=1) if block.kind == "caption")


@dataclass(frozen=True, eq=False)
class _Candidate:
    """A run of text owned by one block element, numbered in page order.

    An element's text is cut into runs at its nested blocks, so text after a nested photo table
    comes after that table's caption. `anchor` is where the run starts: the element's own text,
    or (when `after_child`) the tail of the nested block before it.
    """

    number: int
    element: lxml.html.HtmlElement
    anchor: lxml.html.HtmlElement
    after_child: bool
    parts: tuple[str, ...]
    link_density: float

    @functools.cached_property
    def caption(self) -> bool:
        """Computed only for the runs that may be kept: the test looks at the element's neighbours."""
        return _is_caption(self.element)


def extract_article(html: str, url: str | None = None) -> Extraction:
    """The article's blocks; raises SrcalignError("no article text found") for pages without one."""
    tree = _parse(html)
    nodes = list(tree.iter())  # keeps every element's Python proxy alive, so id() stays unique
    candidates = _candidates(tree)
    if not candidates:
        raise SrcalignError("no article text found")
    kept_numbers, trafilatura_title = _trafilatura_choice(nodes, tree, candidates, url)
    by_number = {c.number: c for c in candidates}
    title = trafilatura_title or _fallback_title(tree)
    title_element = _title_element(candidates, title)
    in_title = _subtree_ids(title_element.element) if title_element is not None else set()

    def is_title(c: _Candidate) -> bool:
        return id(c.element) in in_title or (title is not None and _same_text(" ".join(c.parts), title))

    kept = [by_number[n] for n in sorted(kept_numbers) if n in by_number]
    kept = [c for c in kept if not is_title(c) and c.link_density <= _MAX_LINK_DENSITY]
    if not kept:
        raise SrcalignError("no article text found")
    body = _common_ancestor([c.element for c in kept])
    region = body if title_element is None else _common_ancestor([body, title_element.element])
    # Below the article region: is an element inside site chrome, inside a lead-classed box?
    chrome = _inherited_flags(region, lambda node: node.tag in _CHROME_TAGS or _is_chrome_class(_class_words(node)))
    lead_box = _inherited_flags(region, lambda node: bool(_class_words(node) & _LEAD_WORDS))
    kept = [c for c in kept if not chrome[id(c.element)]]
    if not kept:
        raise SrcalignError("no article text found")
    in_body = _subtree_ids(_common_ancestor([c.element for c in kept]))
    first_kept = kept[0].number
    kept_set = {c.number for c in kept}

    blocks: list[ExtractedBlock] = [ExtractedBlock("title", title)] if title else []
    for c in candidates:
        if id(c.element) not in chrome or is_title(c):
            continue  # outside the article region
        if c.number not in kept_set:
            if c.link_density > _MAX_LINK_DENSITY or chrome[id(c.element)]:
                continue
            in_lead_zone = (title_element is None or c.number > title_element.number) and c.number < first_kept
            long_enough = len(" ".join(c.parts).split()) >= _MIN_LEAD_WORDS
            if not (id(c.element) in in_body or (in_lead_zone and (long_enough or c.caption))):
                continue
        lead = c.number < first_kept or lead_box[id(c.element)]
        kind = "caption" if c.caption else ("lead" if lead else "paragraph")
        blocks.extend(ExtractedBlock(kind, part) for part in c.parts)
    if not any(b.kind in ("lead", "paragraph") for b in blocks):
        raise SrcalignError("no article text found")
    return Extraction(title=title, blocks=tuple(blocks))


def _parse(html: str) -> lxml.html.HtmlElement:
    """Parse with lxml, without script, style and comments, whose text is never article text."""
    html = _MARK_CHARS.sub("", _XML_DECLARATION.sub("", html, count=1))
    if not html.strip():
        raise SrcalignError("no article text found")
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        raise SrcalignError("no article text found") from None
    for element in tree.xpath("//script|//style|//noscript|//template|//comment()|//processing-instruction()"):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    return tree


def _candidates(tree: lxml.html.HtmlElement) -> list[_Candidate]:
    """Every run of text of every block element, in page order."""
    found: list[_Candidate] = []

    def emit(element: lxml.html.HtmlElement, anchor: lxml.html.HtmlElement, after_child: bool, run: _TextRun) -> None:
        splitter = _PARAGRAPH_SPLIT if element.tag in _PARAGRAPH_TAGS else _CONTAINER_SPLIT
        parts = tuple(p for p in (_clean(s) for s in splitter.split("".join(run.pieces))) if p)
        if not parts:
            return
        total = sum(len(p) for p in parts)
        found.append(
            _Candidate(
                number=len(found) + 1,
                element=element,
                anchor=anchor,
                after_child=after_child,
                parts=parts,
                link_density=min(1.0, run.linked / total) if total else 0.0,
            )
        )

    def walk(element: lxml.html.HtmlElement) -> None:
        run = _TextRun()
        anchor, after_child = element, False
        run.add(element.text, in_link=False)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag == "br":
                run.pieces.append(_BR)
            elif tag is None or tag in _SKIPPED_TAGS:
                pass
            elif tag in _INLINE_TAGS:
                run.add_inline(child, in_link=tag == "a")
            else:
                emit(element, anchor, after_child, run)
                walk(child)
                run = _TextRun()
                anchor, after_child = child, True
            run.add(child.tail, in_link=False, after_inline=tag in _INLINE_TAGS)
        emit(element, anchor, after_child, run)

    walk(tree)
    return found


class _TextRun:
    """Collects one run's text; <br> becomes a line-break mark, and link text is counted."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.linked = 0

    def add(self, text: str | None, in_link: bool, after_inline: bool = False) -> None:
        if not text:
            return
        flat = _WS.sub(" ", text.replace(_BR, " ").replace(_BREAK, " "))
        # "<span>Hà Nội</span>Từ tháng 7": a capital right after an inline element starts a new word.
        if after_inline and _UPPER_START.match(flat) and self.pieces and _LETTER_END.search(self.pieces[-1]):
            flat = " " + flat
        self.pieces.append(flat)
        if in_link:
            self.linked += len(flat.strip())

    def add_inline(self, element: lxml.html.HtmlElement, in_link: bool) -> None:
        """An inline element's text, and everything inside it (even misplaced blocks) as inline."""
        self.add(element.text, in_link)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag == "br":
                self.pieces.append(_BR)
            elif tag is not None and tag not in _SKIPPED_TAGS:
                self.add_inline(child, in_link or tag == "a")
            self.add(child.tail, in_link, after_inline=tag in _INLINE_TAGS)


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _trafilatura_choice(
    nodes: list[lxml.html.HtmlElement], tree: lxml.html.HtmlElement, candidates: list[_Candidate], url: str | None
) -> tuple[set[int], str | None]:
    """Which candidates trafilatura keeps as article text, and the title it finds."""
    marked = copy.deepcopy(tree)
    # deepcopy keeps document order, so the n-th element of both trees is the same element.
    copies = list(marked.iter())
    copy_of = {id(source): target for source, target in zip(nodes, copies)}
    for c in candidates:
        target = copy_of[id(c.anchor)]
        mark = f"{_MARK_OPEN}{c.number}{_MARK_CLOSE}"
        if c.after_child:
            target.tail = mark + (target.tail or "")
        else:
            target.text = mark + (target.text or "")
    # trafilatura removes <figure> outright; as a <div> with a <p> caption it is judged like any text.
    for element in marked.iter("figure", "figcaption"):
        element.tag = "div" if element.tag == "figure" else "p"
    result = trafilatura.extract(
        marked,
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        include_links=False,
        with_metadata=True,  # for the title; the date is not used, so no slow extensive date search
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if not result:
        return set(), None
    document = lxml.etree.fromstring(result.encode("utf-8"))
    main = document.find("main")
    text = "".join(main.itertext()) if main is not None else ""
    title = document.get("title")
    title = _clean(_MARK.sub("", title)) if title else None
    return {int(n) for n in _MARK.findall(text)}, title or None


def _fallback_title(tree: lxml.html.HtmlElement) -> str | None:
    for xpath in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        for found in tree.xpath(xpath):
            text = _clean(found if isinstance(found, str) else found.text_content())
            if text:
                return text
    return None


def _title_element(candidates: list[_Candidate], title: str | None) -> _Candidate | None:
    """The element that shows the title on the page (a heading first, h1 before h2), if any."""
    if not title:
        return None
    matches = [c for c in candidates if _same_text(" ".join(c.parts), title)]
    rank = {"h1": 0, "h2": 1, "h3": 2}
    matches.sort(key=lambda c: (rank.get(c.element.tag, 3), c.number))
    return matches[0] if matches else None


def _same_text(a: str, b: str) -> bool:
    return _clean(a).casefold() == _clean(b).casefold()


def _is_caption(element: lxml.html.HtmlElement) -> bool:
    """A photo caption: in a <figcaption>, in a caption-classed box, or italic text right under an image."""
    for depth, node in enumerate(_self_and_ancestors(element)):
        if node.tag == "figcaption":
            return True
        if depth <= 4:  # figcaption > p, or table.caption > tbody > tr > td > p
            words = _class_words(node)
            if any("caption" in w or w == "chuthich" for w in words):
                return True
            if {"desc", "description"} & words and _IMAGE_WORDS & words:
                return True
    return _is_italic_under_image(element)


def _is_italic_under_image(element: lxml.html.HtmlElement) -> bool:
    """<p><img></p><p><em>Caption</em></p>: a common Vietnamese CMS shape for photo captions."""
    if element.tag not in ("p", "div") or any(True for _ in itertools.islice(element.iterdescendants(), 12, None)):
        return False
    text = _clean(element.text_content())
    italic = _clean(" ".join(e.text_content() for e in element.iter("em", "i")))
    if not text or italic != text or len(text.split()) > _MAX_CAPTION_WORDS:
        return False
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None:
        return False
    has_image = previous.tag in ("img", "picture") or bool(previous.xpath(".//img|.//picture"))
    return has_image and not _clean(previous.text_content())


def _is_chrome_class(words: set[str]) -> bool:
    return bool(words & _CHROME_WORDS) or any(part in word for word in words for part in _CHROME_PARTS)


def _inherited_flags(
    root: lxml.html.HtmlElement, own: Callable[[lxml.html.HtmlElement], bool]
) -> dict[int, bool]:
    """For every element below `root` (by id): does it or an ancestor below `root` satisfy `own`?"""
    flags: dict[int, bool] = {}
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        node, inherited = stack.pop()
        flag = inherited or (node is not root and own(node))
        flags[id(node)] = flag
        stack.extend((child, flag) for child in node if isinstance(child.tag, str))
    return flags


def _subtree_ids(root: lxml.html.HtmlElement) -> set[int]:
    return {id(node) for node in root.iter()}


def _class_words(element: lxml.html.HtmlElement) -> set[str]:
    """class and id split into lower-case words: "PhotoCMS_Caption ads-inline" -> photo, cms, caption, ads, inline."""
    value = f"{element.get('class') or ''} {element.get('id') or ''}"
    words: set[str] = set()
    for token in _CLASS_SPLIT.split(value):
        if token:
            words.add(token.lower())
            words.update(w.lower() for w in _CAMEL.split(token))
    return words


def _self_and_ancestors(element: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    node: lxml.html.HtmlElement | None = element
    while node is not None:
        yield node
        node = node.getparent()


def _common_ancestor(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement:
    """The lowest element that contains all of `elements` (they share one tree)."""
    path = list(_self_and_ancestors(elements[0]))[::-1]  # from the root down to the first element
    depth_of = {id(node): depth for depth, node in enumerate(path)}
    cut = len(path) - 1
    for element in elements[1:]:
        for node in _self_and_ancestors(element):
            depth = depth_of.get(id(node))
            if depth is not None:
                cut = min(cut, depth)
                break
    return path[cut]
