"""The space a rule set judges, derived from its scheme and its example report.

What varies (each a `Variable` at a path of the report):
- each graded question of the example report over its scale, each pillar over the grades;
- each flag the scheme declares, false or true;
- under each question, how many areas for improvement and causes of concern it has, and how
  many recommendations each cause has: 0 to `scope` (a declared small scope, default 2).
  Counts are written as items with fresh ids; the example report's own items, and what links
  to them, are left out so that the counts say everything.

Everything else stays as the example report has it. A rule that reads anything else (years,
scope rows, follow-ups, the text) is only partly inside the space: what is proved of it is
said to be partial.

The space is reduced before it is enumerated:
- by independence: a rule that walks pillars sees, for each pillar, that pillar's questions
  (the scheme's roll-up structure); one that walks questions sees each question alone;
- by symmetry: questions with the same definition (graded, scale, pillar, always inspected)
  that no rule of the analysis names are interchangeable, so only their multiset of values is
  enumerated (grade counts, not orders);
- and where what is left is larger than `limit` points, it is sampled (seeded, so the same
  rule set gives the same result), and the result says so.
"""

from __future__ import annotations

import copy
import itertools
import math
import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.model.rules import Rule
from checker.model.scheme import year_start
from checker.refs.syntax import Path
from checker.testing.paths import value_at
from checker.testing.probe import Probe
from checker.testing.rule_reads import ANY, Reads

AFIS, CAUSES, RECOMMENDATIONS = "@afis", "@causes", "@recommendations"
"""Virtual last parts of a question's item counts: ("questions", key, AFIS)."""
COUNTS = (AFIS, CAUSES, RECOMMENDATIONS)
LINKING = ("followed_up", "hmi_concerns", "recommendations", "national_recommendations")
"""Collections whose items may link to the example report's areas for improvement and causes
of concern: left out with them where counts vary."""
DEFAULT_LIMIT = 4096
"""Points enumerated per analysis before it is sampled instead."""

Assignment = Mapping[Path, Any]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""A value meaning: the key left out of the report."""


@dataclass(frozen=True)
class Variable:
    path: Path
    values: tuple[Any, ...]
    """Every value it takes in the space: a grade's scale and its non-grade states."""
    question: str | None = None
    """The question it belongs to (its grade, its item counts), if any."""
    pillar: str | None = None
    """The pillar it is the grade of, or whose question it belongs to."""
    inputs: tuple[Any, ...] | None = None
    """The values a complete report holds as an input to a derived grade (a graded
    question's grades); None for all of `values`."""

    @property
    def input_values(self) -> tuple[Any, ...]:
        return self.values if self.inputs is None else self.inputs


@dataclass(frozen=True)
class Points:
    """The points of one analysis: each an assignment of its variables."""

    variables: tuple[Variable, ...]
    assignments: tuple[dict[Path, Any], ...]
    weights: tuple[int, ...]
    """How many combinations of values each assignment stands for: the orders of its
    interchangeable questions' values."""
    sampled: bool
    size: int
    """How many points the reduced space holds (more than enumerated when sampled)."""


class Space:
    def __init__(self, rule_set: RuleSet, *, scope: int = 2, limit: int = DEFAULT_LIMIT) -> None:
        if rule_set.example_base is None:
            raise ValueError(f"rule set {rule_set.id} has no examples/base.toml")
        self.rule_set, self.scheme, self.limit = rule_set, rule_set.scheme, limit
        self.probe = Probe(rule_set)
        self.example = copy.deepcopy(rule_set.example_base.data)
        self.example["partial"] = False
        self.rules: tuple[Rule, ...] = self.probe.rules
        self.reads: dict[str, Reads] = self.probe.reads
        reads_items = {
            kind: any(r.sees((collection, 0, "question")) for r in self.reads.values())
            for kind, collection in ((AFIS, "afis"), (CAUSES, "causes_of_concern"))
        }
        grades = self.scheme.grades
        others = (grades.ungraded, *grades.other, MISSING)
        variables: list[Variable] = []
        for key, entry in self.example.get("questions", {}).items():
            definition = self.scheme.questions[key]
            pillar = definition.pillar
            scale = tuple(self.scheme.scales.get(definition.scale or "", grades.scale))
            # Its scale and its non-grade states; as an input, a graded question's scale.
            inputs = scale if definition.graded else (grades.ungraded,)
            variables.append(
                Variable(("questions", key, "grade"), (*scale, *others), key, pillar, inputs)
            )
            for name, values in self._judgment_values(key, entry).items():
                variables.append(Variable(("questions", key, name), values, key, pillar))
            for kind in COUNTS:
                wanted = reads_items[CAUSES] if kind == RECOMMENDATIONS else reads_items[kind]
                if wanted:
                    counts = tuple(range(scope + 1))
                    variables.append(
                        Variable(("questions", key, kind), counts, key, definition.pillar)
                    )
        for key in self.scheme.pillars:
            scale = tuple(grades.scale)
            variables.append(
                Variable(("pillars", key, "grade"), (*scale, *others), None, key, scale)
            )
        for index, row in enumerate(self.example.get("scope", [])):
            if self._read(("scope", index, "inspected")):
                question = row.get("question")
                pillar = (
                    self.scheme.questions[question].pillar
                    if question in self.scheme.questions
                    else None
                )
                variables.append(
                    Variable(("scope", index, "inspected"), (True, False), question, pillar)
                )
        for key in self.scheme.flags:
            variables.append(Variable(("flags", key), (False, True)))
        self.variables = {variable.path: variable for variable in variables}
        self._named: dict[tuple[str, ...], set[str]] = {}
        self.counted = any(v.path[-1] in COUNTS for v in variables)
        self.base = copy.deepcopy(self.example)
        if self.counted:
            for collection in ("afis", "causes_of_concern", *LINKING):
                self.base.pop(collection, None)
        for key in self.scheme.flags:
            self.base.setdefault("flags", {}).setdefault(key, False)

    def _read(self, path: Path) -> bool:
        return any(reads.sees(path) for reads in self.reads.values())

    def _judgment_values(self, key: str, entry: Mapping[str, Any]) -> dict[str, tuple[Any, ...]]:
        """A question's year last inspected and carry-over, where rules read them: none, this
        year, each earlier inspection of the scheme, and a year after the report and one
        before any inspection the scheme knows (as checker.testing.vocabulary offers)."""
        found: dict[str, tuple[Any, ...]] = {}
        earlier = self.scheme.earlier
        starts = [year_start(self.scheme.year), *(year_start(e.year) for e in earlier)]
        beyond = [str(year_start(self.scheme.year) + 1), str(min(starts) - 1)]
        if self._read(("questions", key, "last_inspected")):
            years = dict.fromkeys([self.scheme.year, *(e.year for e in earlier), *beyond])
            found["last_inspected"] = (*years, MISSING)
        if self._read(("questions", key, "carried_over")):
            inspections = [
                {"year": e.year, **({"pillar": e.pillar} if e.pillar else {})} for e in earlier
            ] + [{"year": year} for year in beyond]
            found["carried_over"] = (MISSING, *_distinct(inspections))
        return found

    # What a rule reads of the space.

    def read_by(self, rule: Rule) -> list[Variable]:
        """The variables a rule reads (item counts: the items it reads)."""
        reads = self.reads[rule.id]
        return [v for v in self.variables.values() if sees(reads, v.path)]

    def inside(self, rule: Rule) -> bool:
        """Whether everything the rule reads of a report is a variable of the space (or its
        `partial` flag): else what is proved of it holds only for the example's other values."""
        reads = self.reads[rule.id]
        return all(
            pattern == ("partial",)
            or any(_covers(pattern, v.path) for v in self.variables.values())
            for pattern in reads.values
        )

    def named(self, rules: Sequence[Rule]) -> set[str]:
        """Question keys the rules name literally (which breaks their symmetry)."""
        ids = tuple(rule.id for rule in rules)
        if ids not in self._named:  # asked once per analysis part: worked out once per rules
            prose = {"id", "name", "title", "message", "docs", "examples", "severity"}
            text = " ".join(rule.model_dump_json(exclude=prose) for rule in rules)
            self._named[ids] = {key for key in self.scheme.questions if _names(text, key)}
        return self._named[ids]

    # Points.

    def points(
        self,
        variables: Sequence[Variable],
        rules: Sequence[Rule],
        *,
        inputs: bool = False,
        limit: int | None = None,
    ) -> Points:
        """Every assignment of `variables` (reduced by symmetry), or a sample of them.

        A question's variables (its grade, its item counts) move together: interchangeable
        questions are permuted whole, so only the multiset of their value tuples counts."""
        limit = self.limit if limit is None else limit
        named = self.named(rules)
        units: dict[Any, list[Variable]] = {}
        for variable in variables:
            unit = variable.question if variable.question is not None else variable.path
            units.setdefault(unit, []).append(variable)
        groups: dict[Any, list[tuple[Variable, ...]]] = {}
        for unit, unit_variables in units.items():
            shape = repr(tuple((v.path[-1], _domain(v, inputs)) for v in unit_variables))
            key = self._symmetry_class(unit, shape, named)
            groups.setdefault(key, []).append(tuple(unit_variables))
        unit_groups = list(groups.values())
        tuples = [list(itertools.product(*(_domain(v, inputs) for v in g[0]))) for g in unit_groups]
        # How many multisets each group has, counted before any is made.
        size = math.prod(
            math.comb(len(options) + len(group) - 1, len(group))
            for group, options in zip(unit_groups, tuples, strict=True)
        )
        chosen: Iterator[tuple[tuple[list[tuple[Variable, ...]], tuple[Any, ...]], ...]]
        if size <= limit:
            choices = [
                [
                    (group, combo)
                    for combo in itertools.combinations_with_replacement(options, len(group))
                ]
                for group, options in zip(unit_groups, tuples, strict=True)
            ]
            chosen = itertools.product(*choices)
            sampled = False
        else:
            chance = random.Random(f"{self.rule_set.id}:{len(variables)}:{size}")
            chosen = (
                tuple(
                    (
                        group,
                        tuple(
                            options[i]
                            for i in sorted(chance.choices(range(len(options)), k=len(group)))
                        ),
                    )
                    for group, options in zip(unit_groups, tuples, strict=True)
                )
                for _ in range(limit)
            )
            sampled = True
        assignments, weights = [], []
        for parts in chosen:
            assignment: dict[Path, Any] = {}
            weight = 1
            for group, combo in parts:
                weight *= _orders(combo)
                for unit_variables, values in zip(group, combo, strict=True):
                    for variable, value in zip(unit_variables, values, strict=True):
                        assignment[variable.path] = value
            assignments.append(assignment)
            weights.append(weight)
        return Points(tuple(variables), tuple(assignments), tuple(weights), sampled, size)

    def _symmetry_class(self, unit: Any, shape: Any, named: set[str]) -> Any:
        if not isinstance(unit, str) or unit in named:
            return ("alone", unit)
        definition = self.scheme.questions[unit]
        return (
            "question",
            shape,
            definition.pillar,
            definition.graded,
            definition.scale,
            definition.always_inspected,
        )

    def report(self, assignment: Assignment) -> dict[str, Any]:
        """The example report with the assignment's values (counts made into items)."""
        data = copy.deepcopy(self.base)
        counts: dict[str, dict[str, int]] = {}
        for path, value in assignment.items():
            if path[-1] in COUNTS:
                counts.setdefault(str(path[1]), {})[str(path[-1])] = value
                continue
            target: Any = data
            for part in path[:-1]:
                target = target[part] if isinstance(part, int) else target.setdefault(part, {})
            if value is MISSING:
                if isinstance(target, dict):
                    target.pop(path[-1], None)
            else:
                target[path[-1]] = value
        if self.counted:
            _items(data, counts)
        return data

    def changes(self, assignment: Assignment) -> dict[str, Any]:
        """The assignment as a report fragment: what differs from the example report."""
        fragment: dict[str, Any] = {}
        for path, value in sorted(assignment.items(), key=lambda item: str(item[0])):
            if path[-1] not in COUNTS and value_at(self.example, path) == value:
                continue
            name = ".".join(str(part) for part in path)
            fragment[name] = "(left out)" if value is MISSING else value
        return fragment


def _orders(combo: Sequence[Any]) -> int:
    """How many distinct orders a multiset of values has."""
    counts = Counter(repr(value) for value in combo)
    return math.factorial(len(combo)) // math.prod(math.factorial(n) for n in counts.values())


def _domain(variable: Variable, inputs: bool) -> tuple[Any, ...]:
    return variable.input_values if inputs else variable.values


def _distinct(values: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for value in values:
        if value not in found:
            found.append(value)
    return found


def _items(data: dict[str, Any], counts: Mapping[str, Mapping[str, int]]) -> None:
    afis, causes = [], []
    for question, wanted in counts.items():
        for number in range(1, wanted.get(AFIS, 0) + 1):
            made = f"V-{question}-A{number}"
            afis.append({"id": made, "question": question, "text": f"Area for improvement {made}."})
        for number in range(1, wanted.get(CAUSES, 0) + 1):
            made = f"V-{question}-C{number}"
            recommendations = [
                {"id": f"{made}-R{n}", "text": f"Recommendation {made}-R{n}."}
                for n in range(1, wanted.get(RECOMMENDATIONS, 0) + 1)
            ]
            causes.append(
                {
                    "id": made,
                    "question": question,
                    "text": f"Cause of concern {made}.",
                    "recommendations": recommendations,
                }
            )
    if afis:
        data["afis"] = afis
    if causes:
        data["causes_of_concern"] = causes


def _concrete(path: Path) -> Path:
    """A variable's path as the report holds it (an item count: its items' question field)."""
    if path[-1] == AFIS:
        return ("afis", 0, "question")
    if path[-1] == CAUSES:
        return ("causes_of_concern", 0, "question")
    if path[-1] == RECOMMENDATIONS:
        return ("causes_of_concern", 0, "recommendations", 0)
    return path


def sees(reads: Reads, path: Path) -> bool:
    concrete = _concrete(path)
    if path[-1] in COUNTS:
        return reads.sees(concrete) or reads.sees(concrete[:2])
    return reads.sees(concrete)


def _covers(pattern: tuple[str | None, ...], path: Path) -> bool:
    """Whether the variable at `path` is what `pattern` reads, or lies under or over it."""
    concrete = _concrete(path)
    if path[-1] in COUNTS:
        return pattern[:1] == concrete[:1]
    return all(p is ANY or p == c for p, c in zip(pattern, concrete, strict=False))


def _names(text: str, key: str) -> bool:
    """Whether `key` appears in `text` as a whole key (not inside a longer one)."""
    start = text.find(key)
    while start >= 0:
        before = text[start - 1 : start]
        after = text[start + len(key) : start + len(key) + 1]
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(key, start + 1)
    return False
