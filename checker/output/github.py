"""GitHub Actions workflow commands: one annotation per finding, shown on the changed lines.

`::error file=F,line=L,col=C,title=ID::message`. Severity maps to error, warning and notice;
waived and baselined findings become notices, so they are visible but never block.
See https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.model.findings import Finding
from checker.output.escape import multi_line, plain, shorten
from checker.output.summary import RunSummary
from checker.output.text import gone_lines, label, statistics_lines

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    lines = [_annotation(finding, summary) for finding in findings]
    others = gone_lines(summary)
    if summary.statistics:
        others.extend(statistics_lines(findings, summary))
    others.append(summary.line(findings))
    lines.extend(map(_not_a_command, others))
    return "\n".join(lines) + "\n"


def _annotation(finding: Finding, summary: RunSummary) -> str:
    """One workflow command, whatever the values hold: each is first freed of control
    characters (checker.output.escape; a message keeps its line breaks, which GitHub shows),
    then escaped as GitHub decodes it."""
    suppression = summary.suppression(finding)
    command = _COMMANDS[str(finding.severity)] if suppression is None else "notice"
    message = f"{multi_line(shorten(finding.message))} ({plain(finding.rule_name)})"
    if suppression is not None:
        message += f" [{label(suppression)}]"
    properties = ",".join(
        f"{key}={command_property(value)}"
        for key, value in (
            ("file", plain(finding.file)),
            ("line", str(finding.line)),
            ("col", str(finding.column)),
            ("title", plain(finding.rule_id)),
        )
    )
    return f"::{command} {properties}::{command_data(message)}"


def _not_a_command(line: str) -> str:
    """A line of plain text (a fixed baseline entry, the summary) that the runner cannot read
    as a workflow command: it reads any line that starts with `::` after blanks."""
    stripped = line.lstrip()
    if stripped.startswith("::"):
        return line[: len(line) - len(stripped)] + "%3A%3A" + stripped[2:]
    return line


def command_data(text: str) -> str:
    # The escapes GitHub's runner decodes in a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command_property(text: str) -> str:
    # Property values also end at ',' and ':', so those are escaped too.
    return command_data(text).replace(":", "%3A").replace(",", "%2C")
