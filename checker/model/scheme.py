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


class QuestionDef(Strict):
    pillar: str | None = None
    graded: bool = True
    always_inspected: bool = False
    names: list[Label]
    """Every name the question goes by, first the one the summary table prints."""


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
    pillars: dict[str, PillarDef] = {}
    questions: dict[str, QuestionDef]
    earlier: list[EarlierInspection] = []

    @model_validator(mode="after")
    def _pillars_declared(self) -> Scheme:
        for key, question in self.questions.items():
            if question.pillar is not None and question.pillar not in self.pillars:
                raise ValueError(f"question {key!r} names unknown pillar {question.pillar!r}")
        return self
