"""JSON output, versioned. See README "JSON output" for the schema.

Version 1: {"version": 1, "tool": {...}, "reports": [...], "summary": {...},
"findings": [{rule_id, rule_name, severity, message, file, path, line, column, expected,
actual, related: [{file, line, column, path, note}], fingerprint}], "statistics": [...]}

Added within version 1 (fields are only ever added): per finding `waived` (an object with
the waiver's terms) or `baselined` (true) when it does not count; `suppressed` (counts of
waived and baselined findings); `statistics` (counts per rule); `baseline` (the file
compared with and the entries no longer found). `summary` counts only findings that count.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from checker import __version__
from checker.model.findings import Finding
from checker.output.escape import json_text
from checker.output.summary import RunSummary

VERSION = 1


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    document: dict[str, Any] = {
        "version": VERSION,
        "tool": {"name": "gradecheck", "version": __version__},
        "reports": list(summary.reports),
        "summary": {"findings": len(summary.active(findings)), **summary.counts(findings)},
        "suppressed": summary.suppressed_counts(findings),
        "findings": [_finding(finding, summary) for finding in findings],
        "statistics": [asdict(row) for row in summary.rule_statistics(findings)],
    }
    if summary.baseline is not None:
        document["baseline"] = {
            "file": summary.baseline,
            "gone": [asdict(gone) for gone in summary.gone],
        }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False)) + "\n"


def _finding(finding: Finding, summary: RunSummary) -> dict[str, Any]:
    data = finding.to_dict()
    suppression = summary.suppression(finding)
    if suppression is not None and suppression.kind == "waiver":
        data["waived"] = {
            "reason": suppression.reason,
            "owner": suppression.owner,
            "expires": suppression.expires,
            "file": suppression.file,
            "line": suppression.line,
        }
    elif suppression is not None and suppression.kind == "departure":
        data["departure"] = {
            "rationale": suppression.reason,
            "file": suppression.file,
            "line": suppression.line,
        }
    elif suppression is not None:
        data["baselined"] = True
    return data
