"""Output that cannot be written (issue 13, part 1): `--output` or `--write-baseline` onto
a folder, below a file, into a read-only folder raised from `write_atomically`; each is now
one line, `gradecheck: error: cannot write OPTION PATH: reason` (exit 2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_hardening_no_traceback import command_error, corpus_with, run


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("make", "output", "message"),
    [
        pytest.param(lambda root: (root / "out").mkdir(), "out", "it is a folder", id="folder"),
        pytest.param(
            lambda root: (root / "file").write_text(""),
            "file/out.txt",
            "a part of the path is a file, not a folder",
            id="below-a-file",
        ),
    ],
)
def test_output_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], here: Path, make: object, output: str, message: str
) -> None:
    """`--output` onto a folder or below a file raised from `write_atomically`."""
    corpus_with(here)
    make(here)  # type: ignore[operator]
    found = command_error(run(capsys, "check", "--output", output))
    assert found == f"cannot write --output {output}: {message}"


def test_output_into_missing_folders_creates_them(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    corpus_with(here)
    code, _, _ = run(capsys, "check", "--output", "new/folder/out.txt")
    assert code == 0
    assert (here / "new" / "folder" / "out.txt").read_text().startswith("No findings")


def test_output_into_a_folder_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder (simulated: the tests may run as root, who may write anywhere)."""
    from checker.output import atomic

    def refused(target: Path) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(target.parent))

    corpus_with(here)
    monkeypatch.setattr(atomic, "_temporary", refused)
    found = command_error(run(capsys, "check", "--write-baseline", "b.json"))
    assert found == "cannot write --write-baseline b.json: Permission denied"
    assert not (here / "b.json").exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_output_into_a_read_only_folder(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    corpus_with(here)
    (here / "locked").mkdir(mode=0o500)
    found = command_error(run(capsys, "check", "--output", "locked/out.txt"))
    assert found == "cannot write --output locked/out.txt: Permission denied"
