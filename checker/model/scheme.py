"""A scheme: the grade scale, pillars and questions that an inspection cycle uses.

Everything PEEL-specific lives in `rules/<scheme>/scheme.toml`; this module only knows the
shape. A scheme with no pillars, or five grades, is data alone.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints, model_validator

from checker.model.strict import Strict

Year = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(/[0-9]{2})?$")]


def year_start(year: str) -> int:
    """The calendar year an inspection year starts in: "2018/19" -> 2018, "2017" -> 2017."""
    return int(year[:4])


Label = Annotated[str, StringConstraints(min_length=1)]


class Grades(Strict):
    scale: list[Label]
    """Grades from lowest to highest."""
    ungraded: Label = "Ungraded"
    """The label of a question the scheme does not grade."""
    other: list[Label] = []
    """Labels that are not grades: "Not being graded", "To be graded"."""

    @model_validator(mode="after")
    def _distinct(self) -> Grades:
        labels = self.all_labels
        if len(self.scale) < 2:
            raise ValueError("a grade scale needs at least two grades")
        if len(set(labels)) != len(labels):
            raise ValueError("grade labels must be distinct")
        return self

    @property
    def all_labels(self) -> tuple[str, ...]:
        return (*self.scale, self.ungraded, *self.other)

    def rank(self, grade: str) -> int | None:
        """Position on the scale (0 is lowest), None for a label that is not a grade."""
        try:
            return self.scale.index(grade)
        except ValueError:
            return None


class PillarDef(Strict):
    names: list[Label]
    determined: bool = False
    """Whether its questions' grades (and the flags its rules read) leave exactly one grade
    for it: `gradecheck rules verify` proves it (a gap or a conflict is an error)."""
    monotone: bool = False
    """Whether raising a question's grade never lowers the grades it may have (`rules
    verify` proves it; a counterexample is a warning)."""


class QuestionDef(Strict):
    pillar: str | None = None
    graded: bool = True
    always_inspected: bool = False
    scale: str | None = None
    """The name of the scale (in the scheme's `scales`) its grade is given on, where that is
    not the scheme's grade scale: a met / not met judgment beside ordinal grades."""
    names: list[Label]
    """Every name the question goes by, first the one the summary table prints."""


class FlagDef(Strict):
    """A yes/no fact a report states (a breach of regulations, a limiter that applies)."""

    names: list[Label]


class VariantDef(Strict):
    """One of several question sets used in the same cycle (a framework revised mid-cycle)."""

    names: list[Label]
    questions: list[str]
    """The keys of the questions a report of this variant is assessed on."""


class FollowUp(Strict):
    statuses: list[Label]
    """What a follow-up of an earlier item may find, from least to most progress."""

    @model_validator(mode="after")
    def _distinct(self) -> FollowUp:
        if len(set(self.statuses)) != len(self.statuses) or not self.statuses:
            raise ValueError("follow-up statuses must be distinct, and at least one")
        return self


class EarlierInspection(Strict):
    """An earlier inspection that reports of this scheme refer to."""

    year: Year
    pillar: str | None = None
    scheme: str | None = None
    questions: list[str] = []
    """Question keys of that inspection; empty where the scheme does not know them (PEEL
    2015, whose areas for improvement later reports follow up)."""
    carried_as: dict[str, str] = {}
    """Current question key -> the earlier question whose judgment it carries over."""

    @model_validator(mode="after")
    def _mapped_questions_exist(self) -> EarlierInspection:
        for current, earlier in self.carried_as.items():
            if earlier not in self.questions:
                raise ValueError(f"carried_as maps {current!r} to unknown question {earlier!r}")
        return self


_HELP_URL = re.compile(r"https?://[^\s{}]+(\{(id|name)\}[^\s{}]*)*")


def _help_url(value: str) -> str:
    if not _HELP_URL.fullmatch(value):
        raise ValueError("must be an http(s) URL, in which {id} and {name} stand for the rule's")
    return value


HelpUrl = Annotated[str, AfterValidator(_help_url)]


class Scheme(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    title: Label
    year: Year
    help_url: HelpUrl | None = None
    """Where each rule's docs are read on the web: a URL in which `{id}` and `{name}` stand for
    the rule's (SARIF's `helpUri`, the link code-scanning services show beside a finding)."""
    grades: Grades
    scales: dict[str, list[Label]] = {}
    """Other ordinal scales (low to high) that questions name with `scale`."""
    pillars: dict[str, PillarDef] = {}
    questions: dict[str, QuestionDef]
    flags: dict[str, FlagDef] = {}
    variants: dict[str, VariantDef] = {}
    """Question sets of the cycle; when there are any, each report names its `variant`."""
    follow_up: FollowUp | None = None
    """The statuses a follow-up of an earlier area for improvement may have."""
    earlier: list[EarlierInspection] = []

    @model_validator(mode="after")
    def _pillars_declared(self) -> Scheme:
        for key, question in self.questions.items():
            if question.pillar is not None and question.pillar not in self.pillars:
                raise ValueError(f"question {key!r} names unknown pillar {question.pillar!r}")
            if question.scale is not None and question.scale not in self.scales:
                raise ValueError(f"question {key!r} names unknown scale {question.scale!r}")
        for key, variant in self.variants.items():
            unknown = [q for q in variant.questions if q not in self.questions]
            if unknown:
                raise ValueError(f"variant {key!r} names unknown question {unknown[0]!r}")
        labels = [*self.grades.all_labels, *(label for s in self.scales.values() for label in s)]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if repeated:
            raise ValueError(f"a label is on two scales: {repeated[0]!r}")
        return self

    @property
    def all_labels(self) -> tuple[str, ...]:
        """Every label a grade may be written with: each scale's, and the non-grades."""
        return (*self.grades.all_labels, *(label for s in self.scales.values() for label in s))

    def labels_of(self, question: str) -> tuple[str, ...]:
        """The labels one question's grade may be written with."""
        scale = self.questions[question].scale
        if scale is None:
            return self.grades.all_labels
        return (*self.scales[scale], self.grades.ungraded, *self.grades.other)

    def rank(self, label: str) -> tuple[str, int] | None:
        """The scale a label is on (`""` for the grade scale) and its place there (0 lowest);
        None for a label that is not a grade."""
        found = self.grades.rank(label)
        if found is not None:
            return "", found
        for name, scale in self.scales.items():
            if label in scale:
                return name, scale.index(label)
        return None
