"""Bounded work (issue 13, part 2): claim patterns, words and frames whose matching could take
more than linear time are refused when the claims file loads, with its file, line and key;
the bundled ones, and patterns as rule authors write them, are not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.text.claimset import compile_pattern
from checker.text.lexicon import expand_words, spaces
from checker.text.patterns import ADJACENT, EMPTY, LEADING, NESTED, superlinear
from checker.text.source import text_from_string

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<key>.+?): (?P<message>.+)$")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(\w+\s?)+$", NESTED),
        (r"(a+)+$", NESTED),
        (r"x(?:a|ab|b)*c", NESTED),  # alternatives that overlap, under a repeat
        (r"x(?:a|a)+y", NESTED),
        (r"x(?i:ab|AB)+y", NESTED),
        (r"x([一-龥]+)+y", NESTED),
        (r"x(?=(a+)+b)", NESTED),  # inside a lookaround too
        (r"x(a*)*b", EMPTY),
        (r"x\w+\s*\w+y", ADJACENT),
        (r"x.*y.*z", ADJACENT),
        (r"\w+ is good", LEADING),
        (r".*concern", LEADING),
        (r"(?:the )?\w+ x", LEADING),
        (r"(?P<concern>[^.\n]+) remains a concern", LEADING),
    ],
)
def test_patterns_that_could_take_super_linear_time_are_found(pattern: str, problem: str) -> None:
    assert superlinear(re.compile(pattern, re.MULTILINE)) == problem


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b\w+ is good",  # tried only at the start of a word
        r"(?<![\w-])XX+",  # tried only at the start of a run of X
        r"^\w+ x",
        r"I am concerned that (?P<concern>[^.\n]+)\.",
        r"x(?:ab|cd)+y",
        r"x(?:\d+,)*\d+y",
        r"x(?:\w+[ \n])*y",
        r"\d{4}/\d{2}",
        r"a[^.\n]{0,40}b",
        r"x(a|a)*",  # trailing: nothing after it fails, so it is never tried again
        r"x.*",
        r"(?:congratulate|commend) (?P<force_name>[A-Z][a-z]+ (?:Police|Constabulary))",
    ],
)
def test_patterns_that_match_in_linear_time_are_not_refused(pattern: str) -> None:
    assert superlinear(re.compile(pattern, re.MULTILINE)) is None


def test_a_repeat_at_the_start_is_let_be_where_the_pattern_is_not_searched_for() -> None:
    """A frame's `before` and a word are matched where their frame puts them, not searched."""
    regex = re.compile(r"(?:[A-Z][\w'&-]*[ ](?:and[ ]|of[ ])?)*[A-Z][\w'&-]*[ ]Police")
    assert superlinear(regex) == LEADING
    assert superlinear(regex, searched=False) is None


def test_every_bundled_pattern_frame_and_word_passes(peel: RuleSet) -> None:
    claims = peel.claims
    assert claims is not None
    assert claims.lexicon is not None
    for pattern in claims.patterns:
        assert superlinear(pattern.regex) is None, pattern.regex.pattern[:60]
    for frame in claims.frames:
        assert superlinear(frame.finder.regex) is None
        assert frame.before is None or superlinear(frame.before, searched=False) is None
    words = claims.lexicon.words
    for source in words.values():
        assert superlinear(re.compile(spaces(expand_words(source, words))), searched=False) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?P<question>{question}) is (?P<grade>{grade})",
        r"\b(?P<question>{question}) (?:is|was|remains) (?P<grade>{grade})\b",
        r"(?:We|I) (?:are|am) (?:still )?concerned (?:that|about) (?P<concern>[^.\n]+)\.",
        r"(?:must|should) improve (?P<concern>[^.\n]{10,300})",
        r"(?<![\w/])(?P<year>20\d\d) (?P<pillar>{pillar}) inspection",
        r"(?:congratulate|thank) (?P<force_name>{force})",
    ],
)
def test_patterns_as_rule_authors_write_them_pass(peel: RuleSet, pattern: str) -> None:
    claims = peel.claims
    assert claims is not None
    assert claims.lexicon is not None
    regex = compile_pattern(pattern, claims.phrases, claims.lexicon.words)
    assert superlinear(regex) is None


def rules_with(tmp_path: Path, before: str, after: str) -> Path:
    """A copy of the bundled rules whose claims file has `before` replaced by `after`."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    claims = tmp_path / "rules" / "peel-2018-19" / "claims.toml"
    text = claims.read_text(encoding="utf-8")
    assert before in text
    claims.write_text(text.replace(before, after, 1), encoding="utf-8")
    return tmp_path / "rules"


def one_error(capsys: pytest.CaptureFixture[str], rules: Path) -> re.Match[str]:
    assert main(["rules", "list", "--rules", str(rules)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    found = LINE.match(err.strip())
    assert found, err
    return found


@pytest.mark.parametrize(
    ("before", "after", "key", "problem"),
    [
        pytest.param(
            'regex = "It has done this\\\\b"',
            'regex = "It has done (\\\\w+\\\\s?)+$"',
            "pattern.9.regex",
            "the regular expression is refused: " + NESTED,
            id="pattern",
        ),
        pytest.param(
            "header = 'Inspected in \\d{4}/\\d{2}\\?'",
            "header = 'Inspected (a|ab|b)*c'",
            "table.0.header",
            "the regular expression is refused: " + NESTED,
            id="table-header",
        ),
        pytest.param(
            'elided = "(?:,? (?:but|and|yet)(?: also)?)"',
            'elided = "(?:,? (?:but|and|yet)(?: also)?)(x+)+y"',
            "words.elided",
            "the word is refused: " + NESTED,
            id="word",
        ),
        pytest.param(
            'text = "{pillar.measure} (?:is|was) [\'\\"]?{grade.is}"',
            'text = "{pillar.measure} \\\\w+\\\\s*\\\\w+ (?:is|was) [\'\\"]?{grade.is}"',
            "frame.6.text",
            "the frame is refused: " + ADJACENT,
            id="frame",
        ),
    ],
)
def test_a_refused_pattern_is_an_input_error_at_its_key(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    before: str,
    after: str,
    key: str,
    problem: str,
) -> None:
    rules = rules_with(tmp_path, before, after)
    found = one_error(capsys, rules)
    claims = rules / "peel-2018-19" / "claims.toml"
    line = next(
        n for n, text in enumerate(claims.read_text("utf-8").splitlines(), 1) if after in text
    )
    assert found["file"].endswith("rules/peel-2018-19/claims.toml")
    assert (int(found["line"]), found["key"], found["message"]) == (line, key, problem)


def test_table_cells_are_compared_as_words(tmp_path: Path, peel: RuleSet) -> None:
    """A cell written with spaces around it raised KeyError when a row was read."""
    rules = rules_with(
        tmp_path, "values = { Yes = true, No = false }", 'values = { " Yes" = true, "No " = false }'
    )
    spaced = load_rule_set(rules / "peel-2018-19")
    text = text_from_string(
        "Inspected in 2018/19?\nInvestigating crime Yes\nArmed response No", "t"
    )
    assert spaced.claims is not None
    assert peel.claims is not None
    rows = [claim.fields for claim in text.claims(spaced.claims, "scope-row")]
    assert rows == [claim.fields for claim in text.claims(peel.claims, "scope-row")]
    assert [(row["question"], row["inspected"]) for row in rows] == [
        ("investigating_crime", True),
        ("armed_response", False),
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ('{ " " = true, No = false }', "an empty cell"),
        ('{ Yes = true, " Yes" = false }', "the cell 'Yes' is given twice"),
    ],
)
def test_empty_and_repeated_cells_are_input_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, values: str, message: str
) -> None:
    rules = rules_with(tmp_path, "values = { Yes = true, No = false }", f"values = {values}")
    found = one_error(capsys, rules)
    assert found["key"].startswith("table.0.values.")
    assert found["message"] == message
