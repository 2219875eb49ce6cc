"""`link`: every value of `ref` must name an existing item (a value of one of `targets`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from checker.engine.context import Context
from checker.engine.violation import Violation, unknown_at
from checker.model.rules import RefField, Rule
from checker.refs.evaluate import Scope, evaluate, known


class Params(Rule):
    """Every value of `ref` must equal a value of one of `targets`."""

    kind: Literal["link"]
    ref: RefField
    targets: list[RefField] = Field(min_length=1)


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    """In a partial report, a value naming no known item is unknown when the targets may
    hold more items than were encoded."""
    # A list, not a set: a malformed value (a table where an id belongs) must not raise.
    names: list[Any] = []
    complete = True
    for target in rule.targets:
        hits, whole = known(target, scope)
        names += [hit.value for hit in hits]
        complete = complete and whole
    for hit in evaluate(rule.ref, scope):
        if hit.value in names:
            continue
        if not complete:
            yield unknown_at(hit.root, hit.path)
            continue
        yield Violation(
            hit.root,
            hit.path,
            actual=hit.value,
            expected=f"one of {', '.join(sorted(set(map(str, names)))) or '(none)'}",
        )
