"""Writing HTML that cannot be injected: every value is escaped on its way in.

`el("td", {"data-path": path}, value)` escapes `path` and `value` (html.escape with
quote=True, after the control characters a browser or a terminal would act on are written
as escapes: checker.output.escape). Only `Markup`, what `el` and `raw` return, passes
unescaped: a value read from a report never becomes markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from checker.output.escape import multi_line, one_line, shorten


class Markup(str):
    """HTML already escaped: `el` inserts it as it is."""

    __slots__ = ()


AttrValue = str | int | bool | None

VOID = frozenset({"meta", "br", "input", "hr", "wbr"})
# Elements followed by a line break in the page, so that it reads (and diffs) line by line.
_BLOCK = frozenset(
    {
        "html", "head", "body", "header", "main", "section", "nav", "div", "p", "ul", "ol",
        "li", "table", "caption", "thead", "tbody", "tr", "h1", "h2", "h3", "h4", "details",
        "dl", "figure", "svg", "style", "script", "title", "meta", "blockquote", "form",
        "footer", "label", "select", "option", "dd", "dt", "g", "rect", "text", "desc",
    }
)  # fmt: skip
_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*$")


def text(value: object, limit: int | None = None) -> Markup:
    """`value` as the text of an element: line breaks and tabs kept, every other control
    character written as an escape, shortened past `limit`, and HTML-escaped."""
    shown = str(value)
    if limit is not None:
        shown = shorten(shown, limit)
    return Markup(html.escape(multi_line(shown), quote=True))


def attr(value: object) -> str:
    """`value` as an attribute value (to be put between double quotes): on one line, every
    control character written as an escape, HTML-escaped."""
    return html.escape(one_line(str(value)), quote=True)


def raw(markup: str) -> Markup:
    """Markup written here (never a value read from an input)."""
    return Markup(markup)


def el(tag: str, attrs: Mapping[str, AttrValue] | None = None, *children: object) -> Markup:
    """`<tag attrs>children</tag>`: attribute values and text children escaped, Markup
    children kept, None left out; True writes a bare attribute, False and None none."""
    assert _NAME.match(tag), tag
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        assert _NAME.match(name), name
        if value is None or value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{attr(value)}"')
    parts.append(">")
    if tag in VOID:
        return Markup("".join(parts) + ("\n" if tag in _BLOCK else ""))
    _children(children, parts)
    parts.append(f"</{tag}>")
    if tag in _BLOCK:
        parts.append("\n")
    return Markup("".join(parts))


def join(*children: object) -> Markup:
    """Several children as one piece of markup (text escaped, Markup kept)."""
    parts: list[str] = []
    _children(children, parts)
    return Markup("".join(parts))


def _children(children: Iterable[object], parts: list[str]) -> None:
    for child in children:
        if child is None:
            continue
        if isinstance(child, Markup):
            parts.append(child)
        elif isinstance(child, str):
            parts.append(text(child))
        elif isinstance(child, Iterable):
            _children(child, parts)
        else:
            parts.append(text(child))


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(value: str) -> str:
    """A fragment of an id: lower case letters, digits and hyphens."""
    return _SLUG.sub("-", value.lower()).strip("-") or "x"


class Ids:
    """Ids for the page's elements: readable, and each given once (a repeat gets a suffix),
    the same for the same inputs."""

    def __init__(self) -> None:
        self._given: set[str] = set()

    def __call__(self, *parts: str) -> str:
        base = "-".join(slug(part) for part in parts)
        candidate, n = base, 1
        while candidate in self._given:
            n += 1
            candidate = f"{base}-{n}"
        self._given.add(candidate)
        return candidate


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"
