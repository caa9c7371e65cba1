"""Property tests over the library's entry points (hypothesis): whatever the input,

- only the tool's own error type (SrcalignError) escapes segment, align, check, every export,
  manifest parsing, termbase parsing and the file validator;
- every XML export parses, every JSON output round-trips, and what the tool writes its own
  validator accepts.

CI runs a few hundred examples per property (profile "ci"); `SRCALIGN_HYPOTHESIS_PROFILE=long`
runs 5,000 per property (bench/properties.py runs that and reports the time).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import pytest

# Hypothesis caches Unicode tables on disk: outside the repository, not in ./.hypothesis.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "srcalign-hypothesis"))

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402

from toolkit.align import align_documents
from toolkit.alignment import Alignment
from toolkit.batch.manifest import read_manifest
from toolkit.check import check_alignment
from toolkit.check.report import render_findings
from toolkit.document import Document
from toolkit.errors import SrcalignError
from toolkit.export import FORMATS, render_export
from toolkit.findings import findings_from_json, findings_to_json
from toolkit.segment import segment_text
from toolkit.termbase import load_termbase, parse_tbx, parse_tsv
from toolkit.textfile import decode_bytes
from toolkit.validate import alignment_problem, findings_problem, parse_alignment

settings.register_profile("ci", max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.register_profile("long", max_examples=int(os.environ.get("SRCALIGN_HYPOTHESIS_EXAMPLES", "5000")), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("SRCALIGN_HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.properties

TERMBASE = load_termbase()

# Pieces of real portal articles and their sources, and what breaks parsers: the strategies mix them.
VI_WORDS = "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy Hà Giang ngày 17/3 khóa XII 18-NQ/TW 8% Nguyễn Văn A".split()
DE_WORDS = "Die Arbeitsgruppe des Politbüros tagte am 17. März in Hà Giang Resolution Nr. 18-NQ/TW 12. Zentralkomitee 8 % Herr Nguyen Van A".split()
FURNITURE = ["[Anzeige_2]", "Kommentar (0)", "Quelle: https://user:pw@baohagiang.vn/thoi-su/a-b-52d2fd8/", "Quelle: http://[::1/x", "Foto: Hà Giang |", "Ảnh: TTXVN"]
NASTY = ["\x00", "\x07", "\x0b", "\ufeff", "\u200b", "\ud800", "\udcff", "\ufffe", "e\u0301", "ệ", "<b>", "&amp;", "]]>", "\t", "\r", "\u2028", "…", "\"", "'", "..", "\\", "%", "{", "}"]

word = st.one_of(st.sampled_from(VI_WORDS + DE_WORDS + NASTY), st.text(max_size=8))
sentence = st.lists(word, min_size=1, max_size=12).map(" ".join).map(lambda s: s + ".")
line = st.one_of(st.lists(sentence, min_size=1, max_size=3).map(" ".join), st.sampled_from(FURNITURE), st.text(max_size=40))
article = st.lists(line, min_size=0, max_size=7).map("\n".join)


def json_round_trip(text: str) -> object:
    value = json.loads(text)
    assert json.loads(json.dumps(value, ensure_ascii=False)) == value
    return value


def segmented(text: str, lang: str) -> Document | None:
    try:
        return segment_text(text, lang)
    except SrcalignError:
        return None


@given(article, st.sampled_from(["de", "vi", "en", "auto"]))
def test_segment_raises_only_srcalign_error_and_round_trips(text, lang):
    document = segmented(text, lang)
    if document is None:
        return
    data = json_round_trip(document.to_json())
    assert Document.from_dict(data).to_dict() == data
    for block in document.blocks:
        assert "." not in block.id and all(s.id.startswith(block.id + ".") for s in block.sentences)


@given(st.binary(max_size=400) | article.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decoding_any_bytes_raises_only_srcalign_error(data):
    try:
        decoded = decode_bytes(data, "input")
    except SrcalignError:
        return
    decoded.text.encode("utf-8")  # never a lone surrogate in decoded text


def aligned(source_text: str, target_text: str) -> Alignment | None:
    source, target = segmented(source_text, "vi"), segmented(target_text, "de")
    if source is None or target is None:
        return None
    try:
        return align_documents(source, target)
    except SrcalignError:
        return None


@given(article, article)
def test_align_writes_what_its_validator_accepts(source_text, target_text):
    alignment = aligned(source_text, target_text)
    if alignment is None:
        return
    data = json_round_trip(alignment.to_json())
    assert alignment_problem(data) is None
    assert Alignment.from_json(alignment.to_json()).to_dict() == data


@given(article, article)
def test_check_and_every_export(source_text, target_text):
    alignment = aligned(source_text, target_text)
    if alignment is None:
        return
    try:
        findings = check_alignment(alignment, TERMBASE)
    except SrcalignError:
        return
    written = findings_to_json(findings)
    assert findings_problem(json_round_trip(written)) is None
    assert findings_to_json(findings_from_json(written)) == written
    for fmt in ("text", "json", "tsv"):
        render_findings(findings, fmt)
    for fmt in FORMATS:
        for level in ("sentence", "block"):
            try:
                rendered = render_export(alignment, findings, fmt, level=level)
            except SrcalignError:
                continue
            if fmt in ("tmx", "xliff", "tbx"):
                etree.fromstring(rendered.data)
            elif fmt == "jsonl":
                for record in filter(None, rendered.data.decode("utf-8").split("\n")):  # JSON Lines: \n only
                    json_round_trip(record)
            else:
                rendered.data.decode("utf-8")


# A valid alignment file, then one mutation: the validator refuses it, or every reader copes.
SEED = None


def seed_file() -> dict:
    global SEED
    if SEED is None:
        alignment = aligned(
            "Đoàn kiểm tra làm việc tại Hà Giang.\nNgày 17/3, Bộ Chính trị họp. Có 8% tăng.\nẢnh: TTXVN",
            "Arbeitsgruppe tagte in Hà Giang.\nAm 17. März tagte das Politbüro. Es gab 8 % mehr.\nFoto: TTXVN |\nQuelle: https://baohagiang.vn/a/",
        )
        assert alignment is not None
        SEED = json.loads(alignment.to_json())
    return json.loads(json.dumps(SEED))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**6) | st.floats(allow_nan=True) | st.text(max_size=6) | st.sampled_from(["b1", "b1.s1", "b2.s1", "b1.x.y", "sentence", "block", "\udc80"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def paths_of(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_of(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths_of(child, prefix + (index,))


@given(st.data())
def test_a_mutated_alignment_file_is_refused_or_read_by_every_reader(data):
    document = seed_file()
    paths = [p for p in paths_of(document) if p]
    path = data.draw(st.sampled_from(paths))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    action = data.draw(st.sampled_from(["replace", "delete", "duplicate"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[path[-1]])))
    else:
        parent[path[-1]] = data.draw(json_value)
    text = json.dumps(document, allow_nan=True)
    try:
        alignment = Alignment.from_json(text, "mutated.json")
    except SrcalignError:
        return
    findings = check_alignment(alignment, TERMBASE)
    for fmt in FORMATS:
        try:
            rendered = render_export(alignment, findings, fmt)
        except SrcalignError:
            continue
        if fmt in ("tmx", "xliff", "tbx"):
            etree.fromstring(rendered.data)


@given(st.lists(st.one_of(
    st.fixed_dictionaries({}, optional={"id": st.one_of(st.text(max_size=12), st.integers(), st.none()), "article": st.one_of(st.text(max_size=20), st.none(), st.lists(st.text())), "source": st.one_of(st.text(max_size=20), st.sampled_from(["http://[::1/x", "file:///etc/x", "https://u:p@h/x"])), "extra": st.text(max_size=3)}).map(lambda d: json.dumps(d)),
    st.text(max_size=40),
), max_size=6), st.sampled_from([".jsonl", ".csv", ".tsv", ".txt"]))
def test_manifest_parsing_raises_only_srcalign_error(lines, suffix):
    with tempfile.TemporaryDirectory() as folder:
        manifest = Path(folder) / f"m{suffix}"
        manifest.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        try:
            parsed = read_manifest(manifest)
        except SrcalignError:
            return
    for entry in parsed.entries:
        assert entry.id and not entry.id.startswith(".") and "/" not in entry.id
        (entry.id + entry.article + entry.source).encode("utf-8")
    for problem in parsed.problems:
        (problem.id + problem.reason).encode("utf-8")


tsv_cell = st.one_of(st.sampled_from(["source", "preferred", "Bộ Chính trị", "Politbüro", "term", "institution", "#", "", "wrong|falsch", "*Komitee"]), st.text(max_size=10))


@given(st.lists(st.lists(tsv_cell, min_size=0, max_size=8).map("\t".join), max_size=6).map("\n".join), st.sampled_from(["\t", ","]))
def test_termbase_tsv_parsing_raises_only_srcalign_error(text, delimiter):
    try:
        parse_tsv(text, "mine.tsv", delimiter=delimiter)
    except SrcalignError:
        pass


tbx_piece = st.sampled_from([
    "<tbx type='TBX-Basic' style='dca' xml:lang='en'>", "</tbx>", "<text><body>", "</body></text>",
    "<conceptEntry id='c1'>", "</conceptEntry>", "<langSec xml:lang='vi'>", "<langSec xml:lang='de'>", "</langSec>",
    "<termSec>", "</termSec>", "<term>Bộ Chính trị</term>", "<term>Politbüro</term>", "<term></term>",
    "<descrip type='administrativeStatus'>preferredTerm-admn-sts</descrip>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "<?xml version='1.0'?>",
])


@given(st.lists(st.one_of(tbx_piece, st.text(max_size=8)), max_size=14).map("".join))
def test_termbase_tbx_parsing_raises_only_srcalign_error(text):
    try:
        parse_tbx(text.encode("utf-8", "surrogatepass"), "mine.tbx")
    except SrcalignError:
        pass


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 5))
def test_threshold_is_a_probability_or_refused(threshold):
    alignment = Alignment.from_json(json.dumps(seed_file()))
    try:
        render_export(alignment, [], "xliff", threshold=threshold)
    except SrcalignError:
        assert math.isnan(threshold) or not 0 <= threshold <= 1
    else:
        assert 0 <= threshold <= 1


def test_parse_alignment_names_the_file():
    with pytest.raises(SrcalignError, match=r"^x\.json: "):
        parse_alignment("{}", "x.json")
