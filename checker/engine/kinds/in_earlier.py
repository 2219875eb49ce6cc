"""`in_earlier`: values of this report must name values of the force's earlier reports, e.g.
a new area for improvement that `reopens` one an earlier report found resolved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from checker.engine.context import Context
from checker.engine.corpus import is_partial
from checker.engine.crossreport import UncheckableRule, earlier_values, located, values_and_earlier
from checker.engine.violation import Violation
from checker.model.findings import Severity
from checker.model.rules import RefsField
from checker.refs.evaluate import Scope


class Params(UncheckableRule):
    """Every value of `ref` must equal a value of `earlier` in an earlier report of the force.

    `earlier` is read in each report of the same force from an earlier year (there `report`
    is that report). A value none of them has is a finding, unless one of them is `partial`
    or there is none among the reports checked: then the check could not be made (info).
    """

    kind: Literal["in_earlier"]
    ref: RefsField
    earlier: RefsField
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected")


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    found = values_and_earlier(rule.ref, scope, context)
    if found is None:
        return
    current, earlier = found
    known = dict.fromkeys(hit.value for _, hit in earlier_values(scope, earlier, rule.earlier))
    partial = [report.file for report in earlier if is_partial(report)]
    force = scope.report.get("force")
    for hit in current:
        if hit.value in known:
            continue
        if not earlier or partial:
            reason = (
                f"{', '.join(partial)} {'is' if len(partial) == 1 else 'are'} partial"
                if partial
                else f"no earlier report of {force} is among the reports checked"
            )
            if rule.unchecked == "info":
                yield Violation(  # at the item: the check's own finding is at the value
                    hit.root,
                    hit.path[:-1],
                    actual="unchecked",
                    severity=Severity.INFO,
                    message=f"could not check {rule.name} for {hit.value}: {reason}",
                    placed=True,
                    related=tuple(located(r, (), r.data["year"]) for r in earlier[-1:]),
                )
            continue
        yield Violation(
            hit.root,
            hit.path,
            actual=hit.value,
            expected=f"one of {', '.join(sorted(map(str, known))) or '(none)'}",
            related=tuple(located(r, (), r.data["year"]) for r in earlier),
        )
