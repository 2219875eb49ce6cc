"""Justified departures: a finding the report itself accepts, with its recorded rationale.

Some inspectorates publish principles that say what a rating "normally" is and allow a
departure when the report records why (CQC: "Where a rating decision is not consistent with
the principles, we will record the rationale clearly in the inspection report"). A rule
written for such a principle says `departable = true`; a report's `[[departures]]` entry
names the rule (id or name), optionally a JSON pointer, and the rationale. Each finding it
covers is kept and shown as a departure, with the rationale, and does not fail the run.

Departures are part of the report, unlike waivers (which are the gate's, and expire): a
departure is a published decision. So a departure from a rule that allows none is an error
(GC003), and one that covers no finding a warning (GC004): either the report changed, or the
departure names the wrong rule or place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checker.gate.selection import did_you_mean
from checker.gate.suppression import GateOutcome, Suppression, covers
from checker.gate.waivers import ReportRules
from checker.inputs.report import LoadedReport
from checker.inputs.tomlfile import InputError, InputErrors
from checker.model.findings import Finding, RuleDoc, Severity, pointer
from checker.model.report import Departure
from checker.output.escape import shown

NOT_DEPARTABLE = RuleDoc(
    id="GC003",
    name="departure-from-fixed-rule",
    title="A departure names a rule that allows none",
    severity="error",
    what="Reports a `[[departures]]` entry whose rule is not `departable`.",
    why="Only principles that say what 'normally' follows admit a recorded departure; a "
    "rule that states a fact the report must keep cannot be set aside by a rationale.",
    example='[[departures]]\nrule = "RULE001"\nrationale = "..."  # RULE001 is not departable',
    instead="Correct the data, or waive the finding for a time with a waiver.",
)
UNUSED = RuleDoc(
    id="GC004",
    name="unused-departure",
    title="A departure covers no finding",
    severity="warning",
    what="Reports a `[[departures]]` entry that no finding of its rule at its path needs.",
    why="The decision it explained now agrees with the rule, or the entry names the wrong "
    "rule or place; a stale rationale misleads readers of the report.",
    example='[[departures]]\nrule = "RULE003"\npath = "/pillars/<key>/grade"\n'
    "# ...but the grade now follows the principle",
    instead="Delete the departure, or correct its rule and path.",
)
DEPARTURE_RULES = (NOT_DEPARTABLE, UNUSED)


def apply(
    findings: Sequence[Finding],
    reports: Sequence[LoadedReport],
    rules_of: Mapping[str, ReportRules],
) -> GateOutcome:
    """Match each report's departures to its findings. A departure naming a rule its rule
    set does not know is an input error; one for a rule not applied (`--select`) is left
    alone, as it may well match in a full run."""
    suppressions: dict[Finding, Suppression] = {}
    own: list[Finding] = []
    errors: list[InputError] = []
    for report in reports:
        rules = rules_of.get(report.file)
        if rules is None:
            continue
        positions = report.document.positions()
        for index, departure in enumerate(report.departures):
            where = ("departures", index)
            line, column = positions.locate(where)
            rule_id = rules.id_of(departure.rule)
            if rule_id is None:
                hint = did_you_mean(departure.rule, [*rules.known, *rules.known.values()])
                message = f"no rule {shown(departure.rule)} in the rule set of {report.file}{hint}"
                at = positions.locate((*where, "rule"))
                errors.append(InputError(report.file, *at, f"departures.{index}.rule", message))
                continue
            if rule_id not in rules.applied:
                continue
            place = (report.file, pointer(where), line, column)
            if rule_id not in rules.departable:
                message = f"departure from {_target(departure)}, a rule that allows none"
                own.append(_finding(NOT_DEPARTABLE, message, *place))
                continue
            matched = [f for f in findings if _covers(departure, rule_id, report.file, f)]
            if not matched:
                message = f"departure from {_target(departure)} covers no finding"
                own.append(_finding(UNUSED, message, *place))
            accepted = Suppression(
                kind="departure", reason=departure.rationale, file=report.file, line=line,
                column=column,
            )  # fmt: skip
            for finding in matched:
                suppressions.setdefault(finding, accepted)
    if errors:
        raise InputErrors(errors)
    return GateOutcome(suppressions, own)


def _covers(departure: Departure, rule_id: str, file: str, finding: Finding) -> bool:
    return (
        finding.file == file and finding.rule_id == rule_id and covers(departure.path, finding.path)
    )


def _target(departure: Departure) -> str:
    return f"{departure.rule} at {departure.path or 'the whole report'}"


def _finding(rule: RuleDoc, message: str, file: str, path: str, line: int, column: int) -> Finding:
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=Severity.parse(rule.severity),
        message=message,
        file=file,
        path=path,
        line=line,
        column=column,
    )
