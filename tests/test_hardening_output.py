"""Output that cannot be injected (issue 13, part 3): whatever a report, a waiver, a
baseline or a file name holds, every format stays what it claims to be. Text and GitHub
output keep one line per finding and never pass a control character; a GitHub runner reads
only the workflow commands gradecheck means; JUnit is well-formed XML 1.0; JSON and SARIF
parse back to the same values; input errors are one line; long values are shortened."""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.gate.suppression import BaselineEntry, Suppression
from checker.model.findings import Finding, Location, Severity
from checker.output import FORMATTERS
from checker.output.summary import CheckedFile, RunSummary
from tests.gate_support import ARMED_RESPONSE_WITHOUT_YEAR
from tests.test_hardening_no_traceback import REPORT, corpus_with, input_error, run

# Everything a value may hold that an output must not pass on as it is.
NASTY = "50%\r\n::error file=x,line=1::pwned\x1b[31mred\x00\x07\x9b\u2028\u202eevil, a:b"
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def nasty_run() -> tuple[list[Finding], RunSummary]:
    """Two findings, one waived, and a baseline entry gone, all holding NASTY."""
    file = f"reports/{NASTY}.toml"
    findings = [
        Finding(
            "PEEL101",
            "pillar-outside-question-range",
            Severity.ERROR,
            f"message {NASTY}",
            file,
            f"/questions/{NASTY}",
            3,
            4,
            expected=NASTY,
            actual=NASTY,
            related=(Location(file, 5, 6, f"/afis/{NASTY}", NASTY),),
        ),
        Finding("PEEL208", "x", Severity.WARNING, NASTY, file, "/a", 7, 1),
    ]
    gone = BaselineEntry(f"::error::{NASTY}", "PEEL001", NASTY, NASTY, NASTY, "f" * 16)
    summary = RunSummary(
        reports=(file,),
        rules=2,
        checked=(CheckedFile(file, ("PEEL101", "PEEL208")),),
        suppressions={findings[1]: Suppression("waiver", reason=NASTY, file=file, line=9)},
        baseline="b.json",
        gone=(gone,),
        statistics=True,
    )
    return findings, summary


def test_text_is_one_line_per_finding_and_inert_on_a_terminal() -> None:
    findings, summary = nasty_run()
    out = FORMATTERS["text"](findings, summary)
    lines = out.split("\n")[:-1]
    assert len(lines) == len(out.splitlines())  # no line break Python would split on
    # Two findings, the gone entry, two statistics rows, the summary line.
    assert len(lines) == 6
    assert not UNSAFE.search(out)
    assert lines[0].startswith("reports/50%\\r\\n::error file=x,line=1::pwned\\x1b[31mred\\x00")
    assert lines[1].endswith(
        "[waived: 50%\\r\\n::error file=x,line=1::pwned\\x1b[31mred\\x00\\x07"
        "\\x9b\\u2028\\u202eevil, a:b]"
    )


def test_github_runs_only_the_commands_gradecheck_writes() -> None:
    """A GitHub runner reads any line starting with `::` (after blanks) as a command."""
    findings, summary = nasty_run()
    out = FORMATTERS["github"](findings, summary)
    lines = out.split("\n")[:-1]
    assert len(lines) == len(out.splitlines()) == 6
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert [c.split(" ", 1)[0] for c in commands] == ["::error", "::notice"]
    assert not UNSAFE.search(out)
    error = commands[0]
    properties, message = error.removeprefix("::error ").split("::", 1)
    # Properties end at ',' and values at ':', so both are escaped inside values.
    assert [p.split("=", 1)[0] for p in properties.split(",")] == ["file", "line", "col", "title"]
    assert "%2C a%3Ab" in properties
    assert message.startswith("message 50%25\\r%0A::error file=x,line=1::pwned\\x1b[31mred")
    assert lines[2].startswith("%3A%3Aerror::50%")  # the gone entry's file: not a command


def test_junit_is_well_formed_xml_whatever_the_values() -> None:
    findings, summary = nasty_run()
    out = FORMATTERS["junit"](findings, summary)
    root = ET.fromstring(out.encode("utf-8"))  # raises on a character XML 1.0 forbids
    assert not UNSAFE.search(out)
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert "\n" not in failure.get("message", "")
    text = failure.text or ""
    assert [line.split(":")[0] for line in text.splitlines()[1:]] == [
        "path",
        "expected",
        "actual",
        "related",
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_parse_back_to_the_same_values(fmt: str) -> None:
    """The values are kept (these formats are data), but every character a terminal or a
    viewer acts on is written as an escape."""
    findings, summary = nasty_run()
    out = FORMATTERS[fmt](findings, summary)
    assert not UNSAFE.search(out)
    document = json.loads(out)
    if fmt == "json":
        assert document["findings"][0]["message"] == f"message {NASTY}"
    else:
        assert document["runs"][0]["results"][0]["message"]["text"] == f"message {NASTY}"


def test_an_input_error_is_one_line_whatever_its_key_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newline in a key split an input-error line."""
    monkeypatch.chdir(tmp_path)
    corpus_with(tmp_path, "", ("force_name =", '"bad\\nkey\\u001b[2J" = 1\nforce_name ='))
    found = input_error(run(capsys, "check"))
    assert found["key"] == "bad\\nkey\\x1b[2J"
    assert found["message"] == "unknown key (not part of the format)"


def test_a_5_mb_value_is_not_echoed_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither in an input error nor in a finding's message (with the string limit raised
    past it: by default a 5 MB string is refused when the report loads)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADECHECK_MAX_STRING", "10000000")
    huge = "A" * 5_000_000
    corpus_with(tmp_path, "", ('grade = "Good"', f'grade = "{huge}"'))
    found = input_error(run(capsys, "check"))
    assert len(found.group(0)) < 2_500
    assert "characters left out" in found["message"]

    afi = 'id = "AFI-1"'
    text = 'text = "The force should ensure regular and active supervision of investigations."'
    corpus_with(tmp_path / "b", "", (afi, f'id = "{huge}"'), (text, 'text = "TODO"'))
    monkeypatch.chdir(tmp_path / "b")
    _, out, _ = run(capsys, "check", "--select", "NOTE001", "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert len(finding["message"]) < 2_500
    assert finding["message"].startswith("area for improvement AAAA")


def test_a_newline_in_a_report_value_keeps_one_line_per_finding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PEEL008 quotes the scope row's `area`, which is free text."""
    monkeypatch.chdir(tmp_path)
    area = 'area = "Investigating crime",'
    corpus_with(tmp_path, "", (area, 'area = "Investigating crime\\n::error::x\\u001b[31m",'))
    for fmt in ("text", "github"):
        code, out, _ = run(capsys, "check", "--select", "PEEL008", "--format", fmt)
        assert code == 1
        lines = out.splitlines()
        assert len(lines) == 2, out
        assert not UNSAFE.search(out)
        assert sum(line.startswith("::") for line in lines) == (1 if fmt == "github" else 0)
    assert REPORT in lines[0]


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
def test_a_report_whose_name_is_not_utf8(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its name, as Python holds it, cannot be written as UTF-8: it is shown escaped."""
    monkeypatch.chdir(tmp_path)
    path = corpus_with(tmp_path, "", ARMED_RESPONSE_WITHOUT_YEAR)
    os.rename(path, os.fsencode(path.parent) + b"/\xff.toml")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        code, out, _ = run(capsys, "check", "--fail-on", "warning", "--format", fmt)
        assert code == 1
        assert "udcff.toml" in out
        out.encode("utf-8")
