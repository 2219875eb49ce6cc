"""Speed-ups change no finding: every finding on the bundled reports and of every rule
example, byte for byte, equals the recorded snapshot (tests/snapshots/findings.json).

The snapshot was recorded before references were compiled; a change that alters findings on
purpose (a new rule, a reworded message) rewrites it with GRADECHECK_UPDATE_SNAPSHOTS=1, and
the diff is reviewed like any other output change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.inputs.ruleset import load_rule_set
from checker.run import check_paths
from checker.testing.examples import run_examples
from tests.conftest import REPORTS, RULES
from tests.gate_support import assert_snapshot


def _all_findings(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(REPORTS.parent)
    findings, _ = check_paths([Path("reports")], Path("rules"))
    examples = {
        f"{folder.name}:{outcome.rule.rule.id}:{outcome.example.name}": [
            finding.to_dict() for finding in outcome.findings
        ]
        for folder in sorted(path.parent for path in RULES.glob("*/scheme.toml"))
        for outcome in run_examples(load_rule_set(folder))
    }
    document = {"bundled": [f.to_dict() for f in findings], "examples": examples}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_findings_are_byte_identical_to_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_snapshot("findings.json", _all_findings(monkeypatch))
