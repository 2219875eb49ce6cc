"""Layout noise gives nothing: the Norfolk 2018/19 text laid out another way (lines wrapped at
any width, running heads and page numbers, headings hyphenated or run into the next line,
straight or curly quotes, CRLF) gets exactly the findings of the text as published.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine.check import Selection, check
from checker.inputs.report import load_report, with_text
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.text.normalise import normalise
from checker.text.sections import heading_key
from tests.conftest import NORFOLK, RULES

RAW = NORFOLK.with_name("norfolk.txt").read_text(encoding="utf-8")
RUNNING_HEAD = "PEEL: Police effectiveness, efficiency and legitimacy 2018/19 - Norfolk"


@dataclass(frozen=True)
class Layout:
    width: int | None
    """Lines wrapped at this width (from the text's paragraphs); None: as extracted."""
    blank_lines: bool
    """A blank line between paragraphs (when rewrapped)."""
    run_in: float
    """The share of headings run into the line after them."""
    hyphenated: float
    """The share of headings broken across two lines inside a word, with a hyphen."""
    page_lines: int | None
    """A page number and a running head every so many lines."""
    quotes: str
    crlf: bool
    seed: int


LAYOUTS = st.builds(
    Layout,
    width=st.none() | st.integers(40, 140),
    blank_lines=st.booleans(),
    run_in=st.sampled_from([0.0, 0.5, 1.0]),
    hyphenated=st.sampled_from([0.0, 0.5, 1.0]),
    page_lines=st.none() | st.integers(12, 60),
    quotes=st.sampled_from(["as is", "straight", "curly"]),
    crlf=st.booleans(),
    seed=st.integers(0, 2**16),
)


def headings(peel: RuleSet) -> set[str]:
    assert peel.claims is not None
    return set(peel.claims.section_names)


def laid_out(raw: str, layout: Layout, names: set[str]) -> str:
    """The text with the layout's noise."""
    rng = random.Random(layout.seed)
    if layout.width is None:
        lines = raw.split("\n")
    else:  # the paragraphs (and headings) of the normalised text, wrapped again
        lines = []
        for paragraph in normalise(raw).text.split("\n"):
            lines += textwrap.wrap(paragraph, layout.width, break_on_hyphens=False) or [""]
            if layout.blank_lines:
                lines.append("")
    lines = _noisy_headings(lines, layout, names, rng)
    if layout.page_lines:
        paged = []
        for number, line in enumerate(lines):
            if number and number % layout.page_lines == 0:
                paged += ["", str(number // layout.page_lines), "", RUNNING_HEAD, ""]
            paged.append(line)
        lines = paged
    text = "\n".join(lines)
    if layout.quotes == "straight":
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    elif layout.quotes == "curly":
        text = text.replace("'", "\u2019")
    return text.replace("\n", "\r\n") if layout.crlf else text


def _noisy_headings(
    lines: list[str], layout: Layout, names: set[str], rng: random.Random
) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if heading_key(line) in names:
            following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
            if following is not None and rng.random() < layout.run_in:
                out.append(f"{line.rstrip()} {lines[following].strip()}")
                index = following + 1
                continue
            if rng.random() < layout.hyphenated:
                out += _hyphenated(line)
                index += 1
                continue
        out.append(line)
        index += 1
    return out


def _hyphenated(line: str) -> list[str]:
    """The heading broken inside a word near its middle: "Investiga-" / "ting crime"."""
    for cut in range(len(line) // 2, len(line) - 2):
        if line[cut - 1 : cut + 2].isalpha() and line[cut - 1].islower():
            return [line[:cut] + "-", line[cut:]]
    return [line]


PEEL = load_rule_set(RULES / "peel-2018-19")
TEXT_RULES = Selection(
    tuple(loaded.rule.id for loaded in PEEL.rules if "text" in loaded.rule.needs)
)
REPORT = load_report(NORFOLK, lambda scheme: PEEL)


def findings(raw: str) -> set[tuple[str, str, int]]:
    found = check([with_text(REPORT, raw)], PEEL, TEXT_RULES)
    return {(f.rule_id, f.path, int(f.severity)) for f in found}


PUBLISHED = findings(RAW)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LAYOUTS)
def test_layout_noise_changes_no_finding(layout: Layout) -> None:
    assert findings(laid_out(RAW, layout, headings(PEEL))) == PUBLISHED


def test_the_noise_is_there() -> None:
    """The layouts do change the text: headings run in and hyphenated, pages, CRLF."""
    layout = Layout(60, False, 1.0, 0.0, 30, "curly", True, 0)
    text = laid_out(RAW, layout, headings(PEEL))
    assert "Treating the public fairly Good" in text
    assert f"\r\n{RUNNING_HEAD}\r\n" in text
    assert "\u2019" in text
    assert "'" not in text
    hyphenated = laid_out(RAW, Layout(None, False, 0.0, 1.0, None, "as is", False, 0), set())
    assert hyphenated == RAW  # no names, no heading noise
    broken = laid_out(RAW, Layout(None, False, 0.0, 1.0, None, "as is", False, 0), headings(PEEL))
    assert "Investiga-\nting crime" in broken
    assert PUBLISHED  # the published text's findings: PEEL505 and PEEL532
