"""Where a batch writes: one folder per article, DIR/<id>/, and the corpus files beside them."""

from __future__ import annotations

from pathlib import Path

#: Written inside an article's folder last, just before the folder is renamed into place; a
#: folder with a marker that matches its task is complete and is skipped by a rerun.
MARKER_FILE = "batch.json"

CORPUS_TMX = "corpus.tmx"
CORPUS_JSONL = "corpus.jsonl"
FINDINGS_TSV = "findings.tsv"
SUMMARY_JSON = "summary.json"
#: Names an article id may not take: the corpus files live in the same folder as the articles.
CORPUS_FILES: tuple[str, ...] = (CORPUS_TMX, CORPUS_JSONL, FINDINGS_TSV, SUMMARY_JSON)


def article_folder(out_dir: Path, article_id: str) -> Path:
    """DIR/<id>/: everything `srcalign run` writes for that article, plus the batch marker."""
    return out_dir / article_id


def is_leftover(path: Path) -> bool:
    """A folder an interrupted run left behind: ".<id>.partial-<pid>" or ".<id>.old-<pid>" (toolkit.pipeline)."""
    name = path.name
    return name.startswith(".") and (".partial-" in name or ".old-" in name) and path.is_dir()
