"""The `gradecheck` command. argparse only at import time: `--help` stays fast.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from checker import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
SEVERITIES = ("error", "warning", "info")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradecheck",
        description="Check encoded inspection reports against declarative TOML rules.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"gradecheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check reports against their rule sets")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="report files or folders (default: reports)")
    _rules_option(check)
    check.add_argument("--format", default="text", choices=("text", "json"),
                       help="output format (default: text)")
    check.add_argument("--output", type=Path, metavar="FILE",
                       help="write the output to FILE (atomically) instead of standard output")
    check.add_argument("--select", action="append", default=[], metavar="RULES",
                       help="only these rules: ids, id prefixes or names, comma-separated")
    check.add_argument("--ignore", action="append", default=[], metavar="RULES",
                       help="skip these rules: ids, id prefixes or names, comma-separated")
    check.add_argument("--fail-on", default="error", choices=SEVERITIES,
                       help="lowest severity that makes the exit code 1 (default: error)")

    rules = commands.add_parser("rules", help="list and explain rules")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    listing = rule_commands.add_parser("list", help="one line per rule")
    _rules_option(listing)
    listing.add_argument("--scheme", help="only this rule set (scheme id)")
    explain = rule_commands.add_parser("explain", help="a rule's docs, parameters and examples")
    explain.add_argument("rule", metavar="ID-OR-NAME")
    _rules_option(explain)
    return parser


def _rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", type=Path, default=Path("rules"), metavar="DIR",
                        help="folder of rule sets, one subfolder per scheme (default: rules)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    if args.command == "rules" and args.rules_command is None:
        parser.parse_args(["rules", "--help"])
    from checker.loader import InputError, InputErrors

    try:
        if args.command == "check":
            return _check(args)
        return _rules(args)
    except (InputError, InputErrors) as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _check(args: argparse.Namespace) -> int:
    from checker.api import check_paths
    from checker.engine import Selection
    from checker.findings import Severity
    from checker.formatters import FORMATTERS

    paths = args.paths or [Path("reports")]
    selection = Selection(_split(args.select), _split(args.ignore))
    findings, summary = check_paths(paths, args.rules, selection)
    _emit(FORMATTERS[args.format](findings, summary), args.output)
    threshold = Severity.parse(args.fail_on)
    return EXIT_FINDINGS if any(f.severity >= threshold for f in findings) else EXIT_OK


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from checker.atomic import write_atomically

    write_atomically(output, text)


def _rules(args: argparse.Namespace) -> int:
    from checker.api import RuleSets
    from checker.explain import explain, listing

    rule_sets = RuleSets(args.rules)
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


def _usage(message: str) -> int:
    print(f"gradecheck: {message}", file=sys.stderr)
    return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
