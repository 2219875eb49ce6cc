"""Loading a rule set: `rules/<scheme>/scheme.toml` plus every other `*.toml` rule file.

Everything is checked at load time: the scheme's shape, each rule's parameters, that ids and
names are unique, and that every reference names a field that exists in the models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel

from checker.inputs.rulefile import read_rules
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
from checker.refs.evaluate import Path, Ref
from checker.refs.typecheck import RefTypeError, element_type
from checker.text.bind import TextRule, text_rule_errors
from checker.text.claimset import CLAIMS_FILE, ClaimSet, load_claims

SCHEME_FILE = "scheme.toml"
EXAMPLE_BASE = FsPath("examples") / "base.toml"


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    file: str
    line: int


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
    rules: list[LoadedRule] = []
    errors: list[InputError] = []
    seen: dict[str, str] = {}
    text_rules: list[TextRule] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name in (SCHEME_FILE, CLAIMS_FILE):
            continue
        document = read_toml(path)
        positions = document.positions()
        read, problems = read_rules(document)
        errors.extend(problems)
        for index, rule in read:
            errors.extend(_reference_errors(rule, index, document))
            for field, value in (("id", rule.id), ("name", rule.name)):
                where = f"{document.file}:{positions.locate(('rule', index, field))[0]}"
                if value in seen:
                    errors.append(
                        document.error(
                            ("rule", index, field),
                            f"{field} {value!r} is already used at {seen[value]}",
                        )
                    )
                seen.setdefault(value, where)
            rules.append(LoadedRule(rule, document.file, positions.locate(("rule", index))[0]))
            text_rules.append((rule, document, index))
    claims = load_claims(folder / CLAIMS_FILE, scheme) if (folder / CLAIMS_FILE).exists() else None
    errors.extend(text_rule_errors(text_rules, claims))
    if errors:
        raise InputErrors(errors)
    base = None
    if (folder / EXAMPLE_BASE).exists():
        base = read_toml(folder / EXAMPLE_BASE)
        validate(Report, base, context={"scheme": scheme})
    # Rules see the scheme with its defaults filled in (`graded = true` need not be written).
    scheme_data = scheme.model_dump(mode="python", by_alias=True)
    return RuleSet(folder, scheme, scheme_data, tuple(rules), base, claims)


def _reference_errors(rule: Rule, index: int, document: TomlDocument) -> Iterator[InputError]:
    roots: dict[str, Any] = {"report": Report, "scheme": Scheme}
    base: Path = ("rule", index)
    if rule.for_each is not None:
        try:
            roots["item"] = element_type(rule.for_each, roots)
        except RefTypeError as error:
            yield document.error((*base, "for_each"), str(error))
            return
    else:
        roots["item"] = Report
    for path, ref in references(rule):
        if path == ("for_each",):
            continue
        try:
            element_type(ref, roots)
        except RefTypeError as error:
            # A one-reference list may be written as a plain string: point at what is written.
            yield document.error(data_path(document.data, (*base, *path)), str(error))


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
