"""Claims composed from phrase lexicons: the `[lexicon]`, `[words]` and `[[frame]]`s of a claims
file, validated and compiled once at load (checker/text/compose.py reads them from a text).

**Lexicons** say how a text names grades, questions and pillars, by grammatical form:

    [lexicon.grade.is]                 # after is / be / as: "is good at", "judged as outstanding"
    good = "Good"
    [lexicon.question.doing]           # after at / in: "good at investigating crime"
    "investigating crime" = "investigating_crime"
    "preventing and investigating crime" = ["preventing_crime", "investigating_crime"]
    [lexicon.question.does]            # after "how it": "needs to improve how it investigates"
    "investigates crime" = "investigating_crime"

A phrase maps to a grade of the scale, or to a question or pillar key, or to a list of keys (a
phrase that names several). Phrases match as written (case counts: they are read in running
text); a space or a hyphen between words matches a space, a hyphen or a line break. The
scheme's names of questions and pillars, first letter lower-cased, are phrases of the form
`name`.

**Words** are named regular expressions (`subject = "(?:[Ii]t|[Tt]he force|...)"`) that frames
and other words use as `{subject}`.

**A frame** composes phrases into claims. Its `text` is a regular expression in which
`{type.form}` stands for every phrase of that form (`{question.doing|name}`: of either form)
and `{word}` for a word; a space matches a space or a line break. `before`, when given, must
match the text just before `text` (so that the search starts at the rarer words: the grade, not
the subject); both may have named groups that fill fields. A match gives one claim per
question or pillar phrase in it, in text order, each with the grade phrase nearest before it
(`grades = "before"`: "is outstanding at A, and good at B") or the first after it (`grades =
"after"`: "its approach to A is outstanding"). A phrase naming several keys gives a claim for
each. Other fields come from named groups and `set`; a field in `inherit` that the match leaves
out is taken from the claim of the same kind read from the sentence just before ("In 2017, we
judged ... . We also judged it to be good at ..."). Groups that are fields of a claim named in
`also` give that claim too (the force a sentence names as its subject).

Structure decides: a sentence from which a frame reads a claim, but which also names a question
or pillar outside every frame match, and one the frames did not read, is not read at all (the
text does not say which grade goes with that question); nor is a sentence that names a grade
and two questions or pillars, or two grades and one, without a frame to read it. Both are
recorded as unread (see compose.Unread) so that checks can say they could not be made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import StringConstraints

from checker.inputs.tomlfile import InputError, TomlDocument
from checker.model.scheme import Scheme
from checker.model.strict import Strict
from checker.text.patterns import superlinear
from checker.text.sections import Finder, finder

LEXICON_TYPES = ("grade", "question", "pillar")
_NAME = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
_SLOT = re.compile(r"\{([a-z][a-z_']*)(?:\.([a-z_|]+))?\}")
_GAP = re.compile(r"[ \n-]+")
_WORD_DEPTH = 8
_BEFORE_WINDOW = 240
Scalar = str | bool | int
Values = tuple[str, ...]


class FrameDef(Strict):
    claim: _NAME
    text: Annotated[str, StringConstraints(min_length=1)]
    before: str = ""
    grades: Literal["before", "after"] = "before"
    set: dict[_NAME, Scalar] = {}
    within: list[_NAME] = []
    inherit: list[_NAME] = []
    also: list[_NAME] = []


LexiconDef = dict[_NAME, dict[_NAME, dict[str, str | list[str]]]]
"""type -> form -> phrase -> value or values."""


def key(phrase: str) -> str:
    """How a phrase is looked up: runs of spaces, hyphens and line breaks made one space."""
    return _GAP.sub(" ", phrase.strip())


def phrase_regex(phrase: str) -> str:
    return r"[ \n-]+".join(re.escape(word) for word in _GAP.split(phrase.strip()) if word)


@dataclass(frozen=True)
class Lexicon:
    """Phrases by (type, form), each looked up by key(phrase) to the values it stands for."""

    forms: dict[tuple[str, str], dict[str, Values]]
    words: dict[str, str]
    mention: re.Pattern[str]
    """Any question or pillar phrase (every form, any case), word-bounded."""
    mentioned: dict[str, tuple[str, Values]]
    """casefold(key(phrase)) -> (type, values) for `mention`."""
    grade_mention: Finder
    """Any phrase of a grade on the scale, as written, word-bounded."""

    def alternation(self, slots: Iterable[tuple[str, str]]) -> str:
        phrases = sorted(
            {p for slot in slots for p in self.forms[slot]}, key=lambda p: (-len(p), p)
        )
        return "(?:" + "|".join(phrase_regex(p) for p in phrases) + ")"


@dataclass(frozen=True)
class Frame:
    index: int
    claim: str
    finder: Finder
    before: re.Pattern[str] | None
    scanner: re.Pattern[str]
    lookup: dict[str, tuple[str, Values]]
    """key(phrase) -> (type, values) for the phrases this frame's slots name."""
    grades: str
    constants: dict[str, Scalar]
    within: frozenset[str]
    inherit: tuple[str, ...]
    fields: frozenset[str]
    """The fields of its claim."""
    also: tuple[tuple[str, frozenset[str]], ...]
    """The `also` claims, each with its fields (besides section)."""

    def before_match(self, text: str, start: int) -> re.Match[str] | None:
        """The match of `before` that ends where the frame's text starts."""
        if self.before is None:
            return None
        return self.before.search(text, max(start - _BEFORE_WINDOW, 0), start)


def build_lexicon(
    lexicon: LexiconDef, words: dict[str, str], scheme: Scheme, document: TomlDocument
) -> tuple[Lexicon | None, list[InputError]]:
    errors = list(_lexicon_errors(lexicon, scheme, document))
    forms: dict[tuple[str, str], dict[str, Values]] = {}
    for kind, names in (("question", scheme.questions), ("pillar", scheme.pillars)):
        forms[(kind, "name")] = {
            key(_lower_first(name)): (item,)
            for item, value in names.items()
            for name in value.names
        }
    for kind, by_form in lexicon.items():
        for form, phrases in by_form.items():
            found = forms.setdefault((kind, form), {})
            for phrase, value in phrases.items():
                found[key(phrase)] = (value,) if isinstance(value, str) else tuple(value)
    for name, source in words.items():
        try:
            problem = superlinear(re.compile(spaces(expand_words(source, words))), searched=False)
        except (re.error, ValueError) as error:
            problem = f"does not compile: {error}"
        if problem is not None:
            errors.append(document.error(("words", name), f"the word {_refused(problem)}"))
    if errors:
        return None, errors
    mentioned = {
        k.casefold(): (kind, values)
        for (kind, _), phrases in forms.items()
        if kind != "grade"
        for k, values in phrases.items()
    }
    every = sorted(mentioned, key=lambda p: (-len(p), p))
    mention = re.compile(
        r"(?<![\w-])(?i:" + "|".join(phrase_regex(p) for p in every) + r")(?![\w-])"
    )
    scale = set(scheme.grades.scale)  # judgments ("not yet graded" judges nothing)
    grades = sorted(
        {
            p
            for (kind, _), ps in forms.items()
            if kind == "grade"
            for p, v in ps.items()
            if v[0] in scale
        },
        key=lambda p: (-len(p), p),
    )
    grade_mention = re.compile(r"(?:" + "|".join(phrase_regex(p) for p in grades) + r")(?![\w-])")
    return Lexicon(forms, dict(words), mention, mentioned, finder(grade_mention)), []


def build_frame(
    index: int,
    frame: FrameDef,
    lexicon: Lexicon,
    claims: dict[str, tuple[list[str], list[str]]],
    document: TomlDocument,
) -> tuple[Frame | None, list[InputError]]:
    """A frame compiled (`claims`: every claim's fields and optional fields); or the errors of
    its `text` and `before`, and of fields no part of it fills."""
    slots: list[tuple[str, str]] = []
    errors = []
    compiled: dict[str, re.Pattern[str] | None] = {"text": None, "before": None}
    for part, source in (("text", frame.text), ("before", frame.before)):
        if not source:
            continue
        try:
            regex = compile_frame(source, lexicon, slots, anchor=part == "before")
            # `before` is not searched for: it is tried just before a match of `text`
            problem = superlinear(regex, searched=part == "text")
        except (re.error, ValueError) as error:
            regex, problem = None, f"does not compile: {error}"
        if problem is None:
            compiled[part] = regex
        else:
            errors.append(document.error(("frame", index, part), f"the frame {_refused(problem)}"))
    lookup: dict[str, tuple[str, Values]] = {}
    for slot in slots:
        for phrase, values in lexicon.forms[slot].items():
            if lookup.setdefault(phrase, (slot[0], values)) != (slot[0], values):
                message = f"the phrase {phrase!r} stands for two things in this frame's slots"
                errors.append(document.error(("frame", index, "text"), message))
    text = compiled["text"]
    if errors or text is None:
        return None, errors
    errors += _field_errors(frame, index, slots, compiled, claims, document)
    if errors:
        return None, errors
    scanner = re.compile(
        "(?<![\\w-])" + lexicon.alternation(slots) + "(?![\\w-])" if slots else "(?!)"
    )
    return (
        Frame(
            index,
            frame.claim,
            finder(text),
            compiled["before"],
            scanner,
            lookup,
            frame.grades,
            dict(frame.set),
            frozenset(frame.within),
            tuple(frame.inherit),
            frozenset(claims[frame.claim][0]),
            tuple((name, frozenset(claims[name][0]) - {"section"}) for name in frame.also),
        ),
        [],
    )


def _field_errors(
    frame: FrameDef,
    index: int,
    slots: list[tuple[str, str]],
    compiled: dict[str, re.Pattern[str] | None],
    claims: dict[str, tuple[list[str], list[str]]],
    document: TomlDocument,
) -> list[InputError]:
    """Fields of the frame's claim that nothing fills; groups that fill no field."""
    groups = {
        name.split("__", 1)[0]
        for regex in compiled.values()
        if regex is not None
        for name in regex.groupindex
    }
    given = groups | {kind for kind, _ in slots} | set(frame.set) | set(frame.inherit) | {"section"}
    wanted, optional = claims[frame.claim]
    missing = [name for name in wanted if name not in given and name not in optional]
    also = {name for other in frame.also for name in claims[other][0]}
    unknown = sorted(name for name in groups if name not in wanted and name not in also)
    errors = []
    if missing:
        errors.append(
            document.error(("frame", index, "text"), f"nothing fills fields {', '.join(missing)}")
        )
    if unknown:
        message = f"groups {', '.join(unknown)} are fields of neither its claim nor `also`"
        errors.append(document.error(("frame", index, "text"), message))
    return errors


def compile_frame(
    source: str, lexicon: Lexicon, slots: list[tuple[str, str]], *, anchor: bool = False
) -> re.Pattern[str]:
    """A frame's regular expression: words expanded, spaces made [ \\n], typed slots made
    alternations of their phrases (collected into `slots`)."""

    def typed(match: re.Match[str]) -> str:
        kind, forms = match.group(1), match.group(2)
        if kind not in LEXICON_TYPES or not forms:
            raise ValueError(f"unknown slot {match.group()}")
        wanted = [(kind, form) for form in forms.split("|")]
        for slot in wanted:
            if slot not in lexicon.forms:
                raise ValueError(f"no phrases of form {slot[1]!r} of {kind} for {match.group()}")
            slots.append(slot)
        return lexicon.alternation(wanted)

    expanded = spaces(expand_words(source, lexicon.words))
    return re.compile(_SLOT.sub(typed, expanded) + (r"\Z" if anchor else ""))


def expand_words(source: str, words: dict[str, str], depth: int = 0) -> str:
    """`source` with every `{word}` replaced by the word's text (itself expanded)."""
    if depth > _WORD_DEPTH:
        raise ValueError("words refer to each other in a cycle")

    def word(match: re.Match[str]) -> str:
        if match.group(2) is not None or match.group(1) in LEXICON_TYPES:
            return match.group()  # a typed slot (or a pattern's placeholder), expanded later
        name = match.group(1)
        if name not in words:
            raise ValueError(f"unknown word {{{name}}}")
        return "(?:" + expand_words(words[name], words, depth + 1) + ")"

    return _SLOT.sub(word, source)


def spaces(source: str) -> str:
    """A literal space outside a character class matches a space or a line break."""
    out: list[str] = []
    escaped = in_class = False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == " ":
            out.append(r"[ \n]")
            continue
        out.append(char)
    return "".join(out)


def _refused(problem: str) -> str:
    return problem if problem.startswith("does not") else f"is refused: {problem}"


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _lexicon_errors(
    lexicon: LexiconDef, scheme: Scheme, document: TomlDocument
) -> Iterator[InputError]:
    known: dict[str, Callable[[str], bool]] = {
        "grade": lambda value: value in scheme.grades.all_labels,
        "question": lambda value: value in scheme.questions,
        "pillar": lambda value: value in scheme.pillars,
    }
    for kind, by_form in lexicon.items():
        if kind not in known:
            yield document.error(
                ("lexicon", kind), f"unknown type {kind!r} (types: {', '.join(LEXICON_TYPES)})"
            )
            continue
        for form, phrases in by_form.items():
            for phrase, value in phrases.items():
                values = [value] if isinstance(value, str) else value
                bad = [v for v in values if not known[kind](v)]
                if bad or not values or not key(phrase):
                    what = f"unknown {kind} {bad[0]!r}" if bad else "an empty phrase or value"
                    yield document.error(("lexicon", kind, form, phrase), what)


def frame_errors(
    frame: FrameDef, index: int, claims: dict[str, Any], sections: set[str], document: TomlDocument
) -> Iterator[InputError]:
    """Errors of a frame against the claims and sections of its file."""
    for name in (frame.claim, *frame.also):
        if name not in claims:
            known = ", ".join(sorted(claims))
            yield document.error(
                ("frame", index, "claim"), f"unknown claim {name!r} (declared: {known})"
            )
    for position, section in enumerate(frame.within):
        if section not in sections:
            yield document.error(
                ("frame", index, "within", position), f"unknown section {section!r}"
            )
