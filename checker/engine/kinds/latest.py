"""`latest`: a carried-over judgment comes from the latest earlier inspection of its question.

Reads the scheme's earlier inspections (`scheme.earlier`, each with the `carried_as` map from
current to earlier question keys) and, for each later one that maps the question, its report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from checker.engine.conditions import all_hold
from checker.engine.context import Context
from checker.engine.corpus import Corpus
from checker.engine.crossreport import (
    UncheckableRule,
    describe,
    located,
    missing,
    named_inspection,
    partial_without,
    place,
    report_of,
    unchecked,
)
from checker.engine.violation import Violation
from checker.model.rules import Condition, RefField
from checker.model.scheme import Scheme, year_start
from checker.refs.evaluate import Scope


class Params(UncheckableRule):
    """A carried-over judgment comes from the latest earlier inspection of its question.

    For each item where every `when` condition holds, `inspection` names the scheme's earlier
    inspection the judgment is said to come from. It must exist and map the item's key
    (`carried_as`); and no later earlier inspection that maps the key, before this report's
    year, may have judged it: in that inspection's report, with `item` the mapped question,
    not every `judged` condition may hold.
    """

    kind: Literal["latest"]
    at: RefField
    """As for `earlier`: findings here, "could not check" at the item."""
    when: list[Condition] = []
    inspection: RefField
    judged: list[Condition] = Field(min_length=1)
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "year", "file")


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    opened = named_inspection(rule, scope, context)
    key, year = scope.key, scope.report.get("year")
    if opened is None or not isinstance(key, str) or not isinstance(year, str):
        return  # nothing to check, or an unknown question: the in-report rules say so
    corpus, named = opened
    scheme = context.scheme
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
        found = _judged(rule, scope, scheme, corpus, entry, entry["carried_as"][key])
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
    rule: Params,
    scope: Scope,
    scheme: Scheme,
    corpus: Corpus,
    entry: Mapping[str, Any],
    question: str,
) -> Any:
    """A Location of the mapped question when `entry`'s report judged it; a reason string
    when that cannot be told; None when it did not judge it."""
    earlier = report_of(corpus, scope, entry)
    if earlier is None:
        return missing(entry, scope, corpus)
    questions = earlier.data.get("questions", {})
    if not isinstance(questions, dict) or question not in questions:
        return partial_without(earlier, ("questions", question))
    path = ("questions", question)
    there = Scope(earlier.data, scope.scheme, questions[question], "report", path, scope.memo)
    if all_hold(rule.judged, there, scheme):
        return located(earlier, path, f"{describe(entry)}: {earlier.file}")
    return None
