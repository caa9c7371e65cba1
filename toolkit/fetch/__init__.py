"""Fetch the cited Vietnamese source and keep it with provenance.

One module per stage: download (HTTP), charset (bytes to text), extract (article blocks),
cache (the source folder and source.json); pipeline runs them in order for `srcalign fetch`.
"""

from toolkit.fetch.cache import PROVENANCES, CachedSource, Provenance, load_cached, source_folder, write_source
from toolkit.fetch.charset import DecodedHtml, decode_html
from toolkit.fetch.download import USER_AGENT, Download, DownloadLimits, download_html
from toolkit.fetch.extract import ExtractedBlock, Extraction, extract_article
from toolkit.fetch.pipeline import FetchOptions, FetchResult, fetch_source, url_from_article

__all__ = [
    "PROVENANCES",
    "USER_AGENT",
    "CachedSource",
    "DecodedHtml",
    "Download",
    "DownloadLimits",
    "ExtractedBlock",
    "Extraction",
    "FetchOptions",
    "FetchResult",
    "Provenance",
    "decode_html",
    "download_html",
    "extract_article",
    "fetch_source",
    "load_cached",
    "source_folder",
    "url_from_article",
    "write_source",
]
