"""Values on their way out: one line, no control characters, not too long.

A report, a rule file, a baseline or a file name may hold anything: a newline, an escape
sequence, a NUL, a bidirectional override, a 5 MB string. Everything that reaches an output
(a finding, an input error, a summary) passes through these functions, so that each finding
and each input error stays one line, a terminal is never sent a control sequence, and a
message stays readable. The formats' own escaping (GitHub's workflow commands, XML, JSON)
comes on top.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 2_000
"""Characters of a message shown before the middle is left out."""
VALUE_LIMIT = 200
"""Characters of a value (a key, a repr) echoed in an input error."""

# C0 and C1 controls and DEL; the line and paragraph separators (which split lines for
# Python and for some viewers); the bidirectional embeddings, overrides and isolates (which
# reorder what a reader sees); lone surrogates (file names that are not UTF-8).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same, minus the tab and line feed a multi-line text may keep, plus the two code points
# XML 1.0 does not allow.
_UNSAFE_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`): one line,
    safe on a terminal, and well-formed wherever it is embedded (XML attributes included)."""
    return _UNSAFE.sub(_escape, text)


def multi_line(text: str) -> str:
    """`text` keeping its line breaks and tabs, every other control character escaped: for
    the body of an XML element or a block of plain text."""
    return _UNSAFE_IN_TEXT.sub(_escape, text)


def shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text`, or when longer than `limit` its beginning and end with how much was left out."""
    if len(text) <= limit:
        return text
    head, tail = limit * 3 // 4, limit // 8
    left_out = len(text) - head - tail
    return f"{text[:head]}...[{left_out:,} characters left out]...{text[len(text) - tail :]}"


def shown(value: object, limit: int = VALUE_LIMIT) -> str:
    """A value's repr for a message: shortened, one line, and never an error (an integer
    too long to print is described instead)."""
    try:
        text = repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        digits = int(value.bit_length() * 0.30103) + 1 if isinstance(value, int) else 0
        text = f"an integer of about {digits:,} digits"
    return one_line(shorten(text, limit))


def plain(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` shortened to `limit` and on one line: a value in a line of plain text."""
    return one_line(shorten(text, limit))


# What JSON leaves raw inside a string (it escapes only C0 controls): C1 controls, the
# separators and bidirectional controls above, lone surrogates. All of them only ever occur
# inside strings, so they can be replaced by \u escapes in the serialised text.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(text: str) -> str:
    """Serialised JSON with every character a terminal or a viewer may act on written as a
    `\\uXXXX` escape: the same document to a JSON reader, inert on a screen."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def encodable(text: str) -> str:
    """`text` as UTF-8 can carry it: lone surrogates (from file names that are not UTF-8)
    become backslash escapes, which JSON reads back as the same code points."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
