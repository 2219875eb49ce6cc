"""Partial reports: what a report leaves out is unknown, not missing.

A finding on a partial report must hold for every way of completing it. Each case below is the
example report with some facts left out: as a complete report it has the finding, as a
partial one it has none (and `--show-unknown` says the check could not be made), or the
finding stays because no completion could mend it.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from checker.engine.check import Selection, check
from checker.inputs.report import LoadedReport, validate_report
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import TomlDocument
from checker.model.findings import Finding, Severity


def report(peel: RuleSet, *, partial: bool, changes: dict[str, Any]) -> LoadedReport:
    """The example report with `changes` (dotted key -> value, or None to leave it out)."""
    assert peel.example_base is not None
    data = copy.deepcopy(peel.example_base.data)
    data["partial"] = partial
    if partial:
        data["publication"] = {**data["publication"], "url": "https://example.org/peel"}
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        where: Any = data
        for part in parents:
            where = where[int(part)] if isinstance(where, list) else where[part]
        if value is None:
            del where[int(last) if isinstance(where, list) else last]
        else:
            where[int(last) if isinstance(where, list) else last] = value
    return validate_report(TomlDocument("example.toml", "", data), lambda scheme: peel)


def found(peel: RuleSet, loaded: LoadedReport, rule: str, **options: bool) -> list[Finding]:
    return check([loaded], peel, Selection(select=(rule,)), **options)


CASES = [
    # (rule, changes that leave facts out, path of the finding on the complete report)
    ("PEEL001", {"questions.planning_for_future": None}, "/questions/planning_for_future"),
    ("PEEL003", {"scope": []}, "/scope"),
    # Requires improvement needs an AFI: the AFIs may simply not be encoded yet.
    ("PEEL401", {"afis": None}, "/questions/investigating_crime/grade"),
    # A pillar over its questions, some of whose grades are not known: any grade could fill
    # the gap, so an Outstanding legitimacy over two known Good questions is not yet wrong.
    (
        "PEEL101",
        {"pillars.legitimacy.grade": "Outstanding", "questions.fair_treatment_workforce": None},
        "/pillars/legitimacy/grade",
    ),
    # A concern whose links are not encoded yet is not "addressed by nothing".
    ("PEEL405", {"hmi_concerns.0.addressed_by": None}, "/hmi_concerns/0/addressed_by"),
    # A question with its carry-over but not its grade.
    (
        "PEEL006",
        {"questions.serious_organised_crime.grade": None},
        "/questions/serious_organised_crime/grade",
    ),
]


@pytest.mark.parametrize(("rule", "changes", "path"), CASES, ids=[c[0] for c in CASES])
def test_what_a_partial_report_leaves_out_is_unknown(
    peel: RuleSet, rule: str, changes: dict[str, Any], path: str
) -> None:
    """The complete report with these facts left out has the finding; the partial one has
    none, and one info when unknowns are shown."""
    complete = [f.path for f in found(peel, report(peel, partial=False, changes=changes), rule)]
    assert path in complete
    partial = report(peel, partial=True, changes=changes)
    assert found(peel, partial, rule) == []
    (info,) = found(peel, partial, rule, show_unknown=True)
    assert (info.rule_id, info.severity, info.path) == (rule, Severity.INFO, "")
    assert info.message.startswith(f"could not check {info.rule_name} at /")


def test_a_value_that_is_there_and_fails_fails_in_every_completion(peel: RuleSet) -> None:
    """A partial report keeps the findings no completion could mend: Outstanding efficiency
    over questions all known and all Good is wrong however the rest is filled in."""
    changes = {"pillars.efficiency.grade": "Requires improvement", "afis": None}
    loaded = report(peel, partial=True, changes=changes)
    assert [f.path for f in found(peel, loaded, "PEEL101")] == ["/pillars/efficiency/grade"]


def test_a_link_to_an_item_the_report_may_leave_out_is_unknown(peel: RuleSet) -> None:
    """`carried_on_by` naming an AFI that is not encoded: a finding in a complete report,
    unknown in a partial one."""
    changes = {"followed_up.1.carried_on_by": "AFI-99"}
    complete = found(peel, report(peel, partial=False, changes=changes), "PEEL303")
    assert [f.path for f in complete] == ["/followed_up/1/carried_on_by"]
    assert found(peel, report(peel, partial=True, changes=changes), "PEEL303") == []


def test_how_a_partial_report_was_encoded_is_known(peel: RuleSet) -> None:
    """`publication.url` is about the encoding: left out of a partial report it is missing,
    not unknown (the 2016 and 2017 rule sets require it)."""
    loaded = report(peel, partial=True, changes={"publication.url": None})
    assert loaded.data["publication"] == {"title": "Example report"}
    # In the 2018/19 set no rule reads it; the rule is exercised by PEEL16006's examples.
    assert found(peel, loaded, "PEEL0") == []


def test_format_gaps_are_part_of_the_format(peel: RuleSet) -> None:
    """A followed-up AFI whose question the report does not give, PEEL 2015 follow-ups, a
    recommendation outside any cause of concern, amendments after publication: all load,
    and no rule holds them against a complete report."""
    changes: dict[str, Any] = {
        "followed_up.0.raised_in": {"year": "2015", "pillar": "effectiveness"},
        "followed_up.1.raised_under": None,
        "recommendations": [
            {"id": "REC-9", "question": "armed_response", "text": "Develop a capability."}
        ],
        "hmi_concerns.0.addressed_by": ["REC-9"],
        "publication.amended": [{"date": date(2019, 6, 1), "change": "A grade corrected."}],
    }
    loaded = report(peel, partial=False, changes=changes)
    assert loaded.report.publication.amended[0].change == "A grade corrected."
    assert [(f.rule_id, f.path) for f in check([loaded], peel)] == []


def test_a_text_that_states_a_grade_the_partial_report_leaves_out(peel: RuleSet) -> None:
    """The text says Good; a partial report without the grade is unknown, one that gives
    Requires improvement is contradicted in every completion."""
    from checker.inputs.report import with_text

    text = "Example Constabulary is good at investigating crime.\n"
    left_out = {"questions.investigating_crime.grade": None}
    complete = with_text(report(peel, partial=False, changes=left_out), text)
    assert [f.path for f in found(peel, complete, "PEEL501")] == [
        "/questions/investigating_crime/grade"
    ]
    partial = with_text(report(peel, partial=True, changes=left_out), text)
    assert found(peel, partial, "PEEL501") == []
    given = with_text(report(peel, partial=True, changes={}), text)  # Requires improvement
    (finding,) = found(peel, given, "PEEL501")
    assert (finding.actual, finding.expected) == ("Requires improvement", "Good")
