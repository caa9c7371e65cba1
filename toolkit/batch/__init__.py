"""Whole archives: `srcalign batch` runs the one-article job over a manifest, resumably, in parallel.

manifest.py (the input lines), work.py (one article: the function every engine runs),
engines.py (local worker processes, Ray), corpus.py and consistency.py (the corpus files),
progress.py (the progress display), run.py (the steps in order), layout.py (where files go).
"""

from toolkit.batch.engines import ENGINES, Engine, LocalEngine, RayEngine, default_workers, make_engine
from toolkit.batch.manifest import Manifest, ManifestEntry, ManifestProblem, read_manifest
from toolkit.batch.run import BatchResult, describe, run_batch
from toolkit.batch.consistency import Rendering
from toolkit.batch.work import ArticleOutcome, ArticleTask, BatchSettings, process_article

__all__ = [
    "ENGINES",
    "ArticleOutcome",
    "ArticleTask",
    "BatchResult",
    "BatchSettings",
    "Engine",
    "LocalEngine",
    "Manifest",
    "ManifestEntry",
    "ManifestProblem",
    "RayEngine",
    "Rendering",
    "default_workers",
    "describe",
    "make_engine",
    "process_article",
    "read_manifest",
    "run_batch",
]
