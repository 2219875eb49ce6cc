"""What every formatter receives besides the findings: the run, and how to show it.

`findings` given to a formatter are all findings of the run, suppressed ones included, so
that nothing is silently dropped; `RunSummary.suppressions` says which are waived or
baselined. Only the others (`RunSummary.active`) count toward the exit code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.gate.suppression import BaselineEntry, Suppression
from checker.model.findings import Finding, RuleDoc, Severity
from checker.model.scheme import Scheme
from checker.output.places import Place, Places


@dataclass(frozen=True)
class CheckedFile:
    """A file the run checked, the rules applied to it, and how to name places in it."""

    file: str
    rule_ids: tuple[str, ...]
    places: Places | None = None


@dataclass(frozen=True)
class ReportData:
    """A checked report as a format that shows the reports themselves (html) reads it: its
    data as loaded (validated against its scheme) and the scheme, and its text's name."""

    file: str
    data: Mapping[str, Any]
    scheme: Scheme | None = None
    text_file: str | None = None
    """The report's text (its `source`, or `--text`), as findings name it; None without one."""


@dataclass(frozen=True)
class RunSummary:
    reports: tuple[str, ...]
    """Report files checked, in order."""
    rules: int
    """Rules applied."""
    rule_docs: tuple[RuleDoc, ...] = ()
    """Every rule a finding of this run may name, sorted by id."""
    checked: tuple[CheckedFile, ...] = ()
    """Each checked file with the rules applied to it, in order."""
    suppressions: Mapping[Finding, Suppression] = field(default_factory=dict)
    baseline: str | None = None
    """The baseline file compared with, if any."""
    gone: tuple[BaselineEntry, ...] = ()
    """Baseline entries no longer found: fixed, or moved."""
    statistics: bool = False
    """Show counts per rule (`--statistics`)."""
    colour: bool = False
    """Use ANSI colour (text output on a terminal only)."""
    fail_on: Severity = Severity.ERROR
    """The lowest severity that fails the run (`--fail-on`): JUnit fails only those."""
    read: tuple[str, ...] = ()
    """Every file the run read besides the rules (reports, their texts, the waivers file),
    so that no output is written over one. Not shown."""
    report_data: Mapping[str, ReportData] = field(default_factory=dict)
    """Each checked report file -> its data and scheme, for the html review; empty when the
    run did not give them (a format then shows the findings alone)."""

    def suppression(self, finding: Finding) -> Suppression | None:
        return self.suppressions.get(finding)

    def active(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings that count: neither waived, departed from nor baselined."""
        return [f for f in findings if f not in self.suppressions]

    def counts(self, findings: Sequence[Finding]) -> dict[str, int]:
        """Active findings by severity, highest first."""
        by_severity = Counter(str(f.severity) for f in self.active(findings))
        return {str(s): by_severity.get(str(s), 0) for s in sorted(Severity, reverse=True)}

    def suppressed_counts(self, findings: Sequence[Finding]) -> dict[str, int]:
        kinds = Counter(s.kind for f in findings if (s := self.suppression(f)) is not None)
        return {
            "waived": kinds.get("waiver", 0),
            "departed": kinds.get("departure", 0),
            "baselined": kinds.get("baseline", 0),
        }

    def line(self, findings: Sequence[Finding]) -> str:
        reports = _plural(len(self.reports), "report")
        active = self.active(findings)
        if active:
            counts = self.counts(findings)
            parts = ", ".join(_plural(n, name) for name, n in counts.items() if n)
            text = f"{_plural(len(active), 'finding')} ({parts}) in {reports}"
        else:
            text = f"No findings in {reports}"
        extras = [f"{n} {kind}" for kind, n in self.suppressed_counts(findings).items() if n]
        if self.gone:
            extras.append(f"{len(self.gone)} fixed since the baseline")
        return text + ("; " + ", ".join(extras) if extras else "") + "."

    def rule_statistics(self, findings: Sequence[Finding]) -> list[RuleCount]:
        """Per rule that found something: active, waived and baselined counts, by id."""
        tally: dict[tuple[str, str], Counter[str]] = {}
        for finding in findings:
            suppression = self.suppression(finding)
            kind = "active" if suppression is None else suppression.kind
            tally.setdefault((finding.rule_id, finding.rule_name), Counter())[kind] += 1
        return [
            RuleCount(rule_id, name, c["active"], c["waiver"], c["baseline"], c["departure"])
            for (rule_id, name), c in sorted(tally.items())
        ]

    def place(self, finding: Finding) -> Place | None:
        """Force, report, pillar and question of a finding, where the report says."""
        for checked in self.checked:
            if checked.file == finding.file and checked.places is not None:
                return checked.places.place(finding.path)
        return None


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    rule_name: str
    count: int
    waived: int
    baselined: int
    departed: int = 0


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


Formatter = Callable[[Sequence[Finding], RunSummary], str]
