"""Claim patterns as data: `rules/<scheme>/claims.toml`, validated and compiled once at load.

A claims file declares

- `[claims.<name>]` with the `fields` every claim of that name has (`question`, `grade`, ...);
- `[[pattern]]`: a regular expression whose named groups fill a claim's fields (`set` adds
  constant fields), optionally only `within` some sections;
- `[[table]]`: a table garbled by extraction (row labels and cells in any order after a
  header), read into one claim per row;
- the words that map to data: `[grades]` (phrase -> grade, e.g. "needs to improve" ->
  "Requires improvement"), extra phrasings of `[questions]` and `[pillars]` besides the
  scheme's names, and extra `[sections]`: headings of other sections (HM Inspector's
  observations), or further headings of a question or pillar (keyed by its key);
- `[lexicon]`, `[words]` and `[[frame]]`s: claims composed from phrases by their grammatical
  form (see checker/text/lexicon.py).

A claim's `optional` fields may be left out by what reads it; a claim is compared only on the
fields it states.

Patterns are written against the normalised text (see checker/text/normalise.py): a space in
a pattern matches one space or one hard break; `^` and `$` match at hard breaks. Placeholders
`{question}`, `{pillar}` and `{grade}` stand for every phrase of that kind, longest first, case
ignored. Groups named `question`, `pillar` and `grade` are mapped through those phrases; a
group may be written `name__2` (any suffix after two underscores) when alternatives in one
pattern fill the same field. The field `section` is the key of the section a match lies in.
Nothing here is executed as Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from checker.inputs.tomlfile import InputError, InputErrors, TomlDocument, read_toml, validate
from checker.model.scheme import Scheme
from checker.model.strict import Strict
from checker.text.lexicon import (
    Frame,
    FrameDef,
    Lexicon,
    LexiconDef,
    build_frame,
    build_lexicon,
    expand_words,
    frame_errors,
)
from checker.text.lexicon import spaces as _spaces
from checker.text.patterns import superlinear
from checker.text.sections import Finder, finder, heading_key, section_names

CLAIMS_FILE = "claims.toml"
TYPED_FIELDS = ("question", "pillar", "grade")
"""Fields whose text is mapped to a key or grade through the phrases of that kind."""
IMPLICIT_FIELDS = ("section",)
_PLACEHOLDER = re.compile(r"\{(question|pillar|grade)\}")
_NAME = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Scalar = str | bool | int


class ClaimDef(Strict):
    fields: list[_NAME] = Field(min_length=1)
    passages: list[_NAME] = []
    """Fields holding passages of text, compared with data by containment, not equality."""
    optional: list[_NAME] = []
    """Fields a claim may leave out (what reads it does not always say)."""
    doc: str = ""


class PatternDef(Strict):
    claim: _NAME
    regex: Annotated[str, StringConstraints(min_length=1)]
    set: dict[_NAME, Scalar] = {}
    within: list[_NAME] = []
    """Section keys where the pattern applies; empty for anywhere."""


class TableDef(Strict):
    claim: _NAME
    header: Annotated[str, StringConstraints(min_length=1)]
    label: _NAME = "question"
    """The field the row labels fill (a typed field: its phrases are the labels)."""
    printed: _NAME | None = None
    """A field that keeps the row label as printed."""
    value: _NAME
    values: dict[str, Scalar] = Field(min_length=1)
    """Cell text -> field value."""
    within: list[_NAME] = []


class ClaimFile(Strict):
    grades: dict[str, str] = {}
    questions: dict[str, list[str]] = {}
    pillars: dict[str, list[str]] = {}
    sections: dict[_NAME, list[str]] = {}
    claims: dict[_NAME, ClaimDef]
    pattern: list[PatternDef] = []
    table: list[TableDef] = []
    lexicon: LexiconDef = {}
    words: dict[_NAME, str] = {}
    frame: list[FrameDef] = []


@dataclass(frozen=True)
class Pattern:
    index: int
    claim: str
    regex: re.Pattern[str]
    constants: dict[str, Scalar]
    within: frozenset[str]
    finder: Finder
    """The regular expression, with how its matches are found quickly."""


@dataclass(frozen=True)
class Table:
    index: int
    claim: str
    header: re.Pattern[str]
    label: str
    label_regex: re.Pattern[str]
    printed: str | None
    value: str
    values: dict[str, Scalar]
    value_regex: re.Pattern[str]
    within: frozenset[str]
    finder: Finder
    """The header's regular expression, with how its matches are found quickly."""


@dataclass(frozen=True, eq=False)
class ClaimSet:
    """A compiled claims file. Compared by identity: it is built once per rule set."""

    file: str
    claims: dict[str, ClaimDef]
    patterns: tuple[Pattern, ...]
    tables: tuple[Table, ...]
    phrases: dict[str, dict[str, str]]
    """Typed field -> heading_key(phrase) -> the key or grade it stands for."""
    section_names: dict[str, str]
    section_keys: frozenset[str]
    frames: tuple[Frame, ...] = ()
    lexicon: Lexicon | None = None
    frame_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    """Lexicon type (question, pillar) -> the claims frames read with phrases of it."""

    def convert(self, name: str, text: str) -> str | None:
        """A group's text as a field value; None when a typed field's phrase is unknown."""
        base = name.split("__", 1)[0]
        if base in TYPED_FIELDS:
            return self.phrases[base].get(heading_key(text))
        return " ".join(text.split())


def load_claims(path: FsPath, scheme: Scheme) -> ClaimSet:
    document = read_toml(path)
    model = validate(ClaimFile, document)
    errors = list(_check(model, scheme, document))
    if errors:
        raise InputErrors(errors)
    phrases = _phrases(model, scheme)
    headings: list[tuple[str, Sequence[str]]] = [(k, q.names) for k, q in scheme.questions.items()]
    headings += [(key, pillar.names) for key, pillar in scheme.pillars.items()]
    names = section_names([*headings, *model.sections.items()])
    patterns, tables, compile_errors = [], [], list[InputError]()
    for index, pattern in enumerate(model.pattern):
        where = ("pattern", index, "regex")
        regex = _compiled(document, where, pattern.regex, phrases, model.words, compile_errors)
        if regex is None:
            continue
        missing = _missing_fields(model.claims[pattern.claim], regex, pattern.set)
        unknown = _unknown_groups(model.claims[pattern.claim], regex)
        if missing or unknown:
            compile_errors.append(document.error(where, _fields_message(missing, unknown)))
            continue
        within = frozenset(pattern.within)
        patterns.append(
            Pattern(index, pattern.claim, regex, dict(pattern.set), within, finder(regex))
        )
    for index, table in enumerate(model.table):
        where = ("table", index, "header")
        header = _compiled(document, where, table.header, phrases, None, compile_errors)
        if header is not None:
            tables.append(_table(index, table, header, phrases))
    frames, lexicon = _frames(model, scheme, document, compile_errors)
    if compile_errors:
        raise InputErrors(compile_errors)
    keys = frozenset([*scheme.questions, *scheme.pillars, *model.sections])
    return ClaimSet(
        document.file,
        dict(model.claims),
        tuple(patterns),
        tuple(tables),
        phrases,
        names,
        keys,
        tuple(frames),
        lexicon,
        _frame_kinds(frames),
    )


def _frame_kinds(frames: list[Frame]) -> dict[str, frozenset[str]]:
    """Lexicon type (question, pillar) -> the claims the frames read with its phrases."""
    kinds: dict[str, set[str]] = {}
    for frame in frames:
        for kind, _ in frame.lookup.values():
            if kind != "grade":
                kinds.setdefault(kind, set()).add(frame.claim)
    return {kind: frozenset(claims) for kind, claims in kinds.items()}


def _frames(
    model: ClaimFile, scheme: Scheme, document: TomlDocument, errors: list[InputError]
) -> tuple[list[Frame], Lexicon | None]:
    """The frames compiled (their errors added to `errors`), with their lexicon."""
    if not model.frame and not model.lexicon and not model.words:
        return [], None
    lexicon, lexicon_errors = build_lexicon(model.lexicon, model.words, scheme, document)
    errors += lexicon_errors
    sections = {*scheme.questions, *scheme.pillars, *model.sections}
    frames = []
    fields = {name: (claim.fields, claim.optional) for name, claim in model.claims.items()}
    for index, definition in enumerate(model.frame):
        problems = list(frame_errors(definition, index, model.claims, sections, document))
        if problems or lexicon is None:
            errors += problems
            continue
        frame, problems = build_frame(index, definition, lexicon, fields, document)
        errors += problems
        if frame is not None:
            frames.append(frame)
    return frames, lexicon


def compile_pattern(
    source: str, phrases: dict[str, dict[str, str]], words: dict[str, str] | None = None
) -> re.Pattern[str]:
    """A pattern's regular expression: `{word}`s of the claims file expanded, spaces made
    [ \\n], `{question}`, `{pillar}` and `{grade}` made alternations of their phrases."""

    def expand(match: re.Match[str]) -> str:
        options = sorted(phrases[match.group(1)], key=lambda p: (-len(p), p))
        return "(?i:" + "|".join(_phrase_regex(p) for p in options) + ")"

    if words is not None:
        try:
            source = expand_words(source, words)
        except ValueError as error:
            raise re.error(str(error)) from None
    return re.compile(_PLACEHOLDER.sub(expand, _spaces(source)), re.MULTILINE)


def _phrase_regex(phrase: str) -> str:
    return r"[ \n]".join(re.escape(word) for word in phrase.split())


def _phrases(model: ClaimFile, scheme: Scheme) -> dict[str, dict[str, str]]:
    questions: dict[str, str] = {}
    for key, question in scheme.questions.items():
        for name in [*question.names, *model.questions.get(key, [])]:
            questions.setdefault(heading_key(name), key)
    pillars: dict[str, str] = {}
    for key, pillar in scheme.pillars.items():
        for name in [key, *pillar.names, *model.pillars.get(key, [])]:
            pillars.setdefault(heading_key(name), key)
    grades = {heading_key(label): label for label in scheme.grades.all_labels}
    grades.update((heading_key(phrase), grade) for phrase, grade in model.grades.items())
    return {"question": questions, "pillar": pillars, "grade": grades}


def _check(model: ClaimFile, scheme: Scheme, document: TomlDocument) -> Iterator[InputError]:
    labels = scheme.grades.all_labels
    for phrase, grade in model.grades.items():
        if grade not in labels:
            yield document.error(("grades", phrase), f"unknown grade {grade!r}")
    for key in model.questions:
        if key not in scheme.questions:
            yield document.error(("questions", key), f"unknown question {key!r}")
    for key in model.pillars:
        if key not in scheme.pillars:
            yield document.error(("pillars", key), f"unknown pillar {key!r}")
    for name, claim in model.claims.items():
        for part, names in (("passages", claim.passages), ("optional", claim.optional)):
            for position, passage in enumerate(names):
                if passage not in claim.fields:
                    yield document.error(
                        ("claims", name, part, position), f"{passage!r} is not one of fields"
                    )
    sections = {*scheme.questions, *scheme.pillars, *model.sections}
    groups: tuple[tuple[str, Sequence[PatternDef | TableDef]], ...] = (
        ("pattern", model.pattern),
        ("table", model.table),
    )
    for kind, items in groups:
        for index, item in enumerate(items):
            if item.claim not in model.claims:
                known = ", ".join(sorted(model.claims))
                yield document.error(
                    (kind, index, "claim"), f"unknown claim {item.claim!r} (declared: {known})"
                )
            for position, key in enumerate(item.within):
                if key not in sections:
                    yield document.error(
                        (kind, index, "within", position), f"unknown section {key!r}"
                    )
    for index, table in enumerate(model.table):
        if table.label not in TYPED_FIELDS:
            yield document.error(
                ("table", index, "label"),
                f"row labels must fill a typed field ({', '.join(TYPED_FIELDS)})",
            )
        cells: set[str] = set()
        for cell in table.values:
            key = " ".join(cell.split())
            if not key or key in cells:
                what = "an empty cell" if not key else f"the cell {key!r} is given twice"
                yield document.error(("table", index, "values", cell), what)
            cells.add(key)


def _groups(regex: re.Pattern[str]) -> set[str]:
    return {name.split("__", 1)[0] for name in regex.groupindex}


def _missing_fields(
    claim: ClaimDef, regex: re.Pattern[str], constants: dict[str, Any]
) -> list[str]:
    given = _groups(regex) | set(constants) | set(IMPLICIT_FIELDS) | set(claim.optional)
    return [name for name in claim.fields if name not in given]


def _unknown_groups(claim: ClaimDef, regex: re.Pattern[str]) -> list[str]:
    return sorted(name for name in _groups(regex) if name not in claim.fields)


def _fields_message(missing: list[str], unknown: list[str]) -> str:
    parts = []
    if missing:
        parts.append(f"lacks named groups for fields {', '.join(missing)}")
    if unknown:
        parts.append(f"has groups {', '.join(unknown)} that are not fields of its claim")
    return "the pattern " + " and ".join(parts)


def _compiled(
    document: TomlDocument,
    where: tuple[str | int, ...],
    source: str,
    phrases: dict[str, dict[str, str]],
    words: dict[str, str] | None,
    errors: list[InputError],
) -> re.Pattern[str] | None:
    """A pattern compiled (see compile_pattern); None, with an error added to `errors`, when it
    does not compile or could make matching super-linear (checker.text.extract.superlinear)."""
    try:
        regex = compile_pattern(source, phrases, words)
    except re.error as error:
        errors.append(document.error(where, f"the regular expression does not compile: {error}"))
        return None
    problem = superlinear(regex)
    if problem is not None:
        errors.append(document.error(where, f"the regular expression is refused: {problem}"))
        return None
    return regex


def _table(
    index: int, table: TableDef, header: re.Pattern[str], phrases: dict[str, dict[str, str]]
) -> Table:
    labels = sorted(phrases[table.label], key=lambda p: (-len(p), p))
    label_regex = re.compile("(?i:" + "|".join(_phrase_regex(p) for p in labels) + r")(?![\w-])")
    values = {" ".join(cell.split()): value for cell, value in table.values.items()}
    cells = sorted(values, key=lambda c: (-len(c), c))
    value_regex = re.compile("(?:" + "|".join(_phrase_regex(c) for c in cells) + r")(?![\w-])")
    return Table(
        index,
        table.claim,
        header,
        table.label,
        label_regex,
        table.printed,
        table.value,
        values,
        value_regex,
        frozenset(table.within),
        finder(header),
    )
