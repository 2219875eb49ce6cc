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

if TYPE_CHECKING:
    from datetime import date

    from checker.gate.baseline import Baseline
    from checker.model.findings import Finding
    from checker.output.summary import RunSummary


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def run_check(args: argparse.Namespace) -> int:
    from checker.engine.check import Selection
    from checker.model.findings import Severity
    from checker.output import FORMATTERS, colour
    from checker.run import check_paths

    today = _today(args.today)
    if today is None:
        return usage(f"--today / {TODAY_VARIABLE} must be a date written YYYY-MM-DD")
    baseline = _read_baseline(args.baseline)  # bad input stops the run before any work
    selection = Selection(_split(args.select), _split(args.ignore))
    findings, summary = check_paths(
        _paths_to_check(args),
        args.rules,
        selection,
        waivers_file=args.waivers,
        today=today,
        text_file=args.text,
        show_unknown=args.show_unknown,
    )
    _refuse_inputs(args, summary)
    summary = _with_baseline(findings, summary, baseline, args.write_baseline)
    to_terminal = args.output is None and args.format == "text"
    threshold = Severity.parse(args.fail_on)
    use_colour = to_terminal and colour.wanted(sys.stdout, os.environ)
    summary = replace(summary, statistics=args.statistics, colour=use_colour, fail_on=threshold)
    emit(FORMATTERS[args.format](findings, summary), args.output)
    if args.output is not None:
        print(summary.line(findings), file=sys.stderr)
    failing = [f for f in summary.active(findings) if f.severity >= threshold]
    return EXIT_FINDINGS if failing else EXIT_OK


def _paths_to_check(args: argparse.Namespace) -> list[Path]:
    """The paths given (or the default), narrowed by --changed-since (which may leave none:
    nothing to check is then no finding, where paths with no report at all are an error)."""
    paths = _report_paths(args.paths, args.rules)
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
        from checker.inputs.tomlfile import CommandError, resolved

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


def _report_paths(paths: list[Path], rules_root: Path) -> list[Path]:
    """The paths to check. A rule file among them means every report may be affected, so
    the default folder is checked too (hooks and scripts may pass changed rule files)."""
    if not paths:
        return [Path("reports")]
    from checker.inputs.tomlfile import resolved

    root = resolved(rules_root)
    reports = [p for p in paths if not _inside(resolved(p), root)]
    if len(reports) < len(paths):
        reports.insert(0, Path("reports"))
    return reports


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
