"""Output formats: each a pure `render(findings, context) -> str`."""

from __future__ import annotations

from checker.formatters import json_format, text
from checker.formatters.base import Formatter, RunSummary

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
}

__all__ = ["FORMATTERS", "Formatter", "RunSummary"]
