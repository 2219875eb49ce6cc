"""`range`: a grade must lie within the spread of other grades on the scale.

Roll-up rules use it: a pillar grade against its questions' grades. `extremes` allows
anything from the lowest to the highest (widened by `tolerance` bands); `middle` allows
`tolerance` bands either side of the middle grade (both middle grades for an even count).
Labels off the scale (Ungraded) take no part.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from checker.engine.context import Context
from checker.engine.violation import Violation, unknown_at
from checker.model.rules import RefField, Rule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope, known


class Params(Rule):
    """A grade must lie within the spread of other grades on the scale.

    `mode = "extremes"`: between the lowest and highest of `values`.
    `mode = "middle"`: within `tolerance` bands of their middle grade(s).
    """

    kind: Literal["range"]
    value: RefField
    values: RefField
    mode: Literal["extremes", "middle"] = "extremes"
    tolerance: Annotated[int, Field(ge=0)] = 0
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "low", "high")


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    """In a partial report a grade left out of `values` could be any grade: a target outside
    the known band is then unknown (the missing grade might widen the band to it), and in
    `middle` mode so is any target (the middle might move)."""
    scheme = context.scheme
    found, targets_known = known(rule.value, scope)
    # The grade scale only: labels of a question's own scale (met / not met) take no part.
    targets = [(hit, _rank(scheme, hit.value)) for hit in found]
    values, values_known = known(rule.values, scope)
    ranked = sorted(
        ((rank, hit) for hit in values if (rank := _rank(scheme, hit.value)) is not None),
        key=lambda pair: pair[0],
    )
    if not targets_known or (not values_known and (rule.mode == "middle" or not ranked)):
        if targets or not targets_known:
            yield unknown_at(scope.item_root, scope.item_path)
        return
    if not ranked:
        return
    if rule.mode == "extremes":
        bounds = [ranked[0], ranked[-1]]
    else:
        bounds = [ranked[(len(ranked) - 1) // 2], ranked[len(ranked) // 2]]
    top = len(scheme.grades.scale) - 1
    low = max(bounds[0][0] - rule.tolerance, 0)
    high = min(bounds[1][0] + rule.tolerance, top)
    scale = scheme.grades.scale
    for hit, rank in targets:
        if rank is None or low <= rank <= high:
            continue
        if not values_known:
            yield unknown_at(scope.item_root, scope.item_path)
            continue
        related = tuple(dict.fromkeys((b.root, b.path) for _, b in bounds))
        yield Violation(
            hit.root,
            hit.path,
            actual=hit.value,
            expected=scale[low] if low == high else f"{scale[low]} to {scale[high]}",
            placeholders={"low": scale[low], "high": scale[high]},
            related=related,
        )


def _rank(scheme: Scheme, value: Any) -> int | None:
    return scheme.grades.rank(value) if isinstance(value, str) else None
