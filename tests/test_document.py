from toolkit.document import Document
from toolkit.segment import segment_file


def test_json_round_trip_is_lossless(seed_article):
    doc = segment_file(seed_article, "de")
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert again.to_json() == doc.to_json()


def test_lookup_by_stable_ids(seed_article):
    doc = segment_file(seed_article, "de")
    assert doc.block("b2").kind == "lead"
    assert doc.sentence("b2.s2").text.startswith("An der Arbeitssitzung nahmen")
    assert len(doc.content_blocks) == 22
