"""Where report data holds ids: the items' own, and the links by which items name others.

Read from the report model (the fields typed `Id`, and lists of them), so a field that
links items is known as one the moment the model has it.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from checker.model.report import Id
from checker.refs.syntax import Path
from checker.testing.rule_reads import ANY, Pattern


class IdLink(typing.NamedTuple):
    """How a field of the report holds ids."""

    identity: bool
    """The item's own id (`id`), rather than a link to another item's."""
    many: bool
    """A list of ids."""
    optional: bool


def id_fields(model: type[BaseModel], path: Pattern = ()) -> dict[Pattern, IdLink]:
    """Where the report model holds ids: the items' own and the links between them."""
    found: dict[Pattern, IdLink] = {}
    for name, info in model.model_fields.items():
        here = (*path, info.alias or name)
        kind = _id_kind(info.annotation, info.metadata)
        if kind is not None:
            found[here] = IdLink(name == "id", kind == "many", not info.is_required())
        for nested, depth in _models_in(info.annotation):
            found.update(id_fields(nested, (*here, *(ANY,) * depth)))
    return found


_ID = Id.__metadata__[0]  # type: ignore[attr-defined]


def _id_kind(annotation: Any, metadata: list[Any]) -> str | None:
    """ "one" for a field holding an id, "many" for a list of ids, else None."""
    if _ID in metadata or _ID in getattr(annotation, "__metadata__", ()):
        return "one"
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is list:
        return "many" if args and _id_kind(args[0], []) == "one" else None
    for arg in args:  # an optional field: Id | None, list[Id] | None
        kind = _id_kind(arg, [])
        if kind is not None:
            return kind
    return None


def _models_in(annotation: Any, depth: int = 0) -> Iterator[tuple[type[BaseModel], int]]:
    """The models a field holds, and how many keys or indexes deeper each sits."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, depth
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, dict):
        yield from _models_in(args[-1], depth + 1)
    else:
        for arg in args:
            yield from _models_in(arg, depth)


def matches(pattern: Pattern, path: Path) -> bool:
    """Whether `path` is one of the places `pattern` names (`ANY` for every key)."""
    return all(p is ANY or p == part for p, part in zip(pattern, path, strict=True))


def identities(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every item's own id, with its path."""
    if isinstance(data, dict):
        if path and isinstance(path[-1], int) and isinstance(data.get("id"), str):
            yield (*path, "id"), data["id"]
        for key, value in data.items():
            yield from identities(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from identities(value, (*path, index))


def link_values(data: dict[str, Any], links: dict[Pattern, IdLink]) -> Iterator[str]:
    """The ids the report's links name."""
    for pattern, link in links.items():
        if link.identity:
            continue
        for value in _at(data, pattern):
            for one in value if isinstance(value, list) else [value]:
                if isinstance(one, str):
                    yield one


def _at(data: Any, pattern: Pattern) -> Iterator[Any]:
    if not pattern:
        yield data
        return
    head, rest = pattern[0], pattern[1:]
    if head is ANY:
        children = (
            data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
        )
        for child in children:
            yield from _at(child, rest)
    elif isinstance(data, dict) and head in data:
        yield from _at(data[head], rest)
