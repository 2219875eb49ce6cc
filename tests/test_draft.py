"""`gradecheck draft`: a first encoding from the text reproduces the hand encoding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.authoring.draft import draft
from checker.cli import main
from checker.inputs.report import validate_report
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import parse_toml, read_toml
from checker.text.source import read_text, text_from_string
from tests.conftest import NORFOLK, RULES, tomllib

NORFOLK_TEXT = NORFOLK.with_name("norfolk.txt")


@pytest.fixture(scope="module")
def norfolk_draft(peel: RuleSet) -> dict[str, Any]:
    return draft(read_text(NORFOLK_TEXT), peel).data


def test_grades_match_the_hand_encoding(norfolk_draft: dict[str, Any]) -> None:
    """Every pillar and question grade the draft reads is the one encoded by hand."""
    hand = read_toml(NORFOLK).data
    for part in ("pillars", "questions"):
        assert {k: v["grade"] for k, v in norfolk_draft[part].items()} == {
            k: v["grade"] for k, v in hand[part].items()
        }


def test_scope_rows_match_the_hand_encoding(norfolk_draft: dict[str, Any]) -> None:
    """The scope table, garbled into two columns by extraction, is read row by row."""
    assert norfolk_draft["scope"] == read_toml(NORFOLK).data["scope"]


def test_carry_over_sources_match_the_hand_encoding(norfolk_draft: dict[str, Any]) -> None:
    """Each carried-over question names the inspection the hand encoding names."""

    def sources(data: dict[str, Any]) -> dict[str, Any]:
        return {k: v.get("carried_over") for k, v in data["questions"].items()}

    assert sources(norfolk_draft) == sources(read_toml(NORFOLK).data)


def test_follow_ups_and_current_afis(norfolk_draft: dict[str, Any]) -> None:
    """Follow-up statuses by question, and the current areas for improvement, are read."""
    hand = read_toml(NORFOLK).data

    def statuses(data: dict[str, Any]) -> set[tuple[str, str]]:
        return {(f["followed_up_under"], f["status"]) for f in data["followed_up"]}

    assert statuses(norfolk_draft) == statuses(hand)
    assert [(a["question"], a["text"]) for a in norfolk_draft["afis"]] == [
        (a["question"], a["text"].replace(" – ", " - ")) for a in hand["afis"]
    ]


def test_draft_is_a_valid_report_that_reads_back(peel: RuleSet) -> None:
    """The TOML written parses back to the same data and validates as a report."""
    result = draft(read_text(NORFOLK_TEXT), peel, "norfolk.txt")
    text = result.toml("header")
    assert tomllib.loads(text) == result.data
    validate_report(parse_toml(text, "draft.toml"), lambda scheme: peel)


def test_unsure_values_are_marked(peel: RuleSet) -> None:
    """A grade read from one place, or read two ways, carries an `unsure` comment."""
    text = text_from_string(
        "Investigating crime\n\nGood\nText.\n\nPreventing crime and tackling anti-social "
        "behaviour\n\nGood\nExample Constabulary is outstanding at preventing crime and "
        "tackling anti-social behaviour.\n",
        "small.txt",
    )
    result = draft(text, peel)
    assert result.data["questions"]["investigating_crime"]["grade"] == "Good"
    assert result.unsure[("questions", "investigating_crime", "grade")] == (
        "the grade is read from one place only"
    )
    assert result.unsure[("questions", "preventing_crime", "grade")] == (
        "the text also says Outstanding"
    )
    assert "# unsure: the text also says Outstanding" in result.toml()
    assert result.unsure[("scope",)].startswith("the scope table read has 0 rows")


def test_draft_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`gradecheck draft TEXT --scheme ID --output FILE` writes a report `check` can read."""
    text = tmp_path / "norfolk.txt"
    text.write_bytes(NORFOLK_TEXT.read_bytes())
    output = tmp_path / "draft" / "norfolk.toml"
    code = main(
        [
            "draft",
            str(text),
            "--scheme",
            "peel-2018-19",
            "--rules",
            str(RULES),
            "--output",
            str(output),
        ]
    )
    assert code == 0
    data = tomllib.loads(output.read_text(encoding="utf-8"))
    assert data["source"] == "../norfolk.txt"
    assert data["force"] == "norfolk"
    assert not [p for p in output.parent.iterdir() if p.name.endswith(".tmp")]


def test_draft_command_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing text or an unknown scheme is bad input: exit 2."""
    missing = main(
        ["draft", str(tmp_path / "no.txt"), "--scheme", "peel-2018-19", "--rules", str(RULES)]
    )
    assert missing == 2
    assert "no.txt:1:1: (file): cannot read the text" in capsys.readouterr().err
    unknown = main(["draft", str(NORFOLK_TEXT), "--scheme", "nope", "--rules", str(RULES)])
    assert unknown == 2
    assert "no rule set 'nope'" in capsys.readouterr().err
