"""Waivers end to end through the command line: add one, let it expire, let it go stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gate_support import ARMED_RESPONSE_WITHOUT_YEAR, make_corpus, report_text, run

REPORT = "reports/peel-2018-19/alpha.toml"
FINDING = "PEEL208"


def waiver(
    rule: str = "inspected-without-last-inspected",
    expires: str = "2026-03-31",
    path: str | None = "/questions/armed_response/last_inspected",
    table: str = "waivers",
    report: str | None = None,
) -> str:
    lines = [f"\n[[{table}]]"]
    if report is not None:
        lines.append(f'report = "{report}"')
    lines.append(f'rule = "{rule}"')
    if path is not None:
        lines.append(f'path = "{path}"')
    lines += [
        'reason = "The published report prints no year here."',
        'owner = "ana"',
        f"expires = {expires}",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One report with a PEEL208 warning, one clean report."""
    make_corpus(
        tmp_path,
        {
            "alpha.toml": report_text("alpha", ARMED_RESPONSE_WITHOUT_YEAR),
            "beta.toml": report_text("beta"),
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], today: str, *args: str) -> tuple[int, list[str]]:
    code, out, err = run(capsys, "check", "--fail-on", "warning", "--today", today, *args)
    assert err == ""
    return code, out.splitlines()


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_waiver_life_cycle_in_the_report(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    """Add a waiver: the finding is shown waived and passes; past its expiry, the finding counts
    again and the waiver is an error; once the finding is fixed, the waiver is stale."""
    report = corpus / REPORT
    code, lines = check(capsys, "2026-01-15")
    assert code == 1
    assert lines[-1] == "1 finding (1 warning) in 2 reports."

    append(report, waiver())
    waiver_line = line_of(report, "[[waivers]]")
    code, lines = check(capsys, "2026-01-15")
    assert code == 0
    assert lines[0].startswith(f"{REPORT}:33:1: {FINDING} warning ")
    assert lines[0].endswith("[waived: The published report prints no year here.]")
    assert lines[-1] == "No findings in 2 reports; 1 waived."

    code, lines = check(capsys, "2026-03-31")  # the expiry date is the last day it holds
    assert code == 0

    code, lines = check(capsys, "2026-04-01")
    assert code == 1
    assert lines[:-1] == [
        lines[0],
        f"{REPORT}:{waiver_line}:3: GC002 error waiver for inspected-without-last-inspected at "
        f"/questions/armed_response/last_inspected in {REPORT} expired on 2026-03-31 (ana) "
        "(expired-waiver)",
    ]
    assert "[waived" not in lines[0]
    assert lines[-1] == "2 findings (1 error, 1 warning) in 2 reports."

    fixed = report.read_text(encoding="utf-8").replace(
        'armed_response = { grade = "Ungraded" }',
        'armed_response = { grade = "Ungraded", last_inspected = "2018/19" }',
    )
    report.write_text(fixed, encoding="utf-8")
    code, lines = check(capsys, "2026-01-15")
    assert code == 1  # with --fail-on warning; a stale waiver is a warning
    assert lines == [
        f"{REPORT}:{waiver_line}:3: GC001 warning waiver for inspected-without-last-inspected at "
        f"/questions/armed_response/last_inspected in {REPORT} matches no finding "
        "(unused-waiver)",
        "1 finding (1 warning) in 2 reports.",
    ]
    assert run(capsys, "check", "--today", "2026-01-15")[0] == 0  # default --fail-on error


def test_waivers_file_life_cycle(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    """A separate waivers file names the report, relative to itself; its findings sit in it."""
    waivers = corpus / "waivers.toml"
    waivers.write_text(
        waiver(table="waiver", report=REPORT, path=None, rule=FINDING), encoding="utf-8"
    )
    code, out, _ = run(
        capsys,
        "check",
        "--fail-on",
        "warning",
        "--today",
        "2026-01-15",
        "--waivers",
        "waivers.toml",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    (finding,) = document["findings"]
    assert finding["waived"] == {
        "reason": "The published report prints no year here.",
        "owner": "ana",
        "expires": "2026-03-31",
        "file": "waivers.toml",
        "line": 2,
    }
    assert document["suppressed"] == {"waived": 1, "departed": 0, "baselined": 0}
    assert document["summary"]["findings"] == 0

    code, lines = check(capsys, "2026-04-01", "--waivers", "waivers.toml")
    assert code == 1
    assert lines[1].startswith(
        "waivers.toml:2:3: GC002 error waiver for PEEL208 at the whole "
        "report in reports/peel-2018-19/alpha.toml expired on 2026-03-31"
    )

    _, out, _ = run(
        capsys, "check", "--today", "2026-01-15", "--waivers", "waivers.toml", "--format", "sarif"
    )
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "external"


def test_waiver_path_covers_findings_below_it(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """A waiver at /questions/armed_response waives a finding at .../last_inspected."""
    append(corpus / REPORT, waiver(rule=FINDING, path="/questions/armed_response"))
    assert check(capsys, "2026-01-15")[0] == 0


def test_waiver_at_another_path_waives_nothing(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """A waiver elsewhere leaves the finding failing and is itself stale."""
    append(corpus / REPORT, waiver(rule=FINDING, path="/questions/armed_response_x"))
    code, lines = check(capsys, "2026-01-15")
    assert code == 1
    assert [line.split()[1] for line in lines[:-1]] == ["PEEL208", "GC001"]


def test_waiver_for_a_rule_not_run_is_not_stale(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """With --select, waivers for rules that did not run are neither used nor unused."""
    append(corpus / REPORT, waiver())
    code, lines = check(capsys, "2026-01-15", "--select", "PEEL1")
    assert (code, lines) == (0, ["No findings in 2 reports."])


def test_waivers_for_reports_not_checked_are_left_alone(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """Checking one report does not call another report's waivers stale."""
    (corpus / "waivers.toml").write_text(
        waiver(table="waiver", report=REPORT, rule=FINDING), encoding="utf-8"
    )
    code, lines = check(
        capsys, "2026-01-15", "--waivers", "waivers.toml", "reports/peel-2018-19/beta.toml"
    )
    assert (code, lines) == (0, ["No findings in 1 report."])


def test_today_from_the_environment(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GRADECHECK_TODAY sets the date expiry is judged on, as --today does."""
    append(corpus / REPORT, waiver())
    monkeypatch.setenv("GRADECHECK_TODAY", "2030-01-01")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "GC002 error" in out


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            waiver(rule="PEEL999"),
            ":74:1: waivers.0.rule: ",
            f"no rule 'PEEL999' in the rule set of {REPORT}",
        ),
        (
            waiver().replace('owner = "ana"\n', ""),
            ":73:3: waivers.0: ",
            "required key 'owner' is missing",
        ),
        (waiver(expires='"soon"'), ":78:1: waivers.0.expires: ", "Input should be a valid date"),
        (waiver(path="questions/x"), ":75:1: waivers.0.path: ", "String should match pattern"),
    ],
)
def test_malformed_waivers_in_a_report_are_input_errors(
    capsys: pytest.CaptureFixture[str], corpus: Path, text: str, where: str, message: str
) -> None:
    """A waiver that cannot be applied stops the run: one line naming file, line and key."""
    append(corpus / REPORT, text)
    code, out, err = run(capsys, "check", "--today", "2026-01-15")
    assert (code, out) == (2, "")
    assert err.startswith(REPORT + where), err
    assert message in err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[waiver]\n", "waivers.toml:1:"),
        (
            waiver(table="waiver", report="reports/nowhere.toml"),
            "waivers.toml:3:1: waiver.0.report: no report 'reports/nowhere.toml' next to this file",
        ),
        (waiver(table="waiver"), "waivers.toml:2:3: waiver.0: required key 'report' is missing"),
        (waiver(table="waivers", report=REPORT), "waivers.toml:2:3: waivers: unknown key"),
    ],
)
def test_malformed_waivers_file_is_an_input_error(
    capsys: pytest.CaptureFixture[str], corpus: Path, text: str, expected: str
) -> None:
    """A bad waivers file is exit code 2 and one line, before any report is checked."""
    (corpus / "waivers.toml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", "--waivers", "waivers.toml")
    assert (code, out) == (2, "")
    assert err.startswith(expected), err
    assert len(err.splitlines()) == 1


def test_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    code, _, err = run(capsys, "check", "--today", "15/01/2026")
    assert code == 2
    assert "YYYY-MM-DD" in err


def test_the_checker_does_not_modify_its_inputs(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """Waivers are read, never rewritten, even when they are stale or expired."""
    append(corpus / REPORT, waiver(expires="2020-01-01"))
    (corpus / "waivers.toml").write_text(waiver(table="waiver", report=REPORT), encoding="utf-8")
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    run(capsys, "check", "--waivers", "waivers.toml", "--today", "2026-01-15")
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before
