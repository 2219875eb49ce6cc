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
from dataclasses import dataclass, field
from typing import Any, TypeAlias

PathPart: TypeAlias = str | int
Path: TypeAlias = tuple[PathPart, ...]

ROOTS = ("report", "scheme", "item", "key")
MAX_NESTING = 16
"""References nested inside a reference (`{...}`), at most: the bundled rules need three."""
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
    run: Any = field(default=None, compare=False, repr=False)
    """The compiled reference (checker.refs.compile): scope -> hits. Set by `parse`."""

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Ref:
    """Parse a reference, raising RefSyntaxError with the position of the first problem."""
    from checker.refs.compile import compile_ref

    ref, end = _Parser(text).ref(0)
    if end != len(text):
        raise RefSyntaxError(f"unexpected {text[end]!r} at column {end + 1} of {text!r}")
    object.__setattr__(ref, "run", compile_ref(ref))  # once, here: evaluation calls it
    return ref


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.depth = 0

    def fail(self, pos: int, what: str) -> RefSyntaxError:
        return RefSyntaxError(f"{what} at column {pos + 1} of {self.text!r}")

    def name(self, pos: int) -> tuple[str, int]:
        match = _NAME.match(self.text, pos)
        if not match:
            raise self.fail(pos, "expected a name")
        return match.group(), match.end()

    def ref(self, pos: int) -> tuple[Ref, int]:
        if self.depth > MAX_NESTING:
            raise self.fail(pos, f"references nested more than {MAX_NESTING} deep")
        self.depth += 1
        try:
            return self._ref(pos)
        finally:
            self.depth -= 1

    def _ref(self, pos: int) -> tuple[Ref, int]:
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
