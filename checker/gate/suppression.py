"""Why a finding does not fail the run (a waiver, a departure the report records, or the
baseline), and what a baseline holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checker.model.findings import Finding


@dataclass(frozen=True)
class Suppression:
    """Why a finding does not fail the run: a waiver (with its terms) or the baseline."""

    kind: Literal["waiver", "departure", "baseline"]
    reason: str = ""
    owner: str = ""
    expires: str = ""
    file: str = ""
    """Where the waiver is written (a report, or a waivers file)."""
    line: int = 0
    column: int = 0

    def label(self) -> str:
        if self.kind == "waiver":
            return f"waived: {self.reason}"
        if self.kind == "departure":
            return f"departure: {self.reason}"
        return "baselined"


def covers(prefix: str | None, path: str) -> bool:
    """Whether a waiver or departure at JSON pointer `prefix` (None: the whole report)
    covers a finding at `path`: at the pointer or below it."""
    return prefix is None or path == prefix or path.startswith(prefix + "/")


@dataclass(frozen=True)
class GateOutcome:
    """What waivers (or departures) did: the findings they accept, and their own findings
    (a waiver that expired or matches nothing; a departure from a fixed rule or from nothing)."""

    suppressions: dict[Finding, Suppression]
    findings: list[Finding]


@dataclass(frozen=True, order=True)
class BaselineEntry:
    """A finding as a baseline records it; identified by its fingerprint, not its line."""

    file: str
    rule_id: str
    path: str
    rule_name: str
    message: str
    fingerprint: str
