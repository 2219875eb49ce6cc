"""Every rule's own examples: those that must trigger it do, at their path; the others do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.inputs.ruleset import load_rule_set
from checker.testing.examples import run_example

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
    """The example behaves as it says: triggers (at its path) or stays silent."""
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


def test_every_rule_has_docs_and_both_kinds_of_example(peel) -> None:
    """Rules without docs or one-sided examples cannot load, so every loaded rule has them."""
    for loaded in peel.rules:
        rule = loaded.rule
        assert all((rule.docs.what, rule.docs.why, rule.docs.example, rule.docs.instead))
        assert {e.triggers for e in rule.examples} == {True, False}
