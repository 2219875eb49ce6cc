"""`gradecheck schema`: the JSON Schema of the report format, from the pydantic models.

Editors with a TOML language server (Even Better TOML / taplo) use it for completion and
inline validation. Grades and question keys depend on the scheme, so the schema leaves them
as strings; `gradecheck check` validates them.
"""

from __future__ import annotations

import json
from typing import Any

from checker.model import Report

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "gradecheck report"


def report_schema() -> dict[str, Any]:
    generated = Report.model_json_schema(mode="validation")
    generated.pop("title", None)
    return {
        "$schema": DIALECT,
        "title": TITLE,
        "description": "An inspection report encoded for gradecheck: each fact stated once.",
        **generated,
    }


def render() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"
