"""`gradecheck schema`: the JSON Schema of the report format, from the pydantic models.

Editors with a TOML language server (Even Better TOML / taplo) use it for completion and
inline validation. Grades, pillar and question keys depend on the scheme, so the plain schema
leaves them as strings; with a rule set (`--scheme`) they become enumerations, with each
pillar's and question's printed name as its description, and waivers complete rule ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.model.report import Report

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "gradecheck report"

# Fields that hold a question key or a grade of the scheme (model name -> field names); the
# models check them against the scheme at load time. tests/test_schema.py keeps this table
# in step with the validators in checker/model/report.py.
QUESTION_FIELDS = {
    "ScopeRow": ("question",),
    "FollowedUpAfi": ("followed_up_under",),
    "Afi": ("question",),
    "CauseOfConcern": ("question",),
    "NationalRecommendation": ("question",),
    "ForceRecommendation": ("question",),
}
GRADE_FIELDS = {"Pillar": ("grade",), "Question": ("grade",)}
STATUS_FIELDS = {"FollowedUpAfi": ("status",)}


def report_schema(rule_set: RuleSet | None = None) -> dict[str, Any]:
    generated = Report.model_json_schema(mode="validation")
    generated.pop("title", None)
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "title": TITLE,
        "description": "An inspection report encoded for gradecheck: each fact stated once.",
        **generated,
    }
    if rule_set is not None:
        _narrow(schema, rule_set)
    return schema


def _narrow(schema: dict[str, Any], rule_set: RuleSet) -> None:
    scheme = rule_set.scheme
    schema["title"] = f"{TITLE}: {scheme.title}"
    defs, properties = schema["$defs"], schema["properties"]
    properties["scheme"] = {**properties["scheme"], "const": scheme.id}
    for model, fields in QUESTION_FIELDS.items():
        for name in fields:
            defs[model]["properties"][name]["enum"] = list(scheme.questions)
    for model, fields in GRADE_FIELDS.items():
        for name in fields:
            defs[model]["properties"][name]["enum"] = list(scheme.all_labels)
    statuses = list(scheme.follow_up.statuses) if scheme.follow_up else []
    for model, fields in STATUS_FIELDS.items():
        for name in fields:
            defs[model]["properties"][name]["enum"] = statuses
    if scheme.variants:
        properties["variant"] = {**properties["variant"], "enum": list(scheme.variants)}
    properties["flags"] = {
        **properties["flags"],
        "properties": {
            key: {"type": "boolean", "description": _printed(key, flag.names)}
            for key, flag in scheme.flags.items()
        },
        "additionalProperties": False,
    }
    for field, entries, model in (
        ("pillars", {key: _printed(key, p.names) for key, p in scheme.pillars.items()}, "Pillar"),
        (
            "questions",
            {key: _printed(key, q.names) for key, q in scheme.questions.items()},
            "Question",
        ),
    ):
        properties[field] = {
            **properties[field],
            "properties": {
                key: {"$ref": f"#/$defs/{model}", "description": name}
                for key, name in entries.items()
            },
            "additionalProperties": False,
        }
    rules = [loaded.rule for loaded in rule_set.rules]
    defs["Waiver"]["properties"]["rule"]["enum"] = sorted(
        {*(rule.id for rule in rules), *(rule.name for rule in rules)}
    )
    departable = [rule for rule in rules if rule.departable]
    defs["Departure"]["properties"]["rule"]["enum"] = sorted(
        {*(rule.id for rule in departable), *(rule.name for rule in departable)}
    )


def _printed(key: str, names: Sequence[str]) -> str:
    """The name a pillar or question is printed under; its key when the scheme gives none."""
    return str(names[0]) if names else key


def render(rule_set: RuleSet | None = None) -> str:
    return json.dumps(report_schema(rule_set), indent=2, ensure_ascii=False) + "\n"
