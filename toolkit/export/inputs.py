"""What `srcalign export` reads: the alignment, the findings file beside it, the source's provenance.

A run folder (alignments/<slug>/) holds alignment.json and findings.json side by side; an export
of that alignment without its findings would silently lose every note and mark, so the findings
beside it are read by default. An alignment made without provenance gets it from the sources
folder its source text came from (source.json) or from the run's summary.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.alignment import Alignment
from toolkit.export.base import read_alignment, read_findings
from toolkit.findings import Finding
from toolkit.sources import source_record

#: The findings file `srcalign run` writes beside alignment.json.
FINDINGS_BESIDE = "findings.json"
SUMMARY_BESIDE = "summary.json"


@dataclass(frozen=True)
class ExportInput:
    """An alignment ready to export, its findings, and which findings file they came from (None: none)."""

    alignment: Alignment
    findings: tuple[Finding, ...]
    findings_path: Path | None


def findings_beside(alignment_path: str | Path) -> Path | None:
    """findings.json in the alignment's folder, when there is one."""
    candidate = Path(alignment_path).parent / FINDINGS_BESIDE
    return candidate if candidate.is_file() else None


def read_export_input(alignment_path: str | Path, findings_path: str | Path | None = None, *, use_findings: bool = True) -> ExportInput:
    """The alignment with its provenance, and its findings: `findings_path`, else the file beside
    the alignment, else none; `use_findings=False` leaves findings out altogether."""
    alignment = read_alignment(alignment_path)
    chosen = None
    if use_findings:
        chosen = Path(findings_path) if findings_path is not None else findings_beside(alignment_path)
    findings = tuple(read_findings(chosen)) if chosen is not None else ()
    return ExportInput(with_provenance(alignment, Path(alignment_path)), findings, chosen)


def with_provenance(alignment: Alignment, alignment_path: Path) -> Alignment:
    """The alignment, its source carrying a provenance record when one can be found beside it."""
    if alignment.source.meta.get("provenance"):
        return alignment
    record = _record_for(alignment, alignment_path)
    if record is None or not record.get("provenance"):
        return alignment
    meta = {**alignment.source.meta, "provenance": record["provenance"], "source_record": record}
    source = replace(alignment.source, meta=meta, url=alignment.source.url or record.get("url") or record.get("source_url"))
    return Alignment(source, alignment.target, alignment.beads, alignment.meta)


def _record_for(alignment: Alignment, alignment_path: Path) -> dict | None:
    if alignment.source.path:
        given = Path(alignment.source.path)
        # as given (relative to where `align` ran), else relative to the project of alignments/<slug>/
        for text in (given, alignment_path.parent.parent.parent / given):
            record = source_record(text)
            if record is not None:
                return record
    summary = alignment_path.parent / SUMMARY_BESIDE
    if summary.is_file():
        try:
            data = json.loads(summary.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        if isinstance(data, dict) and data.get("provenance"):
            return {"provenance": data["provenance"], "url": data.get("source_url")}
    return None
