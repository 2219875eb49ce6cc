"""What checking the report text costs: Norfolk with and without the text rules.

Prints milliseconds and ratios measured in this run (no fixed thresholds):

    python bench/text_claims.py [RUNS]

- read: reading and normalising the text (once per run; cached afterwards);
- claims: reading every claim with the claims file's patterns (once per text and run);
- check: a whole `check` of Norfolk (all rules) against a check without the text rules,
  in a fresh process state per run (caches cleared), so the text work is included.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from checker.engine.check import Selection, check
from checker.inputs.report import load_report
from checker.inputs.ruleset import load_rule_set
from checker.text import source
from checker.text.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
NORFOLK = ROOT / "reports" / "peel-2018-19" / "norfolk.toml"


def best(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        source._texts.clear()
        source._by_report.clear()
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    peel = load_rule_set(ROOT / "rules" / "peel-2018-19")
    assert peel.claims is not None
    claims = peel.claims
    raw = NORFOLK.with_name("norfolk.txt").read_text(encoding="utf-8")
    report = load_report(NORFOLK, lambda scheme: peel)
    without = Selection(ignore=("PEEL5",))

    read = best(runs, lambda: normalise(raw))

    def extract() -> None:
        text = source.text_from_string(raw, "bench")
        for name in claims.claims:
            text.claims(claims, name)

    claimed = best(runs, extract) - read
    data_only = best(runs, lambda: check([report], peel, without))
    everything = best(runs, lambda: check([report], peel))
    print(f"normalise the text     {read:7.1f} ms")
    print(f"read the claims        {claimed:7.1f} ms")
    print(f"check without PEEL5xx  {data_only:7.1f} ms")
    print(f"check with PEEL5xx     {everything:7.1f} ms")
    print(
        f"text rules add         {everything - data_only:7.1f} ms "
        f"({everything / data_only:.2f}x the data-only check)"
    )


if __name__ == "__main__":
    main()
