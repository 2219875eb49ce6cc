"""`claims`: what the report's text says must agree with the data.

The claims come from the rule set's claims file (patterns and tables read from the text, see
checker/text/). For each item where every `when` condition holds, each claim whose `match`
fields agree with the item is compared: every `compare` field must equal the data, every
`then` condition must hold. A finding sits at the data value and cites the sentence in the
text (file, line, column) as a related location. Without a text (no `source`, no `--text`)
the kind yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import StringConstraints, model_validator

from checker.engine.conditions import all_hold, failures
from checker.engine.context import Context
from checker.engine.violation import Violation
from checker.model.findings import Location
from checker.model.rules import Condition, RefField, RefsField, Rule
from checker.refs.evaluate import Scope, anchor, evaluate
from checker.text.extract import Claim
from checker.text.source import ReportText

_NOT_WORD = re.compile(r"[\W_]+")


class Params(Rule):
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

    @model_validator(mode="after")
    def _something_to_check(self) -> Params:
        if not self.compare and not self.then and not self.encoded:
            raise ValueError("a claims rule needs `compare`, `then` or `encoded = true`")
        if self.encoded and not self.match:
            raise ValueError("`encoded = true` needs `match`: what a claim is found by")
        return self


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    claim_set, text = context.claims, context.text
    if text is None or claim_set is None:
        return
    if not all_hold(rule.when, scope, context.scheme):
        return
    passages = set(claim_set.claims[rule.claims].passages)
    for claim in text.claims(claim_set, rule.claims):
        if all(
            agrees(
                claim.fields.get(field),
                [hit.value for ref in refs for hit in evaluate(ref, scope)],
                field in passages,
            )
            for field, refs in rule.match.items()
        ):
            yield from _compare(rule, scope, context, text, claim, passages)
        elif rule.encoded:
            yield _unencoded(rule, scope, text, claim)


def _unencoded(rule: Params, scope: Scope, text: ReportText, claim: Claim) -> Violation:
    line, column = text.position(claim.start)
    field, refs = next(iter(rule.match.items()))
    root, path = anchor(refs[0], scope)
    return Violation(
        root,
        path,
        actual="missing",
        expected=claim.fields.get(field),
        placeholders={
            "sentence": claim.sentence,
            "text": f"{text.file}:{line}:{column}",
            "field": field,
        },
        related=(Location(text.file, line, column, "", claim.sentence),),
    )


def _compare(
    rule: Params,
    scope: Scope,
    context: Context,
    text: ReportText,
    claim: Claim,
    passages: set[str],
) -> Iterator[Violation]:
    line, column = text.position(claim.start)
    where = Location(text.file, line, column, "", claim.sentence)
    placeholders = {"sentence": claim.sentence, "text": f"{text.file}:{line}:{column}"}
    for field, ref in rule.compare.items():
        wanted = claim.fields.get(field)
        hits = evaluate(ref, scope)
        if any(agrees(wanted, [hit.value], field in passages) for hit in hits):
            continue
        root, path = (hits[0].root, hits[0].path) if hits else anchor(ref, scope)
        yield Violation(
            root,
            path,
            actual=hits[0].value if hits else "missing",
            expected=wanted,
            placeholders={**placeholders, "field": field},
            related=(where,),
        )
    for root, path, actual, expected in failures(rule.then, scope, context.scheme):
        yield Violation(
            root,
            path,
            actual=actual,
            expected=expected,
            placeholders={**placeholders, "field": ""},
            related=(where,),
        )


def agrees(claimed: Any, values: list[Any], passage: bool) -> bool:
    """Whether a claim's field agrees with any of the data's values.

    Passages agree when one contains the other, ignoring case, spacing and punctuation.
    """
    if passage and isinstance(claimed, str):
        said = squeeze(claimed)
        return any(
            isinstance(value, str)
            and bool(said)
            and (said in squeeze(value) or squeeze(value) in said)
            for value in values
        )
    return any(claimed == value and type(claimed) is type(value) for value in values)


def squeeze(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())
