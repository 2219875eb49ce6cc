"""`file:line:col: ID severity message (name)`, one line per finding, then a summary.

Waived and baselined findings keep their line, with a `[waived: reason]` or `[baselined]`
suffix, so a reader sees everything the rules found. `--statistics` adds counts per rule
before the summary line, which always comes last.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.gate.suppression import Suppression
from checker.model.findings import Finding
from checker.output.colour import SEVERITY_STYLES, paint
from checker.output.escape import VALUE_LIMIT, plain
from checker.output.summary import RunSummary


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    lines = [_line(finding, summary) for finding in findings]
    lines.extend(gone_lines(summary))
    if summary.statistics:
        lines.extend(statistics_lines(findings, summary))
    lines.append(paint(summary.line(findings), "bold", summary.colour))
    return "\n".join(lines) + "\n"


def _line(finding: Finding, summary: RunSummary) -> str:
    """One line whatever the finding holds: every value escaped (checker.output.escape)."""
    colour = summary.colour
    suppression = summary.suppression(finding)
    where = paint(f"{plain(finding.file)}:{finding.line}:{finding.column}:", "bold", colour)
    severity = str(finding.severity)
    rule_id, message, name = (
        plain(finding.rule_id),
        plain(finding.message),
        plain(finding.rule_name),
    )
    if suppression is not None:
        text = f"{rule_id} {severity} {message} ({name})"
        return f"{where} {paint(text, 'dim', colour)} [{label(suppression)}]"
    return (
        f"{where} {paint(rule_id, 'cyan', colour)} "
        f"{paint(severity, SEVERITY_STYLES[severity], colour)} {message} ({name})"
    )


def label(suppression: Suppression) -> str:
    """`waived: reason` or `baselined`, on one line and not too long."""
    return plain(suppression.label(), 2 * VALUE_LIMIT)


def gone_lines(summary: RunSummary) -> list[str]:
    """One line per baseline entry no longer found, so a fix is visible in the log."""
    return [
        plain(
            f"{gone.file}: {gone.rule_id} fixed since the baseline: "
            f"{gone.path or '(whole file)'} ({gone.rule_name})"
        )
        for gone in summary.gone
    ]


def statistics_lines(findings: Sequence[Finding], summary: RunSummary) -> list[str]:
    """`count  ID  name`, aligned, one line per rule that found something."""
    rows = summary.rule_statistics(findings)
    if not rows:
        return []
    id_width = max(len(row.rule_id) for row in rows)
    lines = []
    for row in rows:
        extra = [
            f"{n} {kind}"
            for kind, n in (
                ("waived", row.waived),
                ("departed", row.departed),
                ("baselined", row.baselined),
            )
            if n
        ]
        suffix = f" ({', '.join(extra)})" if extra else ""
        line = f"{row.count:>5}  {row.rule_id:<{id_width}}  {row.rule_name}{suffix}"
        lines.append(plain(line))
    return lines
