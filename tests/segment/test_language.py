from toolkit.segment.language import detect_language


def test_tells_the_three_languages_apart(seed_article, seed_source):
    assert detect_language(seed_article.read_text(encoding="utf-8"))[0] == "de"
    assert detect_language(seed_source.read_text(encoding="utf-8"))[0] == "vi"
    assert detect_language("The delegation of the Politburo met the provincial committee on Monday, and said that the plan was on track.")[0] == "en"


# --- the faster counting gives the very verdicts of the definition it replaced -------------------

import sys  # noqa: E402
from collections import Counter  # noqa: E402

import pytest  # noqa: E402
import regex  # noqa: E402

from tests.conftest import DATA  # noqa: E402
from toolkit.segment import language  # noqa: E402
from toolkit.segment.rules import stopwords  # noqa: E402

# The definitions before the speed-up (the regex module, case-insensitive classes).
REFERENCE_VI = regex.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", regex.IGNORECASE)
REFERENCE_DE = regex.compile(r"[äöüß]", regex.IGNORECASE)


def reference_detect(text: str) -> tuple[str, float]:
    """detect_language as it was written first (a word list, the case-insensitive classes)."""
    sample = text[:20000]
    words = [w.lower() for w in language._WORD.findall(sample)]
    if not words:
        return "de", 0.0
    letters = sum(map(len, words))
    vi_letters = len(REFERENCE_VI.findall(sample)) / max(letters, 1)
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stopwords(lang).intersection(counts)) / len(words) for lang in ("de", "vi", "en")}
    scores["vi"] += 3 * vi_letters
    scores["de"] += 2 * len(REFERENCE_DE.findall(sample)) / max(letters, 1)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    margin = best_score - ranked[1][1]
    return best, 0.0 if best_score == 0 else min(1.0, margin / best_score)


def test_the_letter_classes_match_the_same_code_points_as_the_case_insensitive_ones():
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for fast, reference in ((language._VI_LETTERS, REFERENCE_VI), (language._DE_LETTERS, REFERENCE_DE)):
        assert sorted(set(fast.findall(every))) == sorted(set(reference.findall(every)))


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "batch/ntrex").glob("*.txt"))]
    texts += [line for text in texts for line in text.splitlines()]  # short texts: low confidence, ties
    texts += ["", "123 456", "İSTANBUL İzmir ĐÀ NẴNG Straße STRASSE ẞ", "Der die und — và của là — the and of", "ǅ ǈ ΣΑΣ ﬁ"]
    return texts


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_verdicts_and_confidences_are_those_of_the_first_definition(text):
    assert language.detect_language(text) == reference_detect(text)
