"""The `gradecheck` command. argparse only at import time: `--help` stays fast.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad input or
usage; 3 an unexpected error, which is a bug (one line naming the input it happened on;
`--debug` adds the traceback). Never a traceback otherwise, never 1 for a crash.
Each command lives in its own module here, imported when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from checker.cli.parser import build_parser

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    if args.command == "rules" and args.rules_command is None:
        parser.parse_args(["rules", "--help"])
    try:
        return _run(args)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:  # the last resort: every error is one line, and exit 2 or 3
        return _failed(error, args)


def _run(args: argparse.Namespace) -> int:
    from checker.cli.configure import configured

    with configured(args) as project:
        args.project = project
        return _command(args)


def _command(args: argparse.Namespace) -> int:
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


def _failed(error: Exception, args: argparse.Namespace) -> int:
    """Input errors and command errors as they are meant to be shown (exit 2); anything else
    is a bug: one line naming the input it was raised on, asking for a report (exit 3)."""
    from checker.inputs.tomlfile import CommandError, InputError, InputErrors
    from checker.output.escape import encodable, one_line, shorten
    from checker.run import NAMED

    if isinstance(error, InputError | InputErrors):
        print(encodable(str(error)), file=sys.stderr)
        return EXIT_INPUT
    if isinstance(error, CommandError):
        return usage(str(error))
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    named = getattr(error, NAMED, None)
    where = f"on {named}" if named else f"in `gradecheck {args.command}`"
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    debug = "" if getattr(args, "debug", False) else " and what --debug shows"
    line = (
        f"gradecheck: internal error {where}: {shorten(what, 500)}. This is a bug in "
        f"gradecheck: please report it with that input{debug}"
    )
    print(encodable(one_line(line)), file=sys.stderr)
    return EXIT_BUG


def usage(message: str) -> int:
    """A problem with the command, not with a file: one line `gradecheck: error: ...`."""
    from checker.output.escape import encodable, one_line

    print(encodable(one_line(f"gradecheck: error: {message}")), file=sys.stderr)
    return EXIT_INPUT


def emit(text: str, output: Path | None, option: str = "--output") -> None:
    """Standard output, or FILE written atomically (`--output`)."""
    from checker.output.escape import encodable

    if output is None:
        sys.stdout.write(encodable(text))
        return
    write_file(output, text, option)


def write_file(path: Path, text: str, option: str) -> None:
    """`path` written atomically (checker.output.atomic); a CommandError naming `option`
    when it cannot be."""
    from checker.inputs.tomlfile import CommandError, display_name
    from checker.output.atomic import write_atomically
    from checker.output.escape import encodable

    try:
        write_atomically(path, encodable(text))
    except (OSError, ValueError) as error:
        where = display_name(path)
        raise CommandError(f"cannot write {option} {where}: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    import errno

    if isinstance(error, IsADirectoryError):
        return "it is a folder"
    if isinstance(error, OSError) and error.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a part of the path is a file, not a folder"
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def refuse_inputs(
    path: Path, option: str, inputs: Iterable[tuple[str, Path]], rules: Path | None = None
) -> None:
    """A CommandError when writing `path` would replace an input: one of `inputs` ((what it
    is, where)), by any of its names (a link, another spelling, a hard link), or a file of
    the rules folder `rules`. A device or a path not there yet replaces nothing."""
    import os
    import stat

    from checker.inputs.tomlfile import CommandError, display_name, resolved

    try:
        written = os.stat(path)
    except (OSError, ValueError):
        return
    if not stat.S_ISREG(written.st_mode):
        return
    for what, given in inputs:
        try:
            same = os.path.samestat(written, os.stat(given))
        except (OSError, ValueError):
            continue
        if same:
            raise CommandError(
                f"{option} {_as_given(path)} is {what} ({display_name(given)}): "
                "an output never replaces an input"
            )
    if rules is not None and resolved(path).is_relative_to(resolved(rules)):
        raise CommandError(
            f"{option} {_as_given(path)} is a file of the rules folder "
            f"({display_name(rules)}): an output never replaces an input"
        )


def _as_given(path: Path) -> str:
    """The path as a message names it: its folder as display_name shows it, then its own
    name, not the file a link leads to."""
    from checker.inputs.tomlfile import display_name

    return (Path(display_name(path.parent)) / path.name).as_posix()
