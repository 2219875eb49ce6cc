"""Reading one rule file: its `[[rule]]` tables, each validated by its kind's model.

The kind is looked up in the registry (checker.engine.kinds.KINDS) before anything else, so
an unknown kind, a misspelt parameter or a wrong type is an input error naming the file,
line and key, and only the kinds a rule set uses are ever imported.
"""

from __future__ import annotations

from typing import Any

from checker.engine.kinds import KINDS, params_model
from checker.inputs.tomlfile import InputError, InputErrors, TomlDocument, validate
from checker.model.rules import Rule

TOP_LEVEL = ("rule",)
"""The keys a rule file may have at its top level."""


def read_rules(document: TomlDocument) -> tuple[list[tuple[int, Rule]], list[InputError]]:
    """The valid rules of a rule file with their index among its `[[rule]]` tables, and an
    error for each problem (every rule is read, so one run reports them all)."""
    errors = [
        document.error((key,), "unknown key (not part of the format)")
        for key in document.data
        if key not in TOP_LEVEL
    ]
    tables = document.data.get("rule", [])
    if not isinstance(tables, list):
        return [], [*errors, document.error(("rule",), "rules are written as [[rule]] tables")]
    rules: list[tuple[int, Rule]] = []
    for index, table in enumerate(tables):
        try:
            rules.append((index, _rule(document, index, table)))
        except InputError as error:
            errors.append(error)
        except InputErrors as many:
            errors.extend(many.errors)
    return rules, errors


def _rule(document: TomlDocument, index: int, table: Any) -> Rule:
    at = ("rule", index)
    if not isinstance(table, dict):
        raise document.error(at, "a rule is a table ([[rule]])")
    kind = table.get("kind")
    if kind is None:
        raise document.error(at, "required key 'kind' is missing")
    if not isinstance(kind, str) or kind not in KINDS:
        known = ", ".join(repr(name) for name in KINDS)
        raise document.error((*at, "kind"), f"unknown rule kind {kind!r} (known kinds: {known})")
    return validate(params_model(kind), document, at=at)
