"""Fuzzing the gate: mutated reports, rule files, claim patterns, texts, waivers, baselines and
command lines (bench/fuzz_cases.py), each run through `gradecheck` with a time limit.

    python bench/fuzz.py [--count 10000] [--seed 0] [--timeout 20] [--jobs 2] [--kinds K,...]
    python bench/fuzz.py --case text:17      # one case in the foreground, with its traceback

Cases run in worker processes, in-process through `checker.cli.main` (a case takes tens of
milliseconds, not the start-up of a new process); the parent gives each case its time limit
and, past it, kills the worker, counts the case as over the limit and starts another. A
traceback is an exception that escapes `main`; an internal error is exit code 3 (the
last-resort line). Both are bugs, as is a run over the limit; so is an input error that is
not one line per problem. Prints the counts, per kind and in all, and the failing cases (kind
and number: `--case` runs one again), and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fuzz_cases

ERROR_LINE = re.compile(r"^(?:.+:\d+:\d+: .+: .+|gradecheck: (?:error|internal error)\b.*)$")
RESTART_EVERY = 300  # cases per worker: caches and memory start afresh


@dataclass
class Summary:
    cases: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    """(kind, number, what went wrong)."""
    slowest: list[tuple[float, str, int]] = field(default_factory=list)

    def add(self, kind: str, number: int, result: dict[str, Any]) -> None:
        self.cases += 1
        outcome = result["outcome"]
        self.codes[outcome] += 1
        self.by_kind.setdefault(kind, Counter())[outcome] += 1
        if result.get("problem"):
            self.failures.append((kind, number, result["problem"]))
        self.slowest = sorted([*self.slowest, (result["seconds"], kind, number)])[-5:]

    def counts(self, prefix: str) -> int:
        return sum(n for outcome, n in self.codes.items() if outcome.startswith(prefix))


def run_case(case: fuzz_cases.Case, scratch: Path) -> dict[str, Any]:
    """Run one case in this process, in a folder of its own: its outcome ("exit 0" ... "exit
    3", "traceback"), what went wrong if anything did, and how long it took."""
    from checker.cli import main
    from checker.text import source

    folder = Path(tempfile.mkdtemp(prefix=f"{case.kind}-{case.number}-", dir=scratch))
    fuzz_cases.write(case, folder)
    started = time.perf_counter()
    with _isolated(folder, case.env) as (_, err):
        failure = ""
        try:
            code: Any = main(case.argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None) * 2
        except BaseException:  # what a user would see as a traceback
            code, failure = None, traceback.format_exc(limit=-3)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    source._texts.clear()  # texts are cached by path: each case's would be kept
    errors = err.getvalue()
    if code is None:
        return {"outcome": "traceback", "problem": _last(failure), "seconds": seconds}
    problem = ""
    if code == 3 or "Traceback (most recent call last)" in errors:
        problem = _last(errors) or f"exit {code}"
    elif code == 2 and not all(ERROR_LINE.match(line) for line in errors.splitlines()):
        problem = "not one line per problem: " + _last(errors)
    elif code not in (0, 1, 2):
        problem = f"exit {code}"
    return {"outcome": f"exit {code}", "problem": problem, "seconds": seconds}


def _last(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


@contextlib.contextmanager
def _isolated(folder: Path, env: dict[str, str]) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """The case's working folder and environment, with standard streams of its own (input
    empty; output and error kept, through UTF-8 as a terminal would write them)."""
    saved = (os.getcwd(), dict(os.environ), sys.stdin, sys.stdout, sys.stderr)
    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in "io"]
    captured = (io.StringIO(), io.StringIO())
    os.chdir(folder)
    os.environ.update(env)
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    sys.stdout, sys.stderr = streams
    try:
        yield captured
    finally:
        for stream, kept in zip(streams, captured, strict=True):
            with contextlib.suppress(Exception):
                stream.flush()
            raw = stream.detach()
            assert isinstance(raw, io.BytesIO)
            kept.write(raw.getvalue().decode("utf-8", "replace"))
        os.chdir(saved[0])
        os.environ.clear()
        os.environ.update(saved[1])
        sys.stdin, sys.stdout, sys.stderr = saved[2:]


def worker(seed: int, shared: Path, quick: bool) -> None:
    """Answer case requests ("kind number" lines on standard input) with one JSON line each
    on the original standard output."""
    channel = sys.stdout
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-worker-"))
    try:
        for request in sys.stdin:
            kind, number = request.split()
            case = fuzz_cases.make(kind, int(number), seed, shared, quick=quick)
            result = run_case(case, scratch)
            channel.write(json.dumps(result) + "\n")
            channel.flush()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class Worker:
    """A worker process, started again after RESTART_EVERY cases or a case over the limit."""

    def __init__(self, seed: int, shared: Path, quick: bool) -> None:
        self.command = [sys.executable, __file__, "--worker", "--seed", str(seed)]
        self.command += ["--shared", str(shared), *(["--quick"] if quick else [])]
        self.process: subprocess.Popen[str] | None = None
        self.done = 0

    def ask(self, kind: str, number: int, timeout: float) -> dict[str, Any]:
        if self.process is None or self.done >= RESTART_EVERY:
            self.stop()
            self.process = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
            self.done = 0
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.done += 1
        started = time.perf_counter()
        self.process.stdin.write(f"{kind} {number}\n")
        self.process.stdin.flush()
        line = _read_line(self.process.stdout, timeout)
        if line is None:
            self.stop(kill=True)
            seconds = time.perf_counter() - started
            return {
                "outcome": "over the limit",
                "problem": f"over {timeout:g} s",
                "seconds": seconds,
            }
        if not line:
            self.stop(kill=True)
            return {"outcome": "crash", "problem": "the worker died", "seconds": 0.0}
        result: dict[str, Any] = json.loads(line)
        return result

    def stop(self, *, kill: bool = False) -> None:
        if self.process is not None:
            if kill:
                self.process.kill()
            else:
                assert self.process.stdin is not None
                self.process.stdin.close()
            self.process.wait()
            self.process = None


def _read_line(stream: IO[str], timeout: float) -> str | None:
    """A line from `stream`, or None when none comes within `timeout` seconds."""
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else None


def fuzz(
    count: int, seed: int, timeout: float, jobs: int, kinds: list[str] | None, quick: bool
) -> Summary:
    """Run `count` cases (of `kinds`, or every kind) on `jobs` workers."""
    plan = [case for case in fuzz_cases.plan(count) if kinds is None or case[0] in kinds]
    summary, lock = Summary(), threading.Lock()
    shared = Path(tempfile.mkdtemp(prefix="fuzz-shared-"))
    fuzz_cases.share(shared)
    queue = iter(plan)

    def work() -> None:
        worker = Worker(seed, shared, quick)
        try:
            while True:
                with lock:
                    case = next(queue, None)
                if case is None:
                    return
                result = worker.ask(*case, timeout)
                with lock:
                    summary.add(*case, result)
        finally:
            worker.stop()

    threads = [threading.Thread(target=work) for _ in range(max(jobs, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shutil.rmtree(shared, ignore_errors=True)
    return summary


def report(summary: Summary, timeout: float) -> None:
    outcomes = sorted(summary.codes)
    print(f"{summary.cases:,} cases in all")
    print(f"{'kind':10s} " + " ".join(f"{o:>15s}" for o in outcomes))
    for kind, counts in sorted(summary.by_kind.items()):
        print(f"{kind:10s} " + " ".join(f"{counts[o]:15,}" for o in outcomes))
    print(f"{'all':10s} " + " ".join(f"{summary.codes[o]:15,}" for o in outcomes))
    codes = ", ".join(f"{o.removeprefix('exit ')}: {summary.codes[o]:,}" for o in outcomes)
    print(f"exit codes: {codes}")
    print(
        f"tracebacks: {summary.codes['traceback']}, internal errors (exit 3): "
        f"{summary.codes['exit 3']}, over {timeout:g} s: {summary.codes['over the limit']}, "
        f"worker crashes: {summary.codes['crash']}, failing cases: {len(summary.failures)}"
    )
    slowest = ", ".join(f"{kind}:{n} {s:.1f} s" for s, kind, n in reversed(summary.slowest))
    print(f"slowest: {slowest}")
    for kind, number, problem in summary.failures[:40]:
        print(f"  {kind}:{number}: {problem}")


def _one(name: str, seed: int, quick: bool) -> int:
    """One case in the foreground, printing its command line and what it wrote."""
    kind, _, number = name.partition(":")
    shared = Path(tempfile.mkdtemp(prefix="fuzz-shared-"))
    fuzz_cases.share(shared)
    case = fuzz_cases.make(kind, int(number), seed, shared, quick=quick)
    print("argv:", case.argv, "env:", case.env, file=sys.stderr)
    folder = Path(tempfile.mkdtemp(prefix="fuzz-case-"))
    fuzz_cases.write(case, folder)
    print("files in", folder, file=sys.stderr)
    from checker.cli import main

    os.chdir(folder)
    os.environ.update(case.env)
    return main(["--debug", *case.argv])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kinds", help="comma-separated: " + ", ".join(fuzz_cases.KINDS))
    parser.add_argument("--quick", action="store_true", help="small texts, no `rules test`")
    parser.add_argument("--case", help="run one case, KIND:NUMBER, in the foreground")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--shared", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.seed, args.shared, args.quick)
        return 0
    if args.case:
        return _one(args.case, args.seed, args.quick)
    kinds = args.kinds.split(",") if args.kinds else None
    started = time.perf_counter()
    summary = fuzz(args.count, args.seed, args.timeout, args.jobs, kinds, args.quick)
    report(summary, args.timeout)
    print(f"{time.perf_counter() - started:.0f} s")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
