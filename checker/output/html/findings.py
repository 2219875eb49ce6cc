"""One finding as the review shows it: an `li.finding` with its severity, rule, message, the
sentence of the text it quotes (the contradicting words marked), how it is suppressed, and
the rule's docs on demand."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checker.gate.suppression import Suppression
from checker.model.findings import Finding, Location, RuleDoc
from checker.output.html.markup import Markup, el, join, raw
from checker.output.summary import RunSummary

STATES = {"waiver": "waived", "departure": "departed", "baseline": "baselined"}
"""A suppression's kind -> the finding's `data-state` (and the word shown)."""

# Values of `expected` and `actual` that say what kind of thing is wrong, not which words:
# never marked in a quoted sentence.
_NOT_WORDS = frozenset(
    {"present", "missing", "absent", "unchecked", "not in the text", "true", "false", "none"}
)
QUOTE_LIMIT = 2_000
"""Characters of a quoted sentence shown before the middle is left out."""


def state(finding: Finding, summary: RunSummary) -> str:
    suppression = summary.suppression(finding)
    return "active" if suppression is None else STATES[suppression.kind]


@dataclass(frozen=True)
class Context:
    """What every finding's markup may link to or read: the rules' docs, the text files of
    the reports, and the element ids of value rows (JSON pointer -> id) per file."""

    docs: Mapping[str, RuleDoc]
    text_files: frozenset[str]
    row_ids: Mapping[tuple[str, str], str]


def finding_list(
    findings: Sequence[Finding], summary: RunSummary, context: Context, label: str
) -> Markup | None:
    """`<ul class="findings">` of `findings`, or None for none."""
    if not findings:
        return None
    return el(
        "ul",
        {"class": "findings", "aria-label": label},
        (finding_item(f, summary, context) for f in findings),
    )


def finding_item(finding: Finding, summary: RunSummary, context: Context) -> Markup:
    severity = str(finding.severity)
    shown_state = state(finding, summary)
    doc = context.docs.get(finding.rule_id)
    head = el(
        "p",
        {"class": "finding-head"},
        el("span", {"class": f"severity sev-{severity}"}, severity),
        " ",
        el("code", {"class": "rule-id"}, finding.rule_id),
        " ",
        el("span", {"class": "rule-name"}, finding.rule_name),
        None
        if shown_state == "active"
        else join(" ", el("span", {"class": f"state state-{shown_state}"}, shown_state)),
    )
    return el(
        "li",
        {
            "class": f"finding sev-{severity} state-{shown_state}",
            "data-rule": finding.rule_id,
            "data-severity": severity,
            "data-path": finding.path,
            "data-state": shown_state,
        },
        head,
        el("p", {"class": "message"}, finding.message),
        _values(finding),
        _quotes(finding, context),
        _suppression(summary.suppression(finding)),
        _where(finding, context),
        _docs(doc, finding),
    )


def _values(finding: Finding) -> Markup | None:
    pairs = [("expected", finding.expected), ("found", finding.actual)]
    shown = [(name, value) for name, value in pairs if value is not None]
    if not shown:
        return None
    return el(
        "dl",
        {"class": "values"},
        (join(el("dt", None, name), el("dd", None, value)) for name, value in shown),
    )


def is_quote(location: Location, context: Context) -> bool:
    """A related location that is a sentence of a report's text (its note holds it)."""
    return bool(location.note) and (location.file in context.text_files or not location.path)


def _quotes(finding: Finding, context: Context) -> Markup | None:
    quotes = [loc for loc in finding.related if is_quote(loc, context)]
    if not quotes:
        return None
    words = [w for w in (finding.expected, finding.actual) if w and w.lower() not in _NOT_WORDS]
    return join(
        el(
            "figure",
            {"class": "quote"},
            el("blockquote", None, el("p", None, highlighted(loc.note, words))),
            el(
                "figcaption",
                None,
                el("span", {"class": "file"}, loc.file),
                f", line {loc.line}" if loc.line > 0 else None,
            ),
        )
        for loc in quotes
    )


def highlighted(sentence: str, words: Sequence[str]) -> Markup:
    """`sentence` with each of `words` (whole words, any case) in `<mark>`; the rest escaped."""
    from checker.output.escape import shorten

    sentence = shorten(sentence, QUOTE_LIMIT)
    patterns = [re.escape(w.strip()) for w in sorted(set(words), key=len, reverse=True)]
    patterns = [p for p in patterns if p]
    if not patterns:
        return join(sentence)
    found = re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)", re.IGNORECASE)
    parts: list[object] = []
    at = 0
    for match in found.finditer(sentence):
        parts.append(sentence[at : match.start()])
        parts.append(el("mark", None, match.group()))
        at = match.end()
    parts.append(sentence[at:])
    return join(parts)


def _suppression(suppression: Suppression | None) -> Markup | None:
    if suppression is None:
        return None
    where = f"{suppression.file}:{suppression.line}" if suppression.file else None
    if suppression.kind == "waiver":
        terms = [
            el("strong", None, "Waived"),
            f" until {suppression.expires}" if suppression.expires else None,
            f" (owner: {suppression.owner})" if suppression.owner else None,
            ": ",
            suppression.reason,
            f" [waiver at {where}]" if where else None,
            ". It does not fail the run.",
        ]
    elif suppression.kind == "departure":
        terms = [
            el("strong", None, "Departure"),
            " recorded by the report: ",
            suppression.reason,
            f" [at {where}]" if where else None,
            ". It does not fail the run.",
        ]
    else:
        terms = [
            el("strong", None, "Baselined"),
            ": recorded in the baseline, so it does not fail the run.",
        ]
    return el("p", {"class": f"suppression suppression-{suppression.kind}"}, terms)


def _where(finding: Finding, context: Context) -> Markup:
    others = [loc for loc in finding.related if not is_quote(loc, context)]
    related = None
    if others:
        related = join(
            " Rests also on: ",
            _join_markup([_location(loc, context) for loc in others]),
            ".",
        )
    return el(
        "p",
        {"class": "where"},
        el("span", {"class": "file"}, f"{finding.file}:{finding.line}:{finding.column}"),
        join(" at ", el("code", None, finding.path)) if finding.path else " (the whole file)",
        related,
    )


def _location(location: Location, context: Context) -> Markup:
    label = f"{location.file}:{location.line}"
    if location.path:
        label += f" {location.path}"
    if location.note:
        label += f" ({location.note})"
    target = context.row_ids.get((location.file, location.path)) if location.path else None
    if target is None:
        # The row of the item the place lies in (`/scope/4` for `/scope/4/inspected`).
        parts = location.path.split("/")
        for end in range(len(parts) - 1, 1, -1):
            target = context.row_ids.get((location.file, "/".join(parts[:end])))
            if target is not None:
                break
    if target is None:
        return el("span", {"class": "related"}, label)
    return el("a", {"class": "related", "href": f"#{target}"}, label)


def _join_markup(items: Sequence[Markup]) -> Markup:
    out: list[object] = []
    for index, item in enumerate(items):
        if index:
            out.append("; ")
        out.append(item)
    return join(out)


def _docs(doc: RuleDoc | None, finding: Finding) -> Markup:
    """The rule's docs, shown on demand."""
    title = doc.title if doc is not None else finding.rule_name
    summary = el("summary", None, f"About {finding.rule_id}: {title}")
    if doc is None:
        return el("details", {"class": "docs"}, summary, el("p", None, "No docs for this rule."))
    return el("details", {"class": "docs"}, summary, rule_docs(doc, headings=False))


def rule_docs(doc: RuleDoc, *, headings: bool = True) -> Markup:
    """What, why, example, instead, and where to read more; each part under a heading (h4),
    or, inside a finding (whose list is under no h3), led by its name in bold."""
    sections = (
        ("What it does", doc.what),
        ("Why is this bad?", doc.why),
        ("Example", doc.example),
        ("Use instead", doc.instead),
    )
    body = [
        el("div", {"class": "doc-part"}, el("h4", None, heading), el("p", None, value))
        if headings
        else el(
            "p",
            {"class": "doc-part"},
            el("strong", None, heading if heading.endswith("?") else f"{heading}:"),
            " ",
            value,
        )
        for heading, value in sections
        if value
    ]
    if not body:
        body = [el("p", None, f"{doc.id} {doc.name}: {doc.title}.")]
    link = None
    if doc.help_uri.startswith(("https://", "http://")):
        link = el(
            "p",
            {"class": "help"},
            "More: ",
            el("a", {"href": doc.help_uri, "rel": "noopener noreferrer"}, doc.help_uri),
            raw(" (online; <code>gradecheck rules explain</code> prints it offline)"),
        )
    return join(body, link)
