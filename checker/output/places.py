"""Logical places in a report: force / report / pillar / question, for a finding's path.

SARIF wants a logical location besides file and line; readers want to know which pillar and
question a finding is about. A path names its question directly (`/questions/x/grade`) or
through the item it lies in (`/afis/2/text` is about that AFI's `question`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Collections whose items name the question they belong to, and the key that names it.
_ITEM_QUESTION = {
    "scope": "question",
    "afis": "question",
    "causes_of_concern": "question",
    "national_recommendations": "question",
    "followed_up": "followed_up_under",
}


@dataclass(frozen=True)
class Place:
    force: str
    report: str
    pillar: str | None = None
    question: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.force, self.report, self.pillar, self.question) if p)

    @property
    def qualified_name(self) -> str:
        return "/".join(self.parts)

    @property
    def kind(self) -> str:
        """The innermost part named: question, pillar or report."""
        if self.question:
            return "question"
        return "pillar" if self.pillar else "report"


@dataclass(frozen=True)
class Places:
    """What one report says about where its items belong."""

    force: str
    report: str
    question_pillars: Mapping[str, str] = field(default_factory=dict)
    item_questions: Mapping[str, str] = field(default_factory=dict)
    """JSON pointer of an item (`/afis/2`) -> the question it is about."""

    @classmethod
    def of(cls, data: Mapping[str, Any], question_pillars: Mapping[str, str]) -> Places:
        items = {
            f"/{collection}/{index}": item[key]
            for collection, key in _ITEM_QUESTION.items()
            for index, item in enumerate(data.get(collection, []))
            if isinstance(item, dict) and isinstance(item.get(key), str)
        }
        return cls(
            force=str(data.get("force", "")),
            report=f"{data.get('scheme', '')}",
            question_pillars=dict(question_pillars),
            item_questions=items,
        )

    def place(self, path: str) -> Place:
        parts = path.split("/")[1:] if path.startswith("/") else []
        question: str | None = None
        pillar: str | None = None
        if len(parts) >= 2 and parts[0] == "questions":
            question = parts[1]
        elif len(parts) >= 2 and parts[0] == "pillars":
            pillar = parts[1]
        elif len(parts) >= 2:
            question = self.item_questions.get(f"/{parts[0]}/{parts[1]}")
        if question is not None:
            pillar = self.question_pillars.get(question)
        return Place(self.force, self.report, pillar, question)
