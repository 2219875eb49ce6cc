"""Output formats: snapshots on a mixed and a clean corpus, SARIF against the official schema,
JUnit and GitHub structure, statistics, colour and --output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from checker.cli.parser import FORMATS
from checker.model.findings import Finding, Severity
from checker.output import FORMATTERS
from tests import gate_support
from tests.conftest import tomllib
from tests.gate_support import (
    ARMED_RESPONSE_WITHOUT_YEAR,
    DATA,
    OUTSTANDING_EFFECTIVENESS,
    PLACEHOLDER_AFI,
    TODAY,
    UNADDRESSED_CONCERN,
    assert_snapshot,
    make_corpus,
    report_text,
    run,
)

WAIVER = """
[[waivers]]
rule = "outstanding-pillar-over-weak-question"
path = "/pillars/effectiveness"
reason = "The published report grades it so; raised with the inspectorate."
owner = "encoding-team"
expires = 2026-06-30
"""
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "txt",
    "html": "html",
}


def mixed_reports() -> dict[str, str]:
    """Findings of every severity, in two of three reports, one of them waived."""
    return {
        "alpha.toml": report_text(
            "alpha",
            OUTSTANDING_EFFECTIVENESS,
            ARMED_RESPONSE_WITHOUT_YEAR,
            PLACEHOLDER_AFI,
            extra=WAIVER,
        ),
        "beta.toml": report_text("beta", UNADDRESSED_CONCERN),
        "gamma.toml": report_text("gamma"),
    }


def clean_reports() -> dict[str, str]:
    return {"alpha.toml": report_text("alpha"), "beta.toml": report_text("beta")}


CORPORA = {"mixed": mixed_reports, "clean": clean_reports}


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(make_corpus(tmp_path, mixed_reports()))
    return tmp_path


@pytest.fixture
def clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(make_corpus(tmp_path, clean_reports()))
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run(capsys, "check", "--today", TODAY, *args)


def sarif_errors(document: Any) -> list[str]:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema belongs in the test extra; install it to validate SARIF"
    )
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


EXPIRED_WAIVER = """
[[waivers]]
rule = "NOTE001"
reason = "Text to follow."
owner = "ana"
expires = 2025-12-31
"""
WAIVERS_FILE = """[[waiver]]
report = "reports/peel-2018-19/beta.toml"
rule = "PEEL405"
path = "/hmi_concerns/0"
reason = "Raised with the inspectorate."
owner = "ben"
expires = 2026-02-01

[[waiver]]
report = "reports/peel-2018-19/gamma.toml"
rule = "PEEL101"
reason = "Fixed since."
owner = "ben"
expires = 2026-02-01
"""


def gate_corpus(root: Path) -> None:
    """Every way a finding can be shown: failing, waived in the report or in a waivers file,
    baselined; an expired and an unused waiver; a baseline entry no longer found."""
    reports = mixed_reports()
    reports["alpha.toml"] += EXPIRED_WAIVER
    make_corpus(root, reports)
    (root / "waivers.toml").write_text(WAIVERS_FILE, encoding="utf-8")
    alpha = "reports/peel-2018-19/alpha.toml"
    recorded = [
        ("PEEL208", "inspected-without-last-inspected", "/questions/armed_response/last_inspected"),
        ("PEEL001", "missing-question", "/questions/planning_for_future"),  # not found: fixed
    ]
    entries = [
        {
            "file": alpha,
            "rule_id": rule_id,
            "path": path,
            "rule_name": name,
            "message": "m",
            "fingerprint": Finding(
                rule_id, name, Severity.ERROR, "m", alpha, path, 1, 1
            ).fingerprint,
        }
        for rule_id, name, path in recorded
    ]
    baseline = {"version": 1, "findings": entries}
    (root / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")


GATE_OPTIONS = ("--waivers", "waivers.toml", "--baseline", "baseline.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_gate_snapshot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Waived, baselined and fixed findings and waiver findings, in each format."""
    gate_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, "--format", fmt, *GATE_OPTIONS)
    assert (code, err) == (1, "")
    assert_snapshot(f"gate.{fmt}.{EXTENSIONS[fmt]}", out)


def test_gate_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, out, _ = check(capsys, *GATE_OPTIONS)
    lines = out.splitlines()
    assert lines[-1] == (
        "4 findings (2 errors, 1 warning, 1 info) in 3 reports; 2 waived, 1 baselined, "
        "1 fixed since the baseline."
    )
    assert sum(line.endswith("[baselined]") for line in lines) == 1
    assert sum("[waived: " in line for line in lines) == 2
    assert {line.split()[1] for line in lines if " GC00" in line} == {"GC001", "GC002"}


def test_gate_sarif_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, out, _ = check(capsys, "--format", "sarif", *GATE_OPTIONS)
    document = json.loads(out)
    assert sarif_errors(document) == []
    rules = [rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]]
    assert {"GC001", "GC002"} <= set(rules)


def test_every_format_is_offered_on_the_command_line() -> None:
    """The --format choices (kept literal so --help stays light) are the registered formatters."""
    assert set(FORMATS) == set(FORMATTERS)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    corpus: str,
    fmt: str,
) -> None:
    """Each format renders each corpus exactly as its snapshot."""
    monkeypatch.chdir(make_corpus(tmp_path, CORPORA[corpus]()))
    code, out, err = check(capsys, "--format", fmt)
    assert err == ""
    assert code == (1 if corpus == "mixed" else 0)
    assert_snapshot(f"{corpus}.{fmt}.{EXTENSIONS[fmt]}", out)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_statistics_snapshot(capsys: pytest.CaptureFixture[str], mixed: Path, fmt: str) -> None:
    """--statistics adds counts per rule; the text summary line stays last."""
    _, out, _ = check(capsys, "--format", fmt, "--statistics")
    assert_snapshot(f"mixed.{fmt}.statistics.{EXTENSIONS[fmt]}", out)


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_snapshots_cannot_be_updated_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    """Under CI=true, GRADECHECK_UPDATE_SNAPSHOTS=1 fails the test and rewrites nothing, even
    when the output matches (a rewrite in CI would let any output change pass)."""
    monkeypatch.setattr(gate_support, "SNAPSHOTS", tmp_path)
    (tmp_path / "kept.txt").write_text("old\n", encoding="utf-8")
    monkeypatch.setenv("GRADECHECK_UPDATE_SNAPSHOTS", "1")
    monkeypatch.setenv("CI", ci)
    for actual in ("new\n", "old\n"):
        with pytest.raises(pytest.fail.Exception, match="snapshots cannot be updated in CI"):
            assert_snapshot("kept.txt", actual)
        with pytest.raises(pytest.fail.Exception, match="snapshots cannot be updated in CI"):
            assert_snapshot("absent.txt", actual)
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]
    assert (tmp_path / "kept.txt").read_text(encoding="utf-8") == "old\n"


def test_snapshots_are_compared_in_ci_and_updated_only_outside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In CI without the variable a snapshot is compared; outside CI the variable rewrites it."""
    monkeypatch.setattr(gate_support, "SNAPSHOTS", tmp_path)
    (tmp_path / "kept.txt").write_text("old\n", encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("GRADECHECK_UPDATE_SNAPSHOTS", raising=False)
    assert_snapshot("kept.txt", "old\n")
    with pytest.raises(AssertionError, match=r"output differs from snapshot kept\.txt"):
        assert_snapshot("kept.txt", "new\n")
    monkeypatch.setenv("CI", "false")
    monkeypatch.setenv("GRADECHECK_UPDATE_SNAPSHOTS", "1")
    assert_snapshot("kept.txt", "new\n")
    assert (tmp_path / "kept.txt").read_text(encoding="utf-8") == "new\n"


def test_text_marks_waived_findings_and_counts_them(
    capsys: pytest.CaptureFixture[str], mixed: Path
) -> None:
    """A waived finding keeps its line, with the waiver's reason; the summary counts it."""
    _, out, _ = check(capsys)
    waived = [line for line in out.splitlines() if "PEEL102" in line]
    assert waived == [
        "reports/peel-2018-19/alpha.toml:24:19: PEEL102 warning pillar effectiveness is "
        "Outstanding although a question under it is Requires improvement "
        "(outstanding-pillar-over-weak-question) [waived: The published report grades it so; "
        "raised with the inspectorate.]"
    ]
    assert out.splitlines()[-1] == (
        "4 findings (1 error, 2 warnings, 1 info) in 3 reports; 1 waived."
    )


def test_statistics_count_each_rule(capsys: pytest.CaptureFixture[str], mixed: Path) -> None:
    """Statistics give count, id and name per rule that found something, waived ones apart."""
    _, out, _ = check(capsys, "--statistics")
    lines = out.splitlines()
    assert "    1  PEEL102  outstanding-pillar-over-weak-question (1 waived)" not in lines
    assert "    0  PEEL102  outstanding-pillar-over-weak-question (1 waived)" in lines
    assert "    1  PEEL405  hmi-concern-unaddressed" in lines
    assert lines[-1].endswith("1 waived.")


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_sarif_validates_against_the_official_schema(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    corpus: str,
) -> None:
    """SARIF output is valid SARIF 2.1.0."""
    monkeypatch.chdir(make_corpus(tmp_path, CORPORA[corpus]()))
    _, out, _ = check(capsys, "--format", "sarif")
    assert sarif_errors(json.loads(out)) == []


def test_sarif_content(capsys: pytest.CaptureFixture[str], mixed: Path) -> None:
    """Rules carry their docs; results carry id, level, message, physical and logical place."""
    _, out, _ = check(capsys, "--format", "sarif")
    (run_,) = json.loads(out)["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    peel101 = next(r for r in rules if r["id"] == "PEEL101")
    assert peel101["name"] == "pillar-outside-question-range"
    assert peel101["defaultConfiguration"] == {"level": "error"}
    assert "## Why is this bad?" in peel101["help"]["markdown"]
    results = {r["ruleId"]: r for r in run_["results"]}
    assert {r["level"] for r in run_["results"]} == {"error", "warning", "note"}
    result = results["PEEL101"]
    assert rules[result["ruleIndex"]]["id"] == "PEEL101"
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "reports/peel-2018-19/alpha.toml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 24, "startColumn": 19},
    }
    assert location["logicalLocations"] == [
        {
            "name": "effectiveness",
            "fullyQualifiedName": "alpha/peel-2018-19/effectiveness",
            "kind": "pillar",
        }
    ]
    question = results["PEEL208"]["locations"][0]["logicalLocations"][0]
    assert question["fullyQualifiedName"] == "alpha/peel-2018-19/effectiveness/armed_response"
    afi = results["NOTE001"]["locations"][0]["logicalLocations"][0]
    assert afi["fullyQualifiedName"] == "alpha/peel-2018-19/effectiveness/investigating_crime"
    (suppression,) = results["PEEL102"]["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"].startswith("The published report grades it so")
    assert "suppressions" not in result
    assert str(mixed) not in out  # no absolute paths


def test_junit_one_suite_per_report_one_case_per_rule(
    capsys: pytest.CaptureFixture[str], mixed: Path
) -> None:
    """Passing rules are passing test cases; each finding that fails the run (at or above
    --fail-on) is a failure; waived ones, and those below --fail-on, fail nothing."""
    _, out, _ = check(capsys, "--format", "junit", "--fail-on", "info")
    root = ET.fromstring(out)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert sorted(suites) == [f"reports/peel-2018-19/{n}.toml" for n in ("alpha", "beta", "gamma")]
    rules = 32
    gamma = suites["reports/peel-2018-19/gamma.toml"]
    assert (gamma.get("tests"), gamma.get("failures")) == (str(rules), "0")
    assert all(not list(case) for case in gamma.iter("testcase"))
    alpha = suites["reports/peel-2018-19/alpha.toml"]
    # A report with waivers is also tested for unused and expired waivers (GC001, GC002).
    assert (alpha.get("tests"), alpha.get("failures")) == (str(rules + 2), "3")
    cases = {case.get("name"): case for case in alpha.iter("testcase")}
    (failure,) = cases["PEEL101 pillar-outside-question-range"].findall("failure")
    assert failure.get("type") == "error"
    assert failure.get("message", "").startswith("pillar effectiveness is graded Outstanding")
    waived = cases["PEEL102 outstanding-pillar-over-weak-question"]
    assert waived.findall("failure") == []
    assert "[waived: " in (waived.findtext("system-out") or "")
    assert root.get("failures") == "4"
    # By default (--fail-on error) the warning and the info are shown, not failed.
    _, out, _ = check(capsys, "--format", "junit")
    root = ET.fromstring(out)
    assert root.get("failures") == "1"
    note = next(c for c in root.iter("testcase") if c.get("name", "").startswith("NOTE001"))
    assert note.findall("failure") == []
    assert (note.findtext("system-out") or "").endswith("[below --fail-on error]")


def test_github_annotations(capsys: pytest.CaptureFixture[str], mixed: Path) -> None:
    """One workflow command per finding; info becomes notice; a summary line ends the output."""
    _, out, _ = check(capsys, "--format", "github")
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=reports/peel-2018-19/alpha.toml,line=24,col=19,title=PEEL101::pillar "
        "effectiveness is graded Outstanding but its questions range from Requires improvement "
        "to Good (pillar-outside-question-range)"
    )
    assert any(line.startswith("::notice ") and "title=NOTE001" in line for line in lines)
    waived = next(line for line in lines if "title=PEEL102" in line)
    assert waived.startswith("::notice ")
    assert "[waived: " in waived
    assert lines[-1] == "4 findings (1 error, 2 warnings, 1 info) in 3 reports; 1 waived."


def test_github_escapes_command_characters() -> None:
    """Newlines and percent signs in messages, commas and colons in files are escaped."""
    from checker.model.findings import Finding, Severity
    from checker.output.github import render
    from checker.output.summary import RunSummary

    finding = Finding("X001", "x", Severity.ERROR, "50%\nsecond", "a,b:c.toml", "", 1, 2)
    out = render([finding], RunSummary(("a,b:c.toml",), 1))
    assert (
        out.splitlines()[0]
        == "::error file=a%2Cb%3Ac.toml,line=1,col=2,title=X001::50%25%0Asecond (x)"
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str], mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ANSI colour on a terminal; none when NO_COLOR is set or output is not a terminal."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, piped, _ = check(capsys)
    assert "\x1b[" not in piped
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    check(capsys)
    coloured = terminal.getvalue()
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert coloured.count("\n") == piped.count("\n")
    monkeypatch.setenv("NO_COLOR", "1")
    terminal.seek(0)
    terminal.truncate()
    check(capsys)
    assert terminal.getvalue() == piped


def test_no_colour_in_output_files(
    capsys: pytest.CaptureFixture[str], mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--output never gets colour, even when standard output is a terminal."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", Terminal())
    check(capsys, "--output", "out.txt")
    assert "\x1b[" not in (mixed / "out.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_holds_what_stdout_would(
    capsys: pytest.CaptureFixture[str], mixed: Path, fmt: str
) -> None:
    """--output FILE writes exactly the format's output; the summary line goes to stderr."""
    code, printed, _ = check(capsys, "--format", fmt)
    code_to_file, out, err = check(capsys, "--format", fmt, "--output", "gate/result.out")
    assert (code_to_file, out) == (code, "")
    assert (mixed / "gate" / "result.out").read_text(encoding="utf-8") == printed
    assert err == "4 findings (1 error, 2 warnings, 1 info) in 3 reports; 1 waived.\n"
    assert sorted(p.name for p in (mixed / "gate").iterdir()) == ["result.out"]


def test_sarif_through_python_dash_m(mixed: Path) -> None:
    """`python -m checker check --format sarif` prints valid SARIF and exits 1 on errors."""
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--format", "sarif", "--today", TODAY],
        cwd=mixed,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert sarif_errors(json.loads(result.stdout)) == []


def test_sarif_uses_file_uris_for_reports_outside_the_working_folder() -> None:
    """A report outside the folder gradecheck runs in has no base to be relative to."""
    from checker.output.sarif import render
    from checker.output.summary import RunSummary

    finding = Finding("X001", "x", Severity.WARNING, "m", "/data/a b.toml", "/force", 2, 3)
    document = json.loads(render([finding], RunSummary(("/data/a b.toml",), 1)))
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "file:///data/a%20b.toml"}
    assert sarif_errors(document) == []


@pytest.mark.parametrize(
    ("path", "pillar", "question"),
    [
        ("/questions/investigating_crime/grade", "effectiveness", "investigating_crime"),
        ("/pillars/legitimacy/grade", "legitimacy", None),
        ("/scope/4/inspected", "effectiveness", "armed_response"),
        ("/afis/0/text", "effectiveness", "investigating_crime"),
        ("/followed_up/1/status", "effectiveness", "serious_organised_crime"),
        ("/causes_of_concern/0", "effectiveness", "protecting_vulnerable_people"),
        ("/hmi_concerns/0/addressed_by", None, None),
        ("/scope", None, None),
        ("", None, None),
    ],
)
def test_logical_places(path: str, pillar: str | None, question: str | None) -> None:
    """A path names its question directly, or through the item it lies in."""
    from checker.output.places import Places

    data = tomllib.loads(report_text("alpha"))
    pillars = {
        "investigating_crime": "effectiveness",
        "armed_response": "effectiveness",
        "serious_organised_crime": "effectiveness",
        "protecting_vulnerable_people": "effectiveness",
    }
    place = Places.of(data, pillars).place(path)
    assert (place.force, place.report) == ("alpha", "peel-2018-19")
    assert (place.pillar, place.question) == (pillar, question)
