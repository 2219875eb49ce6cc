"""ANSI colour for text output: only on a terminal, and never when NO_COLOR is set.

https://no-color.org asks programs to honour a non-empty NO_COLOR; we also honour an empty
one, because a user who sets the variable at all has said what they want.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "yellow": "33",
    "blue": "34",
    "cyan": "36",
}


def wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour for output to `stream`: a terminal, and NO_COLOR not set."""
    if "NO_COLOR" in environ:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, enabled: bool) -> str:
    """`text` in `style` (space-separated names of _CODES) when enabled, else unchanged."""
    if not enabled or not text:
        return text
    codes = ";".join(_CODES[name] for name in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}
