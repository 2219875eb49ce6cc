"""Findings as every output shows them, whatever a report holds.

A message, expected and actual value of reasonable length (a 5 MB value is not echoed
whole; checker.output.escape shortens it). The fingerprint (rule, file, path) is not touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from checker.model.findings import Finding
from checker.output.escape import VALUE_LIMIT, shorten


def as_shown(findings: Iterable[Finding]) -> list[Finding]:
    """Findings as outputs show them: a message, expected and actual value of reasonable
    length (a 5 MB value is not echoed whole)."""
    shown = []
    for finding in findings:
        expected = finding.expected
        message = shorten(finding.message)
        expected = None if expected is None else shorten(expected, VALUE_LIMIT)
        actual = None if finding.actual is None else shorten(finding.actual, VALUE_LIMIT)
        if (message, expected, actual) != (finding.message, finding.expected, finding.actual):
            finding = replace(finding, message=message, expected=expected, actual=actual)
        shown.append(finding)
    return shown
