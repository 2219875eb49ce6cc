"""`gradecheck rules diff OLD NEW`: what a change to a rule set means, not how it is written.

Both versions are run over the same space (the new version's scheme and example report:
checker.verify.space), rule by rule (matched by id): at each point, where each version's
rule finds something. A rule is

- equivalent when both find the same everywhere (a rule rewritten with another reference of
  the same meaning is equivalent),
- stricter when the new one finds everything the old one did and more,
- looser when the other way round,
- incomparable when each finds something the other does not;

with the number of points whose verdict changed and the smallest witness each way (the point
that differs least from the example report). A rule only in NEW is stricter, one only in OLD
looser; the whole set is the combination of its rules. Then both versions check the reports
of the scheme under `reports`: findings gained and lost, per report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from checker.engine.check import check
from checker.inputs.report import load_report
from checker.inputs.ruleset import RuleSet
from checker.model.rules import Rule
from checker.testing.probe import Probe
from checker.verify.prove import RULE_LIMIT
from checker.verify.space import Space

VERDICTS = ("equivalent", "stricter", "looser", "incomparable")


@dataclass(frozen=True)
class Witness:
    fragment: dict[str, Any]
    old: tuple[str, ...]
    """Where the old rule finds something at this point (JSON pointers)."""
    new: tuple[str, ...]


@dataclass(frozen=True)
class RuleChange:
    rule: str
    verdict: str
    points: int
    changed: int
    sampled: bool
    gained: Witness | None = None
    """The smallest point where only the new version finds something."""
    lost: Witness | None = None
    """The smallest point where only the old version finds something."""


@dataclass(frozen=True)
class ReportChange:
    file: str
    gained: tuple[str, ...]
    lost: tuple[str, ...]


@dataclass
class Diff:
    rule_set: str
    rules: list[RuleChange] = field(default_factory=list)
    reports: list[ReportChange] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return combine(change.verdict for change in self.rules)


def combine(verdicts: Any) -> str:
    found = set(verdicts) - {"equivalent"}
    if not found:
        return "equivalent"
    if found == {"stricter"}:
        return "stricter"
    if found == {"looser"}:
        return "looser"
    return "incomparable"


def diff(old: RuleSet, new: RuleSet, reports: list[FsPath], *, scope: int = 2) -> Diff:
    space = Space(new, scope=scope)
    old_probe = Probe(old)
    result = Diff(new.id)
    old_rules = {rule.id: rule for rule in old_probe.rules}
    new_rules = {rule.id: rule for rule in space.rules}
    for rule_id in sorted(old_rules.keys() | new_rules.keys()):
        before, after = old_rules.get(rule_id), new_rules.get(rule_id)
        if before is None:
            result.rules.append(RuleChange(rule_id, "stricter", 0, 0, False))
        elif after is None:
            result.rules.append(RuleChange(rule_id, "looser", 0, 0, False))
        elif before.model_dump() == after.model_dump():
            result.rules.append(RuleChange(rule_id, "equivalent", 0, 0, False))
        else:
            result.rules.append(_rule_change(space, old_probe, before, after))
    result.reports = _on_reports(old, new, reports)
    return result


def _rule_change(space: Space, old_probe: Probe, before: Rule, after: Rule) -> RuleChange:
    variables = {v.path: v for v in space.read_by(after)}
    old_reads = old_probe.reads[before.id]
    for variable in space.variables.values():
        if old_reads.sees(variable.path) and variable.path not in variables:
            variables[variable.path] = variable
    points = space.points(list(variables.values()), [before, after], limit=RULE_LIMIT)
    gained: list[tuple[int, Witness]] = []
    lost: list[tuple[int, Witness]] = []
    changed = 0
    for assignment in points.assignments:
        data = space.report(assignment)
        old_places = _places(old_probe, before, data)
        new_places = _places(space.probe, after, data)
        if old_places == new_places:
            continue
        changed += 1
        size = len(space.changes(assignment))
        witness = Witness(
            space.changes(assignment), tuple(sorted(old_places)), tuple(sorted(new_places))
        )
        if new_places - old_places:
            gained.append((size, witness))
        if old_places - new_places:
            lost.append((size, witness))
    verdict = (
        "equivalent"
        if not changed
        else "incomparable"
        if gained and lost
        else "stricter"
        if gained
        else "looser"
    )
    smallest = {
        name: min(found, key=lambda pair: pair[0])[1] if found else None
        for name, found in (("gained", gained), ("lost", lost))
    }
    return RuleChange(
        after.id,
        verdict,
        len(points.assignments),
        changed,
        points.sampled,
        smallest["gained"],
        smallest["lost"],
    )


def _places(probe: Probe, rule: Rule, data: dict[str, Any]) -> set[str]:
    return {finding.path for finding in probe.findings(data, [rule])}


def _on_reports(old: RuleSet, new: RuleSet, paths: list[FsPath]) -> list[ReportChange]:
    """Findings gained and lost on each report of the scheme (`paths`: its report files)."""
    changes = []
    for path in paths:
        # Read once (its text and the other reports unread: the space's rules read neither),
        # checked by each version.
        report = load_report(path, lambda scheme: new, with_source=False)
        before, after = (
            {f"{f.rule_id} at {f.path or '/'}" for f in check([report], rule_set)}
            for rule_set in (old, new)
        )
        if before != after:
            gained, lost = tuple(sorted(after - before)), tuple(sorted(before - after))
            changes.append(ReportChange(report.file, gained, lost))
    return changes
