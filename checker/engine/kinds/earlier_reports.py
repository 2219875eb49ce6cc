"""`earlier_reports`: the earlier reports a report's checks need are in the corpus.

One finding per absent report (not per check that needs it), so a report checked without
its earlier reports says once, for each, that what needs it could not be checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.engine.kinds.base import Violation
from checker.engine.kinds.cross import corpus_of, missing, report_of
from checker.model.rules import EarlierReportsRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope, evaluate


def check(rule: EarlierReportsRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    corpus = corpus_of(scope)
    if corpus is None:
        return
    seen: set[tuple[object, object]] = set()
    for ref in rule.inspections:
        for hit in evaluate(ref, scope):
            entry = hit.value
            if not isinstance(entry, dict) or not isinstance(entry.get("year"), str):
                continue
            key = (entry.get("scheme"), entry["year"])
            if key in seen:
                continue
            seen.add(key)
            if report_of(corpus, scope, entry) is None:
                yield Violation(
                    scope.item_root,
                    scope.item_path,
                    actual="missing",
                    placeholders={"reason": missing(entry, scope)},
                )
