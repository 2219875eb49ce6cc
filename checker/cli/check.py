"""`gradecheck check`: the reports, their findings, the gate (waivers, baseline)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from checker.cli import EXIT_FINDINGS, EXIT_OK, emit, usage
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
    summary = _with_baseline(findings, summary, baseline, args.write_baseline)
    to_terminal = args.output is None and args.format == "text"
    summary = _presentation(
        summary, args.statistics, to_terminal and colour.wanted(sys.stdout, os.environ)
    )
    emit(FORMATTERS[args.format](findings, summary), args.output)
    if args.output is not None:
        print(summary.line(findings), file=sys.stderr)
    threshold = Severity.parse(args.fail_on)
    failing = [f for f in summary.active(findings) if f.severity >= threshold]
    return EXIT_FINDINGS if failing else EXIT_OK


def _paths_to_check(args: argparse.Namespace) -> list[Path]:
    """The paths given (or the default), narrowed by --changed-since."""
    paths = _report_paths(args.paths, args.rules)
    if args.changed_since is None:
        return paths
    from checker.gate.changed import select
    from checker.run import discover

    inputs = [p for p in (args.waivers, args.baseline) if p is not None]
    chosen = select(args.changed_since, discover(paths), args.rules, inputs)
    return paths if chosen is None else chosen


def _read_baseline(path: Path | None) -> Baseline | None:
    from checker.gate.baseline import read

    return None if path is None else read(path)


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
        from checker.output.atomic import write_atomically

        recorded = summary.active(findings)
        write_atomically(write_to, render(recorded))
        # What was just recorded is the baseline from now on, this run included.
        baseline = Baseline(display_name(write_to), tuple(map(entry, recorded)))
    if baseline is None:
        return summary
    return compare_with_baseline(findings, summary, baseline)


def _presentation(summary: RunSummary, statistics: bool, use_colour: bool) -> RunSummary:
    from dataclasses import replace

    return replace(summary, statistics=statistics, colour=use_colour)


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
    root = rules_root.resolve()
    reports = [p for p in paths if not _inside(p.resolve(), root)]
    if len(reports) < len(paths):
        reports.insert(0, Path("reports"))
    return reports


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
