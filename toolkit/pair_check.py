"""Wrong input refused before anything is written: two texts in one language, or a source that is not the article's.

One check for `align`, `run` and `batch`, so the three agree on what they refuse; `--force`
turns a refusal into a warning. The thresholds are measured by bench/relatedness.py on the
NTREX development documents (true pairs against the Vietnamese of one document and the German
of another); the README gives the figures.
"""

from __future__ import annotations

import regex

from toolkit.alignment import Alignment
from toolkit.document import Document
from toolkit.errors import SrcalignError
from toolkit.normalize import fold_diacritics
from toolkit.segment.language import detect_language

#: The aligner's relatedness (agreement of numbers, names and codes in aligned pairs) below
#: which the source is plainly not the article's. True pairs: 0.917 and up; mismatched: 0.049 at most.
MIN_RELATEDNESS = 0.2
#: Where the texts hold too few anchors for the aligner to judge (it then says 1.0): the share of
#: capitalised words and numbers the two texts have in common. True pairs: 0.20 and up.
MIN_SHARED_WORDS = 0.1
#: With fewer numbers, names and codes than this to compare, a low relatedness alone is too
#: little to refuse by (a true pair scored 0.145 on 3 of 6): the shared words must agree.
MIN_ANCHORS_TO_JUDGE = 10
#: ... and with few anchors, the share of shared names and numbers below which the source is
#: refused. 1,200 perturbed true pairs: 0.176 and up; crossed pairs with few anchors: 0.08 at most.
MAX_SHARED_WORDS_FEW_ANCHORS = 0.12
#: Fewer capitalised words and numbers than this on a side: too little to judge by.
MIN_WORDS_TO_JUDGE = 8
#: A language verdict at least this sure (detect_language's confidence) is trusted for a refusal.
#: NTREX development texts are detected right with confidence 0.49 and up.
SURE_LANGUAGE = 0.3
#: The languages detect_language tells apart; a side declared in another language is not judged.
DETECTED_LANGUAGES = frozenset({"de", "vi", "en"})
_FORCE_HINT = "use --force to align them anyway"
_NAME_OR_NUMBER = regex.compile(r"\p{Lu}\p{L}{2,}|\p{N}+")


def text_of(document: Document) -> str:
    """The document's text without portal lines, as the language detector and the word overlap see it."""
    return "\n".join(b.text for b in document.blocks if not b.boilerplate)


def language_problem(source: Document, target: Document) -> str | None:
    """Why the pair's languages cannot be right (swapped, one language on both sides, a side not
    in its declared language), or None. Only sure verdicts count: a short text says nothing."""
    src_lang, src_sure = detect_language(text_of(source))
    tgt_lang, tgt_sure = detect_language(text_of(target))
    src_known = src_sure >= SURE_LANGUAGE and source.lang in DETECTED_LANGUAGES
    tgt_known = tgt_sure >= SURE_LANGUAGE and target.lang in DETECTED_LANGUAGES
    if src_known and tgt_known and src_lang == target.lang and tgt_lang == source.lang and source.lang != target.lang:
        return (
            f"the source looks {src_lang!r} and the target {tgt_lang!r}: the languages are swapped; "
            "give the Vietnamese source first"
        )
    if src_known and tgt_known and src_lang == tgt_lang:
        if source.lang != target.lang:
            return f"both texts look {src_lang!r}: the source should be {source.lang!r} and the target {target.lang!r}"
        return f"both texts look {src_lang!r}: a source and its translation are in two languages"
    if tgt_known and tgt_lang != target.lang:
        return f"the target {_name(target)} looks {tgt_lang!r}, not {target.lang!r}"
    if src_known and src_lang != source.lang:
        return f"the source {_name(source)} looks {src_lang!r}, not {source.lang!r}"
    return None


def shared_names_and_numbers(source: Document, target: Document) -> tuple[float, int]:
    """(share of the smaller side's capitalised words and numbers found on the other side, that
    side's count). Words are folded and cut to five letters, so "Trump"/"Trumps" and "Hà Nội"/
    "Ha Noi" meet; what a translation keeps (names, numbers) is what a wrong source lacks."""
    def words(document: Document) -> set[str]:
        return {fold_diacritics(w).lower()[:5] for w in _NAME_OR_NUMBER.findall(text_of(document))}

    src, tgt = words(source), words(target)
    smaller = min(len(src), len(tgt))
    return (len(src & tgt) / smaller if smaller else 0.0), smaller


def relatedness_problem(alignment: Alignment) -> str | None:
    """Why the source is plainly not the article's (measured on the aligned pair), or None."""
    relatedness = alignment.meta.get("relatedness")
    share, count = shared_names_and_numbers(alignment.source, alignment.target)
    shared, possible = alignment.meta.get("anchors_shared"), alignment.meta.get("anchors_possible")
    enough = isinstance(possible, int) and possible >= MIN_ANCHORS_TO_JUDGE
    low = isinstance(relatedness, (int, float)) and relatedness < MIN_RELATEDNESS
    if low and (enough or share < MAX_SHARED_WORDS_FEW_ANCHORS):
        return (
            f"the source is plainly not the article's: relatedness {relatedness:.2f} "
            f"({shared} of {possible} numbers, names and codes agree)"
        )
    if count >= MIN_WORDS_TO_JUDGE and share < MIN_SHARED_WORDS:
        return (
            f"the source is plainly not the article's: the texts share {share:.0%} of their names and numbers "
            f"(true pairs share 20% and more)"
        )
    return None


def check_article_language(article: Document, *, force: bool = False) -> list[str]:
    """Refuse an article that is surely not in its declared language (before a run fetches or writes)."""
    found, sure = detect_language(text_of(article))
    problem = None
    if sure >= SURE_LANGUAGE and article.lang in DETECTED_LANGUAGES and found != article.lang:
        problem = f"the article {_name(article)} looks {found!r}, not {article.lang!r}"
    return _refuse_or_warn(problem, force)


def check_languages(source: Document, target: Document, *, force: bool = False) -> list[str]:
    """Refuse a pair whose languages cannot be right (SrcalignError); with `force`, return the warning instead."""
    return _refuse_or_warn(language_problem(source, target), force)


def check_related(alignment: Alignment, *, force: bool = False) -> list[str]:
    """Refuse an aligned pair whose source is plainly not the article's; with `force`, return the warning instead."""
    return _refuse_or_warn(relatedness_problem(alignment), force)


def _refuse_or_warn(problem: str | None, force: bool) -> list[str]:
    if problem is None:
        return []
    if not force:
        raise SrcalignError(f"{problem}; {_FORCE_HINT}")
    return [f"{problem} (aligned anyway: --force)"]


def _name(document: Document) -> str:
    return document.path or "standard input"
