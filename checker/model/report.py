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
)

from checker.model.scheme import Scheme, Year
from checker.model.strict import Strict

Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Status = Literal["resolved", "not resolved", "partly"]
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
                raise ValueError(f"unknown {what} {value!r} (the scheme knows {', '.join(known)})")
        return value

    return AfterValidator(check)


GRADE_CHECK = _known("grade", lambda scheme: scheme.grades.all_labels)
QUESTION_CHECK = _known("question", lambda scheme: scheme.questions)
PILLAR_CHECK = _known("pillar", lambda scheme: scheme.pillars)
Grade = Annotated[str, GRADE_CHECK]
QuestionKey = Annotated[str, QUESTION_CHECK]
PillarKey = Annotated[str, PILLAR_CHECK]


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
    pillar: Text


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


class Report(Strict):
    force: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    force_name: Text
    scheme: Text
    year: Year
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
    waivers: list[Waiver] = []


ALWAYS_KNOWN = frozenset(
    {"force", "force_name", "scheme", "year", "partial", "source", "publication", "waivers"}
)
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
