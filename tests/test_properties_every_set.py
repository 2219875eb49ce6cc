"""Properties (a) to (h) on every bundled rule set (issue 14: every tool works on every
scheme). tests/test_properties.py holds them, in depth, for PEEL 2018/19; here each other set
gets the same properties with fewer examples, so that a new scheme is covered the day its
folder lands, with no test written for it. (i) and (j), on partial reports, are in
tests/test_partial_properties.py, which already runs on every set.
"""

from __future__ import annotations

import json
import random
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.authoring.tomlwrite import dumps
from checker.engine.check import Selection, check
from checker.inputs.report import LoadedReport, validate_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import InputError, InputErrors, parse_toml
from checker.model.findings import Finding
from checker.output import FORMATTERS, RunSummary
from checker.testing.edits import apply_edit
from checker.testing.probe import Probe
from checker.testing.strategies import mutants, reports
from checker.testing.vocabulary import Vocabulary
from tests.conftest import RULES, tomllib
from tests.test_properties import _paths, _shuffled, _unplaced

OTHERS = sorted(
    path.parent.name for path in RULES.glob("*/scheme.toml") if path.parent.name != "peel-2018-19"
)
FEW = settings(
    max_examples=max(3, settings.default.max_examples // 10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    deadline=None,
)


@cache
def rule_set(name: str) -> RuleSet:
    return load_rule_set(RULES / name)


def load(rules: RuleSet, data: dict[str, Any], name: str = "generated.toml") -> LoadedReport:
    return validate_report(parse_toml(dumps(data), name), lambda scheme: rules)


def found(
    rules: RuleSet, data: dict[str, Any], selection: Selection | None = None
) -> list[Finding]:
    return check([load(rules, data)], rules, selection or Selection())


def with_mutants(rules: RuleSet) -> bool:
    """Whether any rule of the set can be broken by a single-fault mutant of one report."""
    return any(not loaded.rule.needs for loaded in rules.rules)


@pytest.mark.parametrize("name", OTHERS)
def test_a_consistent_reports_get_no_finding(name: str) -> None:
    rules = rule_set(name)

    @FEW
    @given(reports(rules))
    def a(data: dict[str, Any]) -> None:
        assert found(rules, data) == []

    a()


@pytest.mark.parametrize("name", OTHERS)
def test_b_a_mutant_gets_exactly_its_rule(name: str) -> None:
    rules = rule_set(name)

    @FEW
    @given(mutants(rules))
    def b(mutant: tuple[dict[str, Any], str, str]) -> None:
        data, rule_id, path = mutant
        assert {(f.rule_id, f.path) for f in found(rules, data)} == {(rule_id, path)}

    b()


@pytest.mark.parametrize("name", OTHERS)
def test_c_to_e_order_json_and_subsets(name: str) -> None:
    """(c) order does not matter, (d) JSON parses back into equal findings, (e) checking
    with rule subsets A and B and merging equals A ∪ B: on mutants, where rules fire."""
    rules = rule_set(name)
    ids = [loaded.rule.id for loaded in rules.rules]
    drawn = mutants(rules) if with_mutants(rules) else reports(rules).map(lambda d: (d, "", ""))

    @FEW
    @given(drawn, reports(rules), st.randoms(use_true_random=False), st.data())
    def c_to_e(
        mutant: tuple[dict[str, Any], str, str],
        other: dict[str, Any],
        chance: random.Random,
        draws: st.DataObject,
    ) -> None:
        data = mutant[0]
        first, second = load(rules, data, "a.toml"), load(rules, other, "b.toml")
        reordered = load(rules, _shuffled(data, chance), "a.toml")
        assert [_unplaced(f) for f in check([first], rules)] == [
            _unplaced(f) for f in check([reordered], rules)
        ]
        both = check([first, second], rules)
        assert [f.to_dict() for f in both] == [f.to_dict() for f in check([second, first], rules)]
        findings = found(rules, data)
        text = FORMATTERS["json"](findings, RunSummary(("generated.toml",), len(ids)))
        assert [Finding.from_dict(item) for item in json.loads(text)["findings"]] == findings
        a = draws.draw(st.sets(st.sampled_from(ids)))
        b = draws.draw(st.sets(st.sampled_from(ids)))

        def with_rules(chosen: set[str]) -> set[Finding]:
            selection = Selection(select=tuple(chosen))
            return set(found(rules, data, selection)) if chosen else set()

        assert with_rules(a) | with_rules(b) == with_rules(a | b)

    c_to_e()


@pytest.mark.parametrize("name", OTHERS)
def test_f_checking_never_raises_and_h_reports_round_trip(name: str) -> None:
    """(f) whatever the model accepts after a few edits is checked without raising; (h) a
    generated report survives a TOML round trip."""
    rules = rule_set(name)
    vocabulary = Vocabulary(rules)

    @FEW
    @given(reports(rules), st.data())
    def f_and_h(data: dict[str, Any], draws: st.DataObject) -> None:
        assert tomllib.loads(dumps(data)) == data
        assert load(rules, data).report == load(rules, tomllib.loads(dumps(data))).report
        for _ in range(draws.draw(st.integers(1, 4))):
            path = draws.draw(st.sampled_from(list(_paths(data))))
            options = vocabulary.candidates(data, path)
            if options:
                edited = apply_edit(data, path, draws.draw(st.sampled_from(options)))
                data = edited if edited is not None else data
        try:
            report = load(rules, data)
        except (InputError, InputErrors):
            return  # the model refused it: an input error, reported as such
        assert all(isinstance(f, Finding) for f in check([report], rules))

    f_and_h()


ROLLED_UP = [
    name
    for name in OTHERS
    if rule_set(name).scheme.pillars
    and any(loaded.rule.kind == "range" for loaded in rule_set(name).rules)
]


@pytest.mark.parametrize("name", ROLLED_UP)
def test_g_the_rollup_is_monotone(name: str) -> None:
    """(g) Raising one question's grade never lowers the lowest grade its pillar may have."""
    rules = rule_set(name)
    scale = rules.scheme.grades.scale

    def lowest(data: dict[str, Any], pillar: str) -> int:
        allowed = Probe(rules).allowed_values(data, ("pillars", pillar, "grade"), scale)
        return min((scale.index(grade) for grade in allowed), default=len(scale))

    @FEW
    @given(reports(rules), st.data())
    def g(data: dict[str, Any], draws: st.DataObject) -> None:
        graded = [
            key
            for key, entry in data["questions"].items()
            if rules.scheme.questions[key].pillar and entry.get("grade") in scale[:-1]
        ]
        if not graded:
            return
        key = draws.draw(st.sampled_from(graded))
        pillar = rules.scheme.questions[key].pillar
        assert pillar is not None
        grade = data["questions"][key]["grade"]
        raised = apply_edit(data, ("questions", key, "grade"), scale[scale.index(grade) + 1])
        assert raised is not None
        assert lowest(json.loads(json.dumps(raised)), pillar) >= lowest(data, pillar)

    g()
