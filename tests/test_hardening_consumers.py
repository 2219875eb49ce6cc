"""Valid in the consumers people use (issue 13, part 6, JUnit and SARIF): JUnit uses only
the elements and attributes of the Jenkins JUnit schema (junit-10.xsd), and a passing gate
has no failed test case; SARIF carries `driver.fullName`, `informationUri`, each rule's
`helpUri` and `automationDetails` and still validates against the SARIF 2.1.0 schema."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker import HOMEPAGE
from checker.run import README_RULES_ANCHOR
from tests.gate_support import ARMED_RESPONSE_WITHOUT_YEAR, OUTSTANDING_EFFECTIVENESS
from tests.test_formats import sarif_errors
from tests.test_hardening_no_traceback import corpus_with, run

# What junit-10.xsd (jenkinsci/xunit-plugin) allows of what gradecheck writes: each element,
# its attributes (required ones first, upper case) and the elements it may hold.
JUNIT_10 = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set(), {"testsuite"}),
    "testsuite": (
        {
            "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file",
            "log", "url",
        },
        {"name", "tests", "failures", "errors"},
        {"testsuite", "properties", "testcase", "system-out", "system-err"},
    ),
    "testcase": (
        {"time", "classname", "group"},
        {"name"},
        {"skipped", "error", "failure", "system-out", "system-err"},
    ),
    "failure": ({"type", "message"}, set(), set()),
    "system-out": (set(), set(), set()),
}  # fmt: skip


def junit_problems(element: ET.Element) -> list[str]:
    """Where `element` and its children leave what JUNIT_10 allows."""
    if element.tag not in JUNIT_10:
        return [f"element {element.tag}"]
    optional, required, children = JUNIT_10[element.tag]
    problems = [
        f"{element.tag}@{name}" for name in element.attrib if name not in optional | required
    ]
    problems += [f"{element.tag} lacks @{name}" for name in required if name not in element.attrib]
    for child in element:
        if child.tag not in children:
            problems.append(f"{child.tag} inside {element.tag}")
        problems += junit_problems(child)
    return problems


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A report with an error and a warning, and a report with a warning only."""
    monkeypatch.chdir(tmp_path)
    corpus_with(tmp_path, "", OUTSTANDING_EFFECTIVENESS, ARMED_RESPONSE_WITHOUT_YEAR)
    (tmp_path / "reports" / "peel-2018-19" / "beta.toml").write_text(
        (tmp_path / "reports" / "peel-2018-19" / "alpha.toml")
        .read_text(encoding="utf-8")
        .replace('effectiveness = { grade = "Outstanding" }', 'effectiveness = { grade = "Good" }')
        .replace('force = "alpha"', 'force = "beta"'),
        encoding="utf-8",
    )
    return tmp_path


def test_junit_uses_only_what_junit_10_allows(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """`testcase@file` and `testsuites@skipped` were refused by the schema."""
    _, out, _ = run(capsys, "check", "--format", "junit")
    assert junit_problems(ET.fromstring(out)) == []


@pytest.mark.parametrize(
    ("fail_on", "failed"),
    [
        ("error", {"alpha": ["PEEL101"]}),
        ("warning", {"alpha": ["PEEL101", "PEEL102", "PEEL208"], "beta": ["PEEL208"]}),
    ],
)
def test_junit_fails_what_fails_the_run(
    capsys: pytest.CaptureFixture[str], corpus: Path, fail_on: str, failed: dict[str, list[str]]
) -> None:
    """Warnings and infos fail no test case unless --fail-on makes them fail the run: they are
    shown in the case's system-out."""
    code, out, _ = run(capsys, "check", "--format", "junit", "--fail-on", fail_on)
    root = ET.fromstring(out)
    failing = {
        suite.get("name", "").split("/")[-1].removesuffix(".toml"): [
            case.get("name", "").split()[0] for case in suite if case.find("failure") is not None
        ]
        for suite in root
    }
    assert {name: cases for name, cases in failing.items() if cases} == failed
    assert root.get("failures") == str(sum(map(len, failed.values())))
    assert code == 1


def test_a_passing_gate_has_no_failed_test_case(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """Only warnings: the gate passes (exit 0), and the JUnit file shows no failure."""
    code, out, _ = run(capsys, "check", "--format", "junit", "reports/peel-2018-19/beta.toml")
    assert code == 0
    root = ET.fromstring(out)
    assert root.get("failures") == "0"
    assert not list(root.iter("failure"))
    (case,) = [c for c in root.iter("testcase") if c.find("system-out") is not None]
    assert (case.findtext("system-out") or "").endswith("[below --fail-on error]")


def test_sarif_names_the_tool_and_the_analysis(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    _, out, _ = run(capsys, "check", "--format", "sarif")
    document = json.loads(out)
    assert sarif_errors(document) == []
    (run_,) = document["runs"]
    assert run_["tool"]["driver"]["fullName"].startswith("gradecheck 0.")
    assert run_["automationDetails"] == {"id": "gradecheck/"}


def test_sarif_links_the_tool_and_each_rule_to_their_docs(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """`informationUri` is the project's home page; a rule set that names no `help_url`
    links each rule to the README's account of rules, a section the README has."""
    _, out, _ = run(capsys, "check", "--format", "sarif")
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == HOMEPAGE
    assert driver["rules"]
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"{HOMEPAGE}#{README_RULES_ANCHOR}", rule["id"]
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    slugs = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", readme, flags=re.MULTILINE)
    }
    assert README_RULES_ANCHOR in slugs


def test_a_rule_sets_help_url_names_each_rule(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    scheme = corpus / "rules" / "peel-2018-19" / "scheme.toml"
    text = scheme.read_text(encoding="utf-8")
    scheme.write_text(
        text.replace(
            "\n[grades]", '\nhelp_url = "https://docs.example.org/rules/{id}#{name}"\n[grades]', 1
        ),
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "check", "--format", "sarif")
    document = json.loads(out)
    assert sarif_errors(document) == []
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules if r["id"] == "PEEL101"} == {
        f"https://docs.example.org/rules/PEEL101#{r['name']}" for r in rules if r["id"] == "PEEL101"
    }


@pytest.mark.parametrize("url", ["docs.example.org/{id}", "https://x.org/{rule}", "https://x .org"])
def test_a_help_url_that_is_not_a_url_template_is_an_input_error(
    capsys: pytest.CaptureFixture[str], corpus: Path, url: str
) -> None:
    scheme = corpus / "rules" / "peel-2018-19" / "scheme.toml"
    text = scheme.read_text(encoding="utf-8")
    scheme.write_text(
        text.replace("\n[grades]", f'\nhelp_url = "{url}"\n[grades]', 1), encoding="utf-8"
    )
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, "")
    (line,) = err.splitlines()  # once, though two reports use the rule set
    assert line.startswith("rules/peel-2018-19/scheme.toml:")
    assert ": help_url: must be an http(s) URL" in line


def test_the_home_page_is_pyprojects() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["urls"]["Homepage"] == HOMEPAGE
