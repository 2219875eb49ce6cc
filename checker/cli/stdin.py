"""`gradecheck check -`: a report read from standard input, as an editor sends its buffer.

`--stdin-filename FILE` names it: findings give that name, and its `source` is found from
that file's folder, as for the file itself. A report of the same name found among the
other paths is replaced by what standard input holds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from checker.inputs.tomlfile import CommandError, InputError, TomlDocument, parse_toml

DEFAULT_NAME = "<stdin>"
LIMIT = 64 * 1024 * 1024
"""Bytes read from standard input at most: a report is far smaller; /dev/zero is not read
until memory runs out."""


def read_report(name: Path | None, stream: BinaryIO | None = None) -> TomlDocument:
    """The report standard input holds, named `name`; an InputError when it is not UTF-8
    TOML, a CommandError when it cannot be read or is too large."""
    from checker.inputs.tomlfile import display_name

    shown = display_name(name) if name is not None else DEFAULT_NAME
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise CommandError("`-` reads a report from standard input, which is closed")
    try:
        raw = stream.read(LIMIT + 1)
    except OSError as error:
        raise CommandError(f"cannot read standard input: {error.strerror or error}") from None
    if len(raw) > LIMIT:
        raise CommandError(
            f"standard input holds more than {LIMIT // (1024 * 1024)} MiB: too large for a report"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[start : error.start].decode("utf-8-sig", errors="replace")) + 1
        raise InputError(shown, line, column, "(file)", "not UTF-8 text") from None
    return parse_toml(text, shown)
