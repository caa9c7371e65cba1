"""Decisions that last: a person's verdict on a finding, kept in a TSV file and applied on every run.

The file (default `<sources_dir>/decisions.tsv`) has the header
`id<TAB>source<TAB>rendering<TAB>decision<TAB>reason<TAB>date`, one decision a line, UTF-8.
`decision` is `ignore` (a false alarm: do not report it again) or `accept` (the rendering is
right here: the finding is settled). A row matches a finding by its `id`; a row without an id
matches by source term and rendering (any finding about that source term with one of the
`|`-separated German renderings; an empty rendering matches every finding about the term).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from toolkit.errors import SrcalignError
from toolkit.findings import Finding
from toolkit.textfile import read_text, write_atomic

COLUMNS: tuple[str, ...] = ("id", "source", "rendering", "decision", "reason", "date")
DECISIONS: tuple[str, ...] = ("ignore", "accept")
DEFAULT_NAME = "decisions.tsv"


@dataclass(frozen=True)
class Decision:
    """One verdict: which finding (id, or source term + rendering), ignore or accept, why, when (UTC date)."""

    id: str
    source: str
    rendering: str
    decision: str
    reason: str = ""
    date: str = ""

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise SrcalignError(f"unknown decision {self.decision!r}; use one of {', '.join(DECISIONS)}")
        if not self.id and not self.source:
            raise SrcalignError("a decision needs a finding id or a source term")

    def matches(self, finding: Finding) -> bool:
        """True for the finding this decision is about."""
        if self.id:
            return self.id == finding.id
        if _norm(self.source) != _norm(finding.term):
            return False
        wanted = {_norm(r) for r in self.rendering.split("|") if r.strip()}
        return not wanted or bool(wanted & {_norm(r) for r in finding.renderings})


@dataclass(frozen=True)
class Decisions:
    """The decisions of one file, in file order (a later row about the same finding wins)."""

    items: tuple[Decision, ...] = ()
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.items)

    def decision_for(self, finding: Finding) -> Decision | None:
        """The last decision that matches the finding, if any."""
        found = None
        for item in self.items:
            if item.matches(finding):
                found = item
        return found

    def apply(self, findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding], list[Finding]]:
        """(still reported, ignored, accepted): decided findings are not reported again."""
        kept: list[Finding] = []
        ignored: list[Finding] = []
        accepted: list[Finding] = []
        for finding in findings:
            decision = self.decision_for(finding)
            if decision is None:
                kept.append(finding)
            elif decision.decision == "ignore":
                ignored.append(finding)
            else:
                accepted.append(finding)
        return kept, ignored, accepted


def read_decisions(path: Path | str | None) -> Decisions:
    """The decisions in `path`; a missing file (or None) is no decisions. A broken line is a one-line error."""
    if path is None:
        return Decisions()
    path = Path(path)
    if not path.exists():
        return Decisions(path=path)
    if path.is_dir():
        raise SrcalignError(f"{path}: is a directory, not a decisions file")
    text = read_text(path).text
    items: list[Decision] = []
    for line_no, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
        if not row or not "".join(row).strip() or row[0].startswith("#"):
            continue
        if line_no == 1 and [c.strip() for c in row[: len(COLUMNS)]] == list(COLUMNS):
            continue
        if len(row) < 4 or len(row) > len(COLUMNS):
            raise SrcalignError(f"{path}: line {line_no}: expected the columns {', '.join(COLUMNS)} (at least four), got {len(row)}")
        cells = [c.strip() for c in row] + [""] * (len(COLUMNS) - len(row))
        try:
            items.append(Decision(*cells))
        except SrcalignError as exc:
            raise SrcalignError(f"{path}: line {line_no}: {exc}") from None
    return Decisions(tuple(items), path)


def append_decision(path: Path | str, decision: Decision) -> None:
    """Add one decision to the file (created with its header when missing): read, add, write the whole file atomically."""
    path = Path(path)
    existing = read_decisions(path)
    dated = decision if decision.date else Decision(**{**decision.__dict__, "date": today()})
    rows = ["\t".join(COLUMNS)] + [_row(d) for d in (*existing.items, dated)]
    write_atomic(path, "\n".join(rows) + "\n")


def decision_for_finding(finding: Finding, decision: str, reason: str) -> Decision:
    """A decision about this finding, recording its source term and renderings for a person reading the file."""
    return Decision(finding.id, unicodedata.normalize("NFC", finding.term), " | ".join(finding.renderings), decision, reason, today())


def default_decisions_path(sources_dir: Path | str) -> Path:
    """Where a project keeps its decisions: `<sources_dir>/decisions.tsv`."""
    return Path(sources_dir) / DEFAULT_NAME


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def _row(decision: Decision) -> str:
    return "\t".join(_cell(getattr(decision, c)) for c in COLUMNS)


def _cell(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
