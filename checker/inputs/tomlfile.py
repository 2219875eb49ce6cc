"""Reading TOML input: syntax and validation errors become one line naming file, line and key.

Input problems are not findings: they stop the run with exit code 2. Each is an InputError
whose text is `file:line:col: key: message`.
"""

from __future__ import annotations

import functools
import re
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path as FsPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checker.inputs.positions import KeyPositions
from checker.refs.syntax import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

Model = TypeVar("Model", bound=BaseModel)
_AT = re.compile(r"\(at line (\d+), column (\d+)\)|at end of document")
_KEY = re.compile(r"^\s*\[*\s*([^=\]#]+?)\s*(?:=|\]|$)")


class InputError(Exception):
    """A malformed input file, with the position and key of the problem."""

    def __init__(self, file: str, line: int, column: int, key: str, message: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {key}: {message}")
        self.file, self.line, self.column, self.key = file, line, column, key
        self.message = message


class InputErrors(Exception):
    """Several input errors found in one pass; each prints as its own line."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.line, e.column, str(e)))
        super().__init__("\n".join(str(error) for error in self.errors))


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


def display_name(path: FsPath) -> str:
    """Paths in messages: relative to the working directory when inside it, for clickable output."""
    try:
        return path.resolve().relative_to(FsPath.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_utf8(path: FsPath, what: str = "") -> tuple[str, str]:
    """A file's display name and its text; an InputError when it cannot be read or is not
    UTF-8. `what` names the file in the message ("the text")."""
    file = display_name(path)
    label = f" {what}" if what else ""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(file, 1, 1, "(file)", f"cannot read{label}: {error.strerror}") from None
    try:
        return file, raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"{what} is not UTF-8" if what else "not UTF-8 text"
        raise InputError(file, line, 1, "(file)", message) from None


def read_toml(path: FsPath) -> TomlDocument:
    file, text = read_utf8(path)
    return parse_toml(text, file)


def parse_toml(text: str, file: str) -> TomlDocument:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _AT.search(message)
        if match and match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
        else:
            line, column = text.count("\n") + 1, 1
        reason = _AT.sub("", message).strip() or "invalid TOML"
        source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        key = _KEY.match(source_line)
        raise InputError(
            file,
            line,
            column,
            key.group(1) if key else "(syntax)",
            f"TOML syntax error: {reason[0].lower()}{reason[1:]}",
        ) from None
    return TomlDocument(file, text, _interned(data))


_SHORT = 64
"""Strings up to this length (keys, grades, ids, years) are shared between documents."""


def _interned(value: Any) -> Any:
    """The data with its keys and short strings interned: a corpus of reports repeats the
    same keys and grades thousands of times, and one copy of each is enough."""
    if isinstance(value, dict):
        return {sys.intern(key): _interned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_interned(item) for item in value]
    if isinstance(value, str) and len(value) <= _SHORT:
        return sys.intern(value)
    return value


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
    return repr(value)


def _dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)
