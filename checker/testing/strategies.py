"""Hypothesis strategies derived from a rule set (needs the `test` extra).

    reports(rule_set)          reports that satisfy every rule of the set, by construction
    mutants(rule_set, rule=)   (report, rule id, path): the report breaks exactly that rule

`reports` builds a report from the scheme: a judgment for every question, scope rows whose
last-inspected years and carried-over sources agree (drawn from the scheme's earlier
inspections). What the report finds is drawn first: areas for improvement and causes of
concern under each question, each cause with its recommendations, followed-up AFIs and
HM Inspector's concerns. Every choice the rules constrain is then asked of the rules
themselves (checker.testing.probe): each question's grade and each pillar's, how many
recommendations a cause has, whether and by what a followed-up AFI is carried on and its
status, what addresses a concern. A drawn value the rules object to at its place gives way
to the next one they accept, so nothing here knows what a particular rule means, and a rule
written after this module shapes the reports too. Drawn values shrink towards the middle
grade and fewer items.

`mutants` starts from such a report and searches for a single fault: it tries edits to the
values the rule refers to until the rule fires, then repairs any other rule the edit broke
by editing the places those findings name, never undoing the fault. So every rule of the
set gets mutants, including rules written after this module, with no per-rule code.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from checker.inputs.ruleset import RuleSet
from checker.testing.mutation import MutationSearch
from checker.testing.report_drawing import planned_reports
from checker.testing.report_plan import ReportPlan

__all__ = ["mutants", "reports"]


def _check_rule_set(rule_set: Any) -> RuleSet:
    if not isinstance(rule_set, RuleSet):
        raise TypeError(f"rule_set must be a RuleSet (from load_rule_set), not {rule_set!r}")
    return rule_set


def reports(
    rule_set: RuleSet,
    *,
    max_afis: int = 3,
    max_causes: int = 1,
    max_recommendations: int = 2,
    max_followed_up: int = 4,
    max_concerns: int = 2,
    variant: str | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Reports (as TOML-shaped dicts) consistent with every rule of `rule_set`.

    `max_afis` and `max_causes` bound the areas for improvement and causes of concern per
    question, `max_recommendations` the recommendations per cause, `max_followed_up` the
    earlier AFIs followed up, `max_concerns` HM Inspector's concerns. Where the scheme has
    variants (question sets), each report uses one, drawn, or `variant` when given.
    """
    _check_rule_set(rule_set)
    if variant is not None and variant not in rule_set.scheme.variants:
        raise ValueError(f"no variant {variant!r} in scheme {rule_set.scheme.id!r}")
    limits = {
        "max_afis": max_afis,
        "max_causes": max_causes,
        "max_recommendations": max_recommendations,
        "max_followed_up": max_followed_up,
        "max_concerns": max_concerns,
    }
    for name, value in limits.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    return planned_reports(ReportPlan(rule_set, **limits), variant)


def mutants(
    rule_set: RuleSet,
    *,
    rule: str | None = None,
    reports_strategy: st.SearchStrategy[dict[str, Any]] | None = None,
) -> st.SearchStrategy[tuple[dict[str, Any], str, str]]:
    """(report, rule id, JSON pointer): reports that break exactly one rule, at that place.

    With `rule` (an id or name), only mutants of that rule; otherwise the rule is drawn
    from the whole set. `reports_strategy` overrides where the consistent reports come from.
    """
    _check_rule_set(rule_set)
    if rule is not None:
        loaded = rule_set.find(rule)
        if loaded is None:
            raise ValueError(f"rule set {rule_set.id} has no rule {rule!r}")
        if loaded.rule.needs:
            raise ValueError(
                f"rule {rule!r} reads the report's {' and '.join(sorted(loaded.rule.needs))}: "
                "generated data alone never breaks it"
            )
        ids = [loaded.rule.id]
    else:
        # Rules that read other reports or the report's text never fire on generated data alone.
        ids = [loaded.rule.id for loaded in rule_set.rules if not loaded.rule.needs]
    return mutant_attempts(rule_set, ids, reports_strategy).filter(_found).map(_unwrap)


def mutant_attempts(
    rule_set: RuleSet,
    rule_ids: list[str],
    reports_strategy: st.SearchStrategy[dict[str, Any]] | None = None,
    search: MutationSearch | None = None,
) -> st.SearchStrategy[tuple[dict[str, Any], str, str] | None]:
    """One mutant search per example: the mutant, or None where the search found none.

    Unfiltered, so a caller can tell a rule that never fires alone from bad luck quickly.
    """
    base = reports_strategy if reports_strategy is not None else reports(rule_set)
    searcher = search if search is not None else MutationSearch(rule_set)
    return st.tuples(base, st.sampled_from(rule_ids), st.randoms(use_true_random=False)).map(
        lambda drawn: searcher.mutant(drawn[0], drawn[1], drawn[2])
    )


def _found(found: tuple[dict[str, Any], str, str] | None) -> bool:
    return found is not None


def _unwrap(found: tuple[dict[str, Any], str, str] | None) -> tuple[dict[str, Any], str, str]:
    assert found is not None
    return found
