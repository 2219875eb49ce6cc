"""Loading a rule set: `rules/<scheme>/scheme.toml` plus every other `*.toml` rule file, and
the rules it inherits (`extends.toml`, see checker.inputs.extends).

Everything is checked at load time: the scheme's shape, each rule's parameters, that ids and
names are unique, that every reference names a field that exists in the models and no
question or pillar key the scheme lacks. Inherited rules are checked the same way, against
this set's scheme, and their errors name the file and line they are written at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel

from checker.inputs.extends import SCHEME_FILE, WrittenRule, missing_scheme_keys, rules_of
from checker.inputs.tomlfile import (
    InputError,
    InputErrors,
    TomlDocument,
    data_path,
    read_toml,
    validate,
)
from checker.model.report import Report
from checker.model.rules import Condition, Rule, operand_ref
from checker.model.scheme import Scheme
from checker.refs.syntax import Path, Ref
from checker.refs.typecheck import RefTypeError, element_type
from checker.text.bind import text_rule_errors
from checker.text.claimset import CLAIMS_FILE, ClaimSet, load_claims

__all__ = ["EXAMPLE_BASE", "SCHEME_FILE", "LoadedRule", "RuleSet", "load_rule_set", "references"]
EXAMPLE_BASE = FsPath("examples") / "base.toml"


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    file: str
    line: int
    origin: FsPath | None = None
    """The rule set it is written in, when inherited from another (its examples run there,
    on the reports they were written for)."""


@dataclass(frozen=True)
class RuleSet:
    folder: FsPath
    scheme: Scheme
    scheme_data: dict[str, Any]
    rules: tuple[LoadedRule, ...]
    example_base: TomlDocument | None
    claims: ClaimSet | None = None
    """The compiled claims file (claims.toml), for the rules that read the report's text."""

    @property
    def id(self) -> str:
        return self.scheme.id

    def find(self, id_or_name: str) -> LoadedRule | None:
        for loaded in self.rules:
            if id_or_name in (loaded.rule.id, loaded.rule.name):
                return loaded
        return None


def load_rule_set(folder: FsPath) -> RuleSet:
    scheme_document = read_toml(folder / SCHEME_FILE)
    scheme = validate(Scheme, scheme_document)
    written, errors = rules_of(folder)
    for one in written:
        errors.extend(_reference_errors(one, scheme))
    errors.extend(_repeats(written))
    claims = load_claims(folder / CLAIMS_FILE, scheme) if (folder / CLAIMS_FILE).exists() else None
    text_rules = [(one.rule, one.document, one.index) for one in written]
    errors.extend(text_rule_errors(text_rules, claims, scheme=scheme, folder=folder))
    if errors:
        raise InputErrors(errors)
    base = None
    if (folder / EXAMPLE_BASE).exists():
        base = read_toml(folder / EXAMPLE_BASE)
        validate(Report, base, context={"scheme": scheme})
    # Rules see the scheme with its defaults filled in (`graded = true` need not be written).
    scheme_data = scheme.model_dump(mode="python", by_alias=True)
    rules = tuple(
        LoadedRule(
            one.rule,
            one.document.file,
            one.line,
            None if one.folder.resolve() == folder.resolve() else one.folder,
        )
        for one in written
    )
    return RuleSet(folder, scheme, scheme_data, rules, base, claims)


def _repeats(written: list[WrittenRule]) -> Iterator[InputError]:
    """An error at each id or name a rule of the set already has (inherited ones included)."""
    seen: dict[str, str] = {}
    for one in written:
        for field, value in (("id", one.rule.id), ("name", one.rule.name)):
            path = ("rule", one.index, field)
            if value in seen:
                message = f"{field} {value!r} is already used at {seen[value]}"
                yield one.document.error(path, message)
            line = one.document.positions().locate(path)[0]
            seen.setdefault(value, f"{one.document.file}:{line}")


def _reference_errors(written: WrittenRule, scheme: Scheme) -> Iterator[InputError]:
    rule, document = written.rule, written.document
    roots: dict[str, Any] = {"report": Report, "scheme": Scheme}
    base: Path = ("rule", written.index)
    if rule.for_each is not None:
        if rule.for_each.root in ("item", "key"):
            # The items come from `for_each`: there is no item yet for it to start from.
            yield document.error(
                (*base, "for_each"),
                f"{rule.for_each}: `for_each` starts at `report` or `scheme`, not "
                f"`{rule.for_each.root}` (the item is what it picks)",
            )
            return
        try:
            roots["item"] = element_type(rule.for_each, roots)
        except RefTypeError as error:
            yield document.error((*base, "for_each"), str(error))
            return
    else:
        roots["item"] = Report
    for path, ref in references(rule):
        # A one-reference list may be written as a plain string: point at what is written.
        where = data_path(document.data, (*base, *path))
        for problem in missing_scheme_keys(ref, scheme):
            yield document.error(where, problem)
        if path == ("for_each",):
            continue
        try:
            element_type(ref, roots)
        except RefTypeError as error:
            yield document.error(where, str(error))


def references(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, Ref]]:
    """Every reference in a rule, with the path of the key that holds it."""
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        value = getattr(model, name)
        yield from _references_in(value, (*path, key), operand=isinstance(model, Condition))


def _references_in(value: Any, path: Path, operand: bool) -> Iterator[tuple[Path, Ref]]:
    if isinstance(value, Ref):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from references(value, path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _references_in(item, (*path, index), operand)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _references_in(item, (*path, key), operand)
    elif operand and (ref := operand_ref(value)) is not None:
        yield path, ref
