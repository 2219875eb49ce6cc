"""Every rule's own examples: each gives exactly the findings it states (path and severity)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pydantic import ValidationError

from checker.inputs.ruleset import RuleSet
from checker.inputs.ruleset import load_rule_set as _load_rule_set
from checker.model.findings import Severity
from checker.model.rules import Example
from checker.testing.examples import run_example

load_rule_set = cache(_load_rule_set)

RULE_SETS = sorted((Path(__file__).resolve().parent.parent / "rules").glob("*/scheme.toml"))
CASES = [
    pytest.param(
        folder, loaded.rule.id, example.name, id=f"{folder.name}:{loaded.rule.id}:{example.name}"
    )
    for folder in (path.parent for path in RULE_SETS)
    for loaded in load_rule_set(folder).rules
    for example in loaded.rule.examples
]


@pytest.mark.parametrize(("folder", "rule_id", "example_name"), CASES)
def test_example(folder: Path, rule_id: str, example_name: str) -> None:
    """The example gives exactly the findings it states, or none when it does not trigger."""
    rule_set = load_rule_set(folder)
    loaded = rule_set.find(rule_id)
    assert loaded is not None
    example = next(e for e in loaded.rule.examples if e.name == example_name)
    outcome = run_example(rule_set, loaded, example)
    assert outcome.passed, outcome.describe()


def test_the_example_report_is_clean(peel) -> None:
    """The report examples start from breaks no rule, so each example's finding is its own."""
    from checker.engine.check import check
    from checker.inputs.report import validate_report

    assert peel.example_base is not None
    report = validate_report(peel.example_base, lambda scheme: peel)
    assert check([report], peel) == []


def _example_of(rule_set: RuleSet, rule_id: str, **fields: object) -> Example:
    """A copy of the rule's first triggering example with `fields` changed."""
    loaded = rule_set.find(rule_id)
    assert loaded is not None
    example = next(e for e in loaded.rule.examples if e.triggers)
    return Example.model_validate({**example.model_dump(exclude_defaults=True), **fields})


def test_an_info_expected_is_not_met_by_an_error(peel: RuleSet) -> None:
    """An example expecting an info ("could not check") fails when the rule gives an error
    at that place, and passes when it says error."""
    loaded = peel.find("PEEL101")
    assert loaded is not None
    path = "/pillars/legitimacy/grade"
    as_info = _example_of(peel, "PEEL101", path=None, expect=[{"path": path, "severity": "info"}])
    assert not run_example(peel, loaded, as_info).passed
    as_error = _example_of(peel, "PEEL101", path=None, expect=[{"path": path, "severity": "error"}])
    assert run_example(peel, loaded, as_error).passed


def test_an_error_expected_is_not_met_by_an_info(peel: RuleSet) -> None:
    """A rule that answers "could not check" (info) does not pass an example stating an error."""
    loaded = peel.find("PEEL603")
    assert loaded is not None
    example = next(e for e in loaded.rule.examples if e.expect)
    assert [severity for _, severity in example.expected(loaded.rule.severity)] == [Severity.INFO]
    as_error = Example.model_validate(
        {**example.model_dump(exclude_defaults=True), "expect": [{"path": example.expect[0].path}]}
    )
    assert not run_example(peel, loaded, as_error).passed


def test_an_extra_or_missing_finding_fails_the_example(peel: RuleSet) -> None:
    """Exactly the stated findings: one more expected, or one at another path, fails."""
    loaded = peel.find("PEEL600")
    assert loaded is not None
    example = next(e for e in loaded.rule.examples if e.expect)
    assert run_example(peel, loaded, example).passed
    fewer = Example.model_validate(
        {**example.model_dump(exclude_defaults=True), "expect": [{"path": ""}]}
    )
    assert not run_example(peel, loaded, fewer).passed
    elsewhere = _example_of(peel, "PEEL101", path="/pillars/efficiency/grade")
    assert not run_example(peel, loaded, elsewhere).passed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"triggers": True}, "gives `path`"),
        ({"triggers": True, "path": "/a", "expect": [{"path": "/a"}]}, "not both"),
        ({"triggers": False, "path": "/a"}, "takes no `path`"),
        ({"triggers": True, "expect": [{"path": "a"}]}, "pattern"),
        ({"triggers": True, "expect": [{"path": "/a", "severity": "fatal"}]}, "'fatal'"),
    ],
)
def test_examples_that_do_not_say_what_fires_do_not_load(
    fields: dict[str, object], message: str
) -> None:
    """A triggering example without its findings, or a silent one with them, is refused."""
    with pytest.raises(ValidationError, match=message):
        Example.model_validate({"name": "e", **fields})
