"""Running rules on report data held in memory, without a file: for generators and searches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from checker.engine.check import check_rule
from checker.inputs.report import LoadedReport
from checker.inputs.ruleset import RuleSet, references
from checker.inputs.tomlfile import TomlDocument
from checker.model.findings import Finding, pointer
from checker.model.report import Report
from checker.model.rules import Rule
from checker.refs.evaluate import Path

GENERATED = "<generated>"
# The engine reads the data, never the model; the searches validate only what they keep.
_UNVALIDATED = Report.model_construct()  # type: ignore[call-arg]


class Probe:
    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.rules: tuple[Rule, ...] = tuple(loaded.rule for loaded in rule_set.rules)

    def findings(self, data: dict[str, Any], rules: Iterable[Rule] | None = None) -> list[Finding]:
        # Unvalidated on purpose: callers build valid data and validate what they keep.
        loaded = LoadedReport(TomlDocument(GENERATED, "", data), _UNVALIDATED)
        return [
            f
            for rule in (self.rules if rules is None else rules)
            for f in check_rule(rule, loaded, self.rule_set)
        ]

    def allowed_values(
        self, data: dict[str, Any], path: Path, candidates: Sequence[Any]
    ) -> list[Any]:
        """The candidates that, written at `path`, draw no finding at or about that place.

        At least one candidate is returned: when every one draws a finding, all are (and the
        property that generated reports are clean will say which rule disagrees).
        """
        where = pointer(path)
        rules = self.rules_about(str(path[0]))
        allowed = []
        for value in candidates:
            _set(data, path, value)
            if not any(_about(finding, where) for finding in self.findings(data, rules)):
                allowed.append(value)
        return allowed or list(candidates)

    def rules_about(self, collection: str) -> list[Rule]:
        """The rules with a reference into `report.<collection>`: the only ones that can object."""
        prefix = f"report.{collection}"
        return [
            rule
            for rule in self.rules
            if any(
                str(ref).startswith(prefix) or f"{{{prefix}" in str(ref)
                for _, ref in references(rule)
            )
        ]


def _about(finding: Finding, where: str) -> bool:
    places = [finding.path, *(location.path for location in finding.related)]
    return any(place == where or place.startswith(where + "/") for place in places)


def _set(data: Any, path: Path, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
