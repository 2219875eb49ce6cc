"""`gradecheck draft`: a first encoding of a report from its text, for a person to finish.

Everything comes from the claims the rule set's claims file reads (checker/text/): grades
from headings and summary sentences, the scope table, carry-over sentences, follow-ups of
earlier areas for improvement, current areas for improvement and HM Inspector's concerns.
Where the claims disagree, are missing, or a value is inferred rather than read, the value
gets a `# unsure: ...` comment saying why; everything else was read and agreed.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from checker.authoring import tomlwrite
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import CommandError
from checker.text.claimset import CLAIMS_FILE, ClaimSet
from checker.text.extract import Claim
from checker.text.source import ReportText, read_text

Path = tuple[str | int, ...]
_FORCE_WORDS = re.compile(r"\s+(?:Constabulary|Police(?:\s+Service)?)$")
_SEVERAL = re.compile(r"\bthese\b|\btwo\b|\bareas\b")
_READS = {
    "force": ("force_name",),
    "scope-row": ("question", "inspected"),
    "pillar-grade": ("pillar", "grade"),
    "question-grade": ("question", "grade"),
    "carry-over": ("year",),
    "raised-in": ("year", "pillar"),
    "follow-up": ("status",),
    "afi": ("text",),
}
"""The fields a draft reads of each claim, besides `section` (which every claim has)."""


@dataclass
class Draft:
    data: dict[str, Any] = field(default_factory=dict)
    unsure: dict[Path, str] = field(default_factory=dict)

    def toml(self, header: str = "") -> str:
        comments = {path: f"unsure: {why}" for path, why in self.unsure.items()}
        lines = [f"# {line}".rstrip() for line in header.splitlines()]
        body = tomlwrite.dumps(self.data, comments)
        return ("\n".join(lines) + "\n\n" if lines else "") + body


def draft(text: ReportText, rule_set: RuleSet, source: str | None = None) -> Draft:
    """A draft report for `text`, under the rule set's scheme; `source` is written as is."""
    claim_set = rule_set.claims
    if claim_set is None:
        message = f"rule set {rule_set.id} has no claims file ({CLAIMS_FILE}) to read the text with"
        raise CommandError(message)
    reader = _Reader(text, claim_set)
    out = Draft()
    scheme = rule_set.scheme
    name, sure = _most_common([c.fields["force_name"] for c in reader.claims("force")])
    force_name = name or "Unknown force"
    out.data.update(
        force=force_key(force_name),
        force_name=force_name,
        scheme=scheme.id,
        year=scheme.year,
    )
    if not sure:
        out.unsure[("force_name",)] = _why(name, "the force's name")
        out.unsure[("force",)] = "derived from the force's name"
    if source is not None:
        out.data["source"] = source
    out.data["publication"] = {"title": f"{scheme.title} - {force_name}"}
    out.unsure[("publication", "title")] = "not read from the text"
    _scope(reader, rule_set, out)
    _pillars(reader, rule_set, out)
    _questions(reader, rule_set, out)
    _followed_up(reader, out)
    _afis(reader, rule_set, out)
    _hmi_concerns(reader, out)
    return out


class _Reader:
    def __init__(self, text: ReportText, claim_set: ClaimSet) -> None:
        self.text, self.claim_set = text, claim_set

    def claims(self, name: str) -> list[Claim]:
        """The claims called `name` that have the fields a draft reads of them (a claims file
        of its own may declare them with other fields: those give nothing)."""
        if name not in self.claim_set.claims:
            return []
        wanted = _READS.get(name, ())
        found = self.text.claims(self.claim_set, name)
        return [c for c in found if all(c.fields.get(f) is not None for f in wanted)]

    def passage(self, claim: Claim) -> str:
        """The claim's sentence as it stands in the text (headings joined by a space)."""
        return " ".join(part for part in claim.sentence.split(" / "))


def _most_common(values: Sequence[Any]) -> tuple[Any, bool]:
    """The value said most often (first said, on a tie), and whether every claim agreed."""
    if not values:
        return None, False
    counts = Counter(values)
    best = max(counts.values())
    winner = next(value for value in values if counts[value] == best)
    return winner, len(counts) == 1


def _why(value: Any, what: str, values: Sequence[Any] = ()) -> str:
    if value is None:
        return f"{what} was not found in the text"
    others = sorted({str(v) for v in values if v != value})
    if others:
        return f"the text also says {', '.join(others)}"
    return f"{what} is read from one place only"


def force_key(name: str) -> str:
    """The report's `force` key for a force's name: \"Kent Police\" -> \"kent\"."""
    return re.sub(r"[^a-z0-9]+", "-", _FORCE_WORDS.sub("", name).lower()).strip("-") or "force"


def _scope(reader: _Reader, rule_set: RuleSet, out: Draft) -> None:
    rows = reader.claims("scope-row")
    questions = [row.fields["question"] for row in rows]
    complete = sorted(questions) == sorted(rule_set.scheme.questions)
    out.data["scope"] = [
        {
            "area": row.fields.get("area", row.fields["question"]),
            "question": row.fields["question"],
            "inspected": row.fields["inspected"],
        }
        for row in rows
    ]
    if not complete:
        out.unsure[("scope",)] = (
            f"the scope table read has {len(rows)} rows for {len(set(questions))} questions; "
            f"the scheme has {len(rule_set.scheme.questions)}"
        )


def _pillars(reader: _Reader, rule_set: RuleSet, out: Draft) -> None:
    pillars: dict[str, Any] = {}
    claims = reader.claims("pillar-grade")
    for key in rule_set.scheme.pillars:
        said = [c for c in claims if c.fields["pillar"] == key]
        grades = [c.fields["grade"] for c in said]
        grade, sure = _most_common(grades)
        pillars[key] = {"grade": grade or rule_set.scheme.grades.scale[0]}
        if said:
            pillars[key]["evidence"] = reader.passage(said[-1])
        if not sure or len(grades) < 2:
            out.unsure[("pillars", key, "grade")] = _why(grade, "the grade", grades)
    out.data["pillars"] = pillars


def _questions(reader: _Reader, rule_set: RuleSet, out: Draft) -> None:
    scheme = rule_set.scheme
    grade_claims = reader.claims("question-grade")
    carried = reader.claims("carry-over")
    inspected = {row["question"]: row["inspected"] for row in out.data["scope"]}
    questions: dict[str, Any] = {}
    for key, definition in scheme.questions.items():
        entry: dict[str, Any] = {}
        said = [c for c in grade_claims if c.fields["question"] == key]
        grades = [c.fields["grade"] for c in said]
        if not definition.graded:
            entry["grade"] = scheme.grades.ungraded
        else:
            grade, sure = _most_common(grades)
            entry["grade"] = grade or scheme.grades.scale[0]
            if not sure or len(grades) < 2:
                out.unsure[("questions", key, "grade")] = _why(grade, "the grade", grades)
        sources = [  # the pillar is optional: "carried this judgment over from ... in 2017"
            (c.fields["year"], c.fields.get("pillar"))
            for c in carried
            if c.fields["section"] == key
        ]
        source, sure = _most_common(sources)
        if inspected.get(key) is True and source is None:
            entry["last_inspected"] = scheme.year
        elif source is not None:
            entry["last_inspected"] = source[0]
            entry["carried_over"] = {"year": source[0], "pillar": source[1] or "unknown"}
            if source[1] is None:
                out.unsure[("questions", key, "carried_over")] = "the text names no pillar"
            elif not sure or inspected.get(key) is not False:
                out.unsure[("questions", key, "carried_over")] = (
                    "the scope table does not say No"
                    if inspected.get(key) is not False
                    else _why(source, "the source", sources)
                )
        elif inspected.get(key) is False:
            out.unsure[("questions", key, "grade")] = (
                "the scope table says No but no carry-over sentence was found"
            )
        if "last_inspected" in entry:
            out.unsure[("questions", key, "last_inspected")] = (
                "inferred from the scope table and carry-over sentence, not the summary table"
            )
        # Evidence: a summary sentence of the question's pillar, else its heading, else any.
        home = {key, definition.pillar}
        sentences = [c for c in said if " / " not in c.sentence and c.fields["section"] in home]
        sentences = sentences or [c for c in said if c.fields["section"] in home] or said
        if sentences:
            entry["evidence"] = reader.passage(sentences[0])
        questions[key] = entry
    out.data["questions"] = questions


def _followed_up(reader: _Reader, out: Draft) -> None:
    raised = reader.claims("raised-in")
    items: list[dict[str, Any]] = []
    for number, claim in enumerate(reader.claims("follow-up"), 1):
        section = claim.fields["section"]
        if section not in out.data["questions"]:
            continue
        path: Path = ("followed_up", len(items))
        earlier = [r for r in raised if r.fields["section"] == section and r.start < claim.start]
        item: dict[str, Any] = {"id": f"FU-{number}"}
        if earlier:
            item["raised_in"] = {
                "year": earlier[-1].fields["year"],
                "pillar": earlier[-1].fields["pillar"],
            }
            out.unsure[(*path, "raised_in")] = "read from an earlier sentence of the section"
        else:
            item["raised_in"] = {"year": "2017", "pillar": "unknown"}
            out.unsure[(*path, "raised_in")] = "no sentence names the inspection that raised it"
        item.update(
            raised_under=section,
            followed_up_under=section,
            status=claim.fields["status"],
            summary=claim.sentence,
            evidence=claim.sentence,
        )
        out.unsure[(*path, "raised_under")] = "assumed to be the question it is followed up under"
        if _SEVERAL.search(claim.sentence):
            out.unsure[path] = (
                "the sentence may cover several areas for improvement: one entry each"
            )
        items.append(item)
    out.data["followed_up"] = items


def _afis(reader: _Reader, rule_set: RuleSet, out: Draft) -> None:
    items: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    for claim in reader.claims("afi"):
        section = claim.fields["section"]
        question = section if section in rule_set.scheme.questions else None
        prefix = "".join(word[0] for word in str(question or "afi").split("_")).upper()
        counts[prefix] += 1
        item = {
            "id": f"AFI-{prefix}-{counts[prefix]}",
            "question": question or next(iter(rule_set.scheme.questions)),
            "text": claim.fields["text"],
            "evidence": claim.fields["text"],
        }
        if question is None:
            out.unsure[("afis", len(items), "question")] = "not listed under a question's section"
        items.append(item)
    out.data["afis"] = items


def _hmi_concerns(reader: _Reader, out: Draft) -> None:
    items: list[dict[str, Any]] = []
    for number, claim in enumerate(reader.claims("hmi-concern"), 1):
        items.append(
            {
                "id": f"HMI-{number}",
                "concern": claim.sentence,
                "addressed_by": [],
                "evidence": claim.sentence,
            }
        )
        out.unsure[("hmi_concerns", number - 1, "addressed_by")] = (
            "link the areas for improvement or recommendations that address it"
        )
    out.data["hmi_concerns"] = items


def draft_file(
    text_file: FsPath,
    rule_set: RuleSet,
    output: FsPath | None = None,
    relative_to: FsPath | None = None,
) -> str:
    """The draft TOML for a text file; `source` is written relative to the folder it goes
    to: `relative_to`, else the folder of `output`, else the working folder (stdout)."""
    text = read_text(text_file)
    return draft(text, rule_set, source_path(text_file, output, relative_to)).toml(
        _header(text.file, rule_set)
    )


def source_path(
    text_file: FsPath, output: FsPath | None = None, relative_to: FsPath | None = None
) -> str:
    """`source` for a report kept in `relative_to` (else beside `output`, else here) whose
    text is `text_file`: a relative path with `/`, as `check` resolves it."""
    if relative_to is None:
        relative_to = output.parent if output is not None else FsPath.cwd()
    try:
        source = os.path.relpath(text_file.resolve(), relative_to.resolve())
    except ValueError:  # another drive: no relative path exists
        source = str(text_file.resolve())
    return source.replace(os.sep, "/")


def _header(name: str, rule_set: RuleSet) -> str:
    return (
        f"Draft encoding of {name}, read by `gradecheck draft --scheme {rule_set.id}`.\n"
        "Values marked `unsure` were inferred, found in one place only, or read differently\n"
        "in different places: check them against the report. The rest was read from the text\n"
        "and agreed wherever the text restates it. Check the draft with `gradecheck check`."
    )
