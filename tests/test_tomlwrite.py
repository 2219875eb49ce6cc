"""The TOML writer used by drafts: output reads back with tomllib to the same data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.authoring.tomlwrite import dumps
from tests.conftest import tomllib

KEYS = st.text(min_size=1, max_size=8)
SCALARS = (
    st.text(max_size=20)
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.dates()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_round_trip(data: dict[str, Any]) -> None:
    """Anything TOML can hold reads back equal: tables, arrays of tables, inline tables."""
    assert tomllib.loads(dumps(data)) == data


def test_layout_and_comments() -> None:
    """Small tables go inline, others get headers; comments follow their values."""
    data = {
        "force": "norfolk",
        "published": dt.date(2019, 5, 2),
        "questions": {
            "soc": {"grade": "Good", "carried_over": {"year": "2016", "pillar": "effectiveness"}}
        },
        "followed_up": [{"id": "FU-1", "status": "resolved"}, {"id": "FU-2", "note": 'a "q"\n'}],
    }
    comments = {
        ("force",): "unsure: derived",
        ("questions", "soc", "carried_over"): "unsure: one place",
        ("followed_up", 1): "unsure: several",
    }
    text = dumps(data, comments)
    assert text.startswith('force = "norfolk"  # unsure: derived\npublished = 2019-05-02\n')
    assert (
        'carried_over = { year = "2016", pillar = "effectiveness" }  # unsure: one place\n' in text
    )
    assert "[questions.soc]\n" in text
    assert '[[followed_up]]  # unsure: several\nid = "FU-2"\nnote = "a \\"q\\"\\n"\n' in text
    assert tomllib.loads(text) == data


def test_values_toml_cannot_hold() -> None:
    """None has no TOML form."""
    with pytest.raises(TypeError):
        dumps({"x": None})
