"""`rules verify` results as text, JSON (version 1) or GitHub workflow commands.

A problem about a rule is placed at the line its rule is written on; one about a derived
grade, at the scheme file. Counterexamples are written as report fragments (the values that
differ from the rule set's example report) in text, and as whole reports in JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import display_name
from checker.output.escape import json_text, multi_line, plain, shorten
from checker.output.github import command_data, command_property
from checker.verify.compare import Diff, RuleChange
from checker.verify.prove import Problem, Verification

VERSION = 1


def text(results: Sequence[tuple[RuleSet, Verification]]) -> str:
    lines: list[str] = []
    for rule_set, result in results:
        lines.append(
            f"{rule_set.id}: {result.points:,} reports checked; "
            f"{_count(result, 'error')} errors, {_count(result, 'warning')} warnings"
        )
        for grade in result.grades:
            sampled = " (sampled)" if grade.sampled else ""
            lines.append(
                f"  {grade.path}: {grade.inputs:,} combinations of inputs{sampled}: "
                f"{grade.dead_ends:,} with no grade, {grade.gaps:,} with more than one "
                "where one is declared"
            )
        for problem in result.problems:
            place = _place(rule_set, problem)
            lines.append(f"{place}: {problem.severity} {problem.check}: {plain(problem.message)}")
            if problem.fragment:
                lines.append("  counterexample (the example report with):")
                lines += [f"    {key} = {_toml(value)}" for key, value in problem.fragment.items()]
        lines += [f"  note: {plain(note)}" for note in result.notes]
    return "\n".join(lines) + "\n"


def json_document(results: Sequence[tuple[RuleSet, Verification]]) -> str:
    document = {
        "version": VERSION,
        "rule_sets": [
            {
                "id": rule_set.id,
                "points": result.points,
                "failed": result.failed,
                "grades": [vars(grade) for grade in result.grades],
                "problems": [_problem(rule_set, problem) for problem in result.problems],
                "notes": result.notes,
            }
            for rule_set, result in results
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False, default=str)) + "\n"


def github(results: Sequence[tuple[RuleSet, Verification]]) -> str:
    lines = []
    for rule_set, result in results:
        for problem in result.problems:
            file, line = _where(rule_set, problem)
            message = multi_line(shorten(problem.message))
            if problem.fragment:
                shown = ", ".join(f"{k} = {_toml(v)}" for k, v in problem.fragment.items())
                message += f" (counterexample: {shorten(shown)})"
            properties = (
                f"file={command_property(file)},line={line},title={command_property(problem.check)}"
            )
            lines.append(f"::{problem.severity} {properties}::{command_data(message)}")
    lines.append(command_data(text(results).splitlines()[0]) if results else "")
    return "\n".join(lines) + "\n"


def _problem(rule_set: RuleSet, problem: Problem) -> dict[str, Any]:
    file, line = _where(rule_set, problem)
    return {
        "check": problem.check,
        "severity": problem.severity,
        "subject": problem.subject,
        "message": problem.message,
        "file": file,
        "line": line,
        "counterexample": problem.fragment,
        "report": problem.report,
    }


def _where(rule_set: RuleSet, problem: Problem) -> tuple[str, int]:
    loaded = rule_set.find(problem.subject)
    if loaded is not None:
        return loaded.file, loaded.line
    return display_name(rule_set.folder / "scheme.toml"), 1


def _place(rule_set: RuleSet, problem: Problem) -> str:
    file, line = _where(rule_set, problem)
    return f"{file}:{line}"


def _count(result: Verification, severity: str) -> int:
    return sum(problem.severity == severity for problem in result.problems)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def diff_text(change: Diff) -> str:
    lines = [f"{change.rule_set}: the new version is {change.verdict}"]
    for rule in change.rules:
        if rule.verdict == "equivalent" and not rule.points:
            continue  # written the same
        sampled = ", sampled" if rule.sampled else ""
        counted = (
            f" ({rule.changed} of {rule.points} reports change{sampled})" if rule.points else ""
        )
        lines.append(f"  {rule.rule}: {rule.verdict}{counted}")
        for name, witness in (("finds more", rule.gained), ("finds less", rule.lost)):
            if witness is not None:
                shown = ", ".join(f"{k} = {_toml(v)}" for k, v in witness.fragment.items())
                lines.append(
                    f"    {name} with {shown or 'the example report'}: old "
                    f"{list(witness.old) or 'nothing'}, new {list(witness.new) or 'nothing'}"
                )
    for report in change.reports:
        lines.append(f"  {report.file}: gains {list(report.gained)}, loses {list(report.lost)}")
    if not change.reports:
        lines.append("  no report's findings change")
    return "\n".join(plain(line) for line in lines) + "\n"


def diff_json(change: Diff) -> str:
    document = {
        "version": VERSION,
        "rule_set": change.rule_set,
        "verdict": change.verdict,
        "rules": [asdict(rule) for rule in change.rules],
        "reports": [asdict(report) for report in change.reports],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False, default=str)) + "\n"


def diff_github(change: Diff) -> str:
    """A notice per rule whose meaning changed, and one per report whose findings change."""
    lines = []
    for rule in change.rules:
        if rule.verdict != "equivalent":
            title = command_property(f"{rule.rule} {rule.verdict}")
            lines.append(f"::notice title={title}::{command_data(plain(diff_text_rule(rule)))}")
    for report in change.reports:
        message = f"gains {list(report.gained)}, loses {list(report.lost)}"
        lines.append(
            f"::notice file={command_property(report.file)},title=findings change::"
            f"{command_data(plain(message))}"
        )
    lines.append(f"{change.rule_set}: the new version is {change.verdict}")
    return "\n".join(lines) + "\n"


def diff_text_rule(rule: RuleChange) -> str:
    changed = f"{rule.changed} of {rule.points} reports of its space change"
    return f"{rule.rule} is {rule.verdict}: {changed}"
