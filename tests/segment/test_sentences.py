import json

import pytest

from tests.conftest import DATA
from toolkit.segment.sentences import split_sentences


def sentences(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


def _golden_cases():
    rows = [json.loads(l) for l in (DATA / "segmentation/de_golden.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["mode"] == "plain"]


@pytest.mark.parametrize("case", _golden_cases(), ids=lambda c: c["id"])
def test_german_golden_cases(case):
    got = [s for line in case["text"].split("\n") if line.strip() for s in sentences(line, "de")]
    squash = lambda xs: ["".join(x.split()) for x in xs]
    assert squash(got) == squash(case["sentences"])


@pytest.mark.parametrize(
    "text",
    [
        "Die Resolution Nr. 18-NQ/TW des 12. Zentralkomitees der Partei gilt weiter.",
        "Am Morgen des 17. März hielt die Arbeitsgruppe eine Sitzung ab.",
        "Im Hinblick auf den 14. Nationalen Parteitag wurde beraten.",
        "Er kam am 17.03.2025 um 14.30 Uhr an, z. B. mit dem Zug.",
        "Das Wachstum lag bei 8,5 % bzw. bei 3.200 Euro pro Kopf.",
        "Dr. Meier und Prof. Schulze u. a. sprachen in St. Gallen.",
        "Mehr unter https://baohagiang.vn/a.b/c.html und info@baohagiang.vn heute.",
        "Er sagte: Das ist gut; wir bleiben dabei.",
    ],
)
def test_german_traps_stay_one_sentence(text):
    assert sentences(text, "de") == [text]


def test_german_real_boundaries_are_split():
    text = "Die Information steht auf Seite 12. Dort kannst du nachlesen. Er kam 2019. Dann ging er."
    assert sentences(text, "de") == ["Die Information steht auf Seite 12.", "Dort kannst du nachlesen.", "Er kam 2019.", "Dann ging er."]


def test_german_quote_of_several_sentences_is_several_sentences():
    text = "Er sagte: „Wir sind bereit. Wir beginnen morgen.“ Dann ging er."
    assert sentences(text, "de") == ["Er sagte: „Wir sind bereit.", "Wir beginnen morgen.“", "Dann ging er."]


def test_german_ellipsis_and_usw():
    assert sentences("Äpfel, Birnen usw. Danach kam der Rest … Und dann nichts.", "de") == [
        "Äpfel, Birnen usw.",
        "Danach kam der Rest …",
        "Und dann nichts.",
    ]
    assert sentences("Äpfel, Birnen usw. wurden verkauft.", "de") == ["Äpfel, Birnen usw. wurden verkauft."]


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn công tác đã đến TP.HCM vào ngày 17/3 để làm việc.",
        "Hội nghị tổ chức tại TP. Hồ Chí Minh với sự tham dự của PGS.TS. Nguyễn Văn An.",
        "ThS. Lê Thị Hoa cho biết tăng trưởng đạt 8,5% trong quý I.",
        "TT. Trump đã gặp các đại biểu tại Nhà Trắng.",
        "Thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương, các cấp ủy v.v. đã triển khai.",
    ],
)
def test_vietnamese_traps_stay_one_sentence(text):
    assert sentences(text, "vi") == [text]


def test_vietnamese_boundaries_and_closing_quotes():
    text = "Ông nói: “Chúng tôi sẽ làm.” Sau đó, đoàn rời đi. Trận đấu diễn ra tại Ý. Chelsea thắng."
    assert sentences(text, "vi") == ["Ông nói: “Chúng tôi sẽ làm.”", "Sau đó, đoàn rời đi.", "Trận đấu diễn ra tại Ý.", "Chelsea thắng."]


def test_spans_cover_the_text_without_surrounding_space():
    text = "  Erster Satz.   Zweiter Satz!  "
    assert split_sentences(text, "de") == [(2, 14), (17, 30)]
    assert [text[s:e] for s, e in split_sentences(text, "de")] == ["Erster Satz.", "Zweiter Satz!"]
