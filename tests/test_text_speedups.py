"""The quick ways the text is read find exactly what the plain ways find.

Patterns are tried only where a match can start and searched for only in their sections
(checker.text.sections.Finder), quotes are found with str.find, headings looked up only on
lines that may be one, and normalisation works on runs: each is checked here against the
plain way of doing the same thing.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.inputs.ruleset import RuleSet
from checker.text import normalise as normalising
from checker.text import sections as sectioning
from checker.text.sections import finder, heading_key, matches, split
from checker.text.source import text_from_string

PIECES = [
    "a", "b", "ab", " ", "\\n", "[ \\n]", "[^.\\n]+", "\\w+", "(?:a|b)", "(?:ab|ba|)",
    "(?i:ab|b)", "a?", "b*", "\\.", "(a+)", "(?=a)", "\\b", "[ab]{1,3}", ".", "(?s:.)",
    "[^a]", "\\s", "\\S+", "(?:a\\n|b)", "H1", "$", "(?<=a)b", "(?:\\n\\w+){1,2}", "[\\W]",
]  # fmt: skip
STARTS = [
    "", "^", "(?<![\\w-])", "(?<=\\n)", "(?:ab|b)", "(?P<x>ab|ba)", "(?i:a|b)", "^(?i:h1|ab)",
    "ab", "(?:ab)+", "\\A", "a|", "^ab",
]  # fmt: skip
REGEXES = st.builds(
    lambda start, rest: re.compile(start + "".join(rest), re.MULTILINE),
    st.sampled_from(STARTS),
    st.lists(st.sampled_from(PIECES), max_size=5),
)
TEXTS = st.lists(
    st.sampled_from(["a", "b", "ab", " ", "\n", ".", "A", "\nH1\n", "\nH2\n", "\nh1\n", "•"]),
    max_size=40,
).map("".join)
NAMES = {"h1": "one", "h2": "two"}


@settings(max_examples=300)
@given(REGEXES, TEXTS, st.sampled_from([(), ("one",), ("two",), ("one", "two")]))
def test_matches_are_those_of_a_search_of_the_whole_text(
    regex: re.Pattern[str], text: str, within: tuple[str, ...]
) -> None:
    """Every match finditer finds that starts in one of the sections (all with none), even
    where a match crossing into a section would hide one inside it."""
    sections = split(text, NAMES)
    expected = [
        m.span() for m in regex.finditer(text) if not within or sections.at(m.start()) in within
    ]
    found = matches(finder(regex), text, sections, frozenset(within))
    assert [m.span() for m in found] == expected


@settings(max_examples=200)
@given(REGEXES, TEXTS, st.integers(0, 8))
def test_a_search_from_a_position(regex: re.Pattern[str], text: str, pos: int) -> None:
    found = sectioning._finditer(finder(regex), text, pos)
    assert [m.span() for m in found] == [m.span() for m in regex.finditer(text, pos)]


def test_the_claim_patterns_are_searched_quickly(peel: RuleSet) -> None:
    """What the parser tells of the PEEL 2018/19 patterns: the re module's parser is read."""
    assert peel.claims is not None
    found = {p.regex.pattern[:40]: p.finder for p in peel.claims.patterns}
    # Frames start at their rarer words (the grade, "extent to which", "approach to"): each
    # is searched for by literal words, its subject looked for only before a match.
    first = peel.claims.frames[0].finder
    assert {"good", "outstanding", "inadequate"} <= set(first.prefixes)
    for frame in peel.claims.frames:
        pattern = frame.finder.regex.pattern
        assert frame.finder.prefixes or re.match(r"[a-z]", pattern), pattern[:40]
    heading = next(f for source, f in found.items() if source.startswith("^(?P<question>"))
    assert heading.line_start
    concerns = [p.finder for p in peel.claims.patterns if p.within]
    assert concerns
    assert all(f.reach is not None and f.reach < 60 for f in concerns)


def test_a_match_crossing_into_a_section_hides_one_inside_as_before() -> None:
    """`x\\nH1\\nxa`: the whole text's search takes `x\\nH1\\nx`, so `xa` in H1 is not found."""
    regex = re.compile("x[ \\n]H1[ \\n]x|xa", re.MULTILINE)
    text = "x\nH1\nxa"
    sections = split(text, NAMES)
    assert matches(finder(regex), text, sections, frozenset({"one"})) == []
    assert [m.group() for m in matches(finder(regex), text, sections, frozenset())] == ["x\nH1\nx"]


@given(st.lists(st.sampled_from(["is", "is is", "ab", "a\nb", "-", " ", "a-b", "ss"]), max_size=8))
def test_quotes_are_found_as_a_regular_expression_finds_them(words: list[str]) -> None:
    text = text_from_string(" ".join(words) + "\nis a-b is\nis", "quotes")
    flat = text.normal.text.replace("\n", " ")
    for quote in ["is", "is is", "a b", "a-b", "ab", "s i"]:
        direct = [m.start() for m in re.finditer(re.escape(" ".join(quote.split())), flat)]
        found = text.find_quote(quote)
        assert found == (direct or found)
        assert text.find_quote(quote) == found  # looked for once, asked twice


@given(st.lists(st.sampled_from(["Ab", "ab", "a-b", "ab-ab", "x", " ", "-", "\n", "é", "K"])))
def test_the_vocabulary_is_the_words_of_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    words = set(normalising._WORDS.findall(text.lower()))
    vocabulary = normalising._Vocabulary(text)
    for word in [*words, "ab", "a-b", "b-ab", "abab", "ab-ab-ab", "k"]:
        assert (word in vocabulary) == (word in words)


@given(
    st.lists(
        st.sampled_from(
            [
                "Investigating crime",
                "INVESTIGATING  CRIME:",
                " investigating crime ",
                "x",
                "a b",
                "\u2019quote",
                "Straße",
                "strasse",
                ":",
                "ab cd ef gh ij kl mn op qr",
            ]
        ),
        max_size=8,
    )
)
def test_headings_are_looked_up_as_each_line_would_be(lines: list[str]) -> None:
    text = "\n".join(lines)
    names = {heading_key(n): n for n in ["Investigating crime", "STRASSE", "'Quote", "a b"]}
    plain = [
        (line.start(), names[key])
        for line in re.finditer(r"[^\n]+", text)
        if (key := heading_key(line.group())) in names
    ]
    sections = split(text, names)
    assert list(zip(sections.starts, sections.keys, strict=True)) == plain


def test_the_line_breaks_of_str_splitlines() -> None:
    """The breaks that make the quick split of lines give way to str.splitlines."""
    breaks = {c for c in map(chr, range(0x3000)) if len(f"a{c}b".splitlines()) == 2}
    assert breaks - {"\n", "\r"} == set(normalising._OTHER_BREAKS)


@pytest.mark.parametrize(
    "raw", ["a\nb\n", "a\r\nb", "a\fb\n", "a\x0bb", "a\u2028", "", "\n\n", " a\n  b\n\f"]
)
def test_lines_split_as_str_splitlines_does(raw: str) -> None:
    lines = normalising._Lines(raw)
    pieces = raw.splitlines(keepends=True)
    expected = [piece.rstrip("\r\n") for piece in pieces]
    assert [t for t in lines.texts if t] == [t for e in expected for t in e.split("\f") if t]
    assert lines.raw_starts in (None, normalising._line_starts(raw))
