"""SARIF 2.1.0, for code-scanning services: rules with their docs, results with places.

Written as plain dicts (no SARIF package) and tested against the official schema. Paths are
relative to `%SRCROOT%` (the folder gradecheck ran in), never absolute, and nothing depends
on the clock, so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from checker import HOMEPAGE, __version__
from checker.model.findings import Finding, Location, RuleDoc
from checker.output.escape import json_text
from checker.output.summary import RunSummary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    docs = {doc.id: doc for doc in summary.rule_docs}
    for finding in findings:  # a rule without docs still needs a descriptor to index
        docs.setdefault(
            finding.rule_id,
            RuleDoc(finding.rule_id, finding.rule_name, finding.rule_name, str(finding.severity)),
        )
    rule_ids = sorted(docs)
    files = sorted({*summary.reports, *(f.file for f in findings)})
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "gradecheck",
                "fullName": f"gradecheck {__version__}: consistency rules for graded "
                "inspection reports",
                "version": __version__,
                "informationUri": HOMEPAGE,
                "semanticVersion": __version__,
                "rules": [_rule(docs[rule_id]) for rule_id in rule_ids],
            }
        },
        # The category of the analysis (code scanning keeps one set of results per category);
        # no run id: the same inputs give the same bytes.
        "automationDetails": {"id": "gradecheck/"},
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The folder gradecheck was run in."}}
        },
        "artifacts": [{"location": _artifact(file)} for file in files],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_ids.index(f.rule_id), summary) for f in findings],
    }
    if summary.baseline is not None:
        run["properties"] = {
            "gradecheck/baseline": summary.baseline,
            "gradecheck/fixedSinceBaseline": [
                {"ruleId": g.rule_id, "file": g.file, "path": g.path, "fingerprint": g.fingerprint}
                for g in summary.gone
            ],
        }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _rule(doc: RuleDoc) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": doc.id,
        "name": doc.name,
        "shortDescription": {"text": doc.title},
        "defaultConfiguration": {"level": _LEVELS[doc.severity]},
    }
    if doc.help_uri:
        rule["helpUri"] = doc.help_uri
    if doc.what:
        rule["fullDescription"] = {"text": doc.what}
        sections = (
            ("What it does", doc.what),
            ("Why is this bad?", doc.why),
            ("Example", doc.example),
            ("Use instead", doc.instead),
        )
        rule["help"] = {
            "text": "\n\n".join(f"{heading}\n{text}" for heading, text in sections if text),
            "markdown": "\n\n".join(
                f"## {heading}\n\n{text}" for heading, text in sections if text
            ),
        }
    return rule


def _result(finding: Finding, rule_index: int, summary: RunSummary) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": _physical(finding.file, finding.line, finding.column)
    }
    place = summary.place(finding)
    properties: dict[str, Any] = {"path": finding.path}
    if place is not None and place.parts:
        location["logicalLocations"] = [
            {
                "name": place.parts[-1],
                "fullyQualifiedName": place.qualified_name,
                "kind": place.kind,
            }
        ]
        properties.update(force=place.force, report=place.report)
        properties.update(
            {k: v for k, v in (("pillar", place.pillar), ("question", place.question)) if v}
        )
    if finding.expected is not None:
        properties["expected"] = finding.expected
    if finding.actual is not None:
        properties["actual"] = finding.actual
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVELS[str(finding.severity)],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"gradecheck/v1": finding.fingerprint},
        "properties": properties,
    }
    if finding.related:
        result["relatedLocations"] = [_related(i, loc) for i, loc in enumerate(finding.related)]
    suppression = summary.suppression(finding)
    if summary.baseline is not None:
        baselined = suppression is not None and suppression.kind == "baseline"
        result["baselineState"] = "unchanged" if baselined else "new"
    if suppression is not None and suppression.kind == "departure":
        result["suppressions"] = [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": suppression.reason,
                "location": {
                    "physicalLocation": _physical(
                        suppression.file, suppression.line, suppression.column
                    )
                },
            }
        ]
    if suppression is not None and suppression.kind == "waiver":
        result["suppressions"] = [
            {
                # A waiver written in the report itself is in source; one in a waivers file is not.
                "kind": "inSource" if suppression.file == finding.file else "external",
                "status": "accepted",
                "justification": suppression.reason,
                "location": {
                    "physicalLocation": _physical(
                        suppression.file, suppression.line, suppression.column
                    )
                },
                "properties": {"owner": suppression.owner, "expires": suppression.expires},
            }
        ]
    return result


def _related(index: int, location: Location) -> dict[str, Any]:
    return {
        "id": index,
        "physicalLocation": _physical(location.file, location.line, location.column),
        "message": {"text": location.note or location.path or location.file},
    }


def _physical(file: str, line: int, column: int) -> dict[str, Any]:
    return {
        "artifactLocation": _artifact(file),
        "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
    }


def _artifact(file: str) -> dict[str, Any]:
    path = PurePosixPath(file)
    if path.is_absolute():  # outside the working folder: no base to be relative to
        return {"uri": path.as_uri()}
    return {"uri": quote(file), "uriBaseId": SRCROOT}
