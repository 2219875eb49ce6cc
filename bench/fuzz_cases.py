"""The cases bench/fuzz.py runs: reports, rule files, claim patterns, texts, waivers, baselines
and command lines, each mutated from the bundled inputs by a seeded random generator.

A case is made again from its kind, number and seed (`make`), in the worker that runs it: the
files it writes into its own folder, the command line, and the environment. Shared inputs
(the frozen rule set of tests/data, the bundled rules, the Norfolk report and text) are read
once per process (`Materials`). See bench/fuzz_mutate.py for the mutations themselves.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_inputs as inputs
import fuzz_mutate as mutate

from checker.authoring.tomlwrite import dumps

ROOT = Path(__file__).resolve().parent.parent
KINDS = {  # kind -> share of the cases
    "report": 36,
    "rules": 18,
    "claims": 13,
    "text": 8,
    "waivers": 7,
    "baseline": 7,
    "command": 11,
}
TODAY = "2026-01-15"


@dataclass
class Case:
    kind: str
    number: int
    argv: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    """Relative path -> content, written into the case's folder."""
    env: dict[str, str] = field(default_factory=dict)
    fifos: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    """Relative path -> what the symbolic link points to."""


@dataclass(frozen=True)
class Materials:
    base_report: str
    norfolk: str
    norfolk_text: str
    small_rules: dict[str, str]
    """tests/data/rules/peel-2018-19: file name -> text (no claims: quick to load)."""
    claims: str
    """rules/peel-2018-19/claims.toml."""
    sentences: list[str]
    """The real sentences of tests/data/phrasings (corpus forces' pages)."""


@cache
def materials() -> Materials:
    small = ROOT / "tests" / "data" / "rules" / "peel-2018-19"
    phrasings = ROOT / "tests" / "data" / "phrasings" / "peel-2018-19.toml"
    return Materials(
        base_report=(ROOT / "tests" / "data" / "base.toml").read_text(encoding="utf-8"),
        norfolk=(ROOT / "reports" / "peel-2018-19" / "norfolk.toml").read_text(encoding="utf-8"),
        norfolk_text=(ROOT / "reports" / "peel-2018-19" / "norfolk.txt").read_text("utf-8"),
        small_rules={p.name: p.read_text(encoding="utf-8") for p in sorted(small.glob("*.toml"))},
        claims=(ROOT / "rules" / "peel-2018-19" / "claims.toml").read_text(encoding="utf-8"),
        sentences=[s["text"] for s in tomllib.loads(phrasings.read_text("utf-8"))["sentence"]],
    )


def plan(count: int) -> list[tuple[str, int]]:
    """`count` cases: (kind, number), the kinds in their shares, interleaved."""
    total = sum(KINDS.values())
    cases: list[tuple[str, int]] = []
    for kind, share in KINDS.items():
        cases += [(kind, n) for n in range(count * share // total)]
    kinds = list(KINDS)
    while len(cases) < count:
        kind = kinds[len(cases) % len(kinds)]
        cases.append((kind, sum(1 for k, _ in cases if k == kind)))
    return sorted(cases, key=lambda case: (case[1], kinds.index(case[0])))


def make(kind: str, number: int, seed: int, shared: Path, *, quick: bool = False) -> Case:
    """Case `number` of `kind`; `shared` holds the shared rule folders (see `share`); `quick`
    keeps texts small and leaves out `rules test`."""
    rnd = random.Random(f"{seed}:{kind}:{number}")
    case = {
        "report": _report_case,
        "rules": _rules_case,
        "claims": _claims_case,
        "text": _text_case,
        "waivers": _waivers_case,
        "baseline": _baseline_case,
        "command": _command_case,
    }[kind](rnd, shared, quick)
    case.kind, case.number = kind, number
    if rnd.random() < 0.05:
        case.env.update(inputs.environment(rnd))
    return case


def share(folder: Path) -> None:
    """The shared rule folders cases refer to: `small` (tests/data/rules) and `full` (rules)."""
    for name, source in (("small", ROOT / "tests" / "data" / "rules"), ("full", ROOT / "rules")):
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = folder / name / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())


def _toml(data: dict[str, Any], rnd: random.Random, mangle: float = 0.3) -> bytes:
    """Mutated data as TOML: written by the project's writer, then perhaps (`mangle`: how
    likely) mangled as text."""
    try:
        text = dumps(data)
    except (TypeError, ValueError, RecursionError):
        text = "x = 1\n"
    return mutate.toml_text(rnd, text) if rnd.random() < mangle else text.encode("utf-8")


def _report_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    source = materials().norfolk if rnd.random() < 0.2 else materials().base_report
    if rnd.random() < 0.2:
        content = mutate.toml_text(rnd, source)
    else:
        data = tomllib.loads(source)
        data.pop("source", None)
        shape_kept = rnd.random() < 0.6  # the checks tried, more than the format
        for _ in range(rnd.randint(1, 4)):
            if shape_kept:
                mutate.semantic(rnd, data)
            else:
                mutate.data(rnd, data, mutate.REPORT_WORDS)
        content = _toml(data, rnd, 0 if shape_kept else 0.2)
    files = {"reports/peel-2018-19/example.toml": content}
    if rnd.random() < 0.2:  # another report beside it, for the cross-report rules
        earlier = tomllib.loads(materials().base_report)
        earlier.update(scheme=rnd.choice(["peel-2017", "peel-2018-19"]), partial=True)
        mutate.semantic(rnd, earlier)
        files["reports/peel-2017/example.toml"] = _toml(earlier, rnd, 0)
    if rnd.random() < 0.1:
        files["reports/peel-2018-19/text.txt"] = inputs.text(rnd, 2_000)
    rules = str(shared / ("full" if rnd.random() < 0.15 else "small"))
    argv = ["check", "reports", "--rules", rules, *inputs.check_options(rnd, 0.03)]
    return Case("report", 0, argv, files)


def _rules_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    rules = dict(materials().small_rules)
    name = rnd.choice(sorted(rules))
    if rnd.random() < 0.2:
        rules[name] = mutate.toml_text(rnd, rules[name]).decode("utf-8", "replace")
    else:
        data = tomllib.loads(rules[name])
        well_formed = rnd.random() < 0.5
        for _ in range(rnd.randint(1, 4)):
            (mutate.rule_semantic if well_formed else mutate.rule_data)(rnd, data)
        rules[name] = _toml(data, rnd).decode("utf-8", "replace")
    if rnd.random() < 0.1:
        rules["extends.toml"] = mutate.extends(rnd)
    files = {f"rules/peel-2018-19/{n}": t.encode("utf-8") for n, t in rules.items()}
    files["reports/peel-2018-19/example.toml"] = materials().base_report.encode("utf-8")
    command = rnd.choice(["check", "check", "check", "list", "explain", "schema"])
    argv = {
        "check": ["check", "reports", *inputs.check_options(rnd, 0.05)],
        "list": ["rules", "list"],
        "explain": ["rules", "explain", rnd.choice(["PEEL101", "PEEL208", "x", "rollup"])],
        "schema": ["schema", "--scheme", "peel-2018-19"],
    }[command]
    return Case("rules", 0, argv, files)


def _claims_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    data = tomllib.loads(materials().claims)
    for _ in range(rnd.randint(1, 3)):
        mutate.claims_data(rnd, data)
    files = {
        f"rules/{path.relative_to(shared / 'full').as_posix()}": path.read_bytes()
        for path in sorted((shared / "full").rglob("*.toml"))
    }
    files["rules/peel-2018-19/claims.toml"] = _toml(data, rnd)
    text = materials().norfolk_text
    if rnd.random() < 0.3:
        text = inputs.text(rnd, 20_000 if quick else 200_000).decode("utf-8", "replace")
    files["reports/peel-2018-19/norfolk.toml"] = materials().norfolk.encode("utf-8")
    files["reports/peel-2018-19/norfolk.txt"] = text.encode("utf-8")
    if rnd.random() < 0.25:
        argv = ["draft", "reports/peel-2018-19/norfolk.txt", "--scheme", "peel-2018-19"]
    else:
        argv = ["check", "reports/peel-2018-19/norfolk.toml"]
    return Case("claims", 0, argv, files)


def _text_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    big = rnd.random() < 0.03 and not quick
    limit = 20_000 if quick else 1_000_000
    text = inputs.text(rnd, rnd.choice([4_000_000, 10_000_000]) if big else limit)
    files = {
        "reports/peel-2018-19/norfolk.toml": materials().norfolk.encode("utf-8"),
        "reports/peel-2018-19/norfolk.txt": text,
    }
    report, text_file = "reports/peel-2018-19/norfolk.toml", "reports/peel-2018-19/norfolk.txt"
    argv = rnd.choice(
        [
            ["check", report],
            ["check", report, "--text", text_file],
            ["draft", text_file, "--scheme", "peel-2018-19"],
            ["draft", text_file, "--partial", "--scheme", "peel-2018-19"],
        ]
    )
    return Case("text", 0, [*argv, "--rules", str(shared / "full")], files)


def _waivers_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    files = {"reports/peel-2018-19/example.toml": materials().base_report.encode("utf-8")}
    files["waivers.toml"] = inputs.waivers(rnd)
    argv = ["check", "reports", "--rules", str(shared / "small"), "--waivers", "waivers.toml"]
    if rnd.random() < 0.1:
        argv[-1] = rnd.choice(["reports", "missing.toml", "/dev/null", ".", "waivers.toml/x"])
    return Case("waivers", 0, [*argv, "--today", TODAY], files)


def _baseline_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    files = {"reports/peel-2018-19/example.toml": materials().base_report.encode("utf-8")}
    files["baseline.json"] = inputs.baseline(rnd)
    rules = ["--rules", str(shared / "small")]
    argv = ["check", "reports", *rules, "--baseline", "baseline.json"]
    if rnd.random() < 0.15:
        argv += ["--write-baseline", rnd.choice(["new.json", "baseline.json", "reports", "a/b"])]
    return Case("baseline", 0, [*argv, *inputs.check_options(rnd, 0.05)], files)


def _command_case(rnd: random.Random, shared: Path, quick: bool) -> Case:
    files = {
        "reports/peel-2018-19/example.toml": materials().base_report.encode("utf-8"),
        "reports/peel-2018-19/text.txt": materials().norfolk_text[:5_000].encode("utf-8"),
        "folder/.keep": b"",
    }
    case = Case("command", 0, inputs.command_line(rnd, str(shared / "small"), quick), files)
    if rnd.random() < 0.2:
        case.fifos.append("pipe.toml")
    if rnd.random() < 0.2:
        case.links.update({"loop.toml": "loop.toml", "link.toml": "reports"})
    if rnd.random() < 0.05:
        case.env["GRADECHECK_TODAY"] = rnd.choice(["2026-13-01", "x", TODAY])
    return case


def write(case: Case, folder: Path) -> None:
    """The case's files, named pipes and links in `folder`."""
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for name in case.fifos:
        if hasattr(os, "mkfifo"):
            os.mkfifo(folder / name)
    for name, target in case.links.items():
        (folder / name).symlink_to(target)
