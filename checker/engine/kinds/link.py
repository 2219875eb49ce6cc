"""`link`: every value of `ref` must name an existing item (a value of one of `targets`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.engine.context import Context
from checker.engine.violation import Violation
from checker.model.rules import RefField, Rule
from checker.refs.evaluate import Scope, evaluate


class Params(Rule):
    """Every value of `ref` must equal a value of one of `targets`."""

    kind: Literal["link"]
    ref: RefField
    targets: list[RefField] = Field(min_length=1)


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    # A list, not a set: a malformed value (a table where an id belongs) must not raise.
    known = [hit.value for target in rule.targets for hit in evaluate(target, scope)]
    for hit in evaluate(rule.ref, scope):
        if hit.value not in known:
            yield Violation(
                hit.root,
                hit.path,
                actual=hit.value,
                expected=f"one of {', '.join(sorted(set(map(str, known)))) or '(none)'}",
            )
