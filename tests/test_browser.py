"""The HTML review page (`gradecheck check --format html`) in a real browser (issue 16).

Pages are built with the CLI into the test's temporary folder: Norfolk 2018/19 with its 2017
and 2016 reports (so the cross-report rules run), a mutant of it whose efficiency pillar is
lowered to Requires improvement over two Outstanding questions (PEEL101 at
/pillars/efficiency/grade, as the rule's own example), a report with no finding, and the
whole bundled corpus. Each page is opened from a file:// URL in headless Chromium through
chromedriver (selenium, one browser for the module) and checked against the page's DOM
contract: where each finding sits, the severity and rule filters, the overview's sorting, a
console without errors and axe-core without serious or critical violations (ids unique, and
every id referred to there). Beyond the contract, what only a browser shows: the page does not
scroll sideways at desktop or phone width, and the overview's link to a report lands on its
heading, not under the sticky filter bar. The JSON output of the same run is the oracle for
which findings the page must show.

Screenshots of the Norfolk page and of the overview at desktop (1280x900) and phone (390x844)
widths go to $GRADECHECK_ARTIFACTS, by default tests/artifacts/ under pytest's temporary
folder; their paths are printed. Without Chromium or chromedriver the tests skip and say why.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import struct
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from checker.cli import main
from tests.conftest import REPORTS, ROOT, RULES, tomllib

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


def _find(names: tuple[str, ...], places: tuple[str, ...]) -> str | None:
    """The first of `names` on PATH, else the first of `places` that is an executable file."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in places if os.access(place, os.X_OK)), None)


CHROMIUM = _find(
    ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"),
    ("/usr/bin/chromium", "/usr/lib/chromium/chromium"),
)
CHROMEDRIVER = _find(("chromedriver",), ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"))
HAS_SELENIUM = importlib.util.find_spec("selenium") is not None
HAS_AXE = importlib.util.find_spec("axe_selenium_python") is not None

pytestmark = [
    pytest.mark.skipif(not HAS_SELENIUM, reason="no selenium: pip install -e '.[test]'"),
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH: apt-get install chromium"),
    pytest.mark.skipif(
        CHROMEDRIVER is None, reason="no chromedriver on PATH: apt-get install chromium-driver"
    ),
]

SEVERITIES = ("error", "warning", "info")
DESKTOP = (1280, 900)
PHONE = (390, 844)
SCHEMES = ("peel-2016", "peel-2017", "peel-2018-19")
NORFOLK_FILES = [f"reports/{scheme}/norfolk.toml" for scheme in reversed(SCHEMES)]
NORFOLK_SECTION = 'section.report[data-file="reports/peel-2018-19/norfolk.toml"]'
EFFICIENCY = (
    '[pillars.efficiency]\ngrade = "Outstanding"',
    '[pillars.efficiency]\ngrade = "Requires improvement"',
)


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A review page and the JSON output of the same run (its oracle)."""

    html: Path
    result: dict[str, Any]

    @property
    def url(self) -> str:
        return self.html.as_uri()

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.result["findings"])


def build(folder: Path, name: str, paths: list[str], rules: Path = RULES) -> Page:
    """`gradecheck check PATHS --format html --output NAME.html`, and the same as JSON, run
    from the repository's root (so relative paths name files as the README does)."""
    folder.mkdir(parents=True, exist_ok=True)
    html, data = folder / f"{name}.html", folder / f"{name}.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        for output, form in ((html, "html"), (data, "json")):
            command = ["check", *paths, "--rules", str(rules), "--format", form]
            code = main([*command, "--output", str(output)])
            assert code in (0, 1), f"gradecheck {' '.join(command)} exited {code}"
    return Page(html, json.loads(data.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def pages_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(scope="module")
def norfolk(pages_folder: Path) -> Page:
    """Norfolk 2018/19 with its 2017 and 2016 reports: 5 findings, all in 2018/19."""
    return build(pages_folder, "norfolk", NORFOLK_FILES)


@pytest.fixture(scope="module")
def mutant(pages_folder: Path) -> Page:
    """Norfolk with efficiency Requires improvement over two Outstanding questions."""
    corpus = pages_folder / "mutant"
    for scheme in SCHEMES:
        (corpus / scheme).mkdir(parents=True)
        shutil.copy(REPORTS / scheme / "norfolk.toml", corpus / scheme)
    shutil.copy(REPORTS / "peel-2018-19" / "norfolk.txt", corpus / "peel-2018-19")
    report = corpus / "peel-2018-19" / "norfolk.toml"
    text = report.read_text(encoding="utf-8")
    assert text.count(EFFICIENCY[0]) == 1
    report.write_text(text.replace(*EFFICIENCY), encoding="utf-8")
    return build(pages_folder, "mutant", [str(corpus)])


@pytest.fixture(scope="module")
def clean(pages_folder: Path) -> Page:
    """Norfolk 2016 alone, which has no finding."""
    return build(pages_folder, "clean", ["reports/peel-2016/norfolk.toml"])


@pytest.fixture(scope="module")
def corpus(pages_folder: Path) -> Page:
    """Every bundled report."""
    return build(pages_folder, "corpus", ["reports"])


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """$GRADECHECK_ARTIFACTS, else tests/artifacts/ under pytest's temporary folder."""
    named = os.environ.get("GRADECHECK_ARTIFACTS")
    folder = Path(named) if named else tmp_path_factory.getbasetemp() / "tests" / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """Headless Chromium through the system chromedriver (no Selenium Manager, no network),
    one for the module, with the console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None
    assert CHROMEDRIVER is not None
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "1")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def visit(driver: WebDriver, page: Page) -> None:
    """Open the page afresh (the console log emptied first), at desktop size."""
    driver.get_log("browser")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get("about:blank")
    driver.get(page.url)


def choose(driver: WebDriver, select_id: str, value: str) -> None:
    from selenium.webdriver.support.select import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def numbers(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"\d+", text)]


# Every li.finding: its report section, attributes, whether it is hidden, and the row it is
# attached to: the nearest ancestor with a data-path, or the nearest ancestor's previous
# sibling with one (a list or row "directly after" the value's row).
FINDINGS_JS = """
const rows = {};
for (const section of document.querySelectorAll('section.report')) {
  rows[section.dataset.file] = [...section.querySelectorAll('[data-path]:not(li.finding)')]
    .map(row => row.dataset.path);
}
const findings = [...document.querySelectorAll('li.finding')].map(li => {
  const section = li.closest('section.report');
  let row = null;
  for (let el = li.parentElement; el && el !== section && !row; el = el.parentElement) {
    if (el.hasAttribute('data-path')) row = el;
    else if (el.previousElementSibling && el.previousElementSibling.hasAttribute('data-path'))
      row = el.previousElementSibling;
  }
  return {
    file: section ? section.dataset.file : null,
    rule: li.dataset.rule, severity: li.dataset.severity, path: li.dataset.path,
    state: li.dataset.state, hidden: li.hidden,
    visible: li.checkVisibility ? li.checkVisibility() : li.offsetParent !== null,
    row: row ? row.dataset.path : null,
    row_tag: row ? row.tagName.toLowerCase() : null,
    in_grades: row ? row.closest('table.grades') !== null : null,
  };
});
return {rows: rows, findings: findings};
"""

OVERVIEW_JS = """
return [...document.querySelectorAll('#overview-grid tr[data-force]')].map(tr => ({
  force: tr.dataset.force, findings: tr.dataset.findings, text: tr.textContent.trim(),
}));
"""


def page_findings(driver: WebDriver) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    shown = driver.execute_script(FINDINGS_JS)
    return shown["rows"], shown["findings"]


def state(finding: dict[str, Any]) -> str:
    """A finding's data-state as the JSON output records it."""
    if "waived" in finding:
        return "waived"
    if "departure" in finding:
        return "departed"
    return "baselined" if finding.get("baselined") else "active"


def key(file: str, rule: str, severity: str, path: str, data_state: str) -> tuple[str, ...]:
    return (file, rule, severity, path, data_state)


def concerns(path: str, rows: list[str]) -> str | None:
    """The row a finding at `path` concerns: the longest row path that is `path` or one of its
    ancestors (on a "/" boundary); None when no row is."""
    prefixes = [row for row in rows if row and (path == row or path.startswith(row + "/"))]
    return max(prefixes, key=len, default=None)


# --- where findings sit -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["norfolk", "mutant", "corpus"])
def test_each_finding_sits_in_its_report_next_to_its_row(
    request: pytest.FixtureRequest, browser: WebDriver, name: str
) -> None:
    """Every finding of the run, once, inside its report's section, with its rule, severity,
    path and state, attached to the row of the value it concerns (the longest row path that
    prefixes its own), or to no row when no row concerns it."""
    page: Page = request.getfixturevalue(name)
    visit(browser, page)
    rows, shown = page_findings(browser)
    expected = Counter(
        key(f["file"], f["rule_id"], f["severity"], f["path"], state(f)) for f in page.findings
    )
    got = Counter(key(f["file"], f["rule"], f["severity"], f["path"], f["state"]) for f in shown)
    assert got == expected, (
        f"findings on the page but not in the run: {dict(got - expected)}; "
        f"in the run but not on the page: {dict(expected - got)}"
    )
    assert set(rows) == set(page.result["reports"]), "one section.report per report checked"
    misplaced = []
    for finding in shown:
        want = concerns(finding["path"], rows[finding["file"]])
        if finding["row"] != want:
            misplaced.append((finding["rule"], finding["path"], finding["row"], want))
    assert not misplaced, "findings (rule, path, attached to row, should be row): " + repr(
        misplaced
    )
    assert all(not f["hidden"] and f["visible"] for f in shown), "unfiltered, every one shows"


def test_the_mutants_rollup_error_is_in_the_efficiency_row(
    browser: WebDriver, mutant: Page
) -> None:
    """Efficiency Requires improvement over Outstanding questions: PEEL101, an error at
    /pillars/efficiency/grade, shown in the efficiency pillar's row of the grade table."""
    assert ("PEEL101", "/pillars/efficiency/grade") in {
        (f["rule_id"], f["path"]) for f in mutant.findings
    }
    visit(browser, mutant)
    _, shown = page_findings(browser)
    peel101 = [f for f in shown if f["rule"] == "PEEL101"]
    assert len(peel101) == 1, peel101
    assert peel101[0]["severity"] == "error"
    assert peel101[0]["state"] == "active"
    assert peel101[0]["file"].endswith("peel-2018-19/norfolk.toml")
    assert peel101[0]["row"] == "/pillars/efficiency"
    assert peel101[0]["row_tag"] == "tr"
    assert peel101[0]["in_grades"], "the row is in table.grades"
    summary = browser.find_element("css selector", "#summary[role=status]").text
    counts = mutant.result["summary"]
    for count in (counts["findings"], *(counts[severity] for severity in SEVERITIES)):
        assert count in numbers(summary), (count, summary)
    assert not browser.find_elements("css selector", "p.no-findings")


def test_norfolk_section_and_grade_table(browser: WebDriver, norfolk: Page) -> None:
    """The Norfolk 2018/19 section, named as the README names the file, holds a grade table
    with a row for each pillar and question."""
    visit(browser, norfolk)
    section = browser.find_element(
        "css selector", 'main#review section.report[data-file="reports/peel-2018-19/norfolk.toml"]'
    )
    paths = {
        row.get_attribute("data-path")
        for row in section.find_elements("css selector", "table.grades tr[data-path]")
    }
    report = tomllib.loads((ROOT / NORFOLK_FILES[0]).read_text(encoding="utf-8"))
    want = {f"/pillars/{pillar}" for pillar in report["pillars"]} | {
        f"/questions/{question}" for question in report["questions"]
    }
    assert want <= paths, f"rows missing: {sorted(want - paths)}"


def test_a_run_without_findings_says_so(browser: WebDriver, clean: Page) -> None:
    assert clean.findings == []
    visit(browser, clean)
    assert browser.find_elements("css selector", "p.no-findings")
    assert not browser.find_elements("css selector", "li.finding")
    assert browser.find_element("css selector", "#summary[role=status]").text.strip()


# --- filters ----------------------------------------------------------------------------


def test_filters_hide_and_show_findings(browser: WebDriver, mutant: Page) -> None:
    """The severity filter (all, error, warning, info) and the rule filter (all and each rule
    of the page's findings) hide the others with the `hidden` attribute, together, and
    #filter-count says how many are shown."""
    from selenium.webdriver.support.select import Select

    visit(browser, mutant)
    severity = Select(browser.find_element("id", "filter-severity"))
    assert [o.get_attribute("value") for o in severity.options] == ["all", *SEVERITIES]
    rule = Select(browser.find_element("id", "filter-rule"))
    values = [o.get_attribute("value") for o in rule.options]
    rules = {f["rule_id"] for f in mutant.findings}
    assert values[0] == "all"
    assert len(values) == len(set(values))
    assert rules <= set(values), f"rule filter lacks {sorted(rules - set(values))}"
    counter = browser.find_element("css selector", "#filter-count[aria-live=polite]")

    cases = [
        ("error", "all"),
        ("warning", "all"),
        ("info", "all"),
        ("all", "PEEL502"),
        ("error", "PEEL101"),
        ("warning", "PEEL101"),  # PEEL101 is an error: nothing shows
        ("all", "all"),
    ]
    for wanted_severity, wanted_rule in cases:
        choose(browser, "filter-severity", wanted_severity)
        choose(browser, "filter-rule", wanted_rule)
        _, shown = page_findings(browser)
        expected = [
            (wanted_severity in ("all", f["severity"])) and (wanted_rule in ("all", f["rule"]))
            for f in shown
        ]
        wrong = [
            (f["rule"], f["severity"], f["path"], "hidden" if f["hidden"] else "shown")
            for f, show in zip(shown, expected, strict=True)
            if f["hidden"] == show
        ]
        assert not wrong, f"severity={wanted_severity} rule={wanted_rule}: wrongly {wrong}"
        invisible = [
            f["path"] for f, show in zip(shown, expected, strict=True) if f["visible"] != show
        ]
        assert not invisible, f"`hidden` and what shows disagree: {invisible}"
        assert sum(expected) in numbers(counter.text), (
            f"severity={wanted_severity} rule={wanted_rule}: {sum(expected)} shown, "
            f"#filter-count says {counter.text!r}"
        )
    assert sum(expected) == len(mutant.findings)


# --- the overview -----------------------------------------------------------------------


def force_of(file: str) -> str:
    return str(tomllib.loads((ROOT / file).read_text(encoding="utf-8"))["force"])


def test_overview_one_row_per_report(browser: WebDriver, corpus: Page) -> None:
    """#overview-grid has a row per report checked (force and scheme), its data-force the
    report's force and data-findings its number of findings, and inline distribution charts."""
    visit(browser, corpus)
    browser.find_element("css selector", "section#overview table#overview-grid")
    rows = browser.execute_script(OVERVIEW_JS)
    reports = corpus.result["reports"]
    assert len(rows) == len(reports), f"{len(rows)} rows for {len(reports)} reports"
    assert Counter(r["force"] for r in rows) == Counter(force_of(file) for file in reports)
    counted = {
        "all": Counter(f["file"] for f in corpus.findings),
        "active": Counter(f["file"] for f in corpus.findings if state(f) == "active"),
    }
    shown = sorted((r["force"], int(r["findings"])) for r in rows)
    matches = [
        how
        for how, count in counted.items()
        if shown == sorted((force_of(file), count[file]) for file in reports)
    ]
    assert matches, f"data-findings counts neither all findings nor active ones: {shown}"
    charts = browser.find_elements("css selector", "#overview svg.distribution")
    assert charts, "no svg.distribution in #overview"
    assert all(chart.size["width"] > 0 and chart.size["height"] > 0 for chart in charts)


def test_overview_sorts_by_force_and_by_findings(browser: WebDriver, corpus: Page) -> None:
    """Each sort button orders the rows by its key (either way round), keeping every row."""
    visit(browser, corpus)
    rows = Counter(
        (r["force"], r["findings"], r["text"]) for r in browser.execute_script(OVERVIEW_JS)
    )
    orders = []
    for sort in ("findings", "force", "findings", "force"):
        browser.find_element("css selector", f'#overview button[data-sort="{sort}"]').click()
        after = browser.execute_script(OVERVIEW_JS)
        keys = [int(r["findings"]) if sort == "findings" else r["force"] for r in after]
        assert keys in (sorted(keys), sorted(keys, reverse=True)), f"sorted by {sort}: {keys}"
        assert Counter((r["force"], r["findings"], r["text"]) for r in after) == rows
        orders.append([r["text"] for r in after])
    assert orders[0] != orders[1], "sorting by force after findings reordered nothing"


# --- console and accessibility ----------------------------------------------------------


def exercise(driver: WebDriver) -> None:
    """Every filter value and every sort button, as a reader would."""
    from selenium.webdriver.support.select import Select

    for select_id in ("filter-severity", "filter-rule"):
        for select in driver.find_elements("id", select_id):
            for option in [o.get_attribute("value") for o in Select(select).options]:
                choose(driver, select_id, str(option))
            choose(driver, select_id, "all")
    for button in driver.find_elements("css selector", "button[data-sort]"):
        button.click()


@pytest.mark.parametrize("name", ["norfolk", "mutant", "clean", "corpus"])
def test_console_has_no_errors(
    request: pytest.FixtureRequest, browser: WebDriver, name: str
) -> None:
    page: Page = request.getfixturevalue(name)
    visit(browser, page)
    exercise(browser)
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, "\n".join(entry["message"] for entry in errors)


# axe-core's duplicate-id rules search the whole document once per id: on the corpus page
# (2,500 ids, 25,000 elements) they take two minutes. test_ids_are_unique checks the same in
# one pass. The corpus page's report sections are drawn as the Norfolk pages' are (checked
# whole), so there axe looks at what only it has, the overview.
AXE_OPTIONS = {
    "rules": {
        rule: {"enabled": False}
        for rule in ("duplicate-id", "duplicate-id-aria", "duplicate-id-active")
    }
}
AXE_CONTEXT = {"norfolk": None, "mutant": None, "clean": None, "corpus": "#overview"}
AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(arguments[0] || document, arguments[1])
  .then(results => done(results.violations), error => done(String(error)));
"""


@pytest.mark.skipif(not HAS_AXE, reason="no axe-selenium-python: pip install -e '.[test]'")
@pytest.mark.parametrize("name", list(AXE_CONTEXT))
def test_axe_finds_no_serious_violation(
    request: pytest.FixtureRequest, browser: WebDriver, name: str
) -> None:
    """axe-core (as axe-selenium-python ships it) finds nothing serious or critical."""
    from axe_selenium_python import Axe

    page: Page = request.getfixturevalue(name)
    visit(browser, page)
    Axe(browser).inject()
    violations = browser.execute_async_script(AXE_RUN_JS, AXE_CONTEXT[name], AXE_OPTIONS)
    assert isinstance(violations, list), f"axe.run failed: {violations}"
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. "
        f"{v['nodes'][0]['target']} {v['nodes'][0]['html'][:200]!r}: "
        f"{v['nodes'][0]['failureSummary']!r})"
        for v in serious
    )
    assert not serious, report


@pytest.mark.parametrize("name", ["norfolk", "mutant", "clean", "corpus"])
def test_ids_are_unique(request: pytest.FixtureRequest, browser: WebDriver, name: str) -> None:
    """No id twice (what axe's duplicate-id rules check), and every id that an aria-*
    attribute, headers, for or a fragment link refers to exists."""
    page: Page = request.getfixturevalue(name)
    visit(browser, page)
    duplicated, dangling = browser.execute_script(IDS_JS)
    assert not duplicated, f"ids used more than once: {duplicated[:20]}"
    assert not dangling, f"references to no id: {dangling[:20]}"


IDS_JS = """
const seen = new Set(), duplicated = new Set();
for (const el of document.querySelectorAll('[id]')) {
  if (seen.has(el.id)) duplicated.add(el.id); else seen.add(el.id);
}
const dangling = [];
const lists = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'headers'];
for (const name of [...lists, 'for', 'aria-activedescendant']) {
  for (const el of document.querySelectorAll(`[${name}]`)) {
    for (const id of el.getAttribute(name).split(/\\s+/).filter(Boolean)) {
      if (!seen.has(id)) dangling.push(`${el.tagName.toLowerCase()}[${name}=${id}]`);
    }
  }
}
for (const a of document.querySelectorAll('a[href^="#"]')) {
  const id = decodeURIComponent(a.getAttribute('href').slice(1));
  if (id && !seen.has(id)) dangling.push(`a[href=#${id}]`);
}
return [[...duplicated], dangling];
"""


# --- screen sizes and screenshots ------------------------------------------------------


def emulate(driver: WebDriver, width: int, height: int) -> None:
    """A viewport of exactly this size; below 600 px wide, a phone's (meta viewport obeyed)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


# An element as a selector would name it, with its nearest ancestor that has an id.
DESCRIBE_JS = """
const describe = el => {
  const one = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.classList.length ? '.' + [...e.classList].join('.') : '');
  const named = el.parentElement && el.parentElement.closest('[id]');
  return one(el) + (named && !el.id ? ' in ' + one(named) : '');
};
"""

# What sticks out sideways: elements wider than the page whose parent is not, and
# out-of-flow elements placed past its right edge.
SIDEWAYS_JS = (
    DESCRIBE_JS
    + """
const width = document.documentElement.clientWidth;
const past = el => el.getBoundingClientRect().right > width + 1;
const name = el => describe(el)
  + ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`;
const all = [...document.body.querySelectorAll('*')];
const scrolls = el => el !== document.body && getComputedStyle(el).overflowX !== 'visible';
const clipped = el => {  // by a scrolling region around its containing block
  for (let up = el.offsetParent; up && up !== document.body; up = up.parentElement) {
    if (scrolls(up)) return true;
  }
  return false;
};
const wide = all.filter(el => past(el) && !past(el.parentElement) && !scrolls(el.parentElement));
const placed = all.filter(el => past(el) && !clipped(el)
  && ['absolute', 'fixed'].includes(getComputedStyle(el).position));
return {width: width, scroll: document.documentElement.scrollWidth,
        wide: wide.slice(0, 5).map(name), placed: placed.length,
        placed_first: placed.slice(0, 3).map(name)};
"""
)


@pytest.mark.parametrize(("width", "height"), [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", ["norfolk", "corpus"])
def test_the_page_does_not_scroll_sideways(
    request: pytest.FixtureRequest, browser: WebDriver, name: str, width: int, height: int
) -> None:
    """The page fits the screen's width; wide tables scroll in their own region."""
    page: Page = request.getfixturevalue(name)
    visit(browser, page)
    emulate(browser, width, height)
    browser.get(page.url)
    found = browser.execute_script(SIDEWAYS_JS)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert found["scroll"] <= found["width"], (
        f"at {width} px the page is {found['scroll']} px wide; sticking out: {found['wide']}; "
        f"{found['placed']} absolutely placed elements past the edge, e.g. {found['placed_first']}"
    )


# The heading of the element a fragment link leads to: in view, and not under anything.
LANDED_JS = (
    DESCRIBE_JS
    + """
const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
if (!target) return null;
const heading = target.matches('h1,h2,h3,h4') ? target : target.querySelector('h1,h2,h3,h4');
const box = (heading || target).getBoundingClientRect();
const top = document.elementFromPoint(box.left + 4, box.top + Math.min(box.height / 2, 10));
return {text: (heading || target).textContent.trim().slice(0, 60), top: Math.round(box.top),
        covered_by: top && !(heading || target).contains(top) ? describe(top) : null};
"""
)


def test_an_overview_link_shows_its_reports_heading(browser: WebDriver, norfolk: Page) -> None:
    """Following the overview's link to Norfolk 2018/19 shows that report's heading, not
    hidden under the page's sticky bar."""
    visit(browser, norfolk)
    links = browser.find_elements(
        "css selector", '#overview-grid tr[data-force="norfolk"] a[href^="#"]'
    )
    wanted = [
        link
        for link in links
        if browser.execute_script(
            "const t = document.getElementById(arguments[0].hash.slice(1));"
            "return !!t && !!t.closest(arguments[1]);",
            link,
            NORFOLK_SECTION,
        )
    ]
    assert wanted, "no link in the overview's Norfolk rows leads into the 2018/19 section"
    wanted[0].click()
    landed = browser.execute_script(LANDED_JS)
    assert landed is not None
    assert landed["top"] >= 0, landed
    assert landed["covered_by"] is None, (
        f"the heading {landed['text']!r} lies under {landed['covered_by']} (top {landed['top']}px)"
    )


SHOTS = (
    ("norfolk-top", "norfolk", None),
    ("norfolk", "norfolk", NORFOLK_SECTION),
    ("overview", "corpus", "#overview"),
)


@pytest.mark.parametrize(("width", "height"), [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(
    request: pytest.FixtureRequest, browser: WebDriver, artifacts: Path, width: int, height: int
) -> None:
    """The Norfolk page (its top, and its 2018/19 report) and the corpus overview, as test
    artifacts; their paths are printed."""
    size = "desktop" if (width, height) == DESKTOP else "phone"
    for shot, name, target in SHOTS:
        page: Page = request.getfixturevalue(name)
        visit(browser, page)
        emulate(browser, width, height)
        if target:
            browser.execute_script("document.querySelector(arguments[0]).scrollIntoView()", target)
        path = artifacts / f"{shot}-{size}.png"
        assert browser.save_screenshot(str(path))
        print(f"screenshot: {path}")
        assert png_size(path) == (width, height)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
