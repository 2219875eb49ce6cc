"""Rule records as read from TOML: the fields every rule has, conditions, docs, examples.

A rule file holds `[[rule]]` tables. Each rule names its `kind`; the kind's own parameter
model (`Params` in its module under checker/engine/kinds/) extends `Rule`, so a misspelt
parameter or an unknown kind is an input error at load time, before any report is read.
"""

from __future__ import annotations

import functools
import string
from typing import Annotated, Any, ClassVar, TypeAlias

from pydantic import (
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from checker.model.findings import SEVERITY_NAMES, Severity
from checker.model.strict import Strict
from checker.refs.syntax import Ref, RefSyntaxError, parse


def _parse_ref(value: Any) -> Ref:
    if isinstance(value, Ref):
        return value
    if not isinstance(value, str):
        raise ValueError("a reference must be a string")
    try:
        return parse(value)
    except RefSyntaxError as error:
        raise ValueError(str(error)) from None


def _parse_refs(value: Any) -> tuple[Ref, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    if not items:
        raise ValueError("give at least one reference")
    return tuple(_parse_ref(item) for item in items)


def _show_refs(refs: tuple[Ref, ...]) -> str | list[str]:
    return str(refs[0]) if len(refs) == 1 else [str(ref) for ref in refs]


RefField = Annotated[Ref, PlainValidator(_parse_ref), PlainSerializer(str)]
RefsField = Annotated[tuple[Ref, ...], PlainValidator(_parse_refs), PlainSerializer(_show_refs)]
"""One reference, or a list of them whose hits are taken together."""
Scalar: TypeAlias = str | int | bool


def _severity(value: Any) -> Severity:
    if isinstance(value, Severity):
        return value
    if isinstance(value, str) and value in SEVERITY_NAMES:
        return Severity.parse(value)
    names = [repr(name) for name in SEVERITY_NAMES]
    raise ValueError(f"Input should be {', '.join(names[:-1])} or {names[-1]}, got {value!r}")


SeverityField = Annotated[Severity, PlainValidator(_severity), PlainSerializer(str)]


def operand_ref(value: Any) -> Ref | None:
    """An operand written `"{report.year}"` is a reference; anything else is a literal."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return _parse_cached(value[1:-1])
    return None


@functools.lru_cache(maxsize=1024)
def _parse_cached(text: str) -> Ref:
    # Operands are checked with everything else at load time, then resolved once per item.
    return parse(text)


class Condition(Strict):
    """A test on the hits of one reference. Exactly one operator is given.

    Value operators need at least one hit and hold when every hit passes; `present` and the
    counts look at the number of hits. `at_least`/`at_most` compare on the grade scale and
    pass over labels that are not grades; `before`/`after` compare inspection years.
    """

    ref: RefsField
    present: bool | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | str | None = Field(default=None, alias="in")
    not_in: list[Scalar] | str | None = None
    before: str | None = None
    after: str | None = None
    at_least: str | None = None
    at_most: str | None = None
    count_min: int | None = None
    count_max: int | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [name for name in OPERATORS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a condition takes exactly one operator of {', '.join(OPERATOR_NAMES)}; "
                f"got {', '.join(OPERATOR_NAMES[OPERATORS.index(n)] for n in given) or 'none'}"
            )
        try:
            operand_ref(getattr(self, given[0]))
        except RefSyntaxError as error:
            raise ValueError(f"{OPERATOR_NAMES[OPERATORS.index(given[0])]}: {error}") from None
        return self

    @functools.cached_property
    def operator(self) -> str:
        return next(name for name in OPERATORS if getattr(self, name) is not None)

    @functools.cached_property
    def operand(self) -> Any:
        return getattr(self, self.operator)

    @functools.cached_property
    def operand_reference(self) -> Ref | None:
        """The reference an operand written `"{...}"` stands for; None for a literal."""
        return None if isinstance(self.operand, list) else operand_ref(self.operand)


OPERATORS = (
    "present",
    "equals",
    "not_equals",
    "in_",
    "not_in",
    "before",
    "after",
    "at_least",
    "at_most",
    "count_min",
    "count_max",
)
OPERATOR_NAMES = tuple(name.rstrip("_") for name in OPERATORS)


class Docs(Strict):
    what: Annotated[str, StringConstraints(min_length=1)]
    why: Annotated[str, StringConstraints(min_length=1)]
    example: Annotated[str, StringConstraints(min_length=1)]
    instead: Annotated[str, StringConstraints(min_length=1)]


class Expected(Strict):
    """One finding an example expects of its rule: where, and how severe."""

    path: Annotated[str, StringConstraints(pattern=r"^(/.*)?$")]
    """JSON pointer; "" for a finding about the report as a whole."""
    severity: SeverityField | None = None
    """Defaults to the rule's severity; say `info` for a check that could not be made."""


class Example(Strict):
    """A change to the rule set's example report that must, or must not, trigger the rule.

    `set` maps dotted paths (array indexes as numbers: `scope.3.inspected`) to new values;
    `unset` removes keys. An example that triggers states exactly what fires: `path` for
    one finding there at the rule's severity, or `expect` for every finding (path and
    severity), so an info "could not check" never passes for an error, nor the other way round.
    """

    name: Annotated[str, StringConstraints(min_length=1)]
    triggers: bool
    set: dict[str, Any] = {}
    unset: list[str] = []
    path: Annotated[str, StringConstraints(pattern=r"^(/.*)?$")] | None = None
    expect: list[Expected] = []
    text: str | None = None
    """The report text the example is checked against (rules that read the text)."""

    @model_validator(mode="after")
    def _says_what_fires(self) -> Example:
        if self.triggers and (self.path is None) == (not self.expect):
            raise ValueError(
                "an example that triggers gives `path` (one finding there) or `expect` "
                "(every finding), not both"
            )
        if not self.triggers and (self.path is not None or self.expect):
            raise ValueError("an example that does not trigger takes no `path` or `expect`")
        return self

    def expected(self, severity: Severity) -> list[tuple[str, Severity]]:
        """(path, severity) of every finding the example expects, sorted; `severity` is the
        rule's, for entries that do not give one."""
        if self.path is not None:
            return [(self.path, severity)]
        return sorted((e.path, e.severity or severity) for e in self.expect)


class Rule(Strict):
    """What every rule has; each kind's `Params` model adds the kind and its parameters."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]{3,}$")]
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    kind: str
    """Which kind the rule is: the name its module is registered under (engine/kinds)."""
    title: Annotated[str, StringConstraints(min_length=1)]
    severity: SeverityField
    departable: bool = False
    """Whether a report may depart from the rule by recording its rationale in
    `[[departures]]` (a published principle that says what "normally" follows)."""
    for_each: RefField | None = None
    at: RefField | None = None
    """Where to place a finding, when not at the offending value itself."""
    vars: dict[str, RefField] = {}
    """Extra message placeholders: the first value of each reference, per item."""
    # Declared after `vars`, so that its validator can see them.
    message: Annotated[str, StringConstraints(min_length=1)]
    docs: Docs
    examples: list[Example]

    #: Placeholders every kind offers to its message template.
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected")
    #: What the kind reads besides the report's data: "corpus" (the other reports) or "text"
    #: (the report's text). Without it the kind finds nothing, so the single-fault mutant
    #: search, which generates one report's data alone, leaves such rules out.
    needs: ClassVar[frozenset[str]] = frozenset()

    @field_validator("examples")
    @classmethod
    def _examples_both_ways(cls, examples: list[Example]) -> list[Example]:
        if {example.triggers for example in examples} != {True, False}:
            raise ValueError("a rule needs examples that trigger it and examples that do not")
        return examples

    @field_validator("message")
    @classmethod
    def _message_placeholders_known(cls, message: str, info: ValidationInfo) -> str:
        known = set(cls.PLACEHOLDERS) | set(info.data.get("vars", {}))
        for _, name, spec, conversion in string.Formatter().parse(message):
            if name is None:
                continue
            if name not in known or spec or conversion:
                raise ValueError(
                    f"message placeholder {{{name}}} is not one of "
                    f"{', '.join(sorted(known))} (plain names only)"
                )
        return message
