"""`implies`: when every `when` condition holds for an item, every `then` condition must.

This one kind covers presence ("every question is encoded"), conditional values ("scope No
needs an earlier year"), counts ("Requires improvement needs an AFI") and the like.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.engine.kinds.base import Violation, grade_rank, resolve_operand, year_of
from checker.model.rules import Condition, ImpliesRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Hit, Path, Scope, anchor, evaluate


def check(rule: ImpliesRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    if not all(holds(condition, scope, scheme) for condition in rule.when):
        return
    for condition in rule.then:
        failed = failure(condition, scope, scheme)
        if failed is None:
            continue
        root, path, actual, expected = failed
        yield Violation(
            root, path, actual=actual, expected=expected, related=_premises(rule, scope, path)
        )
        return


def _premises(rule: ImpliesRule, scope: Scope, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """Where the `when` facts live: the other statements a finding rests on.

    A premise at the finding's own place, or at a table enclosing it, adds nothing.
    """
    return tuple(
        dict.fromkeys(
            (hit.root, hit.path)
            for condition in rule.when
            for ref in condition.ref
            for hit in evaluate(ref, scope)
            if hit.root == "report" and hit.path != path[: len(hit.path)]
        )
    )


Failure = tuple[str, Path, Any, str]
"""Where a condition fails (root and path; where the value would be, when it is missing),
what is there, and what was expected."""


def holds(condition: Condition, scope: Scope, scheme: Scheme) -> bool:
    """Whether `condition` holds: the quick test, with nothing described."""
    hits = [hit for ref in condition.ref for hit in evaluate(ref, scope)]
    operator, operand = condition.operator, condition.operand
    if operator == "present":
        return bool(hits) == bool(operand)
    if operator == "count_min":
        return len(hits) >= int(operand)
    if operator == "count_max":
        return len(hits) <= int(operand)
    if not hits:
        return False
    allowed = _operands(operator, operand, scope)
    return all(_passes(operator, hit.value, allowed, scheme) for hit in hits)


def failure(condition: Condition, scope: Scope, scheme: Scheme) -> Failure | None:
    """None when `condition` holds; else where it fails, the actual value and the expected."""
    found = _failing(condition, scope, scheme)
    if found is None:
        return None
    hit, actual, expected = found
    root, path = (hit.root, hit.path) if hit else anchor(condition.ref[0], scope)
    return root, path, actual, expected


def _failing(
    condition: Condition, scope: Scope, scheme: Scheme
) -> tuple[Hit | None, Any, str] | None:
    hits = [hit for ref in condition.ref for hit in evaluate(ref, scope)]
    operator, operand = condition.operator, condition.operand
    if operator == "present":
        if bool(hits) == operand:
            return None
        return (
            hits[0] if hits else None,
            "present" if hits else "missing",
            "present" if operand else "absent",
        )
    if operator in ("count_min", "count_max"):
        ok = len(hits) >= operand if operator == "count_min" else len(hits) <= operand
        word = "at least" if operator == "count_min" else "at most"
        return None if ok else (None, len(hits), f"{word} {operand}")
    if not hits:
        return None, "missing", _expected(operator, operand, scope)
    allowed = _operands(operator, operand, scope)
    for hit in hits:
        if not _passes(operator, hit.value, allowed, scheme):
            return hit, hit.value, _expected(operator, operand, scope)
    return None


def _operands(operator: str, operand: Any, scope: Scope) -> list[Any]:
    if isinstance(operand, list):
        return operand
    return resolve_operand(operand, scope)


def _passes(operator: str, value: Any, allowed: list[Any], scheme: Scheme) -> bool:
    if operator in ("equals", "in_"):
        return value in allowed
    if operator in ("not_equals", "not_in"):
        return value not in allowed
    if operator in ("before", "after"):
        year = year_of(value)
        bounds = [year_of(a) for a in allowed]
        if year is None or not bounds or None in bounds:
            return False
        return all(year < b if operator == "before" else year > b for b in bounds if b is not None)
    rank = grade_rank(scheme, value)
    if rank is None:
        return True  # "Ungraded" and the like sit off the scale: nothing to compare
    bounds = [grade_rank(scheme, a) for a in allowed]
    if not bounds or None in bounds:
        return False
    return all(rank >= b if operator == "at_least" else rank <= b for b in bounds if b is not None)


def _expected(operator: str, operand: Any, scope: Scope) -> str:
    words = {
        "equals": "",
        "not_equals": "not ",
        "in_": "one of ",
        "not_in": "none of ",
        "before": "before ",
        "after": "after ",
        "at_least": "at least ",
        "at_most": "at most ",
    }[operator]
    values = _operands(operator, operand, scope)
    shown = ", ".join(str(value) for value in values) if values else "(nothing)"
    return f"{words}{shown}"
