"""A report's text, read and normalised once, with what rules ask of it computed once.

Texts are read when their report loads (checker.inputs.report), cached by path,
modification time and size; the claims and sections of a text are cached by claim set. A
file named `.docx` or `.pdf` is read as that document (checker.text.documents): its text is
the one extracted, and its places name the page or paragraph as well (`cite`, `locate`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.tomlfile import read_utf8
from checker.model.findings import Location
from checker.text.claimset import ClaimSet
from checker.text.compose import Reading, Unread
from checker.text.compose import read as read_frames
from checker.text.documents import Origins, is_document, read_document
from checker.text.extract import Claim, extract
from checker.text.normalise import NormalText, fold, normalise
from checker.text.sections import Sections, split

_SQUEEZE = re.compile(r"[\s\-]+")


@dataclass(eq=False)
class ReportText:
    file: str
    """The text's display path (or a name, for a text given in memory)."""
    normal: NormalText
    origins: Origins | None = None
    """Where the lines of a text extracted from a DOCX or a PDF came from; None for text."""
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def sections(self, claim_set: ClaimSet) -> Sections:
        key = ("sections", claim_set)
        if key not in self._cache:
            self._cache[key] = split(self.normal.text, claim_set.section_names, self.normal.joins)
        found: Sections = self._cache[key]
        return found

    def claims(self, claim_set: ClaimSet, name: str) -> list[Claim]:
        """The claims called `name`, read once per text and claim set (only when asked): those
        of its patterns and tables, and those its frames compose, in text order."""
        key = ("claims", claim_set, name)
        if key not in self._cache:
            if name not in claim_set.claims:
                return []
            sections = self.sections(claim_set)
            found = extract(self.normal.text, sections, claim_set, name)
            composed = self.reading(claim_set).claims.get(name)
            if composed:
                found = sorted(found + composed, key=lambda claim: claim.start)
            self._cache[key] = found
        claims: list[Claim] = self._cache[key]
        return claims

    def reading(self, claim_set: ClaimSet) -> Reading:
        """What the claim set's frames read from the text, once per claim set."""
        key = ("frames", claim_set)
        if key not in self._cache:
            if claim_set.frames:
                sections = self.sections(claim_set)
                self._cache[key] = read_frames(self.normal.text, sections, claim_set)
            else:
                self._cache[key] = Reading()
        reading: Reading = self._cache[key]
        return reading

    def unread(self, claim_set: ClaimSet) -> list[Unread]:
        """Sentences that name questions or pillars and grades in a way no frame reads."""
        return self.reading(claim_set).unread

    def claims_by(self, claim_set: ClaimSet, name: str, field: str) -> dict[Any, list[int]]:
        """The indexes (in text order) of the claims called `name` by the type and value of
        their `field`; built once per text, claim set, claim and field."""
        key = ("claims by", claim_set, name, field)
        if key not in self._cache:
            found: dict[Any, list[int]] = {}
            for index, claim in enumerate(self.claims(claim_set, name)):
                value = claim.fields.get(field)
                found.setdefault((type(value), value), []).append(index)
            self._cache[key] = found
        by_value: dict[Any, list[int]] = self._cache[key]
        return by_value

    def position(self, offset: int) -> tuple[int, int]:
        return self.normal.position(offset)

    def origin(self, offset: int) -> str:
        """Where a normalised offset lies in the document the text was extracted from
        ("page 12, line 3", "paragraph 40", "table 1, row 4"); "" for a plain text."""
        if self.origins is None:
            return ""
        return self.origins.of_line(self.position(offset)[0])

    def cite(self, offset: int) -> str:
        """A normalised offset as messages give it: `file:line:column` in the text, then for
        a DOCX or a PDF where that is in the document (`norfolk.pdf:310:1, page 12, line 3`)."""
        line, column = self.position(offset)
        where = f"{self.file}:{line}:{column}"
        origin = self.origins.of_line(line) if self.origins is not None else ""
        return f"{where}, {origin}" if origin else where

    def locate(self, offset: int, note: str = "") -> Location:
        """A related location at a normalised offset, with `note` (the sentence quoted) and,
        for a DOCX or a PDF, where that is in the document: `sentence (page 12, line 3)`."""
        line, column = self.position(offset)
        origin = self.origins.of_line(line) if self.origins is not None else ""
        if origin:
            note = f"{note} ({origin})" if note else origin
        return Location(self.file, line, column, "", note)

    def find_quote(self, quote: str) -> list[int]:
        """Normalised offsets where `quote` occurs, ignoring whitespace, line breaks and hyphens.

        Most quotes occur as written once whitespace is made one space: those are found (with
        str.find, each occurrence after the one before) in a copy of the text with hard breaks
        as spaces (same offsets). Only the others are looked for in the text without
        whitespace and hyphens, built on first need. Each quote is looked for once.
        """
        found: dict[str, list[int]] = self._cache.setdefault("quotes", {})
        if quote not in found:
            words = " ".join(fold(quote).split())
            found[quote] = (_occurrences(self._flat(), words) if words else []) or (
                self._find_squeezed(quote)
            )
        return list(found[quote])

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


def _occurrences(text: str, words: str) -> list[int]:
    """Where `words` occurs in `text`, each occurrence after the end of the one before."""
    found = []
    start = text.find(words)
    while start >= 0:
        found.append(start)
        start = text.find(words, start + len(words))
    return found


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
    """The text of a file, normalised; an InputError when it cannot be read. A `.docx` or
    `.pdf` file is read as that document (checker.text.documents), any other as UTF-8."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size) if stat else None
    if key is not None and key in _texts:
        return _texts[key]
    if is_document(path):
        file, raw, origins = read_document(path)
        text = ReportText(file, normalise(raw), origins)
    else:
        file, raw = read_utf8(path, "the text")
        text = ReportText(file, normalise(raw))
    if key is not None:
        _texts[key] = text
    return text
