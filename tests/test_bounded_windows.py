"""Bounded work (issue 13, part 2): patterns are matched in windows, and sentences found once
per text, so that no text makes reading claims super-linear (bench/text_scale.py measures
it: this module checks that what is read is what a plain search reads, and that the texts
that once took minutes are read)."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.authoring.draft import draft
from checker.engine.check import check
from checker.inputs.report import load_report
from checker.inputs.ruleset import RuleSet
from checker.text.extract import quote, sentence_bounds
from checker.text.patterns import WINDOW, bounded_match, search
from checker.text.source import ReportText, text_from_string
from tests.test_bounded_patterns import ROOT
from tests.test_text_speedups import REGEXES, TEXTS

_SENTENCE_END = re.compile(r"""(?<=[.?!])["')]? (?=["'(]?[A-Z0-9•])""")


@settings(max_examples=300)
@given(REGEXES, TEXTS, st.integers(0, 8))
def test_a_search_within_a_window_is_finditer(regex: re.Pattern[str], text: str, pos: int) -> None:
    assert [m.span() for m in search(regex, text, pos)] == [
        m.span() for m in regex.finditer(text, pos)
    ]


FILLER = st.sampled_from([".", f" {'x' * 700} ", " ", "good at it. ", "\n", f" {'a' * 2_300} "])


@settings(max_examples=150)
@given(st.lists(st.one_of(FILLER, st.sampled_from(["good at crime", "ab", "Good"])), max_size=12))
def test_short_matches_in_long_texts_are_those_of_finditer(parts: list[str]) -> None:
    """Across window boundaries too: only a match longer than a window is not read."""
    text = "".join(parts)
    for regex in (re.compile(r"good at \w+"), re.compile(r"(?i:good)\b"), re.compile("b|ab")):
        assert [m.span() for m in search(regex, text)] == [m.span() for m in regex.finditer(text)]


def test_a_match_longer_than_a_window_is_not_read_and_the_search_goes_on_after_it() -> None:
    regex = re.compile(r"a[^.]*b")
    text = "a" + "x" * (3 * WINDOW) + "b. ab"
    assert [m.group() for m in regex.finditer(text)] == [text[:-4], "ab"]
    assert [m.group() for m in search(regex, text)] == ["ab"]
    assert bounded_match(regex, text, 0) == (None, 1)  # no match within the window
    assert bounded_match(regex, "ab", 0)[0] is not None
    # A match that runs to the end of its window may run on: not read, and skipped.
    assert bounded_match(re.compile("a.*"), "a" * 5_000, 0) == (None, WINDOW + 100)


def plain_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end] as it was found before: by a search of its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    first, last = line_start, line_end
    for boundary in _SENTENCE_END.finditer(text, line_start, line_end):
        if boundary.end() <= start:
            first = boundary.end()
        elif boundary.start() >= end:
            last = boundary.start()
            break
    return first, last


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(["Good. ", "It is", " ", "\n", ". A", '." B', "? 2", "x", "  "])),
    st.integers(0, 60),
    st.integers(0, 10),
)
def test_sentences_are_those_a_search_of_their_line_finds(
    parts: list[str], start: int, length: int
) -> None:
    text = "".join(parts)
    start = min(start, len(text))
    end = min(start + length, len(text))
    assert sentence_bounds(text, start, end) == plain_bounds(text, start, end)
    first, last = plain_bounds(text, start, end)
    passage = text[first:last].strip()
    first += len(text[first:last]) - len(text[first:last].lstrip())
    if len(passage) > 300:
        passage = passage[:297].rstrip() + "..."
    if "\n" not in text[start:end]:
        assert quote(text, start, end) == (first, passage)


def test_a_quote_from_a_sentence_of_a_million_characters_is_short() -> None:
    text = "I am concerned that " + "the force is good at it and " * 40_000 + "\nNext."
    start, sentence = quote(text, 100_000, 100_010)
    assert start == 0
    assert sentence.startswith("I am concerned that the force")
    assert len(sentence) == 300
    assert sentence.endswith("...")


NORFOLK = ROOT / "reports" / "peel-2018-19" / "norfolk.toml"
HMI = "HM Inspector's observations\n"


def test_the_texts_that_took_minutes_are_read(peel: RuleSet) -> None:
    """A text with no full stop after "concerned" or "needs to improve", prose on one line, a
    single line of one word, capitalised words (here 300 KB: they took seconds to minutes at
    this size before, and bench/text_scale.py shows they now grow linearly to 10 MB)."""
    norfolk = NORFOLK.with_name("norfolk.txt").read_text(encoding="utf-8")
    report = load_report(NORFOLK, lambda scheme: peel, with_source=False)
    claims = peel.claims
    assert claims is not None
    texts = {
        "concerned": HMI
        + "I am concerned that the force is good at investigating crime and " * 5_000,
        "needs": HMI + "But it needs to improve the way it investigates crime, and " * 5_000,
        "one line": " ".join(norfolk.split()) * 2,
        "one word": "a" * 300_000,
        "capitalised": " ".join(w.capitalize() for w in norfolk.split() if w.isalpha()) * 3,
    }
    for name, raw in texts.items():
        text = text_from_string(raw, name)
        check([replace(report, text=text)], peel)
        concerns = text.claims(claims, "hmi-concern")
        assert all(len(c.sentence) <= 300 for c in concerns), name
        if name == "capitalised":
            assert draft(ReportText(name, text.normal), peel).data["force"]
    reading = text_from_string(texts["concerned"], "concerned").reading(claims)
    assert reading.claims["question-grade"]  # "is good at investigating crime", read each time
