"""Rule sets that share: `extends` between rule sets, named references and named tables in a
rule file; each written once and expanded when the rules load, errors at their file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.cli import main
from checker.inputs.extends import ID_PATTERN
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.model.rules import Rule
from checker.testing.examples import run_examples
from tests.conftest import RULES

VICTIMS = '[questions.victims]\nnames = ["Supporting victims"]\n'


def scheme(scheme_id: str, *, victims: bool = True) -> str:
    """A three-grade scheme with no pillars (as in test_second_scheme)."""
    text = f"""
id = "{scheme_id}"
title = "A three-grade scheme with no pillars"
year = "2024"
grades = {{ scale = ["Poor", "Fair", "Strong"], ungraded = "Not graded" }}

[questions.responding]
names = ["Responding to the public"]

{VICTIMS}"""
    return text if victims else text.replace(VICTIMS, "")


def base(scheme_id: str) -> str:
    """The example report of a rule set."""
    return f"""
force = "example"
force_name = "Example Police"
scheme = "{scheme_id}"
year = "2024"
publication = {{ title = "Example" }}
questions.responding = {{ grade = "Fair" }}
questions.victims = {{ grade = "Fair" }}
afis = [{{ id = "A1", question = "responding", text = "Answer calls faster." }}]
"""


def rule(rule_id: str, name: str, severity: str = "error", body: str = "") -> str:
    """A rule of kind `implies`: a Poor question has an area for improvement."""
    return f"""
[[rule]]
id = "{rule_id}"
name = "{name}"
title = "A Poor question has an area for improvement"
severity = "{severity}"
kind = "implies"
for_each = "report.questions.*"
{body or 'when = [{ ref = "item.grade", equals = "Poor" }]'}
then = [{{ ref = "report.afis[question={{key}}]", count_min = 1 }}]
at = "item.grade"
message = "{{key}} is Poor but has no area for improvement"
docs = {{ what = "w", why = "y", example = "e", instead = "i" }}
examples = [{{ name = "Fair", triggers = false }}, {{ name = "Poor", triggers = true, set = \
{{ "questions.victims.grade" = "Poor" }}, path = "/questions/victims/grade" }}]
"""


RANGE = """
[[rule]]
id = "BASE004"
name = "responding-outside-victims"
title = "Responding is graded like supporting victims"
severity = "warning"
kind = "range"
value = "report.questions.responding.grade"
values = "report.questions.victims.grade"
message = "responding is {actual}, outside {low} to {high}"
docs = { what = "w", why = "y", example = "e", instead = "i" }
examples = [{ name = "within", triggers = false }, { name = "outside", triggers = true, set = \
{ "questions.victims.grade" = "Strong" }, path = "/questions/responding/grade" }]
"""
BASE_RULES = (
    rule("BASE001", "poor-without-afi")
    + rule("BASE002", "poor-without-afi-warning", "warning")
    + rule("BASE003", "poor-without-afi-info", "info")
    + RANGE
)
CHILD = "child-2024/extends.toml"
KID = 'extends = "base-2024"\nrenumber = { BASE = "KID" }\n'
"""The child inherits the base's rules, BASE001 as KID001."""


def write(root: Path, files: dict[str, str]) -> Path:
    """Files under `root` (a folder of rule sets), each rule set with its example report."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if path.name == "scheme.toml":
            (path.parent / "examples").mkdir(exist_ok=True)
            (path.parent / "examples" / "base.toml").write_text(base(path.parent.name), "utf-8")
    return root


def family(tmp_path: Path, files: dict[str, str]) -> Path:
    """rules/base-2024 (four rules) and rules/child-2024, plus `files` (relative to rules/)."""
    default = {
        "base-2024/scheme.toml": scheme("base-2024"),
        "base-2024/rules.toml": BASE_RULES,
        "child-2024/scheme.toml": scheme("child-2024"),
    }
    return write(tmp_path / "rules", {**default, **files})


def one_set(tmp_path: Path, text: str) -> Path:
    """rules/n-2024 with the one rule file r.toml holding `text`; the path of that file."""
    files = {"n-2024/scheme.toml": scheme("n-2024"), "n-2024/r.toml": text}
    return write(tmp_path / "rules", files) / "n-2024" / "r.toml"


def ids(rule_set: RuleSet) -> list[tuple[str, str, str]]:
    """(id, severity, rule set folder of its file) of each rule, in the set's order."""
    return [(r.rule.id, str(r.rule.severity), Path(r.file).parent.name) for r in rule_set.rules]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def assert_input_error(
    capsys: pytest.CaptureFixture[str], root: Path, path: Path, line: int, key: str, message: str
) -> None:
    """`gradecheck rules list` exits 2 with the one line `file:line:col: key: message`."""
    code = main(["rules", "list", "--rules", str(root)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    (only,) = err.splitlines()
    match = re.match(r"^(.+):(\d+):(\d+): (\S+): (.+)$", only)
    assert match, only
    assert (Path(match[1]).resolve(), int(match[2]), match[4]) == (path.resolve(), line, key)
    assert message in match[5], only


def test_a_rule_set_inherits_renumbered_rules_written_in_the_parent(tmp_path: Path) -> None:
    """Inherited rules keep the parent's file and line, take the child's ids, and their
    examples run (and pass) on the child's example report."""
    root = family(tmp_path, {CHILD: KID})
    child = load_rule_set(root / "child-2024")
    parent = load_rule_set(root / "base-2024")
    assert [r.rule.id for r in child.rules] == ["KID001", "KID002", "KID003", "KID004"]
    assert [(r.file, r.line) for r in child.rules] == [(r.file, r.line) for r in parent.rules]
    assert child.rules[0].line == line_of(root / "base-2024" / "rules.toml", "BASE001") - 1
    outcomes = run_examples(child)
    assert len(outcomes) == 8
    assert [o.describe() for o in outcomes if not o.passed] == []


def test_a_rule_with_an_inherited_id_replaces_it_in_place(tmp_path: Path) -> None:
    """The child's own KID002 takes the place of the inherited one; its own new rule follows."""
    own = rule("KID002", "poor-without-afi-warning", "info") + rule("KID010", "own-rule")
    root = family(tmp_path, {CHILD: KID, "child-2024/own.toml": own})
    assert ids(load_rule_set(root / "child-2024")) == [
        ("KID001", "error", "base-2024"),
        ("KID002", "info", "child-2024"),
        ("KID003", "info", "base-2024"),
        ("KID004", "warning", "base-2024"),
        ("KID010", "error", "child-2024"),
    ]


def test_removed_rules_are_not_inherited(tmp_path: Path) -> None:
    """`remove` names ids as the child has them, after renumbering."""
    root = family(tmp_path, {CHILD: KID + 'remove = ["KID001", "KID003"]\n'})
    assert [r.rule.id for r in load_rule_set(root / "child-2024").rules] == ["KID002", "KID004"]


def test_a_rule_set_inherits_what_its_parent_inherited(tmp_path: Path) -> None:
    """A chain resolves from the top: the grandchild gets the child's rules as the child has
    them (renumbered, removed and replaced there)."""
    replaced = rule("KID003", "poor-without-afi-info", "warning")
    grandchild = 'extends = "child-2024"\nrenumber.KID00 = "G10"\n'
    root = family(
        tmp_path,
        {
            CHILD: KID + 'remove = ["KID004"]\n',
            "child-2024/own.toml": replaced,
            "grandchild-2024/scheme.toml": scheme("grandchild-2024"),
            "grandchild-2024/extends.toml": grandchild,
        },
    )
    assert ids(load_rule_set(root / "grandchild-2024")) == [
        ("G101", "error", "base-2024"),
        ("G102", "warning", "base-2024"),
        ("G103", "warning", "child-2024"),
    ]


def test_renumbered_ids_follow_the_rule_id_pattern() -> None:
    """extends.py checks renumbered ids with the pattern of Rule.id."""
    (constraint,) = Rule.model_fields["id"].metadata
    assert f"^{ID_PATTERN.pattern}$" == constraint.pattern


NAMED = """
[refs]
poor = "item.grade"
afis = "report.afis[question={key}]"
own_afis = "$afis.id"

[tables.places]
grade = "$poor"
afi = "$own_afis"
"""


def test_named_references_and_tables_expand_to_the_rules_written_out(tmp_path: Path) -> None:
    """A rule using `$name` loads exactly as the rule with the text written in its place."""
    named = rule("BASE001", "poor-without-afi", body='when = [{ ref = "$poor", equals = "Poor" }]')
    named = named.replace('ref = "report.afis[question={key}]"', 'ref = "$afis"')
    named = named.replace('at = "item.grade"', 'at = "$poor"\nvars = "$places"')
    written = 'at = "item.grade"\nvars = { grade = "item.grade", afi = "$afis.id" }'
    written_out = rule("BASE001", "poor-without-afi").replace('at = "item.grade"', written)
    written_out = written_out.replace("$afis", "report.afis[question={key}]")
    (named_rule,) = load_rule_set(one_set(tmp_path / "a", NAMED + named).parent).rules
    (plain_rule,) = load_rule_set(one_set(tmp_path / "b", written_out).parent).rules
    assert named_rule.rule.model_dump(mode="json") == plain_rule.rule.model_dump(mode="json")
    assert str(named_rule.rule.vars["afi"]) == "report.afis[question={key}].id"


def test_a_dollar_sign_is_written_twice(tmp_path: Path) -> None:
    """`$$` in a parameter is one dollar sign; titles and messages are never expanded."""
    text = rule("BASE001", "x", body='when = [{ ref = "item.grade", equals = "US$$1" }]')
    text = text.replace('title = "A Poor', 'title = "$1 A Poor')
    (loaded,) = load_rule_set(one_set(tmp_path, text).parent).rules
    assert loaded.rule.title.startswith("$1 A Poor")
    assert loaded.rule.model_dump()["when"][0]["equals"] == "US$1"


CYCLE = {"base-2024/extends.toml": 'extends = "child-2024"', CHILD: '# b\nextends = "base-2024"'}


@pytest.mark.parametrize(
    ("files", "line", "key", "message"),
    [
        (CYCLE, 2, "extends", "in a cycle: base-2024 extends child-2024 extends base-2024"),
        ({CHILD: 'extends = "child-2024"'}, 1, "extends", "cycle: child-2024 extends child-2024"),
        ({CHILD: '\nextends = "peel-2099"'}, 2, "extends", "no rule set 'peel-2099' in "),
        ({CHILD: 'extends = "../base-2024"'}, 1, "extends", "is not a rule set's name (its folder"),
        (
            {CHILD: KID + 'remove = [\n  "KID001",\n  "BASE002",\n]\n'},
            5,
            "remove.1",
            "BASE002 is not a rule inherited from base-2024 (renumbered, it is KID002)",
        ),
        (
            {CHILD: 'extends = "base-2024"\nremove = ["KID001"]\n'},
            2,
            "remove.0",
            "KID001 is not a rule inherited from base-2024 (inherited: BASE001, BASE002, ",
        ),
        (
            {CHILD: 'extends = "base-2024"\nrenumber.PEEL = "KID"\n'},
            2,
            "renumber.PEEL",
            "no rule inherited from base-2024 has an id starting 'PEEL'",
        ),
    ],
    ids=[
        "cycle",
        "extends-itself",
        "no-such-rule-set",
        "a-path-is-no-rule-set",
        "removing-what-is-not-inherited",
        "removing-an-unknown-id",
        "renumbering-nothing",
    ],
)
def test_bad_extends(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    line: int,
    key: str,
    message: str,
) -> None:
    """Each problem of `extends` is one input error at the key of extends.toml that causes it."""
    root = family(tmp_path, files)
    assert_input_error(capsys, root, root / CHILD, line, key, message)


def test_an_inherited_rule_naming_a_question_the_scheme_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parent's BASE004 names `victims`, which the child's scheme has not: the error is at
    the parent's file and line, where the rule is written."""
    extends = 'extends = "base-2024"\nremove = ["BASE001", "BASE002", "BASE003"]\n'
    root = family(
        tmp_path, {"child-2024/scheme.toml": scheme("child-2024", victims=False), CHILD: extends}
    )
    path = root / "base-2024" / "rules.toml"
    line = line_of(path, 'values = "report.questions.victims.grade"')
    message = "scheme 'child-2024' has no question 'victims' (it has responding)"
    assert_input_error(capsys, root, path, line, "rule.3.values", message)


NAMES = '[refs]\npoor = "item.grade"\n\n[tables.places]\ngrade = "$poor"\n'
WHEN = 'when = [{ ref = "item.grade", equals = "Poor" }]'


@pytest.mark.parametrize(
    ("names", "use", "line", "key", "message"),
    [
        (NAMES, "$pooor", None, "when.0.ref", "unknown name $pooor (this file's [refs]: $poor; "),
        (NAMES, "{$x}.grade", None, "when.0.ref", "unknown reference name $x (this file's [refs]"),
        (NAMES, "$places.grade", None, "when.0.ref", "$places names a table, which is used as a"),
        (NAMES, 'vars = "$plaice"', None, "vars", "unknown name $plaice (this file's [refs]"),
        ('[refs]\nb = "$a"\na = "item"\n', "item", 2, "refs.b", "$a is named below; a name may"),
        ('[refs]\nbad = "item.grade["\n', "item", 2, "refs.bad", "not a reference: "),
        ("[refs]\nnumber = 3\n", "item", 2, "refs.number", "a named reference is a string"),
        ('[refs]\nx = "item"\n[tables]\nx = {}\n', "item", 4, "tables.x", "'x' already names a"),
        ('[refs]\nx = "$t"\n[tables]\nt = {}\n', "item", 2, "refs.x", "$t names a table; a ref"),
    ],
    ids=[
        "unknown-reference",
        "unknown-reference-inside-a-reference",
        "a-table-inside-a-reference",
        "unknown-table",
        "used-before-it-is-named",
        "not-a-reference",
        "not-a-string",
        "named-twice",
        "a-reference-using-a-table",
    ],
)
def test_bad_names(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    names: str,
    use: str,
    line: int | None,
    key: str,
    message: str,
) -> None:
    """An unknown name is an error at the key that uses it (`use` is the reference of a `when`
    condition, or a key of its own); a name that cannot be expanded, once, where it is named."""
    body = f"{WHEN}\n{use}" if " = " in use else WHEN.replace("item.grade", use)
    path = one_set(tmp_path, names + rule("BASE001", "poor-without-afi", body=body))
    at = line_of(path, body.splitlines()[-1]) if line is None else line
    where = key if line is not None else f"rule.0.{key}"
    assert_input_error(capsys, path.parent.parent, path, at, where, message)


def test_peel_2017_inherits_the_2016_structure_rules() -> None:
    """peel-2017 has the rules of peel-2016, renumbered PEEL17xxx, written once (in peel-2016)
    and otherwise the same: names, kinds, severities, parameters and examples."""
    older = load_rule_set(RULES / "peel-2016")
    newer = load_rule_set(RULES / "peel-2017")
    assert [r.rule.id for r in newer.rules] == [f"PEEL1700{n}" for n in range(1, 7)]
    assert [r.rule.id for r in older.rules] == [f"PEEL1600{n}" for n in range(1, 7)]
    for old, new in zip(older.rules, newer.rules, strict=True):
        assert (new.file, new.line) == (old.file, old.line)
        assert new.file.endswith("peel-2016/structure.toml")
        assert new.rule.model_dump(exclude={"id"}) == old.rule.model_dump(exclude={"id"})
    assert not (RULES / "peel-2017" / "structure.toml").exists()


CARRIED_FROM = "scheme.earlier[year={item.carried_over.year}, pillar={item.carried_over.pillar}]"


def test_the_carried_over_source_is_named_once(peel: RuleSet) -> None:
    """PEEL601 and PEEL604 read the reference written once in [refs], expanded as before."""
    source = (RULES / "peel-2018-19" / "cross-report.toml").read_text(encoding="utf-8")
    assert source.count(CARRIED_FROM) == 1
    grade = f"report.questions.{{{CARRIED_FROM}.carried_as.{{key}}}}.grade"
    for rule_id in ("PEEL601", "PEEL604"):
        loaded = peel.find(rule_id)
        assert loaded is not None
        params = loaded.rule.model_dump(mode="json", by_alias=True)
        assert params["inspection"] == CARRIED_FROM
        assert params["when"][1]["ref"] == f"{CARRIED_FROM}.carried_as.{{key}}"
        assert params["earlier_when"][0]["ref"] == params["then"][0]["ref"] == grade


def test_the_evidence_sections_are_written_once(peel: RuleSet) -> None:
    """PEEL520 and PEEL521 share the one [tables.evidence_sections]."""
    source = (RULES / "peel-2018-19" / "text.toml").read_text(encoding="utf-8")
    assert source.count('hmi_concerns = ["hmi_observations"]') == 1
    found = [peel.find(rule_id) for rule_id in ("PEEL520", "PEEL521")]
    sections = [getattr(loaded.rule, "sections", None) for loaded in found if loaded is not None]
    assert len(sections) == 2
    assert sections[0] == sections[1]
    concerns = ["{item.question}", "{scheme.questions.{item.question}.pillar}"]
    assert (len(sections[0]), sections[0]["causes_of_concern"]) == (8, concerns)
