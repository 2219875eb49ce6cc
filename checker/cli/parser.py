"""The command line's grammar: every command, option and help text (argparse only)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn, TypeAlias

from checker import __version__

SEVERITIES = ("error", "warning", "info")
# The keys of checker.output.FORMATTERS, repeated so that --help imports no formatter.
FORMATS = ("text", "json", "sarif", "junit", "github", "html")
COLOR_CHOICES = ("auto", "always", "never")
TODAY_VARIABLE = "GRADECHECK_TODAY"


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line, `gradecheck: error: ...` (exit 2), as every
    other error that is not about a file's content."""

    def error(self, message: str) -> NoReturn:
        from checker.output.escape import one_line

        line = one_line(f"gradecheck: error: {message} (`{self.prog} --help` lists the options)")
        self.exit(2, line + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="gradecheck",
        description="Check encoded inspection reports against declarative TOML rules.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad input or usage, "
        "3 an internal error (a bug: please report it).",
    )
    parser.add_argument("--version", action="version", version=f"gradecheck {__version__}")
    _debug_option(parser, default=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _check_command(commands)
    _rules_command(commands)
    _draft_command(commands)
    _schema_command(commands)
    return parser


Commands: TypeAlias = "argparse._SubParsersAction[Parser]"


def _check_command(commands: Commands) -> None:
    check = commands.add_parser("check", help="check reports against their rule sets")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="report files or folders (default: reports, or `reports` of [tool.gradecheck]); "
        "a rule file checks every report; `-` reads a report from standard input",
    )
    _rules_option(check)
    check.add_argument(
        "--stdin-filename",
        type=Path,
        metavar="FILE",
        help="the name of the report read from standard input (`-`): the name findings give, "
        "and where its `source` is found from (default: <stdin>, in the working folder)",
    )
    check.add_argument(
        "--text",
        type=Path,
        metavar="FILE",
        help="check the report against this text (plain text, or a .docx or .pdf draft) "
        "instead of its `source`; one report only",
    )
    _output_options(check.add_argument_group("output"))
    _selection_options(check.add_argument_group("rules and threshold"))
    _gate_options(check.add_argument_group("CI gate"))


def _output_options(output: argparse._ArgumentGroup) -> None:
    output.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        metavar="FORMAT",
        help="text, json, sarif, junit, github or html (default: text, or the `format` "
        "setting); html is one self-contained page for review",
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
    output.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the findings and nothing else: no summary line, no progress",
    )
    output.add_argument(
        "--color",
        "--colour",
        dest="color",
        choices=COLOR_CHOICES,
        default="auto",
        metavar="WHEN",
        help="colour text output: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR "
        "asks for it elsewhere), always or never (default: auto)",
    )
    output.add_argument(
        "--show-unknown",
        action="store_true",
        help="one info per rule and partial report whose check depends on what the report "
        "leaves out (by default such checks give nothing)",
    )


def _selection_options(selection: argparse._ArgumentGroup) -> None:
    selection.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="only these rules: ids, id prefixes or names, comma-separated",
    )
    selection.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="skip these rules: ids, id prefixes or names, comma-separated",
    )
    selection.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="lowest severity that makes the exit code 1 (default: error, or `fail-on` of "
        "[tool.gradecheck])",
    )
    selection.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings fail the run (bad input still exits 2)",
    )


def _gate_options(gate: argparse._ArgumentGroup) -> None:
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


def _rules_command(commands: Commands) -> None:
    rules = commands.add_parser("rules", help="list and explain rules")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    listing = rule_commands.add_parser("list", help="one line per rule")
    _rules_option(listing)
    listing.add_argument("--scheme", help="only this rule set (scheme id)")
    listing.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=("text", "json"),
        default="text",
        metavar="FORMAT",
        help="text, one line per rule, or json, every rule's fields (default: text)",
    )
    explain = rule_commands.add_parser("explain", help="a rule's docs, parameters and examples")
    explain.add_argument("rule", metavar="ID-OR-NAME")
    _rules_option(explain)
    explain.add_argument(
        "--scheme", help="only this rule set (scheme id), where sets share a rule's name"
    )
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
        type=_at_least_one,
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
        metavar="DIR",
        help="bundled reports, for the coverage line (default: reports)",
    )

    verifier = rule_commands.add_parser(
        "verify",
        help="prove a rule set over its whole space: satisfiable, no dead ends, determined "
        "grades, no vacuous or subsumed rule, monotone roll-ups",
    )
    verifier.add_argument(
        "rule_set", nargs="?", metavar="RULESET", help="scheme id (default: every rule set)"
    )
    _rules_option(verifier)
    _verify_options(verifier)
    differ = rule_commands.add_parser(
        "diff",
        help="what changed in meaning between two versions of a rule set: per rule and for "
        "the whole set, over the same space, and on the reports",
    )
    differ.add_argument("old", type=Path, metavar="OLD", help="the old rule set's folder")
    differ.add_argument("new", type=Path, metavar="NEW", help="the new rule set's folder")
    differ.add_argument(
        "--reports",
        type=Path,
        metavar="DIR",
        help="reports to run both versions on (default: reports)",
    )
    _verify_options(differ)


def _verify_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scope",
        type=_at_least_one,
        default=2,
        metavar="N",
        help="items (areas for improvement, causes of concern, recommendations) per question: "
        "0 to N (default: 2)",
    )
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=("text", "json", "github"),
        default="text",
        metavar="FORMAT",
        help="text, json or github (default: text)",
    )
    parser.add_argument(
        "--counterexamples",
        type=Path,
        metavar="DIR",
        help="write each counterexample as a report file in DIR, to check with `gradecheck check`",
    )


def _draft_command(commands: Commands) -> None:
    draft = commands.add_parser(
        "draft",
        help="write a first encoding of a report from its text, or a partial one from a "
        "force's web pages (TOML, to finish by hand)",
    )
    draft.add_argument(
        "text",
        type=Path,
        nargs="+",
        metavar="TEXT",
        help="the report's text; or several page texts (a force's PEEL pages), which make a "
        "partial report",
    )
    draft.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="FILE=URL",
        help="the address a page text was saved from; written as the source of its values "
        "(repeat for each page)",
    )
    draft.add_argument(
        "--partial",
        action="store_true",
        help="read TEXT as a page: a partial report, only what it states (implied by several "
        "texts or --url)",
    )
    draft.add_argument("--scheme", required=True, metavar="ID", help="the rule set to read with")
    _rules_option(draft)
    draft.add_argument(
        "--output", type=Path, metavar="FILE", help="write to FILE (atomically), not stdout"
    )
    draft.add_argument(
        "--source-relative-to",
        type=Path,
        metavar="DIR",
        help="write the report's `source` relative to DIR, the folder the draft will be kept "
        "in (default: the folder of --output, else the working folder)",
    )


def _schema_command(commands: Commands) -> None:
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the report format (for editors)"
    )
    schema.add_argument(
        "--scheme",
        metavar="ID",
        help="narrow grades, pillar and question keys and waiver rules to this rule set",
    )
    _rules_option(schema)


def _rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help="folder of rule sets, one subfolder per scheme (default: `rules` of "
        "[tool.gradecheck] in pyproject.toml, else the nearest rules folder above)",
    )
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="ignore [tool.gradecheck] in pyproject.toml",
    )
    _debug_option(parser, default=argparse.SUPPRESS)


def _debug_option(parser: argparse.ArgumentParser, default: object) -> None:
    # Before or after the command; a subcommand's default must not hide the one given before.
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="on an internal error, show the traceback",
    )


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
