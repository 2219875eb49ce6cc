"""`gradecheck draft PAGE [PAGE ...]`: a partial report from a force's web pages.

The pages here are written for the test (an invented force) in the wording the claims read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.report import validate_report
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import parse_toml
from tests.conftest import RULES

SUMMARY = """Example Constabulary 2018/19

Effectiveness
Good

Efficiency
Requires improvement

Example Constabulary is good at preventing crime and tackling anti-social behaviour.
"""

EFFECTIVENESS = """How effective is the force at keeping people safe and reducing crime?

Example Constabulary is good at preventing crime and tackling anti-social behaviour.
Example Constabulary is good at investigating crime.
"""

DISAGREEING = """Example Constabulary
Example Constabulary is outstanding at preventing crime and tackling anti-social behaviour.
"""


def draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pages: dict[str, str], *options: str
) -> tuple[int, str, str]:
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / name) for name in pages]
    code = main(["draft", *files, "--scheme", "peel-2018-19", "--rules", str(RULES), *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_pages_make_a_partial_report_of_what_they_state(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, peel: RuleSet
) -> None:
    """Only stated values are written, each with the page it came from; the draft is a valid
    partial report."""
    code, out, _ = draft(
        capsys,
        tmp_path,
        {"summary.txt": SUMMARY, "effectiveness.txt": EFFECTIVENESS},
        "--url",
        "summary.txt=https://example.org/peel-2018/example/",
        "--url",
        "effectiveness.txt=https://example.org/peel-2018/example/effectiveness/",
    )
    assert code == 0
    document = parse_toml(out, "draft.toml")
    data = document.data
    assert data["partial"] is True
    assert data["force"] == "example"
    assert data["publication"]["url"] == "https://example.org/peel-2018/example/"
    assert data["pillars"]["effectiveness"]["grade"] == "Good"
    assert data["pillars"]["efficiency"]["grade"] == "Requires improvement"
    assert "legitimacy" not in data.get("pillars", {})  # no page states it: left out
    assert data["questions"]["preventing_crime"]["grade"] == "Good"
    assert data["questions"]["investigating_crime"]["grade"] == "Good"
    assert set(data["questions"]) == {"preventing_crime", "investigating_crime"}
    assert 'grade = "Good"  # from https://example.org/peel-2018/example/effectiveness/' in out
    both = "# from https://example.org/peel-2018/example/, https://example.org/peel-2018/example/"
    assert both in out  # preventing crime is stated on both pages
    validate_report(document, lambda scheme: peel)  # a report the model accepts


def test_pages_that_disagree_are_marked_unsure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two pages against one: the majority is written, the other quoted with its page."""
    pages = {"a.txt": SUMMARY, "b.txt": EFFECTIVENESS, "c.txt": DISAGREEING}
    code, out, _ = draft(capsys, tmp_path, pages)
    assert code == 0
    line = next(line for line in out.splitlines() if "# unsure: the pages disagree" in line)
    assert line.startswith('grade = "Good"  # unsure: the pages disagree, also Outstanding (')
    assert "c.txt" in line


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("summary.txt", "--url takes FILE=URL"),
        ("other.txt=https://example.org", "--url names 'other.txt', which is not one of the"),
    ],
)
def test_bad_url_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, message: str
) -> None:
    code, out, err = draft(capsys, tmp_path, {"summary.txt": SUMMARY}, "--url", url)
    assert (code, out) == (2, "")
    assert message in err
