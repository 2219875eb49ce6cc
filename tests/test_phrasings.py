"""Every force's wording: the claims file reads the real sentences of the phrasing corpus
(tests/data/phrasings/, sentences of the corpus forces' PEEL pages) with recall of at least 95%
and no claim read wrongly, and each kind of wording is read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from checker.engine.check import Selection, check
from checker.inputs.report import validate_report, with_text
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import TomlDocument, read_toml
from checker.model.findings import Severity
from checker.text.phrasings import Sentence, load_corpus, read, score
from tests.conftest import REPORTS

CORPUS = Path(__file__).parent / "data" / "phrasings" / "peel-2018-19.toml"
KINDS = ("question-grade", "pillar-grade", "earlier-grade", "carry-over")
SENTENCES = load_corpus(CORPUS)
PAGE = re.compile(r"^https?://[\w.]*justiceinspectorates\.gov\.uk/+(?:hmicfrs/|hmic/)?")
FORCE_PAGE = re.compile(r"peel-assessments/peel-20\d\d/([a-z-]+)")


def corpus_forces() -> dict[str, str]:
    """Slug -> the force's name, for the forces with files in reports/peel-2018-19/."""
    return {
        path.stem: read_toml(path).data["force_name"]
        for path in (REPORTS / "peel-2018-19").glob("*.toml")
    }


def sentence(text: str) -> Sentence:
    found = [s for s in SENTENCES if s.text == text]
    assert found, text
    return found[0]


def test_the_corpus_is_real_sentences_of_the_corpus_forces(peel: RuleSet) -> None:
    """Every sentence is from an HMICFRS page of a corpus force, and states claims the claims
    file declares, with the scheme's keys and grades."""
    assert peel.claims is not None
    forces = corpus_forces()
    assert len(SENTENCES) >= 150
    for entry in SENTENCES:
        assert PAGE.match(entry.url), entry.url
        page = FORCE_PAGE.search(entry.url)
        assert (page.group(1) if page else entry.force) in forces, entry.url
        for claim in entry.claims:
            assert claim["claim"] in KINDS
            fields = set(peel.claims.claims[claim["claim"]].fields)
            assert set(claim) - {"claim"} <= fields, claim
            assert claim.get("question", "preventing_crime") in peel.scheme.questions
            assert claim.get("pillar", "efficiency") in peel.scheme.pillars
            assert claim.get("grade", "Good") in peel.scheme.grades.all_labels


def test_recall_and_precision_meet_the_goals(peel: RuleSet) -> None:
    """Recall at least 95% and precision 100% for every claim kind (a claim read wrongly
    raises a false finding; one missed only loses a check)."""
    assert peel.claims is not None
    scores = score(peel.claims, SENTENCES, KINDS)
    for kind, found in scores.items():
        assert found.expected > 0, kind
        assert found.recall >= 0.95, (kind, [s.text for s, _ in found.missed])
        assert found.precision == 1.0, (kind, [s.text for s, _ in found.wrong])


# Each kind of wording the issue names, with a real sentence of a corpus force.
WORDINGS = [
    pytest.param(
        "We found that Dyfed-Powys Police needs to improve how it protects vulnerable people.",
        id="question-as-a-verb-phrase-how-it",
    ),
    pytest.param("The force needs to improve the way it treats the public.", id="the-way-it"),
    pytest.param(
        "The force needs to improve the ways in which it investigates crime.",
        id="the-ways-in-which-it",
    ),
    pytest.param("Cheshire Constabulary is good at meeting current demand.", id="adjective-at"),
    pytest.param(
        "In 2017, we judged the force to be good at tackling serious and organised crime.",
        id="in-year-we-judged",
    ),
    pytest.param(
        "In 2017, we assessed the force as good at: preventing crime and tackling anti-social "
        "behaviour; and tackling serious and organised crime.",
        id="assessed-as-grade-at-a-list",
    ),
    pytest.param(
        "Cambridgeshire Constabulary has been assessed as requires improvement in respect of "
        "the efficiency with which it keeps people safe and reduces crime.",
        id="assessed-as-grade-in-respect-of",
    ),
    pytest.param("It is also good at future planning.", id="it-is-also"),
    pytest.param(
        "We also judged it to be good at tackling serious and organised crime.",
        id="we-also-judged-year-before",
    ),
    pytest.param(
        "the extent to which the force treats the public and its workforce legitimately "
        "requires improvement.",
        id="the-extent-to-which",
    ),
    pytest.param(
        "In 2016 we judged Merseyside Police as outstanding at tackling serious and organised "
        "crime, and good at preventing crime and tackling anti-social behaviour.",
        id="two-grades-two-questions-by-structure",
    ),
    pytest.param(
        "It needs to improve how it meets current demands and uses its resources and how it "
        "plans for the future.",
        id="one-grade-two-questions",
    ),
    pytest.param(
        "This question wasn’t subject to inspection in 2018/19, and our judgment from the 2017 "
        "legitimacy inspection has been carried over.",
        id="carry-over-under-a-question-heading",
    ),
    pytest.param(
        "We have carried this judgment over from our last inspection in 2017.",
        id="carry-over-without-a-pillar",
    ),
]


@pytest.mark.parametrize("text", WORDINGS)
def test_each_kind_of_wording_is_read(peel: RuleSet, text: str) -> None:
    assert peel.claims is not None
    entry = sentence(text)
    found = read(peel.claims, entry, KINDS)
    expected = [dict(claim) for claim in entry.claims]
    stated = [{k: v for k, v in c.items() if k in expected[0] or k == "claim"} for c in found]
    assert sorted(stated, key=str) == sorted(expected, key=str)


def findings_on(peel: RuleSet, text: str, show_unknown: bool = False) -> list[Any]:
    assert peel.example_base is not None
    report = validate_report(
        TomlDocument("example.toml", "", peel.example_base.data), lambda scheme: peel
    )
    return check(
        [with_text(report, text)], peel, Selection(("PEEL501",)), show_unknown=show_unknown
    )


def test_a_sentence_whose_structure_does_not_say_is_not_read(peel: RuleSet) -> None:
    """Two questions and two grades with nothing to say which goes with which: no claim, and
    with --show-unknown the check says it could not be made for those questions."""
    text = (
        "The force is good at investigating crime, and protecting vulnerable people requires "
        "improvement.\n"
    )
    assert findings_on(peel, text) == []
    (info,) = findings_on(peel, text, show_unknown=True)
    assert info.severity is Severity.INFO
    assert "investigating_crime" in info.message
    assert "protecting_vulnerable_people" in info.message
    # The same two claims, with the structure to say which grade goes with which: read.
    text = (
        "The force is good at investigating crime but needs to improve how it protects "
        "vulnerable people.\n"
    )
    found = findings_on(peel, text)
    assert {f.path for f in found} == {
        "/questions/investigating_crime/grade",
        "/questions/protecting_vulnerable_people/grade",
    }
