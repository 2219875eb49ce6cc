"""What of a report a rule is checked on, and its findings put back in the whole report.

A rule that walks the items of one table or array one by one, reading nothing else of it
(see checker.testing.rule_reads), finds the same of an item whether or not the others are
there. So after a change it need only be shown the items the change can concern: the
`RuleView` holds just those (array items renumbered from 0), and maps what the rule finds
there back to the places of the whole report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from checker.model.findings import Finding, pointer
from checker.refs.syntax import Path
from checker.testing.paths import value_at
from checker.testing.rule_reads import Reads


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
class RuleView:
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
    ) -> RuleView:
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

    def shown(self) -> Any:
        """The items of the walked table or array that are in view."""
        return _get(self.data, self.collection)

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


def _dig(data: Any, path: Path) -> Any:
    """The id-like value (a string or number) at `path`, or None."""
    found = value_at(data, path)
    return found if isinstance(found, str | int) and not isinstance(found, bool) else None


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data
