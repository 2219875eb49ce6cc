"""Checking files and folders: find reports, load their rule sets once, run the engine,
then apply waivers (and, on request, a baseline)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path as FsPath
from urllib.parse import quote

from checker import HOMEPAGE
from checker.engine.check import Selection, check
from checker.engine.corpus import Corpus, loading
from checker.gate import departures, waivers
from checker.gate.baseline import Baseline, compare
from checker.gate.selection import check_selection
from checker.inputs.crossyear import mapping_errors
from checker.inputs.report import LoadedReport, attach_text, is_report, load_document
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import (
    CommandError,
    InputError,
    InputErrors,
    TomlDocument,
    display_name,
    not_a_file,
    read_toml,
)
from checker.model.findings import Finding, RuleDoc
from checker.model.rules import Rule
from checker.model.scheme import Scheme
from checker.output.places import Places
from checker.output.shown import as_shown
from checker.output.summary import CheckedFile, ReportData, RunSummary

ALL_RULES = Selection()

Progress = Callable[[str, int, int], None]
"""Told how far a run has got: (what it is doing, done, of how many)."""


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress shown nowhere."""


class RuleSets:
    """Rule sets under one folder (`rules/<scheme id>/`), each loaded once, on first use."""

    def __init__(self, root: FsPath) -> None:
        self.root = root
        self._loaded: dict[str, RuleSet | None] = {}

    def __call__(self, scheme_id: str) -> RuleSet | None:
        if scheme_id not in self._loaded:
            folder = self.root / scheme_id
            try:
                exists = (folder / "scheme.toml").is_file() and "/" not in scheme_id
            except OSError:  # a name longer than the file system allows: no such rule set
                exists = False
            with naming(display_name(folder)):
                self._loaded[scheme_id] = load_rule_set(folder) if exists else None
        return self._loaded[scheme_id]

    def all(self) -> list[RuleSet]:
        ids = sorted(p.parent.name for p in self.root.glob("*/scheme.toml"))
        return [rule_set for i in ids if (rule_set := self(i)) is not None]


NAMED = "gradecheck_input"
"""The attribute naming the input an unexpected exception was raised on (see `naming`)."""


@contextmanager
def naming(name: str) -> Iterator[None]:
    """An unexpected exception raised inside names `name` as the input it was raised on (the
    innermost name wins), for the last-resort message of checker.cli."""
    try:
        yield
    except Exception as error:
        if not hasattr(error, NAMED):
            with suppress(AttributeError, TypeError):
                setattr(error, NAMED, name)
        raise


def discover(paths: Iterable[FsPath]) -> list[FsPath]:
    """The files `load_reports` reads: see `candidates`."""
    return [path for path, _ in candidates(paths)]


def candidates(paths: Iterable[FsPath]) -> list[tuple[FsPath, bool]]:
    """The files to read as reports, sorted, without repeats, each with whether it was named.

    A file given is named: it is read as a report whatever it holds. A folder given is
    searched for `*.toml` files, which are read as reports only when they are reports
    (`is_report`: the top level has `scheme` or another key of the report format). The
    search skips hidden files and folders, `pyproject.toml`, and rule sets (folders holding
    a `scheme.toml`, with their examples). A path that does not exist or is not a file or
    folder, and a file found that is not a regular file (a named pipe, a device, a link
    to nothing), are input errors: never read, never skipped in silence.
    """
    found: dict[str, tuple[FsPath, bool]] = {}
    errors: list[InputError] = []
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            for file in _search(path, errors):
                found.setdefault(display_name(file), (file, False))
        elif kind == "file":
            found[display_name(path)] = (path, True)
        else:
            errors.append(InputError(display_name(path), 1, 1, "(path)", kind))
    if errors:
        raise InputErrors(errors)
    return [found[name] for name in sorted(found)]


def _kind(path: FsPath) -> str:
    """What the path is: "file", "folder", or why it is neither."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except (OSError, ValueError) as error:  # a link loop, a name too long, a NUL
        if getattr(error, "errno", None) == errno.ELOOP:
            return "a symbolic link loop"
        return getattr(error, "strerror", None) or str(error)
    if stat.S_ISDIR(mode):
        return "folder"
    kind = not_a_file(mode)
    return "file" if kind is None else f"it is {kind}, not a report file"


def _search(folder: FsPath, errors: list[InputError]) -> Iterator[FsPath]:
    """The `*.toml` files under `folder`, hidden files and folders and rule sets left out."""

    def unreadable(error: OSError) -> None:
        where = FsPath(error.filename or folder)
        errors.append(InputError(display_name(where), 1, 1, "(path)", error.strerror or ""))

    if (folder / "scheme.toml").exists():
        return
    for parent, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = [
            name
            for name in folders
            if not name.startswith(".") and not (FsPath(parent, name, "scheme.toml")).exists()
        ]
        for name in files:
            if name.endswith(".toml") and not name.startswith(".") and name != "pyproject.toml":
                file = FsPath(parent, name)
                kind = _kind(file)
                if kind == "file":
                    yield file
                else:
                    errors.append(InputError(display_name(file), 1, 1, "(path)", kind))


def load_reports(
    paths: Sequence[FsPath],
    rule_sets: RuleSets,
    *,
    with_sources: bool = True,
    standard_input: TomlDocument | None = None,
    progress: Progress = _no_progress,
) -> list[LoadedReport]:
    """Every report (with its text, unless `with_sources` is false), or InputErrors naming
    every file that could not be loaded. Files found in folders that are not reports are
    left out (see `candidates`). `standard_input` is a report read from standard input: it
    replaces the file of its name, if one is found."""
    reports, errors = [], []
    items: list[tuple[FsPath | TomlDocument, bool]] = [*candidates(paths)]
    if standard_input is not None:
        items = [(p, named) for p, named in items if _name(p) != standard_input.file]
        items = sorted([*items, (standard_input, True)], key=lambda item: _name(item[0]))
    for done, (item, named) in enumerate(items, 1):
        progress("reading", done, len(items))
        try:
            with naming(_name(item)):
                document = item if isinstance(item, TomlDocument) else read_toml(item)
                if named or is_report(document.data):
                    reports.append(load_document(document, rule_sets, with_source=with_sources))
        except InputError as error:
            errors.append(error)
        except InputErrors as many:
            errors.extend(many.errors)
    if errors:
        # A broken rule set is met again by each of its reports: say each error once.
        raise InputErrors(list({str(error): error for error in errors}.values()))
    return reports


def _name(item: FsPath | TomlDocument) -> str:
    return item.file if isinstance(item, TomlDocument) else display_name(item)


def check_paths(
    paths: Sequence[FsPath],
    rules_root: FsPath,
    selection: Selection = ALL_RULES,
    *,
    waivers_file: FsPath | None = None,
    today: date | None = None,
    text_file: FsPath | None = None,
    show_unknown: bool = False,
    rule_sets: RuleSets | None = None,
    standard_input: TomlDocument | None = None,
    progress: Progress = _no_progress,
) -> tuple[list[Finding], RunSummary]:
    """Check reports; apply waivers from the reports and from `waivers_file`.

    Returns every finding (waived ones included, with the waiver findings GC001/GC002) and
    a summary that marks the waived ones. `today` decides which waivers have expired;
    `show_unknown` adds an info per rule and partial report that could not be checked.
    A selection naming no rule, or leaving none, and paths holding no report are
    CommandErrors (an empty list of paths checks nothing, as `--changed-since` may ask).
    `rule_sets` are those under `rules_root` when already loaded; `standard_input` a report
    read from standard input, checked with the others; `progress` is told how far it got.
    """
    rule_sets = RuleSets(rules_root) if rule_sets is None else rule_sets
    if selection.select or selection.ignore:
        rules = [one.rule for rule_set in rule_sets.all() for one in rule_set.rules]
        check_selection(selection, rules, ((r.id, r.name) for r in GATE_RULES))
    external: list[waivers.PlacedWaiver] = []
    if waivers_file is not None:
        with naming(display_name(waivers_file)):
            external = waivers.read_waivers_file(waivers_file)
    with loading():  # the whole corpus is read at once: see checker.engine.corpus.loading
        reports = load_reports(
            paths,
            rule_sets,
            with_sources=text_file is None,
            standard_input=standard_input,
            progress=progress,
        )
    if paths and not reports:
        raise no_report(paths)
    if text_file is not None:  # `--text`: one report, checked against that text
        reports = attach_text(reports, text_file)
    run = _check_all(reports, rule_sets, selection, show_unknown, progress)
    # A departure is the report's own published decision: it is applied before waivers, and
    # a finding it covers needs no waiver.
    departed = departures.apply(run.findings, reports, run.rules_of)
    if any(report.departures for report in reports):
        run.docs.update((doc.id, doc) for doc in departures.DEPARTURE_RULES)
    placed = [w for report in reports for w in waivers.in_report(report)] + external
    with naming("the waivers"):
        waived = waivers.apply(
            [*run.findings, *departed.findings], placed, today or date.today(), run.rules_of
        )
    if placed:
        run.docs.update((doc.id, doc) for doc in waivers.WAIVER_RULES)
    if external:
        run.checked.append(CheckedFile(external[0].file, _WAIVER_RULE_IDS))
    summary = RunSummary(
        reports=tuple(r.file for r in reports),
        rules=run.applied,
        rule_docs=tuple(run.docs[rule_id] for rule_id in sorted(run.docs)),
        checked=tuple(run.checked),
        suppressions={**waived.suppressions, **departed.suppressions},
        read=_read(reports, waivers_file),
        # The reports themselves (data, scheme, text name), which the html review shows
        # beside their findings; held already, so nothing is read or copied again.
        report_data={r.file: _report_data(r) for r in reports},
    )
    return sorted([*run.findings, *departed.findings, *waived.findings]), summary


def _report_data(report: LoadedReport) -> ReportData:
    text = report.text.file if report.text is not None else None
    return ReportData(report.file, report.data, report.scheme, text)


def no_report(paths: Sequence[FsPath]) -> CommandError:
    """The error for paths that hold no report: a gate pointed at the wrong folder fails."""
    where = ", ".join(map(display_name, paths))
    return CommandError(
        f"no report found in {where} (a report is a .toml file whose top level names its `scheme`)"
    )


@dataclass
class _Checked:
    """What checking every report gave, before waivers."""

    findings: list[Finding] = field(default_factory=list)
    docs: dict[str, RuleDoc] = field(default_factory=dict)
    rules_of: dict[str, waivers.ReportRules] = field(default_factory=dict)
    checked: list[CheckedFile] = field(default_factory=list)
    applied: int = 0


def _check_all(
    reports: list[LoadedReport],
    rule_sets: RuleSets,
    selection: Selection,
    show_unknown: bool,
    progress: Progress = _no_progress,
) -> _Checked:
    used = [rule_sets(scheme_id) for scheme_id in sorted({r.scheme_id for r in reports})]
    mappings = [e for rs in used if rs is not None for e in mapping_errors(rs, rule_sets)]
    if mappings:
        raise InputErrors(mappings)
    corpus = Corpus.of(reports)  # once per run, across schemes: cross-report rules read it
    run, done = _Checked(), 0
    for rule_set in used:
        assert rule_set is not None  # load_report has checked the scheme exists
        group = [r for r in reports if r.scheme_id == rule_set.id]
        chosen = [loaded.rule for loaded in rule_set.rules if loaded.rule in selection]
        for report in group:
            progress("checking", done := done + 1, len(reports))
            with naming(report.file):
                found = check([report], rule_set, selection, corpus, show_unknown=show_unknown)
            run.findings.extend(as_shown(found))
        run.applied += len(chosen)
        run.docs.update(
            (rule.id, _doc(rule, rule_set.scheme)) for rule in chosen if rule.id not in run.docs
        )
        known = {loaded.rule.id: loaded.rule.name for loaded in rule_set.rules}
        rules = waivers.ReportRules(
            known,
            frozenset(r.id for r in chosen),
            frozenset(loaded.rule.id for loaded in rule_set.rules if loaded.rule.departable),
        )
        for report in group:
            run.rules_of[report.file] = rules
            run.checked.append(_checked_file(report, rule_set, chosen))
    return run


def _read(reports: Sequence[LoadedReport], waivers_file: FsPath | None) -> tuple[str, ...]:
    """The files the run read besides the rules: reports, their texts, the waivers file."""
    texts = [r.text.file for r in reports if r.text is not None]
    extra = [display_name(waivers_file)] if waivers_file is not None else []
    return tuple(sorted({*(r.file for r in reports), *texts, *extra}))


_WAIVER_RULE_IDS = tuple(doc.id for doc in waivers.WAIVER_RULES)
GATE_RULES = (*waivers.WAIVER_RULES, *departures.DEPARTURE_RULES)
"""The rules of the gate itself, about waivers and departures: always known to --select."""


def _checked_file(report: LoadedReport, rule_set: RuleSet, chosen: Sequence[Rule]) -> CheckedFile:
    """The report with the rules applied to it (the waiver rules when it has waivers) and
    the pillars and questions its items belong to."""
    ids = [rule.id for rule in chosen]
    if report.waivers:
        ids += _WAIVER_RULE_IDS
    if report.departures:
        ids += [doc.id for doc in departures.DEPARTURE_RULES]
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


README_RULES_ANCHOR = "a-tour-of-rules-and-reports"
"""The README section on rules (a test checks that the README has it)."""


def _doc(rule: Rule, scheme: Scheme) -> RuleDoc:
    docs = rule.docs
    # Without a rule set's own docs on the web, the README's account of rules and `rules
    # explain` (which prints a rule's whole docs offline).
    template = scheme.help_url or f"{HOMEPAGE}#{README_RULES_ANCHOR}"
    return RuleDoc(
        rule.id,
        rule.name,
        rule.title,
        str(rule.severity),
        docs.what,
        docs.why,
        docs.example,
        docs.instead,
        template.replace("{id}", quote(rule.id)).replace("{name}", quote(rule.name)),
    )
