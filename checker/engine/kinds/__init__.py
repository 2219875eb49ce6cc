"""Rule kinds: each a module here defining `Params` (its rule model) and `check`.

`KINDS` is the one list of them: the engine's registry, the models rule files are validated
against and the README's kind table all derive from it. A kind's module is imported the
first time a rule of that kind loads, so a run pays only for the kinds its rules use.

A kind's `check(rule, scope, context)` receives one item's scope and the report's context
and yields Violations: where the problem is and the values for the message. The engine
stamps rule metadata, fills in the message and turns paths into file positions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache
from types import ModuleType
from typing import Any

from checker.model.rules import Rule

KINDS: dict[str, str] = {
    "implies": "checker.engine.kinds.implies",
    "range": "checker.engine.kinds.range",
    "link": "checker.engine.kinds.link",
    "unique": "checker.engine.kinds.unique",
    "claims": "checker.engine.kinds.claims",
    "evidence": "checker.engine.kinds.evidence",
    "earlier": "checker.engine.kinds.earlier",
    "latest": "checker.engine.kinds.latest",
    "not_in_earlier": "checker.engine.kinds.not_in_earlier",
    "in_earlier": "checker.engine.kinds.in_earlier",
    "earlier_reports": "checker.engine.kinds.earlier_reports",
}
"""Kind name, as rule files write it -> the module that defines it."""

KindCheck = Callable[[Any, Any, Any], Iterator[Any]]


@cache
def _module(module_name: str) -> ModuleType:
    return importlib.import_module(module_name)


def kind_module(kind: str) -> ModuleType:
    """The module of a registered kind; KeyError for a name not in KINDS."""
    return _module(KINDS[kind])


def params_model(kind: str) -> type[Rule]:
    model: type[Rule] = kind_module(kind).Params
    return model


def check_function(kind: str) -> KindCheck:
    function: KindCheck = kind_module(kind).check
    return function
