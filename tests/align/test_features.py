from toolkit.align.features import code_anchors, name_anchors, number_anchors


def test_numbers_meet_across_formats():
    vi = number_anchors("Sáng 17/3, tăng trưởng 8,5%, khóa XII, từ tháng 1/2025, 1.000.000 đồng", "vi")
    de = number_anchors("Am 17. März, Wachstum 8,5 %, des 12. Zentralkomitees, seit Januar 2025, 1.000.000 Dong", "de")
    assert {"17", "3", "8.5", "12", "1", "2025", "1000000"} <= vi & de


def test_names_fold_diacritics_and_d_with_stroke():
    assert {"le", "minh", "hung", "duong"} <= name_anchors("Lê Minh Hưng và Nguyễn Quang Dương") & name_anchors(
        "Le Minh Hung und Nguyen Quang Duong"
    )
    assert "doan" in name_anchors("Đoàn kiểm tra")


def test_document_codes_and_urls():
    assert code_anchors("Nghị quyết số 18-NQ/TW, xem https://baohagiang.vn/a.") == {"18-NQ/TW", "https://baohagiang.vn/a"}
