"""`gradecheck rules verify` and `rules diff`: a rule set proved over its space."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checker.cli import EXIT_FINDINGS, EXIT_OK, usage


def run_verify(args: argparse.Namespace, rule_sets: Any) -> int:
    from checker.cli.rules import chosen_sets
    from checker.verify import render
    from checker.verify.prove import verify

    chosen = chosen_sets(rule_sets, args.rule_set)
    if chosen is None:
        return usage(f"no rule set {args.rule_set!r} under {args.rules}")
    results = [(rule_set, verify(rule_set, scope=args.scope)) for rule_set in chosen]
    if args.counterexamples is not None:
        _write_counterexamples(args.counterexamples, results)
    formats = {"text": render.text, "json": render.json_document, "github": render.github}
    sys.stdout.write(formats[args.format](results))
    return EXIT_FINDINGS if any(result.failed for _, result in results) else EXIT_OK


def _write_counterexamples(folder: Path, results: list[Any]) -> None:
    """Each counterexample as a report file, `<rule set>-<n>-<check>.toml`, written
    atomically; the folder is made if need be."""
    from checker.authoring.tomlwrite import dumps
    from checker.output.atomic import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    for rule_set, result in results:
        for number, problem in enumerate(result.problems, 1):
            name = f"{rule_set.id}-{number}-{problem.check.replace(' ', '-')}.toml"
            heading = f"# {problem.severity} {problem.check} ({problem.subject}): {problem.message}"
            write_atomically(
                folder / name, heading.replace("\n", " ") + "\n" + dumps(problem.report)
            )


def run_diff(args: argparse.Namespace) -> int:
    """Exit 0 whatever the verdict: a diff describes a change, it does not judge it."""
    from checker.cli.rules import scheme_of
    from checker.inputs.ruleset import load_rule_set
    from checker.inputs.tomlfile import display_name
    from checker.run import discover, naming
    from checker.verify import render
    from checker.verify.compare import diff

    sets = []
    for folder in (args.old, args.new):
        if not (folder / "scheme.toml").is_file():
            return usage(f"{folder} is not a rule set (a folder with scheme.toml)")
        with naming(display_name(folder)):
            sets.append(load_rule_set(folder))
    old, new = sets
    if old.id != new.id:
        return usage(
            f"{args.old} is rule set {old.id!r} and {args.new} is {new.id!r}: compare "
            "two versions of one rule set"
        )
    reports_folder = args.reports or Path("reports")
    found = discover([reports_folder]) if reports_folder.exists() else []
    mine = [path for path in found if scheme_of(path) == new.id]
    change = diff(old, new, mine, scope=args.scope)
    formats = {"text": render.diff_text, "json": render.diff_json, "github": render.diff_github}
    sys.stdout.write(formats[args.format](change))
    return EXIT_OK
