"""GitHub Actions workflow commands: one annotation per finding, shown on the changed lines.

`::error file=F,line=L,col=C,title=ID::message`. Severity maps to error, warning and notice;
waived and baselined findings become notices, so they are visible but never block.
See https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.model.findings import Finding
from checker.output.summary import RunSummary
from checker.output.text import gone_lines, statistics_lines

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    lines = [_annotation(finding, summary) for finding in findings]
    lines.extend(gone_lines(summary))
    if summary.statistics:
        lines.extend(statistics_lines(findings, summary))
    lines.append(summary.line(findings))
    return "\n".join(lines) + "\n"


def _annotation(finding: Finding, summary: RunSummary) -> str:
    suppression = summary.suppression(finding)
    command = _COMMANDS[str(finding.severity)] if suppression is None else "notice"
    message = f"{finding.message} ({finding.rule_name})"
    if suppression is not None:
        message += f" [{suppression.label()}]"
    properties = ",".join(
        f"{key}={_property(value)}"
        for key, value in (
            ("file", finding.file),
            ("line", str(finding.line)),
            ("col", str(finding.column)),
            ("title", finding.rule_id),
        )
    )
    return f"::{command} {properties}::{_data(message)}"


def _data(text: str) -> str:
    # The escapes GitHub's runner decodes in a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # Property values also end at ',' and ':', so those are escaped too.
    return _data(text).replace(":", "%3A").replace(",", "%2C")
