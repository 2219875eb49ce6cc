"""Edits to report data, as the mutation search makes them (checker.testing.mutation): one
value written, replaced or removed at one place, and which place of the report that changes.
"""

from __future__ import annotations

import copy
from typing import Any

from checker.refs.syntax import Path
from checker.testing.paths import value_at

DELETE = object()
"""Candidate meaning: remove the key, or the array element."""


def changed_place(data: dict[str, Any], path: Path, value: Any) -> Path:
    """Where an edit changes the report: its path, or the whole array when elements move
    (one removed, or one added at the end)."""
    if path and isinstance(path[-1], int):
        array = value_at(data, path[:-1])
        if value is DELETE or (isinstance(array, list) and path[-1] >= len(array)):
            return path[:-1]
    return path


def apply_edit(data: dict[str, Any], path: Path, value: Any) -> dict[str, Any] | None:
    """`data` with `value` at `path` (DELETE removes it); None if `path` cannot be.

    Only the tables and arrays along the path are copied; the rest is shared with `data`,
    which is never changed. Searches try thousands of edits, so this matters.
    """
    result = copy.copy(data)
    parent: Any = result
    for part in path[:-1]:
        try:
            child = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
        if not isinstance(child, dict | list):
            return None
        parent[part] = child = copy.copy(child)
        parent = child
    last = path[-1]
    try:
        if value is DELETE:
            del parent[last]
        elif isinstance(parent, list) and isinstance(last, int) and last == len(parent):
            parent.append(_copied(value))
        else:
            parent[last] = _copied(value)
    except (KeyError, IndexError, TypeError):
        return None
    return result


def _copied(value: Any) -> Any:
    # Most candidates are strings, numbers and flags: copy only what can be shared.
    return copy.deepcopy(value) if isinstance(value, dict | list) else value
