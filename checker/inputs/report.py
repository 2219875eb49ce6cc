"""Loading one encoded report against the scheme it names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import InputErrors, TomlDocument, read_toml, validate
from checker.model.report import Report, duplicate_ids


@dataclass(frozen=True)
class LoadedReport:
    document: TomlDocument
    report: Report
    text_file: FsPath | None = None
    """The report text to check claims against, when given on the command line (`--text`)."""
    text: str | None = None
    """The report text itself, when held in memory (rule examples); wins over `text_file`."""

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data


def load_report(path: FsPath, rule_set_for: Callable[[str], RuleSet | None]) -> LoadedReport:
    """Read and validate a report; `rule_set_for` maps a scheme id to its rule set."""
    return validate_report(read_toml(path), rule_set_for)


def validate_report(
    document: TomlDocument, rule_set_for: Callable[[str], RuleSet | None]
) -> LoadedReport:
    scheme_id = document.data.get("scheme")
    if not isinstance(scheme_id, str):
        raise document.error(
            ("scheme",),
            "required key 'scheme' must name a rule set, e.g. scheme = \"peel-2018-19\"",
        )
    rule_set = rule_set_for(scheme_id)
    if rule_set is None:
        raise document.error(("scheme",), f"no rule set for scheme {scheme_id!r}")
    report = validate(Report, document, context={"scheme": rule_set.scheme})
    duplicates = duplicate_ids(document.data)
    if duplicates:
        raise InputErrors(
            document.error(path, f"duplicate id {value!r}") for path, value in duplicates
        )
    return LoadedReport(document, report)
