"""Keep a fetched source with its provenance: DIR/<slug>/source.html, source.txt, source.json.

A folder is replaced as a whole: the new files are written into a temporary folder beside it
and renamed into place, so a failure at any point leaves the cache exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import SrcalignError
from toolkit.sources import slug_for_url
from toolkit.textfile import make_folder, publish_folder, staging_folder, write_atomic
from toolkit.urls import public_url

PROVENANCES: tuple[str, ...] = ("retrieved", "imported", "reconstructed")
HTML_FILE, TEXT_FILE, META_FILE = "source.html", "source.txt", "source.json"
SOURCE_FILES: tuple[str, ...] = (HTML_FILE, TEXT_FILE, META_FILE)


@dataclass(frozen=True)
class Provenance:
    """source.json: what was retrieved, from where, when, how it was decoded and extracted.

    `sha256` is the hash of source.html (None when there is none) and `text_sha256` of source.txt,
    so a later reader can verify both; `captions` lists the caption lines of source.txt (1-based).
    """

    url: str
    provenance: str
    final_url: str | None = None
    retrieved_at: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    sha256: str | None = None
    text_sha256: str | None = None
    extractor: str | None = None
    extractor_version: str | None = None
    title: str | None = None
    note: str | None = None
    captions: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": public_url(self.url),
            "final_url": public_url(self.final_url) if self.final_url else self.final_url,
            "retrieved_at": self.retrieved_at,
            "http_status": self.http_status,
            "content_type": self.content_type,
            "charset": self.charset,
            "sha256": self.sha256,
            "text_sha256": self.text_sha256,
            "extractor": self.extractor,
            "extractor_version": self.extractor_version,
            "title": self.title,
            "provenance": self.provenance,
            "note": self.note,
            "captions": list(self.captions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        status = data.get("http_status")
        return cls(
            url=str(data["url"]),
            provenance=str(data["provenance"]),
            final_url=data.get("final_url"),
            retrieved_at=data.get("retrieved_at"),
            http_status=int(status) if status is not None else None,
            content_type=data.get("content_type"),
            charset=data.get("charset"),
            sha256=data.get("sha256"),
            text_sha256=data.get("text_sha256"),
            extractor=data.get("extractor"),
            extractor_version=data.get("extractor_version"),
            title=data.get("title"),
            note=data.get("note"),
            captions=tuple(int(n) for n in data.get("captions") or ()),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class CachedSource:
    """A source folder as found on disk, with any mismatch between its files and source.json."""

    folder: Path
    provenance: Provenance
    text: str
    has_html: bool
    problems: tuple[str, ...] = ()


def source_folder(sources_dir: str | os.PathLike[str], url: str) -> Path:
    """DIR/<slug>: the slug is safe, bounded and distinct per URL (see toolkit.sources.slug_for_url)."""
    return Path(sources_dir) / slug_for_url(url)


def load_cached(folder: Path) -> CachedSource | None:
    """The cached source in `folder`, or None when there is none; a damaged source.json is an error."""
    meta_path = folder / META_FILE
    if not meta_path.is_file() or not (folder / TEXT_FILE).is_file():
        return None
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
        provenance = Provenance.from_dict(data)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise SrcalignError(f"{meta_path}: not a valid source record ({type(exc).__name__}); fetch again with --refresh") from None
    if provenance.provenance not in PROVENANCES:
        raise SrcalignError(f"{meta_path}: unknown provenance {provenance.provenance!r}")
    try:
        text_bytes = (folder / TEXT_FILE).read_bytes()
        html_path = folder / HTML_FILE
        html_bytes = html_path.read_bytes() if html_path.is_file() else None
    except OSError as exc:
        raise SrcalignError(f"{folder}: cannot read the cached source ({exc.strerror})") from None
    problems: list[str] = []
    if provenance.text_sha256 and hashlib.sha256(text_bytes).hexdigest() != provenance.text_sha256:
        problems.append(f"{folder / TEXT_FILE} does not match the text_sha256 in {META_FILE}")
    if html_bytes is not None and provenance.sha256 and hashlib.sha256(html_bytes).hexdigest() != provenance.sha256:
        problems.append(f"{folder / HTML_FILE} does not match the sha256 in {META_FILE}")
    if html_bytes is None and provenance.provenance != "reconstructed":
        problems.append(f"{folder / HTML_FILE} is missing")
    return CachedSource(
        folder=folder,
        provenance=provenance,
        text=text_bytes.decode("utf-8", errors="replace"),
        has_html=html_bytes is not None,
        problems=tuple(problems),
    )


def write_source(folder: Path, text: str, provenance: Provenance, html: bytes | None = None) -> None:
    """Replace the source files in `folder` all at once; other files there (an article) are kept.

    The new folder is built beside the old one and published by the one folder publisher
    (toolkit.textfile.publish_folder): a failure at any point leaves the cache as it was.
    """
    files = {TEXT_FILE: text.encode("utf-8"), META_FILE: provenance.to_json().encode("utf-8")}
    if html is not None:
        files[HTML_FILE] = html
    if folder.exists() and not folder.is_dir():
        raise SrcalignError(f"{folder}: exists and is not a folder")
    make_folder(folder.parent)  # the sources folder is ours to create
    staging = staging_folder(folder)
    try:
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.name in SOURCE_FILES:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.copytree(entry, staging / entry.name, symlinks=True)
                else:
                    shutil.copy2(entry, staging / entry.name, follow_symlinks=False)
        for name, data in files.items():
            write_atomic(staging / name, data)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SrcalignError(f"{folder}: cannot write the cached source ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish_folder(staging, folder, replace=True)


def text_sha256(text: str) -> str:
    """The hash source.json records for source.txt (its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
