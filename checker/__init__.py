"""gradecheck: declarative consistency rules for graded inspection reports.

Public API (imported lazily, so `gradecheck --help` stays fast):

    check_paths(paths, rules_root) -> (findings, summary)
    check(reports, rule_set) -> findings
    load_rule_set(folder) -> RuleSet
    load_report(path, rule_set_for) -> LoadedReport
    Finding, Severity, InputError
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
HOMEPAGE = "https://pypi.org/project/inspection-gradecheck/"
"""The project's home page (pyproject.toml's `[project.urls]` Homepage; a test keeps the two
the same): SARIF's `informationUri`, and the base of a rule's `helpUri` where its rule set
names no `help_url`."""

_LAZY = {
    "check_paths": "checker.run",
    "RuleSets": "checker.run",
    "check": "checker.engine.check",
    "Selection": "checker.engine.check",
    "load_rule_set": "checker.inputs.ruleset",
    "RuleSet": "checker.inputs.ruleset",
    "load_report": "checker.inputs.report",
    "LoadedReport": "checker.inputs.report",
    "Finding": "checker.model.findings",
    "Severity": "checker.model.findings",
    "InputError": "checker.inputs.tomlfile",
    "InputErrors": "checker.inputs.tomlfile",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
