from toolkit.segment import segment_text
from toolkit.segment.recurring import line_patterns, recurring_lines


def article(k: int, extra: str = "") -> str:
    return f"Überschrift {k}\nDer erste Absatz der Meldung {k} steht hier.\n{extra}Der zweite Absatz {k}.\n[Anzeige_2]\nKommentar (0)\n"


def test_a_line_in_many_articles_is_learned_a_line_in_few_is_not():
    texts = [article(k, "Zum Anhören klicken\n") for k in range(8)] + [article(k) for k in range(8, 20)]
    texts[0] = texts[0].replace("Der zweite Absatz 0.", "Folgen Sie uns auf Zalo\nDer zweite Absatz 0.")
    texts[1] = texts[1].replace("Der zweite Absatz 1.", "Folgen Sie uns auf Zalo\nDer zweite Absatz 1.")
    learned = recurring_lines(texts)
    assert learned == ("Zum Anhören klicken",)  # 8 of 20; twice is too rare; ads keep their shipped kind
    kinds = [b.kind for b in segment_text(texts[3], "de", furniture=line_patterns(learned)).blocks]
    assert kinds == ["title", "lead", "other", "paragraph", "ad_placeholder", "comment_counter"]


def test_a_small_batch_learns_nothing_from_two_articles():
    assert recurring_lines([article(1, "Zum Anhören klicken\n"), article(2, "Zum Anhören klicken\n")]) == ()
