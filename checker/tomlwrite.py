"""Writing TOML: enough for reports (tables, arrays of tables, strings, numbers, dates).

The standard library reads TOML but does not write it; a report written here reads back
with tomllib to equal data. Scalars and arrays of scalars are written as `key = value`,
tables as `[headers]`, lists of tables as `[[headers]]`, in the order given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for `data`; raises TypeError for values TOML cannot hold (None, sets)."""
    lines: list[str] = []
    _table(data, (), lines)
    return "\n".join(lines).strip("\n") + "\n"


def key(name: str) -> str:
    return name if _BARE_KEY.match(name) else string(name)


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
    """An inline value: scalars, arrays and inline tables."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, dt.date | dt.datetime | dt.time):
        return item.isoformat()
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(element) for element in item) + "]"
    if isinstance(item, Mapping):
        inner = ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"TOML cannot hold {type(item).__name__} values: {item!r}")


def _is_table_list(item: Any) -> bool:
    return isinstance(item, list) and bool(item) and all(isinstance(e, Mapping) for e in item)


def _table(data: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    # Plain values first: after a sub-table header they would belong to the sub-table.
    nested = []
    for name, item in data.items():
        if isinstance(item, Mapping) or _is_table_list(item):
            nested.append((name, item))
        else:
            lines.append(f"{key(name)} = {value(item)}")
    for name, item in nested:
        header = ".".join(key(part) for part in (*path, name))
        if isinstance(item, Mapping):
            if not any(not isinstance(v, Mapping) for v in item.values()) and item:
                _table(item, (*path, name), lines)  # only sub-tables: no empty header needed
                continue
            lines += ["", f"[{header}]"]
            _table(item, (*path, name), lines)
        else:
            for element in item:
                lines += ["", f"[[{header}]]"]
                _table(element, (*path, name), lines)
