"""Claims read from a report's text against its data: each claim kind, errors, the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from checker.cli import main
from checker.engine.check import Selection, check
from checker.inputs.report import validate_report, with_text
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.inputs.tomlfile import InputError, InputErrors, TomlDocument
from checker.model.findings import Finding
from checker.model.rules import Example
from checker.testing.examples import apply
from checker.text.source import read_text
from tests.conftest import NORFOLK, RULES

TEXT_RULES = Selection(("PEEL5",))


def findings(
    peel: RuleSet, text: str | None, changes: dict[str, Any] | None = None
) -> list[Finding]:
    """The text rules' findings on the example report, changed, against `text`."""
    assert peel.example_base is not None
    changes_only = Example(name="t", triggers=False, set=changes or {})  # `apply` reads `set` only
    data = apply(peel.example_base.data, changes_only)
    report = validate_report(TomlDocument("example.toml", "", data), lambda scheme: peel)
    return check([with_text(report, text)], peel, TEXT_RULES)


# (text, changes to the example report, rule, path, text line, text column) per claim kind;
# texts are written as PDF extraction gives them: hard-wrapped, hyphenated, page numbers.
CONTRADICTIONS = [
    pytest.param(
        "Example Constabulary needs to improve the way it inves-\ntigates crime.\n",
        {"questions.investigating_crime.grade": "Good"},
        "PEEL501",
        "/questions/investigating_crime/grade",
        (1, 1),
        id="summary sentence, hyphenated across lines",
    ),
    pytest.param(
        "Some text before.\n\nInvestigating crime\n\nGood\nThe force investigates well.\n",
        {},
        "PEEL501",
        "/questions/investigating_crime/grade",
        (3, 1),
        id="section heading followed by its grade",
    ),
    pytest.param(
        "How legitimately does the force treat the\npublic and its workforce?\n\n"
        "Outstanding\nSummary\n",
        {},
        "PEEL502",
        "/pillars/legitimacy/grade",
        (1, 1),
        id="pillar heading over two lines",
    ),
    pytest.param(
        "IPA area\n\nInspected in 2018/19?\n\nInvestigating crime\nTreating the public "
        "fairly\n\nYes\nNo\n",
        {},
        "PEEL503",
        "/scope/7/inspected",
        (6, 1),
        id="scope table read down the columns",
    ),
    pytest.param(
        "Inspected in 2018/19?\nInvestigating crime No\nTreating the public fairly Yes\n",
        {},
        "PEEL503",
        "/scope/1/inspected",
        (2, 1),
        id="scope table read across the rows",
    ),
    pytest.param(
        "Meeting current demands and\nusing resources\n\nOutstanding\nThis question was not "
        "subject to inspection in 2018/19, and our judgment from the\n\n7\n\n2016 efficiency "
        "inspection has been carried over.\n",
        {},
        "PEEL504",
        "/questions/meeting_current_demands/carried_over/year",
        (5, 1),
        id="carry-over sentence across a page break",
    ),
    pytest.param(
        "Our 2017 judgments are still in place for the areas we didn't inspect in 2018/19.\n",
        {},
        "PEEL505",
        "/questions/serious_organised_crime/carried_over/year",
        (1, 1),
        id="scope statement",
    ),
    pytest.param(
        "Tackling serious and organised crime\n\nGood\nWe found that the force has not\n"
        "made enough progress. This area of improvement has not been discharged.\n",
        {},
        "PEEL506",
        "/followed_up/1/status",
        (5, 23),
        id="follow-up sentence",
    ),
    pytest.param(
        "HM Inspector\u2019s observations\nI am concerned that the force does not record\n"
        "stop and search grounds.\n",
        {},
        "PEEL507",
        "/hmi_concerns",
        (2, 1),
        id="HM Inspector's concern not encoded",
    ),
    pytest.param(
        "Preventing crime and tackling anti-social behaviour\n\nGood\nAreas for improvement"
        "\n\u2022\n\nThe force should ensure regular and active supervision of\ninvestigations.\n",
        {},
        "PEEL508",
        "/afis/0/question",
        (7, 1),
        id="area for improvement listed under another question",
    ),
    pytest.param(
        "Investigating crime\n\nRequires improvement\nArea for improvement\n\u2022\n\nThe force "
        "should ensure regular and active supervision of investigations.\n\n\u2022\n\n"
        "The force should review its crime allocation.\n",
        {},
        "PEEL509",
        "/afis",
        (11, 1),
        id="area for improvement listed, not encoded",
    ),
    pytest.param(
        "Ethical and lawful workforce behaviour\n\nGood\nThe force will not meet our national\n"
        "recommendation for all forces to ensure vetting by December 2018.\n",
        {
            "national_recommendations": [
                {
                    "id": "NR-1",
                    "question": "ethical_lawful_behaviour",
                    "summary": "Vetting by December 2018.",
                    "compliance": "complied",
                    "evidence": "The force will not meet our national recommendation",
                }
            ]
        },
        "PEEL510",
        "/national_recommendations/0/compliance",
        (4, 1),
        id="national recommendation compliance",
    ),
]


@pytest.mark.parametrize(("text", "changes", "rule_id", "path", "where"), CONTRADICTIONS)
def test_a_sentence_that_contradicts_the_data_is_a_finding(
    peel: RuleSet,
    text: str,
    changes: dict[str, Any],
    rule_id: str,
    path: str,
    where: tuple[int, int],
) -> None:
    """The finding sits at the data and cites the sentence at its line and column."""
    (finding,) = findings(peel, text, changes)
    assert (finding.rule_id, finding.path) == (rule_id, path)
    (location,) = [r for r in finding.related if r.file == "example.toml:text"]
    assert (location.line, location.column) == where
    assert location.note
    assert f'"{location.note}"' in finding.message


CONSISTENT = [
    pytest.param(
        "Example Constabulary needs to improve the way it inves-\ntigates crime. It is good at "
        "protecting\nvulnerable people.\n",
        id="summary sentences",
    ),
    pytest.param("Investigating crime\n\nRequires improvement\nText.\n", id="heading"),
    pytest.param(
        "Inspected in 2018/19?\nInvestigating crime\nTackling serious and organised crime\nYes\nNo",
        id="scope table",
    ),
    pytest.param(
        "Tackling serious and organised crime\n\nGood\nThis question was not subject to "
        "inspection in 2018/19, and our judgment from the 2016 effectiveness inspection has "
        "been carried over. We are satisfied that the force has suitably addressed these "
        "areas for improvement.\n",
        id="carry-over and follow-up",
    ),
    pytest.param(
        "HM Inspector's observations\nI am concerned that investigations are not\n"
        "supervised well enough.\n",
        id="HM Inspector's concern encoded",
    ),
]


@pytest.mark.parametrize("text", CONSISTENT)
def test_a_text_that_agrees_gives_no_finding(peel: RuleSet, text: str) -> None:
    """Claims that agree with the data are silent."""
    assert findings(peel, text) == []


def test_no_text_no_text_findings(peel: RuleSet) -> None:
    """A report without a text (no source, no --text) gets nothing from the text rules."""
    assert findings(peel, None, {"questions.investigating_crime.grade": "Good"}) == []


def test_evidence_quotes(peel: RuleSet) -> None:
    """Quotes must occur in the text (whatever its line breaks) and in their item's section."""
    text = (
        "Investigating crime\n\nRequires improvement\nThe force should ensure regular and\n"
        "active super-\nvision of investigations.\n"
    )
    quote = "The force should ensure regular and active supervision of investigations."
    assert findings(peel, text, {"afis.0.evidence": quote}) == []
    (elsewhere,) = findings(
        peel, text, {"afis.0.evidence": quote, "afis.0.question": "preventing_crime"}
    )
    assert (elsewhere.rule_id, elsewhere.path) == ("PEEL521", "/afis/0/evidence")
    assert "only under investigating_crime" in elsewhere.message
    missing = findings(peel, text, {"afis.0.evidence": "The force should do better."})
    assert [(f.rule_id, f.path) for f in missing] == [("PEEL520", "/afis/0/evidence")]


def test_a_text_is_read_once_per_run(tmp_path: Path) -> None:
    """Reading the same unchanged file twice gives the same normalised text object."""
    path = tmp_path / "report.txt"
    path.write_text("Investigating crime\n\nGood\n", encoding="utf-8")
    assert read_text(path) is read_text(path)


def test_norfolk_claims_all_agree_but_the_scope_statement(peel: RuleSet) -> None:
    """On the published Norfolk report the text rules find two disagreements only: the scope
    statement (PEEL505), and an earlier area for improvement the legitimacy summary calls a
    recommendation (PEEL532, tests/test_text_wording_rules.py)."""
    from checker.inputs.report import load_report

    report = load_report(NORFOLK, lambda scheme: peel)
    text = report.text
    assert text is not None
    assert text.file.endswith("norfolk.txt")
    found = [(f.rule_id, f.path) for f in check([report], peel, TEXT_RULES)]
    assert found == [
        ("PEEL505", "/questions/serious_organised_crime/carried_over/year"),
        ("PEEL532", "/followed_up/5/summary"),
    ]


# Claims files and text sources that are bad input: one line, file:line:col, exit 2.


def rule_set_with(tmp_path: Path, old: str, new: str, file: str = "claims.toml") -> Path:
    folder = tmp_path / "rules" / "peel-2018-19"
    shutil.copytree(RULES / "peel-2018-19", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "file", "column", "message"),
    [
        pytest.param(
            "regex = '^(?P<pillar>{pillar})",
            "regex = '^(?P<pillar>{pillar}",
            "claims.toml",
            1,
            "pattern.1.regex: the regular expression does not compile",
            id="regex-does-not-compile",
        ),
        pytest.param(
            "regex = '^(?P<pillar>{pillar})",
            "regex = '^(?P<pilar>{pillar})",
            "claims.toml",
            1,
            "pattern.1.regex: the pattern lacks named groups for fields pillar and has "
            "groups pilar that are not fields of its claim",
            id="regex-lacks-a-group",
        ),
        pytest.param(
            '"needs to improve" = "Requires improvement"',
            '"needs to improve" = "Requires improvment"',
            "claims.toml",
            1,
            "grades.needs to improve: unknown grade 'Requires improvment'",
            id="unknown-grade",
        ),
        pytest.param(
            'claims = "question-grade"',
            'claims = "question-grades"',
            "text.toml",
            1,
            "rule.0.claims: unknown claim 'question-grades'",
            id="rule-names-an-unknown-claim",
        ),
        pytest.param(
            'compare = { grade = "item.grade" }',
            'compare = { grades = "item.grade" }',
            "text.toml",
            13,
            "rule.0.compare.grades: claim 'question-grade' has no field 'grades'",
            id="rule-names-an-unknown-field",
        ),
    ],
)
def test_bad_claims_are_input_errors(
    tmp_path: Path, old: str, new: str, file: str, column: int, message: str
) -> None:
    """A bad claims file or text rule stops loading with its file, line, column and key."""
    text = (RULES / "peel-2018-19" / file).read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1  # the line the change is made on
    folder = rule_set_with(tmp_path, old, new, file)
    with pytest.raises((InputError, InputErrors)) as caught:
        load_rule_set(folder)
    error = str(caught.value)
    assert error.startswith(f"{folder / file}:{line}:{column}: {message}"), error


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def norfolk_copy(tmp_path: Path, source: str | None = "norfolk.txt") -> Path:
    text = NORFOLK.read_text(encoding="utf-8")
    if source != "norfolk.txt":
        text = text.replace('source = "norfolk.txt"', f"source = {source!r}" if source else "")
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "norfolk.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("../outside.txt", "source: the text '../outside.txt' lies outside the repository"),
        ("missing.txt", "source: no text file 'missing.txt' next to the report"),
    ],
)
@pytest.mark.parametrize(
    "selection",
    [[], ["--select", "PEEL1"], ["--ignore", "PEEL5"]],
    ids=["all rules", "only roll-up rules", "text rules ignored"],
)
def test_bad_source_is_an_input_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    source: str,
    message: str,
    selection: list[str],
) -> None:
    """A source outside the repository, or missing, is bad input: exit 2, one line, whatever
    rules are selected (the text is read when the report loads, not when a rule asks)."""
    (tmp_path / "outside.txt").write_text("text", encoding="utf-8")
    folder = tmp_path / "repo"
    (folder / ".git").mkdir(parents=True)
    path = norfolk_copy(folder, source)
    code, out, err = run(capsys, "check", str(path), "--rules", str(RULES), *selection)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert ":8:1: " in err
    assert "Traceback" not in err


def test_text_option_checks_against_another_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--text replaces the source; the finding names the text's line and column."""
    text = NORFOLK.with_name("norfolk.txt").read_text(encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(
        text.replace(
            "is good at treating the public fairly", "is outstanding at treating the\npublic fairly"
        ),
        encoding="utf-8",
    )
    path = norfolk_copy(tmp_path, None)
    code, out, _ = run(
        capsys,
        "check",
        str(path),
        "--rules",
        str(RULES),
        "--text",
        str(draft),
        "--select",
        "PEEL501",
        "--format",
        "json",
    )
    assert code == 1
    import json

    (finding,) = json.loads(out)["findings"]
    assert finding["path"] == "/questions/fair_treatment_public/grade"
    assert (finding["expected"], finding["actual"]) == ("Outstanding", "Good")
    (related,) = finding["related"]
    assert related["file"].endswith("draft.txt")
    assert (related["line"], related["column"]) == (978, 1)
    assert related["note"] == ("Norfolk Constabulary is outstanding at treating the public fairly.")


def test_text_option_needs_one_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--text with several reports is bad usage: exit 2."""
    first = norfolk_copy(tmp_path / "a")
    second = norfolk_copy(tmp_path / "b")
    code, _, err = run(
        capsys,
        "check",
        str(first),
        str(second),
        "--rules",
        str(RULES),
        "--text",
        str(NORFOLK.with_name("norfolk.txt")),
    )
    assert code == 2
    assert "--text needs exactly one report to check; 2 were given" in err


def test_text_option_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing --text file is bad input."""
    code, _, err = run(
        capsys, "check", str(NORFOLK), "--rules", str(RULES), "--text", str(tmp_path / "no.txt")
    )
    assert code == 2
    assert "no.txt:1:1: (file): cannot read the text" in err


def test_text_rules_need_a_claims_file(tmp_path: Path) -> None:
    """A rule set whose rules read the text but which has no claims.toml does not load."""
    folder = tmp_path / "rules" / "peel-2018-19"
    shutil.copytree(RULES / "peel-2018-19", folder)
    (folder / "claims.toml").unlink()
    with pytest.raises(InputErrors) as caught:
        load_rule_set(folder)
    first = caught.value.errors[0]
    assert first.file.endswith("text.toml")
    assert first.key == "rule.0.kind"
    assert "reads claim patterns from claims.toml" in first.message
