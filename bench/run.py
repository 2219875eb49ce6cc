"""Every speed and memory goal of gradecheck as a ratio measured in this run.

    python bench/run.py [--quick] [--suite]

Each row is measured side by side with its baseline, on this machine, now (medians):

- cold `gradecheck check` of Norfolk's three reports (the bundled reports when the goal was
  set), and of every bundled report, ÷ `python -c "import pydantic"`;
- in-process load + validate + check of the Norfolk 2018/19 report, data rules only (its
  text not read), and with the text rules (text read and normalised afresh, and cached)
  ÷ `tomllib.loads` of it;
- consistent reports generated per second by `checker.testing.strategies.reports`, and
  single-fault mutants per second (also as multiples of one Norfolk check);
- `gradecheck rules test peel-2018-19` with its defaults, in seconds;
- the check of every bundled report (`reports/`, rule sets loaded) ÷ `tomllib.loads` of the
  same files;
- memory held per report in a corpus run (Python allocations, tracemalloc, per extra report
  between two corpus sizes);
- with `--suite`, the whole test suite under `CI=true` (minutes).

Never used by the tests: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NORFOLK = ROOT / "reports" / "peel-2018-19" / "norfolk.toml"
NORFOLK_SCHEMES = ("peel-2016", "peel-2017", "peel-2018-19")
GOALS = {
    "cold": 1.5,
    "data": 0.5,
    "text": 1.5,
    "reports_per_s": 200.0,
    "mutants_per_s": 30.0,
    "rules_test_s": 20.0,
    "kib_per_report": 20.0,
    "suite_s": 120.0,
}


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(*argv: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(argv, cwd=ROOT, check=False, capture_output=True, env=env)


def cold_start(runs: int) -> tuple[float, float]:
    """Cold `gradecheck check` of Norfolk's three reports, and of every bundled report,
    ÷ importing pydantic; all fresh processes."""
    baseline = median_seconds(lambda: process(sys.executable, "-c", "import pydantic"), runs)
    norfolk = [str(ROOT / "reports" / scheme / "norfolk.toml") for scheme in NORFOLK_SCHEMES]
    one = median_seconds(lambda: process(sys.executable, "-m", "checker", "check", *norfolk), runs)
    every = median_seconds(lambda: process(sys.executable, "-m", "checker", "check"), runs)
    return one / baseline, every / baseline


def in_process(runs: int) -> tuple[float, float, float]:
    """(data rules, text rules read afresh, text rules with the text cached) ÷ tomllib."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from checker.engine.check import Selection, check
    from checker.inputs.report import load_report
    from checker.inputs.ruleset import load_rule_set
    from checker.text import source

    rule_set = load_rule_set(ROOT / "rules" / "peel-2018-19")
    raw = NORFOLK.read_text(encoding="utf-8")
    data_only = Selection(ignore=tuple(_text_rule_ids(rule_set)))

    def run(selection: Selection, fresh_text: bool, with_text: bool = True) -> None:
        if fresh_text:
            source._texts.clear()  # the text read and normalised again, as in a new run
        report = load_report(NORFOLK, lambda scheme: rule_set, with_source=with_text)
        check([report], rule_set, selection)

    baseline = median_seconds(lambda: tomllib.loads(raw), runs * 4)
    data = median_seconds(lambda: run(data_only, True, with_text=False), runs * 4)
    fresh = median_seconds(lambda: run(Selection(), True), runs)
    cached = median_seconds(lambda: run(Selection(), False), runs)
    return data / baseline, fresh / baseline, cached / baseline


def _text_rule_ids(rule_set: object) -> list[str]:
    return [
        loaded.rule.id
        for loaded in rule_set.rules  # type: ignore[attr-defined]
        if "text" in loaded.rule.needs
    ]


def generation(seconds: float) -> tuple[float, float, float]:
    """(reports per second, mutants per second, one Norfolk check in seconds)."""
    import random

    from hypothesis import HealthCheck, given, settings

    from checker.engine.check import check
    from checker.inputs.report import load_report
    from checker.inputs.ruleset import load_rule_set
    from checker.testing.mutation import MutationSearch
    from checker.testing.strategies import reports

    rule_set = load_rule_set(ROOT / "rules" / "peel-2018-19")
    norfolk = load_report(NORFOLK, lambda scheme: rule_set)
    one_check = median_seconds(lambda: check([norfolk], rule_set), 20)
    drawn: list[dict[str, object]] = []

    @settings(
        max_examples=10_000,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(reports(rule_set))
    def collect(data: dict[str, object]) -> None:
        drawn.append(data)
        if time.perf_counter() - start > seconds:
            raise _Enough

    start = time.perf_counter()
    with contextlib.suppress(_Enough):
        collect()
    reports_per_s = len(drawn) / (time.perf_counter() - start)
    search = MutationSearch(rule_set)
    rule_ids = [loaded.rule.id for loaded in rule_set.rules if not loaded.rule.needs]
    chance = random.Random(0)
    made, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        data = drawn[made % len(drawn)]
        if search.mutant(data, chance.choice(rule_ids), chance) is not None:  # type: ignore[arg-type]
            made += 1
    mutants_per_s = made / (time.perf_counter() - start)
    return reports_per_s, mutants_per_s, one_check


class _Enough(Exception):
    """Stops Hypothesis once enough time is spent drawing."""


def rules_test() -> float:
    start = time.perf_counter()
    process(sys.executable, "-m", "checker", "rules", "test", "peel-2018-19")
    return time.perf_counter() - start


def memory_per_report(small: int, large: int) -> float:
    """KiB of Python allocations held per report once a corpus is loaded and checked."""
    return (_held(large) - _held(small)) / (large - small) / 1024


def _held(size: int) -> float:
    from checker.engine.check import check
    from checker.engine.corpus import Corpus
    from checker.run import RuleSets, load_reports

    with tempfile.TemporaryDirectory(prefix="gradecheck-bench-") as tmp:
        folder = Path(tmp)
        raw = NORFOLK.read_text(encoding="utf-8")
        raw = "\n".join(line for line in raw.splitlines() if not line.startswith("source = "))
        for n in range(size):
            (folder / f"force-{n:05d}.toml").write_text(
                raw.replace('force = "norfolk"', f'force = "force-{n:05d}"', 1), encoding="utf-8"
            )
        rule_sets = RuleSets(ROOT / "rules")
        rule_sets.all()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        reports = load_reports([folder], rule_sets)
        corpus = Corpus.of(reports)
        rule_set = rule_sets("peel-2018-19")
        assert rule_set is not None
        findings = check(reports, rule_set, corpus=corpus)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        del findings, corpus, reports
        return held


def corpus(runs: int) -> tuple[int, float]:
    """(reports, check of every bundled report ÷ tomllib.loads of the same files), in-process
    with the rule sets loaded first: what checking the repository's corpus costs per byte of
    TOML it reads."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from checker.run import RuleSets, check_paths, discover
    from checker.text import source

    files = discover([ROOT / "reports"])
    texts = [file.read_text(encoding="utf-8") for file in files]
    RuleSets(ROOT / "rules").all()  # imports and models built before the clock starts

    def check_all() -> None:
        source._texts.clear()
        check_paths([ROOT / "reports"], ROOT / "rules")

    baseline = median_seconds(lambda: [tomllib.loads(text) for text in texts], runs)
    return len(files), median_seconds(check_all, runs) / baseline


def suite() -> float:
    start = time.perf_counter()
    process(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        env={**os.environ, "CI": "true"},
    )
    return time.perf_counter() - start


def row(name: str, value: float, goal: float, unit: str, higher_is_better: bool = False) -> None:
    met = value >= goal if higher_is_better else value <= goal
    sign = ">=" if higher_is_better else "<="
    print(
        f"{name:<62} {value:>9.2f}{unit:<3} goal {sign} {goal:g}{unit:<3} "
        + ("ok" if met else "NOT MET")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no rules test")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    one, every = cold_start(runs)
    row(
        "cold `gradecheck check` of Norfolk's 3 reports ÷ `import pydantic`",
        one,
        GOALS["cold"],
        "x",
    )
    print(f"{'  the same of every bundled report':<62} {every:>9.2f}x")
    data, fresh, cached = in_process(runs)
    row("load + validate + check Norfolk, data rules ÷ tomllib.loads", data, GOALS["data"], "x")
    row("  the same with the text rules, text read afresh", fresh, GOALS["text"], "x")
    row("  the same with the text rules, text cached", cached, GOALS["text"], "x")
    per_report, per_mutant, one_check = generation(2.0 if args.quick else 5.0)
    row("consistent reports generated per second", per_report, GOALS["reports_per_s"], "/s", True)
    print(
        f"{'':<4}(one each {1 / per_report / one_check:.1f} Norfolk checks "
        f"of {one_check * 1e3:.1f} ms)"
    )
    row("single-fault mutants per second", per_mutant, GOALS["mutants_per_s"], "/s", True)
    if per_mutant:
        print(f"{'':<4}(one each {1 / per_mutant / one_check:.1f} Norfolk checks)")
    if not args.quick:
        row(
            "`gradecheck rules test peel-2018-19`, defaults",
            rules_test(),
            GOALS["rules_test_s"],
            "s",
        )
    count, ratio = corpus(runs)
    print(f"{f'check of the {count} bundled reports ÷ tomllib.loads of them':<62} {ratio:>9.2f}x")
    row(
        "memory held per report in a corpus run",
        memory_per_report(100, 400),
        GOALS["kib_per_report"],
        "KiB",
    )
    if args.suite:
        row("the whole test suite, CI=true", suite(), GOALS["suite_s"], "s")


if __name__ == "__main__":
    main()
