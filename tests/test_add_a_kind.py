"""A new kind is one module and one entry in KINDS: no other Python changes.

The module below is written into a temporary folder, registered with one entry, and used by
a rule set written as data: its rules load (parameters validated by the module's `Params`),
its examples pass, and `gradecheck check` and `rules explain` use it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine import kinds
from checker.inputs.ruleset import load_rule_set
from checker.testing.examples import run_examples
from tests.test_second_scheme import BASE, write_mini

MODULE = textwrap.dedent(
    '''
    """`at_most_items`: a list holds at most `most` items."""

    from __future__ import annotations

    from collections.abc import Iterator
    from typing import Literal

    from pydantic import Field

    from checker.engine.context import Context
    from checker.engine.violation import Violation
    from checker.model.rules import RefField, Rule
    from checker.refs.evaluate import Scope, evaluate


    class Params(Rule):
        kind: Literal["at_most_items"]
        ref: RefField
        most: int = Field(ge=0)


    def check(rule: Params, scope: Scope, context: Context) -> Iterator[Violation]:
        hits = evaluate(rule.ref, scope)
        if len(hits) > rule.most:
            extra = hits[rule.most]
            yield Violation(extra.root, extra.path, actual=len(hits), expected=rule.most)
    '''
)

RULE = """
[[rule]]
id = "MINI100"
name = "too-many-afis"
title = "At most two areas for improvement"
severity = "warning"
kind = "at_most_items"
ref = "report.afis.*"
most = 2
message = "{actual} areas for improvement, more than {expected}"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "one", triggers = false },
  { name = "three", triggers = true, set = { "afis" = [{ id = "A1", question = "responding", text = "a" }, { id = "A2", question = "responding", text = "b" }, { id = "A3", question = "victims", text = "c" }] }, path = "/afis/2" },
]
"""


@pytest.fixture
def extra_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module on the import path and its one registry entry; a rule set that uses it."""
    (tmp_path / "gc_at_most_items.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(kinds.KINDS, "at_most_items", "gc_at_most_items")
    return write_mini(tmp_path, RULE)


def test_a_kind_added_by_one_module_and_one_entry_runs(extra_kind: Path) -> None:
    """The new kind's rule loads and its examples pass."""
    rule_set = load_rule_set(extra_kind / "rules" / "mini-2024")
    assert [loaded.rule.kind for loaded in rule_set.rules] == ["at_most_items"]
    assert [o.describe() for o in run_examples(rule_set) if not o.passed] == []


def test_the_new_kind_checks_reports_and_explains_itself(
    extra_kind: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` finds with it; `rules explain` shows its parameters."""
    report = extra_kind / "example.toml"
    afis = ", ".join(f'{{ id = "A{n}", question = "victims", text = "t{n}" }}' for n in range(1, 4))
    report.write_text(
        BASE.replace(
            'afis = [{ id = "A1", question = "responding", text = "Answer calls faster." }]',
            f"afis = [{afis}]",
        ),
        encoding="utf-8",
    )
    rules = str(extra_kind / "rules")
    code = main(["check", str(report), "--rules", rules, "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert code == 0  # a warning does not fail the run
    assert [(f["rule_id"], f["path"], f["message"]) for f in found] == [
        ("MINI100", "/afis/2", "3 areas for improvement, more than 2")
    ]
    assert main(["rules", "explain", "MINI100", "--rules", rules]) == 0
    explained = capsys.readouterr().out
    assert "Kind: at_most_items" in explained
    assert '"most": 2' in explained or "most = 2" in explained


def test_a_parameter_the_new_kind_does_not_take_is_an_input_error(
    extra_kind: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The module's `Params` validates its rules like any built-in kind's."""
    rule_file = extra_kind / "rules" / "mini-2024" / "rules.toml"
    rule_file.write_text(RULE.replace("most = 2", "most = 2\nleast = 1"), encoding="utf-8")
    code = main(["rules", "list", "--rules", str(extra_kind / "rules")])
    assert code == 2
    assert "rules.toml:10:1: rule.0.least: unknown key" in capsys.readouterr().err
