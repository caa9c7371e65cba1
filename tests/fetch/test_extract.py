"""Extraction on realistic Vietnamese news pages: every paragraph and caption, in order, no chrome."""

from __future__ import annotations

import pytest

from toolkit.errors import SrcalignError
from toolkit.fetch.extract import ExtractedBlock, extract_article
from toolkit.segment import segment_text
from tests.fetch.support import page_text

T, L, P, C = "title", "lead", "paragraph", "caption"

EXPECTED: dict[str, list[tuple[str, str]]] = {
    # Figure/figcaption captions, a lead outside the body container, an inline ad, an author line.
    "baohagiang_figure.html": [
        (T, "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy"),
        (L, "BHG - Sáng 17/3, Đoàn kiểm tra số 1920 của Bộ Chính trị do đồng chí Lê Minh Hưng, Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương làm Trưởng đoàn đã làm việc với Ban Thường vụ Tỉnh ủy để thông qua dự thảo Báo cáo của Đoàn kiểm tra."),
        (C, "Quang cảnh buổi làm việc"),
        (P, "Tại buổi làm việc, đồng chí Thư ký Đoàn kiểm tra đã thông qua dự thảo Báo cáo kết quả kiểm tra với Ban Thường vụ Tỉnh ủy. Qua kiểm tra cho thấy, Tỉnh ủy đã quan tâm lãnh đạo, chỉ đạo cấp ủy các cấp quán triệt, tuyên truyền sâu rộng Nghị quyết, tạo sự đồng thuận cao trong cán bộ, đảng viên và Nhân dân về sắp xếp tổ chức bộ máy."),
        (C, "Trưởng Ban Tổ chức Trung ương Lê Minh Hưng phát biểu tại buổi làm việc."),
        (P, "Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng, Tỉnh ủy đã kịp thời, nghiêm túc lãnh đạo, chỉ đạo quán triệt, bảo đảm yêu cầu đề ra."),
        (P, "Thực hiện Kết luận số 123-KL/TW của Ban Chấp hành Trung ương Đảng về Đề án bổ sung về phát triển kinh tế - xã hội năm 2025 với mục tiêu tăng trưởng đạt 8% trở lên, Ban Thường vụ Tỉnh ủy đã tổ chức hội nghị quan trọng nhằm quán triệt sâu sắc các quan điểm, mục tiêu."),
        (C, "Bí thư Tỉnh ủy Hầu A Lềnh phát biểu tại buổi làm việc."),
        (P, "Kết luận buổi làm việc, đồng chí Lê Minh Hưng ghi nhận, đánh giá cao những kết quả tỉnh Hà Giang đã đạt được trong thực hiện các chỉ thị, nghị quyết, kết luận của Trung ương."),
        (P, "Để đạt mục tiêu tăng trưởng 8% trở lên, cần quyết liệt tháo gỡ các điểm nghẽn trong giải ngân vốn đầu tư công; đồng thời tập trung nguồn lực đầu tư các dự án trọng điểm như: Đường cao tốc Tuyên Quang - Hà Giang, Khu kinh tế cửa khẩu quốc tế Thanh Thủy."),
        (P, "Tin, ảnh: VĂN NGHỊ"),
    ],
    # figure.tplCaption and the older table.tplCaption, a related box and an ad inside the body,
    # a location stamp glued to the lead, an inline link, tags and comments after the body.
    "vnexpress_tplcaption.html": [
        (T, "Hà Nội thí điểm vùng phát thải thấp trong phố cổ"),
        (L, "Hà Nội Từ tháng 7, xe máy chạy xăng bị hạn chế vào vùng phát thải thấp gồm 9 phường thuộc quận Hoàn Kiếm, theo kế hoạch thành phố vừa ban hành."),
        (P, "Theo kế hoạch của UBND thành phố, vùng phát thải thấp được thí điểm trong khu vực phố cổ từ ngày 1/7, áp dụng với xe máy, ôtô chạy xăng, dầu vào các khung giờ cao điểm."),
        (C, "Phương tiện di chuyển trên phố Hàng Đào, quận Hoàn Kiếm, sáng 17/3. Ảnh: Giang Huy"),
        (P, "Ông Nguyễn Văn Bình, Phó giám đốc Sở Xây dựng, cho biết thành phố sẽ lắp camera giám sát tại 24 điểm ra vào vùng phát thải thấp. Người vi phạm sẽ bị xử phạt theo Nghị định 168 của Chính phủ."),
        (P, "Trong giai đoạn đầu, thành phố khuyến khích người dân sử dụng xe buýt điện, xe đạp công cộng và đi bộ khi vào khu vực phố cổ. Các bãi đỗ xe trung chuyển sẽ được bố trí tại ba điểm quanh hồ Hoàn Kiếm."),
        (C, "Xe buýt điện đón khách tại điểm trung chuyển trên phố Đinh Tiên Hoàng."),
        (P, "Theo Sở Tài nguyên và Môi trường, xe máy là nguồn phát thải lớn nhất trong nội đô, chiếm khoảng 60% lượng bụi mịn PM2.5 vào giờ cao điểm."),
        (P, "Sau sáu tháng thí điểm, thành phố sẽ đánh giá hiệu quả trước khi mở rộng vùng phát thải thấp ra các quận nội thành khác."),
        (P, "Võ Hải"),
    ],
    # PhotoCMS_Caption boxes, an italic caption under an image-only paragraph, a <br> inside a
    # paragraph, a related box inside the body, the sapo in an <h2>.
    "tuoitre_photocms.html": [
        (T, "Học sinh vùng cao Hà Giang đến trường trong giá rét"),
        (L, "TTO - Nhiệt độ xuống dưới 3 độ C, nhiều học sinh ở các xã vùng cao huyện Đồng Văn vẫn đi bộ hàng cây số đến trường. Các điểm trường đã đốt lửa sưởi và nấu cháo nóng cho các em."),
        (P, "Sáng 19/1, sương muối phủ trắng các triền núi ở xã Lũng Cú, huyện Đồng Văn. Từ 6h sáng, các em học sinh Trường tiểu học Lũng Cú đã có mặt ở điểm trường sau gần một giờ đi bộ."),
        (C, "Học sinh Trường tiểu học Lũng Cú đến lớp trong sương muối - Ảnh: TRẦN MAI"),
        (P, "Cô giáo Vàng Thị Dính, giáo viên điểm trường Séo Lủng, cho biết ngay từ đầu tuần nhà trường đã chuẩn bị củi để đốt lửa sưởi trong lớp. \"Các em đến trường mặc chưa đủ ấm nên chúng tôi phải nấu nước nóng, nấu cháo để các em ăn trước giờ học\", cô Dính nói."),
        (P, "Theo Sở Giáo dục và Đào tạo Hà Giang, khi nhiệt độ ngoài trời dưới 7 độ C, học sinh mầm non và tiểu học được nghỉ học. Năm nay nhiều trường đã được hỗ trợ chăn ấm và áo khoác từ các nhà hảo tâm."),
        (C, "Bếp lửa trong lớp học ở điểm trường Séo Lủng"),
        (P, "Ông Sùng Mí Chá, Chủ tịch UBND xã Lũng Cú, cho biết xã đang vận động các gia đình cho con mặc đủ ấm và không để học sinh đi học quá sớm khi trời còn tối."),
    ],
    # An old table layout: no <h1>, paragraphs separated by <br><br> in one <div>, a photo table
    # in the middle of that text, a menu column, "other news" and a footer row.
    "cp1258_table.html": [
        (T, "Bảo tồn làng văn hóa du lịch Lô Lô Chải"),
        (L, "Làng Lô Lô Chải dưới chân cột cờ Lũng Cú đang giữ được gần như nguyên vẹn những ngôi nhà trình tường cổ của đồng bào Lô Lô, trở thành điểm đến hấp dẫn của du khách."),
        (P, "Những năm gần đây, người dân Lô Lô Chải đã cải tạo nhà ở thành homestay nhưng vẫn giữ kiến trúc mái ngói âm dương và tường đất dày."),
        (P, "Ông Sình Dì Gai, Trưởng thôn Lô Lô Chải, cho biết cả thôn có 115 hộ, trong đó 22 hộ làm du lịch cộng đồng, thu nhập bình quân tăng gấp ba lần so với trước."),
        (C, "Du khách trải nghiệm không gian nhà trình tường ở Lô Lô Chải"),
        (P, "Huyện Đồng Văn đã hỗ trợ kinh phí để các hộ dân giữ nguyên mái ngói, cải tạo khu vệ sinh và đào tạo kỹ năng đón tiếp khách."),
        (P, "Nguyễn Yến"),
    ],
}

# Text of the site chrome on the pages: none of it may reach the extracted text.
CHROME = [
    "Trang chủ", "Đăng nhập", "Tìm kiếm", "Quảng cáo", "Tin liên quan", "Đọc nhiều nhất", "Gửi bình luận",
    "Ý kiến", "Bản quyền", "Giấy phép", "Từ khóa", "Chia sẻ", "Lượt xem", "Xem nhiều", "Đọc tiếp",
    "Giá rét kéo dài", "Tin cùng chuyên mục", "Các tin khác", "Chuyên mục", "Cập nhật lúc", "Hà Nội tính cấm xe máy",
    "Mùa hoa tam giác mạch", "Nên làm sớm hơn", "Phố cổ\n", "14:34", "20/01/2025", "Thứ ba, 18/3/2025",
]


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_extracted_blocks_equal_the_expected_ones(page):
    extraction = extract_article(page_text(page))
    got = [(b.kind, b.text) for b in extraction.blocks]
    expected = EXPECTED[page]
    assert len(got) == len(expected), f"{page}: expected {len(expected)} blocks, got {len(got)}"
    assert got == expected
    assert extraction.title == expected[0][1]
    assert extraction.extractor == "trafilatura" and extraction.extractor_version


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_no_site_chrome_in_the_text(page):
    text = extract_article(page_text(page)).text
    for chrome in CHROME:
        assert chrome not in text, chrome


def test_text_is_one_block_per_line_title_first():
    extraction = extract_article(page_text("baohagiang_figure.html"))
    lines = extraction.text.splitlines()
    assert lines == [b.text for b in extraction.blocks]
    assert extraction.text.endswith("\n") and "\n\n" not in extraction.text
    assert extraction.caption_lines == (3, 5, 8)


def test_captions_survive_segmentation_or_are_recorded():
    """The segmenter's own heuristics find the figure captions of a Hà Giang page; where they
    miss captions (VnExpress credits, long table captions), source.json lists the lines."""
    extraction = extract_article(page_text("baohagiang_figure.html"))
    document = segment_text(extraction.text, "vi")
    assert tuple(b.line for b in document.blocks if b.kind == "caption") == extraction.caption_lines
    assert [b.kind for b in document.blocks][:2] == ["title", "lead"]
    assert document.blocks[-1].kind == "byline"


def test_merged_paragraphs_are_split_and_soft_breaks_joined():
    html = (
        "<html><head><title>Tiêu đề bài viết về giao thông</title></head><body><article>"
        "<h1>Tiêu đề bài viết về giao thông</h1>"
        "<div class='content'>Đoạn thứ nhất nói về kế hoạch của thành phố trong năm nay và những năm tới."
        "<br><br>Đoạn thứ hai nói về ý kiến của người dân sống trong khu phố cổ.<br/>"
        "Đoạn thứ ba nói về chi phí đầu tư cho hệ thống camera giám sát giao thông.</div>"
        "<p>Đoạn thứ tư có một dòng<br>ngắt mềm ở giữa câu nhưng vẫn là một đoạn văn duy nhất.</p>"
        "</article></body></html>"
    )
    blocks = extract_article(html).blocks
    assert [b.text for b in blocks] == [
        "Tiêu đề bài viết về giao thông",
        "Đoạn thứ nhất nói về kế hoạch của thành phố trong năm nay và những năm tới.",
        "Đoạn thứ hai nói về ý kiến của người dân sống trong khu phố cổ.",
        "Đoạn thứ ba nói về chi phí đầu tư cho hệ thống camera giám sát giao thông.",
        "Đoạn thứ tư có một dòng ngắt mềm ở giữa câu nhưng vẫn là một đoạn văn duy nhất.",
    ]


def test_marker_brackets_in_the_page_are_dropped_not_trusted():
    """The page's own ⟦7⟧ must not pass for the marker of element 7 (the brackets are removed first)."""
    html = (
        "<html><body><article><h1>Tiêu đề</h1><p>Người dân ⟦7⟧ Hà Giang đón Tết cổ truyền trong không khí "
        "ấm áp, vui tươi và an toàn ở khắp các bản làng.</p></article></body></html>"
    )
    blocks = extract_article(html).blocks
    assert blocks[-1] == ExtractedBlock("paragraph", "Người dân 7 Hà Giang đón Tết cổ truyền trong không khí ấm áp, vui tươi và an toàn ở khắp các bản làng.")


@pytest.mark.parametrize(
    "html",
    [
        page_text("category_index.html"),
        "<html><head><title>Trang chủ</title></head><body><nav><a href='/'>Trang chủ</a></nav></body></html>",
        "<html><body></body></html>",
        "   ",
        "<html><body><script>var a = 'Đoạn văn dài trong mã JavaScript không phải là bài báo';</script></body></html>",
    ],
)
def test_pages_without_an_article(html):
    with pytest.raises(SrcalignError, match="no article text found"):
        extract_article(html)
