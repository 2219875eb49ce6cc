"""`evidence`: every evidence quote of the report occurs in its text, in the right section.

Quotes are looked for ignoring whitespace, line breaks and hyphens (see ReportText.find_quote).
`require = "text"` reports a quote the text does not contain; `require = "section"` a quote
found only outside the sections its item belongs to. Without a text the kind yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from checker.engine.conditions import resolve_operand
from checker.engine.context import Context
from checker.engine.violation import Violation
from checker.model.rules import Rule, operand_ref
from checker.refs.evaluate import Scope, evaluate
from checker.refs.syntax import Ref, RefSyntaxError, parse

BEFORE_HEADINGS = "(before the first heading)"


@lru_cache(maxsize=64)
def items_of(collection: str) -> Ref:
    return parse(f"report.{collection}.*")


class Params(Rule):
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


def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
    claim_set, text = context.claims, context.text
    if text is None or claim_set is None:
        return
    sections = text.sections(claim_set)
    for collection, operands in rule.sections.items():
        for hit in evaluate(items_of(collection), scope):
            quote = hit.value.get("evidence") if isinstance(hit.value, dict) else None
            if not isinstance(quote, str):
                continue
            path = (*hit.path, "evidence")
            found = text.find_quote(quote)
            if not found:
                if rule.require == "text":
                    yield Violation(
                        hit.root,
                        path,
                        actual=quote,
                        expected="a passage of the text",
                        placeholders={"found": "", "text": text.file},
                    )
                continue
            if rule.require != "section":
                continue
            item = scope.at(hit)
            allowed = {str(v) for operand in operands for v in resolve_operand(operand, item)}
            if not allowed or any(sections.at(offset) in allowed for offset in found):
                continue
            first = found[0]
            section = sections.at(first) or BEFORE_HEADINGS
            yield Violation(
                hit.root,
                path,
                actual=section,
                expected=" or ".join(sorted(allowed)),
                placeholders={"found": section, "text": text.cite(first)},
                related=(text.locate(first, quote),),
            )
