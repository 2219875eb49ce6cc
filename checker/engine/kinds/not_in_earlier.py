"""`not_in_earlier`: values of this report must not repeat values of the force's earlier
reports, e.g. the id of an area for improvement an earlier report found resolved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from checker.engine.context import Context
from checker.engine.crossreport import CrossReportRule, earlier_values, located, values_and_earlier
from checker.engine.violation import Violation
from checker.model.findings import Location
from checker.model.rules import RefsField
from checker.refs.evaluate import Scope


class Params(CrossReportRule):
    """No value of `ref` may equal a value of `earlier` in an earlier report of the force.

    `earlier` is read in each report of the same force from an earlier year (there `report`
    is that report): e.g. the ids of the areas for improvement it found resolved.
    """

    kind: Literal["not_in_earlier"]
    ref: RefsField
    earlier: RefsField
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "year", "file")


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    found = values_and_earlier(rule.ref, scope, context)
    if found is None:
        return
    current, earlier = found
    seen: dict[object, tuple[str, str, Location]] = {}
    for report, hit in earlier_values(scope, earlier, rule.earlier):
        if hit.value not in seen:
            place = located(report, hit.path, f"{report.data['year']}: {report.file}")
            seen[hit.value] = (report.data["year"], report.file, place)
    for hit in current:
        if isinstance(hit.value, str | int) and hit.value in seen:
            year, file, place = seen[hit.value]
            yield Violation(
                hit.root,
                hit.path,
                actual=hit.value,
                expected="a new id",
                placeholders={"year": year, "file": file},
                related=(place,),
            )
