"""How fast the rule-derived strategies are, as ratios to checking one report.

    python bench/strategies.py [--seconds S]

Baseline, measured in the same run: checking the bundled Norfolk report with every rule
(the unit a CI run pays per report). Then: consistent reports generated per second, mutant
searches per second and single-fault mutants found per second (a search that finds none
costs time too), each also as a multiple of the baseline's cost.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from checker.engine.check import check
from checker.inputs.report import load_report
from checker.inputs.ruleset import load_rule_set
from checker.testing.mutation import MutationSearch
from checker.testing.strategies import reports

ROOT = Path(__file__).resolve().parent.parent


def per_second(seconds: float, action: object) -> tuple[int, float]:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        action()  # type: ignore[operator]
        count += 1
    return count, count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    rule_set = load_rule_set(ROOT / "rules" / "peel-2018-19")
    norfolk = load_report(ROOT / "reports" / "peel-2018-19" / "norfolk.toml", lambda s: rule_set)
    _, checks = per_second(args.seconds, lambda: check([norfolk], rule_set))

    generated: list[dict[str, object]] = []

    @settings(
        max_examples=10**9,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(reports(rule_set))
    def collect(data: dict[str, object]) -> None:
        generated.append(data)
        if time.perf_counter() - started > args.seconds:
            raise StopIteration

    started = time.perf_counter()
    with contextlib.suppress(StopIteration):  # how collect() stops when time is up
        collect()
    report_rate = len(generated) / (time.perf_counter() - started)

    search = MutationSearch(rule_set)
    ids = [loaded.rule.id for loaded in rule_set.rules if not loaded.rule.needs]
    chance = random.Random(0)
    found = [0]

    def one_mutant() -> None:
        data = chance.choice(generated)
        if search.mutant(data, chance.choice(ids), chance) is not None:
            found[0] += 1

    attempts, attempt_rate = per_second(args.seconds, one_mutant)
    found_rate = attempt_rate * found[0] / attempts
    print(
        f"baseline: checking Norfolk with {len(rule_set.rules)} rules: {checks:,.0f}/s "
        f"({1000 / checks:.2f} ms)"
    )
    print(
        f"consistent reports: {report_rate:,.1f}/s, each costs "
        f"{checks / report_rate:.2f}x the baseline"
    )
    print(
        f"mutant searches: {attempt_rate:,.1f}/s ({found[0]}/{attempts} found a mutant), "
        f"each costs {checks / attempt_rate:.2f}x the baseline"
    )
    print(
        f"single-fault mutants: {found_rate:,.1f}/s, each costs "
        f"{checks / found_rate:.2f}x the baseline"
    )


if __name__ == "__main__":
    main()
