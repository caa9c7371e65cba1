"""A project's own files around the checks: its termbase and its decisions, both in the sources folder.

`<sources_dir>/termbase.tsv` (the project termbase, a person's choices of preferred renderings
among them) and `<sources_dir>/decisions.tsv` (toolkit.decisions) are read by `check`, `run`
and `batch` whenever they exist, so a decision taken once holds on every later run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from toolkit.alignment import Alignment
from toolkit.check.report import Tally
from toolkit.decisions import Decision, Decisions, append_decision, decision_for_finding, default_decisions_path, read_decisions
from toolkit.errors import SrcalignError
from toolkit.findings import Finding, at_least

PROJECT_TERMBASE = "termbase.tsv"


def project_termbases(sources_dir: Path | str | None, extra: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The project termbase (when `<sources_dir>/termbase.tsv` exists) followed by the user's files, which win."""
    found: list[Path] = []
    if sources_dir is not None and (Path(sources_dir) / PROJECT_TERMBASE).is_file():
        found.append(Path(sources_dir) / PROJECT_TERMBASE)
    return (*found, *(Path(p) for p in extra))


def project_decisions(sources_dir: Path | str | None, given: Path | str | None = None) -> Decisions:
    """The decisions of `given`, else of `<sources_dir>/decisions.tsv` (none when it does not exist)."""
    if given is not None:
        return read_decisions(given)
    if sources_dir is None:
        return Decisions()
    return read_decisions(default_decisions_path(sources_dir))


@dataclass(frozen=True)
class Decided:
    """Findings after a decisions file: those still reported and those it kept out."""

    reported: tuple[Finding, ...]
    ignored: tuple[Finding, ...] = ()
    accepted: tuple[Finding, ...] = ()

    @property
    def tally(self) -> Tally:
        return Tally(len(self.ignored), len(self.accepted))

    def at_least(self, severity: str | None) -> tuple[Finding, ...]:
        """The reported findings at `severity` or worse (all for None)."""
        return tuple(self.reported) if severity is None else tuple(at_least(self.reported, severity))


def decide(findings: Sequence[Finding], decisions: Decisions) -> Decided:
    """Apply a decisions file: ignored and accepted findings are not reported, but counted."""
    kept, ignored, accepted = decisions.apply(findings)
    return Decided(tuple(kept), tuple(ignored), tuple(accepted))


def record_decision(findings: Sequence[Finding], finding_id: str, decision: str, reason: str, path: Path) -> Decision:
    """Append a decision about the finding `finding_id` (one of `findings`) to the decisions file at `path`."""
    match = next((f for f in findings if f.id == finding_id), None)
    if match is None:
        known = ", ".join(f.id for f in findings[:5])
        raise SrcalignError(f"no finding with id {finding_id!r} in this alignment" + (f" (ids look like {known}, …)" if known else ""))
    if not reason.strip():
        raise SrcalignError("give the reason for the decision with --reason TEXT")
    made = decision_for_finding(match, decision, reason)
    append_decision(path, made)
    return made


def alignment_title(alignment: Alignment) -> str:
    """A title for the QA report: the source's URL or path."""
    return f"srcalign QA report: {alignment.source.url or alignment.source.path or 'alignment'}"
