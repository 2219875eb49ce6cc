"""Reading one rule file: its `[[rule]]` tables, each validated by its kind's model.

The kind is looked up in the registry (checker.engine.kinds.KINDS) before anything else, so
an unknown kind, a misspelt parameter or a wrong type is an input error naming the file,
line and key, and only the kinds a rule set uses are ever imported.

A rule file may name a reference or a table once and use it in any of its rules:

    [refs]
    carried_from = "scheme.earlier[year={item.carried_over.year}]"

    [tables.evidence_sections]
    afis = ["{item.question}"]

    [[rule]]
    inspection = "$carried_from"
    then = [{ ref = "report.questions.{$carried_from.carried_as.{key}}.grade", present = true }]
    sections = "$evidence_sections"

In a rule's parameters, `$name` stands for the text of the reference `[refs]` names, wherever
it appears in a string; a string that is `$name` alone, naming a `[tables]` entry, stands for
that table. `$$` is a dollar sign. A name may use the names above it. Names are expanded here,
before validation, so references are parsed, type-checked and run as if written out: the
engine never sees a name. The keys that hold prose or report data (id, name, kind, title,
message, docs, examples) are never expanded.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from checker.engine.kinds import KINDS, params_model
from checker.inputs.tomlfile import InputError, InputErrors, TomlDocument, validate
from checker.model.rules import Rule
from checker.refs.syntax import Path, RefSyntaxError, parse

TOP_LEVEL = ("rule", "refs", "tables")
"""The keys a rule file may have at its top level."""
UNEXPANDED = frozenset({"id", "name", "kind", "title", "message", "docs", "examples"})
"""Rule keys holding prose or report data, where `$` is only a dollar sign."""

_USE = re.compile(r"\$(\$|[A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FAILED: Any = object()
"""What a value expands to when it uses a name that cannot be expanded (already reported)."""


@dataclass(frozen=True)
class RuleFile:
    """A rule file as read. `document` has every name expanded in its data; its text, and so
    every position, is the file as written. `rules` are the valid rules, each with its index
    among the `[[rule]]` tables; `errors` every problem (every rule is read, so one run
    reports them all)."""

    document: TomlDocument
    rules: list[tuple[int, Rule]]
    errors: list[InputError]


def read_rules(document: TomlDocument) -> RuleFile:
    errors = [
        document.error((key,), "unknown key (not part of the format)")
        for key in document.data
        if key not in TOP_LEVEL
    ]
    tables = document.data.get("rule", [])
    if not isinstance(tables, list):
        errors.append(document.error(("rule",), "rules are written as [[rule]] tables"))
        return RuleFile(document, [], errors)
    names = _Names(document)
    expanded = [names.rule(table, ("rule", index)) for index, table in enumerate(tables)]
    errors.extend(names.errors)
    # A rule using a name that cannot be expanded is not validated (its error is reported).
    failed = {index for index, table in enumerate(expanded) if table is _FAILED}
    expanded = [tables[i] if i in failed else table for i, table in enumerate(expanded)]
    document = TomlDocument(document.file, document.text, {**document.data, "rule": expanded})
    rules: list[tuple[int, Rule]] = []
    for index, table in enumerate(expanded):
        if index in failed:
            continue
        try:
            rules.append((index, _rule(document, index, table)))
        except InputError as error:
            errors.append(error)
        except InputErrors as many:
            errors.extend(many.errors)
    return RuleFile(document, rules, errors)


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


class _Names:
    """The `[refs]` and `[tables]` of one rule file, expanded; errors at the key of each
    problem: a malformed name at its definition, an unknown one where it is used."""

    def __init__(self, document: TomlDocument) -> None:
        self.document = document
        self.errors: list[InputError] = []
        self.refs: dict[str, str] = {}
        self.tables: dict[str, Any] = {}
        self.broken: set[str] = set()
        """Names whose definition has an error: their uses are not reported again."""
        for part in ("refs", "tables"):
            given = document.data.get(part, {})
            if isinstance(given, dict):
                for name, value in given.items():
                    self._define(part, name, value)
            else:
                self.fail((part,), f"[{part}] is a table: name = value")

    def fail(self, path: Path, message: str) -> Any:
        self.errors.append(self.document.error(path, message))
        return _FAILED

    def _define(self, part: str, name: str, value: Any) -> None:
        path = (part, name)
        self.broken.add(name)  # until it is defined
        if not _NAME.fullmatch(name):
            self.fail(path, "a name is letters, digits and underscores, not starting with a digit")
        elif part == "tables" and name in _keys(self.document.data.get("refs")):
            self.fail(path, f"{name!r} already names a reference in [refs]")
        elif part == "refs" and not isinstance(value, str):
            self.fail(path, "a named reference is a string")
        elif part == "tables" and not isinstance(value, dict):
            self.fail(path, "a named table is a table: [tables.NAME]")
        elif (expanded := self.expand(value, path)) is not _FAILED:
            if part == "tables":
                self.tables[name] = expanded
            else:
                try:
                    parse(expanded)
                except RefSyntaxError as error:
                    self.fail(path, f"not a reference: {error}")
                    return
                self.refs[name] = expanded
            self.broken.discard(name)

    def rule(self, table: Any, path: Path) -> Any:
        """A `[[rule]]` table with its parameters expanded (_FAILED if a name is unknown)."""
        if not isinstance(table, dict):
            return table  # validation says what is wrong
        expanded = {
            key: value if key in UNEXPANDED else self.expand(value, (*path, key))
            for key, value in table.items()
        }
        return _FAILED if _FAILED in expanded.values() else expanded

    def expand(self, value: Any, path: Path) -> Any:
        if isinstance(value, str):
            return self.string(value, path)
        if isinstance(value, dict):
            table = {key: self.expand(item, (*path, key)) for key, item in value.items()}
            return _FAILED if _FAILED in table.values() else table
        if isinstance(value, list):
            array = [self.expand(item, (*path, index)) for index, item in enumerate(value)]
            return _FAILED if _FAILED in array else array
        return value

    def string(self, text: str, path: Path) -> Any:
        whole = _USE.fullmatch(text)
        if whole and whole.group(1) in self.tables:
            return copy.deepcopy(self.tables[whole.group(1)])
        failed = False

        def substitute(use: re.Match[str]) -> str:
            nonlocal failed
            name = use.group(1)
            if name in self.refs or name == "$":
                return self.refs.get(name, "$")
            failed = True
            if name not in self.broken:
                self.fail(path, self._unknown(name, path, alone=whole is not None))
            return use.group(0)

        expanded = _USE.sub(substitute, text)
        return _FAILED if failed else expanded

    def _unknown(self, name: str, path: Path, alone: bool) -> str:
        data = self.document.data
        if name in _keys(data.get("tables")):
            if path[0] == "refs":
                return f"${name} names a table; a reference cannot use a table"
            if name in self.tables:
                return f'${name} names a table, which is used as a whole value: "${name}"'
        if name in [*_keys(data.get("refs")), *_keys(data.get("tables"))]:
            return f"${name} is named below; a name may use only the names above it"
        refs = ", ".join(f"${ref}" for ref in self.refs) or "none"
        if not alone:
            return f"unknown reference name ${name} (this file's [refs]: {refs})"
        tables = ", ".join(f"${table}" for table in self.tables) or "none"
        return f"unknown name ${name} (this file's [refs]: {refs}; [tables]: {tables})"


def _keys(table: Any) -> list[str]:
    return list(table) if isinstance(table, dict) else []
