"""Checking files and folders: find reports, load their rule sets once, run the engine."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path as FsPath

from checker.engine import Selection, check
from checker.findings import Finding
from checker.formatters.base import RunSummary
from checker.loader import InputError, InputErrors, display_name
from checker.reportfile import LoadedReport, load_report
from checker.ruleset import RuleSet, load_rule_set


class RuleSets:
    """Rule sets under one folder (`rules/<scheme id>/`), each loaded once, on first use."""

    def __init__(self, root: FsPath) -> None:
        self.root = root
        self._loaded: dict[str, RuleSet | None] = {}

    def __call__(self, scheme_id: str) -> RuleSet | None:
        if scheme_id not in self._loaded:
            folder = self.root / scheme_id
            exists = (folder / "scheme.toml").is_file() and "/" not in scheme_id
            self._loaded[scheme_id] = load_rule_set(folder) if exists else None
        return self._loaded[scheme_id]

    def all(self) -> list[RuleSet]:
        ids = sorted(p.parent.name for p in self.root.glob("*/scheme.toml"))
        return [rule_set for i in ids if (rule_set := self(i)) is not None]


def discover(paths: Iterable[FsPath]) -> list[FsPath]:
    """Report files: files as given, folders searched for `*.toml`; sorted, without repeats."""
    found: dict[str, FsPath] = {}
    for path in paths:
        if path.is_dir():
            for file in path.rglob("*.toml"):
                found[display_name(file)] = file
        elif path.exists():
            found[display_name(path)] = path
        else:
            raise InputError(display_name(path), 1, 1, "(path)", "no such file or folder")
    return [found[name] for name in sorted(found)]


def load_reports(paths: Sequence[FsPath], rule_sets: RuleSets) -> list[LoadedReport]:
    """Every report, or InputErrors naming every file that could not be loaded."""
    reports, errors = [], []
    for path in discover(paths):
        try:
            reports.append(load_report(path, rule_sets))
        except InputError as error:
            errors.append(error)
        except InputErrors as many:
            errors.extend(many.errors)
    if errors:
        raise InputErrors(errors)
    return reports


def check_paths(
    paths: Sequence[FsPath], rules_root: FsPath, selection: Selection = Selection()
) -> tuple[list[Finding], RunSummary]:
    rule_sets = RuleSets(rules_root)
    reports = load_reports(paths, rule_sets)
    findings: list[Finding] = []
    applied = 0
    for scheme_id in sorted({r.report.scheme for r in reports}):
        rule_set = rule_sets(scheme_id)
        assert rule_set is not None  # load_report has checked the scheme exists
        group = [r for r in reports if r.report.scheme == scheme_id]
        findings.extend(check(group, rule_set, selection))
        applied += sum(1 for loaded in rule_set.rules if loaded.rule in selection)
    summary = RunSummary(tuple(r.file for r in reports), applied)
    return sorted(findings), summary
