"""`gradecheck check --format html` (issue 16, parts 2 and 3): one self-contained page for
review. Without a browser: the page is parsed with the standard library's html.parser and
checked against the JSON output of the same run, and against the hooks a browser test uses
(see checker.output.html)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.output import FORMATTERS
from checker.run import check_paths
from tests.conftest import ROOT
from tests.gate_support import TODAY, make_corpus, report_text, run
from tests.test_formats import GATE_OPTIONS, clean_reports, gate_corpus
from tests.test_hardening_output import UNSAFE, nasty_run

VOID = {"meta", "br", "input", "hr", "wbr", "img", "link", "col", "area", "base", "source"}
NORFOLK = "reports/peel-2018-19/norfolk.toml"


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    content: list[Node | str] = field(default_factory=list)
    """Child elements and text, in document order."""

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.content:
            if isinstance(child, Node):
                yield from child.walk()

    def find(self, tag: str, **attrs: str) -> list[Node]:
        """Descendants (and self) with this tag and these attributes (`class_` matches one
        class; a value of "*" only needs the attribute)."""
        found = []
        for node in self.walk():
            if node.tag != tag:
                continue
            ok = True
            for name, value in attrs.items():
                if name == "class_":
                    ok &= value in node.attrs.get("class", "").split()
                else:
                    name = name.rstrip("_").replace("_", "-")
                    ok &= name in node.attrs and (value == "*" or node.attrs[name] == value)
            if ok:
                found.append(node)
        return found

    def one(self, tag: str, **attrs: str) -> Node:
        found = self.find(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]

    def ancestor(self, tag: str, attr: str | None = None) -> Node | None:
        node = self.parent
        while node is not None:
            if node.tag == tag and (attr is None or attr in node.attrs):
                return node
            node = node.parent
        return None

    def all_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.all_text() for c in self.content)


class Tree(HTMLParser):
    """A tree of the page, failing on any element closed out of order or left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"repeated attribute in <{tag}>"
        node = Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].content.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(page: str) -> Node:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert [n.tag for n in tree.stack] == ["#document"], "elements left open"
    assert tree.doctype.lower() == "doctype html"
    return tree.root


@dataclass(frozen=True)
class CorpusRun:
    page: str
    again: str
    document: dict[str, object]


@pytest.fixture(scope="module")
def corpus() -> CorpusRun:
    """The bundled corpus as html and JSON (one run, two formats), and as html again, run by
    `gradecheck check` in a process of its own, meanwhile, under another hash seed (so that
    no set order can leak into the page)."""
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    again = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", "reports", "--today", TODAY, "--format", "html"],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        findings, summary = check_paths(
            [Path("reports")], Path("rules"), today=date.fromisoformat(TODAY)
        )
        page, document = (
            FORMATTERS["html"](findings, summary),
            FORMATTERS["json"](findings, summary),
        )
    out, err = again.communicate(timeout=120)
    assert (again.returncode, err) == (0, b"")
    return CorpusRun(page, out.decode("utf-8"), json.loads(document))


@pytest.fixture(scope="module")
def tree(corpus: CorpusRun) -> Node:
    return parse(corpus.page)


def test_the_corpus_renders_as_one_balanced_page(tree: Node) -> None:
    html = tree.one("html")
    assert html.attrs["lang"] == "en"
    assert tree.one("meta", charset="utf-8")
    review = tree.one("main", id="review")
    summary = review.one("div", id="summary")
    assert summary.attrs["role"] == "status"
    assert "28 findings (4 warnings, 24 infos) in 126 reports; 4 waived." in summary.all_text()
    assert tree.find("p", class_="no-findings") == []
    assert len(tree.find("section", class_="report")) == 126
    # Every table says what it is, and every header cell what it heads.
    for table in tree.find("table"):
        assert len(table.find("caption")) == 1
        assert all(th.attrs.get("scope") for th in table.find("th"))


def test_the_same_inputs_give_the_same_bytes(corpus: CorpusRun) -> None:
    assert corpus.page == corpus.again


def test_the_page_loads_nothing_from_outside(tree: Node, corpus: CorpusRun) -> None:
    for node in tree.walk():
        assert node.tag not in {"link", "img", "iframe", "object", "embed", "base", "source"}
        assert "src" not in node.attrs, node.tag
        assert "srcset" not in node.attrs
        assert "style" not in node.attrs
        if "href" in node.attrs:
            assert node.tag == "a"
            assert node.attrs["href"].startswith(("#", "https://", "http://")), node.attrs
        for name, value in node.attrs.items():
            assert not name.startswith("on"), name
            assert not value.lower().startswith(("javascript:", "data:")), value
    for tag in ("style", "script"):
        code = tree.one(tag).all_text()
        assert not re.search(r"url\(|@import|https?:|fetch|XMLHttpRequest|import\(", code)
    assert "@font-face" not in corpus.page


def finding_key(file: str, rule: str, path: str, severity: str) -> tuple[str, str, str, str]:
    return (file, rule, path, severity)


def test_every_finding_of_the_json_output_is_shown_once(tree: Node, corpus: CorpusRun) -> None:
    findings = corpus.document["findings"]
    assert isinstance(findings, list)
    expected = Counter(
        finding_key(f["file"], f["rule_id"], f["path"], f["severity"]) for f in findings
    )
    items = tree.find("li", class_="finding")
    shown: Counter[tuple[str, str, str, str]] = Counter()
    for item in items:
        section = item.ancestor("section")
        assert section is not None
        assert "report" in section.attrs["class"].split()
        a = item.attrs
        shown[
            finding_key(
                section.attrs["data-file"], a["data-rule"], a["data-path"], a["data-severity"]
            )
        ] += 1
    assert shown == expected
    # Waived findings are marked so; the others are active (no baseline in this run).
    states = {
        finding_key(f["file"], f["rule_id"], f["path"], f["severity"]): (
            "waived" if "waived" in f else "active"
        )
        for f in findings
    }
    for item in items:
        section = item.ancestor("section")
        assert section is not None
        a = item.attrs
        key = finding_key(
            section.attrs["data-file"], a["data-rule"], a["data-path"], a["data-severity"]
        )
        assert a["data-state"] == states[key]
    assert sum(item.attrs["data-state"] == "waived" for item in items) == 4


def test_each_finding_sits_in_the_row_of_its_value(tree: Node) -> None:
    """A finding inside a row (`tr[data-path]`) is about that row's value or below it; a
    finding outside every row is about no row of its section."""
    for section in tree.find("section", class_="report"):
        rows = {tr.attrs["data-path"] for tr in section.find("tr", data_path="*")}
        for item in section.find("li", class_="finding"):
            path = item.attrs["data-path"]
            row = item.ancestor("tr", "data-path")
            prefixes = [r for r in rows if path == r or path.startswith(r + "/")]
            if row is None:
                assert prefixes == [], path
            else:
                assert row.attrs["data-path"] == max(prefixes, key=len)


def test_the_filters_and_the_count(tree: Node, corpus: CorpusRun) -> None:
    severity = tree.one("select", id="filter-severity")
    assert [o.attrs["value"] for o in severity.find("option")] == [
        "all",
        "error",
        "warning",
        "info",
    ]
    rule = tree.one("select", id="filter-rule")
    findings = corpus.document["findings"]
    assert isinstance(findings, list)
    rule_ids = sorted({f["rule_id"] for f in findings})
    assert [o.attrs["value"] for o in rule.find("option")] == ["all", *rule_ids]
    for select in (severity, rule):  # each control has its label
        assert tree.one("label", for_=select.attrs["id"])
    count = tree.one("span", id="filter-count")
    assert count.attrs["aria-live"] == "polite"
    assert count.all_text() == f"{len(findings)} of {len(findings)} findings shown"
    # Without the script nothing is hidden but the controls it drives, and the grid's
    # (empty) list for its rows sorted across schemes.
    hidden = [n for n in tree.walk() if "hidden" in n.attrs]
    assert {n.attrs["class"] for n in hidden} == {
        "filters js-only",
        "sort-controls js-only",
        "flat",
    }
    assert tree.one("tbody", class_="flat").find("tr", data_force="*") == []


def test_the_corpus_overview(tree: Node, corpus: CorpusRun) -> None:
    overview = tree.one("section", id="overview")
    main = tree.one("main", id="review")
    order = [n for n in main.walk() if n.tag == "section"]
    assert order.index(overview) < order.index(tree.find("section", class_="report")[0])
    grid = overview.one("table", id="overview-grid")
    rows = grid.find("tr", data_force="*")
    assert len(rows) == 126
    findings = corpus.document["findings"]
    assert isinstance(findings, list)
    norfolk = [r for r in rows if r.attrs["data-force"] == "norfolk"]
    assert len(norfolk) == 3  # 2018/19, 2017, 2016
    assert sorted(int(r.attrs["data-findings"]) for r in norfolk) == [
        0,
        0,
        sum(f["file"] == NORFOLK for f in findings),
    ]
    assert sum(int(r.attrs["data-findings"]) for r in rows) == len(findings)
    # Grade words in the cells, not colour alone.
    words = {span.all_text() for span in grid.find("span", class_="grade")}
    assert {"Good", "Requires improvement", "Outstanding", "Inadequate"} <= words
    assert [b.attrs["data-sort"] for b in overview.find("button")] == [
        "scheme",
        "force",
        "findings",
    ]
    charts = overview.find("svg", class_="distribution")
    assert charts
    for svg in charts:
        assert svg.attrs["role"] == "img"
        first = svg.content[0]
        assert isinstance(first, Node)
        assert first.tag == "title"
        assert svg.one("title").all_text().startswith("Grades given for ")
        assert re.search(r": \d+", svg.one("desc").all_text())


def test_norfolk_has_its_grade_table(tree: Node) -> None:
    section = tree.one("section", data_file=NORFOLK)
    table = section.one("table", class_="grades")
    paths = [tr.attrs["data-path"] for tr in table.find("tr", data_path="*")]
    assert paths == [
        "/pillars/effectiveness",
        "/questions/preventing_crime",
        "/questions/investigating_crime",
        "/questions/protecting_vulnerable_people",
        "/questions/serious_organised_crime",
        "/questions/armed_response",
        "/pillars/efficiency",
        "/questions/meeting_current_demands",
        "/questions/planning_for_future",
        "/pillars/legitimacy",
        "/questions/fair_treatment_public",
        "/questions/ethical_lawful_behaviour",
        "/questions/fair_treatment_workforce",
    ]
    row = table.one("tr", data_path="/questions/serious_organised_crime")
    assert row.one("th").all_text() == "Tackling serious and organised crime"
    assert row.one("span", class_="grade").all_text() == "Good"
    assert "carried over from the 2016 effectiveness inspection" in row.all_text()
    # PEEL505 beside it, quoting the sentence of the text with the contradicting year marked.
    finding = row.one("li", data_rule="PEEL505")
    assert finding.attrs["data-severity"] == "warning"
    assert finding.attrs["data-state"] == "active"
    quote = finding.one("blockquote")
    assert quote.all_text().strip().startswith("Our 2017 judgments are still in place")
    assert quote.one("mark").all_text() == "2017"
    assert "norfolk.txt, line 90" in finding.one("figcaption").all_text()
    assert finding.one("details", class_="docs").one("summary")
    # The scope row and the earlier area for improvement carry their findings.
    assert section.one("table", class_="scope").one("tr", data_path="/scope/4")
    followed = section.one("table", class_="followed-up")
    assert followed.one("tr", data_path="/followed_up/5").one("li", data_rule="PEEL532")
    first = followed.one("tr", data_path="/followed_up/0").all_text()
    assert "the 2017 effectiveness inspection" in first
    assert "2018-IC-3" in first


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, out, _ = run(capsys, "check", "--today", TODAY, "--format", "html", *args)
    return code, out


SCRIPT = "<script>alert(1)</script>"


def test_a_value_from_a_report_is_never_markup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = report_text("alpha").replace(
        'force_name = "Example Constabulary"', f'force_name = "{SCRIPT}\\" onload=\\"x"'
    )
    text = text.replace(
        'publication = { title = "Example report" }',
        f'publication = {{ title = "{SCRIPT}", url = "javascript:alert(1)" }}',
    )
    text = text.replace('area = "Investigating crime"', 'area = "</td></tr></table><b>x\\u001b"')
    monkeypatch.chdir(make_corpus(tmp_path, {"alpha.toml": text}))
    _, page = check(capsys)
    tree = parse(page)
    assert len(tree.find("script")) == 1
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in " ".join(a.attrs.get("href", "") for a in tree.find("a"))
    assert tree.find("b") == []
    section = tree.one("section", class_="report")
    assert section.one("h2").all_text().startswith(f'{SCRIPT}" onload="x')
    assert section.one("tr", data_path="/scope/1").one("th").all_text() == (
        "</td></tr></table><b>x\\x1b"
    )


def test_waived_departed_and_baselined_findings_are_marked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, page = check(capsys, *GATE_OPTIONS)
    assert code == 1
    items = parse(page).find("li", class_="finding")
    states = Counter(item.attrs["data-state"] for item in items)
    assert states == {"active": 4, "waived": 2, "baselined": 1}
    waived = [item for item in items if item.attrs["data-state"] == "waived"]
    for item in waived:
        terms = item.one("p", class_="suppression").all_text()
        assert "Waived until 2026-" in terms
        assert "owner:" in terms
    # The waivers file's own finding (GC001 there) has a section of its own.
    assert parse(page).find("section", data_file="waivers.toml")


def test_a_run_without_findings_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_corpus(tmp_path, clean_reports()))
    code, page = check(capsys)
    assert code == 0
    tree = parse(page)
    assert tree.one("p", class_="no-findings").all_text() == "No findings in 2 reports."
    assert tree.one("span", id="filter-count").all_text() == "0 of 0 findings shown"
    assert [o.attrs["value"] for o in tree.one("select", id="filter-rule").find("option")] == [
        "all"
    ]
    assert tree.find("li", class_="finding") == []
    assert tree.one("section", id="overview")


def test_one_report_has_no_overview(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_corpus(tmp_path, {"alpha.toml": report_text("alpha")}))
    _, page = check(capsys)
    tree = parse(page)
    assert tree.find("section", id="overview") == []
    assert len(tree.find("section", class_="report")) == 1


def test_a_departure_is_marked_with_its_rationale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Limes (CQC, one `overall` pillar) with its waiver replaced by a departure."""
    text = (ROOT / "reports" / "cqc-asc" / "the-limes-residential-home.toml").read_text("utf-8")
    departure = (
        '[[departures]]\nrule = "CQC105"\npath = "/pillars/overall/grade"\n'
        'rationale = "Rated <Inadequate> as principle 6 says."\n'
    )
    folder = tmp_path / "reports" / "cqc-asc"
    folder.mkdir(parents=True)
    (folder / "limes.toml").write_text(text[: text.index("[[waivers]]")] + departure, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, page = check(capsys, "--rules", str(ROOT / "rules"))
    assert code == 0
    tree = parse(page)
    row = tree.one("table", class_="grades").one("tr", data_path="/pillars/overall")
    item = row.one("li", class_="finding")
    assert (item.attrs["data-rule"], item.attrs["data-state"]) == ("CQC105", "departed")
    assert (
        "Rated <Inadequate> as principle 6 says." in item.one("p", class_="suppression").all_text()
    )
    assert [tr.attrs["data-path"] for tr in tree.find("tr", data_path="*")][:2] == [
        "/pillars/overall",
        "/questions/safe",
    ]


def test_a_scheme_without_pillars_lists_its_areas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports" / "fire-2023-25"
    folder.mkdir(parents=True)
    source = ROOT / "reports" / "fire-2023-25" / "essex.toml"
    (folder / "essex.toml").write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    _, page = check(capsys, "--rules", str(ROOT / "rules"))
    table = parse(page).one("table", class_="grades")
    assert table.one("thead").find("th")[0].all_text() == "Area"
    paths = [tr.attrs["data-path"] for tr in table.find("tr", data_path="*")]
    assert paths[0] == "/questions/understanding_risk"
    assert all(path.startswith("/questions/") for path in paths)


def test_whatever_a_finding_holds_the_page_stays_a_page() -> None:
    """Control characters, markup and workflow commands in every value of a finding, a
    waiver and a file name (tests/test_hardening_output.py): escaped, never passed raw."""
    findings, summary = nasty_run()
    page = FORMATTERS["html"](findings, summary)
    tree = parse(page)
    assert not UNSAFE.search(page)
    assert len(tree.find("li", class_="finding")) == 2
    (section,) = tree.find("section", class_="report")
    assert section.attrs["data-file"] == (
        "reports/50%\\r\\n::error file=x,line=1::pwned\\x1b[31mred\\x00\\x07\\x9b"
        "\\u2028\\u202eevil, a:b.toml"
    )
