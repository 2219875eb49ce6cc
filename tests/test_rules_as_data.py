"""A rule is added by editing TOML alone: a copy of the PEEL 2018/19 rules gains one rule,
written only in afi.toml, and everything that tests the bundled rules tests it too, with no
Python change: its examples, generated consistent reports (a), single-fault mutants (b) and
`gradecheck rules test`.

The new rule links items by id, a relation no bundled rule states: an earlier area for
improvement carried on by a current one is carried on by one raised under the question it
is followed up under. So the generated reports must satisfy it (they ask the rules which
items may carry a follow-up on), and the mutant search must break it alone (relinking a
follow-up to another item of the report, or moving it or the item to another question).
A whole scheme written as data (tests/test_second_scheme.py's) passes the same run.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.authoring.tomlwrite import dumps
from checker.cli import main
from checker.engine.check import check, check_rule
from checker.inputs.report import load_report, validate_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import parse_toml
from checker.testing.examples import run_examples
from checker.testing.strategies import mutants, reports
from tests.conftest import NORFOLK, RULES
from tests.test_second_scheme import write_mini

NEW = "PEEL390"
NEW_RULE = r'''
[[rule]]
id = "PEEL390"
name = "carried-on-under-another-question"
title = "An area for improvement is carried on under the question it is followed up under"
severity = "warning"
kind = "implies"
for_each = "report.followed_up.*"
at = "item.carried_on_by"
message = """area for improvement {id} is followed up under {expected} but carried on by \
{by}, raised under {actual}"""
vars = { id = "item.id", by = "item.carried_on_by" }
docs.what = """Checks that the current area for improvement or cause of concern that \
carries on an earlier one is raised under the question the earlier one is followed up under."""
docs.why = """The follow-up sentence and the item that carries the weakness on sit in the \
same section of the report; a link across questions is usually a mistyped id."""
docs.example = """An AFI followed up under investigating crime, carried on by a cause of \
concern under protecting vulnerable people."""
docs.instead = "Link the item of the same question, or correct `followed_up_under`."

[[rule.when]]  # the link names an item: a link to nothing is PEEL303's
ref = [
  "report.afis[id={item.carried_on_by}]",
  "report.causes_of_concern[id={item.carried_on_by}]",
]
count_min = 1

[[rule.then]]
ref = [
  "report.afis[id={item.carried_on_by}].question",
  "report.causes_of_concern[id={item.carried_on_by}].question",
]
equals = "{item.followed_up_under}"

[[rule.examples]]
name = "carried on under the same question"
triggers = false

[[rule.examples]]
name = "followed up and carried on under protecting vulnerable people"
triggers = false
set."followed_up.0.followed_up_under" = "protecting_vulnerable_people"
set."followed_up.0.carried_on_by" = "COC-1"

[[rule.examples]]
name = "carried on by a cause of concern under another question"
triggers = true
set."followed_up.0.carried_on_by" = "COC-1"
path = "/followed_up/0/carried_on_by"
'''

SMALL = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def rules_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the rule sets (the earlier schemes' too, which the cross-report examples
    read) with the new rule appended to peel-2018-19's afi.toml."""
    folder = tmp_path_factory.mktemp("copy") / "rules"
    shutil.copytree(RULES, folder)
    with (folder / "peel-2018-19" / "afi.toml").open("a", encoding="utf-8") as afi:
        afi.write(NEW_RULE)
    return folder


@dataclass(frozen=True)
class Copy:
    rule_set: RuleSet
    reports: st.SearchStrategy[dict[str, Any]]
    mutants: st.SearchStrategy[tuple[dict[str, Any], str, str]]
    new_rule_mutants: st.SearchStrategy[tuple[dict[str, Any], str, str]]


@pytest.fixture(scope="module")
def copy(rules_folder: Path) -> Copy:
    rule_set = load_rule_set(rules_folder / "peel-2018-19")
    return Copy(rule_set, reports(rule_set), mutants(rule_set), mutants(rule_set, rule=NEW))


def found(data: dict[str, Any], rule_set: RuleSet) -> set[tuple[str, str]]:
    """A report's findings as the CLI sees it: written as TOML, parsed, validated, checked."""
    report = validate_report(parse_toml(dumps(data), "generated.toml"), lambda s: rule_set)
    return {(f.rule_id, f.path) for f in check([report], rule_set)}


def test_the_copy_has_the_new_rule_among_the_bundled_ones(copy: Copy) -> None:
    """The new rule loads from the TOML alone, beside every bundled rule."""
    bundled = {loaded.rule.id for loaded in load_rule_set(RULES / "peel-2018-19").rules}
    assert {loaded.rule.id for loaded in copy.rule_set.rules} == bundled | {NEW}


def test_its_examples_pass(copy: Copy) -> None:
    """The examples written with the rule run as the bundled rules' do, both ways."""
    loaded = copy.rule_set.find(NEW)
    assert loaded is not None
    outcomes = run_examples(copy.rule_set, loaded.rule)
    assert [outcome.describe() for outcome in outcomes if not outcome.passed] == []
    assert {outcome.example.triggers for outcome in outcomes} == {True, False}


def test_the_bundled_norfolk_report_satisfies_it(copy: Copy) -> None:
    """The published Norfolk encoding links its one carried-on AFI within its question."""
    loaded = copy.rule_set.find(NEW)
    assert loaded is not None
    norfolk = load_report(NORFOLK, lambda scheme: copy.rule_set, with_source=False)
    assert check_rule(loaded.rule, norfolk, copy.rule_set) == []


@SMALL
@given(st.data())
def test_consistent_reports_get_no_finding(copy: Copy, draws: st.DataObject) -> None:
    """(a) Reports generated from the copy satisfy the new rule along with the others."""
    assert found(draws.draw(copy.reports), copy.rule_set) == set()


@SMALL
@given(st.data())
def test_mutants_of_the_new_rule_get_exactly_it(copy: Copy, draws: st.DataObject) -> None:
    """(b) The mutant search breaks the new rule alone, at its place."""
    data, rule_id, path = draws.draw(copy.new_rule_mutants)
    assert rule_id == NEW
    assert found(data, copy.rule_set) == {(NEW, path)}


@SMALL
@given(st.data())
def test_mutants_of_any_rule_get_exactly_it(copy: Copy, draws: st.DataObject) -> None:
    """(b) Mutants of every rule of the copy still break one rule alone: the new rule
    overlaps none of the bundled ones."""
    data, rule_id, path = draws.draw(copy.mutants)
    assert found(data, copy.rule_set) == {(rule_id, path)}


def test_gradecheck_rules_test_passes(rules_folder: Path, tmp_path: Path) -> None:
    """`gradecheck rules test` on the copy: examples, properties and a mutant of every rule
    that reads the data alone, the new one included."""
    empty = tmp_path / "no-reports"
    empty.mkdir()
    arguments = ["rules", "test", "peel-2018-19", "--rules", str(rules_folder)]
    arguments += ["--reports", "20", "--mutants", "2", "--bundled", str(empty)]
    assert main(arguments) == 0


def test_gradecheck_rules_test_passes_on_a_scheme_written_as_data(tmp_path: Path) -> None:
    """The same holds for a whole scheme written as data (three grades, no pillars, no
    earlier inspections, a rule that no two areas for improvement say the same): its
    reports are generated and its rules mutated with no Python written for it."""
    root = write_mini(tmp_path)
    empty = tmp_path / "no-reports"
    empty.mkdir()
    arguments = ["rules", "test", "mini-2024", "--rules", str(root / "rules")]
    arguments += ["--reports", "20", "--mutants", "2", "--bundled", str(empty)]
    assert main(arguments) == 0


BUNDLED_SETS = sorted(path.parent.name for path in RULES.glob("*/scheme.toml"))


@pytest.mark.parametrize("name", BUNDLED_SETS)
def test_gradecheck_rules_test_passes_on_every_bundled_rule_set(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every tool works on every scheme: `rules test` on each bundled set, with its bundled
    reports (examples, generated reports, a mutant of every rule that reads data alone)."""
    arguments = ["rules", "test", name, "--rules", str(RULES), "--reports", "10", "--mutants", "1"]
    arguments += ["--bundled", str(RULES.parent / "reports")]
    code = main(arguments)
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.rstrip().endswith("OK")
