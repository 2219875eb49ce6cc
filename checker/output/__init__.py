"""Output formats: each a pure `render(findings, summary) -> str`."""

from __future__ import annotations

from checker.output import github, html, json_format, junit, sarif, text
from checker.output.summary import Formatter, RunSummary

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "html": html.render,
}

__all__ = ["FORMATTERS", "Formatter", "RunSummary"]
