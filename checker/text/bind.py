"""Load-time checks of the rules that read the report's text against the claims file.

A text rule in a rule set without a claims file, a claims rule naming an unknown claim or
claim field, or an evidence section that names no field, no section of the claims file or a
question or pillar the scheme lacks, is an input error at the rule's key. An inherited rule is
checked against the claims and scheme of the set that inherits it. The claim set itself is
handed to the kinds at check time (engine Context).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.extends import missing_scheme_keys
from checker.inputs.tomlfile import InputError, TomlDocument, display_name
from checker.model.report import Report
from checker.model.rules import Rule, operand_ref
from checker.model.scheme import Scheme
from checker.refs.syntax import RefSyntaxError, parse
from checker.refs.typecheck import RefTypeError, element_type
from checker.text.claimset import CLAIMS_FILE, IMPLICIT_FIELDS, ClaimSet

TextRule = tuple[Rule, TomlDocument, int]
"""A rule, the file it is written in, and its index among that file's rules."""


def text_rule_errors(
    rules: Iterable[TextRule],
    claim_set: ClaimSet | None,
    *,
    scheme: Scheme | None = None,
    folder: FsPath | None = None,
) -> list[InputError]:
    """Errors of the text rules of a rule set with these claims, scheme and folder."""
    errors: list[InputError] = []
    for rule, document, index in rules:
        if "text" not in rule.needs:
            continue
        if claim_set is None:
            where = f" ({display_name(folder)})" if folder is not None else ""
            errors.append(
                document.error(
                    ("rule", index, "kind"),
                    f"kind {rule.kind!r} reads claim patterns from {CLAIMS_FILE} in the rule "
                    f"set's folder{where}, and there is none",
                )
            )
            continue
        if rule.kind == "claims":
            errors.extend(_claims_errors(rule, claim_set, document, index))
        elif rule.kind == "evidence":
            errors.extend(_evidence_errors(rule, claim_set, scheme, document, index))
    return errors


def _claims_errors(
    rule: Any, claim_set: ClaimSet, document: TomlDocument, index: int
) -> Iterator[InputError]:
    """`rule` is a claims rule (checker.engine.kinds.claims.Params)."""
    base = ("rule", index)
    claim = claim_set.claims.get(rule.claims)
    if claim is None:
        known = ", ".join(sorted(claim_set.claims))
        yield document.error(
            (*base, "claims"), f"unknown claim {rule.claims!r} (declared: {known})"
        )
        return
    fields = {*claim.fields, *IMPLICIT_FIELDS}
    for part, names in (("match", rule.match), ("compare", rule.compare)):
        for name in names:
            if name not in fields:
                yield document.error(
                    (*base, part, name),
                    f"claim {rule.claims!r} has no field {name!r} "
                    f"(fields: {', '.join(sorted(fields))})",
                )


def _evidence_errors(
    rule: Any, claim_set: ClaimSet, scheme: Scheme | None, document: TomlDocument, index: int
) -> Iterator[InputError]:
    """`rule` is an evidence rule (checker.engine.kinds.evidence.Params)."""
    roots: dict[str, Any] = {"report": Report, "scheme": Scheme}
    for collection, operands in rule.sections.items():
        path = ("rule", index, "sections", collection)
        try:
            roots["item"] = element_type(parse(f"report.{collection}.*"), roots)
        except (RefTypeError, RefSyntaxError) as error:
            yield document.error(path, f"no collection {collection!r} in the report: {error}")
            continue
        for position, operand in enumerate(operands):
            ref = operand_ref(operand)
            if ref is None:
                if operand not in claim_set.section_keys:
                    known = ", ".join(sorted(claim_set.section_keys))
                    yield document.error(
                        (*path, position), f"unknown section {operand!r} (sections: {known})"
                    )
                continue
            for problem in missing_scheme_keys(ref, scheme) if scheme is not None else ():
                yield document.error((*path, position), problem)
            try:
                element_type(ref, roots)
            except RefTypeError as error:
                yield document.error((*path, position), str(error))
