"""The engine: run each selected rule's kind over each report; stamp and place findings.

Pure: no I/O. Kinds yield Violations with paths; this module fills in the message, the rule's
metadata and the file positions (scanned only when there is something to report).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from checker.engine.context import Context
from checker.engine.corpus import Corpus
from checker.engine.kinds import check_function
from checker.engine.violation import Violation
from checker.inputs.report import LoadedReport
from checker.inputs.ruleset import RuleSet
from checker.model.findings import Finding, Location, Severity, pointer
from checker.model.rules import Rule
from checker.refs.evaluate import Hit, Scope, anchor, evaluate


@dataclass(frozen=True)
class Selection:
    """`--select` / `--ignore`: rule ids, id prefixes or names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __contains__(self, rule: Rule) -> bool:
        def named(patterns: tuple[str, ...]) -> bool:
            return any(rule.id.startswith(p) or rule.name == p for p in patterns)

        return (not self.select or named(self.select)) and not named(self.ignore)


def check(
    reports: Iterable[LoadedReport],
    rule_set: RuleSet,
    selection: Selection = Selection(),
    corpus: Corpus | None = None,
    *,
    show_unknown: bool = False,
) -> list[Finding]:
    """Findings of the selected rules on `reports`. Cross-report rules read `corpus` (every
    report of the run, checked or not) and stay silent without one. With `show_unknown`, one
    info per rule and partial report whose check depends on what the report leaves out."""
    rules = [loaded.rule for loaded in rule_set.rules if loaded.rule in selection]
    findings = []
    for report in reports:
        memo: dict[Any, Any] = {}  # what does not change within this report's check
        for rule in rules:
            findings += check_rule(rule, report, rule_set, corpus, memo, show_unknown)
    return sorted(set(findings))


def check_rule(
    rule: Rule,
    report: LoadedReport,
    rule_set: RuleSet,
    corpus: Corpus | None = None,
    memo: dict[Any, Any] | None = None,
    show_unknown: bool = False,
) -> list[Finding]:
    """One rule's findings on one report. `memo` (one dict per report, shared by the rules
    checked on it) keeps what the references compute once per report; None for none.

    A finding on a partial report holds for every way of completing it; where the check
    depends on what the report leaves out, the kind says it is unknown, and that gives
    nothing, or with `show_unknown` one info for the rule and report."""
    context = Context(rule_set.scheme, report.text, corpus, rule_set.claims)
    root = Scope(report.data, rule_set.scheme_data, report.data, "report", (), memo)
    items = (
        evaluate(rule.for_each, root)
        if rule.for_each is not None
        else [Hit("report", (), report.data)]
    )
    kind = check_function(rule.kind)
    findings = []
    unknown: list[Violation] = []
    for item in items:
        scope = root.at(item)
        for violation in kind(rule, scope, context):
            if violation.unknown:
                unknown.append(violation)
            else:
                findings.append(_finding(rule, violation, scope, report))
    if unknown and show_unknown:
        findings.append(_could_not_check(rule, unknown, report))
    return findings


def _could_not_check(rule: Rule, unknown: list[Violation], report: LoadedReport) -> Finding:
    """One info for a rule whose check depends on what a partial report leaves out, or on a
    sentence of the text the claims cannot read plainly."""
    places = sorted({pointer(v.path) or "/" for v in unknown})
    shown = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=Severity.INFO,
        message=f"could not check {rule.name} at {shown}: what it needs is left out of the "
        "partial report, or said in a sentence the claims do not read",
        file=report.file,
        path="",
        line=1,
        column=1,
        actual="unknown",
    )


def _finding(rule: Rule, violation: Violation, scope: Scope, report: LoadedReport) -> Finding:
    placeholders: dict[str, Any] = {
        name: _first(evaluate(ref, scope)) for name, ref in rule.vars.items()
    }
    placeholders.update(key=scope.key, actual=violation.actual, expected=violation.expected)
    placeholders.update(violation.placeholders)
    # Related places are (root, path) in the report, or Locations already placed in another
    # file (a sentence of the report's text), which are passed through as they are.
    elsewhere = tuple(r for r in violation.related if isinstance(r, Location))
    where = [(violation.root, violation.path)]
    where += [r for r in violation.related if not isinstance(r, Location)]
    if rule.at is not None and not violation.placed:
        # The rule asks for its findings at another place (a question's grade rather than
        # the empty list of AFIs); the offending value becomes a related location.
        hits = evaluate(rule.at, scope)
        where.insert(0, (hits[0].root, hits[0].path) if hits else anchor(rule.at, scope))
    line, column, path = _place(*where[0], report)
    related = (
        tuple(
            Location(report.file, *_place(root, place, report)[:2], pointer(place))
            for root, place in dict.fromkeys(where[1:])
            if root == "report" and place != where[0][1] and place
        )
        + elsewhere
    )
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=violation.severity or rule.severity,
        message=(
            violation.message
            if violation.message is not None
            else rule.message.format_map({k: _text(v) for k, v in placeholders.items()})
        ),
        file=report.file,
        path=path,
        line=line,
        column=column,
        expected=_text(violation.expected) if violation.expected is not None else None,
        actual=_text(violation.actual) if violation.actual is not None else None,
        related=related,
    )


def _place(root: str, path: Sequence[Any], report: LoadedReport) -> tuple[int, int, str]:
    if root != "report":
        return 1, 1, ""  # about the scheme, not a value in the report: the file as a whole
    line, column = report.document.positions().locate(tuple(path))
    return line, column, pointer(tuple(path))


def _first(hits: list[Hit]) -> Any:
    return hits[0].value if hits else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
