"""`srcalign fetch` as a library call: cache lookup, download, decode, extract, keep with provenance.

Nothing is written unless every stage succeeded, and the cache is used before the network: a
source fetched once is read from disk on every later run unless a refresh is asked for.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.errors import SrcalignError
from toolkit.fetch.cache import CachedSource, Provenance, load_cached, source_folder, text_sha256, write_source
from toolkit.fetch.charset import decode_html
from toolkit.fetch.download import DownloadLimits, check_url, download_html, looks_like_html
from toolkit.fetch.extract import Extraction, extract_article
from toolkit.textfile import read_input_bytes
from toolkit.urls import has_userinfo, public_url


@dataclass(frozen=True)
class FetchOptions:
    """Where sources live and what the run may do (touch the network, replace the cache)."""

    sources_dir: Path = Path("sources")
    refresh: bool = False
    offline: bool = False
    html_file: Path | None = None
    limits: DownloadLimits = field(default_factory=DownloadLimits)


@dataclass(frozen=True)
class FetchResult:
    """The folder that holds the source, its provenance, and whether this run wrote it."""

    folder: Path
    provenance: Provenance
    from_cache: bool
    lines: int
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "from_cache": self.from_cache,
            "lines": self.lines,
            "warnings": list(self.warnings),
            "source": self.provenance.to_dict(),
        }

    def summary(self) -> list[str]:
        """Lines for a person; the last one is the folder (what scripts read)."""
        p = self.provenance
        how = {
            "retrieved": "retrieved from the page",
            "imported": "imported from a saved copy of the page",
            "reconstructed": "written by hand, NOT the newspaper's page",
        }[p.provenance]
        lines = [
            f"url: {p.url}",
            f"provenance: {p.provenance} ({how})",
            "cache: " + ("used the cached source; no network (--refresh downloads it again)" if self.from_cache else "written"),
        ]
        if p.title:
            lines.append(f"title: {p.title}")
        if p.provenance == "retrieved":
            final = f" from {p.final_url}" if p.final_url and p.final_url != p.url else ""
            lines.append(f"retrieved: {p.retrieved_at}{final} (HTTP {p.http_status}, {p.content_type}, {p.charset})")
        captions = f", {len(p.captions)} captions" if p.captions else ""
        lines.append(f"text: {self.lines} lines{captions} (source.txt)")
        if p.note:
            lines.append(f"note: {p.note}")
        lines.append(str(self.folder))
        return lines


def fetch_source(url: str, options: FetchOptions = FetchOptions()) -> FetchResult:
    """The source of `url` from the cache, an imported page, or the network, in that order of preference."""
    if has_userinfo(url):
        result = fetch_source(public_url(url), options)
        note = "the URL's user name and password were left out: srcalign sends no credentials and stores none"
        return replace(result, warnings=(*result.warnings, note))
    url = check_url(url)
    folder = source_folder(options.sources_dir, url)
    if options.html_file is not None:
        return _import_page(url, folder, options.html_file)
    if options.offline and options.refresh:
        raise SrcalignError("--refresh needs the network; leave out --offline")
    if not options.refresh:
        cached = load_cached(folder)
        if cached is not None:
            return _from_cache(cached)
        if options.offline:
            raise SrcalignError(f"no cached source for {url} in {folder}; run without --offline to download it")
    download = download_html(url, options.limits)
    decoded = decode_html(download.body, download.header_charset)
    extraction = extract_article(decoded.text, download.final_url)
    provenance = _provenance(
        url,
        "retrieved",
        extraction,
        html=download.body,
        charset=decoded.charset,
        final_url=download.final_url,
        retrieved_at=download.retrieved_at,
        http_status=download.status,
        content_type=download.content_type,
    )
    write_source(folder, extraction.text, provenance, download.body)
    return FetchResult(folder=folder, provenance=provenance, from_cache=False, lines=len(extraction.blocks))


def url_from_article(article: str | os.PathLike[str]) -> str:
    """The URL on an article's "Quelle:" line (spaces the MT put into it removed)."""
    from toolkit.segment import segment_file

    document = segment_file(article)
    url = document.meta.get("source_url")
    if not url:
        raise SrcalignError(f"{article}: no \"Quelle:\" line with a URL; give the URL instead")
    return str(url)


def _import_page(url: str, folder: Path, html_file: Path) -> FetchResult:
    """A page saved from a browser: kept like a download, with provenance `imported`."""
    body = read_input_bytes(html_file)  # the one capped input reader: one-line errors
    if not looks_like_html(body):
        raise SrcalignError(f"{html_file}: this is not an HTML page")
    decoded = decode_html(body)
    extraction = extract_article(decoded.text, url)
    provenance = _provenance(
        url,
        "imported",
        extraction,
        html=body,
        charset=decoded.charset,
        note=f"imported from the saved page {html_file.name}; not retrieved by srcalign, so when it was retrieved is unknown",
    )
    write_source(folder, extraction.text, provenance, body)
    return FetchResult(folder=folder, provenance=provenance, from_cache=False, lines=len(extraction.blocks))


def _from_cache(cached: CachedSource) -> FetchResult:
    lines = sum(1 for line in cached.text.splitlines() if line.strip())
    return FetchResult(
        folder=cached.folder,
        provenance=cached.provenance,
        from_cache=True,
        lines=lines,
        warnings=cached.problems,
    )


def _provenance(url: str, kind: str, extraction: Extraction, html: bytes, charset: str, **fields: Any) -> Provenance:
    return Provenance(
        url=url,
        provenance=kind,
        charset=charset,
        sha256=hashlib.sha256(html).hexdigest(),
        text_sha256=text_sha256(extraction.text),
        extractor=extraction.extractor,
        extractor_version=extraction.extractor_version,
        title=extraction.title,
        captions=extraction.caption_lines,
        **fields,
    )
