"""Findings: what a rule found, where, and how serious. Frozen and totally ordered."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any

from checker.refs.syntax import Path


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


SEVERITY_NAMES = tuple(str(severity) for severity in sorted(Severity, reverse=True))
"""As rule files write them, most severe first: error, warning, info."""


def pointer(path: Path) -> str:
    """JSON pointer (RFC 6901) of a path: ("questions", "x", "grade") -> /questions/x/grade."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int
    column: int
    path: str = ""
    """JSON pointer to the value, empty for a whole file."""
    note: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    file: str
    path: str
    line: int
    column: int
    expected: str | None = None
    actual: str | None = None
    related: tuple[Location, ...] = field(default=())

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file,
            self.line,
            self.column,
            self.rule_id,
            self.path,
            self.message,
            self.related,
        )

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def fingerprint(self) -> str:
        """Stable across unrelated edits: rule, file and path, never line numbers."""
        text = "\0".join((self.rule_id, self.file, self.path))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["related"] = [asdict(location) for location in self.related]
        data["fingerprint"] = self.fingerprint
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        fields = {key: value for key, value in data.items() if key != "fingerprint"}
        fields["severity"] = Severity.parse(fields["severity"])
        fields["related"] = tuple(Location(**location) for location in fields["related"])
        return cls(**fields)


@dataclass(frozen=True)
class RuleDoc:
    """A rule as output formats describe it (SARIF `tool.driver.rules`)."""

    id: str
    name: str
    title: str
    severity: str
    what: str = ""
    why: str = ""
    example: str = ""
    instead: str = ""
    help_uri: str = ""
    """Where the rule's docs are read on the web (SARIF `helpUri`)."""
