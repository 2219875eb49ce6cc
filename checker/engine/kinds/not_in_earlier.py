"""`not_in_earlier`: values of this report must not repeat values of the force's earlier
reports, e.g. the id of an area for improvement an earlier report found resolved."""

from __future__ import annotations

from collections.abc import Iterator

from checker.engine.kinds.base import Violation
from checker.engine.kinds.cross import earlier_values, located, values_and_earlier
from checker.model.findings import Location
from checker.model.rules import NotInEarlierRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope


def check(rule: NotInEarlierRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    found = values_and_earlier(rule.ref, scope)
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
