"""JSON output, versioned. See README "JSON output" for the schema.

Version 1: {"version": 1, "tool": {...}, "reports": [...], "summary": {...},
"findings": [{rule_id, rule_name, severity, message, file, path, line, column, expected,
actual, related: [{file, line, column, path, note}], fingerprint}]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from checker import __version__
from checker.findings import Finding
from checker.formatters.base import RunSummary

VERSION = 1


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    document = {
        "version": VERSION,
        "tool": {"name": "gradecheck", "version": __version__},
        "reports": list(summary.reports),
        "summary": {"findings": len(findings), **summary.counts(findings)},
        "findings": [finding.to_dict() for finding in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
