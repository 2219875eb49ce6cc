"""A fast, deterministic subset of the fuzz suite (bench/fuzz.py, issue 13, part 4): ten cases
of each kind (reports, rule files, claim patterns, texts, waivers, baselines, command lines),
run in a worker process with a time limit. None may end in a traceback, an internal error
(exit 3), a run over the limit, or an input error that is not one line per problem.

The whole suite, 10,000 cases or more: `python bench/fuzz.py` (it prints its figures)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import fuzz  # noqa: E402
import fuzz_cases  # noqa: E402


def test_the_plan_takes_every_kind_in_its_share() -> None:
    plan = fuzz_cases.plan(10_000)
    assert len(plan) == len(set(plan)) == 10_000
    kinds = {kind for kind, _ in plan}
    assert kinds == set(fuzz_cases.KINDS)
    assert sum(1 for kind, _ in plan if kind == "report") >= 3_000


def test_a_case_is_made_again_from_its_seed(tmp_path: Path) -> None:
    fuzz_cases.share(tmp_path)
    for kind in fuzz_cases.KINDS:
        first = fuzz_cases.make(kind, 3, 7, tmp_path, quick=True)
        again = fuzz_cases.make(kind, 3, 7, tmp_path, quick=True)
        assert (first.argv, first.files, first.env) == (again.argv, again.files, again.env)


def test_a_subset_of_the_fuzz_cases_gives_no_traceback_and_no_hang() -> None:
    count = 10 * len(fuzz_cases.KINDS)
    summary = fuzz.fuzz(count, seed=0, timeout=60, jobs=1, kinds=None, quick=True)
    assert summary.cases == count
    assert summary.failures == []
    assert {"exit 0", "exit 1", "exit 2"} <= set(summary.codes)
