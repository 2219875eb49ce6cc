"""Strategies for partial reports (needs the `test` extra).

    forgotten(data)                  (partial report, path map): some facts of `data` forgotten
    completions(rule_set, partial)   complete reports that keep every fact of `partial`

They guard the engine's rule for partial reports, that a finding on a partial report holds
for every way of completing it:

- (i) forgetting never creates a finding: a partial report made by forgetting facts of a
  complete one has no error or warning the complete one lacks at the same place;
- (j) soundness: every error on a partial report fires on each of its completions.

What can be forgotten is derived from the report model, never from particular rules: a table
entry (a question, a pillar), a list item (an area for improvement, a scope row) or an
optional field of either. What says how the report was encoded (force, scheme, year,
publication, ...) is always known and never forgotten. Forgetting a list item renumbers the
items after it, so `forgotten` also returns how each path of the partial report maps back.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from checker.inputs.ruleset import RuleSet
from checker.model.report import ALWAYS_KNOWN, Report
from checker.refs.syntax import Path
from checker.testing.paths import value_at

__all__ = ["completions", "forgettable", "forgotten"]

PathMap = Callable[[str], str]
"""A JSON pointer of the partial report -> the same place in the complete report."""


def forgettable(data: dict[str, Any]) -> list[Path]:
    """Every place of `data` that a partial report may leave out, outermost first."""
    return [
        path
        for key, value in data.items()
        if key not in ALWAYS_KNOWN and key in Report.model_fields
        for path in _places(value, Report.model_fields[key].annotation, (key,))
    ]


def _places(value: Any, annotation: Any, path: Path) -> Iterator[Path]:
    model = _model(annotation)
    if isinstance(value, dict) and model is None:  # a table of entries: pillars, questions
        entry = _model(typing.get_args(_strip(annotation))[-1])
        for key, item in value.items():
            yield (*path, key)
            yield from _fields(item, entry, (*path, key))
    elif isinstance(value, list):
        element = _model(typing.get_args(_strip(annotation))[0])
        for index, item in enumerate(value):
            yield (*path, index)
            yield from _fields(item, element, (*path, index))
    elif isinstance(value, dict) and model is not None:
        yield from _fields(value, model, path)


def _fields(value: Any, model: type[BaseModel] | None, path: Path) -> Iterator[Path]:
    if model is None or not isinstance(value, dict):
        return
    for name, info in model.model_fields.items():
        if name not in value:
            continue
        if not info.is_required():
            yield (*path, name)
        if isinstance(value[name], list | dict):
            yield from _places(value[name], info.annotation, (*path, name))


def _strip(annotation: Any) -> Any:
    """`X | None` -> X; Annotated[X, ...] -> X."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
            continue
        return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    found = _strip(annotation)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


@st.composite
def forgotten(draw: st.DrawFn, data: dict[str, Any]) -> tuple[dict[str, Any], PathMap]:
    """`data` with a drawn subset of its facts forgotten, marked `partial = true`, and how
    the partial report's paths map back to `data`'s (list items after a forgotten one move)."""
    places = forgettable(data)
    # Whole collections first (reports are encoded a part at a time: grades from the pages,
    # the areas for improvement later), then any other facts one by one.
    collections = sorted({str(path[0]) for path in places})
    whole = draw(st.sets(st.sampled_from(collections))) if collections else set()
    chosen = [path for path in places if len(path) == 2 and path[0] in whole]
    if places:
        chosen += draw(st.lists(st.sampled_from(places), max_size=len(places), unique=True))
    chosen = list(dict.fromkeys(chosen))
    partial = copy.deepcopy(data)
    partial["partial"] = True
    publication = partial.setdefault("publication", {"title": "Generated report"})
    publication.setdefault("url", "https://example.org/generated")
    kept: dict[Path, list[int]] = {}  # list path -> original indexes still there
    # Innermost and last first, so that an earlier deletion never moves a later target.
    for path in sorted(chosen, key=_deepest_last, reverse=True):
        parent = value_at(partial, path[:-1])
        last = path[-1]
        if parent is None:
            continue  # inside something already forgotten
        if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            indexes = kept.setdefault(path[:-1], list(range(len(parent))))
            del parent[last]
            del indexes[last]
        elif isinstance(parent, dict) and last in parent:
            del parent[last]
    return partial, _mapper(kept)


def _deepest_last(path: Path) -> tuple[int, tuple[tuple[int, int, str], ...]]:
    """Sort key: by depth, then part by part (indexes as numbers, 10 after 9)."""
    return len(path), tuple(
        (0, part, "") if isinstance(part, int) else (1, 0, part) for part in path
    )


def _mapper(kept: dict[Path, list[int]]) -> PathMap:
    def to_complete(pointer: str) -> str:
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in pointer.split("/")[1:]]
        # Map outer lists first: inner list paths are recorded in original numbering only
        # for lists whose outer items did not move (inner deletions are keyed as written).
        for end in range(len(parts)):
            index = parts[end]
            prefix = tuple(parts[:end])
            if isinstance(index, int) and prefix in kept and index < len(kept[prefix]):
                parts[end] = kept[prefix][index]
        return "".join(f"/{part}" for part in parts)

    return to_complete


@st.composite
def completions(draw: st.DrawFn, rule_set: RuleSet, partial: dict[str, Any]) -> dict[str, Any]:
    """A complete report keeping every fact of `partial`: facts it leaves out are taken from a
    report drawn from the rule set (table entries and fields filled in, list items added
    after the known ones), under fresh ids."""
    from checker.testing.strategies import reports

    variant = partial.get("variant") if rule_set.scheme.variants else None
    filler = _renamed(draw(reports(rule_set, variant=variant)), partial)
    complete = copy.deepcopy(partial)
    complete["partial"] = False
    for key, value in filler.items():
        if key in ALWAYS_KNOWN:
            continue
        if key not in complete:
            complete[key] = value
        elif isinstance(value, dict):
            for entry, fields in value.items():
                if not isinstance(fields, dict):  # a table of values (flags)
                    complete[key].setdefault(entry, fields)
                    continue
                known = complete[key].setdefault(entry, {})
                for name, item in fields.items():
                    known.setdefault(name, item)
        elif isinstance(value, list) and draw(st.booleans()):
            complete[key] = complete[key] + value  # more items than the partial report knew
    return complete


def _renamed(filler: dict[str, Any], partial: dict[str, Any]) -> dict[str, Any]:
    """`filler` with every id (and every link to one) prefixed, so none repeats an id of the
    partial report."""
    ids = {
        item["id"]
        for key in (
            "followed_up",
            "afis",
            "causes_of_concern",
            "recommendations",
            "national_recommendations",
            "hmi_concerns",
        )
        for item in filler.get(key, [])
    } | {
        rec["id"]
        for cause in filler.get("causes_of_concern", [])
        for rec in cause.get("recommendations", [])
    }

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        return f"C-{value}" if isinstance(value, str) and value in ids else value

    return typing.cast(dict[str, Any], rename(filler))
