"""Where a value of a JSON document is written, as 1-based (line, column).

The json module keeps no positions; to place an error about a key of a baseline file at that
key, the text (already parsed, so valid JSON) is walked a second time along one path. Loops,
not recursion: the walk goes only as deep as the path.
"""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Callable
from typing import cast

from checker.inputs.positions import line_and_column

Path = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"[^,\]}\s]+")
# json's own string scanner (typeshed does not declare it): (the string, where it ends).
_scanstring = cast(Callable[[str, int], tuple[str, int]], json.decoder.scanstring)  # type: ignore[attr-defined]


def json_position(text: str, path: Path) -> tuple[int, int]:
    """The position of the member named by `path` (its key in an object, the element in an
    array), or of the deepest of its ancestors that the document has."""
    at = _skip_space(text, 0)
    found = at
    for step in path:
        inside = _child(text, at, step)
        if inside is None:
            break
        found, at = inside
    return line_and_column(text, found)


def _child(text: str, at: int, step: str | int) -> tuple[int, int] | None:
    """(where the member is written, where its value starts) of `step` in the value at `at`."""
    if at >= len(text) or text[at] not in "[{":
        return None
    is_object, index = text[at] == "{", 0
    at = _skip_space(text, at + 1)
    while at < len(text) and text[at] not in "]}":
        member = at
        if is_object:
            key, at = _scanstring(text, at + 1)
            at = _skip_space(text, _skip_space(text, at) + 1)  # past the colon
            if key == step:
                return member, at
        elif index == step:
            return member, at
        at = _skip_space(text, _skip_value(text, at))
        if at < len(text) and text[at] == ",":
            at = _skip_space(text, at + 1)
        index += 1
    return None


def _skip_value(text: str, at: int) -> int:
    if text[at] == '"':
        return _scanstring(text, at + 1)[1]
    if text[at] not in "[{":
        match = _SCALAR.match(text, at)
        return match.end() if match else at + 1
    depth = 0
    while at < len(text):
        char = text[at]
        if char == '"':
            at = _scanstring(text, at + 1)[1]
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return at + 1
        at += 1
    return at


def _skip_space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at
