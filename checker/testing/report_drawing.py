"""Drawing one report consistent with a rule set, by the plan of checker.testing.report_plan.

The judgments come from the scheme; then what the report finds is drawn, and every choice
the rules constrain (grades, how many recommendations, what carries an AFI on, its status,
what addresses a concern) is asked of the rules themselves through the probe. A drawn value
the rules object to at its place gives way to the next one they accept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from checker.model.scheme import EarlierInspection, Scheme
from checker.refs.syntax import Path
from checker.testing.probe import ABSENT, NONE_ALLOWED
from checker.testing.report_plan import ReportPlan

SETTLE_BUDGET = 200
"""Candidates tried when grades chosen one by one leave one with none the rules accept."""


@st.composite
def planned_reports(
    draw: st.DrawFn, plan: ReportPlan, variant: str | None = None
) -> dict[str, Any]:
    scheme = plan.scheme
    report: dict[str, Any] = {
        "force": "generated",
        "force_name": "Generated Police",
        "scheme": scheme.id,
        "year": scheme.year,
        "publication": {"title": "Generated report"},
    }
    if scheme.variants:  # a report of one question set: only its questions appear
        report["variant"] = variant or draw(st.sampled_from(sorted(scheme.variants)))
    _judgments(draw, plan, report)
    builder = ReportBuilder(draw, plan, report)
    builder.findings()
    builder.flags()
    builder.grades()
    builder.followed_up()
    builder.concerns()
    return {key: value for key, value in report.items() if value != []}


def _judgments(draw: st.DrawFn, plan: ReportPlan, report: dict[str, Any]) -> None:
    """Scope rows and each question's last inspection, from the scheme: a question inspected
    this year was last inspected this year; one that was not carries over the judgment of an
    earlier inspection of its pillar that covered it."""
    scheme = plan.scheme
    questions: dict[str, Any] = {}
    scope = []
    for key in _questions_of(scheme, report.get("variant")):
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


def _inspection(earlier: EarlierInspection) -> dict[str, str]:
    """An earlier inspection as a report names it: its year, and its pillar where it had one."""
    named = {"year": earlier.year}
    if earlier.pillar is not None:
        named["pillar"] = earlier.pillar
    return named


def _questions_of(scheme: Scheme, variant: str | None) -> list[str]:
    return list(scheme.variants[variant].questions if variant else scheme.questions)


class ReportBuilder:
    """Draws what one report finds, asking the rules wherever they constrain a choice."""

    def __init__(self, draw: st.DrawFn, plan: ReportPlan, report: dict[str, Any]) -> None:
        self.draw, self.plan, self.report = draw, plan, report
        self.probe = plan.probe
        self.counts: dict[str, int] = {}
        self.ids: list[str] = []
        """Every item's id so far, in document order: what a link may name."""
        self.keys = list(report["questions"])
        """The questions of the report (of its variant, where the scheme has several)."""

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
        for key in self.keys:
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

    def flags(self) -> None:
        """Each flag the scheme declares, as the rules allow (not raised first)."""
        for key in self.plan.scheme.flags:
            flags: dict[str, Any] = self.report.setdefault("flags", {})
            flags[key] = False
            self.choose(("flags", key), [False, True])

    def grades(self) -> None:
        """Each question's grade, then each pillar's, among those the rules allow."""
        scheme = self.plan.scheme
        choices: list[tuple[Path, list[Any]]] = []
        stuck = False
        for key in self.keys:
            question = scheme.questions[key]
            if not question.graded:
                candidates = [scheme.grades.ungraded]
            elif question.scale is not None:  # a scale of its own: most favourable first
                candidates = list(reversed(scheme.scales[question.scale]))
            else:
                candidates = self.plan.grades
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
                "raised_in": _inspection(source),
                "raised_under": raised_under,
                "followed_up_under": self.draw(st.sampled_from(self.keys)),
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
            # The scheme's statuses, most progress first, then none.
            follow_up = self.plan.scheme.follow_up
            statuses = [*reversed(follow_up.statuses if follow_up else []), ABSENT]
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
