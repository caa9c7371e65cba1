from toolkit.segment import segment_file, segment_text
from toolkit.segment.blocks import source_url

def test_seed_article_every_line_gets_its_kind(seed_article):
    doc = segment_file(seed_article, "de")
    assert [b.line for b in doc.blocks] == list(range(1, 26))
    assert [b.kind for b in doc.blocks] == [
        "dateline", "lead", "caption", "paragraph", "caption", "paragraph", "caption", "paragraph",
        "caption", "paragraph", "caption", "paragraph", "paragraph", "caption", "paragraph", "paragraph",
        "paragraph", "caption", "paragraph", "paragraph", "paragraph", "byline", "ad_placeholder",
        "source_ref", "comment_counter",
    ]
    assert doc.meta["source_url"].startswith("https://baohagiang.vn/thoi-su-chinh-tri/202503/")
    assert [b.id for b in doc.blocks if b.boilerplate] == ["b23", "b24", "b25"]


def test_seed_captions_lose_their_bar_and_ordinals_stay_whole(seed_article):
    doc = segment_file(seed_article, "de")
    caption = doc.block("b5")
    assert caption.text == "Der Vorsitzende des Zentralen Organisationskomitees, Le Minh Hung, hielt bei dem Treffen eine Rede."
    assert not any(s.text.endswith("|") for b in doc.blocks for s in b.sentences)
    all_sentences = [s.text for b in doc.blocks for s in b.sentences]
    for trap in ("des 12. Zentralkomitees", "Nr. 18-NQ/TW", "14. Nationalen Parteitag", "des 17. März", "Nr. 35-CT/TW"):
        assert any(trap in s for s in all_sentences), trap
    for s in all_sentences:
        assert not s.endswith((" 12.", " 17.", " 14.", "Nr."))


def test_seed_source_kinds(seed_source):
    doc = segment_file(seed_source, "vi")
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:4] == ["title", "dateline", "lead", "caption"]
    assert kinds[-1] == "byline"
    assert kinds.count("caption") == 7
    assert doc.block("b4").text == "Quang cảnh buổi làm việc"


def test_other_portal_caption_forms_and_a_title():
    text = (
        "Provinz Ha Giang stärkt die Parteiarbeit\n"
        "BHG - Am 5. Mai tagte das Komitee. Es beschloss vieles.\n"
        "Delegierte bei der Sitzung. Foto: VAN NGHI\n"
        "Die Sitzung dauerte drei Stunden und endete mit einem Beschluss.\n"
        "Werbung\n"
        "Quelle: https: //baohagiang.vn/ a-b-1.html\n"
        "Kommentare (3)\n"
    )
    doc = segment_text(text, "de")
    assert [b.kind for b in doc.blocks] == ["title", "lead", "caption", "paragraph", "ad_placeholder", "source_ref", "comment_counter"]
    assert doc.meta["source_url"] == "https://baohagiang.vn/a-b-1.html"


def test_a_theo_sentence_mid_article_is_not_a_byline():
    text = "Tiêu đề bài báo\nHG - Mở đầu bài viết dài.\nTheo Bộ trưởng Nguyễn Văn An.\nĐoạn văn tiếp theo rất dài và có dấu chấm cuối câu.\nTheo TTXVN\n"
    kinds = [b.kind for b in segment_text(text, "vi").blocks]
    assert kinds[2] != "byline"
    assert kinds[-1] == "byline"


def test_source_url_without_url():
    assert source_url("Quelle: Báo Hà Giang") is None


def test_known_caption_lines_override_the_heuristics():
    text = "Tiêu đề\nHG - Mở đầu bài viết.\nXe buýt điện đón khách tại bến xe Mỹ Đình sáng 17/3.\nVõ Hải\n"
    heuristic = [b.kind for b in segment_text(text, "vi").blocks]
    assert heuristic[2] != "caption" and heuristic[3] == "caption"
    known = [b.kind for b in segment_text(text, "vi", caption_lines={3}).blocks]
    assert known[2] == "caption" and known[3] != "caption"


def test_a_long_paragraph_ending_in_a_bar_is_not_a_caption():
    long_paragraph = " ".join(["Die Provinz hat im vergangenen Jahr viele neue Straßen gebaut."] * 5) + " |"
    doc = segment_text("Titel der Meldung\nDer erste Absatz steht hier.\n" + long_paragraph + "\nEin kurzes Bild |\n", "de")
    assert [b.kind for b in doc.blocks] == ["title", "lead", "paragraph", "caption"]


def test_ordinary_vietnamese_sentences_with_du_or_kiem_tra_are_not_captions():
    text = (
        "Tỉnh Hà Giang đẩy mạnh xây dựng nông thôn mới\n"
        "Sáng 17/3, Ủy ban nhân dân tỉnh đã tổ chức hội nghị tổng kết năm 2024.\n"
        "Dự án sẽ hoàn thành vào năm 2026 với tổng vốn 300 tỷ đồng.\n"
        "Đoàn kiểm tra đánh giá cao kết quả đạt được.\n"
        "Lãnh đạo tỉnh trao quà cho các hộ nghèo\n"
    )
    kinds = [b.kind for b in segment_text(text, "vi").blocks]
    assert kinds == ["title", "lead", "paragraph", "paragraph", "caption"]


def test_a_paragraph_that_starts_with_mehr_dazu_is_text_a_link_line_is_portal():
    text = (
        "Überschrift\n"
        "Der erste Absatz steht hier.\n"
        "Mehr dazu: Die Regierung beschloss am Montag neue Regeln. Sie gelten ab Juli für alle Betriebe.\n"
        "Mehr dazu: Neue Regeln für Betriebe\n"
    )
    kinds = [b.kind for b in segment_text(text, "de").blocks]
    assert kinds == ["title", "lead", "paragraph", "other"]


def test_portal_line_kind_is_the_first_matching_row_as_when_tried_in_turn(seed_article, seed_source):
    """The shipped rows are matched as one alternation; the kind must be that of the first row
    matching the whole line, as the table's order promises ("Nguồn: …" is a source line even
    though a later byline row matches it too)."""
    from toolkit.segment.blocks import furniture_kind
    from toolkit.segment.rules import block_patterns

    rows = block_patterns().line_patterns
    lines = seed_article.read_text(encoding="utf-8").splitlines() + seed_source.read_text(encoding="utf-8").splitlines()
    lines += ["Nguồn: Báo Hà Giang", "Foto: VNA", "(Ảnh: TTXVN)", "Xem thêm: Thủ tướng họp", "Kommentar (0)", "[Anzeige_2]",
              "bild.jpg", "Mehr dazu: Ein Satz. Und noch einer.", "  Quelle: https://x.vn/a  ", "Theo Báo Nhân Dân"]
    in_turn = [next((kind for kind, p in rows if p.match(line)), None) for line in lines]
    assert [furniture_kind(line) for line in lines] == in_turn
    assert furniture_kind("Nguồn: Báo Hà Giang") == "source_ref"
    assert sum(k is not None for k in in_turn) >= 8
