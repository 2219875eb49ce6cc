"""Malformed reports and rule files: one line naming file, line and key; exit code 2."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import NORFOLK, RULES


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def norfolk_with(tmp_path: Path, old: str, new: str) -> Path:
    text = NORFOLK.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "norfolk.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str | tuple[str, int]) -> int:
    """The line of the last occurrence (a repeat is reported where it repeats), plus an offset."""
    if isinstance(needle, tuple):
        return line_of(path, needle[0]) + needle[1]
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if needle in line]
    assert found, needle
    return found[-1]


def assert_one_error(
    result: tuple[int, str, str], path: Path, line: int, column: int, key: str, message: str
) -> None:
    """Exit code 2, nothing on stdout, one line `file:line:col: key: message` on stderr.

    `column` is 1-based: where the offending key starts (for a TOML syntax error, where
    the parser stopped)."""
    code, out, err = result
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    match = re.match(r"^(.+):(\d+):(\d+): (\S+): (.+)$", lines[0])
    assert match, lines[0]
    assert Path(match.group(1)).resolve() == path.resolve()
    assert int(match.group(2)) == line
    assert int(match.group(3)) == column, lines[0]
    assert match.group(4) == key
    assert message in match.group(5)
    assert "Traceback" not in err


REPORT_CASES = [
    pytest.param(
        'grade = "Requires improvement"',
        'grade = "Requires improvment"',
        'grade = "Requires improvment"',
        1,  # `grade`
        "questions.investigating_crime.grade",
        "unknown grade 'Requires improvment'",
        id="unknown-grade",
    ),
    pytest.param(
        "[questions.planning_for_future]",
        "[questions.planning_for_the_future]",
        "[questions.planning_for_the_future]",
        12,  # `planning_for_the_future` after `[questions.`
        "questions.planning_for_the_future",
        "unknown question 'planning_for_the_future'",
        id="unknown-question-key",
    ),
    pytest.param(
        'question = "ethical_lawful_behaviour"\ntext',
        'question = "ethics"\ntext',
        'question = "ethics"',
        1,  # `question`
        "afis.3.question",
        "unknown question 'ethics'",
        id="unknown-question-in-afi",
    ),
    pytest.param(
        "inspected = true",
        'inspected = "Yes"',
        'inspected = "Yes"',
        1,  # `inspected`
        "scope.0.inspected",
        "Input should be a valid boolean",
        id="wrong-type",
    ),
    pytest.param(
        'id = "2018-IC-2"',
        'id = "2018-IC-1"',
        'id = "2018-IC-1"\nquestion = "investigating_crime"\ntext = "The force should improve',
        1,  # `id` of the repeat
        "afis.1.id",
        "duplicate id '2018-IC-1'",
        id="duplicate-id",
    ),
    pytest.param(
        'force_name = "Norfolk Constabulary"',
        'force_name = "Norfolk Constabulary"\ncolour = "blue"',
        'colour = "blue"',
        1,  # `colour`
        "colour",
        "unknown key",
        id="unknown-key",
    ),
    pytest.param(
        'year = "2018/19"\n',
        'year = "2018/19\n',
        'year = "2018/19',
        16,  # where tomllib fails: the newline ending the unclosed string
        "year",
        "TOML syntax error",
        id="toml-syntax-error",
    ),
    pytest.param(
        'scheme = "peel-2018-19"',
        'scheme = "peel-2099"',
        'scheme = "peel-2099"',
        1,  # `scheme`
        "scheme",
        "no rule set for scheme 'peel-2099'",
        id="unknown-scheme",
    ),
]


@pytest.mark.parametrize(("old", "new", "needle", "column", "key", "message"), REPORT_CASES)
def test_malformed_report(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    old: str,
    new: str,
    needle: str,
    column: int,
    key: str,
    message: str,
) -> None:
    """A malformed report gives one line `file:line:col: key: message` and exit code 2."""
    path = norfolk_with(tmp_path, old, new)
    result = run(capsys, "check", str(path), "--rules", str(RULES))
    line = line_of(path, needle.splitlines()[0])
    assert_one_error(result, path, line, column, key, message)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


RULE_CASES = [
    pytest.param(
        "rollup.toml",
        'kind = "range"',
        'kind = "spread"',
        'kind = "spread"',
        1,  # `kind`
        "rule.0.kind",
        "unknown rule kind 'spread'",
        id="unknown-rule-kind",
    ),
    pytest.param(
        "rollup.toml",
        'mode = "extremes"',
        'mode = "widest"',
        'mode = "widest"',
        1,  # `mode`
        "rule.0.mode",
        "Input should be 'extremes' or 'middle'",
        id="bad-parameter",
    ),
    pytest.param(
        "rollup.toml",
        "tolerance = 1",
        "tolerance = -1",
        "tolerance = -1",
        1,  # `tolerance`
        "rule.2.tolerance",
        "greater than or equal to 0",
        id="parameter-out-of-range",
    ),
    pytest.param(
        "rollup.toml",
        'mode = "extremes"',
        'mode = "extremes"\nspread = 2',
        "spread = 2",
        1,  # `spread`
        "rule.0.spread",
        "unknown key",
        id="unknown-parameter",
    ),
    pytest.param(
        "scope.toml",
        'then = [{ ref = "item.last_inspected", equals = "{report.year}" }]',
        'then = [{ ref = "item.last_inspectd", equals = "{report.year}" }]',
        "item.last_inspectd",
        11,  # `ref` inside `then = [{ `
        "rule.0.then.0.ref",
        "Question has no field 'last_inspectd'",
        id="path-names-no-field",
    ),
    pytest.param(
        "afi.toml",
        'for_each = "report.followed_up.*"',
        'for_each = "report.follow_ups.*"',
        "report.follow_ups",
        1,  # `for_each`
        "rule.0.for_each",
        "Report has no field 'follow_ups'",
        id="for-each-names-no-field",
    ),
    pytest.param(
        "scope.toml",
        'vars = { year = "report.year" }',
        'vars = { year = "report.yeer" }',
        "report.yeer",
        10,  # `year` inside `vars = { `
        "rule.0.vars.year",
        "Report has no field 'yeer'",
        id="var-names-no-field",
    ),
    pytest.param(
        "structure.toml",
        'ref = "report.scope.*.question"',
        'ref = "report.scope.*.question]"',
        "question]",
        1,  # `ref`
        "rule.3.ref",
        "unexpected ']'",
        id="reference-syntax",
    ),
    pytest.param(
        "structure.toml",
        'id = "PEEL002"',
        'id = "PEEL001"',
        'id = "PEEL001"',
        1,  # `id` of the repeat
        "rule.1.id",
        "id 'PEEL001' is already used",
        id="duplicate-rule-id",
    ),
    pytest.param(
        "structure.toml",
        'message = "question {key} has no judgment in the report"',
        'message = "question {qestion} has no judgment"',
        "{qestion}",
        1,  # `message`
        "rule.0.message",
        "placeholder {qestion}",
        id="unknown-placeholder",
    ),
    pytest.param(
        "rollup.toml",
        'severity = "error"',
        'severity = "fatal"',
        'severity = "fatal"',
        1,  # `severity`
        "rule.0.severity",
        "'error', 'warning' or 'info'",
        id="unknown-severity",
    ),
    pytest.param(
        "afi.toml",
        '[[rule.examples]]\nname = "status given"\ntriggers = false\n',
        "",
        ('name = "status missing"', -1),
        8,  # `examples` in `[[rule.examples]]`
        "rule.0.examples",
        "examples that trigger it and examples that do not",
        id="one-sided-examples",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "needle", "column", "key", "message"), RULE_CASES)
def test_malformed_rule_file(
    capsys: pytest.CaptureFixture[str],
    rules_copy: Path,
    file: str,
    old: str,
    new: str,
    needle: str | tuple[str, int],
    column: int,
    key: str,
    message: str,
) -> None:
    """A malformed rule file gives one line `file:line:col: key: message` and exit code 2."""
    path = rules_copy / "peel-2018-19" / file
    edit(path, old, new)
    result = run(capsys, "check", str(NORFOLK), "--rules", str(rules_copy))
    assert_one_error(result, path, line_of(path, needle), column, key, message)


def test_scheme_file_errors_are_located(
    capsys: pytest.CaptureFixture[str], rules_copy: Path
) -> None:
    """A wrong type in scheme.toml names the scheme file, its line and key."""
    path = rules_copy / "peel-2018-19" / "scheme.toml"
    edit(path, "always_inspected = true", 'always_inspected = "yes"')
    code, _, err = run(capsys, "check", str(NORFOLK), "--rules", str(rules_copy))
    assert code == 2
    line = line_of(path, 'always_inspected = "yes"')
    assert err.startswith(
        f"{path}:{line}:1: questions.protecting_vulnerable_people.always_inspected: "
        "Input should be a valid boolean"
    ), err


def test_every_bad_report_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Two bad files give two lines, sorted by file, so one run shows every problem."""
    (tmp_path / "a.toml").write_text("force = \n", encoding="utf-8")
    (tmp_path / "b.toml").write_text('scheme = "nope"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path), "--rules", str(RULES))
    assert code == 2
    assert [Path(line.split(":")[0]).name for line in err.splitlines()] == ["a.toml", "b.toml"]


def test_missing_path_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path that does not exist is named, with exit code 2."""
    code, _, err = run(capsys, "check", str(tmp_path / "nowhere.toml"), "--rules", str(RULES))
    assert code == 2
    assert "nowhere.toml:1:1: (path): no such file or folder" in err
