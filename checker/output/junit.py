"""JUnit XML, for CI test reports: a suite per file, a test per rule, a failure per finding
that fails the run.

Every rule applied to a report is a test case, so rules that pass show as passing tests.
A finding fails its test case only when it fails the run: waived and baselined findings,
and findings below `--fail-on` (warnings and infos by default), are listed in the case's
`system-out` instead, so they stay visible and a passing gate has no failed test. Elements
and attributes are those of the Jenkins JUnit schema (junit-10.xsd). No timestamps or
durations: same inputs, same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from checker.model.findings import Finding
from checker.output.escape import plain
from checker.output.summary import RunSummary
from checker.output.text import label


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    names = {doc.id: doc.name for doc in summary.rule_docs}
    names.update((f.rule_id, f.rule_name) for f in findings)
    suites: dict[str, dict[str, list[Finding]]] = {}
    for checked in summary.checked:
        suites.setdefault(checked.file, {}).update({rule_id: [] for rule_id in checked.rule_ids})
    for file in summary.reports:
        suites.setdefault(file, {})
    for finding in findings:  # a finding outside what was declared checked still shows
        suites.setdefault(finding.file, {}).setdefault(finding.rule_id, []).append(finding)

    root = ET.Element("testsuites", name="gradecheck")
    totals = {"tests": 0, "failures": 0}
    for file in sorted(suites):
        suite = ET.SubElement(root, "testsuite", name=plain(file))
        cases = suites[file]
        failures = 0
        for rule_id in sorted(cases):
            case = ET.SubElement(
                suite,
                "testcase",
                name=plain(f"{rule_id} {names.get(rule_id, '')}".strip()),
                classname=plain(file),
            )
            suppressed = []
            for finding in cases[rule_id]:
                suppression = summary.suppression(finding)
                if suppression is not None:
                    suppressed.append(
                        f"{_where(finding)} {plain(finding.message)} [{label(suppression)}]"
                    )
                    continue
                if finding.severity < summary.fail_on:
                    suppressed.append(f"{_details(finding)}\n[below --fail-on {summary.fail_on}]")
                    continue
                failures += 1
                failure = ET.SubElement(
                    case, "failure", message=plain(finding.message), type=str(finding.severity)
                )
                failure.text = _details(finding)
            if suppressed:
                ET.SubElement(case, "system-out").text = "\n".join(suppressed)
        _counts(suite, len(cases), failures)
        suite.set("skipped", "0")
        totals["tests"] += len(cases)
        totals["failures"] += failures
    _counts(root, totals["tests"], totals["failures"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


def _where(finding: Finding) -> str:
    return f"{plain(finding.file)}:{finding.line}:{finding.column}:"


def _details(finding: Finding) -> str:
    """The failure's text: a line per fact, each value escaped (XML 1.0 allows no control
    characters but tab and line breaks: checker.output.escape)."""
    lines = [
        f"{_where(finding)} {plain(finding.rule_id)} {finding.severity} {plain(finding.message)} "
        f"({plain(finding.rule_name)})"
    ]
    if finding.path:
        lines.append(f"path: {plain(finding.path)}")
    if finding.expected is not None:
        lines.append(f"expected: {plain(finding.expected)}")
    if finding.actual is not None:
        lines.append(f"actual: {plain(finding.actual)}")
    lines.extend(plain(f"related: {r.file}:{r.line}:{r.column}: {r.path}") for r in finding.related)
    return "\n".join(lines)
