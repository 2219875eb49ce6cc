"""Where each key of a TOML document is written, as 1-based (line, column).

tomllib parses but keeps no positions, so to report problems as ``file:line:col`` the text is
scanned a second time. The scanner trusts that tomllib already accepted the document: it only
follows the structure (headers, keys, arrays, inline tables) and skips strings and scalars
without checking them. On text that is not valid TOML it records what it can and never raises.
"""

from __future__ import annotations

import re
from contextlib import suppress

Path = tuple[str | int, ...]

# Whitespace, newlines and comments, wherever TOML lets a value or key begin.
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_SPACE = re.compile(r"[ \t]*")
# Wider than TOML's [A-Za-z0-9_-] on purpose: on bad input a stray character becomes a key
# instead of stalling the scan.
_BARE_KEY = re.compile(r"[^ \t\r\n.=\[\]{},#\"']+")
_BASIC = re.compile(r'"((?:[^"\\\n]+|\\.)*)"?')
_LITERAL = re.compile(r"'([^'\n]*)'?")
# Multi-line strings may end with up to two quotes of content glued to the closing delimiter,
# hence the trailing {0,2}. Escaped characters (including an escaped newline) are skipped as
# pairs so that \""" does not end a basic string.
_ML_BASIC = re.compile(r'"""(?:[^"\\]+|\\.|"(?!""))*(?:"""\"{0,2})?', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']+|'(?!''))*(?:'''\'{0,2})?")
# Numbers, booleans and dates; a local date-time may contain a space, so stop only at what
# can follow a value.
_SCALAR = re.compile(r"[^,\]}#\n]*")
_REST_OF_LINE = re.compile(r"[^\n]*")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b"}
# For errors about the whole text: brackets outside strings and comments, a long number.
_NESTING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#[^\n]*|[\[\]{}]")
_LONG_NUMBER = re.compile(r"(?<![0-9_])[0-9][0-9_]{4000,}")
_KEY = re.compile(r"^\s*\[*\s*([^=\]#]+?)\s*(?:=|\]|$)")
_KEY_WINDOW = 200


def deepest(text: str) -> tuple[int, int, int]:
    """Line, column and depth of the most deeply nested bracket or brace of a TOML or JSON
    text (strings and comments skipped), for an error about nesting."""
    depth, most, at = 0, 0, 0
    for token in _NESTING.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > most:
                most, at = depth, token.start()
        elif char in "]}":
            depth = max(depth - 1, 0)
    return (*line_and_column(text, at), most)


def long_number(text: str) -> tuple[int, int]:
    """Line and column of the first number of over 4,000 digits in a text (or 1, 1)."""
    match = _LONG_NUMBER.search(text)
    return line_and_column(text, match.start() if match else 0)


def key_at(text: str, line: int) -> str:
    """The key written on `line` (1-based), or "(syntax)"; only the start of a long line is
    looked at, so that a huge line costs nothing."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return "(syntax)"
    end = text.find("\n", start, start + _KEY_WINDOW)
    key = _KEY.match(text[start : end if end >= 0 else start + _KEY_WINDOW])
    return key.group(1) if key else "(syntax)"


def line_and_column(text: str, at: int) -> tuple[int, int]:
    """1-based line and column of offset `at` in `text`."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code is not None:
        return chr(min(int(code, 16), 0x10FFFF))  # out of range only on invalid input
    char = match.group(4)
    return _SIMPLE_ESCAPES.get(char, char)


class KeyPositions:
    """Positions of every key in one TOML document."""

    def __init__(self, positions: dict[Path, tuple[int, int]]) -> None:
        self._positions = positions

    @classmethod
    def scan(cls, text: str) -> KeyPositions:
        """Record the position of every table, key and array element written in `text`."""
        scanner = _Scanner(text)
        # Only nesting hundreds of levels deep can exhaust the stack; a report with what was
        # recorded before that point is more useful than a crash.
        with suppress(RecursionError):
            scanner.document()
        return cls(scanner.positions)

    def exact(self, path: Path) -> tuple[int, int] | None:
        """Line and column (1-based) where the key (or array element) at `path` is written.

        None when nothing is written at exactly that path.
        """
        return self._positions.get(tuple(path))  # tuple(): a list passed by mistake still works

    def locate(self, path: Path) -> tuple[int, int]:
        """Position of `path`, or of its longest prefix that has one; (1, 1) when none does."""
        path = tuple(path)
        for end in range(len(path), 0, -1):
            found = self._positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.positions: dict[Path, tuple[int, int]] = {}
        self.table: Path = ()
        # Elements seen so far per array of tables, keyed by the array's full path, so that a
        # later header naming the array resolves to its last element.
        self.aot_counts: dict[Path, int] = {}
        # Offsets are recorded in increasing order, so line numbers are found by counting
        # newlines since the previous record: linear overall, no line table needed.
        self.mark = 0
        self.line = 1
        self.line_start = 0

    def where(self, offset: int) -> tuple[int, int]:
        if offset < self.mark:
            self.mark, self.line, self.line_start = 0, 1, 0
        newlines = self.text.count("\n", self.mark, offset)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.mark, offset) + 1
        self.mark = offset
        return self.line, offset - self.line_start + 1

    def record(self, path: Path, offset: int, *, first_only: bool) -> None:
        # Implicitly created tables (`a` in `a.b = 1` or `[a.b]`) keep their first mention;
        # the key that actually defines a value always wins.
        if not (first_only and path in self.positions):
            self.positions[path] = self.where(offset)

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.i)
        if match is not None:
            self.i = match.end()

    def peek(self) -> str:
        return self.text[self.i : self.i + 1]

    def document(self) -> None:
        while True:
            self.skip(_BLANK)
            if self.i >= len(self.text):
                return
            if self.peek() == "[":
                self.header()
            else:
                self.key_value(self.table)
            # Only whitespace or a comment may follow; on bad input this also guarantees progress.
            self.skip(_REST_OF_LINE)

    def key(self) -> list[tuple[str, int]]:
        """Parse a possibly dotted key into (name, offset) parts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip(_SPACE)
            start = self.i
            quote = self.peek()
            if quote == '"':
                match = _BASIC.match(self.text, start)
            elif quote == "'":
                match = _LITERAL.match(self.text, start)
            else:
                match = _BARE_KEY.match(self.text, start)
            if match is None:
                return parts
            self.i = match.end()
            if quote == '"':
                parts.append((_ESCAPE.sub(_unescape, match.group(1)), start))
            else:
                parts.append((match.group(1) if quote == "'" else match.group(), start))
            self.skip(_SPACE)
            if self.peek() != ".":
                return parts
            self.i += 1

    def header(self) -> None:
        is_array = self.text.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        parts = self.key()
        path: Path = ()
        for n, (name, offset) in enumerate(parts):
            path += (name,)
            if n < len(parts) - 1:
                self.record(path, offset, first_only=True)
                if path in self.aot_counts:
                    path += (self.aot_counts[path] - 1,)
            elif is_array:
                self.record(path, offset, first_only=True)
                index = self.aot_counts.get(path, 0)
                self.aot_counts[path] = index + 1
                path += (index,)
                self.record(path, offset, first_only=False)
            else:
                self.record(path, offset, first_only=False)
        self.table = path

    def key_value(self, table: Path) -> bool:
        """Scan `key = value` inside `table`; False when no key could be read."""
        parts = self.key()
        if not parts:
            return False
        path = table
        for n, (name, offset) in enumerate(parts):
            path += (name,)
            self.record(path, offset, first_only=n < len(parts) - 1)
        if self.peek() == "=":
            self.i += 1
        self.skip(_SPACE)
        self.value(path)
        return True

    def value(self, path: Path) -> None:
        char = self.peek()
        if char == "{":
            self.inline_table(path)
        elif char == "[":
            self.array(path)
        elif self.text.startswith('"""', self.i):
            self.skip(_ML_BASIC)
        elif self.text.startswith("'''", self.i):
            self.skip(_ML_LITERAL)
        elif char == '"':
            self.skip(_BASIC)
        elif char == "'":
            self.skip(_LITERAL)
        else:
            self.skip(_SCALAR)

    def inline_table(self, path: Path) -> None:
        self.i += 1
        while True:
            # Newlines are not TOML 1.0 inside braces, but TOML 1.1 allows them; accept both.
            self.skip(_BLANK)
            char = self.peek()
            if char in ("}", ""):
                self.i += len(char)
                return
            if char == ",":
                self.i += 1
            elif not self.key_value(path):
                return

    def array(self, path: Path) -> None:
        self.i += 1
        index = 0
        while True:
            self.skip(_BLANK)
            char = self.peek()
            if char in ("]", ""):
                self.i += len(char)
                return
            if char == ",":
                self.i += 1
                index += 1
                continue
            start = self.i
            self.record((*path, index), start, first_only=False)
            self.value((*path, index))
            if self.i == start:  # e.g. a stray "}" in bad input
                return
