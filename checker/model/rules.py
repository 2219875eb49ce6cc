"""Rule records as read from TOML: common fields, one model per kind, examples.

A rule file holds `[[rule]]` tables. Each rule names its `kind`; the kind's model (a
discriminated union on `kind`) validates its parameters, so a misspelt parameter or an unknown
kind is an input error at load time, before any report is read.
"""

from __future__ import annotations

import functools
import string
from typing import Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from checker.refs.evaluate import Ref, RefSyntaxError, parse


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
Severity = Literal["error", "warning", "info"]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


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


class Example(Strict):
    """A change to the rule set's example report that must, or must not, trigger the rule.

    `set` maps dotted paths (array indexes as numbers: `scope.3.inspected`) to new values;
    `unset` removes keys. With `path`, the finding must be at that JSON-pointer path.
    """

    name: Annotated[str, StringConstraints(min_length=1)]
    triggers: bool
    set: dict[str, Any] = {}
    unset: list[str] = []
    path: str | None = None
    text: str | None = None
    """The report text the example is checked against (rules that read the text)."""


class RuleBase(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]{3,}$")]
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    title: Annotated[str, StringConstraints(min_length=1)]
    severity: Severity
    for_each: RefField | None = None
    at: RefField | None = None
    """Where to place a finding, when not at the offending value itself."""
    vars: dict[str, RefField] = {}
    """Extra message placeholders: the first value of each reference, per item."""
    # Declared after `vars`, so that its validator can see them.
    message: Annotated[str, StringConstraints(min_length=1)]
    docs: Docs
    examples: list[Example]

    complete_only: bool = False
    """The rule needs a complete report: reports marked `partial = true` are not checked."""

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


class ImpliesRule(RuleBase):
    """For each item: when every `when` condition holds, every `then` condition must hold."""

    kind: Literal["implies"]
    when: list[Condition] = []
    then: list[Condition] = Field(min_length=1)


class RangeRule(RuleBase):
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


class LinkRule(RuleBase):
    """Every value of `ref` must equal a value of one of `targets`."""

    kind: Literal["link"]
    ref: RefField
    targets: list[RefField] = Field(min_length=1)


class UniqueRule(RuleBase):
    """No two hits of `ref` (within one item, when `for_each` is given) may be equal."""

    kind: Literal["unique"]
    ref: RefField


class ClaimsRule(RuleBase):
    """Claims read from the report's text (claims.toml) must agree with the data.

    For each item (`for_each`) where every `when` condition holds, every claim named `claims`
    whose fields equal the values of `match` (claim field -> reference) is compared: each
    `compare` field must equal the reference's value, and every `then` condition must hold.
    With `encoded = true`, a claim that matches nothing is itself a finding (the text says
    something the data lacks). Passage fields match when one contains the other, ignoring
    case, spacing and punctuation.
    """

    kind: Literal["claims"]
    needs: ClassVar[frozenset[str]] = frozenset({"text"})
    claims: Annotated[str, StringConstraints(min_length=1)]
    when: list[Condition] = []
    match: dict[str, RefsField] = {}
    compare: dict[str, RefField] = {}
    then: list[Condition] = []
    encoded: bool = False
    """Every claim must match some value of `match`: what the text says is in the data."""
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = (
        "key",
        "actual",
        "expected",
        "field",
        "sentence",
        "text",
    )
    _claim_set: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _something_to_check(self) -> ClaimsRule:
        if not self.compare and not self.then and not self.encoded:
            raise ValueError("a claims rule needs `compare`, `then` or `encoded = true`")
        if self.encoded and not self.match:
            raise ValueError("`encoded = true` needs `match`: what a claim is found by")
        return self


class EvidenceRule(RuleBase):
    """Evidence quotes must occur in the report's text, inside the section of their item.

    `sections` maps a collection of the report (`questions`, `afis`, ...) to the sections its
    items' quotes may lie in: section keys, or `{references}` evaluated on the item. With
    `require = "text"` a quote missing from the text is reported; with `require = "section"`
    a quote found only outside its sections.
    """

    kind: Literal["evidence"]
    needs: ClassVar[frozenset[str]] = frozenset({"text"})
    require: Literal["text", "section"]
    sections: dict[str, list[str]] = Field(min_length=1)
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "found", "text")
    _claim_set: Any = PrivateAttr(default=None)

    @field_validator("sections")
    @classmethod
    def _operands_parse(cls, sections: dict[str, list[str]]) -> dict[str, list[str]]:
        for operands in sections.values():
            for operand in operands:
                try:
                    operand_ref(operand)
                except RefSyntaxError as error:
                    raise ValueError(str(error)) from None
        return sections


class CrossReportRule(RuleBase):
    """Common to kinds that read other reports of the same force (the run's corpus).

    Without a corpus they find nothing. With one, an earlier report that is not among the
    reports checked is reported once, by an `earlier_reports` rule; a check that cannot be
    made because a `partial` earlier report lacks the value gives one info finding at the
    item, unless `unchecked = "silent"` (another rule already says it).
    """

    unchecked: Literal["info", "silent"] = "info"
    needs: ClassVar[frozenset[str]] = frozenset({"corpus"})


class EarlierRule(CrossReportRule):
    """Conditions on the earlier report an item names (a carried-over judgment's source).

    For each item where every `when` condition holds, `inspection` picks the scheme's earlier
    inspection (`scheme.earlier[...]`, whose `scheme` and `year` name the report); in that
    report of the same force, when every `earlier_when` condition holds, every `then`
    condition must. `earlier_when` and `then` are read in the earlier report: there `report`
    is the earlier report, while `scheme`, `item` and `key` stay the current ones (so an
    operand `"{item.grade}"` is this report's grade). `actual` is the earlier value.
    """

    kind: Literal["earlier"]
    at: RefField
    """Where a finding goes; a check that could not be made is reported at the item itself,
    so the two never share a fingerprint (a baselined "could not check" hides no error)."""
    when: list[Condition] = []
    inspection: RefField
    earlier_when: list[Condition] = []
    then: list[Condition] = Field(min_length=1)
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "file")


class LatestRule(CrossReportRule):
    """A carried-over judgment comes from the latest earlier inspection of its question.

    For each item where every `when` condition holds, `inspection` names the scheme's earlier
    inspection the judgment is said to come from. It must exist and map the item's key
    (`carried_as`); and no later earlier inspection that maps the key, before this report's
    year, may have judged it: in that inspection's report, with `item` the mapped question,
    not every `judged` condition may hold.
    """

    kind: Literal["latest"]
    at: RefField
    """As for `earlier`: findings here, "could not check" at the item."""
    when: list[Condition] = []
    inspection: RefField
    judged: list[Condition] = Field(min_length=1)
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "year", "file")


class NotInEarlierRule(CrossReportRule):
    """No value of `ref` may equal a value of `earlier` in an earlier report of the force.

    `earlier` is read in each report of the same force from an earlier year (there `report`
    is that report): e.g. the ids of the areas for improvement it found resolved.
    """

    kind: Literal["not_in_earlier"]
    ref: RefsField
    earlier: RefsField
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "year", "file")


class InEarlierRule(CrossReportRule):
    """Every value of `ref` must equal a value of `earlier` in an earlier report of the force.

    `earlier` is read in each report of the same force from an earlier year (there `report`
    is that report). A value none of them has is a finding, unless one of them is `partial`
    or there is none among the reports checked: then the check could not be made (info).
    """

    kind: Literal["in_earlier"]
    ref: RefsField
    earlier: RefsField
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected")


class EarlierReportsRule(CrossReportRule):
    """The earlier reports a report's checks need are among the reports checked.

    `inspections` are references to the scheme's earlier inspections the report relies on
    (`scheme.earlier[year={report.questions.*.carried_over.year}]`); for each one whose report
    of the force is not in the corpus, one finding (placeholder `reason`).
    """

    kind: Literal["earlier_reports"]
    inspections: RefsField
    PLACEHOLDERS: ClassVar[tuple[str, ...]] = ("key", "actual", "expected", "reason")


TEXT_KINDS = ("claims", "evidence")
"""Kinds that read the report's text and need the rule set's claims file."""

Rule = Annotated[
    ImpliesRule
    | RangeRule
    | LinkRule
    | UniqueRule
    | ClaimsRule
    | EvidenceRule
    | EarlierRule
    | LatestRule
    | NotInEarlierRule
    | InEarlierRule
    | EarlierReportsRule,
    Field(discriminator="kind"),
]


class RuleFile(Strict):
    rule: list[Rule] = []
