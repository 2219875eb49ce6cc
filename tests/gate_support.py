"""Shared by the CI-gate tests: small corpora built in a temporary folder, and snapshots.

A corpus is a folder holding `rules/` (a frozen copy of the PEEL rule set, tests/data) and
`reports/peel-2018-19/*.toml` derived from the rule set's example report. Tests run in that
folder so that every path in the output is relative and the output is byte-stable.

Snapshots live in tests/snapshots/. To regenerate them after an intended change to an
output format, run `GRADECHECK_UPDATE_SNAPSHOTS=1 pytest tests/test_formats.py` and review
the diff. Under CI=true the variable is refused: CI compares, it never rewrites.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from checker.cli import main

DATA = Path(__file__).resolve().parent / "data"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
BASE = DATA / "base.toml"
TODAY = "2026-01-15"
UPDATE_VARIABLE = "GRADECHECK_UPDATE_SNAPSHOTS"

# Changes to the example report, each making rules fire: (old text, new text).
OUTSTANDING_EFFECTIVENESS = (
    'effectiveness = { grade = "Good" }',
    'effectiveness = { grade = "Outstanding" }',
)
ARMED_RESPONSE_WITHOUT_YEAR = (
    'armed_response = { grade = "Ungraded", last_inspected = "2018/19" }',
    'armed_response = { grade = "Ungraded" }',
)
PLACEHOLDER_AFI = (
    'text = "The force should ensure regular and active supervision of investigations."',
    'text = "TODO"',
)
UNADDRESSED_CONCERN = ('addressed_by = ["AFI-1"]', "addressed_by = []")


def report_text(force: str, *changes: tuple[str, str], extra: str = "") -> str:
    """The example report as force `force`, with `changes` applied and `extra` appended."""
    text = BASE.read_text(encoding="utf-8")
    text = text.replace('force = "example"', f'force = "{force}"', 1)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def make_corpus(root: Path, reports: dict[str, str]) -> Path:
    """A corpus under `root`: the frozen rules and `reports` (file name -> text)."""
    shutil.copytree(DATA / "rules", root / "rules")
    folder = root / "reports" / "peel-2018-19"
    folder.mkdir(parents=True)
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`gradecheck ARGS` in the current folder: exit code, standard output and error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def updating_snapshots() -> bool:
    """Whether GRADECHECK_UPDATE_SNAPSHOTS=1 asks to rewrite snapshots; fails the test under
    CI=true, where a rewritten snapshot would make every output change pass unseen."""
    if os.environ.get(UPDATE_VARIABLE) != "1":
        return False
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"snapshots cannot be updated in CI: {UPDATE_VARIABLE}=1 is set together with "
            "CI=true; update them locally and commit the reviewed diff",
            pytrace=False,
        )
    return True


def assert_snapshot(name: str, actual: str) -> None:
    """`actual` equals tests/snapshots/NAME (rewritten with GRADECHECK_UPDATE_SNAPSHOTS=1,
    except in CI)."""
    path = SNAPSHOTS / name
    if updating_snapshots():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"no snapshot {name}; run with GRADECHECK_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from snapshot {name}"
