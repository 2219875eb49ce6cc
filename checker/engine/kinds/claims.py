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
from typing import Any

from checker.engine.kinds.base import Violation, anchor, evaluate
from checker.engine.kinds.implies import failure
from checker.inputs.report import LoadedReport
from checker.model.findings import Location
from checker.model.rules import ClaimsRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Scope
from checker.text.claimset import ClaimSet
from checker.text.extract import Claim
from checker.text.source import ReportText, report_text

_NOT_WORD = re.compile(r"[\W_]+")


def check(rule: ClaimsRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    claim_set: ClaimSet | None = rule._claim_set
    text = report_text(scope.context) if isinstance(scope.context, LoadedReport) else None
    if text is None or claim_set is None:
        return
    if not all(failure(condition, scope, scheme) is None for condition in rule.when):
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
            yield from _compare(rule, scope, scheme, text, claim, passages)
        elif rule.encoded:
            yield _unencoded(rule, scope, text, claim)


def _unencoded(rule: ClaimsRule, scope: Scope, text: ReportText, claim: Claim) -> Violation:
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
    rule: ClaimsRule,
    scope: Scope,
    scheme: Scheme,
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
    for condition in rule.then:
        failed = failure(condition, scope, scheme)
        if failed is None:
            continue
        root, path, actual, expected = failed
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
