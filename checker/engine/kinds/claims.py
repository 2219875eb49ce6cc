"""`claims`: what the report's text says must agree with the data.

The claims come from the rule set's claims file (patterns, tables and frames read from the
text, see checker/text/). For each item where every `when` condition holds, each claim whose
`match` fields agree with the item is compared: every `compare` field the claim states must
equal the data, every `then` condition must hold. A finding sits at the data value and cites
the sentence in the text (file, line, column) as a related location. A sentence that names the
item in a way the frames do not read (two questions and one grade, with nothing to say which
goes with which) makes the check unknown for that item. Without a text (no `source`, no
`--text`) the kind yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import StringConstraints, model_validator

from checker.engine.conditions import Failure, all_true, known_failures
from checker.engine.context import Context
from checker.engine.violation import Violation, unknown_at
from checker.model.rules import Condition, RefField, RefsField, Rule
from checker.refs.evaluate import Hit, Scope, anchor, evaluate, known
from checker.text.claimset import ClaimSet
from checker.text.extract import Claim
from checker.text.source import ReportText

_NOT_WORD = re.compile(r"[\W_]+")
_ARTICLES = re.compile(r"\b(?:a|an|the|its|their|of)\b")


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
    forbidden: bool = False
    """Every claim that matches the item (every claim, without `match`) is itself a finding:
    text that should not be there."""
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
        if not self.compare and not self.then and not self.encoded and not self.forbidden:
            raise ValueError(
                "a claims rule needs `compare`, `then`, `encoded = true` or `forbidden = true`"
            )
        if self.encoded and not self.match:
            raise ValueError("`encoded = true` needs `match`: what a claim is found by")
        if self.encoded and self.forbidden:
            raise ValueError("a claims rule is `encoded` or `forbidden`, not both")
        return self


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    claim_set, text = context.claims, context.text
    if text is None or claim_set is None:
        return
    applies = all_true(rule.when, scope, context.scheme)
    if applies is not True:
        if applies is None:  # a partial report leaves out what decides it
            yield unknown_at(scope.item_root, scope.item_path)
        return
    if _unread(rule, scope, text, claim_set):
        yield unknown_at(scope.item_root, scope.item_path)
    claims = text.claims(claim_set, rule.claims)
    if not claims:
        return
    passages = set(claim_set.claims[rule.claims].passages)
    matched = _matching(rule, scope, text, claim_set, passages)
    if rule.forbidden:
        for index in matched:
            yield _said(scope, text, claims[index], passages)
        return
    compared = _Compared(rule, scope, context, text, passages)
    if not rule.encoded:
        for index in matched:
            yield from compared.violations(claims[index])
        return
    found = set(matched)
    for index, claim in enumerate(claims):
        if index in found:
            yield from compared.violations(claim)
        elif scope.partial:  # the item it speaks of may be one the report leaves out
            yield unknown_at(scope.item_root, scope.item_path)
        else:
            yield _unencoded(rule, scope, text, claim)


def _unread(rule: Params, scope: Scope, text: ReportText, claim_set: ClaimSet) -> bool:
    """Whether a sentence the frames could not read (checker/text/compose.py) names the item:
    the question or pillar `match` gives it names one of those the sentence does."""
    for unread in text.unread(claim_set):
        if rule.claims not in unread.kinds:
            continue
        named = [field for field in rule.match if field in unread.keys]
        if named and all(
            any(
                hit.value in unread.keys[field]
                for ref in rule.match[field]
                for hit in evaluate(ref, scope)
            )
            for field in named
        ):
            return True
    return False


def _said(scope: Scope, text: ReportText, claim: Claim, passages: set[str]) -> Violation:
    """A finding for a claim that should not be in the text, at the item, citing it (what it
    says: its passage, or its first field)."""
    placeholders = {"sentence": claim.sentence, "text": text.cite(claim.start)}
    fields = [k for k in claim.fields if k in passages] or [
        k for k in claim.fields if k != "section"
    ]
    said = claim.fields[fields[0]] if fields else None
    return Violation(
        scope.item_root,
        scope.item_path,
        actual=said,
        expected="not in the text",
        placeholders={**placeholders, "field": ""},
        related=(text.locate(claim.start, claim.sentence),),
    )


def _matching(
    rule: Params, scope: Scope, text: ReportText, claim_set: ClaimSet, passages: set[str]
) -> list[int]:
    """The indexes (in text order) of the claims whose `match` fields agree with the item.

    Each reference is evaluated once; the claims are looked up by the values of one field
    that is not a passage (claims.toml fields hold strings, booleans and integers: a value of
    another type agrees with none), then checked on the others.
    """
    claims = text.claims(claim_set, rule.claims)
    values = {
        field: _Values([hit.value for ref in refs for hit in evaluate(ref, scope)])
        for field, refs in rule.match.items()
    }
    plain = [field for field in rule.match if field not in passages]
    candidates: Iterable[int] = range(len(claims))
    if plain:
        by_value = text.claims_by(claim_set, rule.claims, plain[0])
        found: set[int] = set()
        for value in values[plain[0]].values:
            with suppress(TypeError):  # unhashable
                found.update(by_value.get((type(value), value), ()))
        candidates = sorted(found)
    return [
        index
        for index in candidates
        if all(
            values[field].agree(claims[index].fields.get(field), field in passages)
            for field in rule.match
        )
    ]


class _Values:
    """The data's values of one field, with their passages squeezed once."""

    def __init__(self, values: list[Any]) -> None:
        self.values = values
        self._squeezed: list[str] | None = None

    def agree(self, claimed: Any, passage: bool) -> bool:
        """agrees(claimed, self.values, passage)."""
        if passage and isinstance(claimed, str):
            if self._squeezed is None:
                self._squeezed = [squeeze(v) for v in self.values if isinstance(v, str)]
            said = squeeze(claimed)
            return bool(said) and any(said in value or value in said for value in self._squeezed)
        return any(claimed == value and type(claimed) is type(value) for value in self.values)


class _Compared:
    """What a matched claim is compared with: the `compare` values and the `then` failures of
    the item, worked out once, on the first claim that needs them."""

    def __init__(
        self, rule: Params, scope: Scope, context: Context, text: ReportText, passages: set[str]
    ) -> None:
        self.rule, self.scope, self.context, self.text = rule, scope, context, text
        self.passages = passages
        self._hits: dict[str, tuple[list[Hit], bool]] | None = None
        self._failures: list[Failure] | None = None
        self._unknown = False

    def violations(self, claim: Claim) -> Iterator[Violation]:
        """What the claim contradicts; in a partial report only what no completion could
        mend (a value that is there and differs), the rest unknown."""
        if self._hits is None or self._failures is None:
            compare = self.rule.compare
            self._hits = {field: known(ref, self.scope) for field, ref in compare.items()}
            self._failures, self._unknown = known_failures(
                self.rule.then, self.scope, self.context.scheme
            )
        differing, unknown = [], self._unknown
        for field, (found, complete) in self._hits.items():
            said = claim.fields.get(field)
            if said is None:
                continue  # the claim does not state it: nothing to compare
            if any(agrees(said, [hit.value], field in self.passages) for hit in found):
                continue
            if complete:
                differing.append(field)
            else:
                unknown = True
        if unknown and not differing and not self._failures:
            yield unknown_at(self.scope.item_root, self.scope.item_path)
        if not differing and not self._failures:
            return
        hits = {field: found for field, (found, _) in self._hits.items()}
        text = self.text
        where = text.locate(claim.start, claim.sentence)
        placeholders = {"sentence": claim.sentence, "text": text.cite(claim.start)}
        for field in differing:
            found = hits[field]
            root, path = (
                (found[0].root, found[0].path)
                if found
                else anchor(self.rule.compare[field], self.scope)
            )
            yield Violation(
                root,
                path,
                actual=found[0].value if found else "missing",
                expected=claim.fields.get(field),
                placeholders={**placeholders, "field": field},
                related=(where,),
            )
        for root, path, actual, expected in self._failures:
            yield Violation(
                root,
                path,
                actual=actual,
                expected=expected,
                placeholders={**placeholders, "field": ""},
                related=(where,),
            )


def _unencoded(rule: Params, scope: Scope, text: ReportText, claim: Claim) -> Violation:
    field, refs = next(iter(rule.match.items()))
    root, path = anchor(refs[0], scope)
    return Violation(
        root,
        path,
        actual="missing",
        expected=claim.fields.get(field),
        placeholders={
            "sentence": claim.sentence,
            "text": text.cite(claim.start),
            "field": field,
        },
        related=(text.locate(claim.start, claim.sentence),),
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


@lru_cache(maxsize=4096)
def squeeze(text: str) -> str:
    """How passages are compared: no case, spacing, punctuation or articles ("the force's
    updates" and "its updates" are the same passage)."""
    return _NOT_WORD.sub("", _ARTICLES.sub(" ", text.casefold()))
