"""What `gradecheck rules verify` proves of a rule set, by enumerating its space.

Errors (exit 1):
- unsatisfiable: no report of the space passes every rule;
- dead end: some input leaves no grade a derived grade (a pillar, an overall rating) may have
  (for a grade declared `determined`, this is a conflict: the rules demand two grades);
- gap: for a grade declared `determined`, some input leaves more than one grade.

Warnings:
- vacuous: a rule that never fires, or always fires, in its space;
- subsumed: every finding a rule makes, another rule makes at the same place;
- not monotone: for a grade declared `monotone`, raising a question's grade lowers the
  lowest (or highest) grade it may have.

Each problem comes with its smallest counterexample: the report (the example report with the
values of the point), and the fragment that differs from the example report. Rules that read
the text or other reports are outside the space; rules that read values the space holds
fixed are judged only on its values, and said to be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.model.findings import Finding, pointer
from checker.model.rules import Rule
from checker.refs.syntax import Path
from checker.testing.paths import value_at
from checker.testing.rule_reads import ANY
from checker.verify.space import COUNTS, Points, Space, Variable, sees

ERROR_CHECKS = ("unsatisfiable", "dead end", "conflict", "gap")
RULE_LIMIT = 512
"""Points of one rule's space enumerated before it is sampled (a derived grade's inputs are
enumerated up to the space's limit)."""


@dataclass(frozen=True)
class Problem:
    check: str
    subject: str
    """The rule's id, or the derived grade's path."""
    message: str
    fragment: dict[str, Any]
    """The counterexample as what differs from the example report."""
    report: dict[str, Any]
    """The whole counterexample report."""

    @property
    def severity(self) -> str:
        return "error" if self.check in ERROR_CHECKS else "warning"


@dataclass(frozen=True)
class GradeCount:
    """How the inputs of a derived grade fare: counted over every combination of inputs
    (each multiset counted as the orders it stands for)."""

    path: str
    inputs: int
    dead_ends: int
    gaps: int
    sampled: bool


@dataclass
class Verification:
    rule_set: str
    problems: list[Problem] = field(default_factory=list)
    grades: list[GradeCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    points: int = 0
    """Reports checked in all."""

    @property
    def failed(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


def verify(rule_set: RuleSet, *, scope: int = 2, limit: int | None = None) -> Verification:
    space = (
        Space(rule_set, scope=scope) if limit is None else Space(rule_set, scope=scope, limit=limit)
    )
    result = Verification(rule_set.id)
    outside = [loaded.rule.id for loaded in rule_set.rules if loaded.rule.needs]
    if outside:
        result.notes.append(
            f"{len(outside)} rules read the text or other reports and are outside the space: "
            + ", ".join(outside)
        )
    _satisfiable(space, result)
    for pillar in space.scheme.pillars:
        _derived(space, pillar, result)
    partly = []
    for rule in space.rules:
        if not space.inside(rule):
            partly.append(rule.id)
        _vacuous_or_subsumed(space, rule, result)
    if partly:
        result.notes.append(
            f"{len(partly)} rules also read values the space holds at the example report's "
            "(years, scope rows, follow-ups, ...); they are judged on the space's values only: "
            + ", ".join(partly)
        )
    return result


# Satisfiable.


def _satisfiable(space: Space, result: Verification) -> None:
    found = space.probe.findings(space.example)
    result.points += 1
    if not found:
        return
    # Complete reports: every grade on its scale (no grade left out, none "Ungraded").
    variables = list(space.variables.values())
    points = space.points(variables, space.rules, inputs=True)
    for assignment in points.assignments:
        result.points += 1
        data = space.report(assignment)
        if not space.probe.findings(data):
            return
    how = "a sample of" if points.sampled else "all"
    rules = ", ".join(sorted({f.rule_id for f in found}))
    result.problems.append(
        Problem(
            "unsatisfiable",
            "the rule set",
            f"no report passes every rule: the example report draws {rules}, and so does each "
            f"of {how} {len(points.assignments)} reports of the space",
            {},
            space.example,
        )
    )


# Derived grades.


def _derived(space: Space, pillar: str, result: Verification) -> None:
    path: Path = ("pillars", pillar, "grade")
    where = pointer(path)
    rules = [r for r in space.rules if space.reads[r.id].sees(path)]
    if not rules:
        result.notes.append(f"no rule reads {where}: every grade passes")
        return
    inputs = [
        v
        for v in space.variables.values()
        if v.path != path
        and v.path[0] != "pillars"
        and (v.question is None or v.pillar == pillar)
        and any(_reads_value(space, r, v) for r in rules)
    ]
    scale = space.variables[path].input_values
    points = space.points(inputs, rules, inputs=True)
    allowed = _allowed_for(space, path, scale)
    definition = space.scheme.pillars[pillar]
    dead = gaps = 0
    first_dead: dict[Path, Any] | None = None
    first_gap: tuple[dict[Path, Any], tuple[Any, ...]] | None = None
    for assignment, weight in zip(points.assignments, points.weights, strict=True):
        result.points += len(scale)
        grades = allowed(assignment)
        if not grades:
            dead += weight
            first_dead = first_dead or assignment
        elif definition.determined and len(grades) > 1:
            gaps += weight
            first_gap = first_gap or (assignment, grades)
    total = sum(points.weights)
    result.grades.append(GradeCount(where, total, dead, gaps, points.sampled))
    sampled = " (sampled)" if points.sampled else ""
    if first_dead is not None:
        check = "conflict" if definition.determined else "dead end"
        objections = _objections(space, rules, path, first_dead, scale)
        result.problems.append(
            Problem(
                check,
                where,
                f"{dead} of {total} combinations of inputs{sampled} leave {where} no grade: "
                + "; ".join(f"{grade} draws {ids}" for grade, ids in objections),
                space.changes(first_dead),
                _with(space, first_dead, path, _shown_grade(space, path, scale)),
            )
        )
    if first_gap is not None:
        assignment, grades = first_gap
        result.problems.append(
            Problem(
                "gap",
                where,
                f"{gaps} of {total} combinations of inputs{sampled} leave {where} more than one "
                f"grade, though it is declared determined: {', '.join(map(str, grades))} all pass",
                space.changes(assignment),
                _with(space, assignment, path, grades[0]),
            )
        )
    if definition.monotone:
        _monotone(space, path, inputs, points, allowed, result)


def _reads_value(space: Space, rule: Rule, variable: Variable) -> bool:
    """Whether a rule reads the variable's value: a grade, flag or item count it sees, or
    another field it names (a rule reading whole question tables reads their grades, not
    their years)."""
    reads = space.reads[rule.id]
    if variable.path[-1] in ("grade", *COUNTS) or variable.path[0] == "flags":
        return sees(reads, variable.path)
    return any(pattern[-1:] == variable.path[-1:] for pattern in reads.values)


def _allowed_for(
    space: Space, path: Path, scale: Sequence[Any]
) -> Callable[[dict[Path, Any]], tuple[Any, ...]]:
    known: dict[Any, tuple[Any, ...]] = {}

    def allowed(assignment: dict[Path, Any]) -> tuple[Any, ...]:
        key = frozenset(assignment.items())
        if key not in known:
            data = space.report(assignment)
            known[key] = tuple(v for v in scale if space.probe.allows(data, path, v))
        return known[key]

    return allowed


def _objections(
    space: Space,
    rules: Sequence[Rule],
    path: Path,
    assignment: dict[Path, Any],
    scale: Sequence[Any],
) -> list[tuple[Any, str]]:
    found = []
    for grade in scale:
        data = _with(space, assignment, path, grade)
        ids = sorted({f.rule_id for f in space.probe.findings(data, rules) if _about(f, path)})
        found.append((grade, ", ".join(ids) or "nothing"))
    return found


def _monotone(
    space: Space,
    path: Path,
    inputs: Sequence[Variable],
    points: Points,
    allowed: Callable[[dict[Path, Any]], tuple[Any, ...]],
    result: Verification,
) -> None:
    scale = list(space.variables[path].input_values)
    grades = [v for v in inputs if v.path[-1] == "grade" and len(v.input_values) > 1]
    for assignment in points.assignments:
        before = allowed(assignment)
        for variable in grades:
            values = list(variable.input_values)
            at = values.index(assignment[variable.path])
            if at + 1 >= len(values):
                continue
            raised = {**assignment, variable.path: values[at + 1]}
            after = allowed(raised)
            result.points += len(scale)
            if (
                before
                and after
                and (
                    scale.index(after[0]) < scale.index(before[0])
                    or scale.index(after[-1]) < scale.index(before[-1])
                )
            ):
                result.problems.append(
                    Problem(
                        "not monotone",
                        pointer(path),
                        f"raising {pointer(variable.path)} from {values[at]} to {values[at + 1]} "
                        f"moves the grades {pointer(path)} may have from {_span(before)} to "
                        f"{_span(after)}",
                        space.changes(assignment),
                        _with(space, assignment, path, before[0]),
                    )
                )
                return


def _span(grades: Sequence[Any]) -> str:
    return f"[{grades[0]}]" if len(grades) == 1 else f"[{grades[0]} through {grades[-1]}]"


def _shown_grade(space: Space, path: Path, scale: Sequence[Any]) -> Any:
    """The example report's grade at `path` (a counterexample shows it), or the lowest."""
    value = value_at(space.example, path)
    return value if value in scale else scale[0]


def _with(space: Space, assignment: dict[Path, Any], path: Path, value: Any) -> dict[str, Any]:
    return space.report({**assignment, path: value})


def _vacuous_or_subsumed(space: Space, rule: Rule, result: Verification) -> None:
    reads = space.reads[rule.id]
    variables = space.read_by(rule)
    if not variables:
        result.notes.append(f"{rule.id} reads no value of the space: not judged")
        return
    if not space.inside(rule):
        return  # it reads values the space holds fixed: listed in the notes, not judged
    fires = passes = False
    firing: list[tuple[dict[Path, Any], list[Finding]]] = []
    sampled = False
    for part, focus in _parts(space, rule, variables):
        points = space.points(part, [rule], limit=RULE_LIMIT)
        sampled = sampled or points.sampled
        for assignment in points.assignments:
            result.points += 1
            data = space.report(assignment)
            found = [f for f in space.probe.findings(data, [rule]) if focus(f, data)]
            if found:
                fires = True
                firing.append((assignment, found))
            else:
                passes = True
    how = "a sample of its space" if sampled else "its space"
    if not fires or not passes:
        never = "never fires" if not fires else "fires on every report"
        example = firing[0][0] if firing else {}
        result.problems.append(
            Problem(
                "vacuous",
                rule.id,
                f"{rule.id} ({rule.name}) {never} in {how}",
                space.changes(example),
                space.report(example),
            )
        )
        return
    if reads.values:
        _subsumed(space, rule, firing, result)


Focus = Callable[[Finding, dict[str, Any]], bool]


def _anywhere(finding: Finding, data: dict[str, Any]) -> bool:
    return True


def _about_item(table: str, key: str) -> Focus:
    """Findings at, or related to, a pillar's or question's values and its items."""
    where = f"/{table}/{key}"

    def focus(finding: Finding, data: dict[str, Any]) -> bool:
        places = [finding.path, *(r.path for r in finding.related)]
        wanted = [where] + [
            f"/{collection}/{index}"
            for collection in ("afis", "causes_of_concern")
            for index, item in enumerate(data.get(collection, []))
            if item.get("question") == key
        ]
        return any(p == w or p.startswith(w + "/") for p in places for w in wanted)

    return focus


def _parts(
    space: Space, rule: Rule, variables: list[Variable]
) -> list[tuple[list[Variable], Focus]]:
    """Independent parts of a rule's space, each with the findings that concern it: per
    pillar for a rule that walks pillars, per kind of question (one stands for the
    interchangeable others) for one that walks questions, else the whole."""
    walked = space.reads[rule.id].walked
    if walked == (("pillars", ANY),):
        return [
            (
                [v for v in variables if v.pillar == pillar and v.path[:1] != ("flags",)]
                + [v for v in variables if v.path[:1] == ("flags",)],
                _about_item("pillars", pillar),
            )
            for pillar in space.scheme.pillars
        ]
    if walked in ((("questions", ANY),), (("afis", ANY),), (("causes_of_concern", ANY),)):
        named = space.named([rule])
        seen: set[Any] = set()
        parts = []
        for key in dict.fromkeys(v.question for v in variables if v.question is not None):
            definition = space.scheme.questions[key]
            kind = (
                definition.pillar,
                definition.graded,
                definition.scale,
                definition.always_inspected,
            )
            if key not in named and kind in seen:
                continue
            seen.add(kind)
            parts.append(
                (
                    [v for v in variables if v.question in (key, None) and v.path[0] != "pillars"]
                    + [
                        v
                        for v in variables
                        if v.path[0] == "pillars" and v.pillar == definition.pillar
                    ],
                    _about_item("questions", key),
                )
            )
        return parts
    return [(variables, _anywhere)]


def _subsumed(
    space: Space,
    rule: Rule,
    firing: list[tuple[dict[Path, Any], list[Finding]]],
    result: Verification,
) -> None:
    paths = [v.path for v in space.read_by(rule)]
    others = [r for r in space.probe.rules_seeing(paths) if r.id != rule.id]
    covering = {r.id for r in others}
    for assignment, found in firing:
        if not covering:
            return
        data = space.report(assignment)
        places = {f.path for f in found}
        for other in [r for r in others if r.id in covering]:
            theirs = {f.path for f in space.probe.findings(data, [other])}
            if not places <= theirs:
                covering.discard(other.id)
    # Confirmed over what both rules read: a rule that also reads something the first holds
    # fixed covers it only if it does for every value of that too.
    confirmed = [
        other
        for other in others
        if other.id in covering and _covers_everywhere(space, rule, other, result)
    ]
    if confirmed:
        first = confirmed[0].id
        result.problems.append(
            Problem(
                "subsumed",
                rule.id,
                f"every finding of {rule.id} ({rule.name}) is also one of {first} at the same "
                f"place, in its space ({len(firing)} reports where it fires)",
                space.changes(firing[0][0]),
                space.report(firing[0][0]),
            )
        )


def _covers_everywhere(space: Space, rule: Rule, other: Rule, result: Verification) -> bool:
    variables = {v.path: v for v in [*space.read_by(rule), *space.read_by(other)]}
    points = space.points(list(variables.values()), [rule, other], limit=RULE_LIMIT)
    for assignment in points.assignments:
        result.points += 1
        data = space.report(assignment)
        places = {f.path for f in space.probe.findings(data, [rule])}
        if places and not places <= {f.path for f in space.probe.findings(data, [other])}:
            return False
    return True


def _about(finding: Finding, path: Path) -> bool:
    where = pointer(path)
    return finding.path == where or finding.path.startswith(where + "/")
