"""The rule language's general features for schemes beyond PEEL 2018/19 (issue 14, part 6),
each on a small scheme written into a temporary folder: flags, question sets (variants) in
one cycle, a scale per question, a declared follow-up status scale, justified departures,
and `extends` with `only` (inherited rules whose examples run where they are written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.ruleset import load_rule_set
from checker.testing.examples import run_examples

SCHEME = """
id = "demo-2025"
title = "A scheme with flags, variants and a met / not met question"
year = "2025"

[grades]
scale = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
ungraded = "Not rated"

[scales]
met = ["Not met", "Met"]

[follow_up]
statuses = ["no progress", "some progress", "good progress"]

[pillars.overall]
names = ["Overall"]

[questions.safe]
pillar = "overall"
names = ["Safe"]

[questions.led]
pillar = "overall"
names = ["Well-led"]

[questions.caring]
pillar = "overall"
names = ["Caring"]

[questions.safeguarding]
scale = "met"
names = ["Safeguarding"]

[flags.breach]
names = ["Breach of regulations"]

[variants.first]
names = ["First framework"]
questions = ["safe", "led", "safeguarding"]

[variants.revised]
names = ["Revised framework"]
questions = ["safe", "led", "caring", "safeguarding"]
"""

RULES = """
[[rule]]
id = "DEMO001"
name = "breach-caps-overall"
title = "A breach of regulations caps the overall rating at Requires improvement"
severity = "error"
kind = "implies"
for_each = "report.pillars.overall"
when = [{ ref = "report.flags.breach", equals = true }]
then = [{ ref = "item.grade", at_most = "Requires improvement" }]
at = "item.grade"
message = "overall is {actual} despite a breach of regulations"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "no breach", triggers = false },
  { name = "breach under Good", triggers = true, set = { "flags.breach" = true }, path = "/pillars/overall/grade" },
]

[[rule]]
id = "DEMO002"
name = "two-inadequate-give-inadequate"
title = "Two or more Inadequate key questions normally give an Inadequate overall rating"
severity = "error"
departable = true
kind = "implies"
for_each = "report.pillars.overall"
when = [{ ref = "report.questions[grade=Inadequate]", count_min = 2 }]
then = [{ ref = "item.grade", equals = "Inadequate" }]
at = "item.grade"
message = "overall is {actual} with two or more Inadequate key questions"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "none Inadequate", triggers = false },
  { name = "two Inadequate", triggers = true, set = { "questions.safe.grade" = "Inadequate", "questions.led.grade" = "Inadequate" }, path = "/pillars/overall/grade" },
]

[[rule]]
id = "DEMO003"
name = "safeguarding-met-for-good"
title = "A Good overall rating needs safeguarding met"
severity = "warning"
kind = "implies"
for_each = "report.pillars.overall"
when = [{ ref = "item.grade", at_least = "Good" }]
then = [{ ref = "report.questions.safeguarding.grade", at_least = "Met" }]
at = "item.grade"
message = "overall is {actual} with safeguarding {expected}"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "met", triggers = false },
  { name = "not met", triggers = true, set = { "questions.safeguarding.grade" = "Not met" }, path = "/pillars/overall/grade" },
]

[[rule]]
id = "DEMO004"
name = "variant-question-graded"
title = "Every question of the report's framework is graded"
severity = "error"
kind = "implies"
for_each = "scheme.variants.{report.variant}.questions.*"
vars = { question = "item" }
then = [{ ref = "report.questions.{item}.grade", present = true }]
message = "question {question} of the framework has no grade"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "all graded", triggers = false },
  { name = "one missing", triggers = true, set = { "variant" = "revised" }, path = "/questions/caring/grade" },
]
"""

BASE = """
force = "example"
force_name = "Example Care Home"
scheme = "demo-2025"
year = "2025"
variant = "first"
publication = { title = "Example" }
pillars.overall = { grade = "Good" }
questions.safe = { grade = "Good" }
questions.led = { grade = "Good" }
questions.safeguarding = { grade = "Met" }
flags = { breach = false }
followed_up = [{ id = "F1", raised_in = { year = "2024" }, summary = "s", status = "some progress" }]
"""


def write_demo(root: Path, rules: str = RULES, base: str = BASE) -> Path:
    folder = root / "rules" / "demo-2025"
    (folder / "examples").mkdir(parents=True)
    (folder / "scheme.toml").write_text(SCHEME, encoding="utf-8")
    (folder / "rules.toml").write_text(rules, encoding="utf-8")
    (folder / "examples" / "base.toml").write_text(base, encoding="utf-8")
    (root / "reports").mkdir()
    return root


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_demo(tmp_path)


def check(capsys: pytest.CaptureFixture[str], report: str, *args: str) -> tuple[int, str, str]:
    Path("reports/example.toml").write_text(report, encoding="utf-8")
    code = main(["check", "reports", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_every_feature_loads_and_the_examples_pass(demo: Path) -> None:
    outcomes = run_examples(load_rule_set(demo / "rules" / "demo-2025"))
    assert len(outcomes) == 8
    assert [o.describe() for o in outcomes if not o.passed] == []


def test_the_base_report_is_consistent(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, BASE)[:2] == (0, "No findings in 1 report.\n")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("flags = { breach = false }", "flags = { breech = false }"),
            "flags.breech: unknown flag 'breech'",
        ),
        (('variant = "first"\n', ""), "variant: required by the scheme (first, revised)"),
        (('variant = "first"', 'variant = "third"'), "variant: unknown variant 'third'"),
        (
            ('questions.led = { grade = "Good" }', 'questions.caring = { grade = "Good" }'),
            "questions.caring: not a question of variant 'first'",
        ),
        (
            ('safeguarding = { grade = "Met" }', 'safeguarding = { grade = "Good" }'),
            "questions.safeguarding.grade: 'Good' is not on this question's scale (Not met, Met,",
        ),
        (
            ('questions.safe = { grade = "Good" }', 'questions.safe = { grade = "Met" }'),
            "questions.safe.grade: 'Met' is not on this question's scale (Inadequate,",
        ),
        (
            ('status = "some progress"', 'status = "resolved"'),
            "followed_up.0.status: unknown follow-up status 'resolved' (the scheme knows no "
            "progress, some progress, good progress)",
        ),
    ],
)
def test_what_the_scheme_declares_is_checked_when_a_report_loads(
    demo: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    code, out, err = check(capsys, BASE.replace(*change))
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith("reports/example.toml:")
    assert message in line


def test_a_flag_and_a_scale_of_its_own_feed_the_rules(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = BASE.replace("breach = false", "breach = true").replace('"Met"', '"Not met"')
    code, out, _ = check(capsys, report)
    assert code == 1
    found = [line.split()[1] for line in out.splitlines()[:-1]]
    assert found == ["DEMO001", "DEMO003"]
    assert "safeguarding at least Met" in out


def test_a_variants_questions_are_what_its_rules_iterate(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(capsys, BASE.replace('variant = "first"', 'variant = "revised"'))
    assert code == 1
    assert "DEMO004" in out
    assert "question caring of the framework has no grade" in out


TWO_INADEQUATE = BASE.replace(
    'questions.safe = { grade = "Good" }', 'questions.safe = { grade = "Inadequate" }'
).replace('questions.led = { grade = "Good" }', 'questions.led = { grade = "Inadequate" }')
# (overall stays Good: DEMO002 fires, and DEMO003 does not: safeguarding is met)


def test_a_departure_with_its_rationale_accepts_the_finding(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    departure = (
        '\n[[departures]]\nrule = "two-inadequate-give-inadequate"\n'
        'path = "/pillars/overall/grade"\nrationale = "Both were rated on one incident."\n'
    )
    code, out, _ = check(capsys, TWO_INADEQUATE + departure)
    assert code == 0
    lines = out.splitlines()
    assert "DEMO002" in lines[0]
    assert lines[0].endswith("[departure: Both were rated on one incident.]")
    assert lines[-1] == "No findings in 1 report; 1 departed."
    code, out, _ = check(capsys, TWO_INADEQUATE + departure, "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert finding["departure"]["rationale"] == "Both were rated on one incident."
    assert json.loads(out)["suppressed"]["departed"] == 1


def test_without_a_departure_the_principle_fails_the_run(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(capsys, TWO_INADEQUATE)
    assert code == 1
    assert "DEMO002" in out


@pytest.mark.parametrize(
    ("rule", "path", "expected"),
    [
        (
            "DEMO001",
            "/pillars/overall/grade",
            "GC003 error departure from DEMO001 at /pillars/overall/grade, a rule that allows none",
        ),
        (
            "DEMO002",
            "/questions/safe",
            "GC004 warning departure from DEMO002 at /questions/safe covers no finding",
        ),
    ],
)
def test_a_departure_from_a_fixed_rule_or_from_nothing_is_a_finding(
    demo: Path, capsys: pytest.CaptureFixture[str], rule: str, path: str, expected: str
) -> None:
    departure = f'\n[[departures]]\nrule = "{rule}"\npath = "{path}"\nrationale = "r"\n'
    _, out, _ = check(capsys, BASE + departure)
    assert f"reports/example.toml:15:3: {expected}" in out


def test_a_departure_naming_no_rule_is_an_input_error(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    departure = '\n[[departures]]\nrule = "DEMO02"\nrationale = "r"\n'
    code, out, err = check(capsys, BASE + departure)
    assert (code, out) == (2, "")
    assert err.startswith("reports/example.toml:16:1: departures.0.rule: no rule 'DEMO02'")
    assert "did you mean" in err


def test_scheme_errors_for_the_new_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        'scale = "met"': ('scale = "mett"', "question 'safeguarding' names unknown scale 'mett'"),
        'questions = ["safe", "led", "safeguarding"]': (
            'questions = ["safe", "lead"]',
            "variant 'first' names unknown question 'lead'",
        ),
        'met = ["Not met", "Met"]': (
            'met = ["Not met", "Good"]',
            "a label is on two scales: 'Good'",
        ),
    }
    for index, (old, (new, message)) in enumerate(bad.items()):
        root = tmp_path / str(index)
        write_demo(root)
        scheme = root / "rules" / "demo-2025" / "scheme.toml"
        scheme.write_text(SCHEME.replace(old, new), encoding="utf-8")
        code = main(["rules", "list", "--rules", str(root / "rules")])
        _, err = capsys.readouterr()
        assert code == 2
        assert message in err, err


EXTENDS_RULES = """
[[rule]]
id = "OWN001"
name = "led-graded"
title = "Well-led has a grade"
severity = "error"
kind = "implies"
then = [{ ref = "report.questions.led.grade", present = true }]
message = "well-led has no grade"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [
  { name = "graded", triggers = false },
  { name = "missing", triggers = true, set = { "questions.led" = {} }, path = "/questions/led/grade" },
]
"""


def write_child(root: Path, extends: str) -> Path:
    """demo-2025 and a set `child` extending it, with another example report."""
    write_demo(root)
    child = root / "rules" / "child"
    (child / "examples").mkdir(parents=True)
    (child / "scheme.toml").write_text(SCHEME.replace('"demo-2025"', '"child"'), encoding="utf-8")
    (child / "extends.toml").write_text(extends, encoding="utf-8")
    (child / "own.toml").write_text(EXTENDS_RULES, encoding="utf-8")
    # An example report the inherited examples could not run on (no safe grade to change).
    base = BASE.replace('"demo-2025"', '"child"').replace(
        'variant = "first"', 'variant = "revised"'
    )
    base += 'questions.caring = { grade = "Good" }\n'
    (child / "examples" / "base.toml").write_text(base, encoding="utf-8")
    return child


def test_extends_only_keeps_the_named_rules_and_their_examples_run_where_written(
    tmp_path: Path,
) -> None:
    child = write_child(
        tmp_path,
        'extends = "demo-2025"\nrenumber = { DEMO = "KID" }\nonly = ["KID001", "KID002"]\n',
    )
    rule_set = load_rule_set(child)
    assert [loaded.rule.id for loaded in rule_set.rules] == ["KID001", "KID002", "OWN001"]
    inherited = rule_set.rules[0]
    assert inherited.origin is not None
    assert inherited.origin.name == "demo-2025"
    assert rule_set.rules[2].origin is None
    outcomes = run_examples(rule_set)
    assert [o.describe() for o in outcomes if not o.passed] == []
    assert len(outcomes) == 6


@pytest.mark.parametrize(
    ("extends", "message"),
    [
        (
            'extends = "demo-2025"\nonly = ["DEMO009"]\n',
            "only.0: DEMO009 is not a rule inherited from demo-2025",
        ),
        (
            'extends = "demo-2025"\nrenumber = { DEMO = "KID" }\nonly = ["DEMO001"]\n',
            "(renumbered, it is KID001)",
        ),
        (
            'extends = "demo-2025"\nonly = ["DEMO001"]\nremove = ["DEMO002"]\n',
            "write `only` (the rules kept) or `remove`, not both",
        ),
    ],
)
def test_extends_only_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extends: str, message: str
) -> None:
    write_child(tmp_path, extends)
    code = main(["rules", "list", "--rules", str(tmp_path / "rules")])
    _, err = capsys.readouterr()
    assert code == 2
    assert "extends.toml" in err
    assert message in err, err
