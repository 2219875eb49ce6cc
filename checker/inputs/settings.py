"""Settings in `[tool.gradecheck]` of pyproject.toml, and the project's root folder.

    [tool.gradecheck]
    rules = "rules"                        # the folder of rule sets (--rules)
    reports = ["reports"]                  # what `check` checks when given no path
    select = ["PEEL"]                      # --select: ids, id prefixes or names
    ignore = ["PEEL208"]                   # --ignore
    fail-on = "error"                      # --fail-on
    waivers = "waivers.toml"               # --waivers
    baseline = "gradecheck-baseline.json"  # --baseline
    format = "text"                        # --format

The root is found as ruff and mypy find their settings: from the working folder upward, the
first folder holding a pyproject.toml with a `[tool.gradecheck]` table, else a `rules` folder
with a rule set in it (`rules/<scheme>/scheme.toml`). The search stops at the top of the
repository (the first folder holding `.git`). Paths in the settings are relative to the root.
A malformed setting is an InputError naming pyproject.toml, the line and the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.tomlfile import InputError, TomlDocument, parse_toml, read_utf8
from checker.output.escape import shown

FILE = "pyproject.toml"
TABLE = ("tool", "gradecheck")
PATH_KEYS = ("rules", "waivers", "baseline")
"""Settings holding one path."""
LIST_KEYS = ("reports", "select", "ignore")
"""Settings holding a list of strings (paths, or rule codes)."""
CHOICE_KEYS = ("fail-on", "format")
"""Settings holding one of a few words (the command line's choices)."""
KEYS = (*PATH_KEYS, *LIST_KEYS, *CHOICE_KEYS)


@dataclass(frozen=True)
class Project:
    """Where gradecheck runs from, and what its pyproject.toml says."""

    root: FsPath
    """The project's root folder (absolute); the working folder when none was found."""
    document: TomlDocument | None = None
    """The pyproject.toml holding the settings, if any."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """The settings given, checked: paths as given, lists of strings, words."""

    def path(self, key: str) -> FsPath | None:
        """A path setting relative to the root; None when not set."""
        value = self.values.get(key)
        return None if value is None else FsPath(value)

    def error(self, key: str, message: str, *at: str | int) -> InputError:
        """An input error at a setting (or the item `at` of it) in pyproject.toml."""
        assert self.document is not None
        return self.document.error((*TABLE, key, *at), message)


def find_project(start: FsPath, choices: Mapping[str, Iterable[str]]) -> Project:
    """The project `start` (an absolute folder) lies in: see the module's docs. `choices`
    names the words each of CHOICE_KEYS may hold."""
    for folder in (start, *start.parents):
        settings = folder / FILE
        if settings.is_file():
            document = _read(settings, _as_given(settings, start))
            table = _table(document)
            if table is not None:
                return Project(folder, document, _checked(document, table, choices))
        if any((folder / "rules").glob("*/scheme.toml")):
            return Project(folder)
        if (folder / ".git").exists():
            break
    return Project(start)


def _as_given(path: FsPath, start: FsPath) -> str:
    """`path` relative to `start` (`../../pyproject.toml`), as messages should name it."""
    try:
        return path.relative_to(start).as_posix()
    except ValueError:
        parts = len(start.parts) - len(path.parent.parts)
        return FsPath(*[".."] * parts, path.name).as_posix()


def _read(path: FsPath, name: str) -> TomlDocument:
    """The TOML file at `path` (absolute), named `name` in messages."""
    try:
        return parse_toml(read_utf8(path)[1], name)
    except InputError as error:
        raise InputError(name, error.line, error.column, error.key, error.message) from None


def _table(document: TomlDocument) -> dict[str, Any] | None:
    tool = document.data.get("tool")
    if not isinstance(tool, dict) or TABLE[1] not in tool:
        return None
    table = tool[TABLE[1]]
    if not isinstance(table, dict):
        raise document.error(TABLE, f"must be a table, got {_kind(table)}")
    return table


def _checked(
    document: TomlDocument, table: dict[str, Any], choices: Mapping[str, Iterable[str]]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            near = get_close_matches(key.replace("_", "-"), KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            known = ", ".join(KEYS)
            raise document.error((*TABLE, key), f"unknown setting{hint}; known: {known}")
        values[key] = _value(document, key, value, tuple(choices.get(key, ())))
    return values


def _value(document: TomlDocument, key: str, value: Any, choices: tuple[str, ...]) -> Any:
    def fail(message: str, *at: str | int) -> InputError:
        return document.error((*TABLE, key, *at), message)

    if key in LIST_KEYS:
        if not isinstance(value, list):
            raise fail(f"must be an array of strings, got {_kind(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise fail(f"must be a non-empty string, got {_kind(item)}", index)
            if "\0" in item:
                raise fail("cannot hold a NUL character", index)
        return list(value)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"must be a non-empty string, got {_kind(value)}")
    if key in CHOICE_KEYS and value not in choices:
        raise fail(f"must be one of {', '.join(choices)}, got {shown(value)}")
    if "\0" in value:
        raise fail("cannot hold a NUL character")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str) and not value.strip():
        return "an empty string"
    return shown(value)
