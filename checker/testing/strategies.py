"""Hypothesis strategies derived from a rule set (needs the `test` extra).

    reports(rule_set)          reports that satisfy every rule of the set, by construction
    mutants(rule_set, rule=)   (report, rule id, path): the report breaks exactly that rule

`reports` builds a report from the scheme: grades for every question, scope rows whose
last-inspected years and carried-over sources agree (drawn from the scheme's earlier
inspections), areas for improvement and causes of concern that back weak grades, followed-up
AFIs whose links resolve, HM Inspector's concerns linked to what addresses them. Where the
rules leave a choice open that the construction cannot know (which pillar grades the roll-up
rules allow), it asks the rules themselves: each candidate pillar grade is checked and only
the ones no rule objects to are drawn from.

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
from checker.testing.probe import Probe

__all__ = ["mutants", "reports"]


def _preference(labels: list[str], pivot: int) -> list[str]:
    """Labels ordered by distance from `pivot`, so shrinking heads for the ordinary grade."""
    return sorted(labels, key=lambda label: (abs(labels.index(label) - pivot), labels.index(label)))


def _check_rule_set(rule_set: Any) -> RuleSet:
    if not isinstance(rule_set, RuleSet):
        raise TypeError(f"rule_set must be a RuleSet (from load_rule_set), not {rule_set!r}")
    return rule_set


def reports(
    rule_set: RuleSet, *, max_afis: int = 3, max_followed_up: int = 4, max_concerns: int = 2
) -> st.SearchStrategy[dict[str, Any]]:
    """Reports (as TOML-shaped dicts) consistent with every rule of `rule_set`.

    `max_afis` bounds the extra areas for improvement per question, `max_followed_up` the
    earlier AFIs followed up, `max_concerns` HM Inspector's concerns.
    """
    _check_rule_set(rule_set)
    for name, value in (
        ("max_afis", max_afis),
        ("max_followed_up", max_followed_up),
        ("max_concerns", max_concerns),
    ):
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    return _reports(rule_set, max_afis, max_followed_up, max_concerns)


@st.composite
def _reports(
    draw: st.DrawFn, rule_set: RuleSet, max_afis: int, max_followed_up: int, max_concerns: int
) -> dict[str, Any]:
    scheme = rule_set.scheme
    scale = list(scheme.grades.scale)
    grades = _preference(scale, len(scale) // 2)
    report: dict[str, Any] = {
        "force": "generated",
        "force_name": "Generated Police",
        "scheme": scheme.id,
        "year": scheme.year,
        "publication": {"title": "Generated report"},
    }
    questions: dict[str, Any] = {}
    scope = []
    ids = _Ids()
    afis: list[dict[str, Any]] = []
    causes: list[dict[str, Any]] = []
    for key, question in scheme.questions.items():
        grade = draw(st.sampled_from(grades)) if question.graded else scheme.grades.ungraded
        sources = [
            e
            for e in scheme.earlier
            if key in e.carried_as
            and e.pillar is not None
            and (question.pillar is None or e.pillar == question.pillar)
        ]
        carried = not question.always_inspected and bool(sources) and draw(st.booleans())
        entry: dict[str, Any] = {"grade": grade}
        if carried:
            source = draw(st.sampled_from(sources))
            entry["last_inspected"] = source.year
            entry["carried_over"] = {"year": source.year, "pillar": source.pillar}
        else:
            entry["last_inspected"] = scheme.year
        questions[key] = entry
        scope.append(
            {
                "area": draw(st.sampled_from(question.names)),
                "question": key,
                "inspected": not carried,
            }
        )
        rank = scheme.grades.rank(grade)
        weakest = rank == 0
        below_middle = rank is not None and 0 < rank < len(scale) // 2
        strongest = rank == len(scale) - 1
        if weakest or (not strongest and draw(st.booleans())):
            n = 1 if weakest else draw(st.integers(0, 1))
            for _ in range(n):
                causes.append(
                    {
                        "id": ids.next("COC"),
                        "question": key,
                        "text": "A cause of concern.",
                        "recommendations": [
                            {"id": ids.next("REC"), "text": "The force should act."}
                        ],
                    }
                )
        minimum = 1 if below_middle and not any(c["question"] == key for c in causes) else 0
        for _ in range(draw(st.integers(minimum, max(minimum, max_afis)))):
            afis.append(
                {"id": ids.next("AFI"), "question": key, "text": "The force should improve."}
            )
    report["scope"] = scope
    report["questions"] = questions
    if afis:
        report["afis"] = afis
    if causes:
        report["causes_of_concern"] = causes
    report["followed_up"] = draw(_followed_up(rule_set, ids, afis + causes, max_followed_up))
    addressable = (
        [a["id"] for a in afis]
        + [c["id"] for c in causes]
        + [r["id"] for c in causes for r in c["recommendations"]]
    )
    if addressable and max_concerns:
        report["hmi_concerns"] = [
            {
                "id": ids.next("HMI"),
                "concern": "A concern.",
                "addressed_by": draw(
                    st.lists(st.sampled_from(addressable), min_size=1, max_size=2, unique=True)
                ),
            }
            for _ in range(draw(st.integers(0, max_concerns)))
        ]
    if scheme.pillars:
        report["pillars"] = {key: {"grade": scale[0]} for key in scheme.pillars}
        probe = Probe(rule_set)
        for pillar in scheme.pillars:
            allowed = probe.allowed_values(report, ("pillars", pillar, "grade"), grades)
            report["pillars"][pillar]["grade"] = draw(st.sampled_from(allowed))
    return {key: value for key, value in report.items() if value != []}


@st.composite
def _followed_up(
    draw: st.DrawFn, rule_set: RuleSet, ids: _Ids, current: list[dict[str, Any]], most: int
) -> list[dict[str, Any]]:
    scheme = rule_set.scheme
    earlier = [e for e in scheme.earlier if e.questions and e.pillar is not None]
    if not earlier or not most:
        return []
    items = []
    for _ in range(draw(st.integers(0, most))):
        source = draw(st.sampled_from(earlier))
        raised_under = draw(st.sampled_from(source.questions))
        item: dict[str, Any] = {
            "id": ids.next("OLD"),
            "raised_in": {"year": source.year, "pillar": source.pillar},
            "raised_under": raised_under,
            "followed_up_under": draw(st.sampled_from(list(scheme.questions))),
            "summary": "An earlier area for improvement.",
        }
        statuses = ["resolved", "partly"] + (["not resolved"] if current else [])
        item["status"] = draw(st.sampled_from(statuses))
        if item["status"] == "not resolved":
            item["carried_on_by"] = draw(st.sampled_from([c["id"] for c in current]))
        items.append(item)
    return items


class _Ids:
    """Fresh, readable ids: AFI-1, AFI-2, COC-1, ..."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}-{self.counts[prefix]}"


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
) -> st.SearchStrategy[tuple[dict[str, Any], str, str] | None]:
    """One mutant search per example: the mutant, or None where the search found none.

    Unfiltered, so a caller can tell a rule that never fires alone from bad luck quickly.
    """
    base = reports_strategy if reports_strategy is not None else reports(rule_set)
    search = MutationSearch(rule_set)
    return st.tuples(base, st.sampled_from(rule_ids), st.randoms(use_true_random=False)).map(
        lambda drawn: search.mutant(drawn[0], drawn[1], drawn[2])
    )


def _found(found: tuple[dict[str, Any], str, str] | None) -> bool:
    return found is not None


def _unwrap(found: tuple[dict[str, Any], str, str] | None) -> tuple[dict[str, Any], str, str]:
    assert found is not None
    return found
