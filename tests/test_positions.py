"""Tests for checker.inputs.positions: mapping TOML value paths to line and column."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.inputs.positions import KeyPositions, Path
from tests.conftest import tomllib


def scan(text: str) -> KeyPositions:
    return KeyPositions.scan(text)


def valid(text: str) -> str:
    """Fail early if a hand-written example is not TOML that tomllib accepts."""
    tomllib.loads(text)
    return text


# --- table headers ---------------------------------------------------------------------------


def test_table_header_records_table_and_its_parents() -> None:
    kp = scan(valid("[a.b]\nx = 1\n"))
    assert kp.exact(("a",)) == (1, 2)
    assert kp.exact(("a", "b")) == (1, 4)
    assert kp.exact(("a", "b", "x")) == (2, 1)


def test_table_header_with_quoted_key_and_spaces_around_dots() -> None:
    kp = scan(valid('[ a . "quoted key" .\tc ]\n'))
    assert kp.exact(("a",)) == (1, 3)
    assert kp.exact(("a", "quoted key")) == (1, 7)
    assert kp.exact(("a", "quoted key", "c")) == (1, 22)


def test_explicit_header_wins_over_implicit_parent_mention() -> None:
    kp = scan(valid("[a.b]\n[a]\nx = 1\n"))
    assert kp.exact(("a",)) == (2, 2)
    assert kp.exact(("a", "x")) == (3, 1)


# --- arrays of tables ------------------------------------------------------------------------


def test_array_of_tables_counts_elements() -> None:
    kp = scan(valid("[[scope]]\nx = 1\n[[scope]]\n\n[[scope]]\ninspected = true\n"))
    assert kp.exact(("scope",)) == (1, 3)
    assert kp.exact(("scope", 0)) == (1, 3)
    assert kp.exact(("scope", 0, "x")) == (2, 1)
    assert kp.exact(("scope", 1)) == (3, 3)
    assert kp.exact(("scope", 2, "inspected")) == (6, 1)
    assert kp.exact(("scope", 3)) is None


def test_dotted_array_of_tables_header() -> None:
    kp = scan(valid("[[a.b]]\n[[a.b]]\nk = 1\n"))
    assert kp.exact(("a",)) == (1, 3)
    assert kp.exact(("a", "b", 1)) == (2, 5)
    assert kp.exact(("a", "b", 1, "k")) == (3, 1)


def test_nested_array_of_tables_appends_to_last_element() -> None:
    text = valid(
        "[[rule]]\nid = 'a'\n[[rule]]\nid = 'b'\n[[rule]]\nid = 'c'\n"
        "[[rule.examples]]\ntext = 'x'\n[[rule.examples]]\ntext = 'y'\n"
    )
    kp = scan(text)
    assert kp.exact(("rule", 2, "examples")) == (7, 8)
    assert kp.exact(("rule", 2, "examples", 0)) == (7, 8)
    assert kp.exact(("rule", 2, "examples", 1, "text")) == (10, 1)
    assert kp.exact(("rule", 0, "examples")) is None


def test_array_element_indexes_restart_per_parent_element() -> None:
    kp = scan(valid("[[r]]\n[[r.e]]\n[[r.e]]\n[[r]]\n[[r.e]]\nn = 1\n"))
    assert kp.exact(("r", 0, "e", 1)) == (3, 5)
    assert kp.exact(("r", 1, "e", 0, "n")) == (6, 1)


def test_subtable_under_array_element() -> None:
    kp = scan(valid("[[rule]]\n[[rule]]\n[rule.docs]\nurl = 'u'\n"))
    assert kp.exact(("rule", 1, "docs")) == (3, 7)
    assert kp.exact(("rule", 1, "docs", "url")) == (4, 1)
    assert kp.exact(("rule", 0, "docs")) is None


# --- key = value -----------------------------------------------------------------------------


def test_dotted_keys_record_every_prefix() -> None:
    kp = scan(valid("[t]\n  a.b.c = 1\n  a . d = 2\n"))
    assert kp.exact(("t", "a")) == (2, 3)
    assert kp.exact(("t", "a", "b")) == (2, 5)
    assert kp.exact(("t", "a", "b", "c")) == (2, 7)
    assert kp.exact(("t", "a", "d")) == (3, 7)


def test_quoted_keys_with_escapes_and_literal_keys() -> None:
    text = valid('"a \\" b" = 1\n"\\u00e9\\t" = 2\n\'C:\\x\' = 3\n"" = 4\n')
    kp = scan(text)
    assert kp.exact(('a " b',)) == (1, 1)
    assert kp.exact(("é\t",)) == (2, 1)
    assert kp.exact(("C:\\x",)) == (3, 1)
    assert kp.exact(("",)) == (4, 1)


def test_keys_after_tab_and_wide_characters_count_code_points() -> None:
    kp = scan(valid('\tk = 1\nx = { "é😀" = 1, y = 2 }\n'))
    assert kp.exact(("k",)) == (1, 2)
    assert kp.exact(("x", "y")) == (2, 17)


def test_crlf_line_endings() -> None:
    kp = scan(valid("a = 1\r\n[t]\r\nb = [\r\n  2,\r\n]\r\n"))
    assert kp.exact(("t", "b")) == (3, 1)
    assert kp.exact(("t", "b", 0)) == (4, 3)


# --- inline tables ---------------------------------------------------------------------------


def test_inline_table_keys() -> None:
    kp = scan(valid('x = { year = "2016", pillar = "effectiveness" }\n'))
    assert kp.exact(("x",)) == (1, 1)
    assert kp.exact(("x", "year")) == (1, 7)
    assert kp.exact(("x", "pillar")) == (1, 22)


def test_nested_inline_tables_with_dotted_keys() -> None:
    kp = scan(valid("x = { a = { b = 1 }, c.d = 2 }\n"))
    assert kp.exact(("x", "a", "b")) == (1, 13)
    assert kp.exact(("x", "c")) == (1, 22)
    assert kp.exact(("x", "c", "d")) == (1, 24)


def test_inline_tables_inside_arrays() -> None:
    kp = scan(valid('items = [ { id = "a" }, { id = "b" } ]\n'))
    assert kp.exact(("items", 0)) == (1, 11)
    assert kp.exact(("items", 0, "id")) == (1, 13)
    assert kp.exact(("items", 1)) == (1, 25)
    assert kp.exact(("items", 1, "id")) == (1, 27)


def test_inline_tables_in_array_spanning_lines() -> None:
    text = valid(
        'items = [\n  { id = "a" },  # ] } comment\n\n  { id = "b", n = [1] },\n]\nz = 0\n'
    )
    kp = scan(text)
    assert kp.exact(("items", 0, "id")) == (2, 5)
    assert kp.exact(("items", 1)) == (4, 3)
    assert kp.exact(("items", 1, "n", 0)) == (4, 20)
    assert kp.exact(("z",)) == (6, 1)


def test_inline_table_spanning_lines_is_tolerated() -> None:
    # TOML 1.1 allows this; tomllib in Python 3.11 does not, so no `valid` here.
    kp = scan("x = {\n  a = 1,\n  b = 2,\n}\n")
    assert kp.exact(("x", "b")) == (3, 3)


# --- arrays ----------------------------------------------------------------------------------


def test_array_elements_point_at_values() -> None:
    kp = scan(valid('[[hmi_concerns]]\naddressed_by = ["A", "B"]\n'))
    assert kp.exact(("hmi_concerns", 0, "addressed_by", 0)) == (2, 17)
    assert kp.exact(("hmi_concerns", 0, "addressed_by", 1)) == (2, 22)


def test_nested_arrays_and_scalars_with_spaces() -> None:
    text = valid("a = [[1, 2], [], [[3]], 1979-05-27 07:32:00, -1.5e3, true]\n")
    kp = scan(text)
    assert kp.exact(("a", 0, 1)) == (1, 10)
    assert kp.exact(("a", 1)) == (1, 14)
    assert kp.exact(("a", 2, 0, 0)) == (1, 20)
    assert kp.exact(("a", 3)) == (1, 25)
    assert kp.exact(("a", 4)) == (1, 46)
    assert kp.exact(("a", 5)) == (1, 54)
    assert kp.exact(("a", 6)) is None


def test_array_spanning_lines_with_comments_and_trailing_comma() -> None:
    text = valid('a = [  # [b] = 1\n  "x",\n  # "y",\n  \'z\'  # , q\n  , 3,\n]\n')
    kp = scan(text)
    assert kp.exact(("a", 0)) == (2, 3)
    assert kp.exact(("a", 1)) == (4, 3)
    assert kp.exact(("a", 2)) == (5, 5)
    assert kp.exact(("a", 3)) is None


# --- things that only look like keys ---------------------------------------------------------


def test_comments_and_single_line_strings_are_skipped() -> None:
    text = valid(
        '# [fake]\na = "x \\" # [fake] = 1" # b = 2\nc = \'C:\\x # d = 1\'\n[t] # [u]\ne = 1\n'
    )
    kp = scan(text)
    assert kp.exact(("a",)) == (2, 1)
    assert kp.exact(("c",)) == (3, 1)
    assert kp.exact(("t", "e")) == (5, 1)
    assert kp.exact(("fake",)) is None
    assert kp.exact(("b",)) is None
    assert kp.exact(("d",)) is None
    assert kp.exact(("u",)) is None


def test_multiline_basic_string_is_skipped() -> None:
    text = valid(
        'a = """\n[fake]\nb = 1 # c\n\\""" not = "end"\nline \\\n   continued ""\n"""""\n'
        "after = 1\n"
    )
    kp = scan(text)
    assert kp.exact(("after",)) == (8, 1)
    assert set(tomllib.loads(text)) == {"a", "after"}
    assert kp.exact(("fake",)) is None
    assert kp.exact(("b",)) is None
    assert kp.exact(("not",)) is None


def test_multiline_literal_string_is_skipped() -> None:
    text = valid("a = '''\n[[fake]]\nb = \"x\\\n'' c = 1 ''''\n[t]\nd = ['''x''', '''y''']\n")
    kp = scan(text)
    assert kp.exact(("t", "d", 1)) == (6, 15)
    assert kp.exact(("fake",)) is None
    assert kp.exact(("b",)) is None
    assert kp.exact(("c",)) is None


def test_strings_as_inline_table_and_array_values() -> None:
    text = valid('x = { a = "}]", b = \'{,\', c = """\n= ]""" }\ny = 1\n')
    kp = scan(text)
    assert kp.exact(("x", "b")) == (1, 17)
    assert kp.exact(("x", "c")) == (1, 27)
    assert kp.exact(("y",)) == (3, 1)


# --- exact and locate ------------------------------------------------------------------------


def test_locate_falls_back_to_longest_known_prefix() -> None:
    kp = scan(valid("[questions.armed_response]\ngrade = 'good'\n"))
    assert kp.locate(("questions", "armed_response", "grade")) == (2, 1)
    assert kp.locate(("questions", "armed_response", "missing", 3)) == (1, 12)
    assert kp.locate(("questions", "other")) == (1, 2)
    assert kp.locate(("nothing",)) == (1, 1)
    assert kp.locate(()) == (1, 1)
    assert kp.exact(("questions", "armed_response", "missing")) is None
    assert kp.exact(()) is None


def test_empty_document() -> None:
    kp = scan("")
    assert kp.exact(("a",)) is None
    assert kp.locate(("a", 0)) == (1, 1)


def test_int_and_str_path_parts_differ() -> None:
    kp = scan(valid("[a]\n0 = 1\nb = [2]\n"))
    assert kp.exact(("a", "0")) == (2, 1)
    assert kp.exact(("a", 0)) is None
    assert kp.exact(("a", "b", 0)) == (3, 6)
    assert kp.exact(("a", "b", "0")) is None


# --- invalid input ---------------------------------------------------------------------------


# (text, where key `a` was recorded or None, where a path under a.b is located): what was
# read before the error is kept, and a path nothing was recorded for falls back to (1, 1).
@pytest.mark.parametrize(
    ("text", "a_at", "a_b_0_at"),
    [
        ("[", None, (1, 1)),
        ("[[", None, (1, 1)),
        ("[a", (1, 2), (1, 2)),
        ("= 1", None, (1, 1)),
        ("a =", (1, 1), (1, 1)),
        ('a = "unterminated', (1, 1), (1, 1)),
        ("a = '''unterminated", (1, 1), (1, 1)),
        ('a = """unterminated \\', (1, 1), (1, 1)),
        ("a = [1, 2", (1, 1), (1, 1)),
        ("a = { b = 1", (1, 1), (1, 7)),
        ("a = { = }", (1, 1), (1, 1)),
        ("a = [ } ]\nb = 1", (1, 1), (1, 1)),
        ("[[a]]\n[a.b\nc = {", (1, 3), (1, 3)),
        ("a = " + "[" * 20000, (1, 1), (1, 1)),
        ("a = " + "{ b = " * 20000, (1, 1), (1, 7)),
        ("\x00\ufeff]]}}", None, (1, 1)),
    ],
)
def test_invalid_input_does_not_raise(
    text: str, a_at: tuple[int, int] | None, a_b_0_at: tuple[int, int]
) -> None:
    kp = scan(text)
    assert kp.exact(("a",)) == a_at
    assert kp.locate(("a", "b", 0)) == a_b_0_at


def test_invalid_input_keeps_what_came_before() -> None:
    kp = scan("a = 1\nb = [1, 2\n")
    assert kp.exact(("a",)) == (1, 1)
    assert kp.exact(("b", 1)) == (2, 9)


@given(st.text(alphabet=st.sampled_from(list("ab =.[]{},#\"'\\\n\t1é")), max_size=60))
def test_arbitrary_text_does_not_raise(text: str) -> None:
    KeyPositions.scan(text)


# --- property test: generated documents ------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _basic(text: str, multiline: bool = False) -> list[str]:
    """Escape `text` for a basic string, one piece per character."""
    out: list[str] = []
    raw_quote_before = False
    for char in text:
        raw_quote = False
        if char == '"':
            # Raw quotes are legal in multi-line strings as long as three never meet.
            raw_quote = multiline and not raw_quote_before
            out.append('"' if raw_quote else '\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\n" if multiline else "\\n")
        elif char != "\t" and (ord(char) < 0x20 or char == "\x7f"):
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
        raw_quote_before = raw_quote
    return out


def _literal_ok(text: str) -> bool:
    return all(c in "\t\n" or (ord(c) >= 0x20 and c != "\x7f") for c in text)


class Writer:
    """Writes a dict as TOML in randomly mixed styles, noting what text each path starts with."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.expect: dict[Path, str] = {}

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def key(self, name: str) -> str:
        if _BARE.fullmatch(name) and self.chance(0.8):
            return name
        if "'" not in name and "\n" not in name and _literal_ok(name) and self.chance(0.5):
            return f"'{name}'"
        return '"' + "".join(_basic(name)) + '"'

    def dot(self) -> str:
        return self.rng.choice([".", " . ", ".\t"])

    def string(self, text: str) -> str:
        style = self.rng.randrange(4)
        if style == 1 and "'" not in text and "\n" not in text and _literal_ok(text):
            return f"'{text}'"
        if style == 2:
            pieces = _basic(text, multiline=True)
            # A line-ending backslash drops the whitespace after it, so only break the line
            # before a piece that does not start with whitespace.
            cuts = [i for i, piece in enumerate(pieces) if i and piece[0] not in " \t\n"]
            if cuts:
                pieces.insert(self.rng.choice(cuts), "\\\n    ")
            return '"""\n' + "".join(pieces) + '"""'
        if style == 3 and "'''" not in text and "\r" not in text and _literal_ok(text):
            return f"'''\n{text}'''"
        return '"' + "".join(_basic(text)) + '"'

    def value(self, value: Any, path: Path) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, dict):
            entries = self.entries(value, path, "")
            return "{ " + ", ".join(entries) + " }" if entries else "{}"
        items: list[str] = []
        for index, item in enumerate(value):
            written = self.value(item, (*path, index))
            self.expect[(*path, index)] = written.split("\n")[0]
            items.append(written)
        if self.chance(0.5):
            return "[" + ", ".join(items) + "]"
        tail = "," if items and self.chance(0.5) else ""
        return "[  # [x] = 'y'\n  " + ",  # ] 'z\n  ".join(items) + tail + "\n]"

    def entries(self, table: dict[str, Any], path: Path, prefix: str) -> list[str]:
        lines: list[str] = []
        for name, value in table.items():
            key = self.key(name)
            self.expect[(*path, name)] = key
            if isinstance(value, dict) and value and self.chance(0.3):
                lines += self.entries(value, (*path, name), prefix + key + self.dot())
            else:
                equals = self.rng.choice(["=", " = ", "\t=  "])
                lines.append(prefix + key + equals + self.value(value, (*path, name)))
        return lines

    def section(self, keys: list[str], path: Path, table: dict[str, Any], kind: str) -> list[str]:
        inline: dict[str, Any] = {}
        tables: list[tuple[str, dict[str, Any]]] = []
        arrays: list[tuple[str, list[dict[str, Any]]]] = []
        for name, value in table.items():
            if isinstance(value, dict) and self.chance(0.6):
                tables.append((name, value))
            elif (
                isinstance(value, list)
                and value
                and all(isinstance(item, dict) for item in value)
                and self.chance(0.7)
            ):
                arrays.append((name, value))
            else:
                inline[name] = value
        lines: list[str] = []
        indent = self.rng.choice(["", "  ", "\t"])
        header = self.dot().join(keys)
        if kind == "array":
            lines.append(f"{indent}[[{header}]]")
        elif kind == "table" and (inline or not (tables or arrays) or self.chance(0.5)):
            lines.append(f"{indent}[{header}]  # [[not]] = 'a header'")
        lines += [indent + line for line in self.entries(inline, path, "")]
        for name, child in tables:
            key = self.key(name)
            self.expect[(*path, name)] = key
            lines += self.section([*keys, key], (*path, name), child, "table")
        for name, elements in arrays:
            key = self.key(name)
            self.expect[(*path, name)] = key
            for index, element in enumerate(elements):
                self.expect[(*path, name, index)] = key
                lines += self.section([*keys, key], (*path, name, index), element, "array")
        return lines


def _paths(value: Any, path: Path = ()) -> Iterator[Path]:
    children = value.items() if isinstance(value, dict) else enumerate(value)
    for name, child in children:
        yield (*path, name)
        if isinstance(child, dict | list):
            yield from _paths(child, (*path, name))


_KEYS = st.text(alphabet=st.sampled_from(list("ab_-1 .#=\"'[é\\\t")), max_size=3)
_TRICKY = ["a", " ", '"', "'", "#", "=", "[", "]", "{", "}", ",", ".", "\\", "\n", "\t", "é"]
_TEXTS = st.lists(
    st.sampled_from([*_TRICKY, "😀", "\x01", '"""', "'''", "\\\n", "a = 1", "[b]"]), max_size=8
).map("".join)
_SCALARS = st.one_of(st.integers(-1000, 10**6), st.booleans(), _TEXTS)
_VALUES = st.recursive(
    _SCALARS,
    lambda kids: st.one_of(
        st.lists(kids, max_size=3),
        st.dictionaries(_KEYS, kids, max_size=3),
        st.lists(st.dictionaries(_KEYS, kids, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=12,
)
_DOCUMENTS = st.dictionaries(_KEYS, _VALUES, max_size=4)


@settings(deadline=None)
@given(_DOCUMENTS, st.randoms(use_true_random=False))
def test_every_path_of_a_generated_document_is_found(
    document: dict[str, Any], rng: random.Random
) -> None:
    writer = Writer(rng)
    text = "\n".join(writer.section([], (), document, "root")) + "\n"
    assert tomllib.loads(text) == document  # the writer itself is right
    lines = text.split("\n")
    kp = KeyPositions.scan(text)
    for path in _paths(document):
        line, col = kp.locate(path)
        assert 1 <= line <= len(lines)
        assert 1 <= col <= len(lines[line - 1]) + 1
        if isinstance(path[-1], str):
            assert writer.expect[path] in lines[line - 1], path
        # Stronger: every path is recorded exactly, at the text the writer put there.
        assert kp.exact(path) == (line, col)
        assert lines[line - 1][col - 1 :].startswith(writer.expect[path]), path
