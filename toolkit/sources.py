"""Where sources live: the slug of a cited URL, and the bundled example pair."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import regex

from toolkit.normalize import fold_diacritics

_UNSAFE = regex.compile(r"[^a-z0-9]+")
_MAX_SLUG = 80

EXAMPLE_URL = (
    "https://baohagiang.vn/thoi-su-chinh-tri/202503/"
    "doan-kiem-tra-cua-bo-chinh-tri-lam-viec-voi-ban-thuong-vu-tinh-uy-52d2fd8/"
)


def slug_for_url(url: str) -> str:
    """A folder name from the URL's last path segment: safe, bounded, stable, collision-free.

    The readable part is sanitised to [a-z0-9-] (no "..", no "/", no absolute path); a short
    hash of the whole URL keeps distinct URLs apart even when their last segments agree.
    """
    url = url.strip()
    path = urlsplit(url).path
    segments = [s for s in unquote(path).split("/") if s and s not in (".", "..")]
    last = segments[-1] if segments else (urlsplit(url).hostname or "source")
    last = regex.sub(r"\.(?:html?|php|aspx?|shtml)$", "", last, flags=regex.IGNORECASE)
    readable = _UNSAFE.sub("-", fold_diacritics(unicodedata.normalize("NFC", last)).lower()).strip("-")
    readable = readable[:_MAX_SLUG].rstrip("-") or "source"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}"


def example_dir() -> Path:
    """The bundled example (article, reconstructed source, provenance), installed with the package."""
    return Path(str(resources.files("toolkit").joinpath("data", "example")))


def example_article() -> Path:
    return example_dir() / "article.de.txt"


def source_record(path: str | Path) -> dict | None:
    """The provenance record (source.json) of a source text inside a sources folder, or None.

    Only `source.txt` beside a `source.json` has one; an unreadable record is no record.
    """
    text = Path(path)
    record = text.parent / "source.json"
    if text.name != "source.txt" or not record.is_file():
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None
