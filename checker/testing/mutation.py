"""Single-fault search: break one rule, then repair every other rule the break disturbed.

Edits come from a vocabulary of the report format (another grade, another year, the flag
flipped, the key removed, a list emptied or an element dropped or repeated, a link to another
item or to nothing: checker.testing.vocabulary). Which places to edit comes from the rule
itself: the values its references reach in the report. Repairs edit only the places the
other findings name. Nothing here knows a particular rule, so a new rule gets mutants with
no new code.

The search starts from a report on which no rule finds anything, so after a few edits only
the rules that can see an edited place can find anything: only those are asked (see
checker.testing.probe), which is what makes thousands of tries affordable.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from checker.inputs.ruleset import RuleSet, references
from checker.model.report import Report, duplicate_ids
from checker.model.rules import Rule
from checker.refs.evaluate import Scope, anchor, evaluate
from checker.refs.syntax import Path
from checker.testing.edits import DELETE, apply_edit, changed_place
from checker.testing.paths import value_at
from checker.testing.probe import Probe
from checker.testing.rule_view import Found
from checker.testing.vocabulary import Vocabulary

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
                *(leaf for path in named for leaf in _leaves(value_at(data, path[:2]), path[:2])),
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


def _valid(data: dict[str, Any], rule_set: RuleSet) -> bool:
    try:
        Report.model_validate(data, context={"scheme": rule_set.scheme})
    except ValidationError:
        return False
    return not duplicate_ids(data)
