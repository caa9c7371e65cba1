from toolkit.align.features import name_anchors


def test_names_fold_diacritics_and_d_with_stroke():
    assert {"le", "minh", "hung", "duong"} <= name_anchors("Lê Minh Hưng và Nguyễn Quang Dương") & name_anchors(
        "Le Minh Hung und Nguyen Quang Duong"
    )
    assert "doan" in name_anchors("Đoàn kiểm tra")


def test_names_words_and_length_keep_their_definitions_on_tricky_text(seed_article, seed_source):
    """The features are read from one pass over letter runs and a fast length; they must equal
    the plain definitions (capitalised word after a non-letter, words of 3+ letters, whitespace
    collapsed) on NFD text, leading marks, odd spaces and the seed pair."""
    import unicodedata

    import regex

    from toolkit.align.features import spaced_length, word_tokens
    from toolkit.normalize import fold_diacritics

    capitalised = regex.compile(r"(?<![\p{L}\p{M}])(\p{Lu}[\p{L}\p{M}]*)")
    word = regex.compile(r"[\p{L}\p{M}]{3,}")
    texts = seed_article.read_text(encoding="utf-8").splitlines() + seed_source.read_text(encoding="utf-8").splitlines()
    texts += [unicodedata.normalize("NFD", t) for t in texts]
    texts += ["\u0301Hưng và Lê", "ÉĐ Đà-Nẵng x Ab", "  Tô Lâm\tnói\u00a0 ", "a\u2003 b", "Ä\u200bB ÖL", "", " ", "x\x1cy", "\n"]
    for text in texts:
        assert name_anchors(text) == frozenset(fold_diacritics(w).lower() for w in capitalised.findall(text) if len(w) >= 2), text
        assert word_tokens(text) == frozenset(fold_diacritics(w).lower() for w in word.findall(text)), text
        assert spaced_length(text) == len(regex.sub(r"\s+", " ", text).strip()), repr(text)
    assert name_anchors("Tô Lâm nói với Lê Minh Hưng") == {"to", "lam", "le", "minh", "hung"}
