"""The newcomer's path (issue 13, part 9): `draft` writes `source` relative to where the
draft goes, on standard output too (`--source-relative-to DIR`), so that `check` finds the
text from the draft where it is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import NORFOLK, RULES, tomllib
from tests.gate_support import run
from tests.test_hardening_no_traceback import command_error

NORFOLK_TEXT = NORFOLK.with_name("norfolk.txt")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the bundled rules and Norfolk's text under texts/."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(RULES, tmp_path / "rules")
    (tmp_path / "texts").mkdir()
    shutil.copyfile(NORFOLK_TEXT, tmp_path / "texts" / "norfolk.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def draft(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run(capsys, "draft", "texts/norfolk.txt", "--scheme", "peel-2018-19", *args)


def test_on_standard_output_source_is_relative_to_the_working_folder(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, out, _ = draft(capsys)
    assert code == 0
    assert tomllib.loads(out)["source"] == "texts/norfolk.txt"


def test_source_relative_to_the_folder_the_draft_will_be_kept_in(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, out, _ = draft(capsys, "--source-relative-to", "reports/peel-2018-19")
    assert code == 0
    assert tomllib.loads(out)["source"] == "../../texts/norfolk.txt"
    kept = repo / "reports" / "peel-2018-19" / "norfolk.toml"
    kept.parent.mkdir(parents=True)
    kept.write_text(out, encoding="utf-8")
    code, _, err = run(capsys, "check", "reports", "--select", "PEEL5")
    assert code in (0, 1), err  # the text is found: findings, never bad input
    assert "no text file" not in err


def test_output_decides_unless_the_folder_is_given(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    assert draft(capsys, "--output", "drafts/norfolk.toml")[0] == 0
    written = (repo / "drafts" / "norfolk.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written)["source"] == "../texts/norfolk.txt"
    assert draft(capsys, "--output", "d.toml", "--source-relative-to", "reports/x")[0] == 0
    written = (repo / "d.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written)["source"] == "../../texts/norfolk.txt"


def test_from_a_subfolder_the_rules_folder_is_found_above(
    capsys: pytest.CaptureFixture[str], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "texts")
    code, out, _ = run(capsys, "draft", "norfolk.txt", "--scheme", "peel-2018-19")
    assert code == 0
    assert tomllib.loads(out)["source"] == "norfolk.txt"


def test_pages_write_no_source(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    message = command_error(draft(capsys, "--partial", "--source-relative-to", "reports"))
    assert message.startswith("--source-relative-to applies to a draft from a report's text")
