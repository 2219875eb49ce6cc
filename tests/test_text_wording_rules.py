"""The wrong force, template text and one item with two labels (PEEL530, PEEL531, PEEL532), on
the Norfolk 2018/19 text: each fires where the text really does what it looks for, and only
there.
"""

from __future__ import annotations

import pytest

from checker.engine.check import Selection, check
from checker.inputs.report import load_report, with_text
from checker.inputs.ruleset import RuleSet
from checker.model.findings import Finding, Severity
from checker.text.source import read_text
from tests.conftest import NORFOLK

NORFOLK_TEXT = NORFOLK.with_name("norfolk.txt")
RULES = ("PEEL530", "PEEL531", "PEEL532")


def findings(peel: RuleSet, text: str | None = None) -> list[Finding]:
    report = load_report(NORFOLK, lambda scheme: peel)
    if text is not None:
        report = with_text(report, text)
    return check([report], peel, Selection(RULES))


def changed(old: str, new: str) -> str:
    text = NORFOLK_TEXT.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_published_text_calls_one_earlier_afi_a_recommendation(peel: RuleSet) -> None:
    """The legitimacy summary of ethical and lawful workforce behaviour says "In our 2017
    legitimacy report we recommended the force improve the quality and timeliness of its
    updates to complainants"; the detailed findings call the same item one of the "two areas
    for improvement" of the 2017 legitimacy inspection. The only finding of the three rules."""
    (finding,) = findings(peel)
    assert (finding.rule_id, finding.path, finding.severity) == (
        "PEEL532",
        "/followed_up/5/summary",
        Severity.WARNING,
    )
    assert "2017-LEG-ELB-1" in finding.message
    (cited,) = [r for r in finding.related if r.file.endswith("norfolk.txt")]
    assert cited.line == 1027


def test_other_forces_named_in_passing_are_not_the_force_judged(peel: RuleSet) -> None:
    """The text names other forces it works with many times (joint units, collaborations);
    every force it reads as the one judged, congratulated or commended is Norfolk's."""
    assert peel.claims is not None
    text = read_text(NORFOLK_TEXT)
    named = {claim.fields["force_name"] for claim in text.claims(peel.claims, "force")}
    assert named == {"Norfolk Constabulary"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "Norfolk Constabulary is good at preventing crime and tackling anti-social behaviour.",
            "Borsetshire Constabulary is good at preventing crime and tackling anti-social "
            "behaviour.",
            id="a summary sentence",
        ),
        pytest.param(
            "I congratulate Norfolk Constabulary on its",
            "I congratulate Borsetshire Police on its",
            id="HM Inspector's congratulations",
        ),
    ],
)
def test_a_draft_from_another_forces_report_is_caught(peel: RuleSet, old: str, new: str) -> None:
    found = [f for f in findings(peel, changed(old, new)) if f.rule_id == "PEEL530"]
    assert [(f.path, f.severity) for f in found] == [("/force_name", Severity.ERROR)]
    assert "Borsetshire" in found[0].message


def test_template_text_left_in_is_caught(peel: RuleSet) -> None:
    text = changed(
        "The force is good at tackling serious and organised crime.",
        "The force is good at tackling serious and organised crime.\n\nForce x is",
    )
    found = [f for f in findings(peel, text) if f.rule_id == "PEEL531"]
    assert [(f.path, f.actual) for f in found] == [("/source", "Force x")]


@pytest.mark.parametrize("placeholder", ["[force name]", "[insert date]", "XX%"])
def test_placeholders(peel: RuleSet, placeholder: str) -> None:
    text = changed("We found that 88 percent", f"We found that {placeholder}")
    found = [f.actual for f in findings(peel, text) if f.rule_id == "PEEL531"]
    assert found == [placeholder]


def test_no_placeholder_in_the_published_text(peel: RuleSet) -> None:
    assert [f for f in findings(peel) if f.rule_id == "PEEL531"] == []


def test_an_earlier_afi_called_an_area_for_improvement_is_not_a_finding(peel: RuleSet) -> None:
    text = changed(
        "In our 2017 legitimacy report we recommended the force improve",
        "In 2017, we identified as an area for improvement that the force should improve",
    )
    assert findings(peel, text) == []
