from toolkit.align.features import name_anchors


def test_names_fold_diacritics_and_d_with_stroke():
    assert {"le", "minh", "hung", "duong"} <= name_anchors("Lê Minh Hưng và Nguyễn Quang Dương") & name_anchors(
        "Le Minh Hung und Nguyen Quang Duong"
    )
    assert "doan" in name_anchors("Đoàn kiểm tra")
