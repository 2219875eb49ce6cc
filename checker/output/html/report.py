"""One report's section: its grade table as the published summary table shows it, its scope
table, the life of each earlier area for improvement, and each finding beside the value it
concerns (in the row whose `data-path` is the longest prefix of the finding's path; findings
about no row at the top of the section)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.model.findings import Finding
from checker.model.scheme import Scheme
from checker.output.html.findings import Context, finding_list, state
from checker.output.html.markup import Ids, Markup, el, join, plural
from checker.output.summary import ReportData, RunSummary

# Collections whose items get a row of their own when a finding is about one of them, with
# what to call such an item and the keys that say what it is, first present shown.
OTHER_ITEMS = {
    "afis": "Area for improvement",
    "causes_of_concern": "Cause of concern",
    "recommendations": "Recommendation",
    "national_recommendations": "National recommendation",
    "hmi_concerns": "HM Inspector's concern",
    "departures": "Departure",
    "waivers": "Waiver",
}
_DESCRIPTIONS = ("text", "concern", "summary", "rationale", "reason", "area")
_TABLED = ("scope", "followed_up")


def pointer(*parts: str | int) -> str:
    """JSON pointer (RFC 6901) of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass
class Layout:
    """Where a file's values and findings go on the page: the section's id, the rows of its
    tables (JSON pointer -> element id, in page order) and which finding goes in which row."""

    file: str
    id: str
    report: ReportData | None
    findings: list[Finding]
    grade_rows: list[tuple[str, str]] = field(default_factory=list)
    """(kind, key): `pillar` or `question` rows of the grade table, in printed order."""
    other_rows: list[tuple[str, int]] = field(default_factory=list)
    """(collection, index) of other items that findings are about."""
    rows: list[str] = field(default_factory=list)
    """The pointers of the rows of its tables, in page order."""
    row_ids: dict[str, str] = field(default_factory=dict)
    """Pointer -> element id, for the rows that findings link to (few: every id costs a
    browser, and a checker of the page, work)."""
    placed: dict[str, list[Finding]] = field(default_factory=dict)
    """Row pointer -> its findings; "" -> the findings about no row."""

    @property
    def data(self) -> Mapping[str, Any]:
        return self.report.data if self.report is not None else {}

    @property
    def scheme(self) -> Scheme | None:
        return self.report.scheme if self.report is not None else None


def layout(
    file: str,
    report: ReportData | None,
    findings: list[Finding],
    ids: Ids,
    targets: Sequence[str] = (),
) -> Layout:
    """`targets`: the places in this file that findings link to (their related locations)."""
    section = ids("report", file.removesuffix(".toml"))
    out = Layout(file, section, report, findings)
    data = out.data
    out.grade_rows = grade_rows(data, out.scheme)
    paths = [
        pointer("pillars" if kind == "pillar" else "questions", key) for kind, key in out.grade_rows
    ]
    for collection in _TABLED:
        items = data.get(collection)
        if isinstance(items, list):
            paths += [pointer(collection, i) for i in range(len(items))]
    # Other items get a row only when a finding is about them.
    wanted = set()
    for finding in findings:
        parts = finding.path.split("/")
        if len(parts) >= 3 and parts[1] in OTHER_ITEMS and parts[2].isdigit():
            items = data.get(parts[1])
            if isinstance(items, list) and int(parts[2]) < len(items):
                wanted.add((parts[1], int(parts[2])))
    order = list(OTHER_ITEMS)
    out.other_rows = sorted(wanted, key=lambda item: (order.index(item[0]), item[1]))
    paths += [pointer(collection, index) for collection, index in out.other_rows]
    out.rows = paths
    rows = dict.fromkeys(paths, "")
    for row in sorted({_row_of(target, rows) for target in targets} - {""}, key=paths.index):
        out.row_ids[row] = ids(section, row)
    out.placed = place(findings, rows)
    return out


def place(findings: Sequence[Finding], rows: Mapping[str, str]) -> dict[str, list[Finding]]:
    """Each finding in the row whose pointer is the longest prefix of its path ("" for
    none), in the order given."""
    placed: dict[str, list[Finding]] = {}
    for finding in findings:
        placed.setdefault(_row_of(finding.path, rows), []).append(finding)
    return placed


def _row_of(path: str, rows: Mapping[str, str]) -> str:
    """The row whose pointer is the longest prefix of `path` (on a "/"), "" for none."""
    parts = path.split("/")
    for end in range(len(parts), 1, -1):
        candidate = "/".join(parts[:end])
        if candidate in rows:
            return candidate
    return ""


def grade_rows(data: Mapping[str, Any], scheme: Scheme | None) -> list[tuple[str, str]]:
    """The grade table's rows: each pillar followed by its questions, then questions of no
    pillar, in the scheme's order (a variant's questions only), then any the scheme lacks."""
    pillars = _keys(data.get("pillars"))
    questions = _keys(data.get("questions"))
    if scheme is None:
        return [("pillar", k) for k in pillars] + [("question", k) for k in questions]
    variant = data.get("variant")
    allowed = (
        set(scheme.variants[variant].questions)
        if isinstance(variant, str) and variant in scheme.variants
        else set(scheme.questions)
    )
    rows: list[tuple[str, str]] = []
    for pillar in scheme.pillars:
        rows.append(("pillar", pillar))
        rows += [
            ("question", key)
            for key, q in scheme.questions.items()
            if q.pillar == pillar and key in allowed
        ]
    rows += [
        ("question", key)
        for key, q in scheme.questions.items()
        if q.pillar not in scheme.pillars and key in allowed
    ]
    rows += [("pillar", k) for k in pillars if k not in scheme.pillars]
    rows += [("question", k) for k in questions if k not in scheme.questions or k not in allowed]
    return rows


def _keys(value: object) -> list[str]:
    return [str(k) for k in value] if isinstance(value, dict) else []


def name_of(scheme: Scheme | None, kind: str, key: str) -> str:
    """The printed name: the scheme's first name for the pillar or question, else the key."""
    if scheme is not None:
        if kind == "pillar" and key in scheme.pillars:
            return scheme.pillars[key].names[0]
        if kind == "question" and key in scheme.questions:
            return scheme.questions[key].names[0]
    return key


def band(scheme: Scheme | None, grade: str) -> str:
    """The colour band of a grade: band-0 (lowest) to band-4 (highest) on its scale, `other`
    for a label that is not a grade (Ungraded, Not yet graded)."""
    found = scheme.rank(grade) if scheme is not None else None
    if found is None or scheme is None:
        return "other"
    scale_name, rank = found
    size = len(scheme.grades.scale if not scale_name else scheme.scales[scale_name])
    return f"band-{round(rank * 4 / (size - 1))}"


def grade_badge(scheme: Scheme | None, grade: object) -> Markup:
    """A grade's word, coloured by its band (the word is always shown)."""
    if not isinstance(grade, str) or not grade:
        return none_given("no grade given")
    return el("span", {"class": f"grade {band(scheme, grade)}"}, grade)


def none_given(what: str) -> Markup:
    """What stands where a value is not given, in words."""
    return el("span", {"class": "none"}, what)


def inspection(value: object) -> str:
    """An earlier inspection as reports name it: "the 2016 effectiveness inspection"."""
    if not isinstance(value, dict):
        return str(value)
    year, pillar = value.get("year"), value.get("pillar")
    return f"the {year} {pillar} inspection" if pillar else f"the {year} inspection"


# The section ---------------------------------------------------------------------------------


def section(
    out: Layout, summary: RunSummary, context: Context, *, collapse: bool = False
) -> Markup:
    """The report's section. With `collapse` (a run over several reports), the tables of a
    report without findings are folded away (`details`, opened on demand and for printing):
    the overview shows its grades, and the findings stand out."""
    data = out.data
    title = str(data.get("force_name") or out.file)
    top = out.placed.get("", [])
    tables = [
        _grade_table(out, summary, context, title) if out.grade_rows else None,
        _scope_table(out, summary, context),
        _followed_up_table(out, summary, context),
        _other_items_table(out, summary, context),
    ]
    if collapse and not out.findings and any(tables):
        body: object = el(
            "details",
            {"class": "report-body"},
            el("summary", None, f"Grades and scope of {title}"),
            tables,
        )
    else:
        body = tables
    return el(
        "section",
        {"class": "report", "data-file": out.file, "id": out.id},
        el("h2", None, title, _year(data)),
        _meta(out),
        _counts(out.findings, summary),
        (
            el(
                "div",
                {"class": "report-findings"},
                el("h3", None, "Findings about the report as a whole"),
                finding_list(top, summary, context, f"Findings about {out.file}"),
            )
            if top
            else None
        ),
        body,
    )


def _year(data: Mapping[str, Any]) -> Markup | None:
    if not data.get("year"):
        return None
    return join(" ", el("span", {"class": "year"}, f"({data['year']})"))


def _meta(out: Layout) -> Markup:
    data, scheme = out.data, out.scheme
    facts: list[tuple[str, object]] = [("File", el("code", None, out.file))]
    if scheme is not None:
        facts.append(("Scheme", f"{scheme.title} ({scheme.id})"))
    elif data.get("scheme"):
        facts.append(("Scheme", str(data["scheme"])))
    if data.get("variant"):
        facts.append(("Question set", str(data["variant"])))
    if data.get("partial") is True:
        facts.append(("Encoding", "in part (partial: what is left out is unknown, not missing)"))
    publication = data.get("publication")
    if isinstance(publication, dict):
        facts.append(("Published as", _publication(publication)))
    if out.report is not None and out.report.text_file:
        facts.append(("Text checked", el("code", None, out.report.text_file)))
    flags = data.get("flags")
    if isinstance(flags, dict) and flags:
        facts.append(
            (
                "Flags",
                ", ".join(f"{key}: {'yes' if value else 'no'}" for key, value in flags.items()),
            )
        )
    return el(
        "dl",
        {"class": "meta"},
        (join(el("dt", None, name), el("dd", None, value)) for name, value in facts),
    )


def _publication(publication: Mapping[str, Any]) -> Markup:
    title = str(publication.get("title", ""))
    url = publication.get("url")
    # A link only to a web page: a value from a report never becomes a script or data URL.
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        shown: Markup = el("a", {"href": url, "rel": "noopener noreferrer"}, title or url)
    else:
        shown = join(title, f" ({url})" if url else None)
    published = publication.get("published")
    amended = publication.get("amended")
    extra = f", published {published}" if published else ""
    if isinstance(amended, list) and amended:
        extra += f", amended {plural(len(amended), 'time')}"
    return join(shown, extra or None)


def _counts(findings: Sequence[Finding], summary: RunSummary) -> Markup:
    if not findings:
        return el("p", {"class": "report-clean"}, "No findings in this report.")
    states = [state(f, summary) for f in findings]
    active = [f for f, s in zip(findings, states, strict=True) if s == "active"]
    by_severity = [
        plural(n, name) for name in ("error", "warning", "info")
        if (n := sum(str(f.severity) == name for f in active))
    ]  # fmt: skip
    parts = [
        plural(len(active), "finding") + (f" ({', '.join(by_severity)})" if by_severity else "")
    ]
    parts += [f"{n} {s}" for s in ("waived", "departed", "baselined") if (n := states.count(s))]
    return el("p", {"class": "report-counts"}, "; ".join(parts) + ".")


def _findings_cell(
    out: Layout, path: str, summary: RunSummary, context: Context, shown: bool
) -> Markup | None:
    """The row's findings, in a cell of their own; none where the table has no finding."""
    if not shown:
        return None
    found = out.placed.get(path, [])
    return el(
        "td",
        {"class": "findings-cell"},
        finding_list(found, summary, context, f"Findings about {path}"),
    )


def _table(
    css: str, caption: str, headings: Sequence[str], rows: Sequence[Markup], findings: bool
) -> Markup:
    """A table; with a last column of findings when any of its rows has one."""
    headings = [*headings, "Findings"] if findings else list(headings)
    head = el("tr", None, (el("th", {"scope": "col"}, h) for h in headings))
    return el(
        "div",
        {"class": "table-wrap"},
        el(
            "table",
            {"class": css},
            el("caption", None, caption),
            el("thead", None, head),
            el("tbody", None, rows),
        ),
    )


def _grade_path(kind: str, key: str) -> str:
    return pointer("pillars" if kind == "pillar" else "questions", key)


def _any_findings(out: Layout, paths: Sequence[str]) -> bool:
    return any(out.placed.get(path) for path in paths)


def _grade_table(out: Layout, summary: RunSummary, context: Context, title: str) -> Markup:
    data, scheme = out.data, out.scheme
    has_pillars = any(kind == "pillar" for kind, _ in out.grade_rows)
    shown = _any_findings(out, [_grade_path(kind, key) for kind, key in out.grade_rows])
    rows = []
    for kind, key in out.grade_rows:
        path = pointer("pillars" if kind == "pillar" else "questions", key)
        values = data.get("pillars" if kind == "pillar" else "questions")
        value = values.get(key) if isinstance(values, dict) else None
        given = isinstance(value, dict)
        item: Mapping[str, Any] = value if isinstance(value, dict) else {}
        # In a partial report what is left out is unknown, not missing (README).
        partial = data.get("partial") is True
        if not given:
            grade = none_given("not encoded" if partial else "not in the report")
        elif item.get("grade"):
            grade = grade_badge(scheme, item["grade"])
        else:
            grade = none_given("not encoded" if partial else "no grade given")
        if kind == "pillar":
            last: Markup | None = None
            carried: Markup | None = None
        else:
            last_inspected = item.get("last_inspected")
            missing = "not encoded" if partial else "none printed"
            last = join(str(last_inspected)) if last_inspected else none_given(missing)
            carried_over = item.get("carried_over")
            carried = (
                el(
                    "span",
                    {"class": "badge carried"},
                    f"carried over from {inspection(carried_over)}",
                )
                if carried_over
                else None
            )
        rows.append(
            el(
                "tr",
                {"class": f"{kind}-row", "data-path": path, "id": out.row_ids.get(path)},
                el("th", {"scope": "row"}, name_of(scheme, kind, key)),
                el("td", {"class": "grade-cell"}, grade),
                el("td", None, last),
                el("td", None, carried),
                _findings_cell(out, path, summary, context, shown),
            )
        )
    first = "Pillar or question" if has_pillars else "Area"
    return _table(
        "grades",
        f"Grades of {title}, as the summary table prints them",
        (first, "Grade", "Last inspected", "Carried over"),
        rows,
        shown,
    )


def _scope_table(out: Layout, summary: RunSummary, context: Context) -> Markup | None:
    scope = out.data.get("scope")
    if not isinstance(scope, list) or not scope:
        return None
    year = str(out.data.get("year", ""))
    shown = _any_findings(out, [pointer("scope", i) for i in range(len(scope))])
    rows = []
    for index, row in enumerate(scope):
        item = row if isinstance(row, dict) else {}
        path = pointer("scope", index)
        inspected = item.get("inspected")
        rows.append(
            el(
                "tr",
                {"data-path": path, "id": out.row_ids.get(path)},
                el("th", {"scope": "row"}, str(item.get("area", ""))),
                el("td", None, name_of(out.scheme, "question", str(item.get("question", "")))),
                el("td", None, "Yes" if inspected is True else "No" if inspected is False else ""),
                _findings_cell(out, path, summary, context, shown),
            )
        )
    return _table(
        "scope",
        f"Scope: the areas inspected in {year}" if year else "Scope: the areas inspected",
        ("Area (as printed)", "Question", f"Inspected in {year}?"),
        rows,
        shown,
    )


def _followed_up_table(out: Layout, summary: RunSummary, context: Context) -> Markup | None:
    followed = out.data.get("followed_up")
    if not isinstance(followed, list) or not followed:
        return None
    afis = {str(a.get("id")): a for a in out.data.get("afis", []) if isinstance(a, dict)}
    shown = _any_findings(out, [pointer("followed_up", i) for i in range(len(followed))])
    rows = []
    for index, entry in enumerate(followed):
        item = entry if isinstance(entry, dict) else {}
        path = pointer("followed_up", index)
        raised = inspection(item.get("raised_in"))
        if item.get("raised_under"):
            raised += f", under {name_of(out.scheme, 'question', str(item['raised_under']))}"
        under = item.get("followed_up_under")
        status = item.get("status")
        successor = item.get("carried_on_by")
        carried: Markup | None = None
        if successor:
            text = afis.get(str(successor), {}).get("text")
            carried = join(
                el("code", None, str(successor)),
                join(": ", el("span", {"class": "afi-text"}, str(text))) if text else None,
            )
        rows.append(
            el(
                "tr",
                {"data-path": path, "id": out.row_ids.get(path)},
                el(
                    "th",
                    {"scope": "row"},
                    el("code", None, str(item.get("id", ""))),
                    el("span", {"class": "afi-text"}, str(item.get("summary", ""))),
                ),
                el("td", None, raised),
                el(
                    "td",
                    None,
                    name_of(out.scheme, "question", str(under))
                    if under
                    else "outside any question's section",
                ),
                el(
                    "td",
                    None,
                    el("span", {"class": "status"}, str(status))
                    if status
                    else none_given("not given"),
                ),
                el("td", None, carried),
                _findings_cell(out, path, summary, context, shown),
            )
        )
    return _table(
        "followed-up",
        "Areas for improvement from earlier inspections, as this report follows them up",
        (
            "Area for improvement",
            "Raised in",
            "Followed up under",
            "Status",
            "Carried on by",
        ),
        rows,
        shown,
    )


def _other_items_table(out: Layout, summary: RunSummary, context: Context) -> Markup | None:
    if not out.other_rows:
        return None
    shown = True
    rows = []
    for collection, index in out.other_rows:
        item = out.data[collection][index]
        item = item if isinstance(item, dict) else {}
        path = pointer(collection, index)
        description = next((str(item[k]) for k in _DESCRIPTIONS if item.get(k)), "")
        label = str(item.get("id") or item.get("rule") or f"{collection} {index + 1}")
        rows.append(
            el(
                "tr",
                {"data-path": path, "id": out.row_ids.get(path)},
                el("th", {"scope": "row"}, el("code", None, label)),
                el("td", None, OTHER_ITEMS[collection]),
                el("td", None, description),
                _findings_cell(out, path, summary, context, shown),
            )
        )
    return _table(
        "items",
        "Other items the findings are about",
        ("Item", "Kind", "What it says"),
        rows,
        shown,
    )
