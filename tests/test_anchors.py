"""Anchors that survive translation, shared by the aligner and the number checks."""

from toolkit.anchors import code_anchors, number_values


def test_numbers_meet_across_formats():
    vi = number_values("Sáng 17/3, tăng trưởng 8,5%, khóa XII, từ tháng 1/2025, 1.000.000 đồng", "vi")
    de = number_values("Am 17. März, Wachstum 8,5 %, des 12. Zentralkomitees, seit Januar 2025, 1.000.000 Dong", "de")
    assert {"17", "3", "8.5", "12", "1", "2025", "1000000"} <= vi & de


def test_document_codes_and_urls():
    assert code_anchors("Nghị quyết số 18-NQ/TW, xem https://baohagiang.vn/a.") == {"18-NQ/TW", "https://baohagiang.vn/a"}


def test_digits_of_newer_unicode_versions_do_not_crash():
    """U+11F50 (Kawi digit zero, Unicode 15) is a digit to `regex` but not to int() in Python 3.11:
    found by the property suite as a crash of `check` on a German text '\U00011f50.'."""
    from toolkit.anchors import code_anchors, number_values

    assert number_values("\U00011f50.", "de") == number_values("", "de")
    assert code_anchors("\U00011f50-NQ/TW") == frozenset()
