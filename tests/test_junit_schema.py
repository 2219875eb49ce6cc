"""JUnit output validates against the schema Jenkins reads it with (junit-10.xsd of the xUnit
plugin, kept in tests/data), for the test corpora and for the bundled reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import ROOT, RULES

SCHEMA = Path(__file__).resolve().parent / "data" / "junit-10.xsd"
SNAPSHOTS = sorted((Path(__file__).resolve().parent / "snapshots").glob("*.junit.xml"))


def schema() -> object:
    xmlschema = pytest.importorskip(
        "xmlschema", reason="xmlschema belongs in the test extra; install it to check JUnit"
    )
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=[path.name for path in SNAPSHOTS])
def test_every_junit_snapshot_is_valid(snapshot: Path) -> None:
    """The snapshots are the formats' output, compared byte for byte in test_formats.py."""
    errors = list(schema().iter_errors(str(snapshot)))  # type: ignore[attr-defined]
    assert errors == []


def test_the_bundled_reports_in_junit_are_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "gradecheck.junit.xml"
    code = main(["check", "--rules", str(RULES), "--format", "junit", "--output", str(target)])
    capsys.readouterr()
    assert code == 0
    assert list(schema().iter_errors(str(target))) == []  # type: ignore[attr-defined]
