"""A report's text read from the draft as editors have it: a DOCX or a PDF.

The plain text extracted here is what normalise.py reads (as it reads a text extracted with
pdftotext), with where each of its lines came from, so that a finding can name the page of
the PDF or the paragraph of the DOCX as well as the line of the extracted text.

- **DOCX** (python-docx): the body in document order. A paragraph is one line (a line break
  inside it starts another), with a blank line between paragraphs. A table is read row by
  row, each cell on a line of its own (a merged cell once) and a blank line after each row,
  as the claims' table readers read a table across: the scope table's area, then its
  "Yes" or "No". Lines come from "paragraph N" (the Nth paragraph of the body, empty ones
  counted, tables apart) or "table N, row M". Tracked changes are read accepted, content
  controls as the text around them; headers, footers, footnotes, comments and text boxes are
  not read.
- **PDF** (pypdf): the text of each page, pages separated by a form feed, so that
  normalisation knows where pages start (page numbers and running heads go). Lines come from
  "page N, line M": the Nth page of the file (not its printed number) and the Mth line of
  the text extracted from it.

Every line is stripped of the spaces around it. A file that cannot be read (not a DOCX or a
PDF, damaged, protected by a password, no text in it, the `documents` extra not installed)
is an input error; so is one larger than DOCUMENT_FACTOR times the text size limit
(GRADECHECK_MAX_TEXT_SIZE), a DOCX whose parts unpack to more than that (or UNPACKED_FLOOR),
and one whose extracted text is larger than the text size limit.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.tomlfile import (
    VARIABLES,
    InputError,
    TooLarge,
    beyond,
    display_name,
    limits,
    read_bytes,
)

SUFFIXES = {".docx": "DOCX", ".pdf": "PDF"}
"""The suffixes (in any case) of the documents read here, and their names in messages."""
DOCUMENT_FACTOR = 8
"""A document may be this many times the text size limit (images, markup, compression);
a DOCX's parts, unpacked, too (python-docx holds them all)."""
UNPACKED_FLOOR = 64 * 2**20
"""A DOCX's parts may always unpack to this many bytes, whatever the text size limit: the
styles of Word's own template alone take about a megabyte."""
_INSTALL = "pip install 'inspection-gradecheck[documents]'"
_BREAKS = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"))
"""Everything str.splitlines ends a line at, made "\n": lines end at "\n" (and pages at the
form feeds put between them), as NormalText.position counts them."""
_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate (a PDF's broken text map) cannot be written out: it becomes U+FFFD."""


def is_document(path: FsPath) -> bool:
    """Whether the file is read as a DOCX or a PDF (by its suffix) rather than as text."""
    return path.suffix.lower() in SUFFIXES


@dataclass(frozen=True)
class Origins:
    """Where the lines of an extracted text came from: the part each run of lines starts
    ("page 3", "paragraph 12", "table 1, row 4"), and for a PDF the line in that page."""

    starts: tuple[int, ...]
    """The 0-based line of the extracted text where each part starts."""
    labels: tuple[str, ...]
    numbered: bool = False
    """Whether a line's place in its part is given too ("page 3, line 14")."""

    def of_line(self, line: int) -> str:
        """Where the 1-based `line` of the extracted text came from; "" for none."""
        index = bisect_right(self.starts, line - 1) - 1
        if index < 0:
            return ""
        if self.numbered:
            return f"{self.labels[index]}, line {line - self.starts[index]}"
        return self.labels[index]


class _Refused(Exception):
    """Why a document cannot be read: the message of its input error."""


class _Text:
    """The extracted text as it is built: lines, the parts they came from, and its size
    checked against the text size limit as it grows (a document can hold far more text
    than its size suggests)."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.starts: list[int] = []
        self.labels: list[str] = []
        self.page_starts: set[int] = set()
        """Lines that open a page (after a form feed rather than a newline)."""
        self.size = 0
        self.limit = limit

    def part(self, label: str, text: str, *, page: bool = False) -> None:
        """Adds the lines of `text`, which come from the part `label`: a paragraph or a table
        row (its lines but the empty ones, then a blank line), or with `page` a PDF's page
        (every line, a form feed before it)."""
        self.starts.append(len(self.lines))
        self.labels.append(label)
        if page and self.lines:
            self.page_starts.add(len(self.lines))
        text = _SURROGATE.sub("\ufffd", text.translate(_BREAKS))
        lines = [line.strip() for line in text.split("\n")]
        if not page:  # a paragraph or a table row: a blank line after it
            lines = [line for line in lines if line] + [""]
        for line in lines:
            self.size += len(line.encode("utf-8")) + 1
            if self.size > self.limit:
                raise _Refused(
                    "cannot read the text: the text extracted from it holds at least "
                    + beyond("text_size", self.size, "bytes", self.limit)
                )
            self.lines.append(line)

    def joined(self) -> str:
        pieces = []
        for index, line in enumerate(self.lines):
            if index:
                pieces.append("\f" if index in self.page_starts else "\n")
            pieces.append(line)
        return "".join(pieces)


def read_document(path: FsPath) -> tuple[str, str, Origins]:
    """A DOCX's or a PDF's display name, its plain text, and where each line came from; an
    InputError when it cannot be read."""
    file = display_name(path)
    kind = SUFFIXES[path.suffix.lower()]
    text_size = limits().text_size
    bound = DOCUMENT_FACTOR * text_size
    try:
        data = read_bytes(path, bound)
    except TooLarge as error:
        message = (
            f"cannot read the text: the {kind} holds {error.size:,} bytes, more than the limit "
            f"of {bound:,} for a document ({DOCUMENT_FACTOR} times the text size limit: set "
            f"{VARIABLES['text_size']} to change it)"
        )
        raise InputError(file, 1, 1, "(file)", message) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(file, 1, 1, "(file)", f"cannot read the text: {reason}") from None
    text = _Text(text_size)
    try:
        if kind == "DOCX":
            _read_docx(data, bound, text)
        else:
            _read_pdf(data, text)
    except _Refused as error:
        raise InputError(file, 1, 1, "(file)", str(error)) from None
    if not any(text.lines):
        message = f"cannot read the text: the {kind} holds no text" + (
            " (scanned pages? only a PDF's text is read, not its images)" if kind == "PDF" else ""
        )
        raise InputError(file, 1, 1, "(file)", message)
    origins = Origins(tuple(text.starts), tuple(text.labels), numbered=kind == "PDF")
    return file, text.joined(), origins


def _reason(error: Exception) -> str:
    """An exception's text, for a message: its first line, or its type's name."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _read_docx(data: bytes, bound: int, text: _Text) -> None:
    try:
        from docx import Document
    except ImportError:
        raise _Refused(f"cannot read the text: a DOCX needs python-docx ({_INSTALL})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _Refused(f"cannot read the text: not a DOCX file ({_reason(error)})") from None
    most = max(bound, UNPACKED_FLOOR)
    if unpacked > most:
        raise _Refused(
            f"cannot read the text: the DOCX unpacks to {unpacked:,} bytes, more than the limit "
            f"of {most:,} for a document (set {VARIABLES['text_size']} to change it)"
        )
    try:
        document = Document(io.BytesIO(data))
        paragraphs = tables = 0
        for block in _blocks(document.element.body):
            if _name(block) == "p":
                paragraphs += 1
                said = _paragraph_text(block)
                if said.strip():
                    text.part(f"paragraph {paragraphs}", said)
            else:
                tables += 1
                for number, row in enumerate(_rows(block, document), 1):
                    text.part(f"table {tables}, row {number}", "\n".join(row))
    except _Refused:
        raise
    except Exception as error:  # a damaged package: python-docx, zipfile and lxml errors
        raise _Refused(f"cannot read the text: a damaged DOCX ({_reason(error)})") from None


# The XML is walked as lxml elements, typed Any: python-docx's for paragraphs (whose xpath
# knows the namespaces), plain ones for what it has no class for (content controls).

_RUN_TEXT = (
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
    " or ancestor::*[local-name() = 'Fallback'])]"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]"
)
"""What a paragraph says, with its tracked changes accepted: the text, tabs, line breaks and
non-breaking hyphens of its runs (in hyperlinks, fields and content controls too), but not
of deleted or moved-away runs, text boxes, or the fallback copy of alternate content."""
_SAID = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
"""What each element but w:t (its text) says."""


def _name(element: Any) -> str:
    """An element's local name ("p" for w:p)."""
    return str(element.tag).rsplit("}", 1)[-1]


def _blocks(container: Any) -> Iterator[Any]:
    """The paragraphs (w:p) and tables (w:tbl) of the body or of a cell, in order, with
    those inside content controls (w:sdt) and custom XML."""
    for child in container.iterchildren():
        name = _name(child)
        if name in ("p", "tbl"):
            yield child
        elif name in ("sdt", "sdtContent", "customXml"):
            yield from _blocks(child)  # w:sdt's properties hold no w:p or w:tbl


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.xpath(_RUN_TEXT):
        name = _name(node)
        parts.append(str(node.text or "") if name == "t" else _SAID[name])
    return "".join(parts)


def _rows(table: Any, document: Any) -> Iterator[list[str]]:
    """Each row's cells' texts, in order; a cell merged across columns or rows once (where
    it starts), as python-docx resolves the merges."""
    from docx.table import Table

    seen: set[object] = set()  # the cells' elements (kept alive, so compared by identity)
    for row in Table(table, document).rows:
        cells = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                cells.append(_cell_text(cell._tc, document))
        yield cells


def _cell_text(cell: Any, document: Any) -> str:
    """A cell's paragraphs, and the cells of any table inside it, one a line."""
    lines: list[str] = []
    for block in _blocks(cell):
        if _name(block) == "p":
            lines.append(_paragraph_text(block))
        else:
            lines.extend(line for row in _rows(block, document) for line in row)
    return "\n".join(lines)


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf's warnings about a damaged file (it logs them, or warns) not printed: what
    cannot be read is an input error, and what can is read."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _read_pdf(data: bytes, text: _Text) -> None:
    try:
        from pypdf import PasswordType, PdfReader
    except ImportError:
        raise _Refused(f"cannot read the text: a PDF needs pypdf ({_INSTALL})") from None
    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
        except Exception as error:  # pypdf's errors, and what a damaged file raises in it
            raise _Refused(f"cannot read the text: not a PDF file ({_reason(error)})") from None
        if encrypted:
            try:
                # Many PDFs are encrypted only against editing: the empty password opens them.
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception as error:  # an encryption pypdf cannot undo without extras
                message = f"cannot read the text: the PDF is encrypted ({_reason(error)})"
                raise _Refused(message) from None
            if not opened:
                raise _Refused(
                    "cannot read the text: the PDF is protected by a password "
                    "(save a copy without one)"
                )
        try:
            pages = reader.pages
            count = len(pages)
        except Exception as error:
            raise _Refused(f"cannot read the text: a damaged PDF ({_reason(error)})") from None
        for number in range(1, count + 1):
            try:
                page = pages[number - 1].extract_text()
            except Exception as error:
                message = f"cannot read the text of page {number} of the PDF ({_reason(error)})"
                raise _Refused(message) from None
            text.part(f"page {number}", page, page=True)
