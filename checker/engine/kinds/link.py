"""`link`: every value of `ref` must name an existing item (a value of one of `targets`)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.engine.kinds.base import Violation
from checker.model.rules import LinkRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope, evaluate


def check(rule: LinkRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
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
