"""`earlier`: conditions on the earlier report an item names, e.g. a carried-over grade
equals the grade the earlier inspection gave, or a followed-up AFI was raised there."""

from __future__ import annotations

from collections.abc import Iterator

from checker.engine.kinds.base import Violation
from checker.engine.kinds.cross import (
    corpus_of,
    describe,
    inside,
    inspection,
    lacking,
    located,
    partial_without,
    place,
    report_of,
    unchecked,
)
from checker.engine.kinds.implies import failure, holds
from checker.model.rules import EarlierRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope, anchor


def check(rule: EarlierRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    corpus = corpus_of(scope)
    if corpus is None or not all(holds(c, scope, scheme) for c in rule.when):
        return
    entry = inspection(rule.inspection, scope)
    if entry is None:
        return  # an inspection the scheme does not know: the in-report rules say so
    earlier = report_of(corpus, scope, entry)
    if earlier is None:
        return  # not among the reports checked: an `earlier_reports` rule says so, once
    there = inside(scope, earlier)
    note = f"{describe(entry)}: {earlier.file}"
    for condition in rule.earlier_when:
        if holds(condition, there, scheme):
            continue
        where = anchor(condition.ref[0], there)[1]
        reason = partial_without(earlier, where)
        if reason is not None and lacking(condition, there):
            yield from unchecked(rule, scope, reason, (located(earlier, where, note),))
        return
    for condition in rule.then:
        failed = failure(condition, there, scheme)
        if failed is None:
            continue
        _, where, actual, expected = failed
        related = (located(earlier, where, note),)
        reason = partial_without(earlier, where)
        if reason is not None and lacking(condition, there):
            yield from unchecked(rule, scope, reason, related)
            return
        root, path = place(rule, scope)
        yield Violation(
            root,
            path,
            actual=actual,
            expected=expected,
            placeholders={"file": earlier.file},
            related=related,
        )
        return
