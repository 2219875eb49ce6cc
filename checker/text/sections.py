"""Splitting a normalised report text into sections by its headings.

A section starts at a line (between hard breaks) that is, apart from case, one of the names a
question, a pillar or an extra section goes by; it runs to the next such line. Tables garbled
by extraction put question names on lines of their own too: those make short sections, which
is harmless (a claim or quote found there still lies under the right question).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from checker.text.normalise import fold

_LINE = re.compile(r"[^\n]+")
_SPACES = re.compile(r"\s+")


def heading_key(text: str) -> str:
    """How a heading is compared: folded characters, one space, no case, no final colon."""
    return _SPACES.sub(" ", fold(text)).strip().rstrip(":").casefold()


@dataclass(frozen=True)
class Sections:
    starts: tuple[int, ...]
    keys: tuple[str, ...]
    length: int

    def at(self, offset: int) -> str | None:
        """The section an offset of the normalised text lies in (None before the first)."""
        index = bisect_right(self.starts, offset) - 1
        return self.keys[index] if index >= 0 else None

    def spans(self, key: str) -> list[tuple[int, int]]:
        ends = (*self.starts[1:], self.length)
        return [(s, e) for s, e, k in zip(self.starts, ends, self.keys, strict=True) if k == key]


def split(text: str, names: Mapping[str, str]) -> Sections:
    """Sections of `text`; `names` maps heading_key(name) to a section key."""
    starts: list[int] = []
    keys: list[str] = []
    for line in _LINE.finditer(text):
        key = names.get(heading_key(line.group()))
        if key is not None:
            starts.append(line.start())
            keys.append(key)
    return Sections(tuple(starts), tuple(keys), len(text))


def section_names(groups: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """heading_key(name) -> key for (key, names) pairs; the first key to claim a name keeps it."""
    found: dict[str, str] = {}
    for key, names in groups:
        for name in names:
            found.setdefault(heading_key(name), key)
    return found
