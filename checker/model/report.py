"""The encoded report: pydantic models, strict and closed.

A report file states each fact once. Structural problems (unknown keys, wrong types, unknown
grades or question keys, duplicate ids) are input errors found here; relations between facts
(a link to an item that does not exist, a pillar outside its questions' range) are findings,
found by rules.

Grades and question keys depend on the scheme, which is passed as validation context:
`Report.model_validate(data, context={"scheme": scheme})`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from checker.model.scheme import Scheme, Year
from checker.model.strict import Strict

Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Compliance = Literal["complied", "complied with most", "complied with some", "not met"]


def _scheme(info: ValidationInfo) -> Scheme | None:
    context = info.context
    return context.get("scheme") if isinstance(context, dict) else None


def _known(what: str, names: Callable[[Scheme], Iterable[str]]) -> AfterValidator:
    """A validator that the value is one of the `names` of the scheme in the context."""

    def check(value: str, info: ValidationInfo) -> str:
        scheme = _scheme(info)
        if scheme is not None:
            known = tuple(names(scheme))
            if value not in known:
                knows = ", ".join(known) if known else "none"
                raise ValueError(f"unknown {what} {value!r} (the scheme knows {knows})")
        return value

    return AfterValidator(check)


GRADE_CHECK = _known("grade", lambda scheme: scheme.all_labels)
QUESTION_CHECK = _known("question", lambda scheme: scheme.questions)
PILLAR_CHECK = _known("pillar", lambda scheme: scheme.pillars)
FLAG_CHECK = _known("flag", lambda scheme: scheme.flags)
VARIANT_CHECK = _known("variant", lambda scheme: scheme.variants)
STATUS_CHECK = _known(
    "follow-up status", lambda scheme: scheme.follow_up.statuses if scheme.follow_up else ()
)
Grade = Annotated[str, GRADE_CHECK]
QuestionKey = Annotated[str, QUESTION_CHECK]
PillarKey = Annotated[str, PILLAR_CHECK]
FlagKey = Annotated[str, FLAG_CHECK]
VariantKey = Annotated[str, VARIANT_CHECK]
Status = Annotated[str, STATUS_CHECK]
"""A follow-up's status, one of the scheme's `follow_up.statuses`."""


class Amendment(Strict):
    """A change made to a report after it was published."""

    date: date
    change: Text
    """What changed, as the report or its page says."""


class Publication(Strict):
    title: Text
    url: Text | None = None
    published: date | None = None
    amended: list[Amendment] = []
    """Changes made after publication (a date and what changed), oldest first."""


class Inspection(Strict):
    """An earlier inspection, named as reports name it: "the 2016 effectiveness inspection"."""

    year: Year
    pillar: Text | None = None
    """The pillar (or other part) inspected then; absent where the scheme has none."""


class Pillar(Strict):
    grade: Grade
    evidence: Text | None = None


class Question(Strict):
    grade: Grade | None = None
    """Absent only in a `partial` report that knows the question's year or carry-over but not
    its grade; a complete report gives every grade (rules say so)."""
    last_inspected: Year | None = None
    carried_over: Inspection | None = None
    evidence: Text | None = None


class ScopeRow(Strict):
    """One row of the "Inspected in <year>?" table, in printed order."""

    area: Text
    question: QuestionKey
    inspected: bool


class FollowedUpAfi(Strict):
    """An area for improvement from an earlier inspection that this report follows up."""

    id: Id
    raised_in: Inspection
    raised_under: Text | None = None
    """The earlier question it was raised under; absent where the report does not say."""
    followed_up_under: QuestionKey | None = None
    """The question whose section follows it up; absent where it is followed up outside any
    question's section (a pillar summary)."""
    status: Status | None = None
    carried_on_by: Id | None = None
    summary: Text
    evidence: Text | None = None


class Afi(Strict):
    id: Id
    question: QuestionKey
    text: Text
    reopens: Id | None = None
    """The id of an area for improvement an earlier report found resolved, which this one
    raises again (a resolved AFI comes back under a new id, linked to the old one)."""
    evidence: Text | None = None


class Recommendation(Strict):
    id: Id
    text: Text


class CauseOfConcern(Strict):
    id: Id
    question: QuestionKey | None = None
    """The question it is raised under; absent where the report raises it for a pillar."""
    text: Text
    recommendations: list[Recommendation] = []
    evidence: Text | None = None


class NationalRecommendation(Strict):
    id: Id
    made_in: Inspection | None = None
    question: QuestionKey
    summary: Text
    compliance: Compliance
    evidence: Text | None = None


class ForceRecommendation(Strict):
    """A recommendation made to the force outside any cause of concern (Norfolk 2018/19's
    armed-policing recommendations)."""

    id: Id
    question: QuestionKey | None = None
    text: Text
    evidence: Text | None = None


class HmiConcern(Strict):
    """A concern in HM Inspector's observations, and what in the report answers it."""

    id: Id
    concern: Text
    addressed_by: list[Id] | None = None
    """What answers it: `[]` for nothing; left out of a `partial` report, not yet encoded."""
    evidence: Text | None = None


class Waiver(Strict):
    """Accepts a finding for a time: which rule, where, why, who answers for it, until when.

    Written in a report as `[[waivers]]`. A waived finding is still shown, marked waived; a
    waiver that matches nothing, or whose `expires` date has passed, is itself a finding.
    """

    rule: Text
    """The rule's id or name."""
    path: Annotated[str, StringConstraints(pattern=r"^/.+")] | None = None
    """JSON pointer to the value (findings at or below it); absent for the whole report."""
    reason: Text
    owner: Text
    expires: date
    """The last day the waiver holds."""


class Departure(Strict):
    """A finding of a rule that allows departures, accepted because the report records why:
    the inspectorate's published principles say what "normally" follows, and a decision that
    departs from them is recorded with its rationale (CQC's rating principles)."""

    rule: Text
    """The rule's id or name."""
    path: Annotated[str, StringConstraints(pattern=r"^/.+")] | None = None
    """JSON pointer to the value (findings at or below it); absent for the whole report."""
    rationale: Text
    """Why the decision departs from the rule, as the report records it."""


class Report(Strict):
    force: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    force_name: Text
    scheme: Text
    year: Year
    variant: VariantKey | None = None
    """Which of the scheme's question sets the report uses, where the scheme has several."""
    partial: bool = False
    source: Text | None = None
    """The report's text (plain text from its PDF), relative to this file, inside the repository."""
    publication: Publication
    scope: list[ScopeRow] = []
    pillars: dict[PillarKey, Pillar] = {}
    questions: dict[QuestionKey, Question] = {}
    followed_up: list[FollowedUpAfi] = []
    afis: list[Afi] = []
    causes_of_concern: list[CauseOfConcern] = []
    national_recommendations: list[NationalRecommendation] = []
    recommendations: list[ForceRecommendation] = []
    hmi_concerns: list[HmiConcern] = []
    flags: dict[FlagKey, bool] = {}
    departures: list[Departure] = []
    waivers: list[Waiver] = []

    @model_validator(mode="after")
    def _within_the_scheme(self, info: ValidationInfo) -> Report:
        scheme = _scheme(info)
        if scheme is None:
            return self
        if scheme.variants and self.variant is None:
            raise ValueError(f"variant: required by the scheme ({', '.join(scheme.variants)})")
        if self.variant is not None:
            allowed = set(scheme.variants[self.variant].questions)
            for key in [*self.questions, *(row.question for row in self.scope)]:
                if key not in allowed:
                    raise ValueError(f"questions.{key}: not a question of variant {self.variant!r}")
        for key, question in self.questions.items():
            labels = scheme.labels_of(key)
            if question.grade is not None and question.grade not in labels:
                raise ValueError(
                    f"questions.{key}.grade: {question.grade!r} is not on this question's "
                    f"scale ({', '.join(labels)})"
                )
        return self


ALWAYS_KNOWN = frozenset(
    {
        "force", "force_name", "scheme", "year", "variant", "partial", "source", "publication",
        "departures", "waivers",
    }
)  # fmt: skip
"""Keys of a report that say how it was encoded, not what the inspection found: known even
in a `partial` report (a partial report without `publication.url` has none, it is not
unknown)."""


def duplicate_ids(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Paths of ids that repeat an earlier id anywhere in the report, with the id.

    Ids are one namespace across all collections, so a link names exactly one item.
    """
    seen: set[str] = set()
    duplicates = []
    for collection in (
        "followed_up",
        "afis",
        "causes_of_concern",
        "national_recommendations",
        "recommendations",
        "hmi_concerns",
    ):
        for index, item in enumerate(data.get(collection, [])):
            paths: list[tuple[tuple[str | int, ...], Any]] = [
                ((collection, index, "id"), item.get("id"))
            ]
            for sub, rec in enumerate(item.get("recommendations", [])):
                paths.append(((collection, index, "recommendations", sub, "id"), rec.get("id")))
            for path, value in paths:
                if value in seen:
                    duplicates.append((path, value))
                seen.add(value)
    return duplicates
