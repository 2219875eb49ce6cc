"""`--changed-since REV` on a temporary git repository with related reports."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.gate_support import UNADDRESSED_CONCERN, make_corpus, report_text, run

FOLDER = "reports/peel-2018-19"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed corpus: two reports of force alpha, one of force beta."""
    make_corpus(
        tmp_path,
        {
            "alpha.toml": report_text("alpha"),
            "alpha-second.toml": report_text("alpha"),
            "beta.toml": report_text("beta"),
        },
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "corpus")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """The reports `check --changed-since HEAD` looked at."""
    code, out, err = run(capsys, "check", "--changed-since", "HEAD", "--format", "json", *args)
    assert err == ""
    assert code in (0, 1)
    return [name.removeprefix(FOLDER + "/") for name in json.loads(out)["reports"]]


def touch(path: Path, text: str = "\n# edited\n") -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_nothing_changed_checks_nothing(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, _ = run(capsys, "check", "--changed-since", "HEAD")
    assert (code, out) == (0, "No findings in 0 reports.\n")


def test_a_changed_report_is_checked_alone_when_nothing_relates_to_it(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    touch(repo / FOLDER / "beta.toml")
    assert checked(capsys) == ["beta.toml"]


def test_reports_of_the_same_force_are_checked_with_it(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """A change to one alpha report rechecks the other alpha report, not beta."""
    touch(repo / FOLDER / "alpha-second.toml")
    assert checked(capsys) == ["alpha-second.toml", "alpha.toml"]


def test_committed_staged_and_untracked_changes_count(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Changes since REV: in later commits, staged, or new files git does not track yet."""
    touch(repo / FOLDER / "beta.toml")
    git(repo, "commit", "-q", "-am", "edit beta")
    assert checked(capsys) == []
    assert checked(capsys, "--changed-since", "HEAD~1") == ["beta.toml"]
    (repo / FOLDER / "gamma.toml").write_text(report_text("gamma"), encoding="utf-8")
    assert checked(capsys) == ["gamma.toml"]
    git(repo, "add", ".")
    assert checked(capsys) == ["gamma.toml"]


def test_a_new_report_brings_in_its_force(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    (repo / FOLDER / "beta-second.toml").write_text(
        report_text("beta", UNADDRESSED_CONCERN), encoding="utf-8"
    )
    assert checked(capsys) == ["beta-second.toml", "beta.toml"]


def test_a_deleted_report_brings_in_its_force(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Reports related to a deleted one are found from the revision it existed in."""
    (repo / FOLDER / "alpha-second.toml").unlink()
    assert checked(capsys) == ["alpha.toml"]


def test_a_changed_rule_file_checks_everything(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    touch(repo / "rules" / "peel-2018-19" / "rollup.toml")
    assert checked(capsys) == ["alpha-second.toml", "alpha.toml", "beta.toml"]


def test_a_changed_waivers_file_checks_everything(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "waivers.toml").write_text("", encoding="utf-8")
    assert checked(capsys, "--waivers", "waivers.toml") == [
        "alpha-second.toml",
        "alpha.toml",
        "beta.toml",
    ]


def test_only_reports_under_the_given_paths(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    """Paths still limit what is checked; related reports outside them are not added."""
    touch(repo / FOLDER / "alpha.toml")
    assert checked(capsys, f"{FOLDER}/alpha.toml", f"{FOLDER}/beta.toml") == ["alpha.toml"]


def test_findings_and_exit_code_come_from_the_checked_reports(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    path = repo / FOLDER / "beta.toml"
    path.write_text(report_text("beta", UNADDRESSED_CONCERN), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--changed-since", "HEAD", "--fail-on", "warning")
    assert code == 1
    assert out.splitlines()[-1] == "1 finding (1 warning) in 1 report."


@pytest.mark.parametrize("rev", ["no-such-revision", "--all", "HEAD~5"])
def test_a_bad_revision_is_an_input_error(
    capsys: pytest.CaptureFixture[str], repo: Path, rev: str
) -> None:
    """Not about a file: one line `gradecheck: error: ...`, exit 2."""
    code, out, err = run(capsys, "check", f"--changed-since={rev}")
    assert (code, out) == (2, "")
    assert err == f"gradecheck: error: --changed-since: unknown git revision {rev!r}\n"


def test_outside_a_repository_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path, {"alpha.toml": report_text("alpha")})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run(capsys, "check", "--changed-since", "HEAD")
    assert code == 2
    assert err.startswith("gradecheck: error: --changed-since: ")
    assert "not inside a git repository" in err
