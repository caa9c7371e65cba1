"""The vi-de termbase: loading (built-in, TSV, CSV, TBX), Vietnamese and German matching, errors."""

from __future__ import annotations

import unicodedata

import pytest

from toolkit.errors import SrcalignError
from toolkit.termbase import TermEntry, Termbase, german_pattern, load_termbase, syllable_key


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return load_termbase()


def _sources(termbase: Termbase, text: str) -> list[tuple[str, str]]:
    return [(m.entry.source, text[m.start : m.end]) for m in termbase.find_source(text)]


def _targets(termbase: Termbase, text: str, source: str) -> list[tuple[str, str]]:
    return [(m.matched_text, m.status) for m in termbase.find_target(text) if m.entry.source == source]


def test_builtin_covers_the_party_vocabulary(termbase):
    required = [
        "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng", "Ban Tổ chức Trung ương",
        "Ủy ban Kiểm tra Trung ương", "Ủy ban Kiểm tra Tỉnh ủy", "Tỉnh ủy", "Ban Thường vụ Tỉnh ủy",
        "HĐND tỉnh", "UBND tỉnh", "Bí thư", "Phó Bí thư Thường trực", "Trưởng Ban", "Phó Trưởng Ban",
        "Chủ nhiệm", "Chủ tịch", "Ủy viên", "Trung ương", "Đoàn kiểm tra", "Nghị quyết", "Chỉ thị",
        "Kết luận", "Đại hội", "phong trào thi đua", "chuyển đổi số", "đổi mới sáng tạo", "chính sách",
    ]
    for source in required:
        assert termbase.lookup(source) is not None, source
    centre = termbase.lookup("Trung ương")
    assert centre.preferred == "Zentralkomitee" and "Zentralregierung" in centre.wrong
    assert "Nachahmerbewegung" in termbase.lookup("phong trào thi đua").wrong
    assert all(e.category in ("institution", "title", "document", "term") for e in termbase.entries)
    assert all(e.origin.startswith("vi-de.tsv:") for e in termbase.entries)


def test_tone_placement_nfd_and_case_match_the_same_entry(termbase):
    for text in ("Ủy ban Kiểm tra Tỉnh ủy", "Uỷ ban Kiểm tra Tỉnh uỷ", "ủy ban kiểm tra tỉnh ủy"):
        assert [s for s, _ in _sources(termbase, text)] == ["Ủy ban Kiểm tra Tỉnh ủy"], text
    nfd = unicodedata.normalize("NFD", "Bí thư Tỉnh ủy Hầu A Lềnh")
    matches = termbase.find_source(nfd)
    assert [m.entry.source for m in matches] == ["Bí thư Tỉnh ủy"]
    assert unicodedata.normalize("NFC", nfd[matches[0].start : matches[0].end]) == "Bí thư Tỉnh ủy"
    assert syllable_key("Thủy") == syllable_key("Thuỷ") == syllable_key("THỦY")


def test_abbreviations_are_source_variants(termbase):
    assert _sources(termbase, "Chủ tịch UBND tỉnh Phan Huy Ngọc") == [("Chủ tịch", "Chủ tịch"), ("UBND tỉnh", "UBND tỉnh")]
    assert _sources(termbase, "Chủ tịch HĐND tỉnh") == [("Chủ tịch", "Chủ tịch"), ("HĐND tỉnh", "HĐND tỉnh")]


def test_longest_match_wins_but_shared_words_keep_both(termbase):
    # "Tỉnh ủy" inside "Ban Thường vụ Tỉnh ủy" is dropped; "Trưởng Ban" and "Ban Tổ chức Trung ương" share "Ban".
    assert [s for s, _ in _sources(termbase, "Ban Thường vụ Tỉnh ủy")] == ["Ban Thường vụ Tỉnh ủy"]
    assert [s for s, _ in _sources(termbase, "Trưởng Ban Tổ chức Trung ương Lê Minh Hưng")] == [
        "Trưởng Ban",
        "Ban Tổ chức Trung ương",
    ]


def test_words_across_punctuation_do_not_form_a_term(termbase):
    assert _sources(termbase, "Bộ Chính trị") == [("Bộ Chính trị", "Bộ Chính trị")]
    assert "Bộ Chính trị" not in [s for s, _ in _sources(termbase, "các bộ. Chính trị là")]


def test_document_codes_do_not_match_as_terms(termbase):
    assert _sources(termbase, "Nghị quyết số 18-NQ/TW") == [("Nghị quyết", "Nghị quyết")]


def test_german_inflection_of_renderings(termbase):
    tbo = "Ban Tổ chức Trung ương"
    assert _targets(termbase, "Vorsitzender der Zentralen Organisationskommission", tbo) == [
        ("Zentralen Organisationskommission", "preferred")
    ]
    for form in ("Zentrales Organisationskomitee", "des Zentralen Organisationskomitees", "die Zentralen Organisationskomiteen"):
        assert [s for _, s in _targets(termbase, form, tbo)] == ["wrong"], form
    assert _targets(termbase, "Das Inspektionsteam forderte", "Đoàn kiểm tra") == [("Inspektionsteam", "variant")]
    assert _targets(termbase, "die Nachahmerbewegungen", "phong trào thi đua") == [("Nachahmerbewegungen", "wrong")]
    assert _targets(termbase, "der Zentralregierung", "Trung ương") == [("Zentralregierung", "wrong")]
    assert _targets(termbase, "Der Vorsitzende des", "Chủ tịch") == [("Vorsitzende", "preferred")]
    assert _targets(termbase, "der nationalen digitalen Transformation", "chuyển đổi số") == [
        ("digitalen Transformation", "preferred")
    ]


def test_german_words_are_whole_words_unless_marked_as_compound_heads(termbase):
    assert _targets(termbase, "Provinzparteikomitees", "cấp ủy") == []  # Parteikomitee inside a compound
    assert _targets(termbase, "Umsetzungsplans", "Kế hoạch") == [("Umsetzungsplans", "preferred")]  # *Plan
    assert _targets(termbase, "Vorzugspolitiken", "chính sách") == [("Vorzugspolitiken", "preferred")]  # *Politik
    assert _targets(termbase, "Politik", "chính sách") == [("Politik", "preferred")]


def test_one_span_for_several_entries_and_contained_matches(termbase):
    matches = termbase.find_target("Richtlinien des Zentralkomitees der Partei")
    pairs = {(m.entry.source, m.matched_text, m.status) for m in matches}
    assert ("Chỉ thị", "Richtlinien", "variant") in pairs and ("chính sách", "Richtlinien", "wrong") in pairs
    assert ("Ban Chấp hành Trung ương Đảng", "Zentralkomitees der Partei", "preferred") in pairs
    assert not any(text == "Zentralkomitees" for _, text, _ in pairs)  # inside the longer match


def test_canonical_rendering(termbase):
    entry = termbase.lookup("Ban Tổ chức Trung ương")
    assert termbase.canonical_rendering(entry, "Zentralen Organisationskomitees") == "Zentrales Organisationskomitee"
    assert termbase.canonical_rendering(entry, "Politbüro") == ""


def test_german_pattern_keeps_function_words_fixed():
    import regex

    pattern = regex.compile(german_pattern("Sekretär des Provinzparteikomitees"), regex.IGNORECASE)
    assert pattern.search("der Sekretär des Provinzparteikomitees")
    assert not pattern.search("der Sekretär dem Provinzparteikomitee")


def test_user_tsv_overrides_and_adds(tmp_path):
    user = tmp_path / "house.tsv"
    user.write_text(
        "# house style\n"
        "source\tsource_variants\tpreferred\tvariants\twrong\tcategory\tnote\n"
        "Đoàn kiểm tra\t\tKontrolldelegation\tInspektionsteam\t\tterm\thouse style\n"
        "Lê Minh Hưng\t\tLê Minh Hưng\t\tLe Minh Hung\tterm\n",
        encoding="utf-8",
    )
    termbase = load_termbase([user])
    entry = termbase.lookup("Đoàn kiểm tra")
    assert entry.preferred == "Kontrolldelegation" and entry.origin == f"{user}:3"
    assert len([e for e in termbase.entries if e.source == "Đoàn kiểm tra"]) == 1
    assert _targets(termbase, "die Arbeitsgruppe", "Đoàn kiểm tra") == []
    assert _targets(termbase, "Genosse Le Minh Hung", "Lê Minh Hưng") == [("Le Minh Hung", "wrong")]


def test_two_column_tsv_and_csv(tmp_path):
    two = tmp_path / "two.tsv"
    two.write_text("Bộ Công an\tMinisterium für Öffentliche Sicherheit\n", encoding="utf-8")
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text('source,source_variants,preferred,variants,wrong,category,note\n"Bộ Y tế",,Gesundheitsministerium,"Ministerium für Gesundheit",,institution,"a, b"\n', encoding="utf-8")
    termbase = load_termbase([two, csv_file], builtin=False)
    assert [e.source for e in termbase.entries] == ["Bộ Công an", "Bộ Y tế"]
    assert termbase.entries[1].variants == ("Ministerium für Gesundheit",) and termbase.entries[1].note == "a, b"


@pytest.mark.parametrize(
    "content, message",
    [
        ("Bộ Chính trị\n", "line 1: expected at least source and preferred"),
        ("ok\t\tgut\nBộ Chính trị\t\t\n", "line 2: no preferred German rendering"),
        ("\t\tPolitbüro\n", "line 1: empty source term"),
        ("Bộ Chính trị\t\tPolitbüro\t\t\tpeople\n", "line 1: unknown category 'people'"),
        ("a\tb\tc\td\te\tterm\tnote\textra\n", "line 1: 8 columns"),
    ],
)
def test_broken_tsv_lines_are_named(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SrcalignError) as error:
        load_termbase([path])
    assert str(path) in str(error.value) and message in str(error.value)


TBX_2019 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <descrip type="subjectField">institution</descrip>
   <langSec xml:lang="vi"><termSec><term>Ban Tổ chức Trung ương</term></termSec></langSec>
   <langSec xml:lang="de">
    <termSec><term>Organisationskommission des Zentralkomitees</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>Zentrale Organisationskommission</term>
     <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>Organisationskomitee</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
   </langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""

TBX_2008 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="t1">
 <langSet xml:lang="vi"><tig><term>Bộ Công an</term></tig></langSet>
 <langSet xml:lang="de"><tig><term>Ministerium für Öffentliche Sicherheit</term></tig></langSet>
</termEntry></body></text></martif>
"""


def test_tbx_basic_both_dialects(tmp_path):
    new = tmp_path / "new.tbx"
    new.write_text(TBX_2019, encoding="utf-8")
    old = tmp_path / "old.xml"
    old.write_text(TBX_2008, encoding="utf-8")
    termbase = load_termbase([new, old])
    entry = termbase.lookup("Ban Tổ chức Trung ương")
    assert entry.preferred == "Organisationskommission des Zentralkomitees"
    assert entry.variants == ("Zentrale Organisationskommission",) and entry.wrong == ("Organisationskomitee",)
    assert entry.category == "institution" and entry.origin.endswith("conceptEntry c1")
    assert termbase.lookup("Bộ Công an").preferred == "Ministerium für Öffentliche Sicherheit"


def test_tbx_written_by_the_export_module_reads_back(tmp_path):
    from toolkit.export.tbx import ADMITTED, PREFERRED, TermEntry as TbxEntry, TermVariant, render_tbx

    data = render_tbx(
        [TbxEntry((TermVariant("Đoàn kiểm tra"),), (TermVariant("Inspektionsgruppe", PREFERRED), TermVariant("Inspektionsteam", ADMITTED)))]
    ).data
    path = tmp_path / "export.tbx"
    path.write_bytes(data)
    (entry,) = load_termbase([path], builtin=False).entries
    assert (entry.source, entry.preferred, entry.variants) == ("Đoàn kiểm tra", "Inspektionsgruppe", ("Inspektionsteam",))


@pytest.mark.parametrize(
    "content, message",
    [
        ("<tbx><text><body><conceptEntry id='c1'>", "not well-formed XML at line 1"),
        ("<html><body/></html>", "not a TBX file"),
        (
            "<tbx><text><body>\n<conceptEntry id='c9'><langSec xml:lang='de'><termSec><term>X</term></termSec></langSec></conceptEntry></body></text></tbx>",
            "<conceptEntry id='c9'> at line 2: no Vietnamese term",
        ),
        (
            "<tbx><text><body><conceptEntry id='c2'><langSec xml:lang='vi'><termSec><term> </term></termSec></langSec></conceptEntry></body></text></tbx>",
            "has no term",
        ),
    ],
)
def test_broken_tbx_names_the_element(tmp_path, content, message):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SrcalignError) as error:
        load_termbase([path])
    assert str(path) in str(error.value) and message in str(error.value)


def test_missing_termbase_file(tmp_path):
    with pytest.raises(SrcalignError, match="no such termbase file"):
        load_termbase([tmp_path / "nope.tsv"])


def test_entries_are_frozen_values():
    entry = TermEntry("Bộ Chính trị", preferred="Politbüro")
    with pytest.raises(AttributeError):
        entry.preferred = "x"  # type: ignore[misc]
    assert Termbase((entry,)).find_target("des Politbüros")[0].status == "preferred"


# --- round trip of the term lists `srcalign terms` writes ---------------------------------------


@pytest.fixture(scope="module")
def seed_lists(tmp_path_factory):
    from tests.check.seed import seed_alignment
    from toolkit.check.inventory import render_inventory, term_inventory

    alignment = seed_alignment()
    items = term_inventory(alignment, load_termbase())
    folder = tmp_path_factory.mktemp("lists")
    (folder / "terms.tsv").write_text(render_inventory(items, "tsv"), encoding="utf-8")
    (folder / "terms.tbx").write_text(render_inventory(items, "tbx"), encoding="utf-8")
    return alignment, folder


@pytest.mark.parametrize("name", ["terms.tsv", "terms.tbx"])
def test_term_list_reads_back_and_changes_no_finding(seed_lists, name):
    # was: "line 12: unknown category 'Inspektionsgruppe'" for the TSV
    from toolkit.check import check_alignment

    alignment, folder = seed_lists
    read_back = load_termbase([folder / name])
    without = check_alignment(alignment, load_termbase())
    with_list = check_alignment(alignment, read_back)
    assert [f.to_dict() for f in with_list] == [f.to_dict() for f in without] and len(without) == 27
    entry = read_back.lookup("Lê Minh Hưng")
    assert entry is not None and entry.observed == ("Le Minh Hung",) and not entry.active and entry.category == "person"
    centre = read_back.lookup("Đoàn kiểm tra")
    assert centre.preferred == "Inspektionsgruppe" and "Arbeitsgruppe" in centre.wrong and centre.note  # the built-in note kept


def test_marking_a_rendering_preferred_in_the_list_changes_the_findings(seed_lists, tmp_path):
    from toolkit.check import check_alignment

    alignment, folder = seed_lists
    rows = (folder / "terms.tsv").read_text(encoding="utf-8").splitlines()
    # a term: the preferred column; a name (no preferred yet): ", preferred" after the count
    edited = [r.replace("\tInspektionsgruppe\t", "\tInspektionsteam\t") if r.startswith("Đoàn kiểm tra\t") else r for r in rows]
    edited = [r.replace("Hau A Lenh (3)", "Hầu A Lềnh (3, preferred)") if r.startswith("Hầu A Lềnh\t") else r for r in edited]
    assert sum(a != b for a, b in zip(edited, rows)) == 2
    (tmp_path / "mine.tsv").write_text("\n".join(edited) + "\n", encoding="utf-8")
    termbase = load_termbase([tmp_path / "mine.tsv"])
    entry = termbase.lookup("Đoàn kiểm tra")
    assert entry.preferred == "Inspektionsteam" and "Inspektionsgruppe" in entry.variants and "Arbeitsgruppe" in entry.wrong
    (finding,) = [f for f in check_alignment(alignment, termbase) if f.term == "Đoàn kiểm tra"]
    assert finding.suggestion == "Inspektionsteam" and "preferred: Inspektionsteam" in finding.message
    name = termbase.lookup("Hầu A Lềnh")
    assert name.active and name.preferred == "Hầu A Lềnh"


def test_term_list_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("source\tkind\tcount\trenderings\tunrendered\tpreferred\twhere\nBộ Chính trị\tinstitution\t2\tPolitbüro (2, maybe)\t0\tPolitbüro\tb2→b1\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match=r"bad.tsv: line 2: unknown status 'maybe'"):
        load_termbase([bad])
    bad.write_text("source\tkind\tcount\trenderings\tunrendered\tpreferred\twhere\nBộ Chính trị\tinstitution\t2\tPolitbüro\t0\tPolitbüro\tb2→b1\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match=r"line 2: rendering 'Politbüro' is not"):
        load_termbase([bad])


def test_a_choice_of_preferred_rendering_in_the_project_termbase(tmp_path):
    from tests.check.seed import pair_alignment
    from toolkit.check import check_alignment
    from toolkit.termbase import choose_preferred

    project = tmp_path / "sources" / "termbase.tsv"
    alignment = pair_alignment([("Đoàn kiểm tra làm việc.", "Das Inspektionsteam arbeitete."), ("Đoàn kiểm tra đề nghị.", "Die Arbeitsgruppe forderte.")])
    before = check_alignment(alignment, load_termbase())
    choose_preferred(project, "Đoàn kiểm tra", "Inspektionsteam")
    choose_preferred(project, "Bộ Chính trị", "Politbüro")  # the same as the built-in: no change
    assert project.read_text(encoding="utf-8").splitlines()[0] == "source\tkind\tcount\trenderings\tunrendered\tpreferred\twhere"
    termbase = load_termbase([project])
    entry = termbase.lookup("Đoàn kiểm tra")
    assert (entry.preferred, entry.wrong, entry.note) == ("Inspektionsteam", ("Arbeitsgruppe",), load_termbase().lookup("Đoàn kiểm tra").note)
    (finding,) = [f for f in check_alignment(alignment, termbase) if f.kind == "term"]
    assert finding.suggestion == "Inspektionsteam" and finding.code == "term_wrong"
    assert [f.suggestion for f in before if f.kind == "term"] == ["Inspektionsgruppe"]
    classic = tmp_path / "classic.tsv"
    classic.write_text("Bộ Chính trị\t\tPolitbüro\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match="not a term list"):
        choose_preferred(classic, "Đoàn kiểm tra", "Inspektionsteam")


def test_an_unknown_rendering_is_listed_as_observed_and_reads_back_without_effect(tmp_path):
    from tests.conftest import DATA
    from toolkit.align import align_documents
    from toolkit.check import check_alignment
    from toolkit.check.inventory import render_inventory, term_inventory
    from toolkit.segment import segment_file

    pair = DATA / "check" / "quang-ninh"
    alignment = align_documents(segment_file(pair / "source.txt", "vi"), segment_file(pair / "article.de.txt", "de"))
    listed = render_inventory(term_inventory(alignment, load_termbase()), "tsv")
    row = next(r for r in listed.splitlines() if r.startswith("Bộ Chính trị\t"))
    assert row.split("\t")[3] == "Politbüro (2, preferred) | Politische Büro (1)" and row.split("\t")[4] == "0"
    (tmp_path / "qn.tsv").write_text(listed, encoding="utf-8")
    read_back = load_termbase([tmp_path / "qn.tsv"])
    assert read_back.lookup("Bộ Chính trị").observed == ("Politische Büro",)
    assert [f.to_dict() for f in check_alignment(alignment, read_back)] == [f.to_dict() for f in check_alignment(alignment, load_termbase())]
