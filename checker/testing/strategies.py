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

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from checker.inputs.ruleset import RuleSet
from checker.model.scheme import EarlierInspection, Scheme
from checker.refs.syntax import Path
from checker.testing.mutation import MutationSearch
from checker.testing.probe import ABSENT, NONE_ALLOWED, Probe

__all__ = ["mutants", "reports"]

STATUSES = ("resolved", "partly", "not resolved")
"""What the report format says of a followed-up AFI."""
SETTLE_BUDGET = 200
"""Candidates tried when grades chosen one by one leave one with none the rules accept."""


def _preference(labels: Sequence[Any], pivot: int) -> list[Any]:
    """Labels ordered by distance from `pivot`, so shrinking heads for the ordinary one."""
    order = list(labels)
    return sorted(order, key=lambda label: (abs(order.index(label) - pivot), order.index(label)))


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
) -> st.SearchStrategy[dict[str, Any]]:
    """Reports (as TOML-shaped dicts) consistent with every rule of `rule_set`.

    `max_afis` and `max_causes` bound the areas for improvement and causes of concern per
    question, `max_recommendations` the recommendations per cause, `max_followed_up` the
    earlier AFIs followed up, `max_concerns` HM Inspector's concerns.
    """
    _check_rule_set(rule_set)
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
    return _reports(_Plan(rule_set, **limits))


class _Plan:
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
        earlier = [e for e in scheme.earlier if e.questions and e.pillar is not None]
        # Which earlier inspection raised a followed-up AFI, and under which of its questions.
        raised = [(e, question) for e in earlier for question in e.questions]
        self.earlier = st.sampled_from(raised) if raised and max_followed_up else None
        self.question_keys = st.sampled_from(list(scheme.questions))
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


@st.composite
def _reports(draw: st.DrawFn, plan: _Plan) -> dict[str, Any]:
    scheme = plan.scheme
    report: dict[str, Any] = {
        "force": "generated",
        "force_name": "Generated Police",
        "scheme": scheme.id,
        "year": scheme.year,
        "publication": {"title": "Generated report"},
    }
    _judgments(draw, plan, report)
    builder = _Builder(draw, plan, report)
    builder.findings()
    builder.grades()
    builder.followed_up()
    builder.concerns()
    return {key: value for key, value in report.items() if value != []}


def _judgments(draw: st.DrawFn, plan: _Plan, report: dict[str, Any]) -> None:
    """Scope rows and each question's last inspection, from the scheme: a question inspected
    this year was last inspected this year; one that was not carries over the judgment of an
    earlier inspection of its pillar that covered it."""
    scheme = plan.scheme
    questions: dict[str, Any] = {}
    scope = []
    for key in scheme.questions:
        source = draw(plan.sources[key]) if key in plan.sources else None
        entry: dict[str, Any] = {}
        carried = source is not None
        if source is not None:
            entry["last_inspected"] = source.year
            entry["carried_over"] = {"year": source.year, "pillar": source.pillar}
        else:
            entry["last_inspected"] = scheme.year
        questions[key] = entry
        scope.append({"area": draw(plan.names[key]), "question": key, "inspected": not carried})
    report["scope"] = scope
    report["questions"] = questions


class _Builder:
    """Draws what one report finds, asking the rules wherever they constrain a choice."""

    def __init__(self, draw: st.DrawFn, plan: _Plan, report: dict[str, Any]) -> None:
        self.draw, self.plan, self.report = draw, plan, report
        self.probe = plan.probe
        self.counts: dict[str, int] = {}
        self.ids: list[str] = []
        """Every item's id so far, in document order: what a link may name."""

    def new_id(self, prefix: str) -> str:
        """Fresh, readable ids: AFI-1, AFI-2, COC-1, ..."""
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        made = f"{prefix}-{self.counts[prefix]}"
        self.ids.append(made)
        return made

    def choose(
        self,
        path: Path,
        candidates: Sequence[Any],
        *,
        droppable: bool = False,
        choices: list[tuple[Path, list[Any]]] | None = None,
    ) -> Any:
        """Writes at `path` the drawn candidate, or, when the rules object to it there, the
        next one (in the candidates' order, from the drawn one on) that they accept;
        NONE_ALLOWED when they accept none. Candidates come most ordinary first: the draw
        shrinks towards them. A single candidate is written unasked, unless the caller would
        leave its item out. `choices` collects the choice, to be made again (see `settle`)."""
        if len(candidates) == 1 and not droppable:
            self.probe.write(self.report, path, candidates[0])  # no choice to ask about
            return candidates[0]
        start = self.draw(self.plan.start(len(candidates))) if len(candidates) > 1 else 0
        ordered = [*candidates[start:], *candidates[:start]]
        if choices is not None:
            choices.append((path, ordered))
        return self.probe.first_allowed(self.report, path, ordered)

    def settle(self, choices: list[tuple[Path, list[Any]]]) -> None:
        """Makes the choices again, going back to an earlier one whenever a later one has
        no candidate the rules accept: a grade chosen early, when the grades it is compared
        with were not there yet, may leave none for them. Each choice keeps its order of
        candidates; SETTLE_BUDGET bounds the asking, after which the first candidates stand
        (and the property that generated reports are consistent says which rule objects)."""
        at = [0] * len(choices)
        for path, _ in choices:
            self.probe.write(self.report, path, ABSENT)
        current, budget = 0, SETTLE_BUDGET
        while 0 <= current < len(choices) and budget > 0:
            path, ordered = choices[current]
            while at[current] < len(ordered):
                budget -= 1
                if self.probe.allows(self.report, path, ordered[at[current]]):
                    break
                at[current] += 1
            if at[current] < len(ordered):
                current += 1
                continue
            # None fits: clear this one and try the next candidate of the one before.
            self.probe.write(self.report, path, ABSENT)
            at[current] = 0
            current -= 1
            if current >= 0:
                at[current] += 1
        if current != len(choices):
            for path, ordered in choices:
                self.probe.write(self.report, path, ordered[0])

    def start(self) -> int:
        """Where to start among the report's ids so far."""
        return self.draw(self.plan.start(len(self.ids))) if self.ids else 0

    def findings(self) -> None:
        """Areas for improvement and causes of concern under each question, then how many
        recommendations each cause has (as the rules allow)."""
        afis: list[dict[str, Any]] = self.report.setdefault("afis", [])
        causes: list[dict[str, Any]] = self.report.setdefault("causes_of_concern", [])
        for key in self.plan.scheme.questions:
            causes_here, afis_here = divmod(self.draw(self.plan.items), self.plan.afis_per_cause)
            # Texts name their item: no two say the same, as no two findings of a report do.
            for _ in range(causes_here):
                made = self.new_id("COC")
                causes.append(
                    {
                        "id": made,
                        "question": key,
                        "text": f"Cause of concern {made}.",
                        "recommendations": [],
                    }
                )
            for _ in range(afis_here):
                made = self.new_id("AFI")
                afis.append({"id": made, "question": key, "text": f"Area for improvement {made}."})
        for cause in list(causes):
            ids = [f"{cause['id']}-R{n}" for n in range(1, max(self.plan.recommendations) + 1)]
            options = [
                [{"id": one, "text": f"Recommendation {one}."} for one in ids[:count]]
                for count in self.plan.recommendations
            ]
            path = ("causes_of_concern", causes.index(cause), "recommendations")
            chosen = self.choose(path, options, droppable=True)
            if chosen is NONE_ALLOWED:
                causes.remove(cause)  # the rules allow it no recommendations: leave it out
                self.ids.remove(cause["id"])
            else:
                after = self.ids.index(cause["id"]) + 1
                self.ids[after:after] = [r["id"] for r in chosen]

    def grades(self) -> None:
        """Each question's grade, then each pillar's, among those the rules allow."""
        scheme = self.plan.scheme
        choices: list[tuple[Path, list[Any]]] = []
        stuck = False
        for key, question in scheme.questions.items():
            candidates = self.plan.grades if question.graded else [scheme.grades.ungraded]
            chosen = self.choose(("questions", key, "grade"), candidates, choices=choices)
            stuck = stuck or chosen is NONE_ALLOWED
        if scheme.pillars:
            pillars: dict[str, Any] = self.report.setdefault("pillars", {})
            for key in scheme.pillars:
                pillars[key] = {}
                chosen = self.choose(("pillars", key, "grade"), self.plan.grades, choices=choices)
                stuck = stuck or chosen is NONE_ALLOWED
        if stuck:
            self.settle(choices)
        # The grade first, as reports are written.
        self.report["questions"] = {
            key: {"grade": entry.pop("grade"), **entry}
            for key, entry in self.report["questions"].items()
        }

    def followed_up(self) -> None:
        """Earlier AFIs followed up: which inspection raised each and under which of its
        questions, from the scheme; then whether an item of this report carries it on, and
        its status, as the rules allow."""
        items: list[dict[str, Any]] = self.report.setdefault("followed_up", [])
        if self.plan.earlier is None:
            return
        for _ in range(self.draw(self.plan.followed_up)):
            source, raised_under = self.draw(self.plan.earlier)
            made = self.new_id("OLD")
            item: dict[str, Any] = {
                "id": made,
                "raised_in": {"year": source.year, "pillar": source.pillar},
                "raised_under": raised_under,
                "followed_up_under": self.draw(self.plan.question_keys),
                "summary": f"Earlier area for improvement {made}.",
            }
            index = len(items)
            items.append(item)
            # Carried on or not, then by what: the rules say which of the report's items.
            links = [*self.ids[start:], *self.ids[:start]] if (start := self.start()) else self.ids
            linked = self.draw(st.booleans())
            candidates = [*links, ABSENT] if linked else [ABSENT, *links]
            link = ("followed_up", index, "carried_on_by")
            self.probe.first_allowed(self.report, link, candidates)
            statuses = [*STATUSES, ABSENT]
            if self.choose(("followed_up", index, "status"), statuses, droppable=True) is (
                NONE_ALLOWED
            ):
                items.pop()  # the rules allow it no status at all: leave it out
                self.ids.remove(item["id"])

    def concerns(self) -> None:
        """HM Inspector's concerns, each addressed by the items of the report the rules
        allow."""
        concerns: list[dict[str, Any]] = self.report.setdefault("hmi_concerns", [])
        for _ in range(self.draw(self.plan.concerns)):
            known = list(self.ids)
            wanted = (
                self.draw(st.lists(st.sampled_from(known), max_size=2, unique=True))
                if known
                else []
            )
            start = self.start()
            concern_id = self.new_id("HMI")
            concerns.append(
                {"id": concern_id, "concern": f"Concern {concern_id}.", "addressed_by": wanted}
            )
            path = ("hmi_concerns", len(concerns) - 1, "addressed_by")
            singles = [[one] for one in known[start:] + known[:start]]
            if self.probe.first_allowed(self.report, path, [wanted, *singles, []]) is (
                NONE_ALLOWED
            ):
                concerns.pop()  # nothing in the report can address it as the rules ask
                self.ids.remove(concern_id)


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
