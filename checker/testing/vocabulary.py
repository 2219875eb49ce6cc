"""The mutation vocabulary: the edits the report format allows at a place of a report.

Another grade, another year, the flag flipped, the key removed, a list emptied or an
element dropped or repeated, a link to another item or to nothing: by the name of the field
there and what the scheme knows, never by what a rule means (see checker.testing.mutation).
"""

from __future__ import annotations

import copy
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.model.report import Report
from checker.model.scheme import year_start
from checker.refs.syntax import Path
from checker.testing.edits import DELETE
from checker.testing.id_links import IdLink, id_fields, identities, link_values, matches
from checker.testing.paths import value_at

UNKNOWN_ID = "UNKNOWN-1"
"""An id that names nothing (the report format's id pattern, used by no generated report)."""


class Vocabulary:
    """The edits the report format allows at a place: by the name of the field there, and,
    for fields that link items by id, other ids of the report and an id naming nothing."""

    def __init__(self, rule_set: RuleSet) -> None:
        scheme = rule_set.scheme
        self.grades = list(scheme.all_labels)
        self.statuses = list(scheme.follow_up.statuses) if scheme.follow_up else []
        later = str(year_start(scheme.year) + 1)
        # The report year, each earlier inspection's, one after, and one before any the scheme
        # knows (an inspection that does not exist, but is not in the future either).
        starts = [year_start(scheme.year), *(year_start(e.year) for e in scheme.earlier)]
        unknown = str(min(starts) - 1)
        self.years = [scheme.year, *dict.fromkeys(e.year for e in scheme.earlier), later, unknown]
        self.questions = list(scheme.questions)
        self.variants = list(scheme.variants)
        self.pillars = list(scheme.pillars)
        self.names = [name for q in scheme.questions.values() for name in q.names]
        self.inspections = [
            {"year": e.year, **({"pillar": e.pillar} if e.pillar is not None else {})}
            for e in scheme.earlier
        ]
        self.earlier_questions = sorted(
            {q for e in scheme.earlier for q in e.questions} | set(scheme.questions)
        )
        self.links = id_fields(Report)
        self._ids: tuple[dict[str, Any] | None, list[str]] = (None, [])

    def candidates(self, data: dict[str, Any], path: Path) -> list[Any]:
        current = _get(data, path)
        name = next((part for part in reversed(path) if isinstance(part, str)), "")
        in_array = bool(path) and isinstance(path[-1], int)
        ids = self.ids(data)
        link = self._link(path, current, ids)
        options: list[Any] = []
        if in_array:
            options.append(DELETE)
            if link is not None:
                options += [*ids, UNKNOWN_ID]
        elif isinstance(current, list):
            options.append([])
            options += [
                [*current, copy.deepcopy(item)]
                for item in current
                if not (isinstance(item, dict) and "id" in item)
            ]
            if link is not None:
                options += [[*current, other] for other in ids if other not in current][:3]
                options.append([*current, UNKNOWN_ID])
        elif current is not _ABSENT and isinstance(current, dict) and len(path) == 2:
            options.append(DELETE)  # a whole question or pillar table
        elif link is not None:
            options += self._ids_for(link, current, ids, data)
        elif path[:1] == ("flags",) and len(path) == 2:
            options += [True, False]
        else:
            options += self._by_name(name, current) or _elsewhere(data, path, current)
        return [o for o in options if o is DELETE or o != current]

    def ids(self, data: dict[str, Any]) -> list[str]:
        """The ids of the report's items, in document order (found once per report)."""
        if self._ids[0] is not data:  # held, so that no other report takes its place
            self._ids = (data, [value for path, value in identities(data)])
        return self._ids[1]

    def _link(self, path: Path, current: Any, ids: list[str]) -> IdLink | None:
        """What kind of id field `path` is: the model says so, or its value is an id."""
        for pattern, link in self.links.items():
            if len(pattern) == len(path) and matches(pattern, path):
                return link
            if (
                link.many
                and len(pattern) + 1 == len(path)
                and isinstance(path[-1], int)
                and matches(pattern, path[:-1])
            ):
                return IdLink(identity=False, many=False, optional=True)  # one of a list's ids
        values = current if isinstance(current, list) else [current]
        if values and all(isinstance(v, str) and v in ids for v in values):
            return IdLink(identity=path[-1] == "id", many=isinstance(current, list), optional=True)
        return None

    def _ids_for(
        self, link: IdLink, current: Any, ids: list[str], data: dict[str, Any]
    ) -> list[Any]:
        if link.identity:
            # Renaming an item: to an id nothing names yet, or to one a link names in vain.
            dangling = [v for v in link_values(data, self.links) if v not in ids]
            return [UNKNOWN_ID, *dict.fromkeys(dangling)]
        if link.many:
            return [[], [*ids[:1]], [UNKNOWN_ID]]
        optional = [DELETE] if link.optional and current is not _ABSENT else []
        return [*ids, UNKNOWN_ID, *optional]

    def _by_name(self, name: str, current: Any) -> list[Any]:
        optional = [DELETE] if current is not _ABSENT else []
        match name:
            case "grade":
                return self.grades
            case "last_inspected":
                return self.years + optional
            case "inspected" | "partial":
                return [current is not True]
            case "question" | "followed_up_under":
                return self.questions
            case "area":
                return self.names
            case "carried_over":  # and inspections the scheme does not know: later, earlier
                return [*self.inspections, *({"year": y} for y in self.years[-2:]), *optional]
            case "raised_in":
                return [*self.inspections, {"year": "2001", "pillar": "unknown"}]
            case "raised_under":
                return self.earlier_questions
            case "status":
                return [*self.statuses, *optional]
            case "pillar":  # and one that names no pillar of the scheme
                return [*self.pillars, "unknown"]
            case "variant":
                return self.variants
            case "year":
                return self.years
            case "recommendations":
                return [[]]
        return []


def _elsewhere(data: dict[str, Any], path: Path, current: Any) -> list[Any]:
    """For a field the vocabulary has no words for (free text): what the same field says
    in the other elements of its array, so that two items may come to say the same."""
    if len(path) < 3 or not isinstance(path[-2], int) or not isinstance(current, str):
        return []
    array = _get(data, path[:-2])
    if not isinstance(array, list):
        return []
    said = (
        item.get(path[-1])
        for index, item in enumerate(array)
        if index != path[-2] and isinstance(item, dict)
    )
    return list(dict.fromkeys(value for value in said if isinstance(value, str)))[:3]


_ABSENT = object()
"""Where nothing is: told apart from a value that is there (None included)."""


def _get(data: Any, path: Path) -> Any:
    return value_at(data, path, _ABSENT)
