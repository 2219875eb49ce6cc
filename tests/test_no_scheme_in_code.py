"""Schemes are data: no module of checker/ names a scheme, a question, a pillar or a grade of
any bundled rule set (issue 14). Code is read as Python, not as text: every string literal
and every name counts; docstrings and comments may use them as examples, as documentation
does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import RULES, tomllib

CHECKER = Path(__file__).resolve().parent.parent / "checker"


def scheme_words() -> set[str]:
    """Each bundled scheme's id, grade labels, and pillar, question and scale keys."""
    words: set[str] = set()
    for path in RULES.glob("*/scheme.toml"):
        scheme = tomllib.loads(path.read_text(encoding="utf-8"))
        words.add(scheme["id"])
        words.update(scheme["grades"]["scale"])
        words.update(scheme.get("questions", {}), scheme.get("pillars", {}))
        words.update(label for scale in scheme.get("scales", {}).values() for label in scale)
    return words


def named(source: str, words: set[str]) -> list[tuple[int, str]]:
    """(line, word) for each scheme word a string literal or a name of `source` holds."""
    tree = ast.parse(source)
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    patterns = {w: re.compile(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])") for w in words}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in documentation:
                text = node.value.lower()
                found += [(node.lineno, w) for w, p in patterns.items() if p.search(text)]
        elif isinstance(node, ast.Name) and node.id in words:
            found.append((node.lineno, node.id))
    return sorted(found)


def test_the_scan_sees_what_it_looks_for() -> None:
    """A grade in a literal, a question key as a name: found; in a docstring: not."""
    words = {"Requires improvement", "well_led", "peel-2018-19"}
    source = (
        '"""Rules of peel-2018-19."""\n'
        'LOW = "requires improvement"\n'
        "well_led = 1\n"
        'PATH = "rules/peel-2018-19/scheme.toml"\n'
        'OK = "well_led_extra"\n'
    )
    assert named(source, words) == [
        (2, "Requires improvement"),
        (3, "well_led"),
        (4, "peel-2018-19"),
    ]


def test_no_module_names_a_scheme_question_or_grade() -> None:
    words = scheme_words()
    assert {"peel-2018-19", "Requires improvement", "effectiveness"} <= words
    found = {
        f"{path.relative_to(CHECKER.parent)}:{line}: {word}"
        for path in sorted(CHECKER.rglob("*.py"))
        for line, word in named(path.read_text(encoding="utf-8"), words)
    }
    assert sorted(found) == []
