"""Reading a value of report data by its path (keys and array indexes from the top)."""

from __future__ import annotations

from typing import Any

from checker.refs.syntax import Path


def value_at(data: Any, path: Path, missing: Any = None) -> Any:
    """The value at `path` in `data`, or `missing` where nothing is there."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return missing
    return data
