"""A user's word list as alignment evidence: reading TSV glossaries and FreeDict dictd files,
and what it changes in an alignment."""

import gzip
import json

import pytest

from tests.test_cli import run_cli
from toolkit.align import align_texts
from toolkit.align.model import load_model
from toolkit.align.dictionary import build_dictionary, load_dictionaries
from toolkit.align.evaluate import parse_ladder
from toolkit.errors import SrcalignError

# One English sentence (the second) has no German translation; all four have similar lengths
# and no names or numbers, so only word meanings can say which one is missing.
ENGLISH = [
    "The summit lay in fog and the wind was cold.",
    "We waited a long time in the hut for better weather.",
    "In the morning we climbed over the glacier to the ridge.",
    "The view from the ridge was overwhelmingly beautiful.",
]
GERMAN = [
    "Der Gipfel lag im Nebel und der Wind war kalt.",
    "Am Morgen stiegen wir über den Gletscher zum Grat.",
    "Die Aussicht vom Grat war überwältigend schön.",
]
GOLD = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
GLOSSARY = """# English\tGerman
summit\tGipfel
fog\tNebel
cold\tkalt
hut\tHütte
weather\tWetter
morning\tMorgen
glacier\tGletscher
ridge\tGrat
view\tAussicht
beautiful\tschön
climb up\thinaufsteigen
"""


def ladder(beads) -> list:
    return [(b.source, b.target) for b in beads]


def test_glossary_finds_the_untranslated_sentence(tmp_path):
    path = tmp_path / "en-de.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    dictionary = load_dictionaries([path], "en", "de")
    lengths_and_anchors = load_model("vi-de")  # no character n-grams: the dictionary is the only word evidence
    with_words = align_texts(ENGLISH, GERMAN, "en", "de", dictionary=dictionary, model=lengths_and_anchors)
    assert ladder(with_words) == GOLD
    # Without it, length alone glues the untranslated sentence to its neighbour.
    assert ladder(align_texts(ENGLISH, GERMAN, "en", "de", model=lengths_and_anchors)) != GOLD


def test_glossary_lines_multiword_entries_and_stems():
    dictionary = build_dictionary([("Gipfel", "sommet"), ("climb up", "hinaufsteigen"), ("an", "ein")])
    assert dictionary.entries[dictionary.key("Gipfeln")] == {dictionary.key("sommets")}
    assert len(dictionary) == 1  # the multi-word and the two-letter entries are dropped


def write_dictd(folder, name: str, entries: list[str]) -> None:
    """A dictd dictionary as FreeDict ships it: gzip data, index of base64 offsets."""
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(n: int) -> str:
        out = ""
        while True:
            out = digits[n % 64] + out
            n //= 64
            if not n:
                return out

    data = b""
    index = []
    for entry in ["00-database-info\nA test dictionary\n", *entries]:
        raw = entry.encode("utf-8")
        head = "00databaseinfo" if entry.startswith("00-") else entry.split(" ")[0].split("\n")[0]
        index.append(f"{head}\t{b64(len(data))}\t{b64(len(raw))}")
        data += raw
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


FRA_DEU = [
    "sommet /sɔ.mɛ/ <n, masc>\nGipfel, Spitze\nhöchster Punkt eines Berges\n",
    "glacier /ɡla.sje/ <n, masc>\nGletscher 2.\nEismasse\n",
    "pomme de terre /pɔm də tɛʁ/ <n, fem>\nKartoffel\n",
    "soir /swaʁ/ <n, masc>\n1. Abend\nTageszeit nach dem Nachmittag\n2. Lebensabend, Spätzeit\nletzter Lebensabschnitt\n",
]


def test_freedict_dictd_read_backwards_when_named_the_other_way(tmp_path):
    write_dictd(tmp_path, "freedict-fra-deu", FRA_DEU)
    de_fr = load_dictionaries([tmp_path / "freedict-fra-deu.index"], "de", "fr")
    key = de_fr.key
    assert de_fr.entries[key("Gipfel")] == {key("sommet")}
    assert de_fr.entries[key("Spitze")] == {key("sommet")}
    assert de_fr.entries[key("Gletscher")] == {key("glacier")}  # the sense number " 2." is not part of it
    assert key("höchster") not in de_fr.entries  # the definition line is not a translation
    assert key("Kartoffel") not in de_fr.entries  # multi-word headword
    assert de_fr.entries[key("Abend")] == {key("soir")}  # numbered senses: every "N. …" line
    assert de_fr.entries[key("Lebensabend")] == {key("soir")}
    assert key("Tageszeit") not in de_fr.entries  # a sense's definition is not a translation
    fr_de = load_dictionaries([tmp_path / "freedict-fra-deu.dict.dz"], "fr", "de")
    assert fr_de.entries[key("sommet")] == {key("Gipfel"), key("Spitze")}


def test_broken_dictd_files_are_refused_in_one_line(tmp_path):
    write_dictd(tmp_path, "freedict-fra-deu", FRA_DEU)
    data = bytearray((tmp_path / "freedict-fra-deu.dict.dz").read_bytes())
    data[20:40] = bytes(20)  # damaged compressed data
    (tmp_path / "freedict-fra-deu.dict.dz").write_bytes(bytes(data))
    with pytest.raises(SrcalignError, match="not a readable dictd dictionary"):
        load_dictionaries([tmp_path / "freedict-fra-deu.index"], "de", "fr")
    write_dictd(tmp_path, "freedict-deu-eng", FRA_DEU)
    with pytest.raises(SrcalignError, match="a deu-eng dictionary, but the alignment is vie-deu"):
        load_dictionaries([tmp_path / "freedict-deu-eng.index"], "vi", "de")
    (tmp_path / "lonely.index").write_text("Gipfel\tA\tB\n", encoding="utf-8")
    with pytest.raises(SrcalignError, match="needs its .index and its .dict"):
        load_dictionaries([tmp_path / "lonely.index"], "de", "fr")


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such dictionary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "must be UTF-8"),
        (b"just a line without a tab\n", "no usable word pairs"),
    ],
)
def test_unusable_dictionaries_are_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "words.tsv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SrcalignError, match=message):
        load_dictionaries([path], "en", "de")


def test_cli_dictionary_option(tmp_path):
    (tmp_path / "en.txt").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("\n".join(GERMAN) + "\n", encoding="utf-8")
    (tmp_path / "words.tsv").write_text(GLOSSARY, encoding="utf-8")
    common = ("align", "en.txt", "de.txt", "--src-lang", "en", "--tgt-lang", "de", "--presplit", "--format", "ladder")
    result = run_cli(*common, "--dictionary", "words.tsv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert parse_ladder(result.stdout.decode()) == GOLD
    as_json = run_cli(*common[:-2], "--format", "json", "-o", "-", "--dictionary", "words.tsv", cwd=tmp_path)
    used = json.loads(as_json.stdout)["meta"]["dictionary"]
    assert used["paths"] == ["words.tsv"] and used["pairs"] == 10  # recorded with the alignment

    missing = run_cli(*common, "--dictionary", "nowhere.tsv", "-o", "out.txt", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.decode().strip().count("\n") == 0 and "nowhere.tsv" in missing.stderr.decode()
    assert not (tmp_path / "out.txt").exists()
