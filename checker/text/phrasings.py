"""The phrasing corpus: real sentences of reports and web pages, each with the claims it states,
and how well a claim set reads them (recall and precision per claim kind).

A corpus file (tests/data/phrasings/<scheme>.toml) holds `[[sentence]]` tables: `url` (where
it is printed), `text`, optionally `section` (the heading it is printed under), `before`
(the sentence printed just before it) and `force` (the force's file name under reports/, for
a page of several forces), and `claims`: a list of `{ claim = "<name>", <field> =
<value>, ... }`, empty for a sentence that states none of the kinds measured.

Each sentence is read alone, as a text of its own: the heading (a line of its own), then the
sentence before it and the sentence itself as one paragraph (or as two lines, when the one
before ends with a colon: the items of a list). Only the claims that start in
the sentence itself count. A claim read is compared with the claims stated on every declared
field of its kind (`section` only where the corpus gives it); a field the claim leaves out
compares as absent.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.text.claimset import ClaimSet
from checker.text.source import text_from_string

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Canonical = tuple[str, tuple[tuple[str, Any], ...]]
"""A claim as compared: its name and every field compared, in a fixed order."""


@dataclass(frozen=True)
class Sentence:
    url: str
    text: str
    claims: tuple[dict[str, Any], ...]
    section: str = ""
    before: str = ""
    force: str = ""


@dataclass
class Score:
    """What was read of one claim kind: counts, and the sentences behind the errors."""

    expected: int = 0
    found: int = 0
    correct: int = 0
    missed: list[tuple[Sentence, Canonical]] = field(default_factory=list)
    wrong: list[tuple[Sentence, Canonical]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def load_corpus(path: Path) -> list[Sentence]:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    return [
        Sentence(
            url=entry["url"],
            text=entry["text"],
            claims=tuple(entry.get("claims", ())),
            section=entry.get("section", ""),
            before=entry.get("before", ""),
            force=entry.get("force", ""),
        )
        for entry in document.get("sentence", [])
    ]


def read(claim_set: ClaimSet, sentence: Sentence, kinds: Iterable[str]) -> list[dict[str, Any]]:
    """The claims of `kinds` read from the sentence (as a text of its own), each as
    `{"claim": name, **fields}`."""
    head = f"{sentence.section}\n\n" if sentence.section else ""
    body = ""
    if sentence.before:  # a list's items are lines of their own
        body = sentence.before + ("\n\n" if sentence.before.endswith(":") else " ")
    raw = f"{head}{body}{sentence.text}\n"
    text = text_from_string(raw, "phrasing")
    first = len(head) + len(body)
    found = []
    for kind in kinds:
        if kind not in claim_set.claims:
            continue
        for claim in text.claims(claim_set, kind):
            if text.normal.raw_offset(claim.start) >= first:
                found.append({"claim": kind, **claim.fields})
    return found


def canonical(claim_set: ClaimSet, claim: dict[str, Any], with_section: bool) -> Canonical:
    name = claim["claim"]
    declared = claim_set.claims[name].fields if name in claim_set.claims else sorted(claim)
    names = [f for f in declared if f != "claim" and (with_section or f != "section")]
    if with_section and "section" not in names:
        names.append("section")
    return name, tuple((f, claim.get(f)) for f in names)


def score(
    claim_set: ClaimSet, sentences: Sequence[Sentence], kinds: Sequence[str]
) -> dict[str, Score]:
    """Recall and precision per claim kind over the corpus."""
    scores = {kind: Score() for kind in kinds}
    for sentence in sentences:
        sections = {c["claim"] for c in sentence.claims if "section" in c}
        expected = Counter(
            canonical(claim_set, c, c["claim"] in sections)
            for c in sentence.claims
            if c["claim"] in scores
        )
        found = Counter(
            canonical(claim_set, c, c["claim"] in sections)
            for c in read(claim_set, sentence, kinds)
        )
        right = expected & found
        for claim, count in expected.items():
            scores[claim[0]].expected += count
            scores[claim[0]].missed += [(sentence, claim)] * (count - right[claim])
        for claim, count in found.items():
            scores[claim[0]].found += count
            scores[claim[0]].correct += right[claim]
            scores[claim[0]].wrong += [(sentence, claim)] * (count - right[claim])
    return scores


def table(scores: dict[str, Score]) -> str:
    """The scores as a table, one row per claim kind and one for all of them."""
    rows = [
        f"{'claim kind':16s} {'stated':>7s} {'read':>6s} {'right':>6s} {'recall':>7s} "
        f"{'precision':>9s}"
    ]
    total = Score()
    for kind, found in scores.items():
        rows.append(_row(kind, found))
        total.expected += found.expected
        total.found += found.found
        total.correct += found.correct
    rows.append(_row("all", total))
    return "\n".join(rows)


def _row(name: str, found: Score) -> str:
    return (
        f"{name:16s} {found.expected:7d} {found.found:6d} {found.correct:6d} "
        f"{found.recall:7.1%} {found.precision:9.1%}"
    )
