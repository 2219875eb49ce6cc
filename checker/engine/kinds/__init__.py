"""Rule kinds: one small function per kind, registered in KINDS.

A kind function receives its rule, the scope of one item and the scheme, and yields
Violations: where the problem is and the values for the message. The engine stamps rule
metadata, fills in the message and turns paths into file positions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from checker.engine.kinds import (
    claims,
    earlier,
    earlier_reports,
    evidence,
    implies,
    in_earlier,
    latest,
    link,
    not_in_earlier,
    range_,
    unique,
)
from checker.engine.kinds.base import Violation
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope

KindFunction = Callable[[Any, Scope, Scheme], Iterator[Violation]]

KINDS: dict[str, KindFunction] = {
    "implies": implies.check,
    "range": range_.check,
    "link": link.check,
    "unique": unique.check,
    "claims": claims.check,
    "evidence": evidence.check,
    "earlier": earlier.check,
    "earlier_reports": earlier_reports.check,
    "in_earlier": in_earlier.check,
    "latest": latest.check,
    "not_in_earlier": not_in_earlier.check,
}

__all__ = ["KINDS", "KindFunction", "Violation"]
