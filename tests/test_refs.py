"""The reference language: parsing, evaluation, anchors and static checks against the models."""

from __future__ import annotations

from typing import Any

import pytest

from checker.model.report import Question, Report
from checker.model.scheme import Scheme
from checker.refs.evaluate import Hit, Scope, anchor, evaluate
from checker.refs.syntax import Filter, KeyOf, KeysFrom, Name, Ref, RefSyntaxError, Star, parse
from checker.refs.syntax import Test as FilterTest  # not a test class for pytest
from checker.refs.typecheck import RefTypeError, element_type

REPORT: dict[str, Any] = {
    "year": "2018/19",
    "questions": {"a": {"grade": "Good"}, "b": {"grade": "Outstanding"}, "c": {"grade": "Good"}},
    "scope": [{"question": "a", "inspected": True}, {"question": "b", "inspected": False}],
}
SCHEME: dict[str, Any] = {
    "questions": {"a": {"pillar": "p"}, "b": {"pillar": "p"}, "c": {"pillar": "q"}},
}


def hits(text: str, item_path: tuple[Any, ...] = (), item: Any = None) -> list[tuple[Any, ...]]:
    scope = Scope(REPORT, SCHEME, item if item is not None else REPORT, "report", item_path)
    return [(hit.path, hit.value) for hit in evaluate(parse(text), scope)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("report.year", [(("year",), "2018/19")]),
        ("report.questions.a.grade", [(("questions", "a", "grade"), "Good")]),
        ("report.questions.z.grade", []),
        (
            "report.questions.*.grade",
            [
                (("questions", k, "grade"), g)
                for k, g in (("a", "Good"), ("b", "Outstanding"), ("c", "Good"))
            ],
        ),
        ("report.scope[question=b].inspected", [(("scope", 1, "inspected"), False)]),
        ("report.scope[inspected=true].question", [(("scope", 0, "question"), "a")]),
        ("report.scope[question!=b].question", [(("scope", 0, "question"), "a")]),
        (
            "report.questions[grade=Good, grade!=Outstanding].@key",
            [(("questions", "a"), "a"), (("questions", "c"), "c")],
        ),
        ("scheme.questions[pillar=p].@key", [(("questions", "a"), "a"), (("questions", "b"), "b")]),
        (
            "report.questions.{scheme.questions[pillar=p].@key}.grade",
            [(("questions", "a", "grade"), "Good"), (("questions", "b", "grade"), "Outstanding")],
        ),
    ],
)
def test_evaluate(text: str, expected: list[tuple[Any, ...]]) -> None:
    """A reference yields every hit with its absolute path, in document order."""
    assert hits(text) == expected


def test_item_and_key_roots() -> None:
    """`item` and `key` are the current item and its key; filters may use them."""
    item_path = ("questions", "b")
    assert hits("item.grade", item_path, REPORT["questions"]["b"]) == [
        (("questions", "b", "grade"), "Outstanding")
    ]
    assert hits("key", item_path, REPORT["questions"]["b"]) == [(item_path, "b")]
    assert hits("report.scope[question={key}].inspected", item_path, {}) == [
        (("scope", 1, "inspected"), False)
    ]


def test_anchor_names_where_a_missing_value_would_be() -> None:
    """A missing value is placed at the path where it would be written."""
    scope = Scope(REPORT, SCHEME, REPORT["questions"]["a"], "report", ("questions", "a"))
    assert anchor(parse("item.last_inspected"), scope) == (
        "report",
        ("questions", "a", "last_inspected"),
    )
    assert anchor(parse("report.questions.{key}"), scope) == ("report", ("questions", "a"))
    assert anchor(parse("report.scope[question={key}]"), scope) == ("report", ("scope",))


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("report.questions.*.grade", (Name("questions"), Star(), Name("grade"))),
        (
            "report.questions.{item.pillar}",
            (Name("questions"), KeysFrom(Ref("item", (Name("pillar"),), "item.pillar"))),
        ),
        (
            "scheme.questions[pillar={key}, status!=x].@key",
            (
                Name("questions"),
                Filter(
                    (
                        FilterTest(("pillar",), negate=False, ref=Ref("key", (), "key")),
                        FilterTest(("status",), negate=True, literal="x"),
                    )
                ),
                KeyOf(),
            ),
        ),
    ],
)
def test_parse_gives_root_segments_and_text(text: str, segments: tuple[Any, ...]) -> None:
    """A reference parses to its root and segments and keeps its text for messages."""
    ref = parse(text)
    assert (ref.root, ref.segments, str(ref)) == (text.split(".")[0], segments, text)


def test_equal_references_are_equal_however_spaced() -> None:
    """Equality and hash are structural (the text is not compared), so references that differ
    in spacing only are one key in the caches that hold parsed references."""
    spaced = parse("scheme.questions[pillar={key}, status!=x].@key")
    tight = parse("scheme.questions[pillar={key},status!=x].@key")
    assert str(spaced) != str(tight)
    assert (spaced == tight, hash(spaced) == hash(tight)) == (True, True)
    assert parse("scheme.questions[pillar={key}, status=x]") != parse(
        "scheme.questions[pillar={key}, status!=x]"
    )


@pytest.mark.parametrize(
    ("text", "problem", "column"),
    [
        ("reports.year", "unknown root 'reports'", 1),
        ("report.", "expected a name", 8),
        ("report.scope[question]", "expected '=' or '!='", 22),
        ("report.scope[question=a", "expected ']'", 24),
        ("report.questions.{key", "expected '}'", 22),
        ("key.grade", "`key` takes no further segments", 4),
        ("report.year]", "unexpected ']'", 12),
    ],
)
def test_syntax_errors(text: str, problem: str, column: int) -> None:
    """A malformed reference names the problem and the column (1-based) where it lies."""
    with pytest.raises(RefSyntaxError) as error:
        parse(text)
    message = str(error.value)
    assert message.startswith(problem), message
    assert message.endswith(f" at column {column} of {text!r}"), message


ROOTS = {"report": Report, "scheme": Scheme, "item": Question}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("report.questions.*", Question),
        ("item.carried_over.year", str),
        ("key", str),
        ("scheme.questions[pillar={key}].@key", str),
    ],
)
def test_static_types(text: str, expected: Any) -> None:
    """References are typed against the models at load time."""
    assert element_type(parse(text), ROOTS) is expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("item.grde", "Question has no field 'grde'"),
        ("report.year.*", "is not a table of items or an array"),
        ("report.scope.question", "cannot take field 'question'"),
        ("report.scope[questoin=a]", "ScopeRow has no field 'questoin'"),
        ("report.questions.{item.nope}", "Question has no field 'nope'"),
    ],
)
def test_static_type_errors(text: str, problem: str) -> None:
    """A reference to a field that does not exist is caught before any report is read."""
    with pytest.raises(RefTypeError, match=problem):
        element_type(parse(text), ROOTS)


def test_hits_are_values_not_copies() -> None:
    """Hits carry the root they come from, so findings know which file they point into."""
    (hit,) = evaluate(parse("scheme.questions.c.pillar"), Scope(REPORT, SCHEME))
    assert hit == Hit("scheme", ("questions", "c", "pillar"), "q")
