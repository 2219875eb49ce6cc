"""What a pattern (a regular expression of a claims file) costs to match, and matching it at
a bounded cost.

- `parse`: its parsed form, read from the re module's parser (private to it: without it,
  nothing is worked out, and patterns are matched the plain way);
- `superlinear`: whether matching it could take more than linear time in the text it reads
  (nested or overlapping repeats, repeats in a row); such patterns are refused when the
  claims file loads, with the file, line and reason;
- `bounded_match` and `search`: matching in windows of a bounded size, so that what one
  attempt reads is bounded whatever the text, and no text makes matching super-linear.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

Match = re.Match[str]

try:  # the re module's parser and compiler, private to it: without them, nothing is worked out
    _NEW = sys.version_info >= (3, 11)
    _PARSER: Any = importlib.import_module("re._parser" if _NEW else "sre_parse")
    _C: Any = importlib.import_module("re._constants" if _NEW else "sre_constants")
    _COMPILER: Any = importlib.import_module("re._compiler" if _NEW else "sre_compile")
    REPEATS = [getattr(_C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")]
except (ImportError, AttributeError):  # pragma: no cover - a Python without them
    _PARSER = _C = _COMPILER = None
    REPEATS = []
OPCODES = _C
"""The parser's opcodes (None when it cannot be read)."""


def parse(regex: re.Pattern[str]) -> Any:
    """The parsed form of `regex`; None when the parser cannot be read."""
    return _parse(regex.pattern, regex.flags) if _PARSER is not None else None


@lru_cache(maxsize=64)
def _parse(pattern: str, flags: int) -> Any:
    return _PARSER.parse(pattern, flags)


@lru_cache(maxsize=4096)
def character_class(op: Any, av: Any, flags: int) -> re.Pattern[str]:
    """A character class of a parsed form (LITERAL, NOT_LITERAL, ANY or IN, with a tuple for
    IN's list) compiled alone, to try characters with: it matches what the class matches."""
    item = (op, list(av) if op is _C.IN else av)
    compiled: re.Pattern[str] = _COMPILER.compile(
        _PARSER.SubPattern(_PARSER.State(), [item]), flags
    )
    return compiled


WINDOW = 1_000
"""A match attempt sees at most 2 x WINDOW characters from where it starts (at least WINDOW,
where the text has them): no claim is that long, and so no text makes a search super-linear.
A match ending within _SLACK characters of what its attempt saw may run on past it: it is
not read, and the search goes on after it, as after a match."""
_SLACK = 100


def bounded_match(regex: re.Pattern[str], text: str, start: int) -> tuple[Match | None, int]:
    """`regex.match(text, start)` within a window: the match (None when there is none, or it
    may run past the window), and where the search goes on."""
    end = start + WINDOW + _SLACK
    match = regex.match(text, start, end)
    if match is None:
        return None, start + 1
    if end < len(text) and match.end() > end - _SLACK:
        return None, max(match.end(), start + 1)
    return match, match.end()


def search(regex: re.Pattern[str], text: str, pos: int = 0) -> Iterator[Match]:
    """`regex.finditer(text, pos)` in windows of 2 x WINDOW characters, each searched only up
    to WINDOW characters in: its attempts see at least WINDOW characters each. A pattern
    whose matches are short (most are) is searched in one go: its attempts cannot read past
    the windows, so they find the same matches, each character read once."""
    if short(regex):
        yield from regex.finditer(text, pos)
        return
    last = (-1, -1)  # the last match given: a search that starts again there skips it
    while True:
        end = min(pos + 2 * WINDOW, len(text))
        resume = max(end - WINDOW, pos + 1)
        for match in regex.finditer(text, pos, end):
            if end < len(text) and match.start() >= end - WINDOW:
                resume = max(match.start(), last[1])
                break
            if end < len(text) and match.end() > end - _SLACK:  # may run on: not read
                resume = max(match.end(), last[1], match.start() + 1)
                break
            if match.span() != last:
                last = match.span()
                yield match
        else:
            if end == len(text):
                return
            resume = max(resume, last[1])
        pos = resume


@lru_cache(maxsize=1024)
def short(regex: re.Pattern[str]) -> bool:
    """Whether no match of `regex` is longer than a window less its slack, so that searching
    in windows drops no match: then an attempt reads at most that many characters too,
    super-linear patterns being refused when they load."""
    parsed = parse(regex)
    if parsed is None:
        return False
    try:
        longest = parsed.getwidth()[1]
    except (AttributeError, OverflowError, TypeError):  # pragma: no cover - another parser
        return False
    return bool(longest <= WINDOW - _SLACK)


# Patterns refused when they load: those whose matching could take more than linear time.

NESTED = (
    "a repeated part can match the same text in more than one way (as in `(a+)+`, "
    "`(\\w+\\s?)+` or `(a|ab|b)*`): matching can take exponential time"
)
EMPTY = "a repeated part can match nothing (as in `(a*)*`): matching can take exponential time"
ADJACENT = (
    "two repeats can match the same characters one after the other (as in `\\w+\\s*\\w+` or "
    "`.*x.*`): matching takes polynomial time"
)
LEADING = (
    "it starts with a repeat (as in `\\w+ x` or `.*x`): it is tried at every character, and "
    "reads the whole repeat each time; start it with a word, `\\b` or `^`"
)
_ALPHABET = "".join(map(chr, range(128))) + "\u00a0\u2019\u2022\u2014\u2028\u00e9\u00c9\u00df"
_ALPHABET += "\u017f\u0130\u212a\u0663\u4e2d"  # ASCII, and characters of classes beyond it
_CLASS_FLAGS = int(re.IGNORECASE | re.DOTALL | re.ASCII)  # what a class depends on
_BUDGET = 200_000  # pairs of positions looked at, at most: a larger pattern is not refused
Ways = dict[int, int]
Fragment = tuple[Ways, Ways, int]
"""A part's first and last positions (with how many ways lead to each, 2 for several), and
how many ways it matches nothing."""
_NOTHING: Fragment = ({}, {}, 1)


@lru_cache(maxsize=256)  # a rule set loads again in a long run (tests, `rules test`)
def superlinear(regex: re.Pattern[str], *, searched: bool = True) -> str | None:
    """Why matching `regex` could take more than linear time in the text it reads (NESTED,
    EMPTY, ADJACENT or, when it is `searched` for rather than tried at one place, LEADING),
    or None.

    Worked out on its Glushkov automaton (a position per character class it reads, with the
    positions that may follow it and in how many ways; lookarounds checked on their own, a
    back reference taken as any text): exponential when two paths through a loop read the
    same text (a pair of positions reading it side by side leaves the diagonal and comes back
    to it, or an edge is taken two ways); polynomial when a path that reads what two loops of
    one class both read leads from one to the other. Trailing repeats are let be: nothing
    after them fails, so the matcher never goes back into them."""
    parsed = parse(regex)
    if parsed is None:
        return None
    automaton = _Automaton(_ALPHABET + "".join(sorted(set(regex.pattern) - set(_ALPHABET))))
    try:
        whole, tail, flags = _NOTHING, _tail(parsed), int(parsed.state.flags)
        for index, (op, av) in enumerate(parsed):
            automaton.tail = len(automaton.masks) if index == tail else automaton.tail
            whole = automaton.then(whole, automaton.item(op, av, flags))
        problem = automaton.problem(whole[0], _guards(automaton, parsed, flags, searched))
        for body, inner_flags in automaton.asides:
            aside = _Automaton(automaton.alphabet)
            problem = problem or aside.problem(aside.build(body, inner_flags)[0], (-1,))
    except (ValueError, TypeError, RecursionError, re.error):  # what is not read here
        return None
    return problem


def _tail(items: Any) -> int:
    """Where a pattern's trailing repeats start (those after which only optional parts come)."""
    start = len(items)
    while start > 0:
        op, av = items[start - 1]
        while op is _C.SUBPATTERN and len(av[3]) == 1:
            op, av = av[3][0]
        if op not in REPEATS:
            break
        start -= 1
        if av[0] > 0:
            break
    return start


class _Automaton:
    """`masks[p]`: the class of position p, a bit per character of `alphabet`; `follow[p]`:
    the positions that may come next, with how many ways lead there (two ways are two paths a
    backtracking matcher tries); `loop[p]`: the outermost loop p is in (-1: none)."""

    def __init__(self, alphabet: str) -> None:
        self.alphabet = alphabet
        self.masks: list[int] = []
        self.follow: list[Ways] = []
        self.loop: list[int] = []
        self.asides: list[tuple[Any, int]] = []  # lookarounds' bodies, with their flags
        self.tail, self.empty_loop, self._masks = 1 << 62, False, dict[Any, int]()

    def build(self, items: Any, flags: int) -> Fragment:
        fragment = _NOTHING
        for op, av in items:
            if op is _C.LITERAL and not fragment[2] and len(fragment[1]) == 1:  # quickly
                last = next(iter(fragment[1]))
                self.follow[last][len(self.masks)] = fragment[1][last]
                fragment = fragment[0], self.position(self.mask(op, av, flags))[1], 0
            else:
                fragment = self.then(fragment, self.item(op, av, flags))
        return fragment

    def item(self, op: Any, av: Any, flags: int) -> Fragment:
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
            return self.position(self.mask(op, av, flags))
        if op is _C.SUBPATTERN:
            return self.build(av[3], (flags | av[1]) & ~av[2])
        if op is _C.BRANCH or op is _C.GROUPREF_EXISTS:
            parts = av[1] if op is _C.BRANCH else av[1:]
            return _either([self.build(part or [], flags) for part in parts])
        if op in REPEATS:
            return self.repeat(av[0], av[1], av[2], flags)
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            self.asides.append((av[1], flags))
        elif op is _C.GROUPREF:  # any text
            return self.repeat(0, _C.MAXREPEAT, [(_C.ANY, None)], flags | re.DOTALL)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            return self.build(av, flags)
        elif op is not _C.AT:
            raise ValueError(op)
        return _NOTHING

    def position(self, mask: int) -> Fragment:
        self.masks.append(mask)
        self.follow.append({})
        self.loop.append(-1)
        return {len(self.masks) - 1: 1}, {len(self.masks) - 1: 1}, 0

    def then(self, before: Fragment, after: Fragment) -> Fragment:
        for p, ways in before[1].items():
            for r, more in after[0].items():
                self.follow[p][r] = min(2, self.follow[p].get(r, 0) + ways * more)
        first = _plus(before[0], after[0], before[2])
        return first, _plus(after[1], before[1], after[2]), min(2, before[2] * after[2])

    def repeat(self, least: int, most: int, body: Any, flags: int) -> Fragment:
        start = len(self.masks)
        once = self.build(body, flags) if most else _NOTHING
        if most <= 1:
            return once[0], once[1], min(2, once[2] + (least == 0))
        if most <= 100 and most * (len(self.masks) - start) <= 2000:  # written out
            copies = [once, *(self.build(body, flags) for _ in range(most - 1))]
            fragment = _NOTHING
            for number, copy in reversed(list(enumerate(copies))):  # x x (x (x)?)? for x{2,4}
                fragment = self.then(copy, fragment)
                if number >= max(least, 1) or number == least == 0:
                    fragment = fragment[0], fragment[1], min(2, fragment[2] + 1)
            return fragment
        self.empty_loop = self.empty_loop or once[2] > 0
        self.then((once[1], once[1], 0), (once[0], once[0], 0))  # the loop back
        self.loop[start:] = [start] * (len(self.masks) - start)
        return once[0], once[1], 1 if least == 0 else once[2]

    def mask(self, op: Any, av: Any, flags: int) -> int:
        """The characters of the alphabet a class matches."""
        key = (op, tuple(av) if op is _C.IN else av, flags & _CLASS_FLAGS)
        if key not in self._masks:
            matcher = character_class(*key)
            bits = (1 << i for i, char in enumerate(self.alphabet) if matcher.fullmatch(char))
            self._masks[key] = sum(bits)
        return self._masks[key]

    def problem(self, first: Ways, guards: tuple[int, ...]) -> str | None:
        """What makes matching super-linear; `first`: the positions a match starts with, none
        of which may be in a loop reading more than one of `guards` (see `_guards`) holds."""
        loops = dict.fromkeys({self.loop[p] for p in first if self.loop[p] >= 0}, 0)
        for mask, loop in zip(self.masks, self.loop, strict=True):
            if loop in loops:
                loops[loop] |= mask  # what the loop a match may start in reads
        if self.empty_loop:
            return EMPTY
        if self._exponential():
            return NESTED
        if self._adjacent():
            return ADJACENT
        if any(all(mask & ~guard for guard in guards) for mask in loops.values()):
            return LEADING
        return None

    def _exponential(self) -> bool:
        """Whether two paths through a loop read the same text."""
        masks, follow, loop, count = self.masks, self.follow, self.loop, len(self.masks)
        todo = [p * count + p for p in range(count) if loop[p] >= 0 and p < self.tail]
        seen = set(todo)
        while todo and len(seen) < _BUDGET:
            p, q = divmod(todo.pop(), count)
            for r, ways in follow[p].items():
                if loop[r] != loop[p]:
                    continue
                if p == q and ways > 1:
                    return True
                for s in follow[q]:
                    if loop[s] == loop[p] and masks[r] & masks[s]:
                        if p != q and r == s:
                            return True
                        pair = min(r, s) * count + max(r, s)
                        if pair not in seen:
                            seen.add(pair)
                            todo.append(pair)
        return False

    def _adjacent(self) -> bool:
        """Whether a path reading what two loops on one class both read leads from one to the
        other (a loop after the trailing repeats' start is let be)."""
        singles = [p for p, follow in enumerate(self.follow) if p in follow]
        for p in singles:
            for q in self._reached(p, self.masks[p]):
                both = self.masks[p] & self.masks[q]
                looping = q != p and q < self.tail and q in self.follow[q]
                if looping and both and q in self._reached(p, both):
                    return True
        return False

    def _reached(self, start: int, mask: int) -> set[int]:
        seen: set[int] = set()
        todo = [start]
        while todo:
            for r in self.follow[todo.pop()]:
                if r not in seen and self.masks[r] & mask:
                    seen.add(r)
                    todo.append(r)
        return seen


def _plus(ways: Ways, more: Ways, times: int) -> Ways:
    found = dict(ways)
    for p, count in more.items() if times else ():
        found[p] = min(2, found.get(p, 0) + count * times)
    return found


def _either(fragments: list[Fragment]) -> Fragment:
    first: Ways = {}
    last: Ways = {}
    for fragment in fragments:
        first, last = _plus(first, fragment[0], 1), _plus(last, fragment[1], 1)
    return first, last, min(2, sum(fragment[2] for fragment in fragments))


def _guards(automaton: _Automaton, parsed: Any, flags: int, searched: bool) -> tuple[int, ...]:
    """Characters after which a search's attempt fails at once, from what a pattern starts
    with (`^`, `\\b`, a lookbehind of one character): inside a run of one of these, a loop is
    tried once, not at each character. None when there are none; all when not `searched`."""
    for op, av in parsed if searched else ():
        if op is _C.AT and av in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING):
            line = av is _C.AT_BEGINNING and flags & re.MULTILINE
            return (~automaton.mask(_C.LITERAL, ord("\n"), 0) if line else -1,)
        if op is _C.AT and av is _C.AT_BOUNDARY:
            word = automaton.mask(_C.IN, [(_C.CATEGORY, _C.CATEGORY_WORD)], flags)
            return (word, ~word)
        if op is _C.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1:
            item, value = av[1][0]
            if item in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
                return (automaton.mask(item, value, flags),)
        if op not in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            break
    return () if searched else (-1,)
