"""Finding: one place where a name, term, number or leftover needs an editor's look."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from toolkit.jsonformat import readable_json

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
KINDS: tuple[str, ...] = ("name", "term", "consistency", "number", "leftover")


@dataclass(frozen=True)
class Occurrence:
    """Where a finding occurs: aligned source and target ids with the exact strings there."""

    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    source_text: str
    target_text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_ids": list(self.source_ids),
            "target_ids": list(self.target_ids),
            "source_text": self.source_text,
            "target_text": self.target_text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Occurrence:
        return cls(tuple(data["source_ids"]), tuple(data["target_ids"]), data["source_text"], data["target_text"])


@dataclass(frozen=True)
class Finding:
    """What is wrong or doubtful, on which spans, and what to write instead.

    `kind` is one of KINDS, `code` the precise rule (e.g. "diacritics_dropped"),
    `source_ids`/`target_ids` are block or sentence ids of the first occurrence.
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "source_text": self.source_text,
            "target_text": self.target_text,
            "source_ids": list(self.source_ids),
            "target_ids": list(self.target_ids),
            "message": self.message,
            "suggestion": self.suggestion,
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
        )


def findings_to_json(findings: list[Finding] | tuple[Finding, ...]) -> str:
    """The `check --format json` document: {"findings": [...]}."""
    return readable_json({"findings": [f.to_dict() for f in findings]})


def findings_from_json(text: str) -> list[Finding]:
    return [Finding.from_dict(d) for d in json.loads(text)["findings"]]
