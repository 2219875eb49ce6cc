"""Bad lexicons and frames in a claims file are input errors at their file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.inputs.ruleset import load_rule_set
from checker.inputs.tomlfile import InputError, InputErrors
from tests.conftest import RULES
from tests.test_claims import rule_set_with


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            'text = "{grade.is}[\'\\"]? {at} {topic}',
            'text = "{grade.is}[\'\\"]? {att} {topic}',
            "frame.0.text: the frame does not compile: unknown word {att}",
            id="frame-names-an-unknown-word",
        ),
        pytest.param(
            'good = "Good"',
            'good = "Goood"',
            "lexicon.grade.is.good: unknown grade 'Goood'",
            id="lexicon-unknown-grade",
        ),
        pytest.param(
            '(?:(?:is|remains) [\'\\"]?{grade.is}|{grade.verb})"\ngrades',
            '(?:is|remains)"\ngrades',
            "frame.2.text: nothing fills fields grade",
            id="frame-leaves-a-field-unfilled",
        ),
    ],
)
def test_bad_frames_are_input_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = (RULES / "peel-2018-19" / "claims.toml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    folder = rule_set_with(tmp_path, old, new)
    with pytest.raises((InputError, InputErrors)) as caught:
        load_rule_set(folder)
    error = str(caught.value)
    assert error.startswith(f"{folder / 'claims.toml'}:{line}:1: {message}"), error
