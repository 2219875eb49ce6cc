"""Conditions: `{ ref = ..., OP = operand }` tested on the hits of a reference.

Every kind that has `when`, `then` or `judged` conditions tests them here, so one operator
means the same thing in every kind. Value operators need at least one hit and hold when every
hit passes; `present` and the counts look at the number of hits; `at_least`/`at_most` compare
on the grade scale and pass over labels that are not grades; `before`/`after` compare
inspection years.

Three values. In a `partial` report what is left out is unknown, so `truth` is True, False or
None (unknown): False only when the condition fails in every completion of the report (a value
that is there and fails, a count already past its maximum), True only when it holds in every
completion. A kind reports a finding on a False, nothing on a None (see checker.engine.check:
`--show-unknown`). In a complete report nothing is unknown and `truth` is `holds`.

`holds` and `failure` are the two-valued tests (an absent value is missing): the cross-report
kinds use them on earlier reports, where they tell for themselves whether a failure is for want
of data (`lacking`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.model.rules import Condition, operand_ref
from checker.model.scheme import Scheme, year_start
from checker.refs.evaluate import Hit, Scope, anchor, evaluate, known
from checker.refs.syntax import Path

Truth = bool | None
"""True, False, or None: unknown (a completion of the partial report could go either way)."""


def all_hold(conditions: list[Condition], scope: Scope, scheme: Scheme) -> bool:
    return all(holds(condition, scope, scheme) for condition in conditions)


def all_true(conditions: list[Condition], scope: Scope, scheme: Scheme) -> Truth:
    """True when every condition is; False when one is false; else None."""
    result: Truth = True
    for condition in conditions:
        found = truth(condition, scope, scheme)
        if found is False:
            return False
        if found is None:
            result = None
    return result


def known_failures(
    conditions: list[Condition], scope: Scope, scheme: Scheme
) -> tuple[list[Failure], bool]:
    """Where each condition that is false in every completion fails, in the order written,
    and whether some other condition is unknown."""
    found, unknown = [], False
    for condition in conditions:
        value = truth(condition, scope, scheme)
        if value is None:
            unknown = True
        elif value is False:
            failed = failure(condition, scope, scheme)
            assert failed is not None  # false in every completion: false as it stands
            found.append(failed)
    return found, unknown


def truth(condition: Condition, scope: Scope, scheme: Scheme) -> Truth:
    """Whether `condition` holds in every completion (True), in none (False), or it depends
    on what a partial report leaves out (None)."""
    if not scope.partial:
        return holds(condition, scope, scheme)
    hits, complete = _known_hits(condition, scope)
    operator, operand = condition.operator, condition.operand
    if operator == "present":
        if bool(hits) == bool(operand):
            return True if operand or complete else None
        return False if hits or complete else None
    if operator == "count_min":
        return True if len(hits) >= int(operand) else (False if complete else None)
    if operator == "count_max":
        return False if len(hits) > int(operand) else (True if complete else None)
    allowed, allowed_complete = _known_allowed(condition, scope)
    if not allowed_complete:
        return None  # what the operand names may be left out
    if any(not _passes(operator, hit.value, allowed, scheme) for hit in hits):
        return False  # a value that is there fails, and stays in every completion
    if not hits:
        return False if complete else None
    return True if complete else None


def failures(conditions: list[Condition], scope: Scope, scheme: Scheme) -> Iterator[Failure]:
    """Where each failing condition fails, in the order written."""
    for condition in conditions:
        failed = failure(condition, scope, scheme)
        if failed is not None:
            yield failed


Failure = tuple[str, Path, Any, str]
"""Where a condition fails (root and path; where the value would be, when it is missing),
what is there, and what was expected."""


def _hits(condition: Condition, scope: Scope) -> list[Hit]:
    refs = condition.ref
    if len(refs) == 1:
        return evaluate(refs[0], scope)
    return [hit for ref in refs for hit in evaluate(ref, scope)]


def holds(condition: Condition, scope: Scope, scheme: Scheme) -> bool:
    """Whether `condition` holds: the quick test, with nothing described."""
    hits = _hits(condition, scope)
    operator, operand = condition.operator, condition.operand
    if operator == "present":
        return bool(hits) == bool(operand)
    if operator == "count_min":
        return len(hits) >= int(operand)
    if operator == "count_max":
        return len(hits) <= int(operand)
    if not hits:
        return False
    allowed = _allowed(condition, scope)
    if operator == "equals" or operator == "in_":
        return all(hit.value in allowed for hit in hits)
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
    hits = _hits(condition, scope)
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
        return None, "missing", _expected(condition, scope)
    allowed = _allowed(condition, scope)
    for hit in hits:
        if not _passes(operator, hit.value, allowed, scheme):
            return hit, hit.value, _expected(condition, scope)
    return None


def _known_hits(condition: Condition, scope: Scope) -> tuple[list[Hit], bool]:
    hits: list[Hit] = []
    complete = True
    for ref in condition.ref:
        found, whole = known(ref, scope)
        hits += found
        complete = complete and whole
    return hits, complete


def _known_allowed(condition: Condition, scope: Scope) -> tuple[list[Any], bool]:
    reference = condition.operand_reference
    if reference is None:
        return _allowed(condition, scope), True
    hits, complete = known(reference, scope)
    return [hit.value for hit in hits], complete


def _allowed(condition: Condition, scope: Scope) -> list[Any]:
    """The operand's values: the literal (a list as written), or the hits of `{...}`."""
    reference = condition.operand_reference
    if reference is not None:
        return [hit.value for hit in evaluate(reference, scope)]
    operand = condition.operand
    return operand if isinstance(operand, list) else [operand]


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
    ranks = [grade_rank(scheme, a) for a in allowed]
    if not ranks or None in ranks:
        return False
    # A grade compares only with grades of its own scale ("Met" is not above "Good").
    return all(
        b[0] == rank[0] and (rank[1] >= b[1] if operator == "at_least" else rank[1] <= b[1])
        for b in ranks
        if b is not None
    )


def _expected(condition: Condition, scope: Scope) -> str:
    words = {
        "equals": "",
        "not_equals": "not ",
        "in_": "one of ",
        "not_in": "none of ",
        "before": "before ",
        "after": "after ",
        "at_least": "at least ",
        "at_most": "at most ",
    }[condition.operator]
    values = _allowed(condition, scope)
    shown = ", ".join(_as_written(value) for value in values) if values else "(nothing)"
    return f"{words}{shown}"


def _as_written(value: Any) -> str:
    """An operand as a report writes it: `true`, not Python's `True`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def lacking(condition: Condition, scope: Scope) -> bool:
    """Whether `condition` fails for want of data (a value absent, too few items) rather than
    for a value that contradicts it: absence in a partial report proves nothing."""
    hits = _hits(condition, scope)
    operator, operand = condition.operator, condition.operand
    if operator == "present":
        return bool(operand) and not hits
    if operator == "count_min":
        return len(hits) < int(operand)
    if operator == "count_max":
        return False
    return not hits


def resolve_operand(value: Any, scope: Scope) -> list[Any]:
    """The values an operand stands for: a literal, or every hit of a `{reference}`."""
    ref = operand_ref(value)
    if ref is None:
        return [value]
    return [hit.value for hit in evaluate(ref, scope)]


def grade_rank(scheme: Scheme, value: Any) -> tuple[str, int] | None:
    """The scale of a grade and its place there; None for what is not a grade."""
    return scheme.rank(value) if isinstance(value, str) else None


def year_of(value: Any) -> int | None:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return year_start(value)
    return None
