"""`file:line:col: ID severity message (name)`, one line per finding, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

from checker.findings import Finding
from checker.formatters.base import RunSummary


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    lines = [
        f"{f.file}:{f.line}:{f.column}: {f.rule_id} {f.severity} {f.message} ({f.rule_name})"
        for f in findings
    ]
    lines.append(summary.line(findings))
    return "\n".join(lines) + "\n"
