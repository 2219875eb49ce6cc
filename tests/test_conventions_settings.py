"""The conventions of ruff and mypy users (issue 13, part 8): settings in `[tool.gradecheck]`
of pyproject.toml, found upward from the working folder as the rules folder is; a run from a
subfolder; the command line over the file; a malformed setting as an input error naming
pyproject.toml, its line and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.cli.parser import FORMATS, SEVERITIES
from checker.inputs.settings import Project, find_project
from tests.gate_support import (
    ARMED_RESPONSE_WITHOUT_YEAR,
    OUTSTANDING_EFFECTIVENESS,
    make_corpus,
    report_text,
    run,
)
from tests.test_hardening_no_traceback import command_error, input_error

ROOT = Path(__file__).resolve().parent.parent
CHOICES = {"fail-on": SEVERITIES, "format": FORMATS}
# alpha: an error and a warning (PEEL101, PEEL102); beta: a warning (PEEL208).
REPORTS = {
    "alpha.toml": report_text("alpha", OUTSTANDING_EFFECTIVENESS),
    "beta.toml": report_text("beta", ARMED_RESPONSE_WITHOUT_YEAR),
}


def project(root: Path, settings: str = "", rules: str = "rules", reports: str = "reports") -> Path:
    """A corpus with its rules in `rules` and reports in `reports` (relative to `root`), a
    git repository's top, with `settings` as its [tool.gradecheck] table (none when empty)."""
    make_corpus(root, REPORTS)
    if rules != "rules":
        shutil.move(root / "rules", root / rules)
    if reports != "reports":
        shutil.move(root / "reports", root / reports)
    (root / ".git").mkdir()
    if settings:
        text = f'[project]\nname = "reports"\n\n[tool.gradecheck]\n{settings}'
        (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


def lines(out: str) -> list[str]:
    return out.splitlines()


def test_settings_choose_rules_reports_threshold_format_and_selection(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = (
        'rules = "config/rules"\nreports = ["data"]\nfail-on = "warning"\n'
        'format = "github"\nignore = ["PEEL101", "PEEL102"]\n'
    )
    project(tmp_path, settings, rules="config/rules", reports="data")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert (code, err) == (1, "")  # the PEEL208 warning fails at fail-on = "warning"
    assert lines(out) == [
        "::warning file=data/peel-2018-19/beta.toml,line=33,col=1,title=PEEL208::question "
        "armed_response is marked inspected but no last-inspected year is printed for it "
        "(inspected-without-last-inspected)",
        "1 finding (1 warning) in 2 reports.",
    ]


def test_a_run_from_a_subfolder_is_the_run_from_the_root(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same output, byte for byte, wherever it starts: paths are relative to the root."""
    project(tmp_path, 'fail-on = "warning"\n')
    monkeypatch.chdir(tmp_path)
    from_root = run(capsys, "check", "--format", "json")
    monkeypatch.chdir(tmp_path / "reports" / "peel-2018-19")
    assert run(capsys, "check", "--format", "json") == from_root
    assert from_root[0] == 1
    code, out, _ = run(capsys, "check", "beta.toml")  # a path given is taken from here
    assert code == 1
    assert lines(out)[0].startswith("reports/peel-2018-19/beta.toml:33:1: PEEL208 warning ")
    assert Path.cwd() == tmp_path / "reports" / "peel-2018-19"  # and left where it was


def test_the_rules_folder_is_found_upward_without_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    monkeypatch.chdir(tmp_path / "reports")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert lines(out)[-1] == "3 findings (1 error, 2 warnings) in 2 reports."
    code, out, _ = run(capsys, "rules", "list")
    assert code == 0
    assert out.startswith("peel-2018-19: ")


def test_the_command_line_overrides_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, 'format = "github"\nselect = ["PEEL208"]\nfail-on = "info"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "text", "--select", "PEEL101")
    assert code == 1
    assert [line.split(" ")[1] for line in lines(out)[:-1]] == ["PEEL101"]
    code, out, _ = run(capsys, "check", "--output-format", "text", "--fail-on", "error")
    assert code == 0  # only the PEEL208 warning is selected, and warnings no longer fail
    assert lines(out)[-1] == "1 finding (1 warning) in 2 reports."
    code, out, _ = run(capsys, "check", "--isolated")
    assert code == 1
    assert lines(out)[-1] == "3 findings (1 error, 2 warnings) in 2 reports."


def test_waivers_and_baseline_come_from_the_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, 'baseline = "gate/baseline.json"\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.startswith("gate/baseline.json:1:1: ")  # named, and read: it is missing
    run(capsys, "check", "--write-baseline", "gate/baseline.json")
    monkeypatch.chdir(tmp_path / "reports")
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert lines(out)[-1] == "No findings in 2 reports; 3 baselined."


@pytest.mark.parametrize(
    ("settings", "line", "key", "message"),
    [
        ('fail_on = "warning"\n', 5, "tool.gradecheck.fail_on", "did you mean 'fail-on'?"),
        ('fail-on = "fatal"\n', 5, "tool.gradecheck.fail-on", "must be one of error, warning"),
        ('format = "xml"\n', 5, "tool.gradecheck.format", "must be one of text, json, sarif"),
        ("rules = 3\n", 5, "tool.gradecheck.rules", "must be a non-empty string, got 3"),
        ('waivers = ""\n', 5, "tool.gradecheck.waivers", "got an empty string"),
        ('select = "PEEL1"\n', 5, "tool.gradecheck.select", "must be an array of strings"),
        ('\nignore = ["PEEL1", 2]\n', 6, "tool.gradecheck.ignore.1", "must be a non-empty"),
        (
            'ignore = ["PEEL1", "PEEL2088"]\n',
            5,
            "tool.gradecheck.ignore.1",
            "'PEEL2088' names no rule: no id starts with it and no rule is called so (did you "
            "mean 'PEEL208'?)",
        ),
        ('select = ["GC001"]\n', 5, "tool.gradecheck.select.0", "GC001 is a waiver rule"),
    ],
)
def test_a_malformed_setting_names_pyproject_its_line_and_key(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: str,
    line: int,
    key: str,
    message: str,
) -> None:
    project(tmp_path, settings)
    monkeypatch.chdir(tmp_path / "reports" / "peel-2018-19")
    error = input_error(run(capsys, "check"))
    assert (error["file"], int(error["line"]), error["key"]) == ("../../pyproject.toml", line, key)
    assert message in error["message"]


def test_a_table_that_is_not_a_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool]\ngradecheck = "yes"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    error = input_error(run(capsys, "rules", "list"))
    assert (error["file"], error["key"]) == ("pyproject.toml", "tool.gradecheck")


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    """A subproject's pyproject.toml without [tool.gradecheck] does not stop the search."""
    project(tmp_path, 'fail-on = "info"\n')
    inner = tmp_path / "tools"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    found = find_project(inner, CHOICES)
    assert (found.root, dict(found.values)) == (tmp_path, {"fail-on": "info"})


def test_the_search_stops_at_the_top_of_the_repository(tmp_path: Path) -> None:
    project(tmp_path / "outer", 'fail-on = "info"\n')
    inner = tmp_path / "outer" / "vendored"
    (inner / ".git").mkdir(parents=True)
    assert find_project(inner, CHOICES) == Project(inner)


def test_the_nearest_root_wins(tmp_path: Path) -> None:
    outer = project(tmp_path, 'fail-on = "info"\n')
    inner = outer / "reports"
    shutil.copytree(outer / "rules", inner / "rules")
    assert find_project(inner / "peel-2018-19", CHOICES) == Project(inner)


def test_this_repository_s_settings_are_the_defaults() -> None:
    found = find_project(ROOT, CHOICES)
    assert found.root == ROOT
    assert dict(found.values) == {
        "rules": "rules",
        "reports": ["reports"],
        "fail-on": "error",
        "format": "text",
    }


def test_a_broken_pyproject_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.gradecheck\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    error = input_error(run(capsys, "check"))
    assert (error["file"], error["line"]) == ("pyproject.toml", "1")
    assert command_error(run(capsys, "check", "--isolated", "--select", "PEEL999")).startswith(
        "--select 'PEEL999' names no rule"
    )
