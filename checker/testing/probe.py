"""Running rules on report data held in memory, without a file: for generators and searches.

Generators and searches ask the same question thousands of times: after this one change,
what do the rules find? Most rules cannot see most places, so a `Probe` works out once, from
each rule's references, which places of a report a rule reads (its `Reads`), and asks only
the rules that can see a change. A rule that walks the items of a table or array one by one,
and reads nothing else of that table or array, is asked about the changed items alone.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from checker.engine.check import check_rule
from checker.inputs.report import LoadedReport
from checker.inputs.ruleset import RuleSet, references
from checker.inputs.tomlfile import TomlDocument
from checker.model.findings import Finding, pointer
from checker.model.rules import Condition, Rule
from checker.refs.syntax import Filter, KeyOf, KeysFrom, Name, Path, Ref, Star
from checker.testing.paths import value_at

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

ANY = None
"""A pattern part that matches every key or index."""
Pattern = tuple[str | None, ...]
PARTIAL: Pattern = ("partial",)


@dataclass(frozen=True)
class Reads:
    """The places of a report a rule reads, as patterns of keys (`ANY` for every key).

    `values`: a change at, above or below one of these can change what the rule finds.
    `items`: places whose presence alone the rule reads (the items it walks, `for_each`,
    and what its conditions count): adding, removing or replacing one changes what it
    finds. `outside`: what it reads other than through its current item (from `report` and
    the scheme's references into the report), but for `partial`, which every rule reads.
    `walked`: the items of `for_each`. `keyed`:
    arrays read outside the item only through a filter on the item's key (`[question={key}]`),
    with the field compared: a change to one element there concerns only the items its field
    names. `unkeyed`: what else it reads outside the item.
    """

    values: tuple[Pattern, ...]
    items: tuple[Pattern, ...]
    outside: tuple[Pattern, ...]
    walked: tuple[Pattern, ...]
    keyed: tuple[tuple[Path, tuple[str, ...]], ...] = ()
    unkeyed: tuple[Pattern, ...] = ()

    def sees(self, path: Path) -> bool:
        """Whether a change at `path` can change what the rule finds."""
        return any(_meet(p, path) for p in self.values) or any(
            len(path) <= len(p) and _meet(p, path) for p in self.items
        )

    @functools.cached_property
    def collection(self) -> Path | None:
        """The one table or array of the report whose items the rule walks, if it is one."""
        if len(self.walked) != 1 or not self.walked[0]:
            return None
        *collection, last = self.walked[0]
        if last is not ANY or not collection or ANY in collection:
            return None
        return tuple(part for part in collection if part is not None)

    @functools.cached_property
    def item_collection(self) -> Path | None:
        """The one table or array whose items the rule walks one at a time, reading nothing
        else of it: changes there need only the changed items checked. None otherwise."""
        collection = self.collection
        if collection is None or any(_meet(p, collection) for p in self.outside):
            return None
        return collection

    def keyed_link(self, path: Path) -> tuple[Path, tuple[str, ...]] | None:
        """The keyed array (and its field) that a change at `path`, inside one of its
        elements, reaches the rule through, when that is the only way it does."""
        for array, key_field in self.keyed:
            depth = len(array)
            if (
                len(path) > depth
                and isinstance(path[depth], int)
                and all(part == str(at) for part, at in zip(array, path, strict=False))
                and not any(_meet(p, path) for p in self.unkeyed)
            ):
                return array, key_field
        return None

    def finds_nothing_in(self, data: dict[str, Any]) -> bool:
        """Whether the rule walks a table or array that `data` leaves empty."""
        collection = self.collection
        if collection is None:
            return False
        value: Any = data
        for part in collection:
            if isinstance(value, list) and isinstance(part, str) and part.isdigit():
                part = int(part)  # as references index arrays
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return True  # nothing there to walk
        return not value


def _meet(pattern: Pattern, path: Path) -> bool:
    """One is a prefix of the other, up to `ANY`."""
    return all(p is ANY or p == str(part) for p, part in zip(pattern, path, strict=False))


def reads(rule: Rule) -> Reads:
    """What `rule` reads of a report, from its references (computed once per rule)."""
    values: list[Pattern] = []
    items_read: list[Pattern] = []
    outside: list[Pattern] = []
    walker = _Walker(values, items_read, outside, [], [])
    if rule.for_each is None:
        items: list[Pattern] = [()]
        walked: list[Pattern] = []
    else:
        items = walked = walker.walk(rule.for_each, [], for_each=True)
        items_read.extend(items)
    for where, ref in references(rule):
        if where == ("for_each",):
            continue
        reached = walker.walk(ref, items)
        # A presence test or a count reads only which values there are, not what they hold.
        (items_read if _counts_only(rule, where) else values).extend(reached)
    # Every rule reads `partial`: in a partial report what is left out is unknown, not missing.
    values.append(PARTIAL)
    return Reads(
        tuple(dict.fromkeys(values)),
        tuple(dict.fromkeys(items_read)),
        tuple(dict.fromkeys(outside)),
        tuple(walked),
        tuple(dict.fromkeys(walker.keyed)),
        tuple(dict.fromkeys(walker.unkeyed)),
    )


def _counts_only(rule: Rule, where: Path) -> bool:
    """Whether the reference at `where` in the rule is that of a condition that only counts
    its hits (`present`, `count_min`, `count_max`)."""
    if "ref" not in where:
        return False
    holder: Any = rule
    for part in where[: where.index("ref")]:
        try:
            holder = getattr(holder, part) if isinstance(part, str) else holder[part]
        except (AttributeError, IndexError, KeyError, TypeError):
            return False
    return isinstance(holder, Condition) and holder.operator in _COUNTING


_COUNTING = frozenset({"present", "count_min", "count_max"})


@dataclass
class _Walker:
    values: list[Pattern]
    items: list[Pattern]
    outside: list[Pattern]
    keyed: list[tuple[Path, tuple[str, ...]]]
    unkeyed: list[Pattern]

    def walk(self, ref: Ref, items: list[Pattern], for_each: bool = False) -> list[Pattern]:
        """The patterns of the report values `ref` reaches; what it reads on the way (the
        filters' fields, the references inside it) is recorded."""
        if ref.root == "report":
            current: list[Pattern] = [()]
        elif ref.root == "item":
            current = list(items)
        elif ref.root == "key":
            return []  # the item's key: which items there are, recorded with the items
        else:
            current = []  # the scheme: nothing of the report, but inner references may be
        outer = ref.root == "report"
        keyed = False
        for segment in ref.segments:
            if isinstance(segment, Name):
                current = [(*p, segment.name) for p in current]
            elif isinstance(segment, Star):
                current = [(*p, ANY) for p in current]
            elif isinstance(segment, KeyOf):
                self._read([(*p[:-1], ANY) for p in current if p], outer, keyed)
                current = []  # keys, not values of the report
            elif isinstance(segment, KeysFrom):
                self._read(self.walk(segment.ref, items), segment.ref.root == "report", False)
                current = [(*p, ANY) for p in current]
            elif isinstance(segment, Filter):
                if outer and not keyed and not for_each:
                    keyed = self._keyed(current, segment)
                for test in segment.tests:
                    self._read([(*p, ANY, *test.field_path) for p in current], outer, keyed)
                    if test.ref is not None:
                        self._read(self.walk(test.ref, items), test.ref.root == "report", False)
                current = [(*p, ANY) for p in current]
        if outer and not for_each:
            self.outside.extend(current)
            if not keyed:
                self.unkeyed.extend(current)
        return current

    def _keyed(self, current: list[Pattern], segment: Filter) -> bool:
        """Whether `segment` keeps, of one array, the elements whose field equals the key
        of the item (`[question={key}]`); if so, the array and field are recorded."""
        if len(current) != 1 or not current[0] or ANY in current[0]:
            return False
        for test in segment.tests:
            if test.ref is not None and test.ref.root == "key" and not test.negate:
                array = tuple(part for part in current[0] if part is not None)
                self.keyed.append((array, test.field_path))
                return True
        return False

    def _read(self, patterns: list[Pattern], outer: bool, keyed: bool) -> None:
        self.values.extend(patterns)
        if outer:
            self.outside.extend(patterns)
            if not keyed:
                self.unkeyed.extend(patterns)


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
            view = _View.of(data, reads, seen, start)
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
            view = _View.of(data, reads, [path])
            where = pointer(view.path(path))
            if self._objects(rule, reads, view, where):
                # Ask the rule that objected first next time: objections end the asking.
                asked.insert(0, asked.pop(position))
                return False
        return True

    def _objects(self, rule: Rule, reads: Reads, view: _View, where: str) -> bool:
        """Whether the rule finds anything at or about `where` in the view. A rule that reads
        nothing but the one item in view says the same of the same item: remembered."""
        key = None
        if view.keys and not reads.outside:
            item = _frozen(_get(view.data, view.collection))
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


@dataclass(frozen=True)
class Found:
    """A finding as searches use it: its rule and the places it names."""

    rule_id: str
    path: str
    related: tuple[str, ...]

    def places(self) -> Iterator[str]:
        yield self.path
        yield from self.related


@dataclass(frozen=True)
class _View:
    """The data a rule is checked on: all of it, or only the changed items of the one table
    or array the rule walks item by item (array items renumbered from 0)."""

    data: dict[str, Any]
    collection: Path = ()
    keys: tuple[Any, ...] = ()

    @classmethod
    def of(
        cls,
        data: dict[str, Any],
        rule_reads: Reads,
        changed: Sequence[Path],
        start: dict[str, Any] | None = None,
    ) -> _View:
        """The view of `data` that shows the rule every item `changed` can concern; with
        `start` (the data before every change), keyed elements changed outside the items
        concern the items their key field names, before or after."""
        collection = rule_reads.item_collection
        if collection is None:
            return cls(data)
        depth = len(collection)
        wanted: list[Any] = []
        for path in changed:
            if len(path) > depth and path[:depth] == collection:
                wanted.append(path[depth])
                continue
            link = rule_reads.keyed_link(path) if start is not None else None
            if link is None:
                return cls(data)
            array, key_field = link
            element = (*array, path[len(array)], *key_field)
            wanted.extend(key for key in (_dig(start, element), _dig(data, element)) if key)
        whole = _get(data, collection)
        if isinstance(whole, dict):
            keys = tuple(key for key in dict.fromkeys(wanted) if key in whole)
            part: Any = {key: whole[key] for key in keys}
        elif isinstance(whole, list):
            keys = tuple(sorted({k for k in wanted if isinstance(k, int) and 0 <= k < len(whole)}))
            part = [whole[index] for index in keys]
        else:
            return cls(data)
        return cls(_replaced(data, collection, part), collection, keys)

    def path(self, path: Path) -> Path:
        """Where `path` of the whole data is in the view."""
        depth = len(self.collection)
        if not self.keys or path[:depth] != self.collection or len(path) <= depth:
            return path
        key = path[depth]
        if isinstance(key, int):
            key = self.keys.index(key)
        return (*self.collection, key, *path[depth + 1 :])

    def restore(self, finding: Finding) -> Found:
        """A finding on the view, with the places of the whole data."""
        return Found(
            finding.rule_id,
            self._back(finding.path),
            tuple(self._back(location.path) for location in finding.related),
        )

    def _back(self, where: str) -> str:
        if not self.keys or not isinstance(self.keys[0], int):
            return where
        prefix = pointer(self.collection) + "/"
        if not where.startswith(prefix):
            return where
        index, _, rest = where[len(prefix) :].partition("/")
        if not index.isdigit():
            return where
        return prefix + str(self.keys[int(index)]) + ("/" + rest if rest else "")


def _replaced(data: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    if isinstance(data, dict):
        return {**data, path[0]: _replaced(data[path[0]], path[1:], value)}
    index = int(path[0])
    return [*data[:index], _replaced(data[index], path[1:], value), *data[index + 1 :]]


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


def _dig(data: Any, path: Path) -> Any:
    """The id-like value (a string or number) at `path`, or None."""
    found = value_at(data, path)
    return found if isinstance(found, str | int) and not isinstance(found, bool) else None


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    if value is ABSENT:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value
