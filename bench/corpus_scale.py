"""How checking scales with the size of the corpus: 100, 1,000 and 10,000 reports.

Generates corpora of several years per force (PEEL 2016, 2017 and 2018/19: Norfolk's
encodings under other force names, every tenth force with a carried-over grade that differs
from its 2017 report) in a temporary folder, checks each in a fresh process and prints, per
size: the total time of `check_paths` (rule sets loaded, reports read and validated, corpus
built, rules run, findings sorted), the time of the per-report part alone (rule sets loaded
beforehand), the per-report cost, the peak memory (resident set, and Python allocations by
tracemalloc in a separate run when `--tracemalloc`), and the ratio of the per-report cost at
the largest size to that at the smallest, measured in the same run. Linear is a ratio near 1.

    python bench/corpus_scale.py [--sizes 100,1000,10000] [--repeat 3] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SOURCES = {
    "peel-2016": ROOT / "reports" / "peel-2016" / "norfolk.toml",
    "peel-2017": ROOT / "reports" / "peel-2017" / "norfolk.toml",
    "peel-2018-19": ROOT / "reports" / "peel-2018-19" / "norfolk.toml",
}
SCHEMES = tuple(SOURCES)


def generate(folder: Path, size: int) -> None:
    """`size` reports: report k is scheme k % 3 of force k // 3."""
    texts = {}
    for scheme, path in SOURCES.items():
        text = path.read_text(encoding="utf-8")
        # The 2018/19 text claims need the report's text file: left out, as the bench
        # measures the corpus, not text extraction.
        texts[scheme] = "\n".join(
            line for line in text.splitlines() if not line.startswith("source = ")
        )
        (folder / scheme).mkdir(parents=True, exist_ok=True)
    for k in range(size):
        scheme, number = SCHEMES[k % 3], k // 3
        force = f"force-{number:05d}"
        text = texts[scheme].replace('force = "norfolk"', f'force = "{force}"', 1)
        if scheme == "peel-2017" and number % 10 == 0:
            text = text.replace(
                '[questions.understanding_demand]\ngrade = "Outstanding"',
                '[questions.understanding_demand]\ngrade = "Good"',
                1,
            )
        (folder / scheme / f"{force}.toml").write_text(text, encoding="utf-8")


def measure_total(folder: Path) -> dict[str, float]:
    """Run in a fresh process: the whole of check_paths, as `gradecheck check` runs it."""
    from checker.run import check_paths

    start = time.perf_counter()
    findings, summary = check_paths([folder], RULES)
    total = time.perf_counter() - start
    return {
        "reports": len(summary.reports),
        "findings": len(findings),
        "total_s": total,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def measure(folder: Path, with_tracemalloc: bool) -> dict[str, float]:
    """Run in a fresh process: the per-report part alone (rule sets loaded beforehand)."""
    from checker.engine.check import check
    from checker.engine.corpus import Corpus, loading
    from checker.run import RuleSets, load_reports

    rule_sets = RuleSets(RULES)
    rule_sets.all()  # loaded before the clock starts: a fixed cost, not a per-report one
    if with_tracemalloc:
        tracemalloc.start()
    start = time.perf_counter()
    with loading():
        reports = load_reports([folder], rule_sets)
    corpus = Corpus.of(reports)
    count = 0
    for scheme in sorted({r.scheme_id for r in reports}):
        rule_set = rule_sets(scheme)
        assert rule_set is not None
        group = [r for r in reports if r.scheme_id == scheme]
        count += len(check(group, rule_set, corpus=corpus))
    per_report_part = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] if with_tracemalloc else 0
    return {"part_s": per_report_part, "part_findings": count, "traced_peak_kib": traced / 1024}


def child(size: int, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(size), "--mode", mode],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="part", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        with tempfile.TemporaryDirectory(prefix="gradecheck-bench-") as tmp:
            generate(Path(tmp), args.child)
            if args.mode == "total":
                print(json.dumps(measure_total(Path(tmp))))
            else:
                print(json.dumps(measure(Path(tmp), args.mode == "traced")))
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = {}
    for size in sizes:  # each measurement in a fresh process; the fastest of `repeat` counts
        repeat = range(max(1, args.repeat))
        best = min((child(size, "total") for _ in repeat), key=lambda run: run["total_s"])
        part = min((child(size, "part") for _ in repeat), key=lambda run: run["part_s"])
        assert part["part_findings"] == best["findings"], (part, best)
        best.update(part_s=part["part_s"], traced_peak_kib=0.0)
        if args.tracemalloc:
            best["traced_peak_kib"] = child(size, "traced")["traced_peak_kib"]
        rows[size] = best
    print(
        f"{'reports':>8} {'findings':>9} {'total s':>9} {'per report ms':>14} "
        f"{'part s':>8} {'part/report ms':>15} {'peak RSS MiB':>13}"
        + (f" {'traced MiB':>11}" if args.tracemalloc else "")
    )
    for size, row in rows.items():
        print(
            f"{row['reports']:>8} {row['findings']:>9} {row['total_s']:>9.2f} "
            f"{1000 * row['total_s'] / size:>14.3f} {row['part_s']:>8.2f} "
            f"{1000 * row['part_s'] / size:>15.3f} {row['peak_rss_kib'] / 1024:>13.1f}"
            + (f" {row['traced_peak_kib'] / 1024:>11.1f}" if args.tracemalloc else "")
        )
    small, large = rows[sizes[0]], rows[sizes[-1]]
    ratio_part = (large["part_s"] / sizes[-1]) / (small["part_s"] / sizes[0])
    ratio_total = (large["total_s"] / sizes[-1]) / (small["total_s"] / sizes[0])
    print(
        f"per-report cost at {sizes[-1]:,} / at {sizes[0]:,}: {ratio_part:.2f} "
        f"(per-report part), {ratio_total:.2f} (whole run, fixed costs included)"
    )


if __name__ == "__main__":
    main()
