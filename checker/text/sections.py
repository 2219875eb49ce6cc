"""Splitting a normalised report text into sections by its headings, and finding a pattern's
matches in some of them.

A section starts at a line (between hard breaks) that is, apart from case, one of the names a
question, a pillar or an extra section goes by; it runs to the next such line. Tables garbled
by extraction put question names on lines of their own too: those make short sections, which
is harmless (a claim or quote found there still lies under the right question).

A pattern's matches are those `finditer` finds in the whole text, found faster (see Finder):
tried only where one can start, and searched for only in the sections the pattern is for;
and each within a window (checker.text.patterns), so that no text makes the search
super-linear: a match longer than a window (about 1,000 characters) is not read.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from checker.text.normalise import FOLD, fold
from checker.text.patterns import OPCODES as _C
from checker.text.patterns import REPEATS as _REPEATS
from checker.text.patterns import bounded_match, character_class, parse, search, short

Match = re.Match[str]
_NEWLINE = ord("\n")


def heading_key(text: str) -> str:
    """How a heading is compared: folded characters, one space, no case, no final colon."""
    return " ".join(fold(text).split()).rstrip(":").casefold()


@dataclass(frozen=True)
class Sections:
    starts: tuple[int, ...]
    keys: tuple[str, ...]
    length: int

    def at(self, offset: int) -> str | None:
        """The section an offset of the normalised text lies in (None before the first)."""
        index = bisect_right(self.starts, offset) - 1
        return self.keys[index] if index >= 0 else None

    def regions(self, keys: Collection[str]) -> list[tuple[int, int]]:
        """The spans of the sections in `keys`, in text order, adjacent ones merged."""
        found: list[tuple[int, int]] = []
        for start, end, key in zip(self.starts, self._ends(), self.keys, strict=True):
            if key in keys:
                if found and found[-1][1] == start:
                    start = found.pop()[0]
                found.append((start, end))
        return found

    def spans(self, key: str) -> list[tuple[int, int]]:
        ends = self._ends()
        return [(s, e) for s, e, k in zip(self.starts, ends, self.keys, strict=True) if k == key]

    def _ends(self) -> tuple[int, ...]:
        return (*self.starts[1:], self.length) if self.starts else ()


def split(text: str, names: Mapping[str, str], starts: Iterable[int] = ()) -> Sections:
    """Sections of `text`; `names` maps heading_key(name) to a section key.

    A heading is a line that is a name. Where a text's layout lost the breaks around a
    heading, a heading is also a name, with a capital, that starts a line or one of `starts`
    (where the normaliser joined a line to the end of a sentence) and runs into what follows
    it (a capital or a digit: "Treating the public fairly Good This question ...") or ends
    the line ("... networks. How legitimately does the force treat the public and its
    workforce?")."""
    found: dict[int, str] = {}
    initials = {name[:1] for name in names}
    longest = max(map(len, names), default=-1)
    run_in = _run_in(tuple(names))
    start = 0
    for line in text.split("\n"):
        if line and _may_be_name(line, initials, longest):
            key = names.get(heading_key(line))
            if key is not None:
                found[start] = key
        if run_in is not None and start not in found and line.startswith(run_in[1]):
            _run_into(text, start, names, run_in[0], found)
        start += len(line) + 1
    if run_in is not None:
        for start in starts:
            if start not in found and text.startswith(run_in[1], start):
                _run_into(text, start, names, run_in[0], found)
    ordered = sorted(found)
    return Sections(tuple(ordered), tuple(found[s] for s in ordered), len(text))


def _run_into(
    text: str, start: int, names: Mapping[str, str], regex: re.Pattern[str], found: dict[int, str]
) -> None:
    """The headings that start at `start` and run into what follows (several: the cells of a
    table run together, "Tackling serious and organised crime Armed response capability")."""
    head = regex.match(text, start)
    while head is not None:
        found.setdefault(head.start(), names[heading_key(head.group(1))])
        head = regex.match(text, head.end())


@lru_cache(maxsize=16)
def _run_in(names: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """A name, with a capital, that runs into what follows it (a capital or a digit) or ends
    its line; and what such a heading starts with (its first two letters, as a heading writes
    them: "Tr", "HM")."""
    if not names or "" in names:
        return None
    ordered = sorted(names, key=lambda n: (-len(n), n))
    alternatives = "|".join(r"[ \n]+".join(map(re.escape, name.split())) for name in ordered)
    regex = re.compile(rf"(?=[A-Z])(?i:({alternatives}))(?: (?=[A-Z0-9])|$)", re.MULTILINE)
    firsts = {name[:2] for name in names}
    return regex, tuple(sorted({f.capitalize() for f in firsts} | {f.upper() for f in firsts}))


def _may_be_name(line: str, initials: set[str], longest: int) -> bool:
    """Whether heading_key(line) may be a name, the names starting with `initials` and none
    longer than `longest`: the line's first character (folded) starts one, and the line is
    short or has few words (n words make a key of at least 2n - 2 characters: n - 1 words
    and spaces, a last word of colons dropped)."""
    initial = line.lstrip()[:1]
    if not initial or "" in initials:
        return "" in initials
    if FOLD.get(ord(initial), initial).casefold()[:1] not in initials:
        return False
    most_words = longest // 2 + 2
    return len(line) <= longest or len(line.split(None, most_words - 1)) < most_words


def section_names(groups: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """heading_key(name) -> key for (key, names) pairs; the first key to claim a name keeps it."""
    found: dict[str, str] = {}
    for key, names in groups:
        for name in names:
            found.setdefault(heading_key(name), key)
    return found


@dataclass(frozen=True)
class Finder:
    """A pattern's regular expression, with what makes its matches quick to find.

    Worked out from the parsed expression when the claims file loads. Matches are found as
    `regex.finditer` finds them, but only tried where a match can start: after one of
    `prefixes` or at a line start (Python's own search tries every position of the text when
    an expression starts with a lookbehind, an alternation or case-insensitive words).
    """

    regex: re.Pattern[str]
    prefixes: tuple[str, ...] = ()
    """Every match starts with one of these; empty when unknown."""
    line_start: bool = False
    """Every match starts at the start of the text or after a line break."""
    first: frozenset[str] | None = None
    """The characters a match can start with, where ASCII; None when unknown."""
    reach: int | None = None
    """Every line break a match takes lies within its first `reach` characters; None when
    unknown. Bounds where a match that crosses a section start can start."""


def finder(regex: re.Pattern[str]) -> Finder:
    """`regex` with what its parsed form tells; a plain Finder when the parser (private to
    the re module) cannot be read, which finds the same matches, only more slowly."""
    try:
        parsed = parse(regex)
        if parsed is None:
            return Finder(regex)
        flags = int(parsed.state.flags)
        index, line_start = 0, False
        while index < len(parsed):  # what takes no characters at the start: ^, lookbehinds
            op, av = parsed[index]
            if op is _C.AT:
                line_start = line_start or av in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING)
            elif op not in (_C.ASSERT, _C.ASSERT_NOT) or av[0] != -1:
                break
            index += 1
        starts = _starts(parsed[index:], flags)
        literal = index == 0 and starts is not None and len(starts) == 1 and not starts[0][1]
        reach = _reach(parsed, flags)
    except Exception:  # anything unexpected: find the matches the plain way
        return Finder(regex)
    if starts is None or (literal and short(regex)):
        # The expression's own search is quick where it starts with a word and its matches
        # are short (searched in one go: see checker.text.patterns.search).
        return Finder(regex, line_start=line_start, reach=reach)
    if literal:  # long matches would be searched in windows: found with str.find instead
        return Finder(regex, (starts[0][0],), line_start, None, reach)
    prefixes = tuple(sorted({text for text, folded in starts if not folded}))
    if any(folded for _, folded in starts):
        prefixes = ()
    first = {text[0] for text, _ in starts} | {text[0].swapcase() for text, f in starts if f}
    if any(not char.isascii() for text, f in starts if f for char in text[:1]):
        first = set()  # a case-insensitive letter beyond ASCII: leave it to the expression
    return Finder(regex, prefixes, line_start, frozenset(first) or None, reach)


def _starts(items: Any, flags: int) -> list[tuple[str, bool]] | None:
    """Literal texts every match of `items` starts with one of, each with whether case is
    ignored; None when unknown."""
    if not len(items):
        return None
    op, av = items[0]
    if op is _C.LITERAL:
        run = []
        for op, av in items:
            if op is not _C.LITERAL:
                break
            run.append(chr(av))
        return [("".join(run), bool(flags & re.IGNORECASE))]
    if op is _C.SUBPATTERN:
        return _starts(av[3], (flags | av[1]) & ~av[2])
    if op is _C.BRANCH:
        found: list[tuple[str, bool]] = []
        for alternative in av[1]:
            starts = _starts(alternative, flags)
            if starts is None:
                return None
            found += starts
        return found
    if op in _REPEATS and av[0] >= 1:
        return _starts(av[2], flags)
    return None


def _reach(items: Any, flags: int) -> int | None:
    """How far into a match of `items` a line break can lie (0: none); None: unbounded."""
    reach, offset = 0, 0
    for index in range(len(items)):
        op, av = items[index]
        inner = _item_reach(op, av, flags)
        if inner is None or (inner and offset < 0):
            return None
        if inner:
            reach = max(reach, offset + inner)
        width = items[index : index + 1].getwidth()[1]
        offset = -1 if offset < 0 or width >= _C.MAXREPEAT else offset + width
    return reach


def _item_reach(op: Any, av: Any, flags: int) -> int | None:
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return 0  # takes no characters
    if op is _C.LITERAL or op is _C.NOT_LITERAL:
        return int((av == _NEWLINE) == (op is _C.LITERAL))
    if op is _C.ANY:
        return int(bool(flags & re.DOTALL))
    if op is _C.IN:
        return _in_reach(av)
    if op is _C.SUBPATTERN:
        return _reach(av[3], (flags | av[1]) & ~av[2])
    if op is _C.BRANCH:
        reaches = [_reach(alternative, flags) for alternative in av[1]]
        return None if None in reaches else max(r for r in reaches if r is not None)
    if op in _REPEATS:
        inner, most, width = _reach(av[2], flags), av[1], av[2].getwidth()[1]
        if inner == 0:
            return 0
        if inner is None or most >= _C.MAXREPEAT or width >= _C.MAXREPEAT:
            return None
        return int((most - 1) * width + inner)
    return None  # back references and the like: unknown


def _in_reach(items: Any) -> int:
    """1 when a character class contains a line break, else 0."""
    return int(character_class(_C.IN, tuple(items), 0).fullmatch("\n") is not None)


def matches(found: Finder, text: str, sections: Sections, within: frozenset[str]) -> list[Match]:
    """What `found.regex.finditer(text)` finds, but only the matches that start in a section of
    `within` (every match when it is empty).

    Only those sections are searched where the whole text's search is known to try their start
    afresh: when no match that starts before it can take the line break before it (one that
    did would hide a match starting inside). A match may run past the end of its section.
    """
    if not within:
        return list(_finditer(found, text, 0))
    inside: list[Match] = []
    scan: Iterator[Match] | None = None
    pending: Match | None = None  # the next match of the search under way, not yet placed
    for start, end in sections.regions(within):
        stop = end if end < sections.length else sys.maxsize  # the last runs to the end
        if scan is not None and pending is None:
            break  # no match after the last one
        restart = pending is None or (pending.start() < start and pending.end() <= start)
        if restart and _fresh(found, text, start):
            scan = _finditer(found, text, start)
            pending = next(scan, None)
        elif scan is None:  # not known to be fresh: search from the start of the text
            scan = _finditer(found, text, 0)
            pending = next(scan, None)
        while scan is not None and pending is not None and pending.start() < stop:
            if pending.start() >= start:
                inside.append(pending)
            pending = next(scan, None)
    return inside


def _fresh(found: Finder, text: str, start: int) -> bool:
    """Whether the whole text's search tries `start` afresh, whatever came before it."""
    if found.reach is None:
        return start == 0
    for position in range(max(start - found.reach, 0), start):
        match, after = bounded_match(found.regex, text, position)
        if after > start or (match is not None and match.end() == position):
            return False  # a match crossing `start`, or an empty one (retried longer)
    return True


def _finditer(found: Finder, text: str, pos: int) -> Iterator[Match]:
    """`found.regex.finditer(text, pos)` in windows (see `search`), trying only the positions
    where a match can start."""
    regex = found.regex
    pos = min(pos, len(text))  # as finditer does: a position past the end is the end
    if not found.prefixes and not found.line_start:
        yield from search(regex, text, pos)
        return
    next_start = _next_starts(found, text)
    start = next_start(pos)
    while start >= 0:
        match, after = bounded_match(regex, text, start)
        if match is not None and match.end() == start:  # empty: finditer's rules from here on
            yield from search(regex, text, start)
            return
        if match is not None:
            yield match
        start = next_start(after)


def _next_starts(found: Finder, text: str) -> Callable[[int], int]:
    """For positions in increasing order, the first from each on where a match of `found` can
    start (-1 for none)."""
    if found.line_start:
        return partial(_next_line_start, found, text)
    if len(found.prefixes) == 1:
        return partial(text.find, found.prefixes[0])
    ahead = dict.fromkeys(found.prefixes, -2)  # the next occurrence of each (-1: none left)

    def next_start(pos: int) -> int:
        best = -1
        for prefix, start in ahead.items():
            if -1 != start < pos:
                start = ahead[prefix] = text.find(prefix, pos)
            if start >= 0 and (best < 0 or start < best):
                best = start
        return best

    return next_start


def _next_line_start(found: Finder, text: str, pos: int) -> int:
    while True:
        start = 0 if pos == 0 else text.find("\n", pos - 1) + 1
        if start == 0 and pos > 0:
            return -1
        char = text[start : start + 1]
        if found.prefixes:
            if any(text.startswith(prefix, start) for prefix in found.prefixes):
                return start
        elif found.first is None or not char.isascii() or char in found.first or not char:
            return start
        pos = start + 1
