"""How long `gradecheck rules verify` takes on each bundled rule set, beside `gradecheck rules
list` (loading the rule sets, and starting Python) in the same run.

Each row is the median of RUNS runs of the command as a process (seconds), and its ratio to
`rules list` measured side by side. The goal for PEEL 2018/19 is at most 2 seconds.

    python bench/verify.py [RUNS] [RULESET ...]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seconds(*arguments: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "checker", *arguments],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    names = sys.argv[2:] or sorted(p.parent.name for p in (ROOT / "rules").glob("*/scheme.toml"))
    for name in names:
        verified, listed = [], []
        for _ in range(runs):
            verified.append(seconds("rules", "verify", name))
            listed.append(seconds("rules", "list", "--scheme", name))
        work, base = statistics.median(verified), statistics.median(listed)
        print(
            f"rules verify {name:14s} {work:6.2f} s  {work / base:6.1f}x rules list ({base:.2f} s)"
        )


if __name__ == "__main__":
    main()
