"""`not_in_earlier`: values of this report must not repeat values of the force's earlier
reports, e.g. the id of an area for improvement an earlier report found resolved."""

from __future__ import annotations

from collections.abc import Iterator

from checker.findings import Location
from checker.kinds.base import Violation
from checker.kinds.cross import corpus_of, earlier_values, located
from checker.refs import Scope, evaluate
from checker.rules import NotInEarlierRule
from checker.scheme import Scheme


def check(rule: NotInEarlierRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    corpus = corpus_of(scope)
    if corpus is None:
        return
    current = [hit for ref in rule.ref for hit in evaluate(ref, scope)]
    if not current:
        return
    seen: dict[object, tuple[str, str, Location]] = {}
    for report, hit in earlier_values(scope, corpus.earlier_than(scope.report), rule.earlier):
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
