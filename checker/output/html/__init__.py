"""One self-contained HTML page for a run (`gradecheck check --format html`): for review.

The page holds everything (style and script inline, no font, image or address outside it)
and works from a file; the same inputs give the same bytes (no clock, no random id, every
list in a fixed order). Every value comes from a file someone else wrote, so each is escaped
(checker.output.html.markup); the script reads no value from the data.

What it shows: a summary bar (counts by severity, waived, departed, baselined), filters by
severity and by rule (script; without it every finding shows), for a run over several reports
a corpus overview (checker.output.html.overview), then a section per report
(checker.output.html.report) with its grade, scope and followed-up tables and each finding in
the row of the value it concerns, and the docs of every rule that found something.

The hooks other tools rely on (a browser test drives them): `main#review`, `div#summary`
(role status), `p.no-findings` when the run has no finding, `section.report[data-file]`,
`table.grades` with `tr[data-path]`, `li.finding[data-rule][data-severity][data-path]
[data-state]`, `select#filter-severity`, `select#filter-rule`, `span#filter-count`
(aria-live), `section#overview` with `table#overview-grid`, `tr[data-force][data-findings]`,
`button[data-sort]` and `svg.distribution`.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker import __version__
from checker.model.findings import Finding, RuleDoc
from checker.output.html.assets import CSS, SCRIPT
from checker.output.html.findings import Context, rule_docs
from checker.output.html.markup import Ids, Markup, el, join, plural, raw
from checker.output.html.overview import overview
from checker.output.html.report import Layout, layout, section
from checker.output.summary import RunSummary

SEVERITIES = ("error", "warning", "info")
_RESERVED = (
    "review", "summary", "filters", "filter-severity", "filter-rule", "filter-count",
    "overview", "overview-title", "overview-grid", "overview-grid-caption", "reports",
    "reports-title", "rule-docs", "rule-docs-title",
)  # fmt: skip
"""The page's fixed ids: no generated id takes one."""


def render(findings: Sequence[Finding], summary: RunSummary) -> str:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    # The reports in the run's order, then any other file a finding is about (a waivers file).
    files = [*summary.reports, *sorted(set(by_file) - set(summary.reports))]
    ids = Ids()
    for reserved in _RESERVED:
        ids(reserved)
    targets: dict[str, set[str]] = {}
    for finding in findings:
        for location in finding.related:
            if location.path:
                targets.setdefault(location.file, set()).add(location.path)
    layouts = [
        layout(
            file,
            summary.report_data.get(file),
            by_file.get(file, []),
            ids,
            sorted(targets.get(file, ())),
        )
        for file in dict.fromkeys(files)
    ]
    docs = {doc.id: doc for doc in summary.rule_docs}
    context = Context(
        docs=docs,
        text_files=frozenset(
            r.text_file for r in summary.report_data.values() if r.text_file is not None
        ),
        row_ids={(out.file, path): row for out in layouts for path, row in out.row_ids.items()},
    )
    line = summary.line(findings)
    several = len(summary.reports) > 1
    body = el(
        "main",
        {"id": "review"},
        _summary(findings, summary, line),
        el("p", {"class": "no-findings"}, line) if not findings else None,
        _filters(findings),
        overview(layouts, summary, ids) if several else None,
        _contents(layouts),
        (section(out, summary, context, collapse=several) for out in layouts),
        _rule_docs(findings, docs),
    )
    page = el(
        "html",
        {"lang": "en"},
        el(
            "head",
            None,
            el("meta", {"charset": "utf-8"}),
            el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
            el("title", None, f"gradecheck review: {line}"),
            el("style", None, raw(CSS)),
        ),
        el(
            "body",
            None,
            el(
                "header",
                {"class": "page"},
                el("h1", None, "gradecheck review"),
                el(
                    "p",
                    None,
                    f"gradecheck {__version__}: consistency of graded inspection reports. "
                    f"{plural(len(summary.reports), 'report')} checked with "
                    f"{plural(summary.rules, 'rule')}.",
                ),
            ),
            body,
            el("script", None, raw(SCRIPT)),
        ),
    )
    return "<!DOCTYPE html>\n" + page


def _summary(findings: Sequence[Finding], summary: RunSummary, line: str) -> Markup:
    counts = summary.counts(findings)
    suppressed = summary.suppressed_counts(findings)
    items = [
        el(
            "li",
            None,
            el("span", {"class": f"severity sev-{name}"}, plural(counts.get(name, 0), name)),
        )
        for name in SEVERITIES
    ]
    items += [
        el("li", None, el("span", {"class": "state"}, f"{n} {kind}"))
        for kind, n in suppressed.items()
    ]
    gone = None
    if summary.gone:
        gone = el(
            "div",
            {"class": "gone"},
            el("p", None, f"Fixed since the baseline ({summary.baseline}):"),
            el(
                "ul",
                None,
                (
                    el(
                        "li",
                        None,
                        f"{g.file}: {g.rule_id} {g.rule_name} at {g.path or '(whole file)'}",
                    )
                    for g in summary.gone
                ),
            ),
        )
    return el(
        "div",
        {"id": "summary", "role": "status"},
        el("p", {"class": "summary-line"}, line),
        el("ul", {"class": "counts", "aria-label": "Findings by severity and state"}, items),
        el(
            "p",
            None,
            "Only findings neither waived, departed nor baselined count toward the exit code.",
        ),
        gone,
    )


def _filters(findings: Sequence[Finding]) -> Markup:
    rules = sorted({(f.rule_id, f.rule_name) for f in findings})
    per_rule = {rule_id: sum(f.rule_id == rule_id for f in findings) for rule_id, _ in rules}
    per_severity = {name: sum(str(f.severity) == name for f in findings) for name in SEVERITIES}
    severity_options = [el("option", {"value": "all"}, "all severities")] + [
        el("option", {"value": name}, f"{name} ({per_severity[name]})") for name in SEVERITIES
    ]
    rule_options = [el("option", {"value": "all"}, "all rules")] + [
        el("option", {"value": rule_id}, f"{rule_id} {name} ({per_rule[rule_id]})")
        for rule_id, name in dict(rules).items()
    ]
    total = len(findings)
    return el(
        "div",
        {
            "id": "filters",
            "class": "filters js-only",
            "role": "search",
            "aria-label": "Filter the findings",
            "hidden": True,
        },
        el(
            "div",
            None,
            el("label", {"for": "filter-severity"}, "Severity"),
            el("select", {"id": "filter-severity"}, severity_options),
        ),
        el(
            "div",
            None,
            el("label", {"for": "filter-rule"}, "Rule"),
            el("select", {"id": "filter-rule"}, rule_options),
        ),
        el(
            "span",
            {"id": "filter-count", "aria-live": "polite"},
            f"{total} of {plural(total, 'finding')} shown",
        ),
    )


def _contents(layouts: Sequence[Layout]) -> Markup | None:
    """Links to the sections of the files with findings."""
    with_findings = [out for out in layouts if out.findings]
    if not with_findings:
        return None
    return el(
        "nav",
        {"class": "reports", "id": "reports", "aria-labelledby": "reports-title"},
        el("h2", {"id": "reports-title"}, "Reports with findings"),
        el(
            "ul",
            None,
            (
                el(
                    "li",
                    None,
                    el("a", {"href": f"#{out.id}"}, out.file),
                    f" ({plural(len(out.findings), 'finding')})",
                )
                for out in with_findings
            ),
        ),
    )


def _rule_docs(findings: Sequence[Finding], docs: dict[str, RuleDoc]) -> Markup | None:
    """Every rule that found something, with its docs: on paper, in place of the findings'
    docs shown on demand."""
    rule_ids = sorted({f.rule_id for f in findings})
    if not rule_ids:
        return None
    entries = []
    for rule_id in rule_ids:
        doc = docs.get(rule_id)
        name = (
            doc.name
            if doc is not None
            else next(f.rule_name for f in findings if f.rule_id == rule_id)
        )
        entries.append(
            el(
                "section",
                {"class": "rule-doc"},
                el("h3", None, f"{rule_id} {name}", f": {doc.title}" if doc is not None else None),
                rule_docs(doc) if doc is not None else el("p", None, "No docs for this rule."),
            )
        )
    return el(
        "section",
        {"id": "rule-docs", "aria-labelledby": "rule-docs-title"},
        el("h2", {"id": "rule-docs-title"}, "The rules that found something"),
        join(entries),
    )
