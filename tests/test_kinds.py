"""Each rule kind on small hand-made data: one table of cases per kind."""

from __future__ import annotations

from typing import Any

import pytest

from checker.engine.conditions import failure
from checker.engine.context import Context
from checker.engine.kinds import KINDS, check_function, kind_module, params_model
from checker.model.rules import Condition, Rule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope

SCHEME = Scheme.model_validate(
    {
        "id": "tiny",
        "title": "t",
        "year": "2018/19",
        "grades": {"scale": ["Inadequate", "Requires improvement", "Good", "Outstanding"]},
        "questions": {"q": {"names": ["Q"]}},
    }
)
REPORT: dict[str, Any] = {
    "year": "2018/19",
    "grades": ["Good", "Requires improvement", "Ungraded", "Outstanding"],
    "years": ["2016", "2017"],
    "ids": ["A", "B", "A"],
    "none": [],
}
SCOPE = Scope(REPORT, SCHEME.model_dump(), REPORT, "report", ())


def holds(**condition: Any) -> bool:
    return failure(Condition.model_validate(condition), SCOPE, SCHEME) is None


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"ref": "report.year", "present": True}, True),
        ({"ref": "report.missing", "present": True}, False),
        ({"ref": "report.missing", "present": False}, True),
        ({"ref": "report.year", "equals": "2018/19"}, True),
        ({"ref": "report.year", "equals": "2017"}, False),
        ({"ref": "report.missing", "equals": "2017"}, False),
        ({"ref": "report.missing", "not_equals": "2017"}, False),
        ({"ref": "report.year", "not_equals": "{report.years.*}"}, True),
        ({"ref": "report.years.*", "in": ["2016", "2017"]}, True),
        ({"ref": "report.years.*", "in": ["2016"]}, False),
        ({"ref": "report.years.*", "in": "{report.years.*}"}, True),
        ({"ref": "report.years.*", "not_in": ["2018/19"]}, True),
        ({"ref": "report.years.*", "before": "{report.year}"}, True),
        ({"ref": "report.year", "before": "2018/19"}, False),
        ({"ref": "report.year", "after": "2017"}, True),
        ({"ref": "report.year", "after": "not a year"}, False),
        ({"ref": "report.grades.*", "at_least": "Requires improvement"}, True),
        ({"ref": "report.grades.*", "at_least": "Good"}, False),
        ({"ref": "report.grades.*", "at_most": "Outstanding"}, True),
        ({"ref": "report.grades.*", "at_most": "Good"}, False),
        ({"ref": "report.grades.2", "at_least": "Outstanding"}, True),  # Ungraded: off the scale
        ({"ref": "report.ids.*", "count_min": 3}, True),
        ({"ref": "report.ids.*", "count_min": 4}, False),
        ({"ref": ["report.ids.*", "report.years.*"], "count_min": 5}, True),
        ({"ref": "report.none.*", "count_max": 0}, True),
        ({"ref": "report.ids.*", "count_max": 2}, False),
    ],
)
def test_implies_conditions(condition: dict[str, Any], expected: bool) -> None:
    """Each operator holds, or not, as documented in the README."""
    assert holds(**condition) is expected


@pytest.mark.parametrize("operators", [{}, {"equals": "a", "in": ["a"]}])
def test_a_condition_takes_exactly_one_operator(operators: dict[str, Any]) -> None:
    """No operator, or two, is a rule-file error."""
    with pytest.raises(ValueError, match="exactly one operator"):
        Condition.model_validate({"ref": "report.year", **operators})


COMMON: dict[str, Any] = {
    "id": "T001",
    "name": "t",
    "title": "t",
    "severity": "error",
    "message": "m",
    "docs": {"what": "w", "why": "y", "example": "e", "instead": "i"},
    "examples": [
        {"name": "a", "triggers": True, "path": "/pillar"},
        {"name": "b", "triggers": False},
    ],
}


def run(rule: Rule, report: dict[str, Any]) -> list[tuple[Any, ...]]:
    scope = Scope(report, SCHEME.model_dump(), report, "report", ())
    found = check_function(rule.kind)(rule, scope, Context(SCHEME))
    return [(v.path, v.actual, v.expected) for v in found]


def range_rule(**options: Any) -> Rule:
    return params_model("range").model_validate(
        {
            **COMMON,
            "kind": "range",
            "value": "report.pillar",
            "values": "report.questions.*",
            **options,
        }
    )


G, RI, OUT, INAD = "Good", "Requires improvement", "Outstanding", "Inadequate"


@pytest.mark.parametrize(
    ("pillar", "questions", "options", "expected"),
    [
        (G, [G, RI, G, G], {}, None),  # Norfolk effectiveness
        (OUT, [OUT, G, G, OUT], {}, None),  # an Outstanding effectiveness seen in 2018/19
        (G, [RI, OUT], {}, None),  # West Midlands efficiency
        (OUT, [G, G], {}, "Good"),
        (RI, [G, OUT], {}, "Good to Outstanding"),
        (G, [G, "Ungraded"], {}, None),
        (INAD, ["Ungraded"], {}, None),  # nothing graded: nothing to compare
        (
            G,
            [INAD, INAD, INAD, OUT],
            {"mode": "middle", "tolerance": 1},
            "Inadequate to Requires improvement",
        ),
        (G, [INAD, INAD, OUT, OUT], {"mode": "middle", "tolerance": 1}, None),
        (OUT, [RI, G], {"tolerance": 1}, None),
        (OUT, [INAD, RI], {"tolerance": 1}, "Inadequate to Good"),
    ],
)
def test_range(
    pillar: str, questions: list[str], options: dict[str, Any], expected: str | None
) -> None:
    """A grade outside the allowed band is reported with the band as expected value."""
    found = run(range_rule(**options), {"pillar": pillar, "questions": questions})
    assert found == ([] if expected is None else [(("pillar",), pillar, expected)])


def test_link() -> None:
    """Each value that names nothing is reported at its own path."""
    rule = params_model("link").model_validate(
        {
            **COMMON,
            "kind": "link",
            "ref": "report.links.*",
            "targets": ["report.a.*.id", "report.b.*.id"],
        }
    )
    report = {"links": ["x", "q", "y"], "a": [{"id": "x"}], "b": [{"id": "y"}]}
    assert run(rule, report) == [(("links", 1), "q", "one of x, y")]


def test_unique() -> None:
    """Each repeat is reported where it repeats, with the first as related location."""
    rule = params_model("unique").model_validate(
        {**COMMON, "kind": "unique", "ref": "report.ids.*"}
    )
    scope = Scope(REPORT, {}, REPORT, "report", ())
    (violation,) = check_function("unique")(rule, scope, Context(SCHEME))
    assert (violation.path, violation.related) == (("ids", 2), (("report", ("ids", 0)),))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_module_defines_its_model_and_check(kind: str) -> None:
    """Each registered module has a `Params` rule model for exactly its kind name, and a
    `check` function."""
    import typing

    model = params_model(kind)
    assert issubclass(model, Rule)
    assert typing.get_args(model.model_fields["kind"].annotation) == (kind,)
    assert callable(kind_module(kind).check)
