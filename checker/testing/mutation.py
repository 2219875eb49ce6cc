"""Single-fault search: break one rule, then repair every other rule the break disturbed.

Edits come from a vocabulary of the report format (another grade, another year, the flag
flipped, the key removed, a list emptied or an element dropped or repeated, a link to another
item or to nothing). Which places to edit comes from the rule itself: the values its references
reach in the report. Repairs edit only the places the other findings name. Nothing here knows a
particular rule, so a new rule gets mutants with no new code.

The search starts from a report on which no rule finds anything, so after a few edits only
the rules that can see an edited place can find anything: only those are asked (see
checker.testing.probe), which is what makes thousands of tries affordable.
"""

from __future__ import annotations

import copy
import random
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from checker.inputs.ruleset import RuleSet, references
from checker.model.report import Id, Report, duplicate_ids
from checker.model.rules import Rule
from checker.model.scheme import year_start
from checker.refs.evaluate import Scope, anchor, evaluate
from checker.refs.syntax import Path
from checker.testing.paths import value_at
from checker.testing.probe import ANY, Found, Pattern, Probe

DELETE = object()
"""Candidate meaning: remove the key, or the array element."""

BREAK_TRIES = 60
REPAIR_ROUNDS = 4
REPAIR_BRANCHES = 3
SEARCH_BUDGET = 150
"""Checks one mutant may cost: bounds the time a rule that never fires alone (dead, or
overlapping another) takes to be given up on."""

Mutant = tuple[dict[str, Any], str, str]


class MutationSearch:
    def __init__(self, rule_set: RuleSet, probe: Probe | None = None) -> None:
        self.rule_set = rule_set
        self.probe = probe if probe is not None else Probe(rule_set)
        self.vocabulary = Vocabulary(rule_set)
        self._clean: dict[int, dict[str, Any]] = {}

    def known_clean(self, reports: list[dict[str, Any]]) -> None:
        """Reports already checked and found consistent: searches from them skip the check."""
        self._clean.update((id(report), report) for report in reports)

    def mutant(self, data: dict[str, Any], rule_id: str, chance: random.Random) -> Mutant | None:
        """A copy of `data` that breaks exactly `rule_id` at one place, or None if none found."""
        loaded = self.rule_set.find(rule_id)
        assert loaded is not None
        rule = loaded.rule
        if self._clean.get(id(data)) is not data and self.probe.findings(data):
            return None  # not a consistent start: the reports() property reports that
        edits = [
            (path, value)
            for path in sorted(set(self._places(rule, data)), key=repr)
            for value in self.vocabulary.candidates(data, path)
        ]
        chance.shuffle(edits)
        budget = [SEARCH_BUDGET]
        # Breaks first, cheapest first: one that disturbs no other rule is a mutant already;
        # the others are repaired in order of how many other findings they drew.
        breaks = []
        for order, (path, value) in enumerate(edits[:BREAK_TRIES]):
            broken = apply_edit(data, path, value)
            if broken is None:
                continue
            changed = frozenset([changed_place(data, path, value)])
            if not self.probe.places_after(broken, changed, [rule], data):
                continue
            found = self.probe.places_after(broken, changed, None, data)
            if len(found) == 1 and _valid(broken, self.rule_set):
                return copy.deepcopy(broken), rule.id, found[0].path
            breaks.append((len(found), order, broken, found, changed))
        for _, _, broken, found, changed in sorted(breaks, key=lambda b: b[:2]):
            if budget[0] <= 0:
                break
            budget[0] -= 1
            result = self._search(data, broken, rule, found, changed, REPAIR_ROUNDS, budget)
            if result is not None:
                return copy.deepcopy(result[0]), result[1], result[2]
        return None

    def _places(self, rule: Rule, data: dict[str, Any]) -> Iterator[Path]:
        """Every report path a rule's references reach (or would write to), and their parents."""
        root = Scope(data, self.rule_set.scheme_data, data, "report", ())
        items = evaluate(rule.for_each, root) if rule.for_each is not None else []
        scopes = [root.at(item) for item in items] if rule.for_each is not None else [root]
        refs = [ref for where, ref in references(rule) if where != ("for_each",)]
        for scope in scopes:
            if scope.item_root == "report":
                yield scope.item_path
            for ref in refs:
                hits = evaluate(ref, scope)
                paths = [hit.path for hit in hits if hit.root == "report"]
                root_name, anchored = anchor(ref, scope)
                if root_name == "report":
                    paths.append(anchored)
                for path in paths:
                    yield from _with_parents(path)

    def _search(
        self,
        start: dict[str, Any],
        data: dict[str, Any],
        rule: Rule,
        found: list[Found],
        changed: frozenset[Path],
        depth: int,
        budget: list[int],
    ) -> Mutant | None:
        target = [f for f in found if f.rule_id == rule.id]
        others = [f for f in found if f.rule_id != rule.id]
        if len(target) != 1:
            return None  # the fault must be one finding at one place
        if not others:
            return (data, rule.id, target[0].path) if _valid(data, self.rule_set) else None
        if depth == 0:
            return None
        places = _repair_places(others, data)
        edits = [
            (place, value) for place in places for value in self.vocabulary.candidates(data, place)
        ]
        options = []
        for order, (path, value) in enumerate(edits):
            if budget[0] <= 0:
                break
            candidate = apply_edit(data, path, value)
            if candidate is None:
                continue
            budget[0] -= 1
            place = changed_place(data, path, value)
            now = changed | {place}
            # Only the rules that see this edit can find otherwise than before it.
            asked = self.probe.rules_seeing([place])
            names = {rule.id for rule in asked}
            after = [f for f in found if f.rule_id not in names]
            after += self.probe.places_after(candidate, now, asked, start)
            kept = [f.path for f in after if f.rule_id == rule.id]
            if kept == [target[0].path] and len(after) == 1 and _valid(candidate, self.rule_set):
                return candidate, rule.id, kept[0]  # repaired: nothing else finds anything
            if kept == [target[0].path] and len(after) - 1 < len(others):
                # Fewer findings first; among equals, small edits before removing a table.
                size = 1 if value is DELETE and len(path) <= 2 else 0
                options.append((len(after), size, order, candidate, after, now))
                if len(options) == REPAIR_BRANCHES:
                    break  # the likeliest places come first: enough to go on with
        for *_, candidate, after, now in sorted(options, key=lambda o: o[:3])[:REPAIR_BRANCHES]:
            result = self._search(start, candidate, rule, after, now, depth - 1, budget)
            if result is not None:
                return result
        return None


def changed_place(data: dict[str, Any], path: Path, value: Any) -> Path:
    """Where an edit changes the report: its path, or the whole array when elements move
    (one removed, or one added at the end)."""
    if path and isinstance(path[-1], int):
        array = _get(data, path[:-1])
        if value is DELETE or (isinstance(array, list) and path[-1] >= len(array)):
            return path[:-1]
    return path


def _repair_places(findings: list[Found], data: dict[str, Any]) -> list[Path]:
    """Where to edit to repair findings, likeliest first: the places they name, then the
    tables and arrays holding those, then the other fields of the items they are in (a
    finding on a carried-over year may be repaired by the last-inspected year beside it)."""
    named = [from_pointer(where) for f in findings for where in f.places() if where]
    return list(
        dict.fromkeys(
            [
                *named,
                *(parent for path in named for parent in _with_parents(path)),
                *(leaf for path in named for leaf in _leaves(_get(data, path[:2]), path[:2])),
            ]
        )
    )


def _leaves(value: Any, path: Path) -> Iterator[Path]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _leaves(item, (*path, key))


def _with_parents(path: Path) -> Iterator[Path]:
    for end in range(len(path), 0, -1):
        yield path[:end]


def from_pointer(pointer: str) -> Path:
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]
    return tuple(int(part) if part.isdigit() else part for part in parts)


def apply_edit(data: dict[str, Any], path: Path, value: Any) -> dict[str, Any] | None:
    """`data` with `value` at `path` (DELETE removes it); None if `path` cannot be.

    Only the tables and arrays along the path are copied; the rest is shared with `data`,
    which is never changed. Searches try thousands of edits, so this matters.
    """
    result = copy.copy(data)
    parent: Any = result
    for part in path[:-1]:
        try:
            child = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
        if not isinstance(child, dict | list):
            return None
        parent[part] = child = copy.copy(child)
        parent = child
    last = path[-1]
    try:
        if value is DELETE:
            del parent[last]
        elif isinstance(parent, list) and isinstance(last, int) and last == len(parent):
            parent.append(_copied(value))
        else:
            parent[last] = _copied(value)
    except (KeyError, IndexError, TypeError):
        return None
    return result


def _copied(value: Any) -> Any:
    # Most candidates are strings, numbers and flags: copy only what can be shared.
    return copy.deepcopy(value) if isinstance(value, dict | list) else value


def _valid(data: dict[str, Any], rule_set: RuleSet) -> bool:
    try:
        Report.model_validate(data, context={"scheme": rule_set.scheme})
    except ValidationError:
        return False
    return not duplicate_ids(data)


UNKNOWN_ID = "UNKNOWN-1"
"""An id that names nothing (the report format's id pattern, used by no generated report)."""


class Vocabulary:
    """The edits the report format allows at a place: by the name of the field there, and,
    for fields that link items by id, other ids of the report and an id naming nothing."""

    def __init__(self, rule_set: RuleSet) -> None:
        scheme = rule_set.scheme
        self.grades = list(scheme.grades.all_labels)
        later = str(year_start(scheme.year) + 1)
        # The report year, each earlier inspection's, one after, and one before any the scheme
        # knows (an inspection that does not exist, but is not in the future either).
        starts = [year_start(scheme.year), *(year_start(e.year) for e in scheme.earlier)]
        unknown = str(min(starts) - 1)
        self.years = [scheme.year, *dict.fromkeys(e.year for e in scheme.earlier), later, unknown]
        self.questions = list(scheme.questions)
        self.pillars = list(scheme.pillars)
        self.names = [name for q in scheme.questions.values() for name in q.names]
        self.inspections = [
            {"year": e.year, "pillar": e.pillar} for e in scheme.earlier if e.pillar is not None
        ]
        self.earlier_questions = sorted(
            {q for e in scheme.earlier for q in e.questions} | set(scheme.questions)
        )
        self.links = _id_fields(Report)
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
        else:
            options += self._by_name(name, current) or _elsewhere(data, path, current)
        return [o for o in options if o is DELETE or o != current]

    def ids(self, data: dict[str, Any]) -> list[str]:
        """The ids of the report's items, in document order (found once per report)."""
        if self._ids[0] is not data:  # held, so that no other report takes its place
            self._ids = (data, [value for path, value in _identities(data)])
        return self._ids[1]

    def _link(self, path: Path, current: Any, ids: list[str]) -> _Link | None:
        """What kind of id field `path` is: the model says so, or its value is an id."""
        for pattern, link in self.links.items():
            if len(pattern) == len(path) and _matches(pattern, path):
                return link
            if (
                link.many
                and len(pattern) + 1 == len(path)
                and isinstance(path[-1], int)
                and _matches(pattern, path[:-1])
            ):
                return _Link(identity=False, many=False, optional=True)  # one of a list's ids
        values = current if isinstance(current, list) else [current]
        if values and all(isinstance(v, str) and v in ids for v in values):
            return _Link(identity=path[-1] == "id", many=isinstance(current, list), optional=True)
        return None

    def _ids_for(
        self, link: _Link, current: Any, ids: list[str], data: dict[str, Any]
    ) -> list[Any]:
        if link.identity:
            # Renaming an item: to an id nothing names yet, or to one a link names in vain.
            dangling = [v for v in _link_values(data, self.links) if v not in ids]
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
            case "carried_over":
                return self.inspections + optional
            case "raised_in":
                return [*self.inspections, {"year": "2001", "pillar": "unknown"}]
            case "raised_under":
                return self.earlier_questions
            case "status":
                return ["resolved", "not resolved", "partly", *optional]
            case "pillar":
                return self.pillars
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


class _Link(typing.NamedTuple):
    identity: bool
    """The item's own id (`id`), rather than a link to another item's."""
    many: bool
    """A list of ids."""
    optional: bool


def _id_fields(model: type[BaseModel], path: Pattern = ()) -> dict[Pattern, _Link]:
    """Where the report model holds ids: the items' own and the links between them."""
    found: dict[Pattern, _Link] = {}
    for name, info in model.model_fields.items():
        here = (*path, info.alias or name)
        kind = _id_kind(info.annotation, info.metadata)
        if kind is not None:
            found[here] = _Link(name == "id", kind == "many", not info.is_required())
        for nested, depth in _models_in(info.annotation):
            found.update(_id_fields(nested, (*here, *(ANY,) * depth)))
    return found


_ID = Id.__metadata__[0]  # type: ignore[attr-defined]


def _id_kind(annotation: Any, metadata: list[Any]) -> str | None:
    """ "one" for a field holding an id, "many" for a list of ids, else None."""
    if _ID in metadata or _ID in getattr(annotation, "__metadata__", ()):
        return "one"
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is list:
        return "many" if args and _id_kind(args[0], []) == "one" else None
    for arg in args:  # an optional field: Id | None, list[Id] | None
        kind = _id_kind(arg, [])
        if kind is not None:
            return kind
    return None


def _models_in(annotation: Any, depth: int = 0) -> Iterator[tuple[type[BaseModel], int]]:
    """The models a field holds, and how many keys or indexes deeper each sits."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, depth
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, dict):
        yield from _models_in(args[-1], depth + 1)
    else:
        for arg in args:
            yield from _models_in(arg, depth)


def _matches(pattern: Pattern, path: Path) -> bool:
    return all(p is ANY or p == part for p, part in zip(pattern, path, strict=True))


def _identities(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every item's own id, with its path."""
    if isinstance(data, dict):
        if path and isinstance(path[-1], int) and isinstance(data.get("id"), str):
            yield (*path, "id"), data["id"]
        for key, value in data.items():
            yield from _identities(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _identities(value, (*path, index))


def _link_values(data: dict[str, Any], links: dict[Pattern, _Link]) -> Iterator[str]:
    """The ids the report's links name."""
    for pattern, link in links.items():
        if link.identity:
            continue
        for value in _at(data, pattern):
            for one in value if isinstance(value, list) else [value]:
                if isinstance(one, str):
                    yield one


def _at(data: Any, pattern: Pattern) -> Iterator[Any]:
    if not pattern:
        yield data
        return
    head, rest = pattern[0], pattern[1:]
    if head is ANY:
        children = (
            data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
        )
        for child in children:
            yield from _at(child, rest)
    elif isinstance(data, dict) and head in data:
        yield from _at(data[head], rest)


_ABSENT = object()


def _get(data: Any, path: Path) -> Any:
    return value_at(data, path, _ABSENT)
