"""What checking the report text costs: Norfolk 2018/19 with and without the text rules.

Every row is a ratio of two medians measured side by side in this run, on this machine, now
(milliseconds in brackets; no fixed thresholds):

    python bench/text_claims.py [RUNS]

Baselines: `tomllib.loads` of norfolk.toml, and the data-only check (`check` of the loaded
report without the text rules, which read the report's text).

- normalise: reading the text into its normalised form (once per text and run);
- claims: its sections and every claim of the claims file (once per text and run);
- text rules: `check` with the text rules only, on a text whose sections and claims are read
  afresh (the normalised text given);
- load + check: `load_report` and `check` with every rule, the text read and normalised afresh
  (as in a new run), and the same with the data rules only, the text left unread;
- the text rules' cost: the difference of the two, against the data-only check.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from checker.engine.check import Selection, check
from checker.inputs.report import load_report
from checker.inputs.ruleset import load_rule_set
from checker.text import source
from checker.text.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
NORFOLK = ROOT / "reports" / "peel-2018-19" / "norfolk.toml"


def side_by_side(runs: int, *actions: Callable[[], object]) -> list[float]:
    """Median seconds of each action, timed in turn so that all see the same machine."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, found in zip(actions, times, strict=True):
            source._texts.clear()  # a text is read and normalised again, as in a new run
            start = time.perf_counter()
            action()
            found.append(time.perf_counter() - start)
    return [statistics.median(found) for found in times]


def row(name: str, against: str, work: float, base: float) -> None:
    print(
        f"{name:46s} {work / base:6.2f}x {against:22s} ({work * 1000:6.2f} / {base * 1000:.2f} ms)"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    peel = load_rule_set(ROOT / "rules" / "peel-2018-19")
    claims = peel.claims
    assert claims is not None
    toml = NORFOLK.read_text(encoding="utf-8")
    raw = NORFOLK.with_name("norfolk.txt").read_text(encoding="utf-8")
    normal = normalise(raw)
    text_ids = tuple(loaded.rule.id for loaded in peel.rules if "text" in loaded.rule.needs)
    data_only, text_only = Selection(ignore=text_ids), Selection(select=text_ids)
    report = load_report(NORFOLK, lambda scheme: peel)

    def parse() -> None:
        tomllib.loads(toml)

    def data_check() -> None:
        check([report], peel, data_only)

    def read_claims() -> None:
        text = source.ReportText("bench", normal)
        for name in claims.claims:
            text.claims(claims, name)

    def text_rules() -> None:
        check([replace(report, text=source.ReportText("bench", normal))], peel, text_only)

    def everything() -> None:
        check([load_report(NORFOLK, lambda scheme: peel)], peel)

    def data_rules() -> None:
        check([load_report(NORFOLK, lambda scheme: peel, with_source=False)], peel, data_only)

    row("normalise the text", "÷ tomllib.loads", *side_by_side(runs, lambda: normalise(raw), parse))
    row("sections and every claim", "÷ tomllib.loads", *side_by_side(runs, read_claims, parse))
    row("check, text rules only", "÷ data-only check", *side_by_side(runs, text_rules, data_check))
    both, data, parsed, checked = side_by_side(runs, everything, data_rules, parse, data_check)
    row("load + check, every rule, text afresh", "÷ tomllib.loads", both, parsed)
    row("load + check, data rules only", "÷ tomllib.loads", data, parsed)
    cost = max(both - data, 0.0)
    row("the text rules' cost (the difference)", "÷ data-only check", cost, checked)


if __name__ == "__main__":
    main()
