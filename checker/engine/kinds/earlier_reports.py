"""`earlier_reports`: the earlier reports a report's checks need are in the corpus.

One finding per absent report (not per check that needs it), so a report checked without
its earlier reports says once, for each, that what needs it could not be checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from checker.engine.context import Context
from checker.engine.crossreport import CrossReportRule, missing, report_of
from checker.engine.violation import Violation
from checker.model.rules import RefsField
from checker.refs.evaluate import Scope, evaluate


class Params(CrossReportRule):
    """The earlier reports a report's checks need are among the reports checked.

    `inspections` are references to the scheme's earlier inspections the report relies on
    (`scheme.earlier[year={report.questions.*.carried_over.year}]`); for each one whose report
    of the force is not in the corpus, one finding (placeholder `reason`).
    """

    kind: Literal["earlier_reports"]
    inspections: RefsField
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "reason")


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    corpus = context.corpus
    if corpus is None:
        return
    seen: set[tuple[object, object]] = set()
    for ref in rule.inspections:
        for hit in evaluate(ref, scope):
            entry = hit.value
            if not isinstance(entry, dict) or not isinstance(entry.get("year"), str):
                continue
            if not entry.get("scheme"):
                continue  # an inspection no rule set encodes (PEEL 2015): nothing to read
            key = (entry.get("scheme"), entry["year"])
            if key in seen:
                continue
            seen.add(key)
            if report_of(corpus, scope, entry) is None:
                yield Violation(
                    scope.item_root,
                    scope.item_path,
                    actual="missing",
                    placeholders={"reason": missing(entry, scope, corpus)},
                )
