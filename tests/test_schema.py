"""`gradecheck schema`: a JSON Schema of the report format, committed as docs/report.schema.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomllib

from tests.gate_support import BASE, run

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "report.schema.json"


def as_json(value: Any) -> Any:
    """TOML data as a TOML language server validates it: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def validator() -> Any:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema belongs in the test extra; install it to check schemas"
    )
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/report.schema.json is current: `gradecheck schema > docs/report.schema.json`."""
    code, out, err = run(capsys, "schema")
    assert (code, err) == (0, "")
    assert out == COMMITTED.read_text(encoding="utf-8")


def test_schema_names_its_dialect_and_title(capsys: pytest.CaptureFixture[str]) -> None:
    """The schema says which JSON Schema dialect it is written in, and what it describes."""
    schema = json.loads(run(capsys, "schema")[1])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "gradecheck report"
    assert schema["additionalProperties"] is False
    assert {"force", "scheme", "questions", "waivers"} <= set(schema["properties"])
    assert set(schema["$defs"]["Waiver"]["required"]) == {"rule", "reason", "owner", "expires"}


def test_schema_accepts_reports_the_checker_accepts() -> None:
    """The example report and the bundled reports validate against the schema."""
    check = validator()
    for path in [BASE, *sorted((ROOT / "reports").rglob("*.toml"))]:
        data = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
        assert [e.message for e in check.iter_errors(data)] == [], path


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"forse": "x"}, "Additional properties are not allowed ('forse' was unexpected)"),
        ({"year": 2018}, "2018 is not of type 'string'"),
        ({"waivers": [{"rule": "PEEL101"}]}, "'reason' is a required property"),
    ],
)
def test_schema_rejects_what_the_checker_rejects(change: dict[str, Any], problem: str) -> None:
    """Unknown keys, wrong types and incomplete waivers are flagged inline in an editor."""
    data = as_json(tomllib.loads(BASE.read_text(encoding="utf-8")))
    messages = [e.message for e in validator().iter_errors({**data, **change})]
    assert problem in messages
