"""The conventions of ruff and mypy users (issue 13, part 8), on the command line:
`--exit-zero`, `-q/--quiet`, `--color` with NO_COLOR and FORCE_COLOR, `--output-format`,
progress on a terminal, `-` with `--stdin-filename`, `rules list --format json`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import progress
from checker.cli import stdin as stdin_module
from tests.gate_support import (
    ARMED_RESPONSE_WITHOUT_YEAR,
    OUTSTANDING_EFFECTIVENESS,
    make_corpus,
    report_text,
    run,
)
from tests.test_hardening_no_traceback import command_error, input_error

ALPHA = report_text("alpha", OUTSTANDING_EFFECTIVENESS)  # PEEL101 error, PEEL102 warning
BETA = report_text("beta", ARMED_RESPONSE_WITHOUT_YEAR)  # PEEL208 warning
SUMMARY = "3 findings (1 error, 2 warnings) in 2 reports."
ANSI = "\x1b["


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_corpus(tmp_path, {"alpha.toml": ALPHA, "beta.toml": BETA})
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_exit_zero_keeps_the_output_and_exits_zero(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert run(capsys, "check", "--exit-zero") == (0, out, "")
    (corpus / "reports" / "peel-2018-19" / "broken.toml").write_text("scheme = \n")
    assert run(capsys, "check", "--exit-zero")[0] == 2  # bad input is never hidden


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_quiet_prints_the_findings_and_nothing_else(
    capsys: pytest.CaptureFixture[str], corpus: Path, fmt: str
) -> None:
    code, out, _ = run(capsys, "check", "--format", fmt)
    code_quiet, quiet, err = run(capsys, "check", "-q", "--format", fmt)
    assert (code_quiet, err) == (code, "")
    assert out.splitlines()[-1] == SUMMARY
    assert quiet.splitlines() == out.splitlines()[:-1]
    assert run(capsys, "check", "--quiet", "--select", "PEEL3") == (0, "", "")


def test_quiet_leaves_machine_formats_whole_and_stderr_silent(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    assert run(capsys, "check", "-q", "--format", "json") == run(
        capsys, "check", "--format", "json"
    )
    code, out, err = run(capsys, "check", "-q", "--output", "out.txt")
    assert (code, out, err) == (1, "", "")
    assert len((corpus / "out.txt").read_text().splitlines()) == 3


def test_output_format_is_an_alias_of_format(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    assert run(capsys, "check", "--output-format", "sarif") == run(
        capsys, "check", "--format", "sarif"
    )


@pytest.mark.parametrize(
    ("option", "environment", "terminal", "coloured"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": ""}, False, False),  # set but empty asks for nothing
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": ""}, False, False),  # NO_COLOR wins
        ("always", {"NO_COLOR": "1"}, False, True),  # the command line wins
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_color(
    capsys: pytest.CaptureFixture[str],
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    environment: dict[str, str],
    terminal: bool,
    coloured: bool,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    stream = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    run(capsys, "check", "--color", option)
    assert (ANSI in stream.getvalue()) is coloured
    assert stream.getvalue().count("\n") == 4


def test_colour_never_goes_into_a_file(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    run(capsys, "check", "--color", "always", "--output", "out.txt")
    assert ANSI not in (corpus / "out.txt").read_text()
    assert ANSI not in run(capsys, "check", "--color", "always", "--format", "json")[1]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_waits_a_second_then_shows_and_erases_one_line() -> None:
    clock, terminal = Clock(), Terminal()
    shown = progress.Progress(terminal, True, clock)
    shown("reading", 1, 3)
    assert terminal.getvalue() == ""  # a quick run shows nothing
    clock.now = 1.5
    shown("reading", 2, 3)
    clock.now = 1.55
    shown("reading", 3, 3)  # the last step is shown however soon
    clock.now = 1.56
    shown("checking", 1, 3)  # too soon after the last
    shown.close()
    assert terminal.getvalue() == (
        "\r\x1b[Kgradecheck: reading 2/3 reports\r\x1b[Kgradecheck: reading 3/3 reports\r\x1b[K"
    )


def test_progress_only_on_a_terminal_and_never_when_quiet() -> None:
    assert progress.wanted(Terminal(), {}, quiet=False)
    assert not progress.wanted(io.StringIO(), {}, quiet=False)
    assert not progress.wanted(Terminal(), {}, quiet=True)
    assert not progress.wanted(Terminal(), {"TERM": "dumb"}, quiet=False)


def test_a_slow_run_shows_progress_on_a_terminal_and_the_output_is_unchanged(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "check")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert run(capsys, "check")[:2] == (code, out)
    written = terminal.getvalue()
    assert "gradecheck: reading 2/2 reports" in written
    assert "gradecheck: checking 2/2 reports" in written
    assert written.endswith("\r\x1b[K")  # erased before the output
    terminal.seek(0)
    terminal.truncate()
    run(capsys, "check", "--quiet")
    assert terminal.getvalue() == ""


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_a_report_from_standard_input_takes_the_name_given(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, BETA.encode())
    name = "reports/peel-2018-19/gamma.toml"
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", name)
    assert code == 0
    assert out.splitlines() == [
        f"{name}:33:1: PEEL208 warning question armed_response is marked inspected but no "
        "last-inspected year is printed for it (inspected-without-last-inspected)",
        "1 finding (1 warning) in 1 report.",
    ]
    stdin(monkeypatch, BETA.encode())
    assert run(capsys, "check", "-")[1].startswith("<stdin>:33:1: PEEL208 ")


def test_standard_input_replaces_the_file_of_its_name(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor checks its buffer against the rest of the corpus."""
    stdin(monkeypatch, report_text("alpha").encode())  # alpha, fixed in the buffer
    name = "reports/peel-2018-19/alpha.toml"
    code, out, _ = run(capsys, "check", "-", "reports", "--stdin-filename", name)
    assert code == 0
    assert out.splitlines()[-1] == "1 finding (1 warning) in 2 reports."


def test_the_source_of_a_report_from_standard_input_is_found_from_its_name(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus / "reports" / "peel-2018-19"
    (folder / "texts").mkdir()
    (folder / "texts" / "gamma.txt").write_text("Gamma Constabulary\n", encoding="utf-8")
    report = report_text("gamma", extra="\n").replace(
        'scheme = "peel-2018-19"', 'scheme = "peel-2018-19"\nsource = "texts/gamma.txt"', 1
    )
    stdin(monkeypatch, report.encode())
    name = "reports/peel-2018-19/gamma.toml"
    assert run(capsys, "check", "-", "--stdin-filename", name)[0] == 0
    stdin(monkeypatch, report.encode())
    error = input_error(run(capsys, "check", "-", "--stdin-filename", "elsewhere/gamma.toml"))
    assert (error["file"], error["key"]) == ("elsewhere/gamma.toml", "source")
    assert "no text file 'texts/gamma.txt' next to the report" in error["message"]


def test_standard_input_from_a_subfolder_is_named_from_the_root(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus / "reports" / "peel-2018-19")
    stdin(monkeypatch, BETA.encode())
    out = run(capsys, "check", "-", "--stdin-filename", "gamma.toml")[1]
    assert out.startswith("reports/peel-2018-19/gamma.toml:33:1: PEEL208 ")


def test_standard_input_errors(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = command_error(run(capsys, "check", "--stdin-filename", "x.toml"))
    assert message.startswith("--stdin-filename names the report read from standard input")
    stdin(monkeypatch, b'scheme = "peel-2018-19"\nforce = "\xff"\n')
    error = input_error(run(capsys, "check", "-", "--stdin-filename", "x.toml"))
    assert (error["file"], error["line"], error["column"]) == ("x.toml", "2", "10")
    assert error["message"] == "not UTF-8 text"
    stdin(monkeypatch, b"scheme = \n")
    assert input_error(run(capsys, "check", "-"))["file"] == "<stdin>"
    monkeypatch.setattr(stdin_module, "LIMIT", 10)
    stdin(monkeypatch, BETA.encode())
    assert "too large for a report" in command_error(run(capsys, "check", "-"))


def test_standard_input_through_a_real_process(corpus: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", "-", "--stdin-filename", "beta.toml"],
        input=BETA,
        capture_output=True,
        text=True,
        cwd=corpus,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("beta.toml:33:1: PEEL208 warning ")


def test_rules_list_as_json(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    code, text, _ = run(capsys, "rules", "list")
    code_json, out, _ = run(capsys, "rules", "list", "--format", "json")
    assert code == code_json == 0
    document = json.loads(out)
    assert document["version"] == 1
    (rule_set,) = document["rule_sets"]
    assert rule_set["id"] == "peel-2018-19"
    ids = [rule["id"] for rule in rule_set["rules"]]
    assert ids == sorted(ids)
    assert ids == [line.split()[0] for line in text.splitlines()[1:]]
    first = rule_set["rules"][0]
    assert set(first) == {
        "id",
        "name",
        "title",
        "severity",
        "kind",
        "message",
        "docs",
        "file",
        "line",
    }
    assert set(first["docs"]) == {"what", "why", "example", "instead"}
    assert run(capsys, "rules", "list", "--output-format", "json")[1] == out
