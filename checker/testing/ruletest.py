"""`gradecheck rules test`: property checks of a rule set, for rule authors who write no Python.

1. every rule's examples;
2. (a) generated consistent reports get no finding;
3. (b) for each rule, generated single-fault mutants get exactly that rule, at its place.

A failure prints the shrunk counterexample as TOML. A rule for which no mutant can be made
(it never fires alone) fails too: it is dead, or it overlaps another rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import hypothesis  # noqa: F401  (the `test` extra: fail at import, where the CLI reports it)

from checker.authoring.tomlwrite import dumps
from checker.engine.check import check
from checker.inputs.report import LoadedReport, load_report, validate_report
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import parse_toml
from checker.testing.examples import run_examples

FEASIBILITY_TRIES = 25
"""Mutant searches tried before a rule is declared one that never fires alone."""


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    by_examples: set[str] = field(default_factory=set)
    by_reports: set[str] = field(default_factory=set)
    by_mutants: dict[str, int] = field(default_factory=dict)
    consistent_reports: int = 0
    beyond_data: set[str] = field(default_factory=set)
    """Rules that read other reports or the report's text: no mutants of data alone."""


def check_data(data: dict[str, Any], rule_set: RuleSet) -> set[tuple[str, str]]:
    """Findings of a report held as data, through the real path: TOML text, load, check."""
    document = parse_toml(dumps(data), "<generated>.toml")
    report = validate_report(document, lambda scheme: rule_set)
    return {(f.rule_id, f.path) for f in check([report], rule_set)}


def run(
    rule_set: RuleSet,
    bundled: Sequence[Path],
    *,
    reports: int,
    mutants: int,
    seed: int,
    out: TextIO,
) -> Outcome:
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis.errors import NoSuchExample, Unsatisfiable

    from checker.testing.strategies import mutant_attempts
    from checker.testing.strategies import mutants as mutant_strategy
    from checker.testing.strategies import reports as report_strategy

    outcome = Outcome()
    for example in run_examples(rule_set):
        if example.passed:
            outcome.by_examples.add(example.rule.rule.id)
        else:
            outcome.failures.append(example.describe())
    loaded: list[LoadedReport] = [load_report(path, lambda scheme: rule_set) for path in bundled]
    outcome.by_reports = {f.rule_id for f in check(loaded, rule_set)}

    def quiet(max_examples: int) -> settings:
        return settings(
            max_examples=max_examples,
            database=None,
            derandomize=False,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )

    def counting(counter: list[int], bad: Callable[[Any], bool]) -> Callable[[Any], bool]:
        def condition(value: Any) -> bool:
            counter[0] += 1
            return bad(value)

        return condition

    seen = [0]
    try:
        counterexample = find(
            report_strategy(rule_set),
            counting(seen, lambda data: bool(check_data(data, rule_set))),
            settings=quiet(reports),
            random=_random(seed),
        )
        found = sorted(check_data(counterexample, rule_set))
        outcome.failures.append(
            "a report consistent by construction gets findings "
            f"{', '.join(f'{r} at {p}' for r, p in found)}:\n{dumps(counterexample)}"
        )
    except (NoSuchExample, Unsatisfiable):
        pass
    outcome.consistent_reports = seen[0]
    if (
        outcome.failures
        and seen[0]
        and len(outcome.failures)
        > len([f for f in outcome.failures if not f.startswith("a report consistent")])
    ):
        # Mutants start from consistent reports; with none to start from, (b) cannot run.
        outcome.failures.append("single-fault mutants skipped: no consistent report to start from")
        _print(outcome, rule_set, out)
        return outcome

    for loaded_rule in rule_set.rules:
        rule_id = loaded_rule.rule.id
        if loaded_rule.rule.needs:
            # Reads other reports or the text: generated data alone never breaks it.
            outcome.beyond_data.add(rule_id)
            continue
        count = [0]
        try:  # a few searches first: a rule that never fires alone is known at once
            find(
                mutant_attempts(rule_set, [rule_id]),
                lambda found: found is not None,
                settings=settings(quiet(FEASIBILITY_TRIES), phases=[Phase.generate]),
                random=_random(seed),
            )
        except (NoSuchExample, Unsatisfiable):
            outcome.failures.append(
                f"{rule_id}: no single-fault mutant could be made: the rule never fires alone "
                "(it is dead, or it overlaps another rule)"
            )
            continue

        def wrong(mutant: tuple[dict[str, Any], str, str], rule_id: str = rule_id) -> bool:
            data, _, path = mutant
            return check_data(data, rule_set) != {(rule_id, path)}

        try:
            bad = find(
                mutant_strategy(rule_set, rule=rule_id),
                counting(count, wrong),
                settings=quiet(mutants),
                random=_random(seed),
            )
            outcome.failures.append(
                f"{rule_id}: a single-fault mutant at {bad[2]} gets "
                f"{sorted(check_data(bad[0], rule_set))}:\n{dumps(bad[0])}"
            )
        except NoSuchExample:
            pass
        except Unsatisfiable:
            pass
        if count[0]:
            outcome.by_mutants[rule_id] = count[0]
        else:
            outcome.failures.append(
                f"{rule_id}: no single-fault mutant could be made: the rule never fires alone "
                "(it is dead, or it overlaps another rule)"
            )
    _print(outcome, rule_set, out)
    return outcome


def _random(seed: int) -> Any:
    import random

    return random.Random(seed)


def _print(outcome: Outcome, rule_set: RuleSet, out: TextIO) -> None:
    total = len(rule_set.rules)
    for failure in outcome.failures:
        out.write(f"FAIL {failure}\n")
    mutants = sum(outcome.by_mutants.values())
    beyond = (
        f"; {len(outcome.beyond_data)} read other reports or the text (examples and "
        "bundled reports only)"
        if outcome.beyond_data
        else ""
    )
    out.write(
        f"{rule_set.id}: {total} rules; examples exercise {len(outcome.by_examples)}, "
        f"bundled reports {len(outcome.by_reports)}, mutants {len(outcome.by_mutants)} "
        f"({mutants} mutants checked, {outcome.consistent_reports} consistent reports)"
        f"{beyond}\n"
    )
    out.write("OK\n" if not outcome.failures else f"{len(outcome.failures)} failures\n")
