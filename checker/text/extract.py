"""Turning a report text into claims with the patterns and tables of a claim set."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.text.sections import Sections, matches

if TYPE_CHECKING:
    from checker.text.claimset import ClaimSet, Pattern, Table

_SENTENCE_END = re.compile(r"""(?<=[.?!])["')]? (?=["'(]?[A-Z0-9•])""")
_BREAK = re.compile("\n")
_QUOTE_LIMIT = 300
_OPENING = " \n•*-"


@dataclass(frozen=True)
class Claim:
    """What one passage of the text says: a claim name and its fields."""

    claim: str
    fields: dict[str, Any]
    start: int
    """Normalised offset where the passage starts."""
    sentence: str
    """The sentence (or heading) quoted in findings."""


def extract(text: str, sections: Sections, claim_set: ClaimSet, name: str) -> list[Claim]:
    """Every claim called `name` in `text`, in text order."""
    found: list[Claim] = []
    for pattern in claim_set.patterns:
        if pattern.claim == name:
            found.extend(_pattern_claims(text, sections, claim_set, pattern))
    for table in claim_set.tables:
        if table.claim == name:
            found.extend(_table_claims(text, sections, claim_set, table))
    found.sort(key=lambda claim: claim.start)
    return found


def _pattern_claims(
    text: str, sections: Sections, claim_set: ClaimSet, pattern: Pattern
) -> list[Claim]:
    claims = []
    for match in matches(pattern.finder, text, sections, pattern.within):
        section = sections.at(match.start())
        if pattern.within and section not in pattern.within:
            continue
        fields: dict[str, Any] = {"section": section}
        complete = True
        for name, value in match.groupdict().items():
            if value is None:
                continue
            converted = claim_set.convert(name, value)
            if converted is None:
                complete = False
            fields[name.split("__", 1)[0]] = converted
        fields.update(pattern.constants)
        definition = claim_set.claims[pattern.claim]
        wanted = [name for name in definition.fields if name not in definition.optional]
        if complete and all(fields.get(name) is not None for name in wanted):
            # A claim is placed where its sentence starts (after any bullet opening a match).
            start = match.start()
            while start < match.end() - 1 and text[start] in _OPENING:
                start += 1
            start, sentence = quote(text, start, match.end())
            claims.append(Claim(pattern.claim, fields, start, sentence))
    return claims


def _table_claims(text: str, sections: Sections, claim_set: ClaimSet, table: Table) -> list[Claim]:
    claims = []
    for header in matches(table.finder, text, sections, table.within):
        section = sections.at(header.start())
        if table.within and section not in table.within:
            continue
        labels: list[re.Match[str]] = []
        cells: list[re.Match[str]] = []
        position = header.end()
        while True:
            while position < len(text) and text[position] in " \n":
                position += 1
            label = table.label_regex.match(text, position)
            cell = None if label else table.value_regex.match(text, position)
            found = label or cell
            if found is None or found.end() == position:  # nothing more (or nothing to read)
                break
            (labels if label else cells).append(found)
            position = found.end()
        # Rows read across (label, cell, label, cell) or down (labels, then cells) pair
        # up the same way: in order.
        for label, cell in zip(labels, cells, strict=False):
            printed = " ".join(label.group().split())
            value = table.values[" ".join(cell.group().split())]
            fields: dict[str, Any] = {
                "section": section,
                table.label: claim_set.convert(table.label, label.group()),
                table.value: value,
            }
            if table.printed is not None:
                fields[table.printed] = printed
            fields.update(header.groupdict())
            claims.append(Claim(table.claim, fields, label.start(), f"{printed}: {cell.group()}"))
    return claims


def quote(text: str, start: int, end: int) -> tuple[int, str]:
    """Where the sentence around text[start:end] starts, and the sentence (at most
    _QUOTE_LIMIT characters of it, however long it is).

    A match across hard breaks (a heading and its grade) is quoted as matched, parts joined
    by " / ".
    """
    if "\n" in text[start:end]:
        parts = [part.strip() for part in text[start:end].split("\n")]
        passage = " / ".join(part for part in parts if part.strip("•*- "))
        first = start
    else:
        first, last = sentence_bounds(text, start, end)
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        passage = text[first : min(last, first + _QUOTE_LIMIT + 1)]  # stripped, and no longer
    if len(passage) > _QUOTE_LIMIT:
        passage = passage[: _QUOTE_LIMIT - 3].rstrip() + "..."
    return first, passage


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) around text[start:end], within one line, starts and
    ends: at sentence ends (a full stop, question or exclamation mark followed by a capital,
    digit or bullet) or at the hard breaks around the line. Sentence ends are found once per
    text, so that this takes no longer for a long line."""
    breaks, starts, ends = _index(text)
    line = bisect_left(breaks, start)  # the line's break, after the breaks before it
    first = breaks[line - 1] + 1 if line else 0
    after = bisect_left(breaks, end, line)
    last = breaks[after] if after < len(breaks) else len(text)
    before = bisect_right(ends, start) - 1  # the last sentence end before the passage
    if before >= 0:
        first = max(ends[before], first)
    after = bisect_left(starts, end)  # the first one after it
    if after < len(starts):
        last = min(starts[after], last)
    return first, last


_indexes: dict[int, tuple[str, list[int], list[int], list[int]]] = {}


def _index(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where the hard breaks of `text` are, and where each sentence end starts and ends (the
    few latest texts' are kept)."""
    found = _indexes.get(id(text))
    if found is None or found[0] is not text:
        spans = [match.span() for match in _SENTENCE_END.finditer(text)]
        breaks = [match.start() for match in _BREAK.finditer(text)]
        if len(_indexes) >= 8:
            _indexes.clear()
        found = (text, breaks, [s for s, _ in spans], [e for _, e in spans])
        _indexes[id(text)] = found
    return found[1], found[2], found[3]
