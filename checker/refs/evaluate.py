"""References: the small path language rules use to point into a report and its scheme.

A reference starts at a root and walks segments:

    report.questions.investigating_crime.grade     a field of the report
    report.questions.*.grade                        every question's grade
    report.scope[question={key}].inspected          rows whose field equals a value
    scheme.questions[pillar={key}].@key             the keys of the matching entries
    report.questions.{scheme.questions[pillar=efficiency].@key}.grade
                                                    keys taken from another reference
    item.carried_over.year                          a field of the item the rule is on
    key                                             that item's key (or index)

A reference yields *hits*: (path, value) pairs, where the path is absolute from the root, so a
finding can name exactly where a value lives. Nothing here is executed as Python: a reference
is parsed once, at load time, into the segment objects below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias

PathPart: TypeAlias = str | int
Path: TypeAlias = tuple[PathPart, ...]

ROOTS = ("report", "scheme", "item", "key")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"[0-9]+")
_LITERAL = re.compile(r"[^\]\[{}=!,]+")


class RefSyntaxError(ValueError):
    """A reference that does not parse; the message says where."""


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Star:
    """Every child: the values of a table, the elements of an array."""


@dataclass(frozen=True)
class KeyOf:
    """`@key`: the key (or index) under which each hit lives."""


@dataclass(frozen=True)
class KeysFrom:
    """`{ref}`: fan out over the children named by the values of another reference."""

    ref: Ref


@dataclass(frozen=True)
class Test:
    """One `field=value` (or `field!=value`) test of a filter; the value may be `{ref}`."""

    field_path: tuple[str, ...]
    negate: bool
    literal: Any = None
    ref: Ref | None = None


@dataclass(frozen=True)
class Filter:
    """`[field=value, other!={ref}]`: the children that pass every test."""

    tests: tuple[Test, ...]


Segment: TypeAlias = Name | Star | KeyOf | KeysFrom | Filter


@dataclass(frozen=True)
class Ref:
    root: str
    segments: tuple[Segment, ...]
    text: str = field(compare=False)

    def __str__(self) -> str:
        return self.text


class Hit(NamedTuple):
    """A value a reference reached, and where: a tuple, because millions are made per run."""

    root: str
    path: Path
    value: Any


@dataclass(frozen=True)
class Scope:
    """What a reference is evaluated against: the documents and the current item."""

    report: Mapping[str, Any]
    scheme: Mapping[str, Any]
    item: Any = None
    item_root: str = "report"
    item_path: Path = ()
    context: Any = None
    """What kinds that look beyond the report need (its text, the other reports); opaque here."""
    corpus: Any = None
    """The index of every report of the run (checker.engine.corpus.Corpus), for cross-report kinds;
    None when checking without one (rule examples, generated reports)."""

    @property
    def key(self) -> PathPart | None:
        return self.item_path[-1] if self.item_path else None

    def at(self, hit: Hit) -> Scope:
        return Scope(self.report, self.scheme, hit.value, hit.root, hit.path)


def parse(text: str) -> Ref:
    """Parse a reference, raising RefSyntaxError with the position of the first problem."""
    ref, end = _Parser(text).ref(0)
    if end != len(text):
        raise RefSyntaxError(f"unexpected {text[end]!r} at column {end + 1} of {text!r}")
    return ref


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, pos: int, what: str) -> RefSyntaxError:
        return RefSyntaxError(f"{what} at column {pos + 1} of {self.text!r}")

    def name(self, pos: int) -> tuple[str, int]:
        match = _NAME.match(self.text, pos)
        if not match:
            raise self.fail(pos, "expected a name")
        return match.group(), match.end()

    def ref(self, pos: int) -> tuple[Ref, int]:
        start = pos
        root, pos = self.name(pos)
        if root not in ROOTS:
            raise self.fail(start, f"unknown root {root!r} (use one of {', '.join(ROOTS)})")
        segments: list[Segment] = []
        text = self.text
        while pos < len(text) and text[pos] in ".[":
            if root == "key":
                raise self.fail(pos, "`key` takes no further segments")
            if text[pos] == "[":
                segment, pos = self.filter(pos + 1)
                segments.append(segment)
                continue
            pos += 1
            if text.startswith("*", pos):
                segments.append(Star())
                pos += 1
            elif text.startswith("@key", pos):
                segments.append(KeyOf())
                pos += 4
            elif text.startswith("{", pos):
                inner, pos = self.ref(pos + 1)
                if not text.startswith("}", pos):
                    raise self.fail(pos, "expected '}'")
                segments.append(KeysFrom(inner))
                pos += 1
            elif index := _INDEX.match(text, pos):
                segments.append(Name(index.group()))  # an array index: report.scope.3
                pos = index.end()
            else:
                name, pos = self.name(pos)
                segments.append(Name(name))
        return Ref(root, tuple(segments), text[start:pos]), pos

    def filter(self, pos: int) -> tuple[Filter, int]:
        tests = []
        while True:
            test, pos = self.test(pos)
            tests.append(test)
            if not self.text.startswith(",", pos):
                break
            pos += 1
            while self.text.startswith(" ", pos):
                pos += 1
        if not self.text.startswith("]", pos):
            raise self.fail(pos, "expected ']'")
        return Filter(tuple(tests)), pos + 1

    def test(self, pos: int) -> tuple[Test, int]:
        names = []
        while True:
            name, pos = self.name(pos)
            names.append(name)
            if not self.text.startswith(".", pos):
                break
            pos += 1
        negate = self.text.startswith("!=", pos)
        if not negate and not self.text.startswith("=", pos):
            raise self.fail(pos, "expected '=' or '!=' in a filter")
        pos += 2 if negate else 1
        if self.text.startswith("{", pos):
            inner, pos = self.ref(pos + 1)
            if not self.text.startswith("}", pos):
                raise self.fail(pos, "expected '}'")
            return Test(tuple(names), negate, ref=inner), pos + 1
        match = _LITERAL.match(self.text, pos)
        if not match:
            raise self.fail(pos, "expected a value")
        return Test(tuple(names), negate, literal=_literal(match.group().strip())), match.end()


def _literal(text: str) -> Any:
    return {"true": True, "false": False}.get(text, text)


def evaluate(ref: Ref, scope: Scope) -> list[Hit]:
    """Every hit of `ref` in `scope`, in document order."""
    if ref.root == "key":
        return [] if scope.key is None else [Hit(scope.item_root, scope.item_path, scope.key)]
    if ref.root == "item":
        hits = [Hit(scope.item_root, scope.item_path, scope.item)]
    else:
        hits = [Hit(ref.root, (), scope.report if ref.root == "report" else scope.scheme)]
    for segment in ref.segments:
        hits = [out for hit in hits for out in _step(segment, hit, scope)]
    return hits


def values(ref: Ref, scope: Scope) -> list[Any]:
    return [hit.value for hit in evaluate(ref, scope)]


def _children(hit: Hit) -> Iterator[Hit]:
    value = hit.value
    if isinstance(value, dict):
        for key, child in value.items():
            yield Hit(hit.root, (*hit.path, key), child)
    elif isinstance(value, list | tuple):
        for index, child in enumerate(value):
            yield Hit(hit.root, (*hit.path, index), child)


def _child(hit: Hit, key: Any) -> Hit | None:
    value = hit.value
    if isinstance(value, list | tuple) and isinstance(key, str) and key.isdigit():
        key = int(key)
    if isinstance(value, dict) and isinstance(key, str) and key in value:
        return Hit(hit.root, (*hit.path, key), value[key])
    if isinstance(value, list | tuple) and isinstance(key, int) and 0 <= key < len(value):
        return Hit(hit.root, (*hit.path, key), value[key])
    return None


def _step(segment: Segment, hit: Hit, scope: Scope) -> Iterator[Hit]:
    if isinstance(segment, Name):
        child = _child(hit, segment.name)
        if child is not None:
            yield child
    elif isinstance(segment, Star):
        yield from _children(hit)
    elif isinstance(segment, KeyOf):
        if hit.path:
            yield Hit(hit.root, hit.path, hit.path[-1])
    elif isinstance(segment, KeysFrom):
        for key in values(segment.ref, scope):
            child = _child(hit, key)
            if child is not None:
                yield child
    else:
        tests = [
            (test, values(test.ref, scope) if test.ref else [test.literal])
            for test in segment.tests
        ]
        value = hit.value
        if isinstance(value, dict):
            pairs: Any = value.items()
        elif isinstance(value, list | tuple):
            pairs = enumerate(value)
        else:
            return
        for key, child in pairs:
            # Test before building a Hit: filters reject most children.
            if all(_passes(test, wanted, child) for test, wanted in tests):
                yield Hit(hit.root, (*hit.path, key), child)


def _passes(test: Test, wanted: list[Any], value: Any) -> bool:
    found = _dig(value, test.field_path)
    return (found is not _MISSING and found in wanted) != test.negate


_MISSING = object()


def _dig(value: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if not isinstance(value, dict) or name not in value:
            return _MISSING
        value = value[name]
    return value


def anchor(ref: Ref, scope: Scope) -> tuple[str, Path]:
    """Where a value of `ref` is, or would be written: the longest concrete path it names.

    Used to place a finding about something missing, e.g. `item.last_inspected` on a question
    that has none points at `/questions/armed_response/last_inspected`.
    """
    if ref.root in ("item", "key"):
        root, path = scope.item_root, scope.item_path
    else:
        root, path = ref.root, ()
    for segment in ref.segments:
        if isinstance(segment, Name):
            path = (*path, int(segment.name) if segment.name.isdigit() else segment.name)
        elif isinstance(segment, KeysFrom):
            keys = values(segment.ref, scope)
            if len(keys) != 1:
                break
            path = (*path, keys[0])
        else:
            break
    return root, path
