"""Writing TOML with comments on chosen values (for drafts a person finishes by hand).

General: strings (basic strings with escapes), booleans, integers, floats, dates and times,
arrays, inline tables, tables and arrays of tables. `comments` maps a path (keys and array
indexes from the top) to a comment written after that value's line, or above the header of
a table or array-of-tables element. Output reads back with tomllib to the same data.

A table is written inline (`carried_over = { year = "2017", pillar = "efficiency" }`) when it
holds only scalars and fits in INLINE_WIDTH characters; otherwise as a `[header]` section.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
INLINE_WIDTH = 60
"""Tables of scalars written in at most this many characters are written inline."""


def dumps(data: Mapping[str, Any], comments: Mapping[Path, str] | None = None) -> str:
    """TOML text for `data`; TypeError for values TOML cannot hold (None, sets, ...)."""
    writer = _Writer(comments or {})
    writer.table(data, (), ())
    return "\n".join(writer.lines).strip("\n") + "\n"


def key(name: str) -> str:
    return name if _BARE.fullmatch(name) else string(name)


def string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def value(item: Any) -> str:
    """An inline value: a scalar, an array or an inline table."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if math.isnan(item):
            return "nan"
        if math.isinf(item):
            return "inf" if item > 0 else "-inf"
        return repr(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, dt.datetime | dt.date | dt.time):
        return item.isoformat()
    if isinstance(item, Mapping):
        inner = ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(item, Sequence):
        return "[" + ", ".join(value(element) for element in item) + "]"
    raise TypeError(f"TOML cannot hold {type(item).__name__} values: {item!r}")


def _is_scalar(item: Any) -> bool:
    return isinstance(item, bool | int | float | str | dt.date | dt.time)


def _inline(item: Mapping[str, Any]) -> bool:
    return all(_is_scalar(v) for v in item.values()) and len(value(item)) <= INLINE_WIDTH


def _tables(item: Any) -> bool:
    """A non-empty array whose elements are all tables: written as [[header]] sections."""
    return isinstance(item, list) and bool(item) and all(isinstance(e, Mapping) for e in item)


class _Writer:
    def __init__(self, comments: Mapping[Path, str]) -> None:
        self.comments = comments
        self.lines: list[str] = []
        # Tables with a comment on a value inside are written as sections, where it fits.
        self.commented = {path[:end] for path in comments for end in range(len(path))}

    def comment(self, path: Path) -> str:
        text = self.comments.get(path)
        return "" if text is None else "  # " + " ".join(text.split())

    def table(self, data: Mapping[str, Any], path: Path, names: tuple[str, ...]) -> None:
        """Write `data` at `path`; `names` is its header (array indexes left out)."""
        # Plain values first: after a sub-table's header they would belong to it.
        nested = []
        for name, item in data.items():
            section = isinstance(item, Mapping) and (
                not _inline(item) or (*path, name) in self.commented
            )
            if section or _tables(item):
                nested.append((name, item))
            else:
                self.lines.append(f"{key(name)} = {value(item)}{self.comment((*path, name))}")
        for name, item in nested:
            inner = (*path, name)
            header = ".".join(key(part) for part in (*names, name))
            if isinstance(item, Mapping):
                self.lines += ["", f"[{header}]{self.comment(inner)}"]
                self.table(item, inner, (*names, name))
            else:
                for index, element in enumerate(item):
                    self.lines += ["", f"[[{header}]]{self.comment((*inner, index))}"]
                    self.table(element, (*inner, index), (*names, name))
