"""The corpus files of a batch: every aligned pair of every article in one TMX and one JSONL.

Both are made from the articles' own exports (alignment.tmx, alignment.jsonl in DIR/<id>/), in
article-id order, so an article finished by an earlier, interrupted run contributes exactly
what it would have contributed in one go, and reruns and engines give the same bytes (apart
from the TMX creation date).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from toolkit import __version__
from toolkit.batch.work import ArticleOutcome
from toolkit.errors import SrcalignError
from toolkit.export import FILENAMES
from toolkit.export.base import utc_now
from toolkit.export.tmx import DOCTYPE
from toolkit.textfile import write_atomic

_PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False, remove_blank_text=True)


def write_corpus_tmx(path: Path, outcomes: Sequence[ArticleOutcome], *, source_lang: str = "vi") -> int:
    """TMX 1.4b with every `tu` of every article's alignment.tmx, each tagged with its article id.

    `tuid` becomes "<id>:<n>" so it stays unique across articles; returns the number of units.
    """
    buffer = io.BytesIO()
    buffer.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')  # double quotes, as toolkit.export.base.xml_bytes
    units = 0
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    with etree.xmlfile(buffer, encoding="UTF-8") as xf:
        xf.write_doctype(DOCTYPE)
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            header = etree.Element(
                "header",
                creationtool="srcalign",
                creationtoolversion=__version__,
                segtype="sentence",
                **{"o-tmf": "srcalign-alignment-json", "adminlang": "en", "srclang": source_lang, "datatype": "plaintext", "creationdate": stamp},
            )
            etree.SubElement(header, "prop", type="x-articles").text = str(len(outcomes))
            xf.write(header, pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for outcome in outcomes:
                    for tu in _article_units(Path(outcome.folder) / FILENAMES["tmx"]):
                        tu.set("tuid", f"{outcome.id}:{tu.get('tuid', '')}")
                        article = etree.Element("prop", type="x-article-id")
                        article.text = outcome.id
                        tu.insert(0, article)
                        xf.write(tu, pretty_print=True)
                        units += 1
            xf.write("\n")
    buffer.write(b"\n")
    write_atomic(path, buffer.getvalue())
    return units


def write_corpus_jsonl(path: Path, outcomes: Sequence[ArticleOutcome]) -> int:
    """One aligned pair per line (the TMX's pairs: two-sided, no portal lines), with its article id first."""
    lines: list[str] = []
    for outcome in outcomes:
        tag = '{"article": ' + json.dumps(outcome.id, ensure_ascii=False) + ", "
        for line, record in _article_records(Path(outcome.folder) / FILENAMES["jsonl"]):
            if record["boilerplate"] or not record["source_ids"] or not record["target_ids"]:
                continue
            lines.append(tag + line[1:])  # the article's own line, "article" put first (no re-encoding)
    write_atomic(path, "".join(line + "\n" for line in lines))
    return len(lines)


def _article_units(path: Path) -> list[etree._Element]:
    try:
        return etree.parse(str(path), _PARSER).getroot().findall("body/tu")
    except (OSError, etree.XMLSyntaxError) as exc:
        raise SrcalignError(f"{path}: cannot read the article's TMX ({exc}); delete its folder and rerun") from None


def _article_records(path: Path) -> list[tuple[str, dict]]:
    try:
        return [(line, json.loads(line)) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    except (OSError, ValueError) as exc:
        raise SrcalignError(f"{path}: cannot read the article's JSONL ({exc}); delete its folder and rerun") from None
