"""The command line, through `main()` and through the real entry points."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import NORFOLK, REPORTS, ROOT, RULES


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_report(tmp_path: Path, old: str = "", new: str = "", name: str = "norfolk.toml") -> Path:
    text = NORFOLK.read_text(encoding="utf-8")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    # The report's `source`: its text, next to it.
    (tmp_path / "norfolk.txt").write_bytes(NORFOLK.with_name("norfolk.txt").read_bytes())
    return path


def test_check_with_no_arguments_checks_the_bundled_reports(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`gradecheck check` in the repository checks reports/ against rules/."""
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0  # no errors: the published reports have warnings and infos only
    document = json.loads(out)
    assert document["reports"] == [
        path.relative_to(ROOT).as_posix() for path in sorted(REPORTS.rglob("*.toml"))
    ]
    # The warnings are the three the README explains, all in Norfolk's 2018/19 report; the
    # infos are checks a partial earlier report could not answer.
    warnings = {
        (f["rule_id"], f["path"])
        for f in document["findings"]
        if f["severity"] != "info" and "waived" not in f
    }
    assert warnings == {
        ("PEEL208", "/questions/armed_response/last_inspected"),
        ("PEEL405", "/hmi_concerns/1/addressed_by"),
        ("PEEL505", "/questions/serious_organised_crime/carried_over/year"),
        ("PEEL532", "/followed_up/5/summary"),
    }
    assert {
        f["file"] for f in document["findings"] if f["severity"] != "info" and "waived" not in f
    } == {"reports/peel-2018-19/norfolk.toml"}


def test_text_line_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each finding is `file:line:col: ID severity message (name)`."""
    monkeypatch.chdir(ROOT)
    _, out, _ = run(capsys, "check", "--select", "PEEL208")
    assert out.splitlines()[0] == (
        "reports/peel-2018-19/norfolk.toml:102:12: PEEL208 warning question armed_response is "
        "marked inspected but no last-inspected year is printed for it "
        "(inspected-without-last-inspected)"
    )


def test_errors_give_exit_code_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A finding of severity error makes the exit code 1."""
    path = write_report(
        tmp_path,
        '[pillars.legitimacy]\ngrade = "Good"',
        '[pillars.legitimacy]\ngrade = "Outstanding"',
    )
    code, out, _ = run(capsys, "check", str(path), "--rules", str(RULES))
    assert code == 1
    assert (
        "PEEL101 error pillar legitimacy is graded Outstanding "
        "but its questions range from Good to Good" in out
    )


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on(capsys: pytest.CaptureFixture[str], fail_on: str, expected: int) -> None:
    """--fail-on sets the lowest severity that fails the run."""
    code, _, _ = run(capsys, "check", str(NORFOLK), "--rules", str(RULES), "--fail-on", fail_on)
    assert code == expected


@pytest.mark.parametrize(
    ("options", "rule_ids"),
    [
        # Norfolk 2018/19 alone: its 2016 and 2017 reports are not checked with it, so the
        # cross-report checks say, as info, that they could not be made (PEEL600, PEEL603).
        ((), {"PEEL208", "PEEL405", "PEEL505", "PEEL532", "PEEL600", "PEEL603"}),
        (("--select", "PEEL2"), {"PEEL208"}),
        (("--select", "hmi-concern-unaddressed"), {"PEEL405"}),
        (("--select", "PEEL208,PEEL405"), {"PEEL208", "PEEL405"}),
        (("--ignore", "PEEL4,PEEL6"), {"PEEL208", "PEEL505", "PEEL532"}),
        (("--select", "PEEL", "--ignore", "PEEL208,PEEL6"), {"PEEL405", "PEEL505", "PEEL532"}),
        (("--select", "PEEL6"), {"PEEL600", "PEEL603"}),
        (("--select", "PEEL1"), set()),
    ],
)
def test_select_and_ignore(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...], rule_ids: set[str]
) -> None:
    """--select and --ignore take ids, id prefixes and names."""
    _, out, _ = run(
        capsys, "check", str(NORFOLK), "--rules", str(RULES), "--format", "json", *options
    )
    assert {f["rule_id"] for f in json.loads(out)["findings"]} == rule_ids


def test_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """JSON output is versioned and carries every field of a finding."""
    path = write_report(
        tmp_path,
        'last_inspected = "2017"\ncarried_over = { year = "2017", pillar = "efficiency" }',
        'last_inspected = "2017"\ncarried_over = { year = "2016", pillar = "efficiency" }',
    )
    _, out, _ = run(capsys, "check", str(path), "--rules", str(RULES), "--format", "json")
    document = json.loads(out)
    assert document["version"] == 1
    # PEEL205, and from the text: PEEL504 (the carry-over sentence says 2017) and PEEL505.
    # Infos, as the report is checked without its earlier reports: PEEL600 for 2016 and 2017,
    # PEEL603 for the two questions whose later (2017) inspection cannot be looked at.
    assert document["summary"] == {"findings": 11, "error": 2, "warning": 5, "info": 4}
    (finding,) = [f for f in document["findings"] if f["rule_id"] == "PEEL205"]
    assert finding["path"] == "/questions/meeting_current_demands/carried_over/year"
    assert (finding["expected"], finding["actual"]) == ("2017", "2016")
    assert finding["severity"] == "error"
    assert [r["path"] for r in finding["related"]] == ["/scope/5/inspected"]
    assert len(finding["fingerprint"]) == 16


def test_a_pillar_far_from_its_questions_middle_names_the_allowed_band(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """PEEL103 says what it prints: the band it allows (the middle grades of Good, Requires
    improvement, Good and Good widened by one band), not the middle itself."""
    path = write_report(
        tmp_path,
        '[pillars.effectiveness]\ngrade = "Good"',
        '[pillars.effectiveness]\ngrade = "Inadequate"',
    )
    args = ("check", str(path), "--rules", str(RULES), "--select", "PEEL103", "--format", "json")
    code, out, _ = run(capsys, *args)
    (finding,) = json.loads(out)["findings"]
    assert (code, finding["path"]) == (0, "/pillars/effectiveness/grade")  # a warning
    assert finding["expected"] == "Requires improvement to Outstanding"
    assert finding["message"] == (
        "pillar effectiveness is graded Inadequate, two or more bands from its questions' "
        "middle: allowed Requires improvement to Outstanding"
    )


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--output writes the report to a file, not standard output."""
    target = tmp_path / "out" / "findings.txt"
    code, out, _ = run(
        capsys, "check", str(NORFOLK), "--rules", str(RULES), "--output", str(target)
    )
    assert code == 0
    assert out == ""
    # The four warnings, and the infos of Norfolk 2018/19 checked without its earlier
    # reports: PEEL600 for 2016 and for 2017, PEEL603 for serious and organised crime.
    assert target.read_text(encoding="utf-8").endswith(
        "7 findings (4 warnings, 3 infos) in 1 report.\n"
    )
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_clean_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A report with nothing to find says so and exits 0."""
    path = write_report(tmp_path)
    _, out, _ = run(
        capsys,
        "check",
        str(path),
        "--rules",
        str(RULES),
        "--ignore",
        "PEEL208,PEEL405,PEEL505,PEEL532,PEEL6",  # PEEL6xx: checked without its earlier reports
    )
    assert out == "No findings in 1 report.\n"


def test_output_is_deterministic() -> None:
    """Two runs with different hash seeds give byte-identical output: a successful check
    (the bundled reports have warnings and an info only) whose JSON lists several findings,
    so that their order is something the seed could have changed."""
    outputs = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "checker", "check", "--format", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert (result.returncode, result.stderr) == (0, ""), (seed, result.stderr)
        document = json.loads(result.stdout)
        assert len(document["reports"]) == len(list(REPORTS.rglob("*.toml"))) >= 3
        active = [f for f in document["findings"] if "waived" not in f]
        assert document["summary"]["findings"] == len(active) > 1
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_python_dash_m_is_the_same_command(tmp_path: Path) -> None:
    """`python -m checker` behaves as `gradecheck`, exit code included."""
    path = write_report(tmp_path, 'grade = "Good"', 'grade = "Goood"')
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(path), "--rules", str(RULES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown grade 'Goood'" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_does_not_import_pydantic() -> None:
    """`gradecheck --help` stays fast: pydantic and the engine are not imported."""
    code = (
        "import sys\nfrom checker.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
        " or m in ('checker.engine.check', 'checker.model.report')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("gradecheck 0.")


def test_usage_error_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is a usage error: exit code 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--no-such-option"])
    assert exit_info.value.code == 2


def test_rules_list(capsys: pytest.CaptureFixture[str]) -> None:
    """`rules list` shows every rule with id, severity, name and title."""
    code, out, _ = run(capsys, "rules", "list", "--rules", str(RULES))
    assert code == 0
    sets = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert sets == sorted(sets)  # every rule set, by id
    assert any(
        line.startswith("peel-2016: PEEL 2016 effectiveness, efficiency and")
        for line in out.splitlines()
    )
    assert any(
        line.startswith("peel-2018-19: PEEL 2018/19 integrated assessment (")
        for line in out.splitlines()
    )
    assert any(
        line.split()[:3] == ["PEEL101", "error", "pillar-outside-question-range"]
        for line in out.splitlines()
    )


@pytest.mark.parametrize("name", ["PEEL204", "not-inspected-without-carry-over"])
def test_rules_explain(capsys: pytest.CaptureFixture[str], name: str) -> None:
    """`rules explain` takes an id or a name and shows docs, parameters, examples and source."""
    code, out, _ = run(
        capsys, "rules", "explain", name, "--rules", str(RULES), "--scheme", "peel-2018-19"
    )
    assert code == 0
    assert out.startswith("PEEL204 (not-inspected-without-carry-over): ")
    for part in (
        "Severity: error",
        "Kind: implies",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "- source missing: gives error at /questions/serious_organised_crime/carried_over",
        "unset questions.serious_organised_crime.carried_over",
        'when = [{"ref": ',
    ):
        assert part in out
    source = RULES / "peel-2018-19" / "scope.toml"
    lines = source.read_text(encoding="utf-8").splitlines()
    defined = lines.index('id = "PEEL204"')  # its [[rule]] header is the line before
    assert lines[defined - 1] == "[[rule]]"
    where = re.search(r"^Defined in: (.+):(\d+)$", out, re.MULTILINE)
    assert where, out
    assert (Path(where[1]).resolve(), int(where[2])) == (source.resolve(), defined)


def test_rules_explain_shows_every_rule_a_shared_name_stands_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Sets that extend another share its rules' names: each is shown, inherited ones with
    where they come from; `--scheme` picks one set."""
    code, out, _ = run(
        capsys, "rules", "explain", "pillar-outside-question-range", "--rules", str(RULES)
    )
    assert code == 0
    heads = re.findall(r"^([A-Z]+[0-9]+) \(pillar-outside-question-range\)", out, re.MULTILINE)
    assert {"PEEL101", "PEEL16005", "PEEL17005"} <= set(heads)
    assert re.search(
        r"^Rule set: peel-2017\nDefined in: .*peel-2016.*\(inherited from peel-2016\)$",
        out,
        re.MULTILINE,
    )
    code, out, _ = run(
        capsys,
        "rules",
        "explain",
        "pillar-outside-question-range",
        "--rules",
        str(RULES),
        "--scheme",
        "peel-2017",
    )
    assert re.findall(r"^([A-Z]+[0-9]+) \(", out, re.MULTILINE) == ["PEEL17005"]
    code, _, err = run(
        capsys, "rules", "explain", "PEEL101", "--rules", str(RULES), "--scheme", "nope"
    )
    assert code == 2
    assert "no rule set 'nope'" in err


def test_rules_explain_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rule is a usage error."""
    code, _, err = run(capsys, "rules", "explain", "PEEL999", "--rules", str(RULES))
    assert code == 2
    assert "no rule 'PEEL999'" in err


def test_rules_commands_without_rule_sets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A --rules folder with no rule set in it is a usage error, not an empty listing."""
    code, out, err = run(capsys, "rules", "list", "--rules", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "no rule sets under" in err
