"""`unique`: no two hits of `ref` may be equal; each repeat is reported at its own place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from checker.engine.context import Context
from checker.engine.violation import Violation
from checker.model.rules import RefField, Rule
from checker.refs.evaluate import Hit, Scope, evaluate


class Params(Rule):
    """No two hits of `ref` (within one item, when `for_each` is given) may be equal."""

    kind: Literal["unique"]
    ref: RefField


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    first: dict[Any, Hit] = {}
    for hit in evaluate(rule.ref, scope):
        earlier = first.setdefault(_hashable(hit.value), hit)
        if earlier is not hit:
            yield Violation(
                hit.root,
                hit.path,
                actual=hit.value,
                expected="a value not used before",
                related=((earlier.root, earlier.path),),
            )


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, dict | list) else value
