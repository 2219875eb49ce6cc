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
  or bullet: that is a heading, the last line of a paragraph, or a table cell; and before a
  line that looks like a heading (a capital, short and not ending a sentence, or a question
  of its own) after a line that ends a sentence (the full last line of a paragraph). Where a
  line starting with a capital is joined to one ending a sentence, the offset is kept
  (`NormalText.joins`): a heading whose break was lost may start there (see sections.py).
- **Hyphenation** at a line end (`inves-` / `tigates`, a letter before the hyphen, a
  lower-case letter after; also across page furniture) is undone by a heuristic: keep the
  hyphen when the hyphenated word occurs elsewhere in the text on one line (`anti-social`)
  or the first part is a prefix that English writes with a hyphen (`anti`, `non`, `self`,
  `co`, ...); otherwise join without it (`investigates`), which is what typesetting
  hyphenation needs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

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
    if not _FOLDED.search(text):
        return text
    for code, to in FOLD.items():
        char = chr(code)
        if char in text:  # one to one, and no folded character is folded again
            text = text.replace(char, str(to))
    return text


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
    joins: tuple[int, ...] = field(default=(), repr=False)
    """Normalised offsets where a line starting with a capital was joined to one ending a
    sentence: where a paragraph, or a heading whose break was lost, may start."""

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


_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Where str.splitlines ends a line besides "\n" and "\r"."""


class _Lines:
    """The lines of a text, split as str.splitlines does, and after a form feed an empty line
    that starts a page."""

    def __init__(self, raw: str) -> None:
        self.texts = raw.splitlines()
        self.raw_starts: tuple[int, ...] | None = None
        """The raw line starts (`NormalText.line_starts`), when lines end at "\n" only."""
        breaks, last = raw.count("\n"), raw[-1:]
        # The usual text: lines end with "\n" only (any other break makes one more line).
        usual = "\r" not in raw and last not in _OTHER_BREAKS
        if usual and len(self.texts) == breaks + (last != "\n"):
            self.starts = list(accumulate([len(text) + 1 for text in self.texts], initial=0))
            self.raw_starts = tuple(self.starts[: breaks + 1])
            pages: list[int] = []
        else:
            # One pass (an insert per form feed would be quadratic in form feeds).
            self.texts, self.starts, pages = [], [0], []
            for piece in raw.splitlines(keepends=True):
                text = piece.rstrip("\r\n")
                start = self.starts[-1]
                if text[-1:] == "\f":
                    # A form feed ends a line (str.splitlines) and starts a page: an empty
                    # line that opens the next page.
                    text = text[:-1]
                    pages.append(len(self.texts) + 1)
                    self.texts.append(text)
                    self.starts.append(start + len(text) + 1)
                    text = ""
                self.texts.append(text)
                self.starts.append(start + len(piece))
        # pdftotext's layout also opens a page with one space.
        self.page_starts = [text[:1] == " " and text[1:2] != " " for text in self.texts]
        for i in pages:
            self.page_starts[i] = True
        if self.texts:
            self.page_starts[0] = True
        self.stripped = [text.strip() for text in self.texts]


def _line_starts(raw: str) -> tuple[int, ...]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n|\f", raw):
        starts.append(match.end())
    return tuple(starts)


def _furniture(lines: _Lines) -> set[int]:
    """Indexes of page-number lines and running heads."""
    stripped = lines.stripped
    numbers = {
        i
        for i, text in enumerate(stripped)
        # Only a line starting with a digit or "page" can be a page number.
        if text[:1].isdecimal() or text[:1] in ("p", "P")
        if _PAGE_NUMBER.fullmatch(text)
    }
    boundary = numbers | {i for i, page_start in enumerate(lines.page_starts) if page_start}
    near: dict[str, list[int]] = {}
    for i in boundary:
        for j in (i - 2, i - 1, i, i + 1, i + 2):
            if 0 <= j < len(stripped) and j not in numbers:
                text = stripped[j]
                if text and len(text) <= 80:
                    near.setdefault(text, []).append(j)
    heads: set[int] = set()
    counts: dict[str, int] = {}
    for text in stripped:
        if text in near:
            counts[text] = counts.get(text, 0) + 1
    for text, indexes in near.items():
        # Repeated near page boundaries, and not much elsewhere: a running head or foot.
        distinct = set(indexes)
        if len(distinct) >= _RUNNING_HEAD_REPEATS and counts[text] <= len(distinct) + 1:
            heads.update(distinct)
    return numbers | heads


def _usual_width(lines: _Lines) -> int:
    """The width of a full line: the 90th percentile, at least _MIN_WIDTH (short texts)."""
    widths = sorted(len(text) for text in lines.stripped if text)
    if not widths:
        return _MIN_WIDTH
    return max(widths[max(int(len(widths) * 0.9) - 1, 0)], _MIN_WIDTH)


def normalise(raw: str) -> NormalText:
    folded = fold(raw)
    lines = _Lines(folded)
    text, anchors, targets, joins = _join(lines, _furniture(lines), _usual_width(lines), folded)
    line_starts = lines.raw_starts or _line_starts(raw)
    return NormalText(text, raw, tuple(anchors), tuple(targets), line_starts, tuple(joins))


def _join(
    lines: _Lines, removed: set[int], width: int, folded: str
) -> tuple[str, list[int], list[int], list[int]]:
    """The kept lines joined, in runs each copied one to one from a raw offset onwards (the
    normalised offsets where they start, `anchors`, and their raw offsets, `targets`), and
    where lines were joined after the end of a sentence (`joins`)."""
    stripped, page_starts = lines.stripped, lines.page_starts
    kept = [index for index, line in enumerate(stripped) if line and index not in removed]
    vocabulary = _Vocabulary(folded)
    parts: list[str] = []
    anchors: list[int] = []
    targets: list[int] = []
    joins: list[int] = []
    length = 0
    for position, index in enumerate(kept):
        line, text, start = stripped[index], lines.texts[index], lines.starts[index]
        # The usual line is one run copied as it is; one with runs of spaces goes word by word.
        words = None
        if "  " in line:
            words = [(match.group(), start + match.start()) for match in _WORD.finditer(text)]
            first, first_raw = words[0]
        else:
            first, first_raw = line, start + len(text) - len(text.lstrip())
        if position:
            before = kept[position - 1]
            previous = stripped[before]
            # Blank lines, page furniture or a new page between: a gap. Lines meet with a
            # space, unless after a gap, a hyphen or a short line (see _joiner).
            gap = index - before > 1 or page_starts[index]
            joiner = _meet(previous, line, first, gap, width)
            if joiner != "-":
                parts.append(joiner)
                anchors.append(length)
                targets.append(first_raw)
                length += 1
                if joiner == " " and previous[-1] in _END_PUNCTUATION and first[:1].isupper():
                    joins.append(length)
            elif not _keep_hyphen(previous, first, vocabulary):
                parts[-1] = parts[-1][:-1]
                length -= 1
        if words is None:
            parts.append(line)
            anchors.append(length)
            targets.append(first_raw)
            length += len(line)
            continue
        for number, (word, raw) in enumerate(words):
            if number:  # each space maps to the word after it
                parts.append(" ")
                anchors.append(length)
                targets.append(raw)
                length += 1
            parts.append(word)
            anchors.append(length)
            targets.append(raw)
            length += len(word)
    return "".join(parts), anchors, targets, joins


def _meet(previous: str, line: str, first: str, gap: bool, width: int) -> str:
    """How a line (whose first run is `first`) meets the one before: "-", " " or "\n".
    Lines meet with a space, unless after a gap, a hyphen or a short line (see _joiner), or
    the line is a heading after a paragraph's full last line."""
    short = width * _SHORT_LINE
    if gap or previous[-1] == "-" or len(previous) < short:
        return _joiner(previous, first, gap, width)
    if previous[-1] in _END_PUNCTUATION and _heading_like(line, short):
        return "\n"
    return " "


def _heading_like(line: str, short: float) -> bool:
    """A line that starts like a heading (a capital) and is short and does not end a
    sentence, or is a question of its own ("How legitimately does the force ...?")."""
    if not line[:1].isupper():
        return False
    return line[-1:] == "?" or (len(line) < short and line[-1:] not in ".;,")


def _joiner(previous: str, first: str, gap: bool, width: int) -> str:
    """How two lines meet: "-" (a hyphenated word), " " or "\n" (a hard break)."""
    head = first[:1]
    lower_next = head.islower()
    last = previous[-1:]
    if lower_next and last == "-" and len(previous) >= 2 and previous[-2].isalpha():
        return "-"  # hyphenation, also across page furniture
    if not gap:
        short = len(previous) < width * _SHORT_LINE
        starts_block = head.isupper() or head.isdigit() or head in "•*-\"'("
        if not (short and starts_block and last != ","):
            return " "
    runs_on = last not in _END_PUNCTUATION and (
        lower_next or (head.isalnum() and previous.rsplit(" ", 1)[-1].lower() in _RUNS_ON_WORDS)
    )
    return " " if runs_on else "\n"


class _Vocabulary:
    """Whether a word (letters, inner hyphens) is one of the text's words, the maximal runs of
    _WORDS in the lower-cased text; looked for with str.find when asked (most texts never ask)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered: str | None = None
        self.known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        if word not in self.known:
            self.known[word] = bool(_WORDS.fullmatch(word)) and self._find(word)
        return self.known[word]

    def _find(self, word: str) -> bool:
        if self.lowered is None:
            self.lowered = self.text.lower()
        text = self.lowered
        start = text.find(word)
        while start >= 0:
            if not _goes_on(text, start - 1, -1) and not _goes_on(text, start + len(word), 1):
                return True
            start = text.find(word, start + 1)
        return False


def _goes_on(text: str, at: int, step: int) -> bool:
    """Whether a word of `text` goes on through offset `at`, next to a word, in the direction
    of `step`: a letter, or a hyphen with a letter beyond it."""
    if not 0 <= at < len(text):
        return False
    if _letter(text[at]):
        return True
    beyond = at + step
    return text[at] == "-" and 0 <= beyond < len(text) and _letter(text[beyond])


def _letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _keep_hyphen(previous: str, first: str, vocabulary: _Vocabulary) -> bool:
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
