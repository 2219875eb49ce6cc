"""Compiling a reference into a function of the scope, once, when its rule loads.

A compiled reference walks the document with one closure per segment, chosen when it is
compiled, instead of interpreting segment objects on every call. Two things are computed
once per check of a report and kept in the scope's memo:

- a reference that does not depend on the item (its root is `report` or `scheme` and nothing
  inside it reads `item` or `key`) has the same hits for every item: evaluated once per
  report (and scheme), however many items and rules ask;
- a list or table filtered by a field (`report.scope[question={key}]`) is indexed by that
  field's values the first time, so each later filter is a dictionary lookup.

Results are shared through the memo: callers must not change the lists they get.

In a `partial` report an absent value is unknown, not missing. A compiled reference given a
`gaps` list notes there every place where a completion of the report could add hits: a key
absent from a table of the report, a collection of the report (which may hold more items than
were encoded). No gaps means the hits are all there are, in every completion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.refs.syntax import Filter, KeyOf, KeysFrom, Name, Ref, Segment, Star, Test

Gaps = list[Any] | None
"""Where a completion could add hits (paths), collected when a list is given; None: not asked."""
Run = Callable[[Any, Gaps], list[Any]]
"""A compiled reference: (scope, gaps) -> hits (checker.refs.evaluate.Hit)."""
Step = Callable[[list[Any], Any, Gaps], list[Any]]
"""One segment: the hits so far, the scope and the gaps -> the hits after it."""

_MISSING = object()


def compile_ref(ref: Ref) -> Run:
    from checker.refs.evaluate import Hit

    if ref.root == "key":

        def key(scope: Any, gaps: Gaps = None) -> list[Any]:
            path = scope.item_path
            return [Hit(scope.item_root, path, path[-1])] if path else []

        return key
    steps = _steps(ref.segments)
    root = ref.root

    def run(scope: Any, gaps: Gaps = None) -> list[Any]:
        if root == "item":
            hits = [Hit(scope.item_root, scope.item_path, scope.item)]
        else:
            hits = [Hit(root, (), scope.report if root == "report" else scope.scheme)]
        for step in steps:
            if not hits:
                break
            hits = step(hits, scope, gaps)
        return hits

    if depends_on_item(ref):
        return run
    return _memoised(run, per_report=root == "report" or _reads_report(ref))


def depends_on_item(ref: Ref) -> bool:
    """Whether the hits can differ between items: the reference reads `item` or `key`."""
    return ref.root in ("item", "key") or any(depends_on_item(inner) for inner in _inner_refs(ref))


def _reads_report(ref: Ref) -> bool:
    return ref.root == "report" or any(_reads_report(inner) for inner in _inner_refs(ref))


def _inner_refs(ref: Ref) -> list[Ref]:
    inner = []
    for segment in ref.segments:
        if isinstance(segment, KeysFrom):
            inner.append(segment.ref)
        elif isinstance(segment, Filter):
            inner += [test.ref for test in segment.tests if test.ref is not None]
    return inner


def _memoised(run: Run, *, per_report: bool) -> Run:
    token = object()  # this reference's own key in the memo

    def memoised(scope: Any, gaps: Gaps = None) -> list[Any]:
        memo = scope.memo
        if memo is None:
            return run(scope, gaps)
        key = (token, id(scope.report) if per_report else None, id(scope.scheme), gaps is None)
        found = memo.get(key)
        if found is None:
            mine: Gaps = None if gaps is None else []
            found = memo[key] = (run(scope, mine), mine)
        if gaps is not None:
            gaps += found[1]
        return found[0]  # type: ignore[no-any-return]

    return memoised


def _steps(segments: tuple[Segment, ...]) -> list[Step]:
    """One step per segment, except that a run of names is one step (one hit at its end,
    none in between: most references are mostly names)."""
    steps: list[Step] = []
    names: list[str] = []
    for segment in segments:
        if isinstance(segment, Name):
            names.append(segment.name)
            continue
        if names:
            steps.append(_names(tuple(names)))
            names = []
        steps.append(_segment(segment))
    if names:
        steps.append(_names(tuple(names)))
    return steps


def _segment(segment: Segment) -> Step:
    if isinstance(segment, Star):
        return _star
    if isinstance(segment, KeyOf):
        return _key_of
    if isinstance(segment, KeysFrom):
        return _keys_from(compile_ref(segment.ref))
    assert isinstance(segment, Filter)
    return _filter(segment.tests)


def _names(names: tuple[str, ...]) -> Step:
    """Field after field (or array index, for a name of digits); a hit only at the end."""
    from checker.refs.evaluate import Hit

    walk = tuple((name, int(name) if name.isdigit() else None) for name in names)

    def step(hits: list[Any], scope: Any, gaps: Gaps) -> list[Any]:
        out = []
        for root, path, value in hits:
            keys: list[Any] = []
            for name, index in walk:
                if isinstance(value, dict):
                    if name not in value:
                        break
                    value = value[name]
                    keys.append(name)
                elif index is not None and isinstance(value, list | tuple) and index < len(value):
                    value = value[index]
                    keys.append(index)
                else:
                    break
            else:
                out.append(Hit(root, (*path, *keys), value))
                continue
            if gaps is not None and root == "report":
                gaps.append((*path, *keys))  # absent here; a completion may hold it
        return out

    return step


def _star(hits: list[Any], scope: Any, gaps: Gaps) -> list[Any]:
    from checker.refs.evaluate import Hit

    out = []
    for root, path, value in hits:
        _open(root, path, gaps)
        if isinstance(value, dict):
            out += [Hit(root, (*path, key), child) for key, child in value.items()]
        elif isinstance(value, list | tuple):
            out += [Hit(root, (*path, index), child) for index, child in enumerate(value)]
    return out


def _key_of(hits: list[Any], scope: Any, gaps: Gaps) -> list[Any]:
    from checker.refs.evaluate import Hit

    return [Hit(root, path, path[-1]) for root, path, _ in hits if path]


def _keys_from(inner: Run) -> Step:
    from checker.refs.evaluate import Hit

    def step(hits: list[Any], scope: Any, gaps: Gaps) -> list[Any]:
        keys = [hit.value for hit in inner(scope, gaps)]
        out = []
        for root, path, value in hits:
            for key in keys:
                if isinstance(value, dict):
                    if isinstance(key, str) and key in value:
                        out.append(Hit(root, (*path, key), value[key]))
                        continue
                elif isinstance(value, list | tuple):
                    index = int(key) if isinstance(key, str) and key.isdigit() else key
                    if isinstance(index, int) and 0 <= index < len(value):
                        out.append(Hit(root, (*path, index), value[index]))
                        continue
                if gaps is not None and root == "report":
                    gaps.append((*path, key))
        return out

    return step


def _filter(tests: tuple[Test, ...]) -> Step:
    from checker.refs.evaluate import Hit

    wanted_of = [(test, compile_ref(test.ref) if test.ref is not None else None) for test in tests]
    # The first test that keeps only equal values can be answered from an index.
    indexed = next((n for n, test in enumerate(tests) if not test.negate), None)

    def step(hits: list[Any], scope: Any, gaps: Gaps) -> list[Any]:
        wanted = [
            (test, [h.value for h in run(scope, gaps)] if run is not None else [test.literal])
            for test, run in wanted_of
        ]
        out = []
        for root, path, value in hits:
            _open(root, path, gaps)
            if isinstance(value, dict):
                pairs: Any = value.items()
            elif isinstance(value, list | tuple):
                pairs = enumerate(value)
            else:
                continue
            if indexed is not None and scope.memo is not None:
                found = _lookup(value, wanted[indexed], scope.memo)
                if found is not None:
                    pairs = found
            for key, child in pairs:
                # Test before building a Hit: filters reject most children.
                if all(_passes(test, allowed, child) for test, allowed in wanted):
                    out.append(Hit(root, (*path, key), child))
        return out

    return step


def _open(root: str, path: Any, gaps: Gaps) -> None:
    """A collection of the report: a completion may hold more children than these."""
    if gaps is not None and root == "report":
        gaps.append((*path, "*"))


def _lookup(
    container: Any, test_and_wanted: tuple[Test, list[Any]], memo: dict[Any, Any]
) -> list[tuple[Any, Any]] | None:
    """The (key, child) pairs of `container` whose field may equal a wanted value, in
    document order, from an index built once per container and field; None when the values
    cannot be indexed (unhashable), and every child must then be tested."""
    test, wanted = test_and_wanted
    key = ("index", id(container), test.field_path)
    index = memo.get(key, _MISSING)
    if index is _MISSING:
        index = memo[key] = _index(container, test.field_path)
    if index is None:
        return None
    try:
        positions = sorted({p for value in wanted for p in index.get(value, ())})
    except TypeError:
        return None
    pairs = list(container.items()) if isinstance(container, dict) else list(enumerate(container))
    return [pairs[p] for p in positions]


def _index(container: Any, field_path: tuple[str, ...]) -> dict[Any, list[int]] | None:
    children = container.values() if isinstance(container, dict) else container
    index: dict[Any, list[int]] = {}
    try:
        for position, child in enumerate(children):
            found = _dig(child, field_path)
            if found is not _MISSING:
                index.setdefault(found, []).append(position)
    except TypeError:
        return None  # an unhashable value: this container is scanned instead
    return index


def _passes(test: Test, wanted: list[Any], value: Any) -> bool:
    found = _dig(value, test.field_path)
    return (found is not _MISSING and found in wanted) != test.negate


def _dig(value: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if not isinstance(value, dict) or name not in value:
            return _MISSING
        value = value[name]
    return value
