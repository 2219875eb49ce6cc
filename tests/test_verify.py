"""`gradecheck rules verify` and `rules diff` (issue 15): problems planted in copies of a small
rule set are each found with a counterexample that `gradecheck check` confirms; diffs of one
threshold, a reworded reference and swapped conditions get their verdicts; and every bundled
rule set is verified."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.ruleset import load_rule_set
from checker.verify.prove import verify
from tests.conftest import RULES
from tests.test_scheme_features import BASE, SCHEME, write_demo

DOCS = 'docs = { what = "w", why = "y", example = "e", instead = "i" }'


def rule(number: int, name: str, body: str, examples: str) -> str:
    return f"""
[[rule]]
id = "DEMO{number:03d}"
name = "{name}"
title = "t"
severity = "error"
kind = "implies"
message = "m"
{DOCS}
{body}
examples = [{examples}]
"""


AT_LEAST_GOOD = rule(
    1,
    "overall-at-least-good",
    'for_each = "report.pillars.overall"\nthen = [{ ref = "item.grade", at_least = "Good" }]\nat = "item.grade"',
    '{ name = "good", triggers = false }, { name = "ri", triggers = true, set = { "pillars.overall.grade" = "Requires improvement" }, path = "/pillars/overall/grade" }',
)
AT_MOST_RI = rule(
    2,
    "overall-at-most-ri",
    'for_each = "report.pillars.overall"\nthen = [{ ref = "item.grade", at_most = "Requires improvement" }]\nat = "item.grade"',
    '{ name = "ri", triggers = false, set = { "pillars.overall.grade" = "Requires improvement" } }, { name = "good", triggers = true, path = "/pillars/overall/grade" }',
)


def when_then(number: int, name: str, question: str, grade: str, then: str) -> str:
    """When `question` is `grade`, the overall rating must satisfy `then`."""
    return rule(
        number,
        name,
        f'for_each = "report.pillars.overall"\nwhen = [{{ ref = "report.questions.{question}.grade", equals = "{grade}" }}]\nthen = [{{ ref = "item.grade", {then} }}]\nat = "item.grade"',
        f'{{ name = "not {grade}", triggers = false }}, {{ name = "{grade}", triggers = true, set = {{ "questions.{question}.grade" = "{grade}", "pillars.overall.grade" = "Good" }}, path = "/pillars/overall/grade" }}',
    )


SAFE_INADEQUATE = when_then(
    3, "safe-inadequate-gives-inadequate", "safe", "Inadequate", 'equals = "Inadequate"'
)
LED_INADEQUATE = when_then(
    4, "led-inadequate-gives-ri", "led", "Inadequate", 'equals = "Requires improvement"'
)


def demo(root: Path, rules: str, determined: bool = False, monotone: bool = False) -> Path:
    """The demo scheme with `rules`; `overall` declared determined or monotone."""
    write_demo(root, rules=rules)
    scheme = root / "rules" / "demo-2025" / "scheme.toml"
    extra = ("determined = true\n" if determined else "") + (
        "monotone = true\n" if monotone else ""
    )
    scheme.write_text(
        SCHEME.replace('names = ["Overall"]\n', f'names = ["Overall"]\n{extra}'), encoding="utf-8"
    )
    return root / "rules" / "demo-2025"


def problems(folder: Path) -> dict[str, list[tuple[str, str]]]:
    result = verify(load_rule_set(folder))
    found: dict[str, list[tuple[str, str]]] = {}
    for problem in result.problems:
        found.setdefault(problem.check, []).append((problem.subject, problem.severity))
    return found


def confirm(root: Path, capsys: pytest.CaptureFixture[str], check: str) -> list[str]:
    """The counterexample of the first `check` problem, written by `--counterexamples` and
    checked with `gradecheck check`: the ids of the rules that fire on it."""
    out_dir = root / "counterexamples"
    code = main(
        [
            "rules",
            "verify",
            "demo-2025",
            "--rules",
            str(root / "rules"),
            "--counterexamples",
            str(out_dir),
        ]
    )
    capsys.readouterr()
    assert code in (0, 1)
    (file,) = [p for p in sorted(out_dir.glob("*.toml")) if check.replace(" ", "-") in p.name][:1]
    target = root / "reports" / "counterexample.toml"
    shutil.copy(file, target)
    main(["check", str(target), "--rules", str(root / "rules"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    return sorted({finding["rule_id"] for finding in document["findings"]})


def test_a_contradiction_is_unsatisfiable_and_a_dead_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo(tmp_path, AT_LEAST_GOOD + AT_MOST_RI)
    found = problems(folder)
    assert found["unsatisfiable"] == [("the rule set", "error")]
    assert found["dead end"] == [("/pillars/overall/grade", "error")]
    assert confirm(tmp_path, capsys, "dead end") != []


def test_a_dead_end_has_its_inputs_as_counterexample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo(tmp_path, SAFE_INADEQUATE + LED_INADEQUATE)
    result = verify(load_rule_set(folder))
    (dead,) = [p for p in result.problems if p.check == "dead end"]
    assert dead.fragment["questions.safe.grade"] == "Inadequate"
    assert dead.fragment["questions.led.grade"] == "Inadequate"
    assert "unsatisfiable" not in problems(folder)
    assert set(confirm(tmp_path, capsys, "dead end")) & {"DEMO003", "DEMO004"}
    (grade,) = result.grades
    # safe and led Inadequate (caring left out of the first framework's example), with or
    # without a breach: the dead ends over every combination of inputs.
    assert grade.dead_ends >= 1


def passing(root: Path, report: dict[str, object], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The overall grades with which `gradecheck check` finds nothing at the overall rating in
    a counterexample report."""
    from checker.authoring.tomlwrite import dumps

    target = root / "reports" / "counterexample.toml"
    found = []
    for grade in ("Inadequate", "Requires improvement", "Good", "Outstanding"):
        data = {**report, "pillars": {"overall": {"grade": grade}}}
        target.write_text(dumps(data), encoding="utf-8")
        main(["check", str(target), "--rules", str(root / "rules"), "--format", "json"])
        findings = json.loads(capsys.readouterr().out)["findings"]
        if not any(f["path"] == "/pillars/overall/grade" for f in findings):
            found.append(grade)
    return found


def test_a_gap_and_a_conflict_in_a_determined_grade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo(tmp_path, SAFE_INADEQUATE + LED_INADEQUATE, determined=True)
    found = problems(folder)
    assert found["conflict"] == [("/pillars/overall/grade", "error")]
    assert found["gap"] == [("/pillars/overall/grade", "error")]
    result = verify(load_rule_set(folder))
    by_check = {problem.check: problem for problem in result.problems}
    # Checked with `gradecheck check`: no grade passes the conflict, several pass the gap.
    assert passing(tmp_path, by_check["conflict"].report, capsys) == []
    assert len(passing(tmp_path, by_check["gap"].report, capsys)) > 1


VACUOUS = rule(
    5,
    "never",
    'for_each = "report.pillars.overall"\nwhen = [{ ref = "report.questions.safe.grade", equals = "Good" }, { ref = "report.questions.safe.grade", equals = "Inadequate" }]\nthen = [{ ref = "item.grade", equals = "Outstanding" }]\nat = "item.grade"',
    '{ name = "good", triggers = false }, { name = "both", triggers = true, path = "/pillars/overall/grade" }',
)


def test_a_vacuous_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = demo(tmp_path, SAFE_INADEQUATE + VACUOUS)
    assert problems(folder)["vacuous"] == [("DEMO005", "warning")]
    # Its counterexample, the example report, with every grade of the one question it reads.
    for grade in ("Inadequate", "Requires improvement", "Good", "Outstanding"):
        text = BASE.replace('safe = { grade = "Good" }', f'safe = {{ grade = "{grade}" }}')
        (tmp_path / "reports" / "v.toml").write_text(text, encoding="utf-8")
        main(["check", str(tmp_path / "reports" / "v.toml"), "--rules", str(tmp_path / "rules")])
        assert "DEMO005" not in capsys.readouterr().out


NARROWER = when_then(
    6, "safe-inadequate-and-led-good", "safe", "Inadequate", 'equals = "Inadequate"'
).replace(
    'when = [{ ref = "report.questions.safe.grade", equals = "Inadequate" }]',
    'when = [{ ref = "report.questions.safe.grade", equals = "Inadequate" }, { ref = "report.questions.led.grade", equals = "Good" }]',
)


def test_a_subsumed_rule_names_the_rule_that_covers_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo(tmp_path, SAFE_INADEQUATE + NARROWER)
    result = verify(load_rule_set(folder))
    (subsumed,) = [p for p in result.problems if p.check == "subsumed"]
    assert subsumed.subject == "DEMO006"
    assert "also one of DEMO003 at the same place" in subsumed.message
    assert confirm(tmp_path, capsys, "subsumed") == ["DEMO003", "DEMO006"]


NOT_MONOTONE = when_then(
    7, "safe-good-caps-overall", "safe", "Good", 'at_most = "Requires improvement"'
)


def test_a_roll_up_declared_monotone_that_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo(tmp_path, NOT_MONOTONE, monotone=True)
    result = verify(load_rule_set(folder))
    (problem,) = [p for p in result.problems if p.check == "not monotone"]
    assert problem.severity == "warning"
    assert "raising /questions/safe/grade from Requires improvement to Good" in problem.message
    assert not result.failed  # warnings only: exit 0
    # Checked with `gradecheck check`: Outstanding passes before the raise, not after it.
    assert "Outstanding" in passing(tmp_path, problem.report, capsys)
    raised = {
        **problem.report,
        "questions": {**problem.report["questions"], "safe": {"grade": "Good"}},
    }
    assert "Outstanding" not in passing(tmp_path, raised, capsys)
    assert "not monotone" not in problems(demo(tmp_path / "m", SAFE_INADEQUATE, monotone=True))


def test_exit_codes_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo(tmp_path, SAFE_INADEQUATE + LED_INADEQUATE)
    arguments = ["rules", "verify", "demo-2025", "--rules", str(tmp_path / "rules")]
    assert main(arguments) == 1
    text = capsys.readouterr().out
    assert "rules/demo-2025/scheme.toml:1: error dead end:" in text.replace(str(tmp_path) + "/", "")
    assert main([*arguments, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    (rule_set,) = document["rule_sets"]
    assert rule_set["failed"] is True
    assert {p["check"] for p in rule_set["problems"]} >= {"dead end"}
    assert main([*arguments, "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=") and "title=dead end::" in line for line in lines)
    assert main(["rules", "verify", "nope", "--rules", str(tmp_path / "rules")]) == 2


@pytest.mark.parametrize("name", sorted(p.parent.name for p in RULES.glob("*/scheme.toml")))
def test_every_bundled_rule_set_is_verified(name: str) -> None:
    """Every bundled set is verified: none has a contradiction or a dead end in a grade that is
    not declared determined; CQC's principles, declared determined, leave gaps and give
    conflicting verdicts, as published (issue 15's demonstration)."""
    result = verify(load_rule_set(RULES / name))
    checks = {problem.check for problem in result.problems if problem.severity == "error"}
    if name == "cqc-asc":
        assert checks == {"conflict", "gap"}
        (grade,) = result.grades
        assert (grade.inputs, grade.sampled) == (2048, False)
        assert grade.dead_ends > 0
        assert grade.gaps > 0
    else:
        assert checks == set(), [p.message for p in result.problems]


def write_versions(root: Path, old: str, new: str) -> tuple[Path, Path]:
    for name, rules in (("old", old), ("new", new)):
        write_demo(root / name, rules=rules)
    return root / "old" / "rules" / "demo-2025", root / "new" / "rules" / "demo-2025"


TWO_RI = rule(
    8,
    "two-ri",
    'for_each = "report.pillars.overall"\nwhen = [{ ref = "report.questions[grade=Requires improvement]", count_min = 2 }]\nthen = [{ ref = "item.grade", equals = "Requires improvement" }]\nat = "item.grade"',
    '{ name = "none", triggers = false }, { name = "two", triggers = true, set = { "questions.safe.grade" = "Requires improvement", "questions.led.grade" = "Requires improvement" }, path = "/pillars/overall/grade" }',
)


def run_diff(capsys: pytest.CaptureFixture[str], old: Path, new: Path) -> dict[str, str]:
    assert main(["rules", "diff", str(old), str(new), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    return {change["rule"]: change["verdict"] for change in document["rules"]} | {
        "": document["verdict"]
    }


def test_diff_of_a_threshold_is_stricter_one_way_and_looser_the_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    three = TWO_RI.replace("count_min = 2", "count_min = 3").replace(
        '"questions.led.grade" = "Requires improvement" }',
        '"questions.led.grade" = "Requires improvement", "questions.safeguarding.grade" = "Met" }',
    )
    old, new = write_versions(tmp_path, TWO_RI, three)
    assert run_diff(capsys, old, new) == {"DEMO008": "looser", "": "looser"}
    assert run_diff(capsys, new, old) == {"DEMO008": "stricter", "": "stricter"}


def test_diff_of_a_reworded_reference_is_equivalent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same count written as a list of one reference.
    reworded = TWO_RI.replace(
        '{ ref = "report.questions[grade=Requires improvement]", count_min = 2 }',
        '{ ref = ["report.questions[grade=Requires improvement]"], count_min = 2 }',
    )
    old, new = write_versions(tmp_path, TWO_RI, reworded)
    assert run_diff(capsys, old, new) == {"DEMO008": "equivalent", "": "equivalent"}


def test_diff_of_swapped_conditions_is_incomparable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    swapped = SAFE_INADEQUATE.replace(
        'when = [{ ref = "report.questions.safe.grade", equals = "Inadequate" }]\nthen = [{ ref = "item.grade", equals = "Inadequate" }]',
        'when = [{ ref = "item.grade", equals = "Inadequate" }]\nthen = [{ ref = "report.questions.safe.grade", equals = "Inadequate" }]',
    ).replace(
        '"questions.safe.grade" = "Inadequate", "pillars.overall.grade" = "Good"',
        '"pillars.overall.grade" = "Inadequate"',
    )
    old, new = write_versions(tmp_path, SAFE_INADEQUATE, swapped)
    assert run_diff(capsys, old, new) == {"DEMO003": "incomparable", "": "incomparable"}


def test_diff_on_the_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    three = TWO_RI.replace("count_min = 2", "count_min = 3").replace(
        '"questions.led.grade" = "Requires improvement" }',
        '"questions.led.grade" = "Requires improvement", "questions.safeguarding.grade" = "Met" }',
    )
    old, new = write_versions(tmp_path, TWO_RI, three)
    reports = tmp_path / "reports"
    reports.mkdir()
    two_ri = BASE.replace(
        'safe = { grade = "Good" }', 'safe = { grade = "Requires improvement" }'
    ).replace('led = { grade = "Good" }', 'led = { grade = "Requires improvement" }')
    (reports / "a.toml").write_text(two_ri, encoding="utf-8")
    assert main(["rules", "diff", str(old), str(new), "--reports", str(reports)]) == 0
    out = capsys.readouterr().out
    assert "a.toml: gains [], loses ['DEMO008 at /pillars/overall/grade']" in out
