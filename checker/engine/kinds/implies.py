"""`implies`: when every `when` condition holds for an item, every `then` condition must.

This one kind covers presence ("every question is encoded"), conditional values ("scope No
needs an earlier year"), counts ("Requires improvement needs an AFI") and the like.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from checker.engine.conditions import all_true, known_failures
from checker.engine.context import Context
from checker.engine.violation import Violation, path_order, unknown_at
from checker.model.rules import Condition, Rule
from checker.refs.evaluate import Scope, evaluate


class Params(Rule):
    """For each item: when every `when` condition holds, every `then` condition must hold."""

    kind: Literal["implies"]
    when: list[Condition] = []
    then: list[Condition] = Field(min_length=1)


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    applies = all_true(rule.when, scope, context.scheme)
    if applies is False:
        return
    failed, unknown = known_failures(rule.then, scope, context.scheme)
    if applies is None or (unknown and not failed):
        # Some completion of the partial report might break the rule, another might not.
        yield unknown_at(scope.item_root, scope.item_path)
        return
    if failed:
        root, path, actual, expected = failed[0]  # one finding per item: the first
        yield Violation(
            root, path, actual=actual, expected=expected, related=_premises(rule, scope, path)
        )


def _premises(rule: Params, scope: Scope, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """Where the `when` facts live: the other statements a finding rests on.

    A premise at the finding's own place, or at a table enclosing it, adds nothing. In the
    order of their paths, so that the order of a table's keys in the file changes nothing.
    """
    premises = {
        (hit.root, hit.path)
        for condition in rule.when
        for ref in condition.ref
        for hit in evaluate(ref, scope)
        if hit.root == "report" and hit.path != path[: len(hit.path)]
    }
    return tuple(sorted(premises, key=lambda premise: path_order(premise[1])))
