"""Reading the frames of a claim set from a text: claims composed from phrases (how frames and
lexicons are written: checker/text/lexicon.py).

Each frame's matches are found as a pattern's are (tried only where they can start); a match
whose `before` does not hold is dropped. A match gives one claim per question or pillar phrase
in it, with the grade its frame's order gives it; claims are placed at their sentence. Then,
sentence by sentence: a sentence that names a question or pillar outside every frame match,
and not among those read from it, gives no claim and is recorded as unread; so is a sentence
that names a grade and two questions or pillars (or two grades and one) without a frame to
read it.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from checker.text.claimset import ClaimSet
from checker.text.extract import Claim, quote, sentence_bounds
from checker.text.lexicon import Frame, key
from checker.text.patterns import bounded_match, search
from checker.text.sections import Finder, Sections, matches


@dataclass(frozen=True)
class Unread:
    """A sentence that names questions or pillars and grades in a way no frame reads."""

    start: int
    sentence: str
    kinds: frozenset[str]
    """The claims it may state."""
    keys: dict[str, frozenset[str]]
    """The question and pillar keys it names, by type."""


@dataclass
class Reading:
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    unread: list[Unread] = field(default_factory=list)


@dataclass
class _Match:
    frame: Frame
    start: int
    end: int
    first: int
    """Where its sentence starts and ends."""
    last: int
    claims: list[Claim]
    keys: set[tuple[str, str]]
    """(type, key) of the questions and pillars it read."""
    also: list[Claim]


def read(text: str, sections: Sections, claim_set: ClaimSet) -> Reading:
    """Every claim the frames read from `text`, and the sentences left unread."""
    if claim_set.lexicon is None:
        return Reading()
    mention = claim_set.lexicon.mention
    starts = _Starts(text)
    found = [
        m
        for frame in claim_set.frames
        for m in _frame_matches(text, sections, frame, mention, starts)
    ]
    found.sort(key=lambda m: (m.first, m.start, m.frame.index))
    _inherit(found)
    reading = Reading()
    by_sentence: dict[int, list[_Match]] = {}
    for match in found:
        by_sentence.setdefault(match.first, []).append(match)
    for first, group in by_sentence.items():
        unread = _uncovered(text, claim_set, first, group)
        for match in group:
            for claim in match.also:
                reading.claims.setdefault(claim.claim, []).append(claim)
            if unread is not None:
                continue
            for claim in match.claims:
                reading.claims.setdefault(claim.claim, []).append(claim)
        if unread is not None:
            reading.unread.append(unread)
    reading.unread += _frameless(text, claim_set, set(by_sentence), starts)
    reading.unread.sort(key=lambda u: u.start)
    for claims in reading.claims.values():
        claims[:] = _distinct(claims)
    return reading


class _Starts:
    """Where each literal word frames start with occurs in the text, found once for all the
    frames that start with it (most start with a grade)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, list[int]] = {}
        self.positions: dict[tuple[str, ...], list[int]] = {}

    def matches(self, found: Finder) -> Iterator[re.Match[str]]:
        """The matches `found.regex.finditer` finds, tried only where a prefix occurs."""
        if not found.prefixes:
            yield from search(found.regex, self.text)
            return
        end = 0
        for position in self._positions(found.prefixes):
            if position >= end:
                match, after = bounded_match(found.regex, self.text, position)
                if match is not None and match.end() > position:
                    end = after
                    yield match
                elif after > position + 1:  # a match too long to read: skipped over
                    end = after

    def _positions(self, prefixes: tuple[str, ...]) -> list[int]:
        """Where any of the prefixes occurs, in order; once per set of prefixes."""
        if prefixes not in self.positions:
            found: set[int] = set()
            for prefix in prefixes:
                # A prefix that starts with another (needs, need) adds no position.
                if any(prefix != other and prefix.startswith(other) for other in prefixes):
                    continue
                if prefix not in self.found:
                    self.found[prefix] = _occurrences(self.text, prefix)
                found.update(self.found[prefix])
            self.positions[prefixes] = sorted(found)
        return self.positions[prefixes]


def _occurrences(text: str, word: str) -> list[int]:
    found = []
    start = text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def _frame_matches(
    text: str, sections: Sections, frame: Frame, mention: re.Pattern[str], starts: _Starts
) -> Iterator[_Match]:
    if frame.finder.prefixes and not frame.within:
        found: Iterable[re.Match[str]] = starts.matches(frame.finder)
    else:
        found = matches(frame.finder, text, sections, frame.within)
    for match in found:
        section = sections.at(match.start())
        if frame.within and section not in frame.within:
            continue
        start, end, groups = match.start(), match.end(), match.groupdict()
        if frame.before is not None:
            before = frame.before_match(text, start)
            if before is None:
                continue
            start = before.start()
            groups = {**before.groupdict(), **{k: v for k, v in groups.items() if v is not None}}
        # A claim is placed at the sentence of the frame's text (a subject may end the line
        # before: "X:" and a list of what X is).
        first, sentence = quote(text, match.start(), end)
        last = end
        if "\n" not in text[match.start() : end]:
            first, last = sentence_bounds(text, match.start(), end)
        fields = {name.split("__", 1)[0]: v for name, v in groups.items() if v is not None}
        own = {"section": section, **{k: v for k, v in fields.items() if k in frame.fields}}
        claims, keys = _claims(text, frame, mention, start, end, own, first, sentence)
        also = []
        for name, wanted in frame.also:
            given = {k: v for k, v in fields.items() if k in wanted}
            if given and all(k in given for k in wanted):
                also.append(Claim(name, {"section": section, **given}, first, sentence))
        yield _Match(frame, start, end, first, last, claims, keys, also)


def _claims(
    text: str,
    frame: Frame,
    mention: re.Pattern[str],
    start: int,
    end: int,
    base: dict[str, Any],
    first: int,
    sentence: str,
) -> tuple[list[Claim], set[tuple[str, str]]]:
    """The claims of one match: each question or pillar phrase with its grade."""
    tokens = []
    for found in frame.scanner.finditer(text, start, end):
        kind, values = frame.lookup[key(found.group())]
        longest = mention.match(text, found.start()) if kind != "grade" else None
        if longest is not None and longest.end() > found.end():
            return [], set()  # a phrase read as part of a longer one: not what the text says
        tokens.append((kind, values))
    grades = [(i, values[0]) for i, (kind, values) in enumerate(tokens) if kind == "grade"]
    claims, keys = [], set()
    for position, (kind, values) in enumerate(tokens):
        if kind == "grade":
            continue
        if frame.grades == "before":
            grade = next((g for i, g in reversed(grades) if i < position), None)
        else:
            grade = next((g for i, g in grades if i > position), None)
        for value in values:
            keys.add((kind, value))
            fields = {**base, kind: value, **frame.constants}
            if grade is not None:
                fields["grade"] = grade
            claims.append(Claim(frame.claim, fields, first, sentence))
    return claims, keys


def _inherit(found: list[_Match]) -> None:
    """Fields a frame inherits, taken from the same kind of claim in the sentence before."""
    previous: dict[str, _Match] = {}
    for match in found:
        if match.frame.inherit:
            source = previous.get(match.frame.claim)
            for claim in match.claims:
                for name in match.frame.inherit:
                    if claim.fields.get(name) is None:
                        value = _value_before(source, match, name)
                        claim.fields[name] = value
            match.claims = [
                c
                for c in match.claims
                if all(c.fields.get(n) is not None for n in match.frame.inherit)
            ]
        if match.claims:
            previous[match.frame.claim] = match


def _value_before(source: _Match | None, match: _Match, name: str) -> Any:
    if source is None or source.first >= match.first or not source.claims:
        return None
    return source.claims[-1].fields.get(name) if source.last + 2 >= match.first else None


def _uncovered(text: str, claim_set: ClaimSet, first: int, group: list[_Match]) -> Unread | None:
    """The sentence as unread, when it names, outside its frames' matches, a question or
    pillar the frames did not read, or a grade (said of something); None when its claims
    stand."""
    lexicon = claim_set.lexicon
    if lexicon is None:
        return None
    last = max(m.last for m in group)
    read_keys = {k for m in group for k in m.keys}
    spans = sorted((m.start, m.end) for m in group)
    reach = list(accumulate((end for _, end in spans), max))  # the furthest end so far

    def inside(found: re.Match[str]) -> bool:
        """Whether a match of the group holds `found` (one starting at or before it that runs
        at least as far)."""
        index = bisect_right(spans, (found.start(), sys.maxsize)) - 1
        return index >= 0 and reach[index] >= found.end()

    named: dict[str, set[str]] = {}
    stray = False
    for found in lexicon.mention.finditer(text, first, last):
        kind, values = lexicon.mentioned[key(found.group()).casefold()]
        for value in values:
            named.setdefault(kind, set()).add(value)
        if not inside(found) and any((kind, v) not in read_keys for v in values):
            stray = True
    for found in lexicon.grade_mention.regex.finditer(text, first, last):
        stray = stray or (not inside(found) and _predicative(text, found))
    if not stray:
        return None
    for kind, value in read_keys:
        named.setdefault(kind, set()).add(value)
    kinds = frozenset(m.frame.claim for m in group)
    _, sentence = quote(text, first, first)
    return Unread(first, sentence, kinds, {k: frozenset(v) for k, v in named.items()})


def _frameless(text: str, claim_set: ClaimSet, seen: set[int], starts: _Starts) -> list[Unread]:
    """Sentences without a frame match that name a grade and two questions or pillars, or two
    grades and one."""
    lexicon = claim_set.lexicon
    if lexicon is None:
        return []
    grades_in: dict[int, int] = {}
    bounds: dict[int, int] = {}
    for found in starts.matches(lexicon.grade_mention):
        if not _predicative(text, found):
            continue
        first, last = sentence_bounds(text, found.start(), found.end())
        if first in seen:
            continue
        grades_in[first] = grades_in.get(first, 0) + 1
        bounds[first] = last
    unread = []
    for first, count in grades_in.items():
        named: dict[str, set[str]] = {}
        for found in lexicon.mention.finditer(text, first, bounds[first]):
            kind, values = lexicon.mentioned[key(found.group()).casefold()]
            named.setdefault(kind, set()).update(values)
        total = sum(len(v) for v in named.values())
        if total >= 2 or (total == 1 and count >= 2):
            kinds = frozenset(k for kind in named for k in claim_set.frame_kinds.get(kind, ()))
            _, sentence = quote(text, first, first)
            unread.append(
                Unread(first, sentence, kinds, {k: frozenset(v) for k, v in named.items()})
            )
    return unread


_COPULA = re.compile(r"(?<![\w-])(?:is|are|was|were|be|been|as|remains)[ \n](?:\w+[ \n])?\Z")
_PREPOSITION = re.compile(r"[ \n](?:at|in)[ \n]")


def _predicative(text: str, found: re.Match[str]) -> bool:
    """Whether a grade phrase is said of something, not a word of the narrative ("a good
    service"): a phrase of several words ("requires improvement", "needs to improve"), or one
    word after is, be, as or before at, in."""
    start, end = found.start(), found.end()
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        return False
    if any(char in " \n-" for char in found.group()):
        return True
    return bool(_PREPOSITION.match(text, end) or _COPULA.search(text, max(start - 30, 0), start))


def _distinct(claims: list[Claim]) -> list[Claim]:
    """The claims without repeats (two frames reading the same claim from one sentence)."""
    seen: set[tuple[str, int, tuple[tuple[str, Any], ...]]] = set()
    kept = []
    for claim in claims:
        marker = (claim.claim, claim.start, tuple(sorted(claim.fields.items(), key=str)))
        if marker not in seen:
            seen.add(marker)
            kept.append(claim)
    return kept
