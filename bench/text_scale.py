"""How checking a report text grows with its size: linear, whatever the text holds.

For each kind of text (the Norfolk report repeated; the same prose on one line; a text whose
sentences never end after "I am concerned that" or "needs to improve", in HM Inspector's
observations; capitalised words on one line) at 100 KB, 1 MB and 10 MB, times checking Norfolk
2018/19 against it: the text normalised and split into sections, every claim of the claims
file read (patterns, tables, frames, the sentences left unread) and every rule run. Twice:
with the bundled claims file, and with patterns written by a rule author added to it
(AUTHOR_PATTERNS). `draft` rows time `gradecheck draft` on the text.

Prints the seconds at each size and the ratio of the time per byte at each size to that at
the smallest, measured in this run: linear is a ratio near 1 (below 1 when fixed costs weigh
at the smallest size); super-linear would be about 10 at 1 MB and 100 at 10 MB.

    python bench/text_scale.py [--sizes 100000,1000000,10000000] [--repeat 2] [--kinds K,...]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from checker.authoring.draft import draft
from checker.engine.check import check
from checker.inputs.report import LoadedReport, load_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.text import source
from checker.text.source import ReportText, text_from_string

ROOT = Path(__file__).resolve().parent.parent
NORFOLK = ROOT / "reports" / "peel-2018-19" / "norfolk.toml"
AUTHOR_PATTERNS = r"""
# Patterns as a rule author might add them (bench/text_scale.py).
[claims.author-grade]
fields = ["question", "grade"]

[claims.author-concern]
fields = ["concern"]
passages = ["concern"]

[claims.author-inspection]
fields = ["year", "pillar"]

[claims.author-force]
fields = ["force_name"]

[[pattern]]
claim = "author-grade"
regex = '(?P<grade>{grade}) (?:at|in) (?P<question>{question})'

[[pattern]]
claim = "author-grade"
regex = '\b(?P<question>{question}) (?:is|was|remains) (?P<grade>{grade})\b'

[[pattern]]
claim = "author-grade"
regex = '^(?P<question>{question}):? (?P<grade>{grade})$'

[[pattern]]
claim = "author-concern"
regex = '(?:We|I) (?:are|am) (?:still |also )?concerned (?:that|about) (?P<concern>[^.\n]+)\.'

[[pattern]]
claim = "author-concern"
regex = '(?:must|should) (?:urgently )?improve (?P<concern>[^.\n]{10,300})'

[[pattern]]
claim = "author-inspection"
regex = '(?<![\w/])(?P<year>20\d\d)(?:/\d\d)? (?P<pillar>{pillar}) (?:inspection|report)'

[[pattern]]
claim = "author-force"
regex = '\b(?P<force_name>[A-Z][a-z]+ (?:Police|Constabulary))\b'

[[pattern]]
claim = "author-force"
regex = '(?:congratulate|thank) (?P<force_name>{force})'
"""


def kinds(norfolk: str) -> dict[str, Callable[[int], str]]:
    """Each kind of text, made to a size in characters."""
    words = norfolk.split()
    capitalised = [w.capitalize() for w in words if w.isalpha()]
    rnd = random.Random(0)
    pool = " ".join(rnd.choice(capitalised) for _ in range(50_000)) + " "
    hmi = "HM Inspector's observations\n"

    def repeat(piece: str, head: str = "") -> Callable[[int], str]:
        return lambda size: (head + piece * (size // len(piece) + 1))[:size]

    return {
        "prose": repeat(norfolk + "\n"),
        "prose on one line": repeat(" ".join(words) + " "),
        "no full stop after concerned": repeat(
            "I am concerned that the force is good at investigating crime and ", hmi
        ),
        "no full stop after needs to improve": repeat(
            "But it needs to improve the way it investigates crime and meets demand, ", hmi
        ),
        "capitalised words": repeat(pool),
    }


def read_everything(rule_set: RuleSet, report: LoadedReport, raw: str) -> None:
    """Check the report against the text, read afresh, and read every claim from it."""
    source._texts.clear()
    text = text_from_string(raw, "bench")
    claims = rule_set.claims
    assert claims is not None
    for name in claims.claims:
        text.claims(claims, name)
    text.unread(claims)
    check([replace(report, text=text)], rule_set)
    source._texts.clear()


def draft_of(rule_set: RuleSet, raw: str) -> None:
    source._texts.clear()
    draft(ReportText("bench", text_from_string(raw, "bench").normal), rule_set)
    source._texts.clear()


def timed(action: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def author_rules(folder: Path) -> RuleSet:
    """The bundled rules with AUTHOR_PATTERNS added to the 2018/19 claims file."""
    shutil.copytree(ROOT / "rules", folder / "rules")
    claims = folder / "rules" / "peel-2018-19" / "claims.toml"
    text = claims.read_text(encoding="utf-8")
    first_claim = text.index("[claims.")  # claims are declared before the patterns
    claims.write_text(text[:first_claim] + AUTHOR_PATTERNS + "\n" + text[first_claim:], "utf-8")
    return load_rule_set(folder / "rules" / "peel-2018-19")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--kinds", help="comma-separated kinds of text (default: all)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    norfolk = NORFOLK.with_name("norfolk.txt").read_text(encoding="utf-8")
    made = kinds(norfolk)
    chosen = args.kinds.split(",") if args.kinds else list(made)
    with tempfile.TemporaryDirectory() as folder:
        sets = {
            "bundled": load_rule_set(ROOT / "rules" / "peel-2018-19"),
            "author": author_rules(Path(folder)),
        }
        header = " ".join(f"{size / 1e6:>8g} MB" for size in sizes)
        ratios = " ".join(f"{size / 1e6:>6g} MB" for size in sizes[1:])
        print(f"{'text':36s} {'patterns':8s} {header}   per-byte ratio at {ratios}")
        for kind in chosen:
            for name, rule_set in sets.items():
                report = load_report(NORFOLK, lambda scheme, r=rule_set: r, with_source=False)
                row(kind, name, sizes, args.repeat, made[kind], rule_set, report)
            if kind in ("capitalised words", "prose"):
                row(kind, "draft", sizes, args.repeat, made[kind], sets["bundled"], None)


def row(
    kind: str,
    name: str,
    sizes: list[int],
    repeat: int,
    make: Callable[[int], str],
    rule_set: RuleSet,
    report: LoadedReport | None,
) -> None:
    seconds = []
    for size in sizes:
        action = (
            partial(draft_of, rule_set)
            if report is None
            else partial(read_everything, rule_set, report)
        )
        seconds.append(timed(partial(action, make(size)), repeat if size <= 1_000_000 else 1))
    base = seconds[0] / sizes[0]
    shown = " ".join(f"{s:9.2f} s" for s in seconds)
    pairs = zip(seconds[1:], sizes[1:], strict=True)
    ratio = " ".join(f"{(s / size) / base:9.2f}" for s, size in pairs)
    print(f"{kind:36s} {name:8s} {shown}   {ratio}", flush=True)


if __name__ == "__main__":
    main()
