"""The rules of a rule set: those of its own rule files, and those it inherits.

A rule set inherits another's rules with an `extends.toml` in its folder:

    extends = "peel-2016"              # the rule set rules/peel-2016/, beside this one
    renumber = { PEEL16 = "PEEL17" }   # inherited ids starting PEEL16 start PEEL17 here
    remove = ["PEEL17006"]             # inherited rules this set goes without (ids as here)

It inherits the rules the other set has (that set's own `extends` resolved first), renumbered,
less those removed; a rule of its own with the id of an inherited one replaces it, in its
place. Every rule keeps the file and line it is written at, and is checked as if written in
the set that inherits it: references against its scheme (a question or pillar key that scheme
lacks is an input error at the rule's own file and line), text rules against its claims,
examples on its example report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path as FsPath

from pydantic import field_validator, model_validator

from checker.inputs.rulefile import read_rules
from checker.inputs.tomlfile import InputError, InputErrors, TomlDocument, display_name, read_toml
from checker.inputs.tomlfile import validate as validate_toml
from checker.model.rules import Rule
from checker.model.scheme import Scheme
from checker.model.strict import Strict
from checker.refs.syntax import Filter, KeysFrom, Name, Ref
from checker.text.claimset import CLAIMS_FILE

SCHEME_FILE = "scheme.toml"
EXTENDS_FILE = "extends.toml"
NOT_RULE_FILES = frozenset({SCHEME_FILE, CLAIMS_FILE, EXTENDS_FILE})
KEYED_BY_SCHEME = ("questions", "pillars")
"""Tables of the report and of the scheme whose keys are the scheme's keys."""
ID_PATTERN = re.compile(r"[A-Z]+[0-9]{3,}")
"""What a rule id is (the pattern of Rule.id): a renumbered id must still be one."""
_ID_PREFIX = re.compile(r"[A-Z]+[0-9]*")
_SET_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class Extends(Strict):
    """The model of extends.toml."""

    extends: str
    renumber: dict[str, str] = {}
    remove: list[str] = []
    only: list[str] = []
    """When given, the inherited rules kept (ids as here): a set that shares a few relations
    with another (fire and rescue's roll-up with PEEL's) names them rather than removing the
    rest."""

    @model_validator(mode="after")
    def _only_or_remove(self) -> Extends:
        if self.only and self.remove:
            raise ValueError("write `only` (the rules kept) or `remove`, not both")
        return self

    @field_validator("extends")
    @classmethod
    def _a_rule_set_name(cls, name: str) -> str:
        if not _SET_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a rule set's name (its folder, beside this one)")
        return name

    @field_validator("renumber")
    @classmethod
    def _id_prefixes(cls, renumber: dict[str, str]) -> dict[str, str]:
        for prefix in (text for pair in renumber.items() for text in pair):
            if not _ID_PREFIX.fullmatch(prefix):
                raise ValueError(f"{prefix!r} is not the start of a rule id (PEEL, PEEL16)")
        return renumber


@dataclass(frozen=True)
class WrittenRule:
    """A rule, the file it is written in (names expanded) and its index among its rules."""

    rule: Rule
    document: TomlDocument
    index: int
    folder: FsPath
    """The rule set it is written in."""

    @property
    def line(self) -> int:
        return self.document.positions().locate(("rule", self.index))[0]


def rules_of(folder: FsPath) -> tuple[list[WrittenRule], list[InputError]]:
    """The rules of the rule set in `folder`, inherited ones first, and every problem found."""
    if folder.name in ("", ".", ".."):
        folder = folder.resolve()  # its name is the rule set's; its parent holds the others
    return _rules(folder, (folder.name,))


def _rules(folder: FsPath, chain: tuple[str, ...]) -> tuple[list[WrittenRule], list[InputError]]:
    own, errors = _own_rules(folder)
    if not (folder / EXTENDS_FILE).is_file():
        return own, errors
    document = read_toml(folder / EXTENDS_FILE)
    try:
        spec = validate_toml(Extends, document)
    except InputErrors as many:
        return own, [*errors, *many.errors]
    parent = folder.parent / spec.extends
    if spec.extends in chain:
        cycle = " extends ".join((*chain, spec.extends))
        return own, [*errors, document.error(("extends",), f"rule sets extend in a cycle: {cycle}")]
    if not (parent / SCHEME_FILE).is_file():
        where = display_name(folder.parent)
        message = f"no rule set {spec.extends!r} in {where} (a folder with {SCHEME_FILE})"
        return own, [*errors, document.error(("extends",), message)]
    inherited, more = _rules(parent, (*chain, spec.extends))
    inherited = _renumbered(inherited, spec, document, errors)
    inherited = _without_removed(inherited, spec, document, errors)
    inherited = _only_kept(inherited, spec, document, errors)
    return _replaced(inherited, own), [*errors, *more]


def _own_rules(folder: FsPath) -> tuple[list[WrittenRule], list[InputError]]:
    rules: list[WrittenRule] = []
    errors: list[InputError] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name in NOT_RULE_FILES:
            continue
        read = read_rules(read_toml(path))
        errors.extend(read.errors)
        rules.extend(WrittenRule(rule, read.document, index, folder) for index, rule in read.rules)
    return rules, errors


def _renumbered(
    rules: list[WrittenRule], spec: Extends, document: TomlDocument, errors: list[InputError]
) -> list[WrittenRule]:
    used: set[str] = set()
    renumbered = []
    for written in rules:
        new_id = renumber(written.rule.id, spec.renumber)
        prefix = _prefix(written.rule.id, spec.renumber)
        if prefix is not None and prefix not in used:
            used.add(prefix)
            if not ID_PATTERN.fullmatch(new_id):
                message = f"renumbers {written.rule.id} as {new_id!r}, which is not an id"
                errors.append(document.error(("renumber", prefix), message))
        renumbered.append(replace(written, rule=written.rule.model_copy(update={"id": new_id})))
    for prefix in spec.renumber:
        if prefix not in used:
            message = f"no rule inherited from {spec.extends} has an id starting {prefix!r}"
            errors.append(document.error(("renumber", prefix), message))
    return renumbered


def renumber(rule_id: str, prefixes: dict[str, str]) -> str:
    """`rule_id` with the longest of `prefixes` it starts with replaced by its new prefix."""
    prefix = _prefix(rule_id, prefixes)
    return rule_id if prefix is None else prefixes[prefix] + rule_id[len(prefix) :]


def _prefix(rule_id: str, prefixes: dict[str, str]) -> str | None:
    return max((p for p in prefixes if rule_id.startswith(p)), key=len, default=None)


def _without_removed(
    rules: list[WrittenRule], spec: Extends, document: TomlDocument, errors: list[InputError]
) -> list[WrittenRule]:
    ids = [written.rule.id for written in rules]
    removed: set[str] = set()
    for index, rule_id in enumerate(spec.remove):
        if rule_id in removed:
            message = f"{rule_id} is removed twice"
        elif rule_id in ids:
            removed.add(rule_id)
            continue
        else:
            message = _not_inherited(rule_id, ids, spec)
        errors.append(document.error(("remove", index), message))
    return [written for written in rules if written.rule.id not in removed]


def _not_inherited(rule_id: str, ids: list[str], spec: Extends) -> str:
    message = f"{rule_id} is not a rule inherited from {spec.extends}"
    if (here := renumber(rule_id, spec.renumber)) in ids:
        return message + f" (renumbered, it is {here})"
    shown = ", ".join(ids[:8]) + (f", ... ({len(ids)} in all)" if len(ids) > 8 else "")
    return message + f" (inherited: {shown or 'none'})"


def _only_kept(
    rules: list[WrittenRule], spec: Extends, document: TomlDocument, errors: list[InputError]
) -> list[WrittenRule]:
    if not spec.only:
        return rules
    ids = [written.rule.id for written in rules]
    for index, rule_id in enumerate(spec.only):
        if rule_id not in ids:
            errors.append(document.error(("only", index), _not_inherited(rule_id, ids, spec)))
    kept = set(spec.only)
    return [written for written in rules if written.rule.id in kept]


def _replaced(inherited: list[WrittenRule], own: list[WrittenRule]) -> list[WrittenRule]:
    """Inherited rules, each replaced in place by an own rule with its id; then the others."""
    mine = {written.rule.id: written for written in own}
    rules = [mine.pop(written.rule.id, written) for written in inherited]
    return [*rules, *(written for written in own if written.rule.id in mine)]


def missing_scheme_keys(ref: Ref, scheme: Scheme) -> Iterator[str]:
    """A message for each question or pillar key that `ref`, or a reference inside it, names
    and `scheme` lacks: `report.questions.use_of_resources.grade` in a scheme without it."""
    if ref.root in ("report", "scheme") and len(ref.segments) >= 2:
        table, key = ref.segments[:2]
        if isinstance(table, Name) and table.name in KEYED_BY_SCHEME and isinstance(key, Name):
            known: dict[str, object] = getattr(scheme, table.name)
            if key.name not in known:
                yield (
                    f"{ref}: scheme {scheme.id!r} has no {table.name[:-1]} {key.name!r} "
                    f"(it has {', '.join(known) or 'none'})"
                )
    for segment in ref.segments:
        if isinstance(segment, KeysFrom):
            yield from missing_scheme_keys(segment.ref, scheme)
        elif isinstance(segment, Filter):
            for test in segment.tests:
                if test.ref is not None:
                    yield from missing_scheme_keys(test.ref, scheme)
