"""Progress on a terminal: one line on standard error, for runs that take over a second.

Only on a terminal (never in a log or a pipe), never with `--quiet`, and erased before the
output is written, so that what a run prints is the same with or without it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TextIO

DELAY = 1.0
"""Seconds a run goes before progress is shown."""
INTERVAL = 0.1
"""Seconds between two updates of the line."""


class Progress:
    """Told (stage, done, total) as the run goes; shows it once DELAY has passed."""

    def __init__(
        self,
        stream: TextIO,
        enabled: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream, self.enabled, self.clock = stream, enabled, clock
        self.start = clock()
        self.shown_at: float | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < DELAY:
            return
        if self.shown_at is not None and now - self.shown_at < INTERVAL and done < total:
            return
        self.shown_at = now
        self._write(f"\r\x1b[Kgradecheck: {stage} {done}/{total} reports")

    def close(self) -> None:
        """Erase the line, if one was shown."""
        if self.shown_at is not None:
            self._write("\r\x1b[K")
            self.shown_at = None

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: progress is not worth an error
            self.enabled = False


def wanted(stream: TextIO, environ: Mapping[str, str], quiet: bool) -> bool:
    """Progress for `stream`: a terminal that can erase a line, and not --quiet."""
    if quiet or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False
