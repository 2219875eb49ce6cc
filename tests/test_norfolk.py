"""The bundled Norfolk 2018/19 encoding: what the rules find, and mutations of it.

Each mutation (tests/data/mutations/norfolk-peel-2018-19.toml, data like the rules) changes
the Norfolk encoding so that exactly one rule fires besides the findings the published
report already has, proving the rule can see a real report. A rule without a mutation there
is reported as skipped, not failed: a rule is added by editing TOML alone.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from checker.engine.check import check
from checker.engine.corpus import Corpus
from checker.inputs.report import LoadedReport, validate_report, with_text
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import TomlDocument, read_toml
from checker.model.rules import Example
from checker.testing.examples import apply
from tests.conftest import NORFOLK, REPORTS, RULES

NORFOLK_TEXT = NORFOLK.with_name("norfolk.txt")
MUTATIONS_FILE = Path(__file__).parent / "data" / "mutations" / "norfolk-peel-2018-19.toml"

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
    # The ethical and lawful behaviour summary: "In our 2017 legitimacy report we recommended
    # the force improve ... updates to complainants", an area for improvement in the detailed
    # findings: two labels for one earlier item.
    ("PEEL532", "/followed_up/5/summary"),
}

Mutation = dict[str, Any]
CHANGES = {"set", "unset", "append", "truncate"}
KEYS = {"rule", "path", "text", "earlier", "drop"} | CHANGES


def read_mutations(path: Path = MUTATIONS_FILE) -> list[Mutation]:
    """The `[[mutation]]` entries of a mutations file, each checked for unknown keys."""
    mutations: list[Mutation] = read_toml(path).data.get("mutation", [])
    for mutation in mutations:
        unknown = set(mutation) - KEYS
        assert not unknown, f"{path}: mutation of {mutation.get('rule')}: unknown {unknown}"
        for scheme, changes in mutation.get("earlier", {}).items():
            assert set(changes) <= CHANGES, f"{path}: earlier.{scheme}: unknown keys"
    return mutations


MUTATIONS = read_mutations()
RULE_IDS = [loaded.rule.id for loaded in load_rule_set(RULES / "peel-2018-19").rules]


def mutate(data: dict[str, Any], mutation: Mutation) -> dict[str, Any]:
    """`data` with the mutation's `set`, `unset`, `append` and `truncate` applied."""
    # The changes an example writes, applied as examples are (an example that triggers
    # nothing, so that it needs no place to find).
    changes = Example(
        name="mutation",
        triggers=False,
        set=mutation.get("set", {}),
        unset=mutation.get("unset", []),
    )
    result = apply(data, changes)
    for key, item in mutation.get("append", {}).items():
        result.setdefault(key, []).append(copy.deepcopy(item))
    for key, length in mutation.get("truncate", {}).items():
        del result[key][length:]
    return result


def mutate_text(text: str, mutation: Mutation) -> str:
    for replacement in mutation.get("text", []):
        old, new = replacement["old"], replacement["new"]
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
    report = with_text(report, text)
    corpus = Corpus.of([report, *earlier]) if earlier is not None else None
    return {(f.rule_id, f.path) for f in check([report], rule_set, corpus=corpus)}


def test_published_norfolk_findings(peel: RuleSet) -> None:
    """The published report, with its text and earlier encodings, gets exactly the findings
    explained in the README."""
    text = NORFOLK_TEXT.read_text(encoding="utf-8")
    found = findings_for(read_toml(NORFOLK).data, peel, text, earlier_reports({}))
    assert found == PUBLISHED


def test_every_mutation_names_a_rule_of_the_set() -> None:
    """A mutation of a rule that is gone (or misspelt) is stale data, not a test."""
    assert {m["rule"] for m in MUTATIONS} <= set(RULE_IDS)


def _cases() -> list[Any]:
    """One case per mutation; a rule without one is a skipped case, so coverage shows."""
    cases = [pytest.param(m, id=f"{m['rule']}-{n}") for n, m in enumerate(MUTATIONS)]
    mutated = {m["rule"] for m in MUTATIONS}
    cases += [
        pytest.param(
            None,
            id=f"{rule_id}-none",
            marks=pytest.mark.skip(
                reason=f"{rule_id} has no Norfolk mutation in {MUTATIONS_FILE.name}"
            ),
        )
        for rule_id in RULE_IDS
        if rule_id not in mutated
    ]
    return cases


@pytest.mark.parametrize("mutation", _cases())
def test_mutation_fires_exactly_its_rule(peel: RuleSet, mutation: Mutation) -> None:
    """The mutated Norfolk report gains exactly one finding: this rule, at the expected path."""
    rule_id, path = mutation["rule"], mutation["path"]
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
