"""`earlier`: conditions on the earlier report an item names, e.g. a carried-over grade
equals the grade the earlier inspection gave, or a followed-up AFI was raised there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from checker.engine.conditions import failure, holds, lacking
from checker.engine.context import Context
from checker.engine.crossreport import (
    UncheckableRule,
    describe,
    inside,
    located,
    named_inspection,
    partial_without,
    place,
    report_of,
    unchecked,
)
from checker.engine.violation import Violation, unknown_at
from checker.model.rules import Condition, RefField
from checker.refs.evaluate import Scope, anchor, known


class Params(UncheckableRule):
    """Conditions on the earlier report an item names (a carried-over judgment's source).

    For each item where every `when` condition holds, `inspection` picks the scheme's earlier
    inspection (`scheme.earlier[...]`, whose `scheme` and `year` name the report); in that
    report of the same force, when every `earlier_when` condition holds, every `then`
    condition must. `earlier_when` and `then` are read in the earlier report: there `report`
    is the earlier report, while `scheme`, `item` and `key` stay the current ones (so an
    operand `"{item.grade}"` is this report's grade). `actual` is the earlier value.
    """

    kind: Literal["earlier"]
    at: RefField
    """Where a finding goes; a check that could not be made is reported at the item itself,
    so the two never share a fingerprint (a baselined "could not check" hides no error)."""
    when: list[Condition] = []
    inspection: RefField
    earlier_when: list[Condition] = []
    then: list[Condition] = Field(min_length=1)
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "file")


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    opened = named_inspection(rule, scope, context)
    if opened is None:
        return
    corpus, entry = opened
    scheme = context.scheme
    earlier = report_of(corpus, scope, entry)
    if earlier is None:
        return  # not among the reports checked: an `earlier_reports` rule says so, once
    there = inside(scope, earlier)
    note = f"{describe(entry)}: {earlier.file}"
    if any(_operand_unknown(c, scope) for c in (*rule.earlier_when, *rule.then)):
        # An operand read from this report (`{item.grade}`) that a partial report leaves out.
        yield unknown_at(scope.item_root, scope.item_path)
        return
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


def _operand_unknown(condition: Condition, scope: Scope) -> bool:
    """Whether the condition's operand reads this (partial) report where it leaves a value
    out: then no earlier value can be said to differ from it."""
    reference = condition.operand_reference
    if reference is None or reference.root not in ("item", "key"):
        return False  # a literal, or read in the earlier report
    return not known(reference, scope)[1]
