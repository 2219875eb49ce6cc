"""Reading TOML input: syntax and validation errors become one line naming file, line and key.

Input problems are not findings: they stop the run with exit code 2. Each is an InputError
whose text is `file:line:col: key: message`.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checker.inputs.positions import KeyPositions, deepest, key_at, long_number
from checker.output.escape import VALUE_LIMIT, encodable, one_line, shorten, shown
from checker.refs.syntax import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

Model = TypeVar("Model", bound=BaseModel)
_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)")


class InputError(Exception):
    """A malformed input file, with the position and key of the problem.

    Its text is one line whatever the key and message hold (control characters escaped,
    long values shortened): see checker.output.escape."""

    def __init__(self, file: str, line: int, column: int, key: str, message: str) -> None:
        shown_key = shorten(key, VALUE_LIMIT)
        super().__init__(one_line(f"{file}:{line}:{column}: {shown_key}: {shorten(message)}"))
        self.file, self.line, self.column, self.key = file, line, column, key
        self.message = message


class InputErrors(Exception):
    """Several input errors found in one pass; each prints as its own line."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.line, e.column, str(e)))
        super().__init__("\n".join(str(error) for error in self.errors))


class CommandError(Exception):
    """A problem with the command rather than with a file's content: an option's value, a
    path that cannot be written, a git revision, a run that finds nothing to check. Printed
    as one line, `gradecheck: error: message`; exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(shorten(message)))


@dataclass(frozen=True)
class Limits:
    """How much an input may hold: past a limit it is refused with an input error naming the
    limit (exit 2), before any work that would grow with it. Each can be set with an
    environment variable (VARIABLES); `limits()` reads them."""

    file_size: int = 16 * 2**20  # bytes of a report, rule, claims, waivers or baseline file
    text_size: int = 16 * 2**20  # bytes of a report's text
    depth: int = 64  # arrays and tables nested in a TOML or JSON file
    array_length: int = 100_000  # items of one array (or keys of one table)
    string_length: int = 100_000  # characters of one string (or key)


VARIABLES = {
    "file_size": "GRADECHECK_MAX_FILE_SIZE",
    "text_size": "GRADECHECK_MAX_TEXT_SIZE",
    "depth": "GRADECHECK_MAX_DEPTH",
    "array_length": "GRADECHECK_MAX_ARRAY",
    "string_length": "GRADECHECK_MAX_STRING",
}
_NUMBER = re.compile(r"\s*([0-9]{1,15})\s*([KMG]?)(?:i?B)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def limits(environ: Mapping[str, str] = os.environ) -> Limits:
    """The limits in force: the defaults, but for those the environment sets (a whole number
    above 0; a size may end in K, M or G). A value that is not one is a CommandError."""
    given = {}
    for name, variable in VARIABLES.items():
        value = environ.get(variable)
        number = _NUMBER.fullmatch(value) if value is not None else None
        if value is not None and (number is None or int(number[1]) == 0):
            message = "a whole number above 0 (a size may end in K, M or G)"
            raise CommandError(f"{variable} must be {message}, not {shown(value)}")
        if number is not None:
            given[name] = int(number[1]) * _UNITS[number[2].upper()]
    return Limits(**given)


def beyond(name: str, amount: int, unit: str, limit: int) -> str:
    """The message for `amount` of `unit` past the limit `name` (a field of Limits)."""
    return (
        f"{amount:,} {unit}, more than the limit of {limit:,} (set {VARIABLES[name]} to change it)"
    )


class TomlDocument:
    """A parsed TOML file: its name, its data, and its text for placing keys on lines.

    The text is needed only when something is reported (to find a key's line and column),
    so it is held compressed: a corpus run keeps thousands of documents.
    """

    __slots__ = ("_packed", "data", "file")

    def __init__(self, file: str, text: str, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data
        self._packed = zlib.compress(text.encode("utf-8"), 1) if text else b""

    def __repr__(self) -> str:
        return f"TomlDocument({self.file!r}, ..., {len(self.data)} keys)"

    @property
    def text(self) -> str:
        return zlib.decompress(self._packed).decode("utf-8") if self._packed else ""

    def positions(self) -> KeyPositions:
        return _positions(self._packed)

    def error(self, path: Path, message: str) -> InputError:
        line, column = self.positions().locate(path)
        return InputError(self.file, line, column, _dotted(path) or "(top level)", message)


@functools.lru_cache(maxsize=32)
def _positions(packed: bytes) -> KeyPositions:
    # Findings are placed report by report (and in the few earlier reports they cite): the
    # last few files' positions are kept, never a whole corpus's.
    return KeyPositions.scan(zlib.decompress(packed).decode("utf-8") if packed else "")


def resolved(path: FsPath) -> FsPath:
    """`path` made absolute with symbolic links followed, as far as they can be: a link
    loop or a name the system refuses gives the absolute path instead of an error."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a link loop (Python < 3.13)
        return path.absolute()


def display_name(path: FsPath) -> str:
    """Paths in messages: relative to the working directory when inside it, for clickable
    output. A name that is not UTF-8 shows its bytes as escapes (`\\udcff`), so that every
    output can carry it."""
    try:
        name = resolved(path).relative_to(resolved(FsPath.cwd())).as_posix()
    except ValueError:
        name = path.as_posix()
    return encodable(name)


_NOT_A_FILE = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def not_a_file(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file ("a named pipe"), else None."""
    return None if stat.S_ISREG(mode) else _NOT_A_FILE.get(stat.S_IFMT(mode), "not a file")


class TooLarge(OSError):
    """A file larger than the limit it is read with: `size` bytes (at least)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, "larger than the limit")
        self.size, self.limit = size, limit


def read_bytes(path: FsPath, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` of them (default: the file size limit)
    or TooLarge. Opened without blocking, so a named pipe or a device is refused
    (IsADirectoryError, or OSError with errno EINVAL and the kind as its text) instead of
    waiting for a writer or reading for ever."""
    limit = limits().file_size if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        status = os.fstat(handle)
        kind = not_a_file(status.st_mode)
        if kind is not None:
            raise OSError(errno.EINVAL, f"it is {kind}, not a file")
        if status.st_size > limit:
            raise TooLarge(status.st_size, limit)
    except BaseException:
        os.close(handle)
        raise
    with os.fdopen(handle, "rb") as stream:
        raw = stream.read(limit + 1)  # a file that grew since: no more than the limit
    if len(raw) > limit:
        raise TooLarge(len(raw), limit)
    return raw


def read_utf8(path: FsPath, what: str = "") -> tuple[str, str]:
    """A file's display name and its text; an InputError when it cannot be read, is larger
    than its limit (the text size limit for `what` = "the text", else the file size limit) or
    is not UTF-8. `what` names the file in the message. A UTF-8 byte-order mark is dropped."""
    file = display_name(path)
    label = f" {what}" if what else ""
    name = "text_size" if what == "the text" else "file_size"
    try:
        raw = read_bytes(path, getattr(limits(), name))
    except TooLarge as error:
        message = f"cannot read{label}: it holds {beyond(name, error.size, 'bytes', error.limit)}"
        raise InputError(file, 1, 1, "(file)", message) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(file, 1, 1, "(file)", f"cannot read{label}: {reason}") from None
    try:
        return file, raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw[: error.start].count(b"\n") + 1
        column = len(raw[start : error.start].decode("utf-8-sig", errors="replace")) + 1
        message = f"{what} is not UTF-8" if what else "not UTF-8 text"
        raise InputError(file, line, column, "(file)", message) from None


def read_toml(path: FsPath) -> TomlDocument:
    file, text = read_utf8(path)
    return parse_toml(text, file)


def parse_toml(text: str, file: str) -> TomlDocument:
    """The document, or one InputError: a syntax error, nesting too deep to read, an integer
    TOML cannot hold (64 bits), or more than the limits allow (see Limits)."""
    try:
        return TomlDocument(file, text, within_limits(tomllib.loads(text)))
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(text, file, str(error)) from None
    except RecursionError:
        line, column, depth = deepest(text)
        message = f"arrays and tables nested {depth} deep: too deep to read"
        raise InputError(file, line, column, key_at(text, line), message) from None
    except Beyond as found:
        line, column = KeyPositions.scan(text).locate(found.path)
        key = _dotted(found.path) or "(top level)"
        raise InputError(file, line, column, key, found.message) from None
    except ValueError:  # an integer of more digits than Python converts (in tomllib's int())
        line, column = long_number(text)
        raise InputError(file, line, column, key_at(text, line), _RANGE) from None


def _syntax_error(text: str, file: str, message: str) -> InputError:
    match = _AT.search(message)
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line, column = text.count("\n") + 1, 1
    reason = _AT.sub("", message).strip() or "invalid TOML"
    return InputError(
        file,
        line,
        column,
        key_at(text, line),
        f"TOML syntax error: {reason[0].lower()}{reason[1:]}",
    )


_RANGE = "integer out of range (a TOML integer has at most 64 bits)"
_INT64 = range(-(2**63), 2**63)
_SHORT = 64  # strings up to this length (keys, grades, ids, years) are shared


class Beyond(Exception):
    """A value past a limit (see Limits), or an integer beyond 64 bits (which TOML says must
    be an error, and which may be too long to print): its message, and where it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: Path = ()


def within_limits(data: Any, limits_: Limits | None = None, *, toml: bool = True) -> Any:
    """TOML (or, not `toml`, JSON) data with its keys and short strings interned (a corpus of
    reports repeats the same keys and grades thousands of times, and one copy of each is
    enough); or Beyond, for the first value past a limit, or a TOML integer beyond 64 bits."""
    return _interned(data, 0, limits_ or limits(), _INT64 if toml else None)


def _interned(value: Any, depth: int, most: Limits, integers: range | None) -> Any:
    if isinstance(value, str):
        if len(value) > most.string_length:
            raise Beyond(beyond("string_length", len(value), "characters", most.string_length))
        return sys.intern(value) if len(value) <= _SHORT else value
    if isinstance(value, int) and integers is not None and value not in integers:
        raise Beyond(_RANGE)
    if not isinstance(value, dict | list):
        return value
    if depth > most.depth or len(value) > most.array_length:
        kind = "keys" if isinstance(value, dict) else "items"
        raise Beyond(
            beyond("array_length", len(value), kind, most.array_length)
            if depth <= most.depth
            else f"arrays and tables nested deeper than {most.depth}, the limit "
            f"(set {VARIABLES['depth']} to change it)"
        )
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    found: dict[Any, Any] = {}
    for key, item in pairs:
        try:
            item = _interned(item, depth + 1, most, integers)
            found[_interned(key, depth, most, integers)] = item
        except Beyond as error:
            error.path = (key, *error.path)
            raise
    return found if isinstance(value, dict) else list(found.values())


def validate(
    model: type[Model], document: TomlDocument, context: Any = None, at: Path = ()
) -> Model:
    """The document's data (or the part of it at `at`) validated by `model`; InputErrors
    naming the file, line and key of every problem."""
    value: Any = document.data
    for part in at:
        value = value[part]
    try:
        return model.model_validate(value, context=context)
    except ValidationError as error:
        raise InputErrors(_input_errors(error, document, at)) from None


def _input_errors(error: ValidationError, document: TomlDocument, at: Path) -> list[InputError]:
    errors = []
    for detail in error.errors(include_url=False):
        path = data_path(document.data, (*at, *detail["loc"]))
        if detail["type"] == "union_tag_invalid":
            path = (*path, detail["ctx"]["discriminator"].strip("'"))
        message = _message(detail)
        errors.append(document.error(path, message))
    return errors


def data_path(data: Any, loc: tuple[Any, ...]) -> Path:
    """The path in the data that a pydantic error location names.

    pydantic puts union tags (`implies`) and `[key]` markers into locations; they are not
    keys of the document, so they are dropped by walking the data alongside.
    """
    path: list[str | int] = []
    current = data
    for part in loc:
        in_table = isinstance(current, dict) and part in current
        in_array = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_table or in_array:
            current = current[part]
            path.append(part)
    return tuple(path)


def _message(detail: Any) -> str:
    kind = detail["type"]
    if kind == "extra_forbidden":
        return "unknown key (not part of the format)"
    if kind == "missing":
        return f"required key {detail['loc'][-1]!r} is missing"
    if kind == "union_tag_invalid":
        context = detail["ctx"]
        return f"unknown rule kind {context['tag']!r} (known kinds: {context['expected_tags']})"
    message = str(detail["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.endswith("_type") or kind == "literal_error":
        return f"{message}, got {_show(detail['input'])}"
    return message


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return shown(value)


def _dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)
