"""Static checks of references against the models, at rule-load time.

A rule whose reference names no field of the report or scheme model (`item.grde`) would
silently never fire; this turns it into an input error with the rule file's line and key.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel

from checker.refs.syntax import Filter, KeyOf, KeysFrom, Name, Ref, Star


class RefTypeError(ValueError):
    pass


ANY: Any = object()


def element_type(ref: Ref, roots: dict[str, Any]) -> Any:
    """The type of what `ref` yields, raising RefTypeError where a step names nothing."""
    if ref.root == "key":
        return str
    current = roots[ref.root]
    for segment in ref.segments:
        current = _step(current, segment, ref, roots)
    return current


def _strip(tp: Any) -> Any:
    """Peel Annotated[...] and `X | None` down to the type that holds the value."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(options) != 1:
                return tp
            tp = options[0]
        else:
            return tp


def _items(tp: Any) -> Any | None:
    """The type of the children of a table or array type, None for anything else."""
    origin = typing.get_origin(tp)
    if origin is dict:
        return _strip(typing.get_args(tp)[1])
    if origin in (list, tuple):
        return _strip(typing.get_args(tp)[0])
    return ANY if tp is ANY or tp is Any else None


def _field(tp: Any, name: str, ref: Ref) -> Any:
    if tp is ANY or tp is Any:
        return ANY
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for field_name, info in tp.model_fields.items():
            if name in (field_name, info.alias):
                return _strip(info.annotation)
        known = ", ".join(info.alias or f for f, info in tp.model_fields.items())
        raise RefTypeError(f"{ref}: {tp.__name__} has no field {name!r} (it has {known})")
    items = _items(tp)
    if typing.get_origin(tp) is dict and items is not None:
        return items  # a named key of a table: report.questions.investigating_crime
    if typing.get_origin(tp) in (list, tuple) and name.isdigit() and items is not None:
        return items  # an index into an array: report.scope.3
    raise RefTypeError(f"{ref}: cannot take field {name!r} of {_name(tp)}")


def _step(tp: Any, segment: Any, ref: Ref, roots: dict[str, Any]) -> Any:
    if isinstance(segment, Name):
        return _field(tp, segment.name, ref)
    if isinstance(segment, KeyOf):
        return str
    items = _items(tp)
    if items is None:
        raise RefTypeError(f"{ref}: {_name(tp)} is not a table of items or an array")
    if isinstance(segment, KeysFrom):
        element_type(segment.ref, roots)
    elif isinstance(segment, Filter):
        for test in segment.tests:
            if test.ref is not None:
                element_type(test.ref, roots)
            inner = items
            for name in test.field_path:
                inner = _field(inner, name, ref)
    else:
        assert isinstance(segment, Star)
    return items


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp)
