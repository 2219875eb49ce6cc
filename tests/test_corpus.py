"""The corpus index: reports by force, scheme and year, built once per run; bad earlier
reports are input errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker import run
from checker.cli import main
from checker.engine.corpus import Corpus, key_of
from checker.inputs.report import LoadedReport
from checker.inputs.ruleset import load_rule_set
from checker.inputs.tomlfile import TomlDocument
from checker.testing.examples import run_examples
from tests.conftest import REPORTS, RULES


def report(force: str, scheme: str, year: str, name: str = "") -> LoadedReport:
    """A loaded report with just the keys the index reads (the engine reads data, not models)."""
    data = {"force": force, "scheme": scheme, "year": year}
    file = name or f"{scheme}/{force}.toml"
    return LoadedReport(TomlDocument(file, "", data))


def test_find_by_force_scheme_and_year() -> None:
    """A report is found by its force, scheme and year, and by nothing else."""
    a = report("alpha", "peel-2017", "2017")
    corpus = Corpus.of([a, report("beta", "peel-2017", "2017")])
    assert corpus.find("alpha", "peel-2017", "2017") is a
    assert corpus.find("alpha", "peel-2016", "2016") is None
    assert corpus.find("gamma", "peel-2017", "2017") is None
    assert len(corpus) == 2


def test_earlier_reports_of_the_same_force_oldest_first() -> None:
    """earlier_than gives the force's reports from earlier years, in year order, only."""
    reports = [
        report("alpha", "peel-2018-19", "2018/19"),
        report("alpha", "peel-2016", "2016"),
        report("alpha", "peel-2017", "2017"),
        report("beta", "peel-2016", "2016"),
    ]
    corpus = Corpus.of(reports)
    years = [r.data["year"] for r in corpus.earlier_than(reports[0].data)]
    assert years == ["2016", "2017"]
    assert list(corpus.earlier_than(reports[1].data)) == []


def test_two_reports_for_one_key_are_never_chosen_between() -> None:
    """Duplicates are recorded with their files and not looked up."""
    corpus = Corpus.of(
        [
            report("alpha", "peel-2016", "2016", "b.toml"),
            report("alpha", "peel-2016", "2016", "a.toml"),
        ]
    )
    assert corpus.find("alpha", "peel-2016", "2016") is None
    assert corpus.duplicates == {("alpha", "peel-2016", "2016"): ("a.toml", "b.toml")}


@pytest.mark.parametrize(
    "data",
    [{}, {"force": "a", "scheme": "s"}, {"force": "a", "scheme": "s", "year": "soon"}],
)
def test_data_without_a_key_is_not_indexed(data: dict[str, str]) -> None:
    """Generated or unvalidated data without force, scheme and year is left out."""
    assert key_of(data) is None


def test_the_corpus_is_built_once_per_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checking three reports of three schemes builds one index, of all three."""
    built: list[int] = []
    original = Corpus.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Corpus], reports: list[LoadedReport]) -> Corpus:
        corpus: Corpus = original(cls, reports)
        built.append(len(corpus))
        return corpus

    monkeypatch.setattr(run.Corpus, "of", classmethod(counting))
    main(["check", str(REPORTS), "--rules", str(RULES)])
    capsys.readouterr()
    assert built == [len(list(REPORTS.rglob("*.toml")))]


def test_rule_set_examples_of_earlier_reports_load() -> None:
    """The 2018/19 rule examples run with earlier example reports of their own schemes."""
    from checker.engine.corpus import _example_earlier

    folder = RULES / "peel-2018-19"
    schemes = [r.data["scheme"] for r in _example_earlier(folder)]
    assert schemes == ["peel-2016", "peel-2017"]
    # PEEL601's triggering example can only fire against the earlier example report, which
    # its finding then names as a related location.
    rule_set = load_rule_set(folder)
    loaded = rule_set.find("PEEL601")
    assert loaded is not None
    (outcome,) = [o for o in run_examples(rule_set, loaded.rule) if o.example.triggers]
    (finding,) = outcome.findings
    assert finding.path == "/questions/meeting_current_demands/grade"
    assert "which graded it Outstanding" in finding.message
    earlier = folder / "examples" / "earlier" / "peel-2017.toml"
    assert [Path(r.file).resolve() for r in finding.related] == [earlier.resolve()]


def copy_corpus(tmp_path: Path) -> Path:
    for scheme in ("peel-2016", "peel-2017", "peel-2018-19"):
        (tmp_path / scheme).mkdir()
        shutil.copy(REPORTS / scheme / "norfolk.toml", tmp_path / scheme)
    # The 2018/19 report names its text; a report's text is read when the report loads.
    shutil.copy(REPORTS / "peel-2018-19" / "norfolk.txt", tmp_path / "peel-2018-19")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'scheme = "peel-2017"',
            'scheme = "peel-2015"',
            ":13:1: scheme: no rule set for scheme 'peel-2015'",
        ),
        ("partial = true", 'partial = "yes"', ":15:1: partial: Input should be a valid boolean"),
        (
            '[questions.understanding_demand]\ngrade = "Outstanding"',
            '[questions.understanding_demand]\ngrade = "Excellent"',
            ":28:1: questions.understanding_demand.grade: unknown grade 'Excellent'",
        ),
    ],
    ids=["unknown scheme", "partial not a boolean", "unknown grade"],
)
def test_a_malformed_earlier_report_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, message: str
) -> None:
    """One line, file:line:col: key: message, and exit code 2."""
    folder = copy_corpus(tmp_path)
    path = folder / "peel-2017" / "norfolk.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    code = main(["check", str(folder), "--rules", str(RULES)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{path}{message}")
