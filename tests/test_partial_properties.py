"""Properties of partial reports, for every bundled rule set (the `forgotten` and
`completions` strategies of checker.testing.partial):

- (i) forgetting never creates a finding: a partial report made by forgetting facts of a
  complete report (consistent, or a single-fault mutant) has no error or warning that the
  complete report lacks at the same place;
- (j) soundness: every error on a partial report also fires on its completions.

A planted kind that ignores unknowns (it reads a partial report as if complete) is caught by
(i) with a shrunk counterexample.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.authoring.tomlwrite import dumps
from checker.engine.check import check
from checker.inputs.report import validate_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import parse_toml
from checker.model.findings import Finding, Severity
from checker.testing.partial import completions, forgotten
from checker.testing.strategies import mutants, reports
from tests.conftest import RULES

FOLDERS = sorted(path.parent for path in RULES.glob("*/scheme.toml"))
RULE_SETS = {folder.name: load_rule_set(folder) for folder in FOLDERS}
SOME = settings(
    max_examples=max(5, settings.default.max_examples // 3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def findings(data: dict[str, Any], rule_set: RuleSet) -> list[Finding]:
    """A report as the CLI sees it: written as TOML, parsed, validated, checked."""
    document = parse_toml(dumps(data), "generated.toml")
    return check([validate_report(document, lambda scheme: rule_set)], rule_set)


def raised(found: list[Finding], at_least: Severity) -> set[tuple[str, str]]:
    return {(f.rule_id, f.path) for f in found if f.severity >= at_least}


@st.composite
def complete_reports(draw: st.DrawFn, rule_set: RuleSet) -> dict[str, Any]:
    """A consistent report, or a single-fault mutant of one."""
    if draw(st.booleans()):
        return draw(reports(rule_set))
    data: dict[str, Any] = draw(mutants(rule_set))[0]
    return data


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_forgetting_never_creates_a_finding(name: str) -> None:
    """(i) No error or warning on a partial report that its complete report lacks."""
    rule_set = RULE_SETS[name]

    @SOME
    @given(st.data())
    def forgetting(data: st.DataObject) -> None:
        complete = data.draw(complete_reports(rule_set), label="complete")
        partial, to_complete = data.draw(forgotten(complete), label="partial")
        before = raised(findings(complete, rule_set), Severity.WARNING)
        after = {
            (rule, to_complete(path))
            for rule, path in raised(findings(partial, rule_set), Severity.WARNING)
        }
        assert after <= before

    forgetting()


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_errors_on_a_partial_report_fire_on_its_completions(name: str) -> None:
    """(j) Every error of a partial report is an error of each completion, at its place."""
    rule_set = RULE_SETS[name]

    @SOME
    @given(st.data())
    def sound(data: st.DataObject) -> None:
        complete = data.draw(complete_reports(rule_set), label="complete")
        partial, _ = data.draw(forgotten(complete), label="partial")
        completion = data.draw(completions(rule_set, partial), label="completion")
        errors = raised(findings(partial, rule_set), Severity.ERROR)
        assert errors <= raised(findings(completion, rule_set), Severity.ERROR)

    sound()


TWO_VALUED = '''
"""A planted kind: `implies` read two-valued, as if a partial report were complete."""

from collections.abc import Iterator

from checker.engine.conditions import all_hold, failures
from checker.engine.kinds.implies import Params as ImpliesParams
from checker.engine.violation import Violation


class Params(ImpliesParams):
    kind: str


def check(rule, scope, context) -> Iterator[Violation]:
    if not all_hold(rule.when, scope, context.scheme):
        return
    for root, path, actual, expected in failures(rule.then, scope, context.scheme):
        yield Violation(root, path, actual=actual, expected=expected)
        return
'''

PLANTED_RULE = """
[[rule]]
id = "PEEL499"
name = "requires-improvement-without-afi-two-valued"
title = "Requires improvement needs an area for improvement (read as if complete)"
severity = "error"
kind = "implies_two_valued"
for_each = "report.questions.*"
when = [{ ref = "item.grade", equals = "Requires improvement" }]
then = [{ ref = "report.afis[question={key}]", count_min = 1 }]
message = "{key} is Requires improvement but has no area for improvement"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "with one", triggers = false },
  { name = "without", triggers = true, set = { afis = [] }, path = "/afis" },
]
"""


def test_a_rule_that_ignores_unknowns_is_caught_by_forgetting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(i) finds the planted two-valued rule, with a small counterexample: a Requires
    improvement question whose areas for improvement were forgotten."""
    import shutil

    from hypothesis import find

    from checker.engine import kinds

    (tmp_path / "gc_two_valued.py").write_text(TWO_VALUED, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(kinds.KINDS, "implies_two_valued", "gc_two_valued")
    # A copy of the rule set with the findings rules alone (the planted rule beside them):
    # the search checks many reports, and the other rules have nothing to say here.
    folder = tmp_path / "rules" / "peel-2018-19"
    folder.mkdir(parents=True)
    for name in ("scheme.toml", "findings.toml"):
        shutil.copy(RULES / "peel-2018-19" / name, folder / name)
    shutil.copytree(RULES / "peel-2018-19" / "examples", folder / "examples")
    with (folder / "findings.toml").open("a", encoding="utf-8") as rules:
        rules.write(PLANTED_RULE)
    rule_set = load_rule_set(folder)

    def breaks_i(drawn: tuple[dict[str, Any], tuple[dict[str, Any], Any]]) -> bool:
        complete, (partial, to_complete) = drawn
        before = raised(findings(complete, rule_set), Severity.WARNING)
        after = {
            (rule, to_complete(path))
            for rule, path in raised(findings(partial, rule_set), Severity.WARNING)
        }
        return not after <= before

    drawn = reports(rule_set).flatmap(lambda data: st.tuples(st.just(data), forgotten(data)))
    complete, (partial, _) = find(
        drawn,
        breaks_i,
        settings=settings(
            max_examples=500, database=None, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
    new = raised(findings(partial, rule_set), Severity.WARNING) - raised(
        findings(complete, rule_set), Severity.WARNING
    )
    assert {rule for rule, _ in new} == {"PEEL499"}
    # Shrunk: the planted rule's question kept its grade and lost its areas for improvement.
    (path,) = [path for rule, path in new]
    assert path == "/afis"
    assert partial["partial"] is True
