"""Anchors that survive translation, shared by the aligner and the number checks."""

from toolkit.anchors import code_anchors, number_values


def test_numbers_meet_across_formats():
    vi = number_values("Sáng 17/3, tăng trưởng 8,5%, khóa XII, từ tháng 1/2025, 1.000.000 đồng", "vi")
    de = number_values("Am 17. März, Wachstum 8,5 %, des 12. Zentralkomitees, seit Januar 2025, 1.000.000 Dong", "de")
    assert {"17", "3", "8.5", "12", "1", "2025", "1000000"} <= vi & de


def test_document_codes_and_urls():
    assert code_anchors("Nghị quyết số 18-NQ/TW, xem https://baohagiang.vn/a.") == {"18-NQ/TW", "https://baohagiang.vn/a"}
