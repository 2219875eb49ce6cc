"""What a kind yields, and the comparisons kinds share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.model.findings import Location
from checker.model.rules import operand_ref
from checker.model.scheme import Scheme, year_start
from checker.refs.evaluate import Path, Scope, anchor, evaluate, parse


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
    severity: str | None = None
    """Overrides the rule's severity: a cross-report check that could not be made is info."""
    message: str | None = None
    """Overrides the rule's message template (already filled in)."""
    placed: bool = False
    """The kind chose the place itself: the rule's `at` does not move it."""


def resolve_operand(value: Any, scope: Scope) -> list[Any]:
    """The values an operand stands for: a literal, or every hit of a `{reference}`."""
    ref = operand_ref(value)
    if ref is None:
        return [value]
    return [hit.value for hit in evaluate(ref, scope)]


def grade_rank(scheme: Scheme, value: Any) -> int | None:
    return scheme.grades.rank(value) if isinstance(value, str) else None


def year_of(value: Any) -> int | None:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return year_start(value)
    return None


__all__ = ["Violation", "anchor", "evaluate", "grade_rank", "parse", "resolve_operand", "year_of"]
