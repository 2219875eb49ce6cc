"""`gradecheck draft PAGE [PAGE ...]`: a partial report from a force's web pages.

A force's PEEL pages (its summary page and one page per pillar) each say part of what its
report says. Each page is read with the rule set's claims, like a report's text, and what the
pages say is merged into one report marked `partial = true`: a value is written only where a
page states it, never filled in, and carries a comment naming the page it was read from (its
URL when given with `--url FILE=URL`). Where pages disagree, the value said most often is
written with an `unsure` comment quoting the others; a person settles it before the report is
checked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from checker.authoring import tomlwrite
from checker.authoring.draft import force_key
from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import CommandError
from checker.text.extract import Claim
from checker.text.source import ReportText, read_text

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Page:
    text: ReportText
    url: str | None = None

    @property
    def name(self) -> str:
        return self.url or self.text.file


@dataclass
class _Said:
    """What the pages say about one value: each value with the pages that say it."""

    by_value: dict[Any, list[str]] = field(default_factory=lambda: defaultdict(list))
    evidence: str | None = None

    def add(self, value: Any, page: str, sentence: str) -> None:
        if page not in self.by_value[value]:
            self.by_value[value].append(page)
        if self.evidence is None:
            self.evidence = sentence


def draft_pages(pages: Sequence[Page], rule_set: RuleSet) -> str:
    """The draft TOML of a partial report from `pages` (the first names the report)."""
    claim_set = rule_set.claims
    if claim_set is None:
        raise CommandError(f"rule set {rule_set.id} has no claims file to read pages with")
    scheme = rule_set.scheme
    said: dict[Path, _Said] = defaultdict(_Said)
    forces: Counter[str] = Counter()
    for page in pages:
        claims = _Claims(page, claim_set)
        forces.update(c.fields["force_name"] for c in claims("force"))
        for claim in claims("pillar-grade"):
            key = ("pillars", claim.fields["pillar"], "grade")
            said[key].add(claim.fields["grade"], page.name, claim.sentence)
        for claim in claims("question-grade"):
            if scheme.questions[claim.fields["question"]].graded:
                key = ("questions", claim.fields["question"], "grade")
                said[key].add(claim.fields["grade"], page.name, claim.sentence)
        for claim in claims("carry-over"):
            if claim.fields["section"] in scheme.questions:
                key = ("questions", claim.fields["section"], "carried_over")
                # A carry-over may name no pillar ("from our last inspection in 2017").
                source = (claim.fields["year"], claim.fields.get("pillar") or "unknown")
                said[key].add(source, page.name, claim.sentence)
    force_name = forces.most_common(1)[0][0] if forces else None
    data: dict[str, Any] = {
        "force": force_key(force_name) if force_name else "unknown",
        "force_name": force_name or "Unknown force",
        "scheme": scheme.id,
        "year": scheme.year,
        "partial": True,
        "publication": {"title": f"{scheme.title} - {force_name or 'unknown force'}"},
    }
    comments: dict[Path, str] = {}
    if pages[0].url:
        data["publication"]["url"] = pages[0].url
    if force_name is None:
        comments[("force_name",)] = "unsure: no page names the force; write its name"
    for path, values in sorted(said.items(), key=lambda item: _order(item[0], rule_set)):
        _write(data, comments, path, values)
    return _render(data, comments, pages)


class _Claims:
    def __init__(self, page: Page, claim_set: Any) -> None:
        self.page, self.claim_set = page, claim_set

    def __call__(self, name: str) -> list[Claim]:
        if name not in self.claim_set.claims:
            return []
        found: list[Claim] = self.page.text.claims(self.claim_set, name)
        return found


def _write(data: dict[str, Any], comments: dict[Path, str], path: Path, said: _Said) -> None:
    ranked = sorted(said.by_value.items(), key=lambda item: -len(item[1]))
    value, pages = ranked[0]
    table = data.setdefault(str(path[0]), {}).setdefault(str(path[1]), {})
    if path[2] == "carried_over":
        year, pillar = value
        table["last_inspected"] = year
        table["carried_over"] = {"year": year, "pillar": pillar}
    else:
        table[str(path[2])] = value
        if said.evidence is not None and "evidence" not in table:
            table["evidence"] = said.evidence
    comment = f"from {', '.join(pages)}"
    if len(ranked) > 1:
        others = "; ".join(f"{_show(v)} ({', '.join(p)})" for v, p in ranked[1:])
        comment = f"unsure: the pages disagree, also {others}; {comment}"
    comments[path] = comment


def _order(path: Path, rule_set: RuleSet) -> tuple[int, int, str]:
    """Pillars before questions, each in the scheme's order."""
    keys = list(rule_set.scheme.pillars) + list(rule_set.scheme.questions)
    kind = 0 if path[0] == "pillars" else 1
    return kind, keys.index(str(path[1])) if path[1] in keys else len(keys), str(path[2])


def _show(value: Any) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


def _render(data: dict[str, Any], comments: dict[Path, str], pages: Sequence[Page]) -> str:
    header = [
        "Partial encoding drafted by `gradecheck draft` from these pages:",
        *(f"  {page.name}" for page in pages),
        "Only what a page states is written; each value names the page it was read from.",
        "Values marked `unsure` disagree between pages: settle them against the pages.",
    ]
    lines = [f"# {line}".rstrip() for line in header]
    return "\n".join(lines) + "\n\n" + tomlwrite.dumps(data, comments)


def read_pages(files: Sequence[FsPath], urls: dict[str, str]) -> list[Page]:
    """The pages, each with its URL from `urls` (keyed by the file as given, or its name)."""
    return [Page(read_text(file), urls.get(str(file)) or urls.get(file.name)) for file in files]
