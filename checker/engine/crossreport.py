"""What the cross-report kinds share: their common parameters, finding the earlier report,
reading it, placing a related location in it, and the info finding for a check that could
not be made."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal

from checker.engine.conditions import all_true
from checker.engine.context import Context
from checker.engine.corpus import Corpus, is_partial
from checker.engine.violation import Violation
from checker.inputs.report import LoadedReport
from checker.model.findings import Location, Severity, pointer
from checker.model.rules import Rule
from checker.refs.evaluate import Hit, Scope, anchor, evaluate
from checker.refs.syntax import Path, Ref


class CrossReportRule(Rule):
    """Common to kinds that read other reports of the same force (the run's corpus).

    Without a corpus they find nothing. With one, an earlier report that is not among the
    reports checked is reported once, by an `earlier_reports` rule.
    """

    needs: ClassVar[frozenset[str]] = frozenset({"corpus"})


class UncheckableRule(CrossReportRule):
    """A cross-report rule whose check may be impossible to make: a `partial` earlier report
    lacks the value. That gives one info finding at the item, unless `unchecked = "silent"`
    (another rule already says it)."""

    unchecked: Literal["info", "silent"] = "info"


def inspection(ref: Ref, scope: Scope) -> Mapping[str, Any] | None:
    """The scheme's earlier inspection a reference picks (`scheme.earlier[year=..., ...]`)."""
    for hit in evaluate(ref, scope):
        if isinstance(hit.value, Mapping) and isinstance(hit.value.get("year"), str):
            return hit.value
    return None


def named_inspection(
    rule: Any, scope: Scope, context: Context
) -> tuple[Corpus, Mapping[str, Any]] | None:
    """The opening of the kinds that read the earlier inspection an item names (`earlier`,
    `latest`): the corpus and the scheme's inspection `rule.inspection` picks, once every
    `rule.when` condition holds (in every completion of a partial report); None when there is
    nothing to check (no corpus, a condition false or unknown, an inspection the scheme does
    not know: the in-report rules say so)."""
    corpus = context.corpus
    if corpus is None or all_true(rule.when, scope, context.scheme) is not True:
        return None
    entry = inspection(rule.inspection, scope)
    return None if entry is None else (corpus, entry)


def report_of(corpus: Corpus, scope: Scope, entry: Mapping[str, Any]) -> LoadedReport | None:
    """The report of this force for the earlier inspection `entry` (its scheme and year)."""
    force, scheme = scope.report.get("force"), entry.get("scheme")
    if not isinstance(force, str) or not isinstance(scheme, str):
        return None
    return corpus.find(force, scheme, entry["year"])


def describe(entry: Mapping[str, Any]) -> str:
    """How a finding names an earlier inspection: the 2017 efficiency inspection (peel-2017)."""
    pillar = f" {entry['pillar']}" if entry.get("pillar") else ""
    return f"the {entry['year']}{pillar} inspection ({entry.get('scheme') or 'no scheme'})"


def inside(scope: Scope, earlier: LoadedReport) -> Scope:
    """The scope with `report` rebound to the earlier report; item, key and scheme kept."""
    return scope.with_report(earlier.data)


def values_and_earlier(
    refs: Iterable[Ref], scope: Scope, context: Context
) -> tuple[list[Hit], list[LoadedReport]] | None:
    """The item's values and the force's earlier reports; None when there is nothing to
    compare (no corpus, or no value)."""
    corpus = context.corpus
    if corpus is None:
        return None
    current = [hit for ref in refs for hit in evaluate(ref, scope)]
    return (current, list(corpus.earlier_than(scope.report))) if current else None


def earlier_values(
    scope: Scope, reports: Iterable[LoadedReport], refs: Iterable[Ref]
) -> Iterator[tuple[LoadedReport, Hit]]:
    """Every id-like value (string or number) the references reach in each earlier report."""
    wanted = tuple(refs)
    for report in reports:
        there = inside(scope, report)
        for ref in wanted:
            for hit in evaluate(ref, there):
                if isinstance(hit.value, str | int):
                    yield report, hit


def located(earlier: LoadedReport, path: Path, note: str) -> Location:
    """A place in another report of the corpus, with its line and column."""
    line, column = earlier.document.positions().locate(tuple(path))
    return Location(earlier.file, line, column, pointer(tuple(path)), note)


def place(rule: CrossReportRule, scope: Scope) -> tuple[str, Path]:
    """Where a finding about the current item goes: the rule's `at`, else the item."""
    if rule.at is not None:
        hits = evaluate(rule.at, scope)
        return (hits[0].root, hits[0].path) if hits else anchor(rule.at, scope)
    return scope.item_root, scope.item_path


def unchecked(
    rule: UncheckableRule, scope: Scope, reason: str, related: tuple[Location, ...] = ()
) -> list[Violation]:
    """The one info finding for a check that could not be made (none when `silent`), at the
    item: the check's own findings go to `at`, so the two have different fingerprints."""
    if rule.unchecked == "silent":
        return []
    root, path = scope.item_root, scope.item_path
    name = scope.item.get("id") if isinstance(scope.item, Mapping) else None
    name = name if isinstance(name, str) else scope.key
    what = f" for {name}" if name is not None else ""
    message = f"could not check {rule.name}{what}: {reason}"
    return [
        Violation(
            root,
            path,
            actual="unchecked",
            related=related,
            severity=Severity.INFO,
            message=message,
            placed=True,
        )
    ]


def missing(entry: Mapping[str, Any], scope: Scope, corpus: Corpus) -> str:
    """Why the report of an earlier inspection is not there to read."""
    force, scheme, year = scope.report.get("force"), entry.get("scheme"), entry["year"]
    several = corpus.duplicates.get((str(force), str(scheme), year))
    if several:
        return f"{len(several)} reports of {force} for {scheme} {year}: {', '.join(several)}"
    return f"no {scheme} {year} report of {force} is among the reports checked"


def partial_without(earlier: LoadedReport, where: Path) -> str | None:
    """The reason a missing value cannot be held against a partial report, else None."""
    if not is_partial(earlier):
        return None
    return f"{earlier.file} is partial and has nothing at {pointer(where) or '/'} to check against"
