"""`gradecheck rules list` and `gradecheck rules explain`: rules as a reader wants them."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from checker.inputs.ruleset import LoadedRule, RuleSet

_COMMON = {"id", "name", "title", "severity", "message", "docs", "examples", "kind"}


def listing(rule_sets: Sequence[RuleSet]) -> str:
    lines = []
    for rule_set in rule_sets:
        lines.append(f"{rule_set.id}: {rule_set.scheme.title} ({len(rule_set.rules)} rules)")
        for loaded in sorted(rule_set.rules, key=lambda loaded: loaded.rule.id):
            rule = loaded.rule
            lines.append(f"  {rule.id:<9} {rule.severity:<8} {rule.name:<44} {rule.title}")
    return "\n".join(lines) + "\n"


def listing_json(rule_sets: Sequence[RuleSet]) -> str:
    """`rules list --format json`: every rule set with its rules' fields, for scripts and
    editors (version 1: fields are only ever added within a version)."""
    from checker.output.escape import json_text

    document = {
        "version": 1,
        "rule_sets": [
            {
                "id": rule_set.id,
                "title": rule_set.scheme.title,
                "rules": [
                    _rule_fields(loaded)
                    for loaded in sorted(rule_set.rules, key=lambda loaded: loaded.rule.id)
                ],
            }
            for rule_set in rule_sets
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _rule_fields(loaded: LoadedRule) -> dict[str, Any]:
    rule = loaded.rule
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "severity": str(rule.severity),
        "kind": rule.kind,
        "message": rule.message,
        "docs": rule.docs.model_dump(mode="json"),
        "file": loaded.file,
        "line": loaded.line,
    }


def explain(rule_set: RuleSet, loaded: LoadedRule) -> str:
    rule = loaded.rule
    parameters = {
        key: value
        for key, value in rule.model_dump(mode="json", by_alias=True, exclude_none=True).items()
        if key not in _COMMON and value not in ({}, []) and (key, value) != ("departable", False)
    }
    out = [
        f"{rule.id} ({rule.name}): {rule.title}",
        "",
        f"Severity: {rule.severity}",
        f"Kind: {rule.kind}",
        f"Rule set: {rule_set.id}",
        f"Defined in: {loaded.file}:{loaded.line}"
        + (f" (inherited from {loaded.origin.name})" if loaded.origin is not None else ""),
        f"Message: {rule.message}",
        "",
        "Parameters:",
        *(f"  {key} = {_show(value)}" for key, value in parameters.items()),
        "",
    ]
    for heading, text in (
        ("What it does", rule.docs.what),
        ("Why is this bad?", rule.docs.why),
        ("Example", rule.docs.example),
        ("Use instead", rule.docs.instead),
    ):
        out += [f"## {heading}", *textwrap.wrap(text, 88), ""]
    out.append("## Examples (changes to the rule set's example report)")
    for example in rule.examples:
        expected = example.expected(rule.severity)
        verdict = "does not trigger"
        if expected:
            verdict = "gives " + ", ".join(f"{s} at {p or '/'}" for p, s in expected)
        out.append(f"- {example.name}: {verdict}")
        out += [f"    set {key} = {_show(value)}" for key, value in example.set.items()]
        out += [f"    unset {key}" for key in example.unset]
    return "\n".join(out) + "\n"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
