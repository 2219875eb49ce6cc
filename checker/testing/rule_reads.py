"""What each rule reads of a report, worked out once from its references.

A rule can find otherwise than before a change only if it reads the changed place, so the
probe (checker.testing.probe) asks only the rules whose `Reads` see a change. A rule that
walks the items of one table or array, and reads nothing else of it, reads each item alone:
its `item_collection`, which lets the probe check only the changed items.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from checker.inputs.ruleset import references
from checker.model.rules import Condition, Rule
from checker.refs.syntax import Filter, KeyOf, KeysFrom, Name, Path, Ref, Star

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
