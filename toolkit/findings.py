"""Finding: one problem with a name, term, number or leftover, at every place it occurs.

A finding has a stable `id` derived from what the problem is (kind, code, source term, the
sorted German renderings), not from where it sits in a list, so a decision about it
(toolkit.decisions) still applies on the next run over the same texts.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Sequence

from toolkit.jsonformat import readable_json

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
KINDS: tuple[str, ...] = ("name", "term", "consistency", "number", "leftover")


@dataclass(frozen=True)
class Occurrence:
    """One place of a finding: aligned ids, the exact strings there, and where they are.

    `*_span` are [start, end) character offsets into the input text of that side, `*_line` its
    1-based line; `*_context` is the aligned sentence (or block) text and `*_at` the string's
    [start, end) inside it, for highlighting. `status` is the termbase's verdict on this
    rendering (preferred, variant, wrong, unknown) for term findings, "" otherwise.
    """

    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    source_text: str
    target_text: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    source_line: int | None = None
    target_line: int | None = None
    source_context: str = ""
    target_context: str = ""
    source_at: tuple[int, int] | None = None
    target_at: tuple[int, int] | None = None
    status: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_ids": list(self.source_ids),
            "target_ids": list(self.target_ids),
            "source_text": self.source_text,
            "target_text": self.target_text,
            "source_span": list(self.source_span) if self.source_span else None,
            "target_span": list(self.target_span) if self.target_span else None,
            "source_line": self.source_line,
            "target_line": self.target_line,
            "source_context": self.source_context,
            "target_context": self.target_context,
            "source_at": list(self.source_at) if self.source_at else None,
            "target_at": list(self.target_at) if self.target_at else None,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Occurrence:
        def pair(value: Any) -> tuple[int, int] | None:
            return (int(value[0]), int(value[1])) if value else None

        return cls(
            tuple(data["source_ids"]),
            tuple(data["target_ids"]),
            data["source_text"],
            data["target_text"],
            source_span=pair(data.get("source_span")),
            target_span=pair(data.get("target_span")),
            source_line=data.get("source_line"),
            target_line=data.get("target_line"),
            source_context=data.get("source_context", ""),
            target_context=data.get("target_context", ""),
            source_at=pair(data.get("source_at")),
            target_at=pair(data.get("target_at")),
            status=data.get("status", ""),
        )

    @property
    def place(self) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
        """What makes two occurrences the same place: ids and strings."""
        return (self.source_ids, self.target_ids, self.source_text, self.target_text)


@dataclass(frozen=True)
class Finding:
    """What is wrong or doubtful, on which spans, and what to write instead.

    `kind` is one of KINDS, `code` the precise rule of its worst reason (e.g. "term_wrong");
    `codes` every rule that found it and `reasons` the reasons in words, when several were
    merged into this one finding. `source_ids`/`target_ids`/`source_text`/`target_text` are
    those of the first occurrence. `term` is the source term the finding is about and
    `renderings` its German renderings (both default to the texts of the occurrences); with
    kind and code they make the `id`.
    """

    kind: str
    code: str
    severity: str
    source_text: str
    target_text: str
    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    message: str
    suggestion: str = ""
    occurrences: tuple[Occurrence, ...] = ()
    codes: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    term: str = ""
    renderings: tuple[str, ...] = ()
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.term:
            object.__setattr__(self, "term", self.source_text)
        if not self.renderings:
            texts = [o.target_text for o in self.occurrences] or [self.target_text]
            object.__setattr__(self, "renderings", tuple(sorted({t for t in texts if t})))
        if not self.codes:
            object.__setattr__(self, "codes", (self.code,))
        if not self.id:
            object.__setattr__(self, "id", finding_id(self.kind, self.code, self.term, self.renderings))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "source_text": self.source_text,
            "target_text": self.target_text,
            "source_ids": list(self.source_ids),
            "target_ids": list(self.target_ids),
            "message": self.message,
            "suggestion": self.suggestion,
            "codes": list(self.codes),
            "reasons": list(self.reasons),
            "term": self.term,
            "renderings": list(self.renderings),
            "occurrences": [o.to_dict() for o in self.occurrences],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            kind=data["kind"],
            code=data.get("code", ""),
            severity=data["severity"],
            source_text=data["source_text"],
            target_text=data["target_text"],
            source_ids=tuple(data["source_ids"]),
            target_ids=tuple(data["target_ids"]),
            message=data["message"],
            suggestion=data.get("suggestion", ""),
            occurrences=tuple(Occurrence.from_dict(o) for o in data.get("occurrences", ())),
            codes=tuple(data.get("codes", ())),
            reasons=tuple(data.get("reasons", ())),
            term=data.get("term", ""),
            renderings=tuple(data.get("renderings", ())),
            id=data.get("id", ""),
        )


def finding_id(kind: str, code: str, term: str, renderings: Sequence[str]) -> str:
    """"F" + 10 hex digits of a sha1 over kind, code, the source term and the sorted renderings.

    Case and Unicode normalisation do not change it; list position and occurrence order do not either.
    """

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    key = "\x1f".join([kind, code, norm(term), *sorted({norm(r) for r in renderings})])
    return "F" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info: the sort key that puts errors first."""
    return len(SEVERITIES) - 1 - SEVERITIES.index(severity)


def at_least(findings: Sequence[Finding], severity: str) -> list[Finding]:
    """The findings at `severity` or worse (--severity, --fail-on)."""
    floor = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) >= floor]


def findings_to_json(findings: list[Finding] | tuple[Finding, ...], **extra: Any) -> str:
    """The `check --format json` document: {"findings": [...]} (plus e.g. "ignored": N)."""
    return readable_json({"findings": [f.to_dict() for f in findings], **extra})


def findings_from_json(text: str) -> list[Finding]:
    return [Finding.from_dict(d) for d in json.loads(text)["findings"]]
