"""Normalising PDF-extracted text: joins, hyphenation, page furniture, sections, the map back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.text.normalise import fold, normalise
from checker.text.sections import split
from checker.text.source import text_from_string
from tests.conftest import REPORTS

NORFOLK_TEXT = REPORTS / "peel-2018-19" / "norfolk.txt"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        pytest.param(
            "The force is good at protecting\nvulnerable people.",
            "The force is good at protecting vulnerable people.",
            id="a line break inside a sentence is a space",
        ),
        pytest.param(
            "Norfolk Constabulary needs to improve the way it inves-\ntigates crime.",
            "Norfolk Constabulary needs to improve the way it investigates crime.",
            id="typesetting hyphenation is undone",
        ),
        pytest.param(
            "It tackles anti-\nsocial behaviour well.",
            "It tackles anti-social behaviour well.",
            id="a hyphen after a prefix stays",
        ),
        pytest.param(
            "Some long-\nterm plans. They are long-term plans.",
            "Some long-term plans. They are long-term plans.",
            id="a hyphenated word written elsewhere keeps its hyphen",
        ),
        pytest.param(
            "The team reviewed 60 investi-\ngations. Investigations were slow.",
            "The team reviewed 60 investigations. Investigations were slow.",
            id="a word written whole elsewhere is joined",
        ),
        pytest.param(
            "The force\u2019s \u201cplan\u201d \u2013 agreed\u00a0now.",
            'The force\'s "plan" - agreed now.',
            id="curly quotes, dashes and no-break spaces are folded",
        ),
        pytest.param(
            "Investigating crime\n\nRequires improvement\nThe force must improve.",
            "Investigating crime\nRequires improvement\nThe force must improve.",
            id="a heading is a hard break",
        ),
        pytest.param(
            "the quality of\n\n16\n\ninvestigations is low.",
            "the quality of investigations is low.",
            id="a page number inside a sentence goes and the sentence runs on",
        ),
        pytest.param(
            "It ended here.\n\n2016\nGood",
            "It ended here.\n2016\nGood",
            id="four-digit years are not page numbers",
        ),
        pytest.param(
            "It inves\u00ad\ntigates crime.",
            "It investigates crime.",
            id="a soft hyphen at a line end is hyphenation",
        ),
        pytest.param(
            "our judgment from the\n\n7\n\n2016 efficiency inspection",
            "our judgment from the 2016 efficiency inspection",
            id="a line ending with 'the' runs on across a page break",
        ),
        pytest.param(
            "Words   spaced\tout.",
            "Words spaced out.",
            id="runs of whitespace are one space",
        ),
    ],
)
def test_normalise(raw: str, normal: str) -> None:
    """The normalised text has one space between words and a newline at hard breaks."""
    assert normalise(raw).text == normal


def test_running_heads_are_removed() -> None:
    """A short line repeated next to page numbers on several pages is a running head."""
    pages = [
        f"PEEL 2018/19 Norfolk\nParagraph {n} starts here and it\ncontinues on page {n}.\n{n}\n"
        for n in range(1, 5)
    ]
    text = normalise("\f".join(pages)).text
    assert "PEEL 2018/19 Norfolk" not in text
    assert "Paragraph 3 starts here and it continues on page 3." in text


def test_positions_map_back_to_the_raw_text() -> None:
    """Every normalised offset maps back to the raw line and column, across joins."""
    raw = "First line of a\nparagraph that inves-\ntigates.\n\n12\n\nNext  part."
    normal = normalise(raw)
    assert normal.text == "First line of a paragraph that investigates.\nNext part."
    assert normal.position(normal.text.index("paragraph")) == (2, 1)
    assert normal.position(normal.text.index("investigates")) == (2, 16)
    assert normal.position(normal.text.index("Next")) == (7, 1)
    assert normal.position(normal.text.index("part")) == (7, 7)


def test_sections_by_names() -> None:
    """A line that is a name of a question or pillar starts its section, whatever the case."""
    text = normalise(
        "Summary of things.\n\nInvestigating crime\n\nRequires improvement\nSome text.\n\n"
        "PROTECTING VULNERABLE PEOPLE\nMore text."
    ).text
    names = {"investigating crime": "ic", "protecting vulnerable people": "pvp"}
    sections = split(text, names)
    assert sections.at(text.index("Summary")) is None
    assert sections.at(text.index("Some text")) == "ic"
    assert sections.at(text.index("More text")) == "pvp"
    assert sections.spans("ic") == [(text.index("Investigating"), text.index("PROTECTING"))]


def test_quotes_are_found_across_line_breaks_and_hyphenation() -> None:
    """Quotes match regardless of whitespace, line breaks and hyphens."""
    text = text_from_string(
        "We found that the force inves-\ntigates well.\nIt is anti-social.", "t"
    )
    assert text.find_quote("the force investigates well.") == [14]
    assert text.find_quote("the force   investigates\nwell") == [14]
    assert text.find_quote("It is antisocial") == [43]  # "It is anti-social.", 2nd line
    assert text.find_quote("the force investigates badly") == []


def test_norfolk_text_normalises_its_tables_and_headings() -> None:
    """The Norfolk text: scope table cells, headings with grades, page numbers gone."""
    text = normalise(NORFOLK_TEXT.read_text(encoding="utf-8")).text
    lines = text.split("\n")
    assert "Inspected in 2018/19?" in lines
    assert lines.count("Treating the workforce fairly") == 2  # scope table and heading
    assert "Planning for the future\nOutstanding\nNorfolk Constabulary works" in text
    assert "16" not in lines  # a page number
    assert "2016" in lines  # a year in the summary table


LINES = st.lists(
    st.text(alphabet="abcdeABC -\u2019\u2013\u00ad\f.,", max_size=30)
    | st.sampled_from(["", "12", "Investigating crime", "inves-", "anti-", "Good"]),
    max_size=12,
)


@given(LINES)
def test_every_word_character_maps_back_to_itself(lines: list[str]) -> None:
    """Each non-space character of the normalised text comes from that raw character."""
    raw = "\n".join(lines)
    normal = normalise(raw)
    offsets = [normal.raw_offset(i) for i in range(len(normal.text))]
    for index, char in enumerate(normal.text):
        if char not in " \n":
            assert fold(raw[offsets[index]]) == char
    words = [i for i, char in enumerate(normal.text) if char not in " \n"]
    assert [offsets[i] for i in words] == sorted(offsets[i] for i in words)


def test_norfolk_positions_map_back() -> None:
    """On the Norfolk text too, every character maps back to where it was."""
    raw = NORFOLK_TEXT.read_text(encoding="utf-8")
    normal = normalise(raw)
    for index in range(0, len(normal.text), 97):
        char = normal.text[index]
        if char not in " \n":
            assert fold(raw[normal.raw_offset(index)]) == char
