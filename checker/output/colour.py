"""ANSI colour for text output: `--color auto|always|never`, NO_COLOR and FORCE_COLOR.

`auto` colours a terminal, and also any other output when FORCE_COLOR is set to a non-empty
value (https://force-color.org); NO_COLOR wins over both (https://no-color.org asks programs
to honour a non-empty NO_COLOR; we also honour an empty one, because a user who sets the
variable at all has said what they want). `always` and `never`, given on the command line,
win over the environment.
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
CHOICES = ("auto", "always", "never")


def wanted(stream: TextIO, environ: Mapping[str, str], choice: str = "auto") -> bool:
    """Colour for output to `stream` as `--color` chose (see the module's docs)."""
    if choice != "auto":
        return choice == "always"
    if "NO_COLOR" in environ:
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream
        return False


def paint(text: str, style: str, enabled: bool) -> str:
    """`text` in `style` (space-separated names of _CODES) when enabled, else unchanged."""
    if not enabled or not text:
        return text
    codes = ";".join(_CODES[name] for name in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}
