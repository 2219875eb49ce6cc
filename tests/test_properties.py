"""Properties of the PEEL 2018/19 rule set, over reports generated from the rules themselves.

The profile (tests/conftest.py) sets how many examples: `dev` locally, `ci` under CI=true,
`stress` with HYPOTHESIS_PROFILE=stress. Mutant properties draw fewer examples per test
than the profile's count, because each mutant is a search.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.authoring.tomlwrite import dumps
from checker.engine.check import Selection, check
from checker.inputs.report import LoadedReport, validate_report
from checker.inputs.ruleset import load_rule_set
from checker.inputs.tomlfile import parse_toml
from checker.model.findings import Finding
from checker.output import FORMATTERS, RunSummary
from checker.testing.edits import DELETE, apply_edit, changed_place
from checker.testing.probe import Probe
from checker.testing.rule_view import Found
from checker.testing.strategies import mutants, reports
from checker.testing.vocabulary import UNKNOWN_ID, Vocabulary
from tests.conftest import RULES, tomllib

PEEL = load_rule_set(RULES / "peel-2018-19")
RULE_IDS = [loaded.rule.id for loaded in PEEL.rules]
FEWER = settings(
    max_examples=max(5, settings.default.max_examples // 3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def load(data: dict[str, Any], name: str = "generated.toml") -> LoadedReport:
    """A report as the CLI sees it: written as TOML, parsed, validated."""
    return validate_report(parse_toml(dumps(data), name), lambda scheme: PEEL)


ALL_RULES = Selection()


def found(data: dict[str, Any], selection: Selection = ALL_RULES) -> list[Finding]:
    return check([load(data)], PEEL, selection)


@given(reports(PEEL))
def test_consistent_reports_get_no_finding(data: dict[str, Any]) -> None:
    """(a) A report consistent by construction gets no finding."""
    assert found(data) == []


@FEWER
@given(mutants(PEEL))
def test_each_mutant_gets_exactly_its_rule(mutant: tuple[dict[str, Any], str, str]) -> None:
    """(b) A single-fault mutant gets exactly its rule, at its path."""
    data, rule_id, path = mutant
    assert {(f.rule_id, f.path) for f in found(data)} == {(rule_id, path)}


MUTABLE = [loaded.rule.id for loaded in PEEL.rules if not loaded.rule.needs]
PER_RULE = settings(
    max_examples=max(2, settings.default.max_examples // 20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("rule_id", MUTABLE)
def test_every_rule_gets_its_own_mutants(rule_id: str) -> None:
    """(b) for each rule in turn: every rule of the set, not a sample of them."""

    @PER_RULE
    @given(mutants(PEEL, rule=rule_id))
    def exactly_this_rule(mutant: tuple[dict[str, Any], str, str]) -> None:
        data, found_rule, path = mutant
        assert found_rule == rule_id
        assert {(f.rule_id, f.path) for f in found(data)} == {(rule_id, path)}

    exactly_this_rule()


def _shuffled(value: Any, chance: random.Random) -> Any:
    """The same data with the keys of every table in another order (arrays keep theirs)."""
    if isinstance(value, dict):
        keys = list(value)
        chance.shuffle(keys)
        return {key: _shuffled(value[key], chance) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, chance) for item in value]
    return value


def _unplaced(finding: Finding) -> dict[str, Any]:
    """Everything a finding says but where its values sit in the file (which moves when keys
    are written in another order): rule, message, path, expected and actual, every related
    location's path and note, in their order, and the fingerprint."""
    data = finding.to_dict()
    del data["line"], data["column"]
    data["related"] = [(r["file"], r["path"], r["note"]) for r in data["related"]]
    return data


@FEWER
@given(mutants(PEEL), reports(PEEL), st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_order(
    mutant: tuple[dict[str, Any], str, str], other: dict[str, Any], chance: random.Random
) -> None:
    """(c) Neither the order of tables and keys nor the order of files changes the findings:
    not their messages, related locations or fingerprints (only their lines and columns)."""
    data = mutant[0]
    first, second = load(data, "a.toml"), load(other, "b.toml")
    reordered = load(_shuffled(data, chance), "a.toml")
    assert [_unplaced(f) for f in check([first], PEEL)] == [
        _unplaced(f) for f in check([reordered], PEEL)
    ]
    both = check([first, second], PEEL)
    assert [f.to_dict() for f in both] == [f.to_dict() for f in check([second, first], PEEL)]


@FEWER
@given(mutants(PEEL))
def test_json_output_parses_back_into_equal_findings(
    mutant: tuple[dict[str, Any], str, str],
) -> None:
    """(d) JSON output parses back into findings equal to the ones rendered."""
    findings = found(mutant[0])
    text = FORMATTERS["json"](findings, RunSummary(("generated.toml",), len(RULE_IDS)))
    assert [Finding.from_dict(item) for item in json.loads(text)["findings"]] == findings


@FEWER
@given(mutants(PEEL), st.sets(st.sampled_from(RULE_IDS)), st.sets(st.sampled_from(RULE_IDS)))
def test_rule_subsets_merge(
    mutant: tuple[dict[str, Any], str, str], a: set[str], b: set[str]
) -> None:
    """(e) Checking with rule subsets A and B and merging equals checking with A ∪ B."""
    data = mutant[0]

    def with_rules(ids: set[str]) -> set[Finding]:
        return set(found(data, selection=Selection(select=tuple(ids)))) if ids else set()

    assert with_rules(a) | with_rules(b) == with_rules(a | b)


@st.composite
def edited_reports(draw: st.DrawFn) -> dict[str, Any]:
    """Consistent reports with a few arbitrary edits from the report format's vocabulary."""
    data = draw(reports(PEEL))
    vocabulary = Vocabulary(PEEL)
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths))
        options = vocabulary.candidates(data, path)
        if options:
            edited = apply_edit(data, path, draw(st.sampled_from(options)))
            data = edited if edited is not None else data
    return data


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Any:
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@given(edited_reports())
def test_checking_never_raises_on_a_report_the_model_accepts(data: dict[str, Any]) -> None:
    """(f) Whatever the model accepts, the engine checks without raising."""
    from checker.inputs.tomlfile import InputError, InputErrors

    try:
        report = load(data)
    except (InputError, InputErrors):
        return  # the model refused it: an input error, reported as such
    assert all(isinstance(f, Finding) for f in check([report], PEEL))


ROLLUP = [loaded.rule for loaded in PEEL.rules if loaded.rule.kind == "range"]
SCALE = PEEL.scheme.grades.scale


def _lowest_allowed(data: dict[str, Any], pillar: str) -> int:
    allowed = Probe(PEEL).allowed_values(data, ("pillars", pillar, "grade"), SCALE)
    return min(SCALE.index(grade) for grade in allowed)


def _too_high(findings: list[Finding]) -> set[tuple[str, str]]:
    return {
        (f.rule_id, f.path)
        for f in findings
        if f.actual in SCALE
        and f.expected is not None
        and SCALE.index(f.actual) > SCALE.index(f.expected.split(" to ")[-1])
    }


@given(reports(PEEL), st.data())
def test_rollup_is_monotone(data: dict[str, Any], draws: st.DataObject) -> None:
    """(g) Raising one question grade never lowers the lowest allowed pillar grade, and never
    makes a pillar too high for its questions."""
    graded = [
        key
        for key, q in PEEL.scheme.questions.items()
        if q.graded and q.pillar and SCALE.index(data["questions"][key]["grade"]) < len(SCALE) - 1
    ]
    if not graded:
        return
    key = draws.draw(st.sampled_from(graded))
    pillar = PEEL.scheme.questions[key].pillar
    assert pillar is not None
    raised = apply_edit(
        data, ("questions", key, "grade"), SCALE[SCALE.index(data["questions"][key]["grade"]) + 1]
    )
    assert raised is not None
    before = Probe(PEEL).findings(data, ROLLUP)
    after = Probe(PEEL).findings(raised, ROLLUP)
    assert _lowest_allowed(json.loads(json.dumps(raised)), pillar) >= _lowest_allowed(
        json.loads(json.dumps(data)), pillar
    )
    assert _too_high(after) <= _too_high(before)


@given(reports(PEEL))
def test_generated_reports_round_trip_through_toml(data: dict[str, Any]) -> None:
    """(h) Writing a generated report to TOML and loading it back gives an equal report."""
    assert tomllib.loads(dumps(data)) == data
    assert load(data).report == load(tomllib.loads(dumps(data))).report


def test_delete_removes_keys_and_array_elements() -> None:
    """An edit with DELETE removes the key or the array element, and leaves the original
    data as it was."""
    data = {"a": 1, "b": {"c": 2, "d": 3}, "e": [10, 11, 12]}
    assert apply_edit(data, ("a",), DELETE) == {"b": {"c": 2, "d": 3}, "e": [10, 11, 12]}
    assert apply_edit(data, ("b", "c"), DELETE) == {"a": 1, "b": {"d": 3}, "e": [10, 11, 12]}
    assert apply_edit(data, ("e", 1), DELETE) == {"a": 1, "b": {"c": 2, "d": 3}, "e": [10, 12]}
    assert apply_edit(data, ("b", "x"), DELETE) is None  # nothing there to remove
    assert data == {"a": 1, "b": {"c": 2, "d": 3}, "e": [10, 11, 12]}


def test_links_by_id_get_other_ids_an_unknown_id_and_removal() -> None:
    """Fields that name items by id, as the report model types them, are edited to another
    id of the report, to an id naming nothing, or removed; an item's own id is renamed."""
    data = {
        "afis": [{"id": "AFI-1", "question": "investigating_crime", "text": "t"}],
        "causes_of_concern": [
            {"id": "COC-1", "question": "preventing_crime", "text": "t", "recommendations": []}
        ],
        "followed_up": [{"id": "OLD-1", "carried_on_by": "AFI-1"}],
        "hmi_concerns": [{"id": "HMI-1", "concern": "c", "addressed_by": ["AFI-1"]}],
    }
    vocabulary = Vocabulary(PEEL)
    carried = vocabulary.candidates(data, ("followed_up", 0, "carried_on_by"))
    assert {"COC-1", UNKNOWN_ID} <= set(carried)
    assert DELETE in carried
    assert "AFI-1" not in carried  # the value it has
    reopens = vocabulary.candidates(data, ("afis", 0, "reopens"))  # absent: the model says
    assert {"COC-1", "OLD-1", UNKNOWN_ID} <= set(reopens)
    assert DELETE not in reopens
    element = vocabulary.candidates(data, ("hmi_concerns", 0, "addressed_by", 0))
    assert {"COC-1", UNKNOWN_ID} <= set(element)
    assert DELETE in element
    listed = vocabulary.candidates(data, ("hmi_concerns", 0, "addressed_by"))
    assert [] in listed
    assert ["AFI-1", UNKNOWN_ID] in listed
    assert vocabulary.candidates(data, ("afis", 0, "id")) == [UNKNOWN_ID]


@given(reports(PEEL), st.data())
def test_checking_what_an_edit_can_change_finds_what_checking_everything_finds(
    data: dict[str, Any], draws: st.DataObject
) -> None:
    """After edits to a consistent report, asking only the rules that can see an edit, about
    only the items it can change, finds exactly what checking every rule everywhere finds."""
    probe = Probe(PEEL)
    vocabulary = Vocabulary(PEEL)
    edited, changed = data, set()
    for _ in range(draws.draw(st.integers(1, 3))):
        path = draws.draw(st.sampled_from([("partial",), *_paths(edited)]))
        options = vocabulary.candidates(edited, path)
        if not options:
            continue
        value = draws.draw(st.sampled_from(options))
        after = apply_edit(edited, path, value)
        if after is not None:
            changed.add(changed_place(edited, path, value))
            edited = after
    everything = Counter(
        Found(f.rule_id, f.path, tuple(r.path for r in f.related)) for f in probe.findings(edited)
    )
    assert Counter(probe.places_after(edited, changed, start=data)) == everything
