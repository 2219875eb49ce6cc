"""`gradecheck schema`: a JSON Schema of the report format, committed as docs/report.schema.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import tomllib
from tests.gate_support import BASE, DATA, run

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


def scheme_validator(capsys: pytest.CaptureFixture[str]) -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema belongs in the test extra")
    code, out, _ = run(capsys, "schema", "--scheme", "peel-2018-19", "--rules", str(DATA / "rules"))
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_scheme_schema_accepts_the_example_report(capsys: pytest.CaptureFixture[str]) -> None:
    """Narrowed to a rule set, the schema still accepts a report that rule set accepts."""
    data = as_json(tomllib.loads(BASE.read_text(encoding="utf-8")))
    waiver = {"rule": "PEEL101", "reason": "r", "owner": "o", "expires": "2026-01-01"}
    assert list(scheme_validator(capsys).iter_errors({**data, "waivers": [waiver]})) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("questions", "armed_response", "grade"), "'Goood' is not one of "),
        (("afis", 0, "question"), "'Goood' is not one of "),
        (("questions", "Goood"), "Additional properties are not allowed ('Goood' was unexpected)"),
        (("scheme",), "'peel-2018-19' was expected"),
        (("waivers",), "is not of type 'array'"),
    ],
)
def test_scheme_schema_knows_grades_keys_and_rules(
    capsys: pytest.CaptureFixture[str], change: tuple[str | int, ...], problem: str
) -> None:
    """Grades, question keys and the scheme id are checked (and completed) in the editor."""
    data = as_json(tomllib.loads(BASE.read_text(encoding="utf-8")))
    target = data
    for part in change[:-1]:
        target = target[part]
    target[change[-1]] = {"grade": "Good"} if change[-1] == "Goood" else "Goood"
    messages = [e.message for e in scheme_validator(capsys).iter_errors(data)]
    assert any(problem in message for message in messages), messages


def test_scheme_schema_describes_pillars_and_questions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "schema", "--scheme", "peel-2018-19", "--rules", str(DATA / "rules"))
    schema = json.loads(out)
    questions = schema["properties"]["questions"]["properties"]
    assert questions["armed_response"]["description"] == "Armed response capability"
    assert "PEEL101" in schema["$defs"]["Waiver"]["properties"]["rule"]["enum"]
    assert (
        "pillar-outside-question-range" in schema["$defs"]["Waiver"]["properties"]["rule"]["enum"]
    )


def test_unknown_scheme_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "schema", "--scheme", "nope", "--rules", str(DATA / "rules"))
    assert (code, out) == (2, "")
    assert "no rule set 'nope'" in err


def test_narrowed_fields_are_the_fields_the_models_check_against_the_scheme() -> None:
    """The schema's table of question-key and grade fields matches the models' validators."""
    from pydantic import BaseModel

    from checker.authoring.schema_export import GRADE_FIELDS, QUESTION_FIELDS, STATUS_FIELDS
    from checker.model import report as model

    found: dict[str, dict[str, tuple[str, ...]]] = {"question": {}, "grade": {}, "status": {}}
    for cls in vars(model).values():
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            continue
        for name, info in cls.model_fields.items():
            for item in (*info.metadata, *_metadata(info.annotation)):
                for kind, validator in (
                    ("question", model.QUESTION_CHECK),
                    ("grade", model.GRADE_CHECK),
                    ("status", model.STATUS_CHECK),
                ):
                    if item is validator:
                        found[kind][cls.__name__] = (*found[kind].get(cls.__name__, ()), name)
    assert found == {"question": QUESTION_FIELDS, "grade": GRADE_FIELDS, "status": STATUS_FIELDS}


def _metadata(annotation: object) -> list[object]:
    """The Annotated metadata of an optional field's type (`Grade | None` holds Grade's);
    tables keyed by question (`dict[QuestionKey, ...]`) are narrowed apart."""
    import types
    import typing

    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return []
    return [
        item
        for argument in typing.get_args(annotation)
        if typing.get_origin(argument) is typing.Annotated
        for item in getattr(argument, "__metadata__", ())
    ]


SCHEMES = sorted(path.parent.name for path in (ROOT / "rules").glob("*/scheme.toml"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_rule_sets_schema_accepts_its_reports_and_refuses_another_schemes(
    capsys: pytest.CaptureFixture[str], scheme: str
) -> None:
    """`schema --scheme` works on every bundled scheme: its reports and example report
    validate; a grade, key or flag of no such scheme does not."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema belongs in the test extra")
    code, out, _ = run(capsys, "schema", "--scheme", scheme, "--rules", str(ROOT / "rules"))
    assert code == 0
    check = jsonschema.Draft202012Validator(json.loads(out))
    files = [
        *(ROOT / "reports" / scheme).glob("*.toml"),
        ROOT / "rules" / scheme / "examples" / "base.toml",
    ]
    for file in files:
        data = as_json(tomllib.loads(file.read_text(encoding="utf-8")))
        assert [e.message for e in check.iter_errors(data)] == [], file
        wrong = {**data, "questions": {**data.get("questions", {}), "no_such_question": {}}}
        assert list(check.iter_errors(wrong))
        wrong = {**data, "flags": {"no_such_flag": True}}
        assert list(check.iter_errors(wrong))
