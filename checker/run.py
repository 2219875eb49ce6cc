"""Checking files and folders: find reports, load their rule sets once, run the engine,
then apply waivers (and, on request, a baseline)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path as FsPath

from checker.engine.check import Selection, check
from checker.engine.corpus import Corpus, loading
from checker.gate import waivers
from checker.gate.baseline import Baseline, compare
from checker.inputs.crossyear import mapping_errors
from checker.inputs.report import LoadedReport, attach_text, load_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import InputError, InputErrors, display_name
from checker.model.findings import Finding, RuleDoc
from checker.model.rules import Rule
from checker.output.places import Places
from checker.output.summary import CheckedFile, RunSummary

ALL_RULES = Selection()


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


def load_reports(
    paths: Sequence[FsPath], rule_sets: RuleSets, *, with_sources: bool = True
) -> list[LoadedReport]:
    """Every report (with its text, unless `with_sources` is false), or InputErrors naming
    every file that could not be loaded."""
    reports, errors = [], []
    for path in discover(paths):
        try:
            reports.append(load_report(path, rule_sets, with_source=with_sources))
        except InputError as error:
            errors.append(error)
        except InputErrors as many:
            errors.extend(many.errors)
    if errors:
        raise InputErrors(errors)
    return reports


def check_paths(
    paths: Sequence[FsPath],
    rules_root: FsPath,
    selection: Selection = ALL_RULES,
    *,
    waivers_file: FsPath | None = None,
    today: date | None = None,
    text_file: FsPath | None = None,
    show_unknown: bool = False,
) -> tuple[list[Finding], RunSummary]:
    """Check reports; apply waivers from the reports and from `waivers_file`.

    Returns every finding (waived ones included, with the waiver findings GC001/GC002) and
    a summary that marks the waived ones. `today` decides which waivers have expired;
    `show_unknown` adds an info per rule and partial report that could not be checked.
    """
    rule_sets = RuleSets(rules_root)
    external = waivers.read_waivers_file(waivers_file) if waivers_file is not None else []
    with loading():  # the whole corpus is read at once: see checker.engine.corpus.loading
        reports = load_reports(paths, rule_sets, with_sources=text_file is None)
    if text_file is not None:  # `--text`: one report, checked against that text
        reports = attach_text(reports, text_file)
    used = [rule_sets(scheme_id) for scheme_id in sorted({r.scheme_id for r in reports})]
    mappings = [e for rs in used if rs is not None for e in mapping_errors(rs, rule_sets)]
    if mappings:
        raise InputErrors(mappings)
    corpus = Corpus.of(reports)  # once per run, across schemes: cross-report rules read it
    findings: list[Finding] = []
    docs: dict[str, RuleDoc] = {}
    rules_of: dict[str, waivers.ReportRules] = {}
    checked: list[CheckedFile] = []
    applied = 0
    for scheme_id in sorted({r.scheme_id for r in reports}):
        rule_set = rule_sets(scheme_id)
        assert rule_set is not None  # load_report has checked the scheme exists
        group = [r for r in reports if r.scheme_id == scheme_id]
        findings.extend(check(group, rule_set, selection, corpus, show_unknown=show_unknown))
        chosen = [loaded.rule for loaded in rule_set.rules if loaded.rule in selection]
        applied += len(chosen)
        docs.update((rule.id, _doc(rule)) for rule in chosen if rule.id not in docs)
        known = {loaded.rule.id: loaded.rule.name for loaded in rule_set.rules}
        for report in group:
            rules_of[report.file] = waivers.ReportRules(known, frozenset(r.id for r in chosen))
            checked.append(_checked_file(report, rule_set, chosen))
    placed = [w for report in reports for w in waivers.in_report(report)] + external
    outcome = waivers.apply(findings, placed, today or date.today(), rules_of)
    if placed:
        docs.update((doc.id, doc) for doc in waivers.WAIVER_RULES)
    if external:
        checked.append(CheckedFile(external[0].file, _WAIVER_RULE_IDS))
    summary = RunSummary(
        reports=tuple(r.file for r in reports),
        rules=applied,
        rule_docs=tuple(docs[rule_id] for rule_id in sorted(docs)),
        checked=tuple(checked),
        suppressions=outcome.suppressions,
    )
    return sorted([*findings, *outcome.findings]), summary


_WAIVER_RULE_IDS = tuple(doc.id for doc in waivers.WAIVER_RULES)


def _checked_file(report: LoadedReport, rule_set: RuleSet, chosen: Sequence[Rule]) -> CheckedFile:
    """The report with the rules applied to it (the waiver rules when it has waivers) and
    the pillars and questions its items belong to."""
    ids = [rule.id for rule in chosen]
    if report.waivers:
        ids += _WAIVER_RULE_IDS
    pillars = {key: q.pillar for key, q in rule_set.scheme.questions.items() if q.pillar}
    return CheckedFile(report.file, tuple(sorted(ids)), Places.of(report.data, pillars))


def compare_with_baseline(
    findings: Sequence[Finding], summary: RunSummary, baseline: Baseline
) -> RunSummary:
    """The summary with findings the baseline records marked, and its entries now gone.

    Waived findings stay waived: a waiver says more (who, why, until when) than a baseline.
    """
    open_findings = summary.active(findings)
    comparison = compare(open_findings, baseline, (c.file for c in summary.checked))
    return replace(
        summary,
        suppressions={**summary.suppressions, **comparison.suppressions},
        baseline=baseline.file,
        gone=comparison.gone,
    )


def _doc(rule: Rule) -> RuleDoc:
    docs = rule.docs
    return RuleDoc(
        rule.id,
        rule.name,
        rule.title,
        str(rule.severity),
        docs.what,
        docs.why,
        docs.example,
        docs.instead,
    )
