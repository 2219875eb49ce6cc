"""Running rules on report data held in memory, without a file: for generators and searches.

Generators and searches ask the same question thousands of times: after this one change,
what do the rules find? Most rules cannot see most places, so a `Probe` works out once, from
each rule's references, which places of a report a rule reads (its `Reads`), and asks only
the rules that can see a change. A rule that walks the items of a table or array one by one,
and reads nothing else of that table or array, is asked about the changed items alone.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from checker.engine.check import check_rule
from checker.inputs.report import LoadedReport
from checker.inputs.ruleset import RuleSet, references
from checker.inputs.tomlfile import TomlDocument
from checker.model.findings import Finding, pointer
from checker.model.report import Report
from checker.model.rules import Rule
from checker.refs.evaluate import Filter, KeyOf, KeysFrom, Name, Path, Ref, Star

GENERATED = "<generated>"
# The engine reads the data, never the model; the searches validate only what they keep.
_UNVALIDATED = Report.model_construct()  # type: ignore[call-arg]

ANY = None
"""A pattern part that matches every key or index."""
Pattern = tuple[str | None, ...]


@dataclass(frozen=True)
class Reads:
    """The places of a report a rule reads, as patterns of keys (`ANY` for every key).

    `values`: a change at, above or below one of these can change what the rule finds.
    `items`: the places of the items the rule walks (`for_each`); adding, removing or
    replacing an item changes what it finds. `outside`: what it reads other than through
    its current item (from `report` and the scheme's references into the report).
    """

    values: tuple[Pattern, ...]
    items: tuple[Pattern, ...]
    outside: tuple[Pattern, ...]

    def sees(self, path: Path) -> bool:
        """Whether a change at `path` can change what the rule finds."""
        return any(_meet(p, path) for p in self.values) or any(
            len(path) <= len(p) and _meet(p, path) for p in self.items
        )

    def item_collection(self) -> Path | None:
        """The one table or array whose items the rule walks one at a time, reading nothing
        else of it: changes there need only the changed items checked. None otherwise."""
        if len(self.items) != 1 or not self.items[0]:
            return None
        *collection, last = self.items[0]
        if last is not ANY or not collection or ANY in collection:
            return None
        concrete: Path = tuple(part for part in collection if part is not None)
        if any(_meet(p, concrete) for p in self.outside):
            return None
        return concrete


def _meet(pattern: Pattern, path: Path) -> bool:
    """One is a prefix of the other, up to `ANY`."""
    return all(p is ANY or p == str(part) for p, part in zip(pattern, path, strict=False))


def reads(rule: Rule) -> Reads:
    """What `rule` reads of a report, from its references (computed once per rule)."""
    values: list[Pattern] = []
    items_read: list[Pattern] = []
    outside: list[Pattern] = []
    walker = _Walker(values, items_read, outside)
    if rule.for_each is None:
        items: list[Pattern] = [()]
    else:
        items = walker.walk(rule.for_each, [], for_each=True)
        items_read.extend(items)
    for where, ref in references(rule):
        if where != ("for_each",):
            values.extend(walker.walk(ref, items))
    if rule.complete_only:
        values.append(("partial",))
        outside.append(("partial",))
    return Reads(tuple(dict.fromkeys(values)), tuple(dict.fromkeys(items_read)), tuple(outside))


@dataclass
class _Walker:
    values: list[Pattern]
    items: list[Pattern]
    outside: list[Pattern]

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
        for segment in ref.segments:
            if isinstance(segment, Name):
                current = [(*p, segment.name) for p in current]
            elif isinstance(segment, Star):
                current = [(*p, ANY) for p in current]
            elif isinstance(segment, KeyOf):
                self._read([p[:-1] + (ANY,) for p in current if p], outer)
                current = []  # keys, not values of the report
            elif isinstance(segment, KeysFrom):
                self._read(self.walk(segment.ref, items), segment.ref.root == "report")
                current = [(*p, ANY) for p in current]
            elif isinstance(segment, Filter):
                for test in segment.tests:
                    self._read([(*p, ANY, *test.field_path) for p in current], outer)
                    if test.ref is not None:
                        self._read(self.walk(test.ref, items), test.ref.root == "report")
                current = [(*p, ANY) for p in current]
        if outer and not for_each:
            self.outside.extend(current)
        return current

    def _read(self, patterns: list[Pattern], outer: bool) -> None:
        self.values.extend(patterns)
        if outer:
            self.outside.extend(patterns)


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

    def places_after(self, data: dict[str, Any], changed: Collection[Path]) -> list[Found]:
        """What the rules find on `data`, made from a report on which they found nothing by
        changes at `changed` (a changed array's path when its elements moved): only the rules
        that see a change are asked, about only the items it touches where that is enough."""
        found: list[Found] = []
        for rule in self.rules_seeing(changed):
            view = _View.of(data, self.reads[rule.id], [p for p in changed if self._sees(rule, p)])
            loaded = _loaded(view.data)
            found.extend(view.restore(f) for f in check_rule(rule, loaded, self.rule_set))
        return found

    def _sees(self, rule: Rule, path: Path) -> bool:
        return rule in self._rules_seeing(path)

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
        place (left written there); the first candidate when none is allowed."""
        for value in candidates:
            if self.allows(data, path, value):
                return value
        _set(data, path, candidates[0])
        return candidates[0]

    def allows(self, data: dict[str, Any], path: Path, value: Any) -> bool:
        """Writes `value` at `path` in `data`, and says whether that draws no finding at or
        about that place."""
        _set(data, path, value)
        for rule in self._rules_seeing(path):
            view = _View.of(data, self.reads[rule.id], [path])
            where = pointer(view.path(path))
            if any(_about(f, where) for f in check_rule(rule, _loaded(view.data), self.rule_set)):
                return False
        return True


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
    def of(cls, data: dict[str, Any], rule_reads: Reads, changed: Sequence[Path]) -> _View:
        collection = rule_reads.item_collection()
        if collection is None:
            return cls(data)
        depth = len(collection)
        if any(len(p) <= depth or p[:depth] != collection for p in changed):
            return cls(data)
        whole = _get(data, collection)
        keys = tuple(dict.fromkeys(p[depth] for p in changed))
        if isinstance(whole, dict):
            part: Any = {key: whole[key] for key in keys if key in whole}
        elif isinstance(whole, list) and all(
            isinstance(k, int) and 0 <= k < len(whole) for k in keys
        ):
            keys = tuple(sorted(keys))
            part = [whole[key] for key in keys]
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
    copied = dict(data) if isinstance(data, dict) else list(data)
    copied[path[0]] = _replaced(data[path[0]], path[1:], value)
    return copied


def _loaded(data: dict[str, Any]) -> LoadedReport:
    return LoadedReport(TomlDocument(GENERATED, "", data), _UNVALIDATED)


def _about(finding: Finding, where: str) -> bool:
    places = [finding.path, *(location.path for location in finding.related)]
    return any(place == where or place.startswith(where + "/") for place in places)


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
