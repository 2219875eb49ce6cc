"""Baselines end to end through the command line: write one, add a finding, fix one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gate_support import (
    ARMED_RESPONSE_WITHOUT_YEAR,
    OUTSTANDING_EFFECTIVENESS,
    UNADDRESSED_CONCERN,
    make_corpus,
    report_text,
    run,
)

ALPHA = "reports/peel-2018-19/alpha.toml"
BETA = "reports/peel-2018-19/beta.toml"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two reports with a warning each: PEEL208 in alpha, PEEL405 in beta."""
    make_corpus(
        tmp_path,
        {
            "alpha.toml": report_text("alpha", ARMED_RESPONSE_WITHOUT_YEAR),
            "beta.toml": report_text("beta", UNADDRESSED_CONCERN),
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code, out, err = run(capsys, "check", "--fail-on", "warning", *args)
    assert err == ""
    return code, out.splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_baseline_life_cycle(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    """Write a baseline; survive an unrelated edit; fail on a new finding only; see a fix."""
    code, lines = check(capsys)
    assert code == 1

    code, lines = check(capsys, "--write-baseline", "gate/baseline.json")
    assert code == 0
    assert [line.endswith("[baselined]") for line in lines[:-1]] == [True, True]
    assert lines[-1] == "No findings in 2 reports; 2 baselined."

    code, lines = check(capsys, "--baseline", "gate/baseline.json")
    assert (code, lines[-1]) == (0, "No findings in 2 reports; 2 baselined.")

    # Unrelated edits move every line of alpha; fingerprints do not use line numbers.
    edit(corpus / ALPHA, "force = ", "# Encoded by the test.\n# Reviewed.\n\nforce = ")
    code, lines = check(capsys, "--baseline", "gate/baseline.json")
    assert (code, lines[-1]) == (0, "No findings in 2 reports; 2 baselined.")

    edit(corpus / ALPHA, *OUTSTANDING_EFFECTIVENESS)
    code, lines = check(capsys, "--baseline", "gate/baseline.json")
    assert code == 1
    new = [line for line in lines[:-1] if not line.endswith("[baselined]")]
    assert [line.split()[1] for line in new] == ["PEEL101", "PEEL102"]
    assert lines[-1] == "2 findings (1 error, 1 warning) in 2 reports; 2 baselined."

    edit(corpus / BETA, "addressed_by = []", 'addressed_by = ["AFI-1"]')
    code, lines = check(capsys, "--baseline", "gate/baseline.json", "--select", "PEEL2,PEEL4")
    assert code == 0
    assert lines == [
        lines[0],
        f"{BETA}: PEEL405 fixed since the baseline: /hmi_concerns/0/addressed_by "
        "(hmi-concern-unaddressed)",
        "No findings in 2 reports; 1 baselined, 1 fixed since the baseline.",
    ]
    assert lines[0].startswith(f"{ALPHA}:36:1: PEEL208 warning ")

    _, out, _ = run(capsys, "check", "--baseline", "gate/baseline.json", "--format", "json")
    document = json.loads(out)
    assert document["baseline"]["file"] == "gate/baseline.json"
    (gone,) = document["baseline"]["gone"]
    assert (gone["rule_id"], gone["file"], gone["path"]) == (
        "PEEL405",
        BETA,
        "/hmi_concerns/0/addressed_by",
    )
    assert [f["rule_id"] for f in document["findings"] if f.get("baselined")] == ["PEEL208"]
    assert document["suppressed"] == {"waived": 0, "departed": 0, "baselined": 1}

    _, out, _ = run(capsys, "check", "--baseline", "gate/baseline.json", "--format", "sarif")
    states = {r["ruleId"]: r["baselineState"] for r in json.loads(out)["runs"][0]["results"]}
    assert states == {"PEEL101": "new", "PEEL102": "new", "PEEL208": "unchanged"}


def test_baseline_file_is_versioned_sorted_and_line_free(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """The baseline is JSON: a version, then findings sorted by file, rule and path."""
    check(capsys, "--write-baseline", "baseline.json")
    first = (corpus / "baseline.json").read_text(encoding="utf-8")
    document = json.loads(first)
    assert document["version"] == 1
    entries = document["findings"]
    assert [(e["file"], e["rule_id"], e["path"]) for e in entries] == [
        (ALPHA, "PEEL208", "/questions/armed_response/last_inspected"),
        (BETA, "PEEL405", "/hmi_concerns/0/addressed_by"),
    ]
    assert set(entries[0]) == {"file", "rule_id", "path", "rule_name", "message", "fingerprint"}
    check(capsys, "--write-baseline", "baseline.json")
    assert (corpus / "baseline.json").read_text(encoding="utf-8") == first


def test_baseline_entries_are_counted(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    """Each entry excuses one finding: an entry recorded twice but found once is half gone."""
    check(capsys, "--write-baseline", "baseline.json")
    baseline = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    baseline["findings"] = baseline["findings"][:1] * 2
    (corpus / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    code, lines = check(capsys, "--baseline", "baseline.json")
    assert code == 1  # PEEL405 in beta is not in this baseline
    assert lines[-1] == (
        "1 finding (1 warning) in 2 reports; 1 baselined, 1 fixed since the baseline."
    )


def test_entries_for_reports_not_checked_are_not_gone(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """Checking one report does not call the other report's baseline entries fixed."""
    check(capsys, "--write-baseline", "baseline.json")
    code, lines = check(capsys, "--baseline", "baseline.json", BETA)
    assert (code, lines[-1]) == (0, "No findings in 1 report; 1 baselined.")


def test_waived_findings_are_not_baselined(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """A waiver says more than a baseline; the waived finding stays out of the baseline file."""
    waiver = (
        '\n[[waivers]]\nrule = "PEEL208"\nreason = "As published."\nowner = "ana"\n'
        "expires = 2030-01-01\n"
    )
    (corpus / ALPHA).write_text((corpus / ALPHA).read_text(encoding="utf-8") + waiver)
    check(capsys, "--write-baseline", "baseline.json", "--today", "2026-01-15")
    entries = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e["rule_id"] for e in entries] == ["PEEL405"]
    _, lines = check(capsys, "--baseline", "baseline.json", "--today", "2026-01-15")
    assert lines[-1] == "No findings in 2 reports; 1 waived, 1 baselined."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"version": 1,\n "findings": [}', "baseline.json:2:15: (syntax): JSON syntax error: "),
        # Each error at the key it is about (or at the nearest enclosing key the file has).
        ('{"version": 7, "findings": []}', "baseline.json:1:2: version: unsupported baseline "),
        ("[]", "baseline.json:1:1: (top level): a baseline is a JSON object"),
        ('{"version": 1, "findings": [{"file": 1}]}', "baseline.json:1:30: findings.0.file: "),
        ('{"version": 1,\n  "findings": {}}', "baseline.json:2:3: findings: required key "),
        ('{"tool": {"a": ["]", {"b": 1}]},\n "version": 7}', "baseline.json:2:2: version: "),
        (
            '{"version": 1, "findings": [\n  {"file": "a", "rule_id": "X"}]}',
            "baseline.json:2:3: findings.0.path: required key 'path' must be a string",
        ),
        (None, "baseline.json:1:1: (file): cannot read: No such file or directory"),
    ],
)
def test_malformed_baseline_is_an_input_error(
    capsys: pytest.CaptureFixture[str], corpus: Path, text: str | None, expected: str
) -> None:
    """A bad baseline is exit code 2 and one line naming file, line, column and key."""
    if text is not None:
        (corpus / "baseline.json").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", "--baseline", "baseline.json")
    assert (code, out) == (2, "")
    assert err.startswith(expected), err
    assert len(err.splitlines()) == 1
