"""The `gradecheck` command. argparse only at import time: `--help` stays fast.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import __version__

if TYPE_CHECKING:
    from datetime import date

    from checker.gate.baseline import Baseline
    from checker.model.findings import Finding
    from checker.output.summary import RunSummary

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
SEVERITIES = ("error", "warning", "info")
# The keys of checker.output.FORMATTERS, repeated so that --help imports no formatter.
FORMATS = ("text", "json", "sarif", "junit", "github")
TODAY_VARIABLE = "GRADECHECK_TODAY"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradecheck",
        description="Check encoded inspection reports against declarative TOML rules.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"gradecheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check reports against their rule sets")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="report files or folders (default: reports); a rule file checks every report",
    )
    _rules_option(check)
    check.add_argument(
        "--text",
        type=Path,
        metavar="FILE",
        help="check the report against this text (plain text from its PDF) instead of its "
        "`source`; one report only",
    )
    output = check.add_argument_group("output")
    output.add_argument(
        "--format", default="text", choices=FORMATS, help="output format (default: text)"
    )
    output.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the output to FILE (atomically) instead of standard output; "
        "the summary line goes to standard error",
    )
    output.add_argument(
        "--statistics", action="store_true", help="show how many findings each rule has"
    )
    selection = check.add_argument_group("rules and threshold")
    selection.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="only these rules: ids, id prefixes or names, comma-separated",
    )
    selection.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="skip these rules: ids, id prefixes or names, comma-separated",
    )
    selection.add_argument(
        "--fail-on",
        default="error",
        choices=SEVERITIES,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    gate = check.add_argument_group("CI gate")
    gate.add_argument(
        "--waivers", type=Path, metavar="FILE", help="waivers file ([[waiver]] entries)"
    )
    gate.add_argument(
        "--baseline", type=Path, metavar="FILE", help="fail only on findings not in this baseline"
    )
    gate.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record the current findings in FILE (atomically) as the new baseline",
    )
    gate.add_argument(
        "--changed-since",
        metavar="REV",
        help="only reports changed since the git revision REV, and the reports related to "
        "them; every report when a rule file changed",
    )
    # For tests and reproducible runs: the date waivers' expiry is compared with.
    gate.add_argument("--today", help=argparse.SUPPRESS)

    rules = commands.add_parser("rules", help="list and explain rules")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    listing = rule_commands.add_parser("list", help="one line per rule")
    _rules_option(listing)
    listing.add_argument("--scheme", help="only this rule set (scheme id)")
    explain = rule_commands.add_parser("explain", help="a rule's docs, parameters and examples")
    explain.add_argument("rule", metavar="ID-OR-NAME")
    _rules_option(explain)
    tester = rule_commands.add_parser(
        "test", help="run a rule set's examples and property checks (needs the test extra)"
    )
    tester.add_argument(
        "rule_set",
        nargs="?",
        metavar="RULESET",
        help="scheme id of the rule set (default: every rule set)",
    )
    _rules_option(tester)
    tester.add_argument(
        "--reports",
        type=int,
        default=200,
        metavar="N",
        help="consistent reports to generate (default: 200)",
    )
    tester.add_argument(
        "--mutants",
        type=int,
        default=10,
        metavar="N",
        help="single-fault mutants to check per rule (default: 10)",
    )
    tester.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    tester.add_argument(
        "--bundled",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help="bundled reports, for the coverage line (default: reports)",
    )

    draft = commands.add_parser(
        "draft", help="write a first encoding of a report from its text (TOML, to finish by hand)"
    )
    draft.add_argument("text", type=Path, metavar="TEXT", help="the report's text")
    draft.add_argument("--scheme", required=True, metavar="ID", help="the rule set to read with")
    _rules_option(draft)
    draft.add_argument(
        "--output", type=Path, metavar="FILE", help="write to FILE (atomically), not stdout"
    )

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the report format (for editors)"
    )
    schema.add_argument(
        "--scheme",
        metavar="ID",
        help="narrow grades, pillar and question keys and waiver rules to this rule set",
    )
    _rules_option(schema)
    return parser


def _rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        type=Path,
        default=Path("rules"),
        metavar="DIR",
        help="folder of rule sets, one subfolder per scheme (default: rules)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    if args.command == "rules" and args.rules_command is None:
        parser.parse_args(["rules", "--help"])
    from checker.inputs.tomlfile import InputError, InputErrors

    try:
        if args.command == "check":
            return _check(args)
        if args.command == "schema":
            return _schema(args)
        if args.command == "draft":
            return _draft(args)
        return _rules(args)
    except (InputError, InputErrors) as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _check(args: argparse.Namespace) -> int:
    from checker.engine.check import Selection
    from checker.model.findings import Severity
    from checker.output import FORMATTERS, colour
    from checker.run import check_paths

    today = _today(args.today)
    if today is None:
        return _usage(f"--today / {TODAY_VARIABLE} must be a date written YYYY-MM-DD")
    baseline = _read_baseline(args.baseline)  # bad input stops the run before any work
    selection = Selection(_split(args.select), _split(args.ignore))
    findings, summary = check_paths(
        _paths_to_check(args),
        args.rules,
        selection,
        waivers_file=args.waivers,
        today=today,
        text_file=args.text,
    )
    summary = _with_baseline(findings, summary, baseline, args.write_baseline)
    to_terminal = args.output is None and args.format == "text"
    summary = _presentation(
        summary, args.statistics, to_terminal and colour.wanted(sys.stdout, os.environ)
    )
    _emit(FORMATTERS[args.format](findings, summary), args.output)
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


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from checker.output.atomic import write_atomically

    write_atomically(output, text)


def _schema(args: argparse.Namespace) -> int:
    from checker.authoring.schema_export import render
    from checker.run import RuleSets

    rule_set = None
    if args.scheme is not None:
        rule_set = RuleSets(args.rules)(args.scheme)
        if rule_set is None:
            return _usage(f"no rule set {args.scheme!r} under {args.rules}")
    sys.stdout.write(render(rule_set))
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from checker.authoring.explain import explain, listing
    from checker.run import RuleSets

    rule_sets = RuleSets(args.rules)
    if args.rules_command == "test":
        return _rules_test(args, rule_sets)
    if not rule_sets.all():
        return _usage(f"no rule sets under {args.rules} (a rule set is a folder with scheme.toml)")
    if args.rules_command == "list":
        chosen = rule_sets.all()
        if args.scheme:
            only = rule_sets(args.scheme)
            if only is None:
                return _usage(f"no rule set {args.scheme!r} under {args.rules}")
            chosen = [only]
        sys.stdout.write(listing(chosen))
        return EXIT_OK
    for rule_set in rule_sets.all():
        found = rule_set.find(args.rule)
        if found is not None:
            sys.stdout.write(explain(rule_set, found))
            return EXIT_OK
    return _usage(f"no rule {args.rule!r} in the rule sets under {args.rules}")


def _rules_test(args: argparse.Namespace, rule_sets: Any) -> int:
    try:
        from checker.testing import ruletest
    except ImportError as error:  # hypothesis is in the `test` extra
        return _usage(
            f"rules test needs the test extra ({error.name} is missing): "
            "pip install 'gradecheck[test]'"
        )
    from checker.run import discover

    if args.rule_set is None:
        chosen = rule_sets.all()
    elif (one := rule_sets(args.rule_set)) is not None:
        chosen = [one]
    else:
        return _usage(f"no rule set {args.rule_set!r} under {args.rules}")
    bundled = discover([args.bundled]) if args.bundled.exists() else []
    failed = False
    for rule_set in chosen:
        mine = [path for path in bundled if _scheme_of(path) == rule_set.id]
        outcome = ruletest.run(
            rule_set,
            mine,
            reports=args.reports,
            mutants=args.mutants,
            seed=args.seed,
            out=sys.stdout,
        )
        failed = failed or bool(outcome.failures)
    return EXIT_FINDINGS if failed else EXIT_OK


def _scheme_of(path: Path) -> str | None:
    from checker.inputs.tomlfile import read_toml

    scheme = read_toml(path).data.get("scheme")
    return scheme if isinstance(scheme, str) else None


def _usage(message: str) -> int:
    print(f"gradecheck: {message}", file=sys.stderr)
    return EXIT_INPUT


def _draft(args: argparse.Namespace) -> int:
    from checker.authoring.draft import draft_file
    from checker.run import RuleSets

    rule_set = RuleSets(args.rules)(args.scheme)
    if rule_set is None:
        return _usage(f"no rule set {args.scheme!r} under {args.rules}")
    _emit(draft_file(args.text, rule_set, args.output), args.output)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
