"""The `gradecheck` command. argparse only at import time: `--help` stays fast.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad input or usage.
Each command lives in its own module here, imported when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from checker.cli.parser import build_parser

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


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
            from checker.cli.check import run_check

            return run_check(args)
        if args.command == "schema":
            from checker.cli.authoring import run_schema

            return run_schema(args)
        if args.command == "draft":
            from checker.cli.authoring import run_draft

            return run_draft(args)
        from checker.cli.rules import run_rules

        return run_rules(args)
    except (InputError, InputErrors) as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK


def usage(message: str) -> int:
    print(f"gradecheck: {message}", file=sys.stderr)
    return EXIT_INPUT


def emit(text: str, output: Path | None) -> None:
    """Standard output, or FILE written atomically (`--output`)."""
    if output is None:
        sys.stdout.write(text)
        return
    from checker.output.atomic import write_atomically

    write_atomically(output, text)
