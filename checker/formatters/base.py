"""What every formatter receives besides the findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.findings import Finding, Severity


@dataclass(frozen=True)
class RunSummary:
    reports: tuple[str, ...]
    """Report files checked, in order."""
    rules: int
    """Rules applied."""

    def counts(self, findings: Sequence[Finding]) -> dict[str, int]:
        by_severity = Counter(str(f.severity) for f in findings)
        return {str(s): by_severity.get(str(s), 0) for s in sorted(Severity, reverse=True)}

    def line(self, findings: Sequence[Finding]) -> str:
        reports = f"{len(self.reports)} report{'s' if len(self.reports) != 1 else ''}"
        if not findings:
            return f"No findings in {reports}."
        counts = self.counts(findings)
        parts = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n)
        total = len(findings)
        return f"{total} finding{'s' if total != 1 else ''} ({parts}) in {reports}."


Formatter = Callable[[Sequence[Finding], RunSummary], str]
