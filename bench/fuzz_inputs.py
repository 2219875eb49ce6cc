"""Inputs for bench/fuzz.py besides TOML: report texts, waivers, baselines, environments and
command lines, each from a seeded random.Random (see bench/fuzz_mutate.py for TOML)."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

from fuzz_mutate import JUNK, REPORT_WORDS, data, toml_text

TEXT_KINDS = [
    "norfolk", "prose", "line", "concerned", "needs", "capitals", "bytes", "headings", "table",
    "bullets", "frames", "blank", "word", "unicode", "phrases", "phrases",
]  # fmt: skip
HEADINGS = [
    "Investigating crime", "Effectiveness", "HM Inspector's observations", "Armed response",
    "Treating the public fairly", "Efficiency", "Legitimacy", "Planning for the future",
]  # fmt: skip
SENTENCES = [  # what the bundled patterns read, besides the real sentences of the corpus pages
    "Good", "Requires improvement", "Inspected in 2018/19?", "Investigating crime Yes",
    "Armed response No", "Our 2017 judgments are still in place for the areas we didn't inspect.",
    "We have carried this judgment over from our last inspection in 2017.",
    "This question was not subject to inspection in 2018/19, and our judgment from the 2017 "
    "efficiency inspection has been carried over.",
    "We are satisfied that the force has suitably addressed this area for improvement.",
    "The force has not made enough progress.", "It has done this.",
    "In our 2017 effectiveness report, we recommended that the force improve its records.",
    "The 2017 legitimacy inspection gave the force an area for improvement.",
    "I am concerned that the force does not record crime.", "•\nThe force should record crime.",
    "But it needs to improve its planning.", "We found that the force has complied with some of "
    "this recommendation.", "I congratulate Kent Police.", "Force X is good.", "[force name]",
    "XX% of crimes", "In 2016, we judged the force to be good at investigating crime.",
]  # fmt: skip


def _phrases(rnd: random.Random, size: int, real: list[str]) -> str:
    """Sentences that state claims, under headings, in paragraphs and lines as they come."""
    parts: list[str] = []
    length = 0
    while length < size:
        choice = rnd.random()
        piece = rnd.choice(HEADINGS if choice < 0.15 else SENTENCES if choice < 0.5 else real)
        parts.append(piece + rnd.choice(["\n", " ", "\n\n", "\n\f"]))
        length += len(parts[-1])
    return "".join(parts)


def text(rnd: random.Random, limit: int) -> bytes:
    """A report text of one of TEXT_KINDS, up to `limit` bytes or so."""
    from fuzz_cases import materials

    norfolk = materials().norfolk_text
    size = min(limit, rnd.choice([0, 100, 10_000, 100_000, 400_000, limit]))
    kind = rnd.choice(TEXT_KINDS)
    if kind == "bytes":
        return rnd.randbytes(size)
    if kind == "phrases":
        return _phrases(rnd, size, materials().sentences)[:size].encode("utf-8")
    pieces = {
        "norfolk": norfolk,
        "prose": norfolk,
        "line": " ".join(norfolk.split()) + " ",
        "concerned": "I am concerned that the force is good at investigating crime and ",
        "needs": "But it needs to improve the way it investigates crime, and ",
        "capitals": "Kent Police And The Force Is Good At Investigating Crime Police ",
        "headings": "Investigating crime\nGood\nHM Inspector's observations\nEfficiency\n",
        "table": "Inspected in 2018/19?\nInvestigating crime Yes\nArmed response No\n",
        "bullets": "•\nThe force should improve how it investigates crime and ",
        "frames": "It is good at investigating crime, and good at preventing crime; ",
        "blank": rnd.choice([" ", "\n", "\f", "\r\n", "\t"]),
        "word": "a",
        "unicode": "e\u0301\u202e\ufeff\u2028\x00\x1b💥 ",
    }
    piece = pieces[kind]
    head = "HM Inspector's observations\n" if kind in ("concerned", "needs") else ""
    body = head + piece * (size // max(len(piece), 1) + 1)
    if kind == "norfolk" and body:
        at = rnd.randrange(len(body))
        body = body[:at] + rnd.choice(["\n\n\n", "•", "\f", "-\n", "."]) * 50 + body[at:]
    return body[: max(size, 0)].encode("utf-8", "surrogatepass")


WAIVED_REPORTS = [
    "reports/peel-2018-19/example.toml", "missing.toml", "reports", "../x", "a" * 300, "\x00",
    "reports/peel-2018-19/../peel-2018-19/example.toml",
]  # fmt: skip
WAIVED_RULES = ["PEEL208", "inspected-without-last-inspected", "peel208", "PEEL999", "", "GC001"]


def waivers(rnd: random.Random) -> bytes:
    entries = []
    for _ in range(rnd.randint(0, 4)):
        entry = {
            "report": rnd.choice(WAIVED_REPORTS),
            "rule": rnd.choice(WAIVED_RULES),
            "path": rnd.choice(["/questions/armed_response/last_inspected", "", "/", "x"]),
            "reason": rnd.choice(["known", "", "x\ny"]),
            "owner": rnd.choice(["someone", ""]),
            "expires": rnd.choice(
                [datetime.date(2030, 1, 1), datetime.date(2020, 1, 1), "2030-01-01", 5]
            ),
        }
        if rnd.random() < 0.3:
            data(rnd, entry, REPORT_WORDS)
        entries.append(entry)
    from checker.authoring.tomlwrite import dumps

    try:
        text = dumps({"waiver": entries})
    except (TypeError, ValueError):
        text = "[[waiver]]\n"
    return toml_text(rnd, text) if rnd.random() < 0.3 else text.encode("utf-8")


def baseline(rnd: random.Random) -> bytes:
    if rnd.random() < 0.2:
        return rnd.choice(
            [b"[" * 100_000, b"1" * 5_000, b"{", b"null", b"", b"\xff", b'{"version": 1e999}',
             b'{"version": 1, "findings": ' + b"[" * 200 + b"]" * 200 + b"}"]
        )  # fmt: skip
    finding = {
        "file": "reports/peel-2018-19/example.toml",
        "rule_id": "PEEL208",
        "path": "/questions/armed_response/last_inspected",
        "rule_name": "inspected-without-last-inspected",
        "message": "m",
        "fingerprint": "6072bcff87f0d1a1",
    }
    document: dict[str, Any] = {"version": 1, "tool": {"name": "gradecheck"}, "findings": []}
    document["findings"] = [dict(finding) for _ in range(rnd.randint(0, 3))]
    for _ in range(rnd.randint(0, 3)):
        data(rnd, document, ["version", "findings", "file", "rule_id", *REPORT_WORDS])
    raw = json.dumps(document, default=str, ensure_ascii=rnd.random() < 0.5).encode()
    return toml_text(rnd, raw.decode()) if rnd.random() < 0.2 else raw


def environment(rnd: random.Random) -> dict[str, str]:
    variable = rnd.choice(
        ["GRADECHECK_MAX_FILE_SIZE", "GRADECHECK_MAX_TEXT_SIZE", "GRADECHECK_MAX_DEPTH",
         "GRADECHECK_MAX_ARRAY", "GRADECHECK_MAX_STRING", "GRADECHECK_TODAY", "NO_COLOR",
         "FORCE_COLOR", "CI"]
    )  # fmt: skip
    return {variable: rnd.choice(["0", "-1", "x", "1", "10", "1K", "16M", "9" * 30, " 5 ", ""])}


FORMATS = ["text", "json", "sarif", "junit", "github", "xml", ""]
OUTPUTS = [
    "out.txt", "reports", "folder", "missing/out.txt", "reports/peel-2018-19/example.toml",
    "/dev/null", "pipe.toml", "link.toml", "folder/", "", "a" * 300, "out\x00.txt",
]  # fmt: skip


def check_options(rnd: random.Random, chance: float) -> list[str]:
    options: list[str] = []
    for option, values in (
        ("--format", FORMATS),
        ("--select", ["PEEL101", "peel101", "PEEL999", "PEEL", ",", "", "rollup", "GC001"]),
        ("--ignore", ["PEEL", "PEEL2", "x", "", "PEEL101,PEEL102"]),
        ("--fail-on", ["error", "warning", "info", "none"]),
        ("--output", OUTPUTS),
        ("--text", ["reports/peel-2018-19/text.txt", "missing.txt", "reports", "/dev/zero"]),
        ("--changed-since", ["HEAD", "nope", "", "--x"]),
        ("--today", ["2026-01-15", "x", "2026-02-30"]),
    ):
        if rnd.random() < chance:
            options += [option, rnd.choice(values)]
    for flag in ("--statistics", "--show-unknown", "--debug"):
        if rnd.random() < chance / 3:
            options.append(flag)
    return options


PATHS = [
    "reports", "reports/peel-2018-19/example.toml", "missing.toml", "folder", ".", "/dev/null",
    "/dev/zero", "pipe.toml", "loop.toml", "link.toml", "-", "",
]  # fmt: skip
TEXTS = ["reports/peel-2018-19/text.txt", "missing.txt", "folder", "pipe.toml"]
URLS = ["text.txt=https://x", "=", "x", "reports/peel-2018-19/text.txt=u"]


def command_line(rnd: random.Random, rules: str, quick: bool = False) -> list[str]:
    """A command line of known commands and options with odd values, or of odd words."""
    choice = rnd.randrange(8)
    if choice == 0:
        return [rnd.choice([*PATHS, *JUNK, "--help", "--version", "check"]) for _ in range(3)]
    if choice == 1:
        return ["rules", rnd.choice(["list", "explain", "x", ""]), rnd.choice([*JUNK, "PEEL101"])]
    if choice == 2:
        scheme = rnd.choice(["peel-2018-19", "nope", "", "../x"])
        return ["schema", "--scheme", scheme, "--rules", rnd.choice([rules, "folder", "x"])]
    if choice == 3:
        draft = ["draft", rnd.choice(TEXTS), "--scheme", rnd.choice(["peel-2018-19", "x"])]
        output = rnd.choice([[], ["--output", rnd.choice(OUTPUTS)]])
        return [*draft, "--url", rnd.choice(URLS), "--rules", rules, *output]
    if choice == 4 and rnd.random() < 0.1 and not quick:  # slow: property checks: a few
        counts = ["--reports", rnd.choice(["1", "0", "x"]), "--mutants", rnd.choice(["1", "-1"])]
        return ["rules", "test", "peel-2018-19", "--rules", rules, *counts]
    chosen = [rnd.choice(PATHS) for _ in range(rnd.randint(0, 3))]
    folder = rnd.choice([rules, "folder", "missing", "."])
    return ["check", *chosen, "--rules", folder, *check_options(rnd, 0.4)]
