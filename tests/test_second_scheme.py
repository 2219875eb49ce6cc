"""A new scheme is data alone: three grades, no pillars, written into a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.ruleset import load_rule_set
from checker.testing.examples import run_examples

SCHEME = """
id = "mini-2024"
title = "A three-grade scheme with no pillars"
year = "2024"

[grades]
scale = ["Poor", "Fair", "Strong"]
ungraded = "Not graded"

[questions.responding]
names = ["Responding to the public"]

[questions.victims]
names = ["Supporting victims"]

[questions.armed]
graded = false
names = ["Armed threats"]
"""

RULES = """
[[rule]]
id = "MINI001"
name = "weak-area-without-afi"
title = "A Poor area has an area for improvement"
severity = "error"
kind = "implies"
for_each = "report.questions.*"
when = [{ ref = "item.grade", equals = "Poor" }]
then = [{ ref = "report.afis[question={key}]", count_min = 1 }]
at = "item.grade"
message = "{key} is Poor but has no area for improvement"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "Fair, no AFI", triggers = false },
  { name = "Poor, no AFI", triggers = true, set = { "questions.victims.grade" = "Poor" }, path = "/questions/victims/grade" },
]

[[rule]]
id = "MINI002"
name = "concern-link-broken"
title = "Concerns link to AFIs that exist"
severity = "warning"
kind = "link"
for_each = "report.hmi_concerns.*"
ref = "item.addressed_by.*"
targets = ["report.afis.*.id"]
message = "concern links to {actual}, which does not exist"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "resolves", triggers = false },
  { name = "broken", triggers = true, set = { "hmi_concerns.0.addressed_by" = ["X"] }, path = "/hmi_concerns/0/addressed_by/0" },
]

[[rule]]
id = "MINI003"
name = "afi-text-repeated"
title = "No two AFIs say the same"
severity = "info"
kind = "unique"
ref = "report.afis.*.text"
message = "this area for improvement repeats an earlier one"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "distinct", triggers = false },
  { name = "repeated", triggers = true, set = { "afis" = [{ id = "A1", question = "responding", text = "t" }, { id = "A2", question = "victims", text = "t" }] }, path = "/afis/1/text" },
]

[[rule]]
id = "MINI004"
name = "strong-area-below-others"
title = "Responding is graded like supporting victims"
severity = "warning"
kind = "range"
value = "report.questions.responding.grade"
values = "report.questions.victims.grade"
message = "responding is {actual}, outside {low} to {high}"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "within", triggers = false },
  { name = "outside", triggers = true, set = { "questions.victims.grade" = "Strong", "questions.responding.grade" = "Poor", "afis.0.question" = "responding" }, path = "/questions/responding/grade" },
]
"""

BASE = """
force = "example"
force_name = "Example Police"
scheme = "mini-2024"
year = "2024"
publication = { title = "Example" }
questions.responding = { grade = "Fair" }
questions.victims = { grade = "Fair" }
questions.armed = { grade = "Not graded" }
afis = [{ id = "A1", question = "responding", text = "Answer calls faster." }]
hmi_concerns = [{ id = "H1", concern = "Slow answers.", addressed_by = ["A1"] }]
"""


def write_mini(root: Path, rules: str = RULES) -> Path:
    """The three-grade scheme as `root/rules/mini-2024`, with `rules` as its rule file."""
    folder = root / "rules" / "mini-2024"
    (folder / "examples").mkdir(parents=True)
    (folder / "scheme.toml").write_text(SCHEME, encoding="utf-8")
    (folder / "rules.toml").write_text(rules, encoding="utf-8")
    (folder / "examples" / "base.toml").write_text(BASE, encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_mini(tmp_path)


def test_new_scheme_loads_and_its_examples_pass(mini: Path) -> None:
    """The scheme's own rule examples run and pass with no Python written for it."""
    rule_set = load_rule_set(mini / "rules" / "mini-2024")
    outcomes = run_examples(rule_set)
    assert len(outcomes) == 8
    assert [o.describe() for o in outcomes if not o.passed] == []


def test_report_checked_against_new_scheme(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report naming the new scheme is validated against its grades and checked by its rules."""
    report = mini / "reports" / "example.toml"
    report.parent.mkdir()
    report.write_text(
        BASE.replace('victims = { grade = "Fair" }', 'victims = { grade = "Poor" }').replace(
            'addressed_by = ["A1"]', 'addressed_by = ["A9"]'
        ),
        encoding="utf-8",
    )
    code = main(["check", str(report), "--rules", str(mini / "rules"), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["rule_id"], f["path"], f["line"]) for f in found] == [
        ("MINI004", "/questions/responding/grade", 7),
        ("MINI001", "/questions/victims/grade", 8),
        ("MINI002", "/hmi_concerns/0/addressed_by/0", 11),
    ]


def test_grades_of_another_scheme_are_input_errors(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Good" is not a grade of the three-grade scheme."""
    report = mini / "example.toml"
    report.write_text(
        BASE.replace('victims = { grade = "Fair" }', 'victims = { grade = "Good" }'),
        encoding="utf-8",
    )
    code = main(["check", str(report), "--rules", str(mini / "rules")])
    assert code == 2
    assert "questions.victims.grade: unknown grade 'Good'" in capsys.readouterr().err
