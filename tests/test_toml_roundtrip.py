"""checker.tomlwrite: what it writes reads back with tomllib to equal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import tomllib
from hypothesis import given
from hypothesis import strategies as st

from checker.tomlwrite import dumps

keys = st.text(min_size=1, max_size=8)
scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1900, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=12,
)


@given(st.dictionaries(keys, values, max_size=6))
def test_round_trip(data: dict[str, Any]) -> None:
    """Any TOML-shaped data survives dumps then tomllib.loads unchanged."""
    assert tomllib.loads(dumps(data)) == data


def test_layout() -> None:
    """Plain values come first, then tables, then arrays of tables, as a person writes them."""
    text = dumps({"a": 1, "t": {"x": "y"}, "rows": [{"k": 1}, {"k": 2}], "b": "c"})
    assert text == 'a = 1\nb = "c"\n\n[t]\nx = "y"\n\n[[rows]]\nk = 1\n\n[[rows]]\nk = 2\n'


def test_none_is_refused() -> None:
    """TOML has no null: None is a TypeError, not a silent omission."""
    with pytest.raises(TypeError, match="NoneType"):
        dumps({"a": None})
