"""Rule examples: apply an example's changes to the rule set's example report and run the rule.

Used by the tests, by `gradecheck rules test` and shown by `gradecheck rules explain`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path as FsPath
from typing import Any

from checker.engine.check import check_rule
from checker.engine.corpus import example_corpus
from checker.inputs.report import validate_report, with_text
from checker.inputs.ruleset import LoadedRule, RuleSet, load_rule_set
from checker.inputs.tomlfile import InputError, TomlDocument
from checker.model.findings import Finding, Severity
from checker.model.rules import Example, Rule


@dataclass(frozen=True)
class ExampleOutcome:
    rule: LoadedRule
    example: Example
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return self.found() == self.example.expected(self.rule.rule.severity)

    def found(self) -> list[tuple[str, Severity]]:
        return sorted((f.path, f.severity) for f in self.findings)

    def describe(self) -> str:
        expected = self.example.expected(self.rule.rule.severity)
        want = _show(expected) if expected else "no finding"
        got = ", ".join(f"{f.path or '/'} {f.severity}: {f.message}" for f in self.findings)
        return (
            f"{self.rule.rule.id} example {self.example.name!r} should give {want}; "
            f"got {got or 'no finding'}"
        )


def _show(expected: list[tuple[str, Severity]]) -> str:
    return ", ".join(f"{path or '/'} {severity}" for path, severity in expected)


def apply(base: dict[str, Any], example: Example) -> dict[str, Any]:
    """A deep copy of `base` with the example's `set` and `unset` applied."""
    data = copy.deepcopy(base)
    for dotted, value in example.set.items():
        parent, last = _walk(data, dotted, create=True)
        _assign(parent, last, copy.deepcopy(value), dotted)
    for dotted in example.unset:
        parent, last = _walk(data, dotted, create=False)
        try:
            del parent[last]
        except (KeyError, IndexError, TypeError):
            raise KeyError(f"unset {dotted!r}: nothing there") from None
    return data


def _key(container: Any, part: str) -> str | int:
    return int(part) if isinstance(container, list) and part.isdigit() else part


def _walk(data: Any, dotted: str, create: bool) -> tuple[Any, str | int]:
    parts = dotted.split(".")
    current = data
    for part in parts[:-1]:
        key = _key(current, part)
        try:
            current = current[key]
        except (KeyError, IndexError, TypeError):
            if not create or not isinstance(current, dict):
                raise KeyError(f"{dotted!r}: no {part!r} there") from None
            current = current.setdefault(key, {})
    return current, _key(current, parts[-1])


def _assign(parent: Any, key: str | int, value: Any, dotted: str) -> None:
    try:
        parent[key] = value
    except (IndexError, TypeError):
        raise KeyError(f"set {dotted!r}: no such place") from None


def run_example(rule_set: RuleSet, loaded: LoadedRule, example: Example) -> ExampleOutcome:
    """The rule's example, run on the example report of the rule set it is written in (an
    inherited rule's examples name that set's questions), with the rule as this set has it."""
    name = f"{rule_set.id}:{loaded.rule.id}:{example.name}"
    if loaded.origin is not None:
        rule_set = _rule_set_at(loaded.origin.resolve())
    base = rule_set.example_base
    if base is None:
        raise InputError(
            loaded.file,
            loaded.line,
            1,
            loaded.rule.id,
            f"rule set {rule_set.id} has no examples/base.toml to run examples on",
        )
    try:
        data = apply(base.data, example)
    except KeyError as error:
        raise InputError(
            loaded.file,
            loaded.line,
            1,
            f"{loaded.rule.id} example {example.name!r}",
            str(error.args[0]),
        ) from None
    document = TomlDocument(name, "", data)
    report = validate_report(document, lambda scheme: rule_set)
    if example.text is not None:
        report = with_text(report, example.text)
    corpus = example_corpus(rule_set, report)  # cross-report rules: examples/earlier/
    findings = check_rule(loaded.rule, report, rule_set, corpus)
    return ExampleOutcome(loaded, example, tuple(sorted(findings)))


@cache
def _rule_set_at(folder: FsPath) -> RuleSet:
    return load_rule_set(folder)


def run_examples(rule_set: RuleSet, rule: Rule | None = None) -> list[ExampleOutcome]:
    return [
        run_example(rule_set, loaded, example)
        for loaded in rule_set.rules
        if rule is None or loaded.rule is rule
        for example in loaded.rule.examples
    ]
