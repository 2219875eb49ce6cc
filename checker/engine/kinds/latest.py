"""`latest`: a carried-over judgment comes from the latest earlier inspection of its question.

Reads the scheme's earlier inspections (`scheme.earlier`, each with the `carried_as` map from
current to earlier question keys) and, for each later one that maps the question, its report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checker.engine.kinds.base import Violation
from checker.engine.kinds.cross import (
    corpus_of,
    describe,
    inspection,
    located,
    missing,
    partial_without,
    place,
    report_of,
    unchecked,
)
from checker.engine.kinds.implies import holds
from checker.model.rules import LatestRule
from checker.model.scheme import Scheme, year_start
from checker.refs.evaluate import Scope


def check(rule: LatestRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    corpus = corpus_of(scope)
    if corpus is None or not all(holds(c, scope, scheme) for c in rule.when):
        return
    named = inspection(rule.inspection, scope)
    key = scope.key
    year = scope.report.get("year")
    if named is None or not isinstance(key, str) or not isinstance(year, str):
        return  # an unknown source or question: the in-report rules say so
    if key not in named.get("carried_as", {}):
        return
    later = sorted(
        (
            entry
            for entry in scope.scheme.get("earlier", [])
            if key in entry.get("carried_as", {})
            and year_start(named["year"]) < year_start(entry["year"]) < year_start(year)
        ),
        key=lambda entry: year_start(entry["year"]),
        reverse=True,
    )
    reasons: list[str] = []
    for entry in later:
        found = _judged(rule, scope, scheme, entry, entry["carried_as"][key])
        if isinstance(found, str):
            reasons.append(found)
        elif found is not None:
            root, path = place(rule, scope)
            yield Violation(
                root,
                path,
                actual=named["year"],
                expected=entry["year"],
                placeholders={"year": entry["year"], "file": found.file},
                related=(found,),
            )
            return
    if reasons:
        yield from unchecked(rule, scope, reasons[0])


def _judged(
    rule: LatestRule, scope: Scope, scheme: Scheme, entry: Mapping[str, Any], question: str
) -> Any:
    """A Location of the mapped question when `entry`'s report judged it; a reason string
    when that cannot be told; None when it did not judge it."""
    corpus = corpus_of(scope)
    assert corpus is not None
    earlier = report_of(corpus, scope, entry)
    if earlier is None:
        return missing(entry, scope)
    questions = earlier.data.get("questions", {})
    if not isinstance(questions, dict) or question not in questions:
        return partial_without(earlier, ("questions", question))
    path = ("questions", question)
    there = Scope(
        earlier.data, scope.scheme, questions[question], "report", path, scope.context, corpus
    )
    if all(holds(condition, there, scheme) for condition in rule.judged):
        return located(earlier, path, f"{describe(entry)}: {earlier.file}")
    return None
