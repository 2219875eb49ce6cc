"""`gradecheck schema` and `gradecheck draft`: helping people write reports."""

from __future__ import annotations

import argparse
import sys

from checker.cli import EXIT_OK, emit, usage


def run_schema(args: argparse.Namespace) -> int:
    from checker.authoring.schema_export import render
    from checker.run import RuleSets

    rule_set = None
    if args.scheme is not None:
        rule_set = RuleSets(args.rules)(args.scheme)
        if rule_set is None:
            return usage(f"no rule set {args.scheme!r} under {args.rules}")
    sys.stdout.write(render(rule_set))
    return EXIT_OK


def run_draft(args: argparse.Namespace) -> int:
    from checker.authoring.draft import draft_file
    from checker.run import RuleSets

    rule_set = RuleSets(args.rules)(args.scheme)
    if rule_set is None:
        return usage(f"no rule set {args.scheme!r} under {args.rules}")
    emit(draft_file(args.text, rule_set, args.output), args.output)
    return EXIT_OK
