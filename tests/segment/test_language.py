from toolkit.segment.language import detect_language


def test_tells_the_three_languages_apart(seed_article, seed_source):
    assert detect_language(seed_article.read_text(encoding="utf-8"))[0] == "de"
    assert detect_language(seed_source.read_text(encoding="utf-8"))[0] == "vi"
    assert detect_language("The delegation of the Politburo met the provincial committee on Monday, and said that the plan was on track.")[0] == "en"
