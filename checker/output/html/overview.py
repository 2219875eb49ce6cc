"""The corpus overview, for a run over several reports: a grid of grades (forces by questions,
one group of rows per scheme, the grade words in the cells), findings per force, and the
grade distribution of each question as a small inline SVG chart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from checker.model.scheme import Scheme
from checker.output.html.findings import state
from checker.output.html.markup import Ids, Markup, el, join, plural
from checker.output.html.report import Layout, band, grade_badge, grade_rows, name_of
from checker.output.summary import RunSummary

NOT_GIVEN = "not given"
# Chart geometry (SVG user units).
_ROW, _LABEL, _BAR, _COUNT = 18, 150, 110, 34


def overview(layouts: Sequence[Layout], summary: RunSummary, ids: Ids) -> Markup:
    reports = [out for out in layouts if out.report is not None]
    groups = [
        (scheme_id, list(members))
        for scheme_id, members in groupby(
            sorted(reports, key=_group_key), key=lambda out: str(out.data.get("scheme", ""))
        )
    ]
    forces = {str(out.data.get("force", "")) for out in reports}
    return el(
        "section",
        {"id": "overview", "aria-labelledby": "overview-title"},
        el("h2", {"id": "overview-title"}, "Corpus overview"),
        el(
            "p",
            None,
            f"{plural(len(reports), 'report')} of {plural(len(forces), 'force')} "
            f"(or service, or location) under {plural(len(groups), 'scheme')}.",
        ),
        _grid(groups, summary, ids),
        _findings_per_force(reports, summary),
        _distributions(groups),
    )


def _group_key(out: Layout) -> tuple[str, str, str, str]:
    data = out.data
    return (
        str(data.get("scheme", "")),
        str(data.get("force_name", "")).lower(),
        str(data.get("year", "")),
        out.file,
    )


def _columns(members: Sequence[Layout]) -> list[tuple[str, str]]:
    scheme = members[0].scheme
    if scheme is not None:
        return grade_rows({}, scheme)
    columns: list[tuple[str, str]] = []
    for out in members:
        columns += [c for c in grade_rows(out.data, None) if c not in columns]
    return columns


def _value(out: Layout, kind: str, key: str) -> Any:
    values = out.data.get("pillars" if kind == "pillar" else "questions")
    item = values.get(key) if isinstance(values, dict) else None
    return item.get("grade") if isinstance(item, dict) else None


def _names(reports: Sequence[Layout]) -> dict[str, str]:
    """Each force's name as shown: its `force_name`, with its key when two forces share one."""
    names: dict[str, str] = {}
    for out in reports:
        force = str(out.data.get("force", ""))
        names.setdefault(force, str(out.data.get("force_name") or force or out.file))
    repeated = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {
        force: f"{name} ({force})" if name in repeated else name for force, name in names.items()
    }


def _grid(groups: Sequence[tuple[str, list[Layout]]], summary: RunSummary, ids: Ids) -> Markup:
    """One table: a group of rows per scheme under that scheme's columns (the order without
    the script). Sorting by force or by findings orders every row of the grid at once: the
    script then moves the rows into one list (`tbody.flat`) and each cell shows the name of
    its question, since rows of different schemes no longer share columns."""
    names = _names([out for _, members in groups for out in members])
    bodies = []
    order = 0
    widest = 0
    for scheme_id, members in groups:
        scheme = members[0].scheme
        columns = _columns(members)
        widest = max(widest, len(columns))
        group_id = ids("ov", scheme_id or "no-scheme")
        force_col, count_col = ids(group_id, "force"), ids(group_id, "findings")
        col_ids = [ids(group_id, kind, key) for kind, key in columns]
        title = f"{scheme.title} ({scheme.id})" if scheme is not None else scheme_id
        head = el(
            "tr",
            {"class": "group-head"},
            el("th", {"scope": "colgroup", "colspan": len(columns) + 2, "id": group_id}, title),
        )
        col_head = el(
            "tr",
            {"class": "col-head"},
            el("th", {"scope": "col", "id": force_col, "headers": group_id}, "Force and year"),
            el("th", {"scope": "col", "id": count_col, "headers": group_id}, "Findings"),
            (
                el(
                    "th",
                    {"scope": "col", "id": col_id, "headers": group_id, "class": f"{kind}-col"},
                    name_of(scheme, kind, key),
                )
                for (kind, key), col_id in zip(columns, col_ids, strict=True)
            ),
        )
        rows = []
        for out in members:
            order += 1
            row_id = ids(out.id, "ov")
            force = str(out.data.get("force", ""))
            states = [state(f, summary) for f in out.findings]
            suppressed = len(states) - states.count("active")
            count = str(len(out.findings)) + (f" ({suppressed} not counted)" if suppressed else "")
            cells = [
                el(
                    "td",
                    {"headers": f"{row_id} {group_id} {col_id}", "class": f"{kind}-col"},
                    el("span", {"class": "q"}, name_of(scheme, kind, key), ": "),
                    grade_badge(scheme, grade) if (grade := _value(out, kind, key)) else "–",
                )
                for (kind, key), col_id in zip(columns, col_ids, strict=True)
            ]
            rows.append(
                el(
                    "tr",
                    {
                        "data-force": force,
                        "data-findings": len(out.findings),
                        "data-scheme": scheme_id,
                        "data-year": str(out.data.get("year", "")),
                        "data-group": group_id,
                        "data-order": order,
                    },
                    el(
                        "th",
                        {"scope": "row", "id": row_id, "headers": f"{group_id} {force_col}"},
                        el("a", {"href": f"#{out.id}"}, names.get(force, out.file)),
                        f" {out.data.get('year', '')}",
                        " ",
                        el("span", {"class": "q scheme"}, title),
                    ),
                    el(
                        "td",
                        {"headers": f"{row_id} {group_id} {count_col}", "class": "count"},
                        count,
                    ),
                    cells,
                )
            )
        bodies.append(el("tbody", {"data-group": group_id}, head, col_head, rows))
    flat_head = el(
        "tr",
        {"class": "col-head"},
        el("th", {"scope": "col"}, "Force, year and scheme"),
        el("th", {"scope": "col"}, "Findings"),
        el("th", {"scope": "col", "colspan": max(widest, 1)}, "Grades, each with its question"),
    )
    bodies.append(el("tbody", {"class": "flat", "hidden": True}, flat_head))
    controls = el(
        "div",
        {
            "class": "sort-controls js-only",
            "role": "group",
            "aria-label": "Order of the grid's rows",
            "hidden": True,
        },
        el("span", None, "Order the rows: "),
        el(
            "button",
            {"type": "button", "data-sort": "scheme", "aria-pressed": "true"},
            "by scheme (grouped)",
        ),
        " ",
        el("button", {"type": "button", "data-sort": "force", "aria-pressed": "false"}, "by force"),
        " ",
        el(
            "button",
            {"type": "button", "data-sort": "findings", "aria-pressed": "false"},
            "by number of findings",
        ),
    )
    return join(
        el("h3", None, "Grades by force, scheme and year"),
        controls,
        el(
            "div",
            {
                "class": "table-wrap scroll",
                "role": "region",
                "tabindex": "0",
                "aria-labelledby": "overview-grid-caption",
            },
            el(
                "table",
                {"id": "overview-grid", "class": "overview"},
                el(
                    "caption",
                    {"id": "overview-grid-caption"},
                    "Grades of each report (a row per force and year, a group of rows per "
                    "scheme), with the number of findings",
                ),
                bodies,
            ),
        ),
    )


def _findings_per_force(reports: Sequence[Layout], summary: RunSummary) -> Markup:
    names = _names(reports)
    tally: dict[str, list[Any]] = {}
    for out in reports:
        force = str(out.data.get("force", ""))
        entry = tally.setdefault(force, [names[force], 0, 0, 0])
        entry[1] += 1
        entry[2] += len(out.findings)
        entry[3] += sum(state(f, summary) == "active" for f in out.findings)
    with_findings = sorted(
        ((name, n_reports, n, active) for name, n_reports, n, active in tally.values() if n),
        key=lambda row: (-row[2], row[0].lower(), row[0]),
    )
    heading = el("h3", None, "Findings per force")
    if not with_findings:
        return join(heading, el("p", None, "No force has a finding."))
    rows = [
        el(
            "tr",
            None,
            el("th", {"scope": "row"}, name),
            el("td", {"class": "count"}, str(n_reports)),
            el("td", {"class": "count"}, str(n)),
            el("td", {"class": "count"}, str(active)),
        )
        for name, n_reports, n, active in with_findings
    ]
    clean = len(tally) - len(with_findings)
    return join(
        heading,
        el(
            "div",
            {"class": "table-wrap"},
            el(
                "table",
                {"class": "force-findings"},
                el("caption", None, "Forces with findings, most first"),
                el(
                    "thead",
                    None,
                    el(
                        "tr",
                        None,
                        el("th", {"scope": "col"}, "Force"),
                        el("th", {"scope": "col"}, "Reports"),
                        el("th", {"scope": "col"}, "Findings"),
                        el("th", {"scope": "col"}, "Counting (not waived, departed or baselined)"),
                    ),
                ),
                el("tbody", None, rows),
            ),
        ),
        el("p", None, f"{plural(clean, 'other force')} with no finding.") if clean else None,
    )


def _distributions(groups: Sequence[tuple[str, list[Layout]]]) -> Markup:
    parts: list[Markup] = [el("h3", None, "Grade distribution per question")]
    for scheme_id, members in groups:
        scheme = members[0].scheme
        title = scheme.title if scheme is not None else scheme_id
        figures = []
        for kind, key in _columns(members):
            counts = Counter(str(_value(out, kind, key) or NOT_GIVEN) for out in members)
            if set(counts) == {NOT_GIVEN}:
                continue
            figures.append(_chart(scheme, title, name_of(scheme, kind, key), counts))
        if figures:
            parts.append(el("h4", None, f"{title}: {plural(len(members), 'report')}"))
            parts.append(el("div", {"class": "charts"}, figures))
    return join(parts)


def _labels(scheme: Scheme | None, counts: Counter[str]) -> list[str]:
    """The scale from highest to lowest (every grade, so that charts compare), then the
    other labels found, then `not given`."""
    scale = list(reversed(scheme.grades.scale)) if scheme is not None else []
    others = sorted(label for label in counts if label not in scale and label != NOT_GIVEN)
    return scale + others + ([NOT_GIVEN] if counts[NOT_GIVEN] else [])


def _chart(scheme: Scheme | None, scheme_title: str, question: str, counts: Counter[str]) -> Markup:
    labels = _labels(scheme, counts)
    most = max(counts.values())
    height = _ROW * len(labels) + 4
    width = _LABEL + _BAR + _COUNT
    description = "; ".join(f"{label}: {counts[label]}" for label in labels) + "."
    bars = []
    for index, label in enumerate(labels):
        y = 2 + index * _ROW
        length = round(_BAR * counts[label] / most) if most else 0
        css = "none" if label == NOT_GIVEN else band(scheme, label)
        bars += [
            el("text", {"x": _LABEL - 6, "y": y + 13, "text-anchor": "end"}, label),
            el(
                "rect",
                {
                    "x": _LABEL,
                    "y": y + 3,
                    "width": length,
                    "height": _ROW - 6,
                    "class": f"bar {css}",
                },
            ),
            el("text", {"x": _LABEL + length + 4, "y": y + 13}, str(counts[label])),
        ]
    svg = el(
        "svg",
        {
            "class": "distribution",
            "role": "img",
            "width": width,
            "height": height,
            "viewBox": f"0 0 {width} {height}",
        },
        # Its name and description for screen readers (no ids: each id costs the page work).
        el("title", None, f"Grades given for {question} ({scheme_title})"),
        el("desc", None, description),
        bars,
    )
    return el("figure", {"class": "chart"}, el("figcaption", None, question), svg)
