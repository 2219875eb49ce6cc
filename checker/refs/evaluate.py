"""Evaluating references: the hits (path and value) a reference reaches in a scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from checker.model.report import ALWAYS_KNOWN
from checker.refs.syntax import (
    KeysFrom,
    Name,
    Path,
    PathPart,
    Ref,
)


class Hit(NamedTuple):
    """A value a reference reached, and where: a tuple, because millions are made per run."""

    root: str
    path: Path
    value: Any


@dataclass(frozen=True)
class Scope:
    """What a reference is evaluated against: the documents and the current item."""

    report: Mapping[str, Any]
    scheme: Mapping[str, Any]
    item: Any = None
    item_root: str = "report"
    item_path: Path = ()
    memo: dict[Any, Any] | None = None
    """Results that do not change within one check of one report (references that do not
    depend on the item, indexes of filtered lists), shared by every scope of that check;
    None for no memo. Keys hold the id of the documents they were computed from."""

    @property
    def partial(self) -> bool:
        """Whether the report is encoded in part: what it leaves out is unknown."""
        return self.report.get("partial") is True

    @property
    def key(self) -> PathPart | None:
        return self.item_path[-1] if self.item_path else None

    def at(self, hit: Hit) -> Scope:
        return Scope(self.report, self.scheme, hit.value, hit.root, hit.path, self.memo)

    def with_report(self, report: Mapping[str, Any]) -> Scope:
        """The same item and scheme, with `report` rebound (to an earlier report)."""
        return Scope(report, self.scheme, self.item, self.item_root, self.item_path, self.memo)


def evaluate(ref: Ref, scope: Scope) -> list[Hit]:
    """Every hit of `ref` in `scope`, in document order (a shared list: do not change it)."""
    hits: list[Hit] = _run(ref)(scope, None)
    return hits


def known(ref: Ref, scope: Scope) -> tuple[list[Hit], bool]:
    """The hits of `ref` and whether they are all there are: false when the report is
    `partial` and a completion of it could add hits (a key it leaves out, a collection that
    may hold more items). In a complete report always true."""
    if not scope.partial:
        return evaluate(ref, scope), True
    gaps: list[Any] = []
    hits: list[Hit] = _run(ref)(scope, gaps)
    return hits, all(gap and gap[0] in ALWAYS_KNOWN for gap in gaps)


def _run(ref: Ref) -> Any:
    run = ref.run
    if run is None:  # built by hand rather than parsed
        from checker.refs.compile import compile_ref

        run = compile_ref(ref)
        object.__setattr__(ref, "run", run)
    return run


def values(ref: Ref, scope: Scope) -> list[Any]:
    return [hit.value for hit in evaluate(ref, scope)]


def anchor(ref: Ref, scope: Scope) -> tuple[str, Path]:
    """Where a value of `ref` is, or would be written: the longest concrete path it names.

    Used to place a finding about something missing, e.g. `item.last_inspected` on a question
    that has none points at `/questions/armed_response/last_inspected`.
    """
    if ref.root in ("item", "key"):
        root, path = scope.item_root, scope.item_path
    else:
        root, path = ref.root, ()
    for segment in ref.segments:
        if isinstance(segment, Name):
            path = (*path, int(segment.name) if segment.name.isdigit() else segment.name)
        elif isinstance(segment, KeysFrom):
            keys = values(segment.ref, scope)
            if len(keys) != 1:
                break
            path = (*path, keys[0])
        else:
            break
    return root, path
