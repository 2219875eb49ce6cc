"""Bounded work (issue 13, part 2): how much an input may hold. A report, rule, waivers or
baseline file past the file size limit, a text past the text size limit, nesting, an array
or a string past theirs: each is one input error line naming the file, line and key, and the
limit with the variable that changes it (exit 2), before any work that grows with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.inputs.tomlfile import VARIABLES, Limits, limits
from tests.test_hardening_no_traceback import (
    REPORT,
    command_error,
    corpus_with,
    here,
    input_error,
    line_of,
    run,
)

__all__ = ["here"]  # the fixture, used by name


def test_every_limit_has_a_default_and_a_variable() -> None:
    assert limits({}) == Limits()
    assert set(VARIABLES) == set(Limits.__dataclass_fields__)
    assert all(value > 0 for value in vars(Limits()).values())


@pytest.mark.parametrize(
    ("value", "expected"),
    [("8", 8), ("2K", 2048), ("16M", 16 * 2**20), (" 1 g ", 2**30), ("3MiB", 3 * 2**20)],
)
def test_limits_are_read_from_the_environment(value: str, expected: int) -> None:
    found = limits({"GRADECHECK_MAX_TEXT_SIZE": value, "GRADECHECK_MAX_DEPTH": "8"})
    assert (found.text_size, found.depth, found.file_size) == (expected, 8, Limits().file_size)


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "", "9" * 20])
def test_a_limit_that_is_not_a_whole_number_is_a_command_error(
    capsys: pytest.CaptureFixture[str],
    here: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    corpus_with(here)
    monkeypatch.setenv("GRADECHECK_MAX_DEPTH", value)
    message = command_error(run(capsys, "check"))
    assert message.startswith("GRADECHECK_MAX_DEPTH must be a whole number above 0")


def test_a_report_larger_than_the_file_size_limit(
    capsys: pytest.CaptureFixture[str], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_with(here, "\n# " + "x" * 20_000 + "\n")
    monkeypatch.setenv("GRADECHECK_MAX_FILE_SIZE", "12K")
    found = input_error(run(capsys, "check"))
    assert (found["file"], found["line"], found["key"]) == (REPORT, "1", "(file)")
    assert found["message"].startswith("cannot read: it holds 23,")
    assert found["message"].endswith(
        "bytes, more than the limit of 12,288 (set GRADECHECK_MAX_FILE_SIZE to change it)"
    )


def test_a_text_larger_than_the_text_size_limit(
    capsys: pytest.CaptureFixture[str], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_with(here, "", ('year = "2018/19"', 'year = "2018/19"\nsource = "text.txt"'))
    (here / "reports" / "peel-2018-19" / "text.txt").write_text("Good. " * 500, "utf-8")
    monkeypatch.setenv("GRADECHECK_MAX_TEXT_SIZE", "1K")
    found = input_error(run(capsys, "check"))
    assert (found["file"], found["key"]) == ("reports/peel-2018-19/text.txt", "(file)")
    assert found["message"] == (
        "cannot read the text: it holds 3,000 bytes, more than the limit of 1,024 "
        "(set GRADECHECK_MAX_TEXT_SIZE to change it)"
    )


@pytest.mark.parametrize(
    ("variable", "value", "extra", "message"),
    [
        pytest.param(
            "GRADECHECK_MAX_DEPTH",
            "5",  # the report itself nests 4 deep: causes_of_concern.0.recommendations.0
            "x = [[[[[1]]]]]",
            "arrays and tables nested deeper than 5, the limit "
            "(set GRADECHECK_MAX_DEPTH to change it)",
            id="depth",
        ),
        pytest.param(
            "GRADECHECK_MAX_ARRAY",
            "20",  # items of an array, and keys of a table (the report's top level has 13)
            "x = [" + ", ".join(["1"] * 21) + "]",
            "21 items, more than the limit of 20 (set GRADECHECK_MAX_ARRAY to change it)",
            id="array",
        ),
        pytest.param(
            "GRADECHECK_MAX_STRING",
            "200",  # the report's own strings are shorter
            'x = "' + "s" * 201 + '"',
            "201 characters, more than the limit of 200 (set GRADECHECK_MAX_STRING to change it)",
            id="string",
        ),
    ],
)
def test_values_past_a_limit_are_input_errors_at_their_key(
    capsys: pytest.CaptureFixture[str],
    here: Path,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    extra: str,
    message: str,
) -> None:
    path = corpus_with(here, f"\n[notes]\n{extra}\n")
    monkeypatch.setenv(variable, value)
    found = input_error(run(capsys, "check"))
    assert (found["file"], int(found["line"])) == (REPORT, line_of(path, extra))
    assert found["key"].startswith("notes.x")
    assert found["message"] == message


def test_a_string_past_the_default_limit_is_not_echoed(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    """A 5 MB string was echoed whole into the message, and took long to check."""
    corpus_with(
        here, "", ('force_name = "Example Constabulary"', f'force_name = "{"a" * 5_000_000}"')
    )
    found = input_error(run(capsys, "check"))
    assert found["key"] == "force_name"
    assert found["message"].startswith("5,000,000 characters, more than the limit of 100,000")
    assert len(found.group(0)) < 300


def test_a_baseline_past_the_limits(
    capsys: pytest.CaptureFixture[str], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_with(here)
    finding = {"file": "f", "rule_id": "r", "path": "/", "rule_name": "n", "message": "m"}
    document = {"version": 1, "findings": [dict(finding, fingerprint=str(n)) for n in range(3)]}
    (here / "baseline.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("GRADECHECK_MAX_ARRAY", "2")
    found = input_error(run(capsys, "check", "--baseline", "baseline.json"))
    assert (found["file"], found["key"]) == ("baseline.json", "findings")
    assert found["message"].startswith("3 items, more than the limit of 2")


def test_a_syntax_error_on_a_40000_character_line(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    """The key is read from the start of the line only (the key-position expression was
    quadratic on such a line)."""
    line = "x = " + "y" * 40_000 + " z"
    path = corpus_with(here, f"\n{line}\n")
    found = input_error(run(capsys, "check"))
    assert (int(found["line"]), found["key"]) == (line_of(path, line[:20]), "x")
    assert found["message"] == "TOML syntax error: invalid value"


def test_a_syntax_error_at_the_end_of_the_document(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    corpus_with(here, "\nx = [1,\n")
    found = input_error(run(capsys, "check"))
    assert found["message"] == "TOML syntax error: invalid value"
