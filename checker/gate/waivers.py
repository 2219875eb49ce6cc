"""Waivers: accepted findings, each with a reason, an owner and an expiry date.

A waiver lives in the report it waives (`[[waivers]]`) or in a separate waivers file
(`[[waiver]]` entries that also name their `report`). It names a rule (id or name) and
optionally a JSON pointer; it waives that rule's findings at or below the pointer.

Waived findings are kept and marked, never dropped. A waiver that has expired waives nothing
and is itself a finding (GC002); a current waiver that matches no finding is one too (GC001),
so waivers do not outlive the problems they excused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FsPath
from typing import Annotated

from pydantic import StringConstraints

from checker.gate.selection import did_you_mean
from checker.gate.suppression import GateOutcome, Suppression, covers
from checker.inputs.positions import KeyPositions
from checker.inputs.report import LoadedReport
from checker.inputs.tomlfile import InputError, InputErrors, display_name, read_toml, validate
from checker.model.findings import Finding, RuleDoc, Severity, pointer
from checker.model.report import Waiver
from checker.model.strict import Strict
from checker.output.escape import shown

UNUSED = RuleDoc(
    id="GC001",
    name="unused-waiver",
    title="A waiver matches no finding",
    severity="warning",
    what="Reports a waiver that waives nothing: no finding of its rule at its path.",
    why="The problem it excused has been fixed, or the waiver names the wrong rule or path; "
    "either way it would silently waive a future finding that nobody has looked at.",
    example='[[waivers]]\nrule = "RULE208"\npath = "/questions/<key>/last_inspected"'
    "\n# ...but the report now prints a last-inspected year",
    instead="Delete the waiver, or correct its rule and path.",
)
EXPIRED = RuleDoc(
    id="GC002",
    name="expired-waiver",
    title="A waiver has passed its expiry date",
    severity="error",
    what="Reports a waiver whose `expires` date has passed. It no longer waives anything.",
    why="An expiry date is the owner's promise to fix the problem or look again; past it, "
    "the finding counts again and the waiver should be renewed on purpose or removed.",
    example='[[waivers]]\nrule = "RULE405"\nexpires = 2020-01-01',
    instead="Fix the finding and delete the waiver, or agree a new date and reason.",
)
WAIVER_RULES = (UNUSED, EXPIRED)


class FileWaiver(Waiver):
    """A waiver in a separate waivers file: names its report, relative to that file."""

    report: Annotated[str, StringConstraints(min_length=1)]


class WaiversFile(Strict):
    waiver: list[FileWaiver] = []


@dataclass(frozen=True)
class PlacedWaiver:
    """A waiver with the report it applies to and where it is written."""

    waiver: Waiver
    report: str
    """Display name of the report it waives findings in."""
    file: str
    """Display name of the file it is written in."""
    path: str
    """JSON pointer of the waiver in that file: `/waivers/0` or `/waiver/0`."""
    line: int
    column: int
    rule_at: tuple[int, int]
    """Line and column of the waiver's `rule` key, for an unknown rule."""

    def matches(self, finding: Finding, rule_id: str) -> bool:
        """Whether this waiver (for rule `rule_id`, its name resolved) covers `finding`."""
        return (
            finding.file == self.report
            and finding.rule_id == rule_id
            and covers(self.waiver.path, finding.path)
        )

    def suppression(self) -> Suppression:
        return Suppression(
            kind="waiver",
            reason=self.waiver.reason,
            owner=self.waiver.owner,
            expires=self.waiver.expires.isoformat(),
            file=self.file,
            line=self.line,
            column=self.column,
        )


def in_report(loaded: LoadedReport) -> list[PlacedWaiver]:
    positions = loaded.document.positions()
    return [
        _placed(waiver, loaded.file, loaded.file, ("waivers", index), positions)
        for index, waiver in enumerate(loaded.waivers)
    ]


def _placed(
    waiver: Waiver, report: str, file: str, where: tuple[str, int], positions: KeyPositions
) -> PlacedWaiver:
    return PlacedWaiver(
        waiver,
        report,
        file,
        pointer(where),
        *positions.locate(where),
        rule_at=positions.locate((*where, "rule")),
    )


def read_waivers_file(path: FsPath) -> list[PlacedWaiver]:
    """The waivers of a `--waivers` file; its `report` paths are relative to the file."""
    document = read_toml(path)
    waivers = validate(WaiversFile, document).waiver
    positions = document.positions()
    placed, errors = [], []
    for index, waiver in enumerate(waivers):
        report = path.parent / waiver.report
        try:
            exists = report.is_file()
        except OSError:  # a name longer than the file system allows
            exists = False
        if not exists:
            message = f"no report {shown(waiver.report)} next to this file"
            errors.append(document.error(("waiver", index, "report"), message))
            continue
        placed.append(
            _placed(waiver, display_name(report), document.file, ("waiver", index), positions)
        )
    if errors:
        raise InputErrors(errors)
    return placed


@dataclass(frozen=True)
class ReportRules:
    """The rules of a report's rule set (id -> name), the ids this run applied, and those
    that allow a departure (checker.gate.departures)."""

    known: Mapping[str, str]
    applied: frozenset[str]
    departable: frozenset[str] = frozenset()

    def id_of(self, id_or_name: str) -> str | None:
        if id_or_name in self.known:
            return id_or_name
        return next((i for i, name in self.known.items() if name == id_or_name), None)


def apply(
    findings: Sequence[Finding],
    waivers: Iterable[PlacedWaiver],
    today: date,
    rules_of: Mapping[str, ReportRules],
) -> GateOutcome:
    """Match waivers to findings.

    `rules_of` maps each checked report to its rules. Waivers for reports not checked in this
    run, or for rules not applied (`--select`), are left alone: they may well match in a full
    run. A waiver naming a rule its report's rule set does not know is an input error.
    """
    suppressions: dict[Finding, Suppression] = {}
    own: list[Finding] = []
    errors: list[InputError] = []
    for placed in waivers:
        rules = rules_of.get(placed.report)
        if rules is None:
            continue
        rule_id = rules.id_of(placed.waiver.rule)
        if rule_id is None:
            key = f"{placed.path.strip('/').replace('/', '.')}.rule"
            hint = did_you_mean(placed.waiver.rule, [*rules.known, *rules.known.values()])
            message = (
                f"no rule {shown(placed.waiver.rule)} in the rule set of {placed.report}{hint}"
            )
            errors.append(InputError(placed.file, *placed.rule_at, key, message))
            continue
        if rule_id not in rules.applied:
            continue
        if placed.waiver.expires < today:
            own.append(
                _finding(
                    placed,
                    EXPIRED,
                    f"waiver for {_target(placed)} expired on "
                    f"{placed.waiver.expires.isoformat()} ({placed.waiver.owner})",
                )
            )
            continue
        matched = [f for f in findings if placed.matches(f, rule_id)]
        if not matched:
            own.append(_finding(placed, UNUSED, f"waiver for {_target(placed)} matches no finding"))
        for finding in matched:
            suppressions.setdefault(finding, placed.suppression())
    if errors:
        raise InputErrors(errors)
    return GateOutcome(suppressions, own)


def _target(placed: PlacedWaiver) -> str:
    where = placed.waiver.path or "the whole report"
    return f"{placed.waiver.rule} at {where} in {placed.report}"


def _finding(placed: PlacedWaiver, rule: RuleDoc, message: str) -> Finding:
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=Severity.parse(rule.severity),
        message=message,
        file=placed.file,
        path=placed.path,
        line=placed.line,
        column=placed.column,
    )
