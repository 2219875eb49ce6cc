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


def explain(rule_set: RuleSet, loaded: LoadedRule) -> str:
    rule = loaded.rule
    parameters = {
        key: value
        for key, value in rule.model_dump(mode="json", by_alias=True, exclude_none=True).items()
        if key not in _COMMON and value not in ({}, [])
    }
    out = [
        f"{rule.id} ({rule.name}): {rule.title}",
        "",
        f"Severity: {rule.severity}",
        f"Kind: {rule.kind}",
        f"Rule set: {rule_set.id}",
        f"Defined in: {loaded.file}:{loaded.line}",
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
