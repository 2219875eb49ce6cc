"""Single-fault search: break one rule, then repair every other rule the break disturbed.

Edits come from a vocabulary of the report format (another grade, another year, the flag
flipped, the key removed, a list emptied or an element dropped or repeated, a link to
nothing). Which places to edit comes from the rule itself: the values its references reach
in the report. Repairs edit only the places the other findings name. Nothing here knows a
particular rule, so a new rule gets mutants with no new code.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from checker.inputs.ruleset import RuleSet, references
from checker.model.findings import Finding
from checker.model.report import Report, duplicate_ids
from checker.model.rules import Rule
from checker.model.scheme import year_start
from checker.refs.evaluate import Path, Scope, anchor, evaluate
from checker.testing.probe import Probe

DELETE = object()
"""Candidate meaning: remove the key, or the array element."""

BREAK_TRIES = 60
REPAIR_ROUNDS = 4
REPAIR_BRANCHES = 3
SEARCH_BUDGET = 250
"""Whole-report checks one mutant may cost: bounds the time a rule that never fires alone
(dead, or overlapping another) takes to be given up on."""

Mutant = tuple[dict[str, Any], str, str]


class MutationSearch:
    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.probe = Probe(rule_set)
        self.vocabulary = Vocabulary(rule_set)

    def mutant(self, data: dict[str, Any], rule_id: str, chance: random.Random) -> Mutant | None:
        """A copy of `data` that breaks exactly `rule_id` at one place, or None if none found."""
        loaded = self.rule_set.find(rule_id)
        assert loaded is not None
        rule = loaded.rule
        if self.probe.findings(data):
            return None  # not a consistent start: the reports() property reports that
        edits = [
            (path, value)
            for path in sorted(set(self._places(rule, data)), key=repr)
            for value in self.vocabulary.candidates(data, path)
        ]
        chance.shuffle(edits)
        budget = [SEARCH_BUDGET]
        for path, value in edits[:BREAK_TRIES]:
            broken = apply_edit(data, path, value)
            if broken is None or not self.probe.findings(broken, [rule]):
                continue
            found = self._search(broken, rule, self.probe.findings(broken), REPAIR_ROUNDS, budget)
            if found is not None and _valid(found[0], self.rule_set):
                return copy.deepcopy(found[0]), found[1], found[2]
            if budget[0] <= 0:
                break
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
        data: dict[str, Any],
        rule: Rule,
        findings: list[Finding],
        depth: int,
        budget: list[int],
    ) -> Mutant | None:
        target = [f for f in findings if f.rule_id == rule.id]
        others = [f for f in findings if f.rule_id != rule.id]
        if len(target) != 1:
            return None  # the fault must be one finding at one place
        if not others:
            return data, rule.id, target[0].path
        if depth == 0:
            return None
        places = sorted({p for f in others for p in _finding_places(f, data)}, key=repr)
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
            found = self.probe.findings(candidate)
            kept = [f.path for f in found if f.rule_id == rule.id]
            if kept == [target[0].path] and len(found) - 1 < len(others):
                # Fewer findings first; among equals, small edits before removing a table.
                size = 1 if value is DELETE and len(path) <= 2 else 0
                options.append((len(found), size, order, candidate, found))
        for *_, candidate, found in sorted(options, key=lambda o: o[:3])[:REPAIR_BRANCHES]:
            result = self._search(candidate, rule, found, depth - 1, budget)
            if result is not None:
                return result
        return None


def _finding_places(finding: Finding, data: dict[str, Any]) -> Iterator[Path]:
    """The places a finding names, their parents, and the other fields of the item they are
    in: a finding on a carried-over year may be repaired by the last-inspected year beside it.
    """
    for where in (finding.path, *(location.path for location in finding.related)):
        if where:
            path = from_pointer(where)
            yield from _with_parents(path)
            yield from _leaves(_get(data, path[:2]), path[:2])


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
            parent.append(copy.deepcopy(value))
        else:
            parent[last] = copy.deepcopy(value)
    except (KeyError, IndexError, TypeError):
        return None
    return result


def _valid(data: dict[str, Any], rule_set: RuleSet) -> bool:
    try:
        Report.model_validate(data, context={"scheme": rule_set.scheme})
    except ValidationError:
        return False
    return not duplicate_ids(data)


class Vocabulary:
    """The edits the report format allows at a place, by the name of the field there."""

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

    def candidates(self, data: dict[str, Any], path: Path) -> list[Any]:
        current = _get(data, path)
        name = next((part for part in reversed(path) if isinstance(part, str)), "")
        in_array = bool(path) and isinstance(path[-1], int)
        options: list[Any] = []
        if in_array:
            options.append(DELETE)
            if name == "addressed_by":
                options += [*self._ids(data), "MISSING-1"]
        elif isinstance(current, list):
            options.append([])
            options += [
                [*current, copy.deepcopy(item)]
                for item in current
                if not (isinstance(item, dict) and "id" in item)
            ]
        elif current is not _ABSENT and isinstance(current, dict) and len(path) == 2:
            options.append(DELETE)  # a whole question or pillar table
        else:
            options += self._by_name(name, current, data)
        return [o for o in options if o is DELETE or o != current]

    def _by_name(self, name: str, current: Any, data: dict[str, Any]) -> list[Any]:
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
            case "carried_on_by":
                return [*self._ids(data), "MISSING-1", *optional]
            case "pillar":
                return self.pillars
            case "year":
                return self.years
            case "recommendations" | "addressed_by":
                return [[]]
        return []

    @staticmethod
    def _ids(data: dict[str, Any]) -> list[str]:
        return [item["id"] for key in ("afis", "causes_of_concern") for item in data.get(key, [])]


_ABSENT = object()


def _get(data: Any, path: Path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _ABSENT
    return data
