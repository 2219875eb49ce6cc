"""The bundled Norfolk 2018/19 encoding: what the rules find, and one mutation per rule.

Each mutation changes the Norfolk encoding so that exactly one rule fires (besides the
findings the published report already has), proving every rule can see a real report.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from checker.engine.check import check
from checker.engine.corpus import Corpus
from checker.inputs.report import LoadedReport, validate_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import TomlDocument, read_toml
from tests.conftest import NORFOLK, REPORTS, RULES

NORFOLK_TEXT = NORFOLK.with_name("norfolk.txt")

# What the published report itself gets (explained in the issue note / README).
PUBLISHED = {
    ("PEEL208", "/questions/armed_response/last_inspected"),
    ("PEEL405", "/hmi_concerns/1/addressed_by"),
    # "Our 2017 judgments are still in place for the areas we didn't inspect in 2018/19",
    # while serious and organised crime is carried over from the 2016 inspection.
    ("PEEL505", "/questions/serious_organised_crime/carried_over/year"),
    # Info: the 2017 encoding is partial without the effectiveness grades, so whether 2017
    # judged serious and organised crime after 2016 (making 2016 not the latest) is unknown.
    ("PEEL603", "/questions/serious_organised_crime"),
}

COC = {
    "id": "2018-IC-COC-1",
    "question": "investigating_crime",
    "text": "Investigations fail victims.",
    "recommendations": [
        {"id": "2018-IC-REC-1", "text": "Within three months, review supervision."}
    ],
}

Mutation = dict[str, Any]
# rule id -> (changes to the Norfolk data, the path where the finding must be)
MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "PEEL001": ({"unset": ["questions.planning_for_future"]}, "/questions/planning_for_future"),
    "PEEL002": ({"unset": ["pillars.legitimacy"]}, "/pillars/legitimacy"),
    "PEEL003": ({"truncate": {"scope": 9}}, "/scope"),
    "PEEL004": (
        {
            "append": {
                "scope": {
                    "area": "Investigating crime",
                    "question": "investigating_crime",
                    "inspected": True,
                }
            }
        },
        "/scope/10/question",
    ),
    "PEEL005": (
        {"set": {"questions.armed_response.grade": "Good"}},
        "/questions/armed_response/grade",
    ),
    "PEEL006": (
        {"set": {"questions.ethical_lawful_behaviour.grade": "Ungraded"}},
        "/questions/ethical_lawful_behaviour/grade",
    ),
    "PEEL007": ({"set": {"pillars.legitimacy.grade": "To be graded"}}, "/pillars/legitimacy/grade"),
    "PEEL008": ({"set": {"scope.1.area": "Tackling serious and organised crime"}}, "/scope/1/area"),
    "PEEL101": (
        {"set": {"pillars.legitimacy.grade": "Requires improvement"}},
        "/pillars/legitimacy/grade",
    ),
    "PEEL102": (
        {
            "set": {
                "questions.meeting_current_demands.grade": "Requires improvement",
                "afis.3.question": "meeting_current_demands",
                "hmi_concerns.0.addressed_by": ["2018-IC-1", "2018-IC-3"],
            },
            "append": {
                "afis": {
                    "id": "2018-ELB-2",
                    "question": "ethical_lawful_behaviour",
                    "text": "Protect information.",
                }
            },
        },
        "/pillars/efficiency/grade",
    ),
    "PEEL103": (
        {
            "set": {
                "questions.preventing_crime.grade": "Inadequate",
                "questions.protecting_vulnerable_people.grade": "Inadequate",
                "questions.investigating_crime.grade": "Inadequate",
                "questions.serious_organised_crime.grade": "Outstanding",
                "causes_of_concern": [
                    {
                        **COC,
                        "id": "C1",
                        "question": "preventing_crime",
                        "recommendations": [{"id": "R1", "text": "r"}],
                    },
                    {
                        **COC,
                        "id": "C2",
                        "question": "protecting_vulnerable_people",
                        "recommendations": [{"id": "R2", "text": "r"}],
                    },
                    {
                        **COC,
                        "id": "C3",
                        "question": "investigating_crime",
                        "recommendations": [{"id": "R3", "text": "r"}],
                    },
                ],
            }
        },
        "/pillars/effectiveness/grade",
    ),
    "PEEL201": (
        {"set": {"questions.preventing_crime.last_inspected": "2017"}},
        "/questions/preventing_crime/last_inspected",
    ),
    "PEEL202": (
        {
            "set": {
                "questions.fair_treatment_workforce.last_inspected": "2018/19",
                "questions.fair_treatment_workforce.carried_over.year": "2018/19",
            }
        },
        "/scope/9/inspected",
    ),
    "PEEL203": (
        {
            "set": {
                "questions.fair_treatment_public.last_inspected": "2019/20",
                "questions.fair_treatment_public.carried_over.year": "2019/20",
            }
        },
        "/questions/fair_treatment_public/last_inspected",
    ),
    "PEEL204": (
        {"unset": ["questions.meeting_current_demands.carried_over"]},
        "/questions/meeting_current_demands/carried_over",
    ),
    "PEEL205": (
        {"set": {"questions.serious_organised_crime.carried_over.year": "2017"}},
        "/questions/serious_organised_crime/carried_over/year",
    ),
    "PEEL206": (
        {
            "set": {
                "questions.investigating_crime.carried_over": {
                    "year": "2017",
                    "pillar": "effectiveness",
                }
            }
        },
        "/questions/investigating_crime/carried_over",
    ),
    "PEEL207": (
        {
            "set": {
                "scope.2.inspected": False,
                "questions.protecting_vulnerable_people.last_inspected": "2017",
                "questions.protecting_vulnerable_people.carried_over": {
                    "year": "2017",
                    "pillar": "effectiveness",
                },
            }
        },
        "/scope/2/inspected",
    ),
    "PEEL208": (
        {"unset": ["questions.planning_for_future.last_inspected"]},
        "/questions/planning_for_future/last_inspected",
    ),
    "PEEL209": (
        {"set": {"questions.fair_treatment_public.carried_over.pillar": "efficiency"}},
        "/questions/fair_treatment_public/carried_over/pillar",
    ),
    "PEEL301": ({"unset": ["followed_up.4.status"]}, "/followed_up/4/status"),
    "PEEL302": ({"unset": ["followed_up.0.carried_on_by"]}, "/followed_up/0/carried_on_by"),
    "PEEL303": (
        {"set": {"followed_up.0.carried_on_by": "2018-IC-4"}},
        "/followed_up/0/carried_on_by",
    ),
    "PEEL304": (
        {"set": {"followed_up.1.carried_on_by": "2018-IC-3"}},
        "/followed_up/1/carried_on_by",
    ),
    "PEEL305": (
        {"set": {"followed_up.4.raised_under": "meeting_current_demands"}},
        "/followed_up/4/raised_under",
    ),
    "PEEL401": (
        {
            "set": {
                "afis.0.question": "ethical_lawful_behaviour",
                "afis.1.question": "ethical_lawful_behaviour",
                "afis.2.question": "ethical_lawful_behaviour",
            }
        },
        "/questions/investigating_crime/grade",
    ),
    "PEEL402": (
        {
            "set": {
                "questions.investigating_crime.grade": "Inadequate",
                "pillars.effectiveness.grade": "Requires improvement",
            }
        },
        "/questions/investigating_crime/grade",
    ),
    "PEEL403": (
        {"append": {"causes_of_concern": {**COC, "recommendations": []}}},
        "/causes_of_concern/0/recommendations",
    ),
    "PEEL404": (
        {"append": {"causes_of_concern": {**COC, "question": "planning_for_future"}}},
        "/questions/planning_for_future/grade",
    ),
    "PEEL405": ({"set": {"hmi_concerns.0.addressed_by": []}}, "/hmi_concerns/0/addressed_by"),
    "PEEL406": (
        {"set": {"hmi_concerns.0.addressed_by": ["2018-IC-1", "2018-XX-9"]}},
        "/hmi_concerns/0/addressed_by/1",
    ),
    # Text rules: "text" replaces passages of the published text (old -> new, once each).
    "PEEL501": (
        {
            "text": [
                (
                    "Norfolk Constabulary is good at treating the public fairly.",
                    "Norfolk Constabulary is outstanding at treating the public fairly.",
                )
            ]
        },
        "/questions/fair_treatment_public/grade",
    ),
    "PEEL502": (
        {"text": [("Legitimacy\nGood\nFair treatment", "Legitimacy\nOutstanding\nFair treatment")]},
        "/pillars/legitimacy/grade",
    ),
    "PEEL503": (
        {"text": [("No\nYes\nNo\nYes\nNo\n\nOur 2017", "No\nYes\nYes\nYes\nNo\n\nOur 2017")]},
        "/scope/7/inspected",
    ),
    "PEEL504": (
        {
            "text": [
                (
                    "2017 legitimacy inspection has been carried over. However, Norfolk",
                    "2016 legitimacy inspection has been carried over. However, Norfolk",
                )
            ]
        },
        "/questions/fair_treatment_workforce/carried_over/year",
    ),
    "PEEL505": (
        {
            "set": {
                "questions.fair_treatment_workforce.last_inspected": "2016",
                "questions.fair_treatment_workforce.carried_over.year": "2016",
            },
            "text": [
                (
                    "2017 legitimacy inspection has been carried over. However, Norfolk",
                    "2016 legitimacy inspection has been carried over. However, Norfolk",
                )
            ],
        },
        "/questions/fair_treatment_workforce/carried_over/year",
    ),
    "PEEL506": (
        {
            "text": [
                (
                    "The level is now manageable.",
                    "The level is now manageable. The force has not made enough progress.",
                )
            ]
        },
        "/followed_up/1/status",
    ),
    "PEEL507": ({"truncate": {"hmi_concerns": 1}}, "/hmi_concerns"),
    "PEEL508": (
        {"set": {"afis.1.question": "preventing_crime"}, "unset": ["afis.1.evidence"]},
        "/afis/1/question",
    ),
    "PEEL509": ({"truncate": {"afis": 3}}, "/afis"),
    # Cross-report rules see the corpus: Norfolk 2018/19 and its partial 2016 and 2017
    # encodings. "earlier" mutates an encoding (scheme -> changes), "drop" leaves one out.
    "PEEL600": ({"drop": ["peel-2016"]}, ""),
    "PEEL601": (
        {"earlier": {"peel-2017": {"set": {"questions.understanding_demand.grade": "Good"}}}},
        "/questions/meeting_current_demands/grade",
    ),
    "PEEL602": (
        {
            "set": {
                "questions.serious_organised_crime.carried_over.year": "2015",
                "questions.serious_organised_crime.last_inspected": "2015",
            }
        },
        "/questions/serious_organised_crime/carried_over",
    ),
    "PEEL603": (
        {"earlier": {"peel-2017": {"set": {"questions.serious_organised_crime.grade": "Good"}}}},
        "/questions/serious_organised_crime/carried_over/year",
    ),
    "PEEL604": (
        {
            "earlier": {
                "peel-2017": {"set": {"questions.understanding_demand.grade": "Not being graded"}}
            }
        },
        "/questions/meeting_current_demands/grade",
    ),
    # Absence from a partial encoding proves nothing (that is an info finding): as if the
    # 2017 encoding were complete, a followed-up id it lacks is an error.
    "PEEL605": (
        {
            "set": {"followed_up.4.id": "2017-EFFI-UR-9"},
            "earlier": {"peel-2017": {"set": {"partial": False}}},
        },
        "/followed_up/4/id",
    ),
    "PEEL606": (
        {"set": {"followed_up.4.raised_under": "understanding_demand"}},
        "/followed_up/4/raised_under",
    ),
    "PEEL607": (
        {
            "earlier": {
                "peel-2017": {
                    "append": {
                        "followed_up": {
                            "id": "2016-EFF-SOC-1",
                            "raised_in": {"year": "2016", "pillar": "effectiveness"},
                            "raised_under": "serious_organised_crime",
                            "followed_up_under": "serious_organised_crime",
                            "status": "resolved",
                            "summary": "Develop the local profile.",
                        }
                    }
                }
            }
        },
        "/followed_up/2/id",
    ),
    # A new AFI that reopens one never found resolved; with both encodings complete (a
    # partial one may lack the follow-up that resolved it), an error.
    "PEEL608": (
        {
            "set": {"afis.3.reopens": "2017-LEG-ELB-1"},
            "earlier": {
                "peel-2016": {"set": {"partial": False}},
                "peel-2017": {"set": {"partial": False}},
            },
        },
        "/afis/3/reopens",
    ),
    "PEEL510": (
        {"set": {"national_recommendations.0.compliance": "complied"}},
        "/national_recommendations/0/compliance",
    ),
    "PEEL520": (
        {
            "set": {
                "questions.preventing_crime.evidence": (
                    "Norfolk Constabulary is outstanding at preventing crime"
                )
            }
        },
        "/questions/preventing_crime/evidence",
    ),
    "PEEL521": (
        {"set": {"afis.3.evidence": "The force should improve how it allocates crime"}},
        "/afis/3/evidence",
    ),
}


def mutate(data: dict[str, Any], mutation: Mutation) -> dict[str, Any]:
    from checker.model.rules import Example
    from checker.testing.examples import apply

    result = apply(
        data,
        Example(
            name="m", triggers=True, set=mutation.get("set", {}), unset=mutation.get("unset", [])
        ),
    )
    for key, item in mutation.get("append", {}).items():
        result.setdefault(key, []).append(copy.deepcopy(item))
    for key, length in mutation.get("truncate", {}).items():
        del result[key][length:]
    return result


def mutate_text(text: str, mutation: Mutation) -> str:
    for old, new in mutation.get("text", []):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


EARLIER = ("peel-2016", "peel-2017")
"""Norfolk's earlier encodings, reports/<scheme>/norfolk.toml, for the cross-report rules."""


def earlier_reports(mutation: Mutation) -> list[LoadedReport]:
    """Norfolk's earlier encodings, each validated by its own scheme, as `mutation` changes
    them ("earlier": scheme -> changes) or leaves them out ("drop")."""
    reports = []
    for scheme in EARLIER:
        if scheme in mutation.get("drop", []):
            continue
        path = REPORTS / scheme / "norfolk.toml"
        data = mutate(read_toml(path).data, mutation.get("earlier", {}).get(scheme, {}))
        document = TomlDocument(f"reports/{scheme}/norfolk.toml", "", data)
        reports.append(validate_report(document, lambda scheme: load_rule_set(RULES / scheme)))
    return reports


def findings_for(
    data: dict[str, Any],
    rule_set: RuleSet,
    text: str | None = None,
    earlier: list[LoadedReport] | None = None,
) -> set[tuple[str, str]]:
    """Findings on the data, checked against `text` when given (else the data alone), and
    with the corpus of it and the `earlier` reports when given (else no corpus)."""
    if text is None:
        data = {key: value for key, value in data.items() if key != "source"}
    report = validate_report(TomlDocument("norfolk.toml", "", data), lambda scheme: rule_set)
    report = replace(report, text=text)
    corpus = Corpus.of([report, *earlier]) if earlier is not None else None
    return {(f.rule_id, f.path) for f in check([report], rule_set, corpus=corpus)}


def test_published_norfolk_findings(peel: RuleSet) -> None:
    """The published report, with its text and earlier encodings, gets exactly the findings
    explained in the README."""
    text = NORFOLK_TEXT.read_text(encoding="utf-8")
    found = findings_for(read_toml(NORFOLK).data, peel, text, earlier_reports({}))
    assert found == PUBLISHED


def test_every_rule_has_a_norfolk_mutation(peel: RuleSet) -> None:
    """A new rule must come with a mutation here that proves it fires on a real report."""
    assert {loaded.rule.id for loaded in peel.rules} == set(MUTATIONS)


@pytest.mark.parametrize("rule_id", sorted(MUTATIONS))
def test_mutation_fires_exactly_its_rule(peel: RuleSet, rule_id: str) -> None:
    """The mutated Norfolk report gains exactly one finding: this rule, at the expected path."""
    mutation, path = MUTATIONS[rule_id]
    loaded = peel.find(rule_id)
    assert loaded is not None
    # Rules on the data alone are mutated on the data alone: a data mutation makes the text
    # disagree, which the text rules rightly report. Text rules see the (mutated) text.
    text = None
    if "text" in loaded.rule.needs or "text" in mutation:
        text = mutate_text(NORFOLK_TEXT.read_text(encoding="utf-8"), mutation)
    # Likewise cross-report rules (and mutations of the earlier encodings) see the corpus;
    # the other rules are mutated on this report alone.
    earlier = None
    if "corpus" in loaded.rule.needs or "earlier" in mutation or "drop" in mutation:
        earlier = earlier_reports(mutation)
    found = findings_for(mutate(read_toml(NORFOLK).data, mutation), peel, text, earlier)
    assert found - PUBLISHED == {(rule_id, path)}
