"""`evidence`: every evidence quote of the report occurs in its text, in the right section.

Quotes are looked for ignoring whitespace, line breaks and hyphens (see ReportText.find_quote).
`require = "text"` reports a quote the text does not contain; `require = "section"` a quote
found only outside the sections its item belongs to. Without a text the kind yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from checker.engine.kinds.base import Violation, evaluate, parse, resolve_operand
from checker.inputs.report import LoadedReport
from checker.model.findings import Location
from checker.model.rules import EvidenceRule
from checker.model.scheme import Scheme
from checker.refs.evaluate import Ref, Scope
from checker.text.claimset import ClaimSet
from checker.text.source import report_text

BEFORE_HEADINGS = "(before the first heading)"


@lru_cache(maxsize=64)
def items_of(collection: str) -> Ref:
    return parse(f"report.{collection}.*")


def check(rule: EvidenceRule, scope: Scope, scheme: Scheme) -> Iterator[Violation]:
    claim_set: ClaimSet | None = rule._claim_set
    text = report_text(scope.context) if isinstance(scope.context, LoadedReport) else None
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
            line, column = text.position(first)
            yield Violation(
                hit.root,
                path,
                actual=section,
                expected=" or ".join(sorted(allowed)),
                placeholders={"found": section, "text": f"{text.file}:{line}:{column}"},
                related=(Location(text.file, line, column, "", quote),),
            )
