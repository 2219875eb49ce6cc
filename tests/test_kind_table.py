"""The README's kind table and the registry agree: every kind once, with its parameters."""

from __future__ import annotations

import re
from pathlib import Path

from checker.engine.kinds import KINDS, params_model
from checker.model.rules import Rule

README = Path(__file__).resolve().parent.parent / "README.md"


def table() -> dict[str, set[str]]:
    """Kind -> the parameters its README row names."""
    text = README.read_text(encoding="utf-8")
    start = text.index("| kind | parameters | meaning |")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        kind, parameters = line.split("|")[1:3]
        rows[kind.strip().strip("`")] = set(re.findall(r"`([a-z_]+)`", parameters))
    return rows


def test_readme_lists_every_registered_kind_once() -> None:
    assert sorted(table()) == sorted(KINDS)


def test_readme_names_each_kinds_own_parameters() -> None:
    """Every parameter a kind adds to the common rule fields is in its row, and every name in
    its row is a field of its model (or a value of one, like `extremes`)."""
    common = set(Rule.model_fields)
    for kind, listed in table().items():
        model = params_model(kind)
        own = set(model.model_fields) - common - {"kind"}
        assert own <= listed, f"{kind}: README row lacks {sorted(own - listed)}"
        fields = set(model.model_fields)
        values = {"extremes", "middle", "text", "section"}
        assert listed <= fields | values, f"{kind}: README row names {sorted(listed - fields)}"
