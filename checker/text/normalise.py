"""Plain text extracted from a PDF or DOCX, normalised for matching, with a map back.

The normalised text has exactly two kinds of whitespace: one space between words, and one
newline at a *hard break* (a paragraph end, a heading, a bullet). Claim patterns are written
against it. Every normalised offset maps back to the raw text's line and column, so a finding
can point at the sentence in the file the editor has open.

What normalisation does, in order:

- **Page furniture** goes: lines that are only a page number (`16`, `Page 3`, `3 of 40`;
  four-digit numbers are years and stay), and running heads: a short line repeated at least
  three times next to a page boundary (a form feed, a page-number line, or a line the
  extractor starts with one space, as pdftotext does at the top of a page).
- **Characters** are folded: curly quotes to straight ones, en and em dashes (and the like)
  to `-`, no-break spaces to spaces, soft hyphens to hyphens (undone at line ends).
- **Line breaks** inside a paragraph become spaces. A break is hard when blank lines or
  page furniture separate the lines (unless the sentence plainly runs on: no closing
  punctuation before, and a lower-case letter after or a line ending with a word like
  "the", "of", "from"), or when a short line (under 70% of the
  text's usual line width, taken as at least 60 characters) is followed by a capital, digit
  or bullet: that is a heading, the last line of a paragraph, or a table cell.
- **Hyphenation** at a line end (`inves-` / `tigates`, a letter before the hyphen, a
  lower-case letter after) is undone by a heuristic: keep the hyphen when the hyphenated
  word occurs elsewhere in the text on one line (`anti-social`) or the first part is a
  prefix that English writes with a hyphen (`anti`, `non`, `self`, `co`, ...); otherwise
  join without it (`investigates`), which is what typesetting hyphenation needs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\u00ad": "-",
    }
)
"""One character to one, so offsets stay in step with the raw text. A soft hyphen becomes a
hyphen: at a line end it marks hyphenation, which the line joins then undo."""
_FOLDED = re.compile("[" + "".join(chr(c) for c in FOLD) + "]")


def fold(text: str) -> str:
    """`text` with FOLD applied; only the (few) characters to fold are looked at."""
    return _FOLDED.sub(lambda m: FOLD[ord(m.group())], text) if _FOLDED.search(text) else text


HYPHEN_PREFIXES = frozenset(
    {"anti", "non", "self", "co", "cross", "ex", "multi", "semi", "pre", "post", "well"}
    | {"low", "high", "long", "short", "part", "full", "all", "inter", "intra", "counter"}
)
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_END_PUNCTUATION = ".?!:;"
_RUNS_ON_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "from", "and", "or", "in", "for", "with", "by", "on", "at"}
    | {"that", "than", "as", "its", "their", "our", "is", "are", "was", "were", "be", "not"}
)
"""A line ending with one of these words is in the middle of a sentence, whatever follows."""
_RUNNING_HEAD_REPEATS = 3
_SHORT_LINE = 0.7
_MIN_WIDTH = 60


@dataclass(frozen=True)
class NormalText:
    """The normalised text and the way back to the raw text."""

    text: str
    raw: str
    anchors: tuple[int, ...] = field(repr=False)
    """Normalised offsets where a run of characters copied one to one from the raw text starts."""
    targets: tuple[int, ...] = field(repr=False)
    """The raw offset of each anchor."""
    line_starts: tuple[int, ...] = field(repr=False)
    """Raw offsets where each raw line starts."""

    def raw_offset(self, offset: int) -> int:
        index = bisect_right(self.anchors, offset) - 1
        if index < 0:
            return 0
        return self.targets[index] + (offset - self.anchors[index])

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the raw text of a normalised offset."""
        raw = min(self.raw_offset(offset), len(self.raw))
        line = bisect_right(self.line_starts, raw) - 1
        return line + 1, raw - self.line_starts[line] + 1


@dataclass
class _Line:
    start: int
    """Raw offset of the line's first character."""
    text: str
    page_start: bool = False


def _lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    page_start = True
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        # A form feed starts a page; pdftotext's layout here also opens a page with a space.
        parts = body.split("\f")
        position = offset
        for index, part in enumerate(parts):
            starts_page = page_start or index > 0 or (part.startswith(" ") and part[1:2] != " ")
            lines.append(_Line(position, part, starts_page))
            position += len(part) + 1
            page_start = False
        offset += len(piece)
    return lines


def _line_starts(raw: str) -> tuple[int, ...]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n|\f", raw):
        starts.append(match.end())
    return tuple(starts)


def _furniture(lines: list[_Line]) -> set[int]:
    """Indexes of page-number lines and running heads."""
    numbers = {i for i, line in enumerate(lines) if _PAGE_NUMBER.fullmatch(line.text.strip())}
    boundary = set(numbers)
    for i, line in enumerate(lines):
        if line.page_start:
            boundary.add(i)
    near: dict[str, list[int]] = {}
    for i in boundary:
        for j in (i - 2, i - 1, i, i + 1, i + 2):
            if 0 <= j < len(lines) and j not in numbers:
                text = lines[j].text.strip()
                if text and len(text) <= 80:
                    near.setdefault(text, []).append(j)
    heads: set[int] = set()
    counts: dict[str, int] = {}
    for line in lines:
        text = line.text.strip()
        if text in near:
            counts[text] = counts.get(text, 0) + 1
    for text, indexes in near.items():
        # Repeated near page boundaries, and not much elsewhere: a running head or foot.
        distinct = set(indexes)
        if len(distinct) >= _RUNNING_HEAD_REPEATS and counts[text] <= len(distinct) + 1:
            heads.update(distinct)
    return numbers | heads


def _usual_width(lines: list[_Line]) -> int:
    """The width of a full line: the 90th percentile, at least _MIN_WIDTH (short texts)."""
    widths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if not widths:
        return _MIN_WIDTH
    return max(widths[max(int(len(widths) * 0.9) - 1, 0)], _MIN_WIDTH)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[int] = []
        self.targets: list[int] = []

    def add(self, text: str, raw: int) -> None:
        """Append text copied one to one from raw offset `raw` onwards."""
        self.anchors.append(self.length)
        self.targets.append(raw)
        self.parts.append(text)
        self.length += len(text)

    def drop_last_char(self) -> None:
        last = self.parts[-1]
        self.parts[-1] = last[:-1]
        self.length -= 1


def normalise(raw: str) -> NormalText:
    folded = fold(raw)
    lines = _lines(folded)
    removed = _furniture(lines)
    width = _usual_width(lines)
    vocabulary = set(_WORDS.findall(folded.lower()))
    out = _Builder()
    previous: str | None = None
    gap = False
    for index, line in enumerate(lines):
        text = line.text
        if index in removed or not text.strip():
            gap = gap or previous is not None
            continue
        # A new page ends a paragraph unless the sentence plainly runs on.
        gap = gap or (line.page_start and previous is not None)
        stripped = text.strip()
        if "  " in stripped:
            words = [(m.group(), line.start + m.start()) for m in _WORD.finditer(text)]
        else:  # the usual line: one run copied as it is
            words = [(stripped, line.start + text.index(stripped[0]))]
        first, first_raw = words[0]
        if previous is not None:
            joiner = _joiner(previous, first, gap, width)
            if joiner == "-" or joiner == "":
                if not _keep_hyphen(previous, first, vocabulary):
                    out.drop_last_char()
            else:
                out.add(joiner, first_raw)
        out.add(first, first_raw)
        for word, raw_offset in words[1:]:
            out.add(" ", raw_offset)
            out.add(word, raw_offset)
        previous = stripped
        gap = False
    return NormalText(
        "".join(out.parts), raw, tuple(out.anchors), tuple(out.targets), _line_starts(raw)
    )


def _joiner(previous: str, first: str, gap: bool, width: int) -> str:
    """How two lines meet: "" or "-" (a hyphenated word), " " or "\n" (a hard break)."""
    lower_next = first[:1].islower()
    if (
        not gap
        and lower_next
        and len(previous) >= 2
        and previous.endswith("-")
        and previous[-2].isalpha()
    ):
        return "-"
    last_word = previous.rsplit(" ", 1)[-1].lower()
    runs_on = previous[-1:] not in _END_PUNCTUATION and (
        lower_next or (last_word in _RUNS_ON_WORDS and first[:1].isalnum())
    )
    if gap:
        return " " if runs_on else "\n"
    short = len(previous) < width * _SHORT_LINE
    starts_block = first[:1].isupper() or first[:1].isdigit() or first[:1] in "•*-\"'("
    if short and starts_block and previous[-1:] != "," and not runs_on:
        return "\n"
    return " "


def _keep_hyphen(previous: str, first: str, vocabulary: set[str]) -> bool:
    left = _WORDS.findall(previous.lower())
    right = _WORDS.findall(first.lower())
    if not left or not right:
        return True
    head = left[-1].rsplit("-", 1)[-1]
    tail = right[0].split("-", 1)[0]
    if f"{head}-{tail}" in vocabulary:
        return True
    if f"{head}{tail}" in vocabulary:
        return False
    return head in HYPHEN_PREFIXES
