"""What the generated reports of one rule set are drawn from, worked out once per strategy.

The scheme says which questions and pillars there are, how they are graded, and which
earlier inspections a judgment may be carried over from; the limits say how many items of
each kind a report may have. Candidates come most ordinary first (the middle grade, one
recommendation), so that Hypothesis shrinks towards ordinary reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from checker.inputs.ruleset import RuleSet
from checker.model.scheme import EarlierInspection, Scheme
from checker.testing.probe import Probe


def _preference(labels: Sequence[Any], pivot: int) -> list[Any]:
    """Labels ordered by distance from `pivot`, so shrinking heads for the ordinary one."""
    order = list(labels)
    return sorted(order, key=lambda label: (abs(order.index(label) - pivot), order.index(label)))


class ReportPlan:
    """What the reports of one rule set are drawn from: worked out once per strategy."""

    def __init__(
        self,
        rule_set: RuleSet,
        *,
        max_afis: int,
        max_causes: int,
        max_recommendations: int,
        max_followed_up: int,
        max_concerns: int,
    ) -> None:
        scheme = rule_set.scheme
        self.scheme = scheme
        self.probe = Probe(rule_set)
        # How many causes of concern and areas for improvement a question has, as one draw
        # (divided by max_afis + 1): shrinks towards none of either.
        self.afis_per_cause = max_afis + 1
        self.items = st.integers(0, (max_causes + 1) * (max_afis + 1) - 1)
        self.recommendations = _preference(range(max_recommendations + 1), 1)
        self.followed_up = st.integers(0, max_followed_up)
        self.concerns = st.integers(0, max_concerns)
        scale = list(scheme.grades.scale)
        self.grades = _preference(scale, len(scale) // 2)
        self.names = {key: st.sampled_from(q.names) for key, q in scheme.questions.items()}
        # Where each question's judgment may be carried over from (None: inspected this year).
        self.sources = {
            key: st.sampled_from([None, *sources])
            for key in scheme.questions
            if (sources := _sources(scheme, key))
        }
        earlier = [e for e in scheme.earlier if e.questions]
        # Which earlier inspection raised a followed-up AFI, and under which of its questions.
        raised = [(e, question) for e in earlier for question in e.questions]
        self.earlier = st.sampled_from(raised) if raised and max_followed_up else None
        self._starts: dict[int, st.SearchStrategy[int]] = {}

    def start(self, size: int) -> st.SearchStrategy[int]:
        """Where among `size` candidates to start: shrinks to the first."""
        if size not in self._starts:
            self._starts[size] = st.integers(0, size - 1)
        return self._starts[size]


def _sources(scheme: Scheme, key: str) -> list[EarlierInspection]:
    """The earlier inspections of a question's pillar that covered it, unless the question
    is inspected every year."""
    question = scheme.questions[key]
    if question.always_inspected:
        return []
    return [
        e
        for e in scheme.earlier
        if key in e.carried_as
        and e.pillar is not None
        and (question.pillar is None or e.pillar == question.pillar)
    ]
