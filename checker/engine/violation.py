"""What a kind yields: where a rule is broken and the values for its message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.model.findings import Location, Severity
from checker.refs.syntax import Path


@dataclass(frozen=True)
class Violation:
    root: str
    path: Path
    actual: Any = None
    expected: Any = None
    placeholders: dict[str, Any] = field(default_factory=dict)
    related: tuple[tuple[str, Path] | Location, ...] = ()
    """Other places the finding rests on: (root, path) in the report, or a Location placed
    in another file (the report's text, an earlier report)."""
    severity: Severity | None = None
    """Overrides the rule's severity: a cross-report check that could not be made is info."""
    message: str | None = None
    """Overrides the rule's message template (already filled in)."""
    placed: bool = False
    """The kind chose the place itself: the rule's `at` does not move it."""
    unknown: bool = False
    """Not a finding: the check could not be made because the partial report leaves out what
    it needs. The engine reports these only when asked (`--show-unknown`), one per rule and
    report, as an info."""


def unknown_at(root: str, path: tuple[Any, ...]) -> Violation:
    """The check of this item depends on what the partial report leaves out."""
    return Violation(root, path, unknown=True)


def path_order(path: Path) -> tuple[tuple[int, int | str], ...]:
    """A sort key for paths: array indexes as numbers, table keys as text, so that paths sort
    alike whatever order a file writes a table's keys in."""
    return tuple((0, part) if isinstance(part, int) else (1, str(part)) for part in path)
