"""A gate that cannot go quiet by mistake (issue 13, part 7): a misspelt code is an error
naming the closest known one, a selection that leaves no rule says so, a run that finds no
report is an error, and expected and actual values read as the report writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gate_support import ARMED_RESPONSE_WITHOUT_YEAR
from tests.test_hardening_no_traceback import (
    REPORT,
    command_error,
    corpus_with,
    input_error,
    run,
)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One report with a PEEL208 warning; the frozen test rules (PEEL and NOTE001)."""
    monkeypatch.chdir(tmp_path)
    corpus_with(tmp_path, "", ARMED_RESPONSE_WITHOUT_YEAR)
    return tmp_path


@pytest.mark.parametrize(
    ("option", "value", "closest"),
    [
        ("--select", "PEEL999", "PEEL209"),
        ("--select", "peel101", "PEEL101"),  # the right code in the wrong case
        ("--ignore", "peel2", "PEEL2"),  # a prefix in the wrong case
        ("--ignore", "inspected-without-last-inspectd", "inspected-without-last-inspected"),
        ("--select", "PEEL101,Peel208", "PEEL208"),  # each of a list
    ],
)
def test_an_unknown_code_or_name_is_an_error_naming_the_closest(
    capsys: pytest.CaptureFixture[str], corpus: Path, option: str, value: str, closest: str
) -> None:
    message = command_error(run(capsys, "check", option, value))
    wrong = value.split(",")[-1]
    assert message.startswith(f"{option} {wrong!r} names no rule")
    assert f"(did you mean {closest!r}?)" in message


def test_an_unknown_code_with_nothing_near_says_where_codes_are_listed(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    message = command_error(run(capsys, "check", "--select", "ZZZ"))
    assert "did you mean" not in message
    assert message.endswith("`gradecheck rules list` lists them")


def test_the_waiver_rules_cannot_be_selected_or_ignored(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """They would otherwise be quietly left alone: --ignore GC001 never hid anything."""
    message = command_error(run(capsys, "check", "--ignore", "unused-waiver"))
    assert message.startswith("--ignore unused-waiver: GC001 is a waiver rule")


@pytest.mark.parametrize(
    "options",
    [["--ignore", "PEEL,NOTE"], ["--select", "PEEL1", "--ignore", "PEEL"]],
    ids=["ignore-everything", "select-then-ignore-it"],
)
def test_a_selection_that_leaves_no_rule_says_so(
    capsys: pytest.CaptureFixture[str], corpus: Path, options: list[str]
) -> None:
    """The frozen test rules: 31 PEEL rules and NOTE001."""
    message = command_error(run(capsys, "check", *options))
    assert message == f"{' '.join(options)} leaves no rule to check (of 32)"


def test_known_codes_still_select(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    code, out, _ = run(
        capsys, "check", "--select", "PEEL2", "--ignore", "PEEL201", "--fail-on", "warning"
    )
    assert code == 1
    assert out.splitlines()[0].split()[1] == "PEEL208"


def test_a_waiver_with_an_unknown_rule_names_the_closest(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    with (corpus / REPORT).open("a", encoding="utf-8") as report:
        report.write(
            '\n[[waivers]]\nrule = "peel208"\nreason = "r"\nowner = "o"\nexpires = 2030-01-01\n'
        )
    found = input_error(run(capsys, "check", "--today", "2026-01-15"))
    assert found["key"] == "waivers.0.rule"
    assert found["message"] == (
        f"no rule 'peel208' in the rule set of {REPORT} (did you mean 'PEEL208'?)"
    )


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"pyproject.toml": "[project]\nname = 'x'\n"},
        {"waivers.toml": "[[waiver]]\nreport = 'a.toml'\n"},
    ],
    ids=["empty", "only-pyproject", "only-waivers"],
)
def test_a_run_that_finds_no_report_is_an_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
) -> None:
    """Not "No findings in 0 reports": a gate pointed at the wrong folder must fail."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    for name, text in files.items():
        (tmp_path / "reports" / name).write_text(text, encoding="utf-8")
    message = command_error(run(capsys, "check"))
    assert message.startswith("no report found in reports ")


def test_a_missing_folder_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = input_error(run(capsys, "check"))
    assert (found["file"], found["message"]) == ("reports", "no such file or folder")


def test_true_and_false_read_as_the_report_writes_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PEEL202 expects `inspected = true`: its expected value was shown `True`."""
    monkeypatch.chdir(tmp_path)
    row = '{ area = "Investigating crime", question = "investigating_crime", inspected = true }'
    corpus_with(tmp_path, "", (row, row.replace("true", "false")))
    code, out, _ = run(capsys, "check", "--select", "PEEL202", "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert (finding["expected"], finding["actual"]) == ("true", "false")
    _, out, _ = run(capsys, "check", "--select", "PEEL202", "--format", "junit")
    assert "expected: true\n" in out
    assert "True" not in out
