"""Finding, reading and caching a report's text.

A report names its text with `source = "..."`, a path relative to the report file that must
stay inside the repository (the nearest folder above the report holding `.git`; without one,
the report's own folder). `gradecheck check --text FILE` overrides it. Each text is read and
normalised once per run, however many rules use it: texts are cached by path, modification
time and size, and the claims and sections of a text by claim set.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.report import LoadedReport
from checker.inputs.tomlfile import InputError, display_name
from checker.text.claimset import ClaimSet
from checker.text.extract import Claim, extract
from checker.text.normalise import NormalText, fold, normalise
from checker.text.sections import Sections, split

_SQUEEZE = re.compile(r"[\s\-]+")


@dataclass(eq=False)
class ReportText:
    file: str
    """The text's display path (or a name, for a text given in memory)."""
    normal: NormalText
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def sections(self, claim_set: ClaimSet) -> Sections:
        key = ("sections", claim_set)
        if key not in self._cache:
            self._cache[key] = split(self.normal.text, claim_set.section_names)
        found: Sections = self._cache[key]
        return found

    def claims(self, claim_set: ClaimSet, name: str) -> list[Claim]:
        """The claims called `name`, read once per text and claim set (only when asked)."""
        key = ("claims", claim_set, name)
        if key not in self._cache:
            if name not in claim_set.claims:
                return []
            sections = self.sections(claim_set)
            self._cache[key] = extract(self.normal.text, sections, claim_set, name)
        found: list[Claim] = self._cache[key]
        return found

    def position(self, offset: int) -> tuple[int, int]:
        return self.normal.position(offset)

    def find_quote(self, quote: str) -> list[int]:
        """Normalised offsets where `quote` occurs, ignoring whitespace, line breaks and hyphens.

        Most quotes occur as written once whitespace is made one space: those are found in
        a copy of the text with hard breaks as spaces (same offsets). Only the others are
        looked for in the text without whitespace and hyphens, built on first need.
        """
        flat = self._flat()
        words = " ".join(fold(quote).split())
        found = [m.start() for m in re.finditer(re.escape(words), flat)] if words else []
        return found or self._find_squeezed(quote)

    def _flat(self) -> str:
        if "flat" not in self._cache:
            self._cache["flat"] = self.normal.text.replace("\n", " ")
        flat: str = self._cache["flat"]
        return flat

    def _find_squeezed(self, quote: str) -> list[int]:
        squeezed, offsets = self._squeezed()
        needle = _SQUEEZE.sub("", fold(quote))
        if not needle:
            return []
        found = []
        start = squeezed.find(needle)
        while start >= 0:
            found.append(offsets[start])
            start = squeezed.find(needle, start + 1)
        return found

    def _squeezed(self) -> tuple[str, _Unsqueeze]:
        if "squeezed" not in self._cache:
            text = self.normal.text
            starts: list[int] = []
            shifts: list[int] = []
            removed = 0
            for match in _SQUEEZE.finditer(text):
                starts.append(match.start() - removed)
                removed += match.end() - match.start()
                shifts.append(removed)
            self._cache["squeezed"] = (_SQUEEZE.sub("", text), _Unsqueeze(starts, shifts))
        squeezed: tuple[str, _Unsqueeze] = self._cache["squeezed"]
        return squeezed


@dataclass(frozen=True)
class _Unsqueeze:
    """Maps an offset of the squeezed text (no spaces, newlines, hyphens) back."""

    starts: list[int]
    """Squeezed offsets where a removed run was."""
    shifts: list[int]
    """Characters removed up to and including that run."""

    def __getitem__(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return offset + (self.shifts[index] if index >= 0 else 0)


_texts: dict[Any, ReportText] = {}


def text_from_string(raw: str, name: str) -> ReportText:
    key = ("memory", name, raw)
    if key not in _texts:
        _texts[key] = ReportText(name, normalise(raw))
    return _texts[key]


def read_text(path: FsPath) -> ReportText:
    """The text of a file, normalised; an InputError when it cannot be read."""
    file = display_name(path)
    try:
        stat = path.stat()
        key = ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key in _texts:
            return _texts[key]
        raw = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise InputError(file, 1, 1, "(file)", f"cannot read the text: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(file, 1, 1, "(file)", "the text is not UTF-8") from None
    _texts[key] = ReportText(file, normalise(raw))
    return _texts[key]


_by_report: dict[int, tuple[weakref.ref[LoadedReport], ReportText | None]] = {}


def report_text(loaded: LoadedReport) -> ReportText | None:
    """The text a report is checked against: `--text`, else its `source`, else None.

    Looked up once per loaded report: every rule and item of a run asks again.
    """
    known = _by_report.get(id(loaded))
    if known is not None and known[0]() is loaded:
        return known[1]
    text = _report_text(loaded)
    _by_report[id(loaded)] = (weakref.ref(loaded), text)
    return text


def _report_text(loaded: LoadedReport) -> ReportText | None:
    if loaded.text is not None:
        return text_from_string(loaded.text, f"{loaded.file}:text")
    if loaded.text_file is not None:
        return read_text(loaded.text_file)
    source = loaded.report.source
    if source is None:
        return None
    return read_text(resolve_source(loaded, source))


def resolve_source(loaded: LoadedReport, source: str) -> FsPath:
    report_file = FsPath(loaded.file).resolve()
    folder = report_file.parent
    root = next((p for p in (folder, *folder.parents) if (p / ".git").exists()), folder)
    path = (folder / source).resolve()
    if not path.is_relative_to(root):
        raise loaded.document.error(
            ("source",), f"the text {source!r} lies outside the repository ({display_name(root)})"
        )
    if not path.is_file():
        raise loaded.document.error(("source",), f"no text file {source!r} next to the report")
    return path


def attach_text(reports: list[LoadedReport], text_file: FsPath) -> list[LoadedReport]:
    """`--text FILE`: the one report checked is checked against FILE instead of its source."""
    if len(reports) != 1:
        raise InputError(
            display_name(text_file),
            1,
            1,
            "--text",
            f"--text needs exactly one report to check; {len(reports)} were given",
        )
    read_text(text_file)  # a missing or unreadable text stops the run before any rule runs
    return [replace(reports[0], text_file=text_file)]
