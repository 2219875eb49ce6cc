"""`gradecheck check`: the reports, their findings, the gate (waivers, baseline)."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.cli import EXIT_FINDINGS, EXIT_OK, emit, refuse_inputs, usage, write_file
from checker.cli.parser import TODAY_VARIABLE
from checker.inputs.tomlfile import CommandError

if TYPE_CHECKING:
    from datetime import date

    from checker.gate.baseline import Baseline
    from checker.inputs.tomlfile import TomlDocument
    from checker.model.findings import Finding
    from checker.output.summary import RunSummary
    from checker.run import RuleSets


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def run_check(args: argparse.Namespace) -> int:
    from checker.model.findings import Severity
    from checker.output import FORMATTERS

    today = _today(args.today)
    if today is None:
        return usage(f"--today / {TODAY_VARIABLE} must be a date written YYYY-MM-DD")
    standard_input = _standard_input(args)
    baseline = _read_baseline(args.baseline)  # bad input stops the run before any work
    findings, summary = _checked(args, today, standard_input)
    _refuse_inputs(args, summary)
    summary = _with_baseline(findings, summary, baseline, args.write_baseline)
    threshold = Severity.parse(args.fail_on)
    summary = replace(summary, statistics=args.statistics, colour=_colour(args), fail_on=threshold)
    rendered = FORMATTERS[args.format](findings, summary)
    if args.quiet and args.format in ("text", "github"):
        rendered = _without_summary(rendered)
    emit(rendered, args.output)
    if args.output is not None and not args.quiet:
        print(summary.line(findings), file=sys.stderr)
    failing = [f for f in summary.active(findings) if f.severity >= threshold]
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _checked(
    args: argparse.Namespace, today: date, standard_input: TomlDocument | None
) -> tuple[list[Finding], RunSummary]:
    """The findings and the summary of the run, with progress on a terminal."""
    from checker.cli import progress
    from checker.engine.check import Selection
    from checker.run import RuleSets, check_paths

    rule_sets = RuleSets(args.rules)
    if args.selection_from_settings:
        _check_settings_selection(args, rule_sets)
    shown = progress.Progress(sys.stderr, progress.wanted(sys.stderr, os.environ, args.quiet))
    try:
        return check_paths(
            _paths_to_check(args),
            args.rules,
            Selection(_split(args.select), _split(args.ignore)),
            waivers_file=args.waivers,
            today=today,
            text_file=args.text,
            show_unknown=args.show_unknown,
            rule_sets=rule_sets,
            standard_input=standard_input,
            progress=shown,
        )
    finally:
        shown.close()


def _colour(args: argparse.Namespace) -> bool:
    """ANSI colour: text output to standard output, as --color, NO_COLOR and FORCE_COLOR
    say; never in a file."""
    from checker.output import colour

    to_stdout = args.output is None and args.format == "text"
    return to_stdout and colour.wanted(sys.stdout, os.environ, args.color)


def _without_summary(rendered: str) -> str:
    """`--quiet`: the output without its last line, the summary."""
    body = rendered.removesuffix("\n").rpartition("\n")[0]
    return body + "\n" if body else ""


def _standard_input(args: argparse.Namespace) -> TomlDocument | None:
    """The report `-` reads from standard input; `--stdin-filename` only names one."""
    from checker.cli.configure import STDIN

    if STDIN not in args.paths:
        if args.stdin_filename is not None:
            raise CommandError(
                "--stdin-filename names the report read from standard input: give `-` among "
                "the paths to read it"
            )
        return None
    from checker.cli.stdin import read_report

    return read_report(args.stdin_filename)


def _check_settings_selection(args: argparse.Namespace, rule_sets: RuleSets) -> None:
    """`select` and `ignore` of pyproject.toml checked as --select and --ignore are, each
    error placed at its setting."""
    from checker.engine.check import Selection
    from checker.gate.selection import check_selection
    from checker.run import GATE_RULES

    rules = [one.rule for rule_set in rule_sets.all() for one in rule_set.rules]
    always = [(rule.id, rule.name) for rule in GATE_RULES]
    for key in sorted(args.selection_from_settings):
        for index, value in enumerate(getattr(args, key)):
            for pattern in _split([value]):
                try:
                    check_selection(Selection(**{key: (pattern,)}), rules, always)
                except CommandError as error:
                    message = str(error).removeprefix(f"--{key} ")
                    raise args.project.error(key, message, index) from None


def _paths_to_check(args: argparse.Namespace) -> list[Path]:
    """The paths given (or the default), narrowed by --changed-since (which may leave none:
    nothing to check is then no finding, where paths with no report at all are an error).
    `-` alone checks standard input only."""
    from checker.cli.configure import STDIN

    given = [path for path in args.paths if path != STDIN]
    if len(given) < len(args.paths) and not given:
        return []
    paths = _report_paths(given, args.rules, args.default_reports)
    if args.changed_since is None:
        return paths
    from checker.gate.changed import select
    from checker.run import discover, no_report

    found = discover(paths)
    if not found:
        raise no_report(paths)
    inputs = [p for p in (args.waivers, args.baseline) if p is not None]
    chosen = select(args.changed_since, found, args.rules, inputs)
    return paths if chosen is None else chosen


def _refuse_inputs(args: argparse.Namespace, summary: RunSummary) -> None:
    """Nothing is written over an input: not over a report, a text, a rule file, the
    waivers, the baseline, `--text`, nor the other output."""
    given = [
        ("the baseline", args.baseline),
        ("the waivers file", args.waivers),
        ("the --text file", args.text),
    ]
    inputs = [(what, path) for what, path in given if path is not None]
    inputs += [("a report", Path(name)) for name in summary.reports]
    inputs += [("a report's text", Path(name)) for name in summary.read]
    outputs = [("--output", args.output), ("--write-baseline", args.write_baseline)]
    if args.output is not None and args.write_baseline is not None:
        from checker.inputs.tomlfile import resolved

        if resolved(args.output) == resolved(args.write_baseline):
            raise CommandError("--output and --write-baseline name the same file")
    for option, path in outputs:
        if path is not None:
            others = [(f"the {other} file", p) for other, p in outputs if other != option and p]
            refuse_inputs(path, option, inputs + others, args.rules)


def _read_baseline(path: Path | None) -> Baseline | None:
    from checker.gate.baseline import read
    from checker.inputs.tomlfile import display_name
    from checker.run import naming

    if path is None:
        return None
    with naming(display_name(path)):
        return read(path)


def _with_baseline(
    findings: list[Finding],
    summary: RunSummary,
    baseline: Baseline | None,
    write_to: Path | None,
) -> RunSummary:
    """--write-baseline records the open findings; the baseline (read or just written)
    then marks the findings it holds and lists the ones gone."""
    from checker.gate.baseline import Baseline, entry, render
    from checker.run import compare_with_baseline

    if write_to is not None:
        from checker.inputs.tomlfile import display_name

        recorded = summary.active(findings)
        write_file(write_to, render(recorded), "--write-baseline")
        # What was just recorded is the baseline from now on, this run included.
        baseline = Baseline(display_name(write_to), tuple(map(entry, recorded)))
    if baseline is None:
        return summary
    return compare_with_baseline(findings, summary, baseline)


def _today(option: str | None) -> date | None:
    """`--today`, else $GRADECHECK_TODAY, else the real date; None when malformed."""
    from datetime import date

    given = option or os.environ.get(TODAY_VARIABLE)
    if not given:
        return date.today()
    try:
        return date.fromisoformat(given)
    except ValueError:
        return None


def _report_paths(paths: list[Path], rules_root: Path, default: list[Path]) -> list[Path]:
    """The paths to check. A rule file among them means every report may be affected, so
    the default folders are checked too (hooks and scripts may pass changed rule files)."""
    if not paths:
        return list(default)
    from checker.inputs.tomlfile import resolved

    root = resolved(rules_root)
    reports = [p for p in paths if not _inside(resolved(p), root)]
    if len(reports) < len(paths):
        reports[:0] = [p for p in default if p not in reports]
    return reports


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
