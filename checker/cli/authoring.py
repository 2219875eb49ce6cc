"""`gradecheck schema` and `gradecheck draft`: helping people write reports."""

from __future__ import annotations

import argparse
import sys

from checker.cli import EXIT_OK, emit, refuse_inputs, usage


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
    from checker.run import RuleSets

    rule_set = RuleSets(args.rules)(args.scheme)
    if rule_set is None:
        return usage(f"no rule set {args.scheme!r} under {args.rules}")
    urls: dict[str, str] = {}
    for given in args.url:
        file, sep, url = given.partition("=")
        if not sep or not file or not url:
            return usage(f"--url takes FILE=URL, not {given!r}")
        if file not in {str(path) for path in args.text} | {path.name for path in args.text}:
            return usage(f"--url names {file!r}, which is not one of the texts given")
        urls[file] = url
    if args.output is not None:
        refuse_inputs(args.output, "--output", [("a text", text) for text in args.text], args.rules)
    if len(args.text) == 1 and not urls and not args.partial:
        from checker.authoring.draft import draft_file

        text = draft_file(args.text[0], rule_set, args.output, args.source_relative_to)
        emit(text, args.output)
        return EXIT_OK
    if args.source_relative_to is not None:
        return usage("--source-relative-to applies to a draft from a report's text, not pages")
    from checker.authoring.draft_pages import draft_pages, read_pages

    emit(draft_pages(read_pages(args.text, urls), rule_set), args.output)
    return EXIT_OK
