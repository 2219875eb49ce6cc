"""Never a traceback (issue 13, part 1): every input that once raised one is an input error
(`file:line:col: key: message`, exit 2), a command error (`gradecheck: error: ...`, exit 2),
or, for what is not foreseen, one line from the last-resort handler (exit 3, never 1).

The other test_hardening_* modules use the helpers defined here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from tests.gate_support import DATA, make_corpus, report_text

REPORT = "reports/peel-2018-19/alpha.toml"
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<key>.+?): (?P<message>.+)$")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`gradecheck ARGS`: exit code, standard output and error; never a traceback."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def input_error(result: tuple[int, str, str]) -> re.Match[str]:
    """The one input-error line of a run that failed with exit code 2."""
    code, out, err = result
    assert (code, out) == (2, ""), err
    lines = err.splitlines()
    assert len(lines) == 1, err
    match = LINE.match(lines[0])
    assert match, lines[0]
    return match


def command_error(result: tuple[int, str, str]) -> str:
    """The message of the one `gradecheck: error: ...` line of a run that exited 2."""
    code, out, err = result
    assert (code, out) == (2, ""), err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gradecheck: error: "), lines[0]
    return lines[0].removeprefix("gradecheck: error: ")


def corpus_with(root: Path, extra: str = "", *changes: tuple[str, str]) -> Path:
    """A corpus (tests/gate_support) whose one report has `changes` and `extra` appended;
    the working folder must be set to `root` by the caller."""
    make_corpus(root, {"alpha.toml": report_text("alpha", *changes, extra=extra)})
    return root / REPORT


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


YEAR = ('year = "2018/19"', 'year = "2018/19"')


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        pytest.param("x = " + "[" * 5_000 + "]" * 5_000, "x", "nested 5000 deep", id="arrays"),
        pytest.param(
            "x = " + "{ a = " * 3_000 + "1" + " }" * 3_000, "x", "nested 3000 deep", id="tables"
        ),
    ],
)
def test_deeply_nested_toml_is_an_input_error(
    capsys: pytest.CaptureFixture[str], here: Path, extra: str, key: str, message: str
) -> None:
    """A RecursionError escaped the TOML reader; now the line of the nesting, and its key."""
    path = corpus_with(here, "\n" + extra + "\n")
    found = input_error(run(capsys, "check"))
    assert found["file"] == REPORT
    assert int(found["line"]) == line_of(path, extra[:10])
    assert (found["key"], found["message"]) == (
        key,
        f"arrays and tables {message}: too deep to read",
    )


@pytest.mark.parametrize(
    ("value", "key"),
    [
        pytest.param("1" * 4_301, "year", id="4301-digit-integer"),
        pytest.param("0x" + "f" * 5_000, "year", id="hex-integer-too-long-to-print"),
        pytest.param(str(2**63), "year", id="beyond-64-bits"),
    ],
)
def test_integers_beyond_64_bits_are_input_errors(
    capsys: pytest.CaptureFixture[str], here: Path, value: str, key: str
) -> None:
    """A 4,301-digit integer raised ValueError in the TOML reader (and a long hexadecimal one
    when its repr was shown); TOML integers have 64 bits, so any beyond is an input error."""
    path = corpus_with(here, "", ('year = "2018/19"', f"year = {value}"))
    found = input_error(run(capsys, "check"))
    assert int(found["line"]) == line_of(path, "year = ")
    assert found["key"] == key
    assert found["message"] == "integer out of range (a TOML integer has at most 64 bits)"
    assert len(found.group(0)) < 300  # the value is not echoed


def test_an_integer_as_large_as_toml_allows_is_read(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    corpus_with(here, "", ('year = "2018/19"', f"year = {2**63 - 1}"))
    found = input_error(run(capsys, "check"))
    assert found["message"].startswith("Input should be a valid string, got 9223372036854775807")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("a\\u0000b.txt", "the text 'a\\x00b.txt' holds a NUL character", id="nul"),
        pytest.param("a" * 300 + ".txt", "cannot read the text 'aaaa", id="name-too-long"),
    ],
)
def test_unusable_source_names_are_input_errors(
    capsys: pytest.CaptureFixture[str], here: Path, source: str, message: str
) -> None:
    """A NUL byte raised ValueError, an over-long name OSError, when the text was looked for."""
    path = corpus_with(here, "", ('year = "2018/19"', f'year = "2018/19"\nsource = "{source}"'))
    found = input_error(run(capsys, "check"))
    assert (int(found["line"]), found["key"]) == (line_of(path, "source = "), "source")
    assert found["message"].startswith(message)


def test_a_scheme_name_longer_than_the_file_system_allows(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    long = "s" * 300
    path = corpus_with(here, "", ('scheme = "peel-2018-19"', f'scheme = "{long}"'))
    found = input_error(run(capsys, "check"))
    assert (int(found["line"]), found["key"]) == (line_of(path, "scheme = "), "scheme")
    assert found["message"].startswith("no rule set for scheme 'sss")


def test_a_waiver_report_longer_than_the_file_system_allows(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    corpus_with(here)
    waivers = here / "waivers.toml"
    waivers.write_text(
        f'[[waiver]]\nreport = "{"r" * 300}.toml"\nrule = "PEEL101"\nreason = "r"\n'
        'owner = "o"\nexpires = 2030-01-01\n',
        encoding="utf-8",
    )
    found = input_error(run(capsys, "check", "--waivers", "waivers.toml"))
    assert (found["file"], found["line"], found["key"]) == ("waivers.toml", "2", "waiver.0.report")
    assert found["message"].startswith("no report 'rrr")


def test_a_symbolic_link_loop_among_the_reports(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    """Each link of the loop is an input error; nothing else is read."""
    corpus_with(here)
    folder = here / "reports" / "peel-2018-19"
    (folder / "loop-a.toml").symlink_to("loop-b.toml")
    (folder / "loop-b.toml").symlink_to("loop-a.toml")
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "reports/peel-2018-19/loop-a.toml:1:1: (path): a symbolic link loop",
        "reports/peel-2018-19/loop-b.toml:1:1: (path): a symbolic link loop",
    ]


def test_a_baseline_nested_100000_deep(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    """A RecursionError escaped `baseline.read`."""
    corpus_with(here)
    (here / "baseline.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    found = input_error(run(capsys, "check", "--baseline", "baseline.json"))
    assert (found["file"], found["line"], found["column"]) == ("baseline.json", "1", "100000")
    assert found["message"] == "arrays and objects nested 100000 deep: too deep to read"


def test_a_waivers_path_that_is_a_folder(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    corpus_with(here)
    (here / "waivers").mkdir()
    found = input_error(run(capsys, "check", "--waivers", "waivers"))
    assert found["file"] == "waivers"
    assert found["message"] == "cannot read: it is a folder, not a file"


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_rules_test_needs_at_least_one_report(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """`rules test --reports 0` raised Hypothesis's InvalidArgument."""
    with pytest.raises(SystemExit) as exit_info:
        main(["rules", "test", "--reports", value])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("gradecheck: error: argument --reports: ")


def gradecheck(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m checker ARGS` in `cwd`, in a process of its own: a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_among_the_reports_is_refused_not_read(tmp_path: Path) -> None:
    """A FIFO blocked for ever; it is refused without being opened for reading."""
    corpus_with(tmp_path)
    os.mkfifo(tmp_path / "reports" / "peel-2018-19" / "pipe.toml")
    result = gradecheck(tmp_path, "check")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "reports/peel-2018-19/pipe.toml:1:1: (path): it is a named pipe, not a report file\n"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "args",
    [
        ["/dev/zero"],
        ["--waivers", "/dev/zero"],
        ["--baseline", "/dev/zero"],
        ["--text", "/dev/zero", REPORT],
    ],
    ids=["report", "waivers", "baseline", "text"],
)
def test_a_device_as_an_input_is_refused_not_read(tmp_path: Path, args: list[str]) -> None:
    """/dev/zero was read until memory ran out."""
    corpus_with(tmp_path)
    result = gradecheck(tmp_path, "check", *args)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "/dev/zero:1:1: " in result.stderr
    assert "it is a device" in result.stderr


def rules_copy(root: Path, file: str, old: str, new: str) -> Path:
    """A copy of the frozen test rules under `root`, with one change to `file`."""
    rules = root / "rules-copy"
    shutil.copytree(DATA / "rules", rules)
    path = rules / "peel-2018-19" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules


PEEL001_FOR_EACH = 'for_each = "scheme.questions.*"\nthen = [{ ref = "report.questions.{key}"'


def test_a_reference_nested_400_deep(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    """A RecursionError escaped the reference compiler; the parser now stops at 16 levels."""
    corpus_with(here)
    ref = "report.questions.{key}"
    for _ in range(400):
        ref = f"report.questions.{{{ref}}}"
    rules = rules_copy(
        here, "structure.toml", '{ ref = "report.questions.{key}"', f'{{ ref = "{ref}"'
    )
    found = input_error(run(capsys, "check", "--rules", str(rules)))
    assert found["file"].endswith("structure.toml")
    assert found["key"] == "rule.0.then.0.ref"
    assert "references nested more than 16 deep" in found["message"]


def test_a_rule_whose_for_each_starts_at_item_is_an_input_error(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    """`for_each = "item.grade"` (it once raised KeyError): an input error at the key."""
    corpus_with(here)
    rules = rules_copy(
        here,
        "structure.toml",
        PEEL001_FOR_EACH,
        PEEL001_FOR_EACH.replace("scheme.questions.*", "item.grade"),
    )
    found = input_error(run(capsys, "check", "--rules", str(rules)))
    assert found["key"] == "rule.0.for_each"


def test_schema_of_a_scheme_with_empty_names(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    """`schema --scheme` raised IndexError on a question without names: its key stands in."""
    import json

    rules = rules_copy(here, "scheme.toml", 'names = ["Investigating crime"]', "names = []")
    code, out, _ = run(capsys, "schema", "--scheme", "peel-2018-19", "--rules", str(rules))
    assert code == 0
    question = json.loads(out)["properties"]["questions"]["properties"]["investigating_crime"]
    assert question["description"] == "investigating_crime"


def test_the_last_resort_is_one_line_naming_the_input_and_exit_3(
    capsys: pytest.CaptureFixture[str], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anything not foreseen (here a planted bug in the engine) is one line naming the report
    it happened on and asking for a report: exit 3, not 1 (which means findings)."""
    import checker.run

    def planted(*args: object, **kwargs: object) -> list[object]:
        raise ZeroDivisionError("planted")

    corpus_with(here)
    monkeypatch.setattr(checker.run, "check", planted)
    code, out, err = run(capsys, "check")
    assert (code, out) == (3, "")
    assert err == (
        f"gradecheck: internal error on {REPORT}: ZeroDivisionError: planted. This is a bug "
        "in gradecheck: please report it with that input and what --debug shows\n"
    )
    code, out, err = main(["check", "--debug"]), *capsys.readouterr()
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1].startswith("gradecheck: internal error on ")


def test_debug_is_accepted_before_the_command(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    corpus_with(here)
    assert run(capsys, "--debug", "check")[0] == 0
    assert run(capsys, "check", "--debug")[0] == 0
