"""Running rules on report data held in memory, without a file: for generators and searches.

Generators and searches ask the same question thousands of times: after this one change,
what do the rules find? Most rules cannot see most places, so a `Probe` works out once, from
each rule's references, which places of a report a rule reads (its `Reads`, see
checker.testing.rule_reads), and asks only the rules that can see a change. A rule that
walks the items of a table or array one by one, and reads nothing else of that table or
array, is asked about the changed items alone (checker.testing.rule_view).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from checker.engine.check import check_rule
from checker.inputs.report import LoadedReport
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import TomlDocument
from checker.model.findings import Finding, pointer
from checker.model.rules import Rule
from checker.refs.syntax import Path
from checker.testing.rule_reads import Reads, reads
from checker.testing.rule_view import Found, RuleView

GENERATED = "<generated>"
VERDICTS = 100_000
"""Verdicts on single items a probe remembers before it forgets them all."""


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ABSENT: Any = _Sentinel("ABSENT")
"""A candidate value meaning: no value, the key left out."""
NONE_ALLOWED: Any = _Sentinel("NONE_ALLOWED")
"""What `Probe.first_allowed` returns when the rules allow none of the candidates."""


class Probe:
    """The rules of a set that read the report's data alone, asked about data in memory.

    Rules that read the report's text or other reports find nothing without them, so they
    are left out: a probe never has either.
    """

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.rules: tuple[Rule, ...] = tuple(
            loaded.rule for loaded in rule_set.rules if not loaded.rule.needs
        )
        self.reads = {rule.id: reads(rule) for rule in self.rules}
        self._seeing: dict[Path, tuple[Rule, ...]] = {}
        self._asked: dict[Path, list[Rule]] = {}
        self._verdicts: dict[tuple[Any, ...], bool] = {}

    def findings(self, data: dict[str, Any], rules: Iterable[Rule] | None = None) -> list[Finding]:
        """What `rules` (default: all of the probe's) find on `data`, checked whole."""
        # Unvalidated on purpose: callers build valid data and validate what they keep.
        loaded = _loaded(data)
        return [
            f
            for rule in (self.rules if rules is None else rules)
            for f in check_rule(rule, loaded, self.rule_set)
        ]

    def rules_seeing(self, paths: Iterable[Path]) -> list[Rule]:
        """The rules a change at any of `paths` can concern, in rule-set order."""
        seen: set[str] = set()
        for path in paths:
            seen.update(rule.id for rule in self._rules_seeing(path))
        return [rule for rule in self.rules if rule.id in seen]

    def _rules_seeing(self, path: Path) -> tuple[Rule, ...]:
        found = self._seeing.get(path)
        if found is None:
            found = self._seeing[path] = tuple(
                rule for rule in self.rules if self.reads[rule.id].sees(path)
            )
        return found

    def places_after(
        self,
        data: dict[str, Any],
        changed: Collection[Path],
        rules: Collection[Rule] | None = None,
        start: dict[str, Any] | None = None,
    ) -> list[Found]:
        """What the rules (or `rules` of them) find on `data`, made by changes at `changed` (a
        changed array's path when its elements moved) from a report on which they found
        nothing (`start`, when given).

        Only the rules that see a change are asked, about only the items it touches where
        that is enough: the same places as checking the whole report, found faster.
        """
        found: list[Found] = []
        for rule in self.rules_seeing(changed) if rules is None else rules:
            reads = self.reads[rule.id]
            if reads.finds_nothing_in(data):
                continue
            seen = [p for p in changed if reads.sees(p)]
            if not seen:
                continue
            view = RuleView.of(data, reads, seen, start)
            loaded = _loaded(view.data)
            found.extend(view.restore(f) for f in check_rule(rule, loaded, self.rule_set))
        return found

    def allowed_values(
        self, data: dict[str, Any], path: Path, candidates: Sequence[Any]
    ) -> list[Any]:
        """The candidates that, written at `path`, draw no finding at or about that place.

        At least one candidate is returned: when every one draws a finding, all are (and the
        property that generated reports are clean will say which rule disagrees).
        """
        allowed = [value for value in candidates if self.allows(data, path, value)]
        return allowed or list(candidates)

    def first_allowed(self, data: dict[str, Any], path: Path, candidates: Sequence[Any]) -> Any:
        """The first candidate that, written at `path`, draws no finding at or about that
        place, left written there; when none is allowed, NONE_ALLOWED (and the first
        candidate written)."""
        for value in candidates:
            if self.allows(data, path, value):
                return value
        _set(data, path, candidates[0])
        return NONE_ALLOWED

    @staticmethod
    def write(data: dict[str, Any], path: Path, value: Any) -> None:
        """Writes `value` at `path` in `data` (ABSENT removes the key)."""
        _set(data, path, value)

    def allows(self, data: dict[str, Any], path: Path, value: Any) -> bool:
        """Writes `value` at `path` in `data` (ABSENT removes the key), and says whether that
        draws no finding at or about that place."""
        _set(data, path, value)
        asked = self._asked.get(path)
        if asked is None:
            asked = self._asked[path] = list(self._rules_seeing(path))
        for position, rule in enumerate(asked):
            reads = self.reads[rule.id]
            if reads.finds_nothing_in(data):
                continue
            view = RuleView.of(data, reads, [path])
            where = pointer(view.path(path))
            if self._objects(rule, reads, view, where):
                # Ask the rule that objected first next time: objections end the asking.
                asked.insert(0, asked.pop(position))
                return False
        return True

    def _objects(self, rule: Rule, reads: Reads, view: RuleView, where: str) -> bool:
        """Whether the rule finds anything at or about `where` in the view. A rule that reads
        nothing but the one item in view says the same of the same item: remembered."""
        key = None
        if view.keys and not reads.outside:
            item = _frozen(view.shown())
            key = (rule.id, where, view.data.get("partial") is True, item)
            known = self._verdicts.get(key)
            if known is not None:
                return known
        found = check_rule(rule, _loaded(view.data), self.rule_set)
        objects = any(_about(f, where) for f in found)
        if key is not None:
            if len(self._verdicts) > VERDICTS:
                self._verdicts.clear()
            self._verdicts[key] = objects
        return objects


def _loaded(data: dict[str, Any]) -> LoadedReport:
    return LoadedReport(TomlDocument(GENERATED, "", data))


def _about(finding: Finding, where: str) -> bool:
    places = [finding.path, *(location.path for location in finding.related)]
    return any(place == where or place.startswith(where + "/") for place in places)


def _frozen(value: Any) -> Any:
    """A hashable copy of TOML-shaped data that tells apart what compares equal across
    types (True and 1)."""
    if isinstance(value, dict):
        return (dict, *((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list):
        return (list, *(_frozen(item) for item in value))
    return (type(value), value)


def _set(data: Any, path: Path, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    if value is ABSENT:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value
