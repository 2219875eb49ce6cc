"""`gradecheck rules list|explain|test|verify|diff`: the rule sets, for their authors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checker.cli import EXIT_FINDINGS, EXIT_OK, usage

DISTRIBUTION = "inspection-gradecheck"
"""The name gradecheck is installed by (pyproject.toml's [project] name)."""


def run_rules(args: argparse.Namespace) -> int:
    from checker.authoring.explain import explain, listing, listing_json
    from checker.run import RuleSets

    if args.rules_command == "diff":  # two rule set folders, named on the command line
        from checker.cli.verify import run_diff

        return run_diff(args)
    rule_sets = RuleSets(args.rules)
    if args.rules_command == "test":
        return _rules_test(args, rule_sets)
    if args.rules_command == "verify":
        from checker.cli.verify import run_verify

        return run_verify(args, rule_sets)
    if not rule_sets.all():
        return usage(f"no rule sets under {args.rules} (a rule set is a folder with scheme.toml)")
    chosen = chosen_sets(rule_sets, args.scheme)
    if chosen is None:
        return usage(f"no rule set {args.scheme!r} under {args.rules}")
    if args.rules_command == "list":
        sys.stdout.write(listing_json(chosen) if args.format == "json" else listing(chosen))
        return EXIT_OK
    # Every rule the id or name stands for: sets that extend one another share names, and
    # sets of different schemes may name different rules alike (`--scheme` picks one).
    found = [(rule_set, loaded) for rule_set in chosen if (loaded := rule_set.find(args.rule))]
    if not found:
        return usage(f"no rule {args.rule!r} in the rule sets under {args.rules}")
    sys.stdout.write("\n".join(explain(rule_set, loaded) for rule_set, loaded in found))
    return EXIT_OK


def _rules_test(args: argparse.Namespace, rule_sets: Any) -> int:
    try:
        from checker.testing import ruletest
    except ImportError as error:  # hypothesis is in the `test` extra
        return usage(
            f"rules test needs the test extra ({error.name} is missing): "
            f"pip install '{DISTRIBUTION}[test]'"
        )
    from checker.run import discover

    chosen = chosen_sets(rule_sets, args.rule_set)
    if chosen is None:
        return usage(f"no rule set {args.rule_set!r} under {args.rules}")
    bundled = discover([args.bundled]) if args.bundled.exists() else []
    failed = False
    for rule_set in chosen:
        mine = [path for path in bundled if scheme_of(path) == rule_set.id]
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


def chosen_sets(rule_sets: Any, name: str | None) -> list[Any] | None:
    """The rule set named (every one when no name is given); None when none has that name."""
    if not name:
        return list(rule_sets.all())
    one = rule_sets(name)
    return None if one is None else [one]


def scheme_of(path: Path) -> str | None:
    from checker.inputs.tomlfile import read_toml

    scheme = read_toml(path).data.get("scheme")
    return scheme if isinstance(scheme, str) else None
