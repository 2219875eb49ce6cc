"""Broken rules planted in a copy of the rule set are caught by the properties, with a small
(shrunk) counterexample printed as TOML by `gradecheck rules test`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.ruleset import load_rule_set
from tests.conftest import RULES, tomllib

RULE_FILES = (
    "scheme.toml",
    "structure.toml",
    "rollup.toml",
    "scope.toml",
    "afi.toml",
    "findings.toml",
)


def planted(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the PEEL 2018/19 rules (data rules only) with one edit."""
    folder = tmp_path / "rules" / "peel-2018-19"
    folder.mkdir(parents=True)
    for name in RULE_FILES:
        shutil.copy(RULES / "peel-2018-19" / name, folder / name)
    (folder / "examples").mkdir()
    shutil.copy(RULES / "peel-2018-19" / "examples" / "base.toml", folder / "examples")
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "rules"


def rules_test(capsys: pytest.CaptureFixture[str], rules: Path) -> tuple[int, str]:
    code = main(
        [
            "rules",
            "test",
            "peel-2018-19",
            "--rules",
            str(rules),
            "--reports",
            "30",
            "--mutants",
            "1",
            "--bundled",
            str(rules / "none"),
        ]
    )
    return code, capsys.readouterr().out


def counterexample(out: str, heading: str) -> dict[str, object]:
    """The TOML printed after the failure line that starts with `heading`."""
    block = out.split(heading, 1)[1].split("\n", 1)[1]
    toml_lines = []
    for line in block.splitlines():
        if line.startswith(("FAIL ", "peel-2018-19: ")):
            break
        toml_lines.append(line)
    return tomllib.loads("\n".join(toml_lines))


def test_a_flipped_comparison_is_caught(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """PEEL201 with `equals` flipped to `not_equals` fires on consistent reports: property (a)."""
    rules = planted(
        tmp_path,
        "scope.toml",
        'then = [{ ref = "item.last_inspected", equals = "{report.year}" }]',
        'then = [{ ref = "item.last_inspected", not_equals = "{report.year}" }]',
    )
    code, out = rules_test(capsys, rules)
    assert code == 1
    assert "FAIL a report consistent by construction gets findings PEEL201 at /questions/" in out
    report = counterexample(out, "FAIL a report consistent by construction")
    # Shrunk: nothing optional survives, only what every report needs.
    assert set(report) <= {
        "force",
        "force_name",
        "scheme",
        "year",
        "publication",
        "scope",
        "questions",
        "pillars",
    }


def test_a_path_to_the_wrong_field_is_caught(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """PEEL204 reading `item.evidence` instead of `item.carried_over` fires on consistent
    reports with a carried-over judgment: property (a)."""
    rules = planted(
        tmp_path,
        "scope.toml",
        'then = [{ ref = "item.carried_over", present = true }]',
        'then = [{ ref = "item.evidence", present = true }]',
    )
    code, out = rules_test(capsys, rules)
    assert code == 1
    assert "FAIL a report consistent by construction gets findings PEEL204 at /questions/" in out
    report = counterexample(out, "FAIL a report consistent by construction")
    carried = [q for q in report["questions"].values() if "carried_over" in q]  # type: ignore[union-attr]
    assert len(carried) == 1  # shrunk to the one carried-over judgment that shows the bug


def test_a_rule_that_can_no_longer_fire_is_caught(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """PEEL301 pointed at a field generated reports never fill is dead: property (b) finds no
    single-fault mutant for it."""
    rules = planted(
        tmp_path,
        "afi.toml",
        'then = [{ ref = "item.status", present = true }]',
        'then = [{ ref = "item.evidence", present = false }]',
    )
    code, out = rules_test(capsys, rules)
    assert code == 1
    assert "FAIL PEEL301: no single-fault mutant could be made" in out
    assert "FAIL a report consistent" not in out


def test_the_bundled_rules_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The same run on an unmodified copy passes, with a coverage line that says every rule
    of the copy is exercised by its examples and gets single-fault mutants."""
    rules = planted(tmp_path, "scope.toml", "PEEL201", "PEEL201")
    code, out = rules_test(capsys, rules)
    assert out.splitlines()[-1] == "OK", out
    assert code == 0
    every = len(load_rule_set(rules / "peel-2018-19").rules)
    assert (
        f"peel-2018-19: {every} rules; examples exercise {every}, bundled reports 0, "
        f"mutants {every} "
    ) in out
