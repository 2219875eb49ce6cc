"""`gradecheck rules test`: property checks of a rule set, for rule authors who write no Python.

1. every rule's examples;
2. (a) generated consistent reports get no finding;
3. (b) for each rule, generated single-fault mutants get exactly that rule, at its place.

A failure prints the shrunk counterexample as TOML. A rule for which no mutant can be made
(it never fires alone) fails too: it is dead, or it overlaps another rule.

On a terminal each step says what it did as it finishes (`PEEL204 ... 10 mutants ok`);
otherwise only failures and one line per rule set are written.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

# The `test` extra: fail at import, where the CLI reports it.
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample, Unsatisfiable

from checker.authoring.tomlwrite import dumps
from checker.engine.check import check
from checker.inputs.report import LoadedReport, load_report, validate_report
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import parse_toml
from checker.testing.examples import run_examples
from checker.testing.mutation import Mutant, MutationSearch
from checker.testing.strategies import mutant_attempts
from checker.testing.strategies import reports as report_strategy

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


class _Progress:
    """What a run says as it goes: everything on a terminal, failures only otherwise."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        isatty = getattr(out, "isatty", None)
        self.verbose = bool(isatty and isatty())

    def step(self, line: str) -> None:
        if self.verbose:
            self.out.write(line + "\n")
            self.out.flush()

    def fail(self, failure: str, outcome: Outcome) -> None:
        outcome.failures.append(failure)
        self.out.write(f"FAIL {failure}\n")
        self.out.flush()


def run(
    rule_set: RuleSet,
    bundled: Sequence[Path],
    *,
    reports: int,
    mutants: int,
    seed: int,
    out: TextIO,
) -> Outcome:
    """Examples, then (a) on `reports` generated reports, then (b) on `mutants` mutants of
    each rule that reads the data alone, started from the reports (a) found consistent.
    Failures and a summary line go to `out`, and on a terminal what each step did."""
    outcome = Outcome()
    progress = _Progress(out)
    progress.step(f"{rule_set.id}: {len(rule_set.rules)} rules")
    _check_examples(rule_set, bundled, outcome, progress)
    pool = _check_consistent_reports(rule_set, reports, seed, outcome, progress)
    if pool is None:
        # Mutants start from consistent reports; with none to start from, (b) cannot run.
        progress.fail("single-fault mutants skipped: no consistent report to start from", outcome)
    else:
        _check_mutants(rule_set, pool, mutants, seed, outcome, progress)
    _summary(outcome, rule_set, out)
    return outcome


def _check_examples(
    rule_set: RuleSet, bundled: Sequence[Path], outcome: Outcome, progress: _Progress
) -> None:
    """Every rule's examples; and which rules the bundled reports exercise."""
    examples = run_examples(rule_set)
    for example in examples:
        if example.passed:
            outcome.by_examples.add(example.rule.rule.id)
        else:
            progress.fail(example.describe(), outcome)
    progress.step(f"examples ... {len(examples)} run, {len(outcome.failures)} failed")
    loaded: list[LoadedReport] = [load_report(path, lambda scheme: rule_set) for path in bundled]
    outcome.by_reports = {f.rule_id for f in check(loaded, rule_set)}


def _check_consistent_reports(
    rule_set: RuleSet, reports: int, seed: int, outcome: Outcome, progress: _Progress
) -> list[dict[str, Any]] | None:
    """(a): generated consistent reports get no finding. The reports found consistent, for
    (b) to start from; None when one was not and (b) has nothing to start from."""
    # The consistent reports (a) checks are where (b)'s mutants start from, smallest first.
    pool: list[dict[str, Any]] = []

    def inconsistent(data: dict[str, Any]) -> bool:
        if check_data(data, rule_set):
            return True
        pool.append(data)
        return False

    seen = [0]
    consistent = True
    try:
        counterexample = find(
            report_strategy(rule_set),
            _counting(seen, inconsistent),
            settings=_quiet(reports),
            random=random.Random(seed),
        )
        found = sorted(check_data(counterexample, rule_set))
        consistent = False
        progress.fail(
            "a report consistent by construction gets findings "
            f"{', '.join(f'{r} at {p}' for r, p in found)}:\n{dumps(counterexample)}",
            outcome,
        )
    except (NoSuchExample, Unsatisfiable):
        pass
    outcome.consistent_reports = seen[0]
    progress.step(f"consistent reports ... {seen[0]} {'ok' if consistent else 'FAIL'}")
    return None if not consistent and seen[0] else pool


def _check_mutants(
    rule_set: RuleSet,
    pool: list[dict[str, Any]],
    mutants: int,
    seed: int,
    outcome: Outcome,
    progress: _Progress,
) -> None:
    """(b) for each rule that reads the data alone, started from the consistent `pool`."""
    search = MutationSearch(rule_set)
    search.known_clean(pool)
    pool.sort(key=lambda data: len(repr(data)))
    starts = st.sampled_from(pool) if pool else report_strategy(rule_set)
    for loaded_rule in rule_set.rules:
        rule_id = loaded_rule.rule.id
        if loaded_rule.rule.needs:
            # Reads other reports or the text: generated data alone never breaks it.
            outcome.beyond_data.add(rule_id)
            progress.step(f"{rule_id} ... reads {' and '.join(sorted(loaded_rule.rule.needs))}")
            continue
        attempts = mutant_attempts(rule_set, [rule_id], starts, search)
        _check_rule_mutants(rule_set, rule_id, attempts, mutants, seed, outcome, progress)


def _check_rule_mutants(
    rule_set: RuleSet,
    rule_id: str,
    attempts: st.SearchStrategy[Mutant | None],
    mutants: int,
    seed: int,
    outcome: Outcome,
    progress: _Progress,
) -> None:
    """(b) for one rule: its single-fault mutants get exactly it, at the mutant's place."""
    first = _first_mutant(attempts, seed)
    if first is None:
        progress.fail(_dead(rule_id), outcome)
        return

    def wrong(mutant: Mutant) -> bool:
        data, _, path = mutant
        return check_data(data, rule_set) != {(rule_id, path)}

    # The mutant the searches found is the first checked; a wrong one is shrunk.
    count = [1]
    bad = first if wrong(first) else None
    if bad is not None or mutants > 1:
        with contextlib.suppress(NoSuchExample, Unsatisfiable):
            bad = find(
                attempts.filter(_made).map(_unwrap),
                _counting(count, wrong),
                settings=_quiet(mutants - 1 if bad is None else mutants),
                random=random.Random(seed),
            )
    outcome.by_mutants[rule_id] = count[0]
    if bad is not None:
        progress.fail(
            f"{rule_id}: a single-fault mutant at {bad[2]} gets "
            f"{sorted(check_data(bad[0], rule_set))}:\n{dumps(bad[0])}",
            outcome,
        )
    else:
        progress.step(f"{rule_id} ... {count[0]} mutants ok")


def _first_mutant(attempts: st.SearchStrategy[Mutant | None], seed: int) -> Mutant | None:
    """The first mutant a few searches make; None if none does. A rule that never fires
    alone is known at once, not after every example of (b) has been tried."""
    first: list[Mutant] = []

    def made(found: Mutant | None) -> bool:
        if found is not None:
            first.append(found)
        return found is not None

    try:
        find(
            attempts,
            made,
            settings=settings(_quiet(FEASIBILITY_TRIES), phases=[Phase.generate]),
            random=random.Random(seed),
        )
    except (NoSuchExample, Unsatisfiable):
        return None
    return first[0]


def _quiet(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        database=None,
        derandomize=False,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def _counting(counter: list[int], bad: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """`bad`, counting in `counter` the examples it is asked about."""

    def condition(value: Any) -> bool:
        counter[0] += 1
        return bad(value)

    return condition


def _dead(rule_id: str) -> str:
    return (
        f"{rule_id}: no single-fault mutant could be made: the rule never fires alone "
        "(it is dead, or it overlaps another rule)"
    )


def _made(found: Mutant | None) -> bool:
    return found is not None


def _unwrap(found: Mutant | None) -> Mutant:
    assert found is not None
    return found


def _summary(outcome: Outcome, rule_set: RuleSet, out: TextIO) -> None:
    total = len(rule_set.rules)
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
