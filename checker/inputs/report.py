"""Loading one encoded report against the scheme it names, with its text.

A report names its text with `source = "..."`, a path relative to the report file that must
stay inside the repository (the nearest folder above the report holding `.git`; without one,
the report's own folder); `gradecheck check --text FILE` overrides it for one report. The text
is read and normalised here, when the report loads, so a missing text is bad input whatever
rules are selected, and the engine never reads a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.ruleset import RuleSet
from checker.inputs.tomlfile import (
    InputError,
    InputErrors,
    TomlDocument,
    display_name,
    not_a_file,
    read_toml,
    resolved,
    validate,
)
from checker.model.report import Departure, Report, Waiver, duplicate_ids
from checker.model.scheme import Scheme
from checker.output.escape import shown
from checker.text.source import ReportText, read_text, text_from_string


@dataclass(frozen=True)
class LoadedReport:
    """A report as the engine reads it: its data (validated when it loaded), its text, and
    the few validated values the run needs. The validated model itself is not kept: a corpus
    run holds thousands of reports, and the engine reads the data."""

    document: TomlDocument
    scheme: Scheme | None = None
    """The scheme the report was validated against; None for data that was not (generated
    reports in the searches, which validate what they keep)."""
    text: ReportText | None = None
    """The report's text, normalised: its `source`, or `--text`; None without one."""
    waivers: tuple[Waiver, ...] = ()
    """The report's own `[[waivers]]`, validated."""
    departures: tuple[Departure, ...] = ()
    """The departures from rules the report records (`[[departures]]`), validated."""

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def scheme_id(self) -> str:
        return str(self.data.get("scheme"))

    @property
    def report(self) -> Report:
        """The validated model, made again when asked (tests, tools): not kept."""
        context = {"scheme": self.scheme} if self.scheme is not None else None
        return Report.model_validate(self.data, context=context)


REPORT_KEYS = frozenset(info.alias or name for name, info in Report.model_fields.items())
"""The keys a report may have at its top level."""


def is_report(data: dict[str, Any]) -> bool:
    """Whether TOML data found in a folder is a report: its top level has `scheme` or another
    key of the report format (so a report that lost its `scheme` is still read, and its error
    shown). pyproject.toml, rule files, claims and waivers files share no key with it."""
    return not REPORT_KEYS.isdisjoint(data)


def load_report(
    path: FsPath, rule_set_for: Callable[[str], RuleSet | None], *, with_source: bool = True
) -> LoadedReport:
    """Read and validate a report, and read its text; `rule_set_for` maps a scheme id to its
    rule set. `with_source=False` leaves the text unread (`--text` gives another)."""
    return load_document(read_toml(path), rule_set_for, with_source=with_source)


def load_document(
    document: TomlDocument,
    rule_set_for: Callable[[str], RuleSet | None],
    *,
    with_source: bool = True,
) -> LoadedReport:
    """`load_report` of a document already read."""
    loaded = validate_report(document, rule_set_for)
    source = loaded.data.get("source")
    if not isinstance(source, str) or not with_source:
        return loaded
    return replace(loaded, text=read_text(resolve_source(loaded, source)))


def validate_report(
    document: TomlDocument, rule_set_for: Callable[[str], RuleSet | None]
) -> LoadedReport:
    scheme_id = document.data.get("scheme")
    if not isinstance(scheme_id, str):
        raise document.error(
            ("scheme",),
            "required key 'scheme' must name a rule set (a folder of the rules folder)",
        )
    rule_set = rule_set_for(scheme_id)
    if rule_set is None:
        raise document.error(("scheme",), f"no rule set for scheme {shown(scheme_id)}")
    report = validate(Report, document, context={"scheme": rule_set.scheme})
    duplicates = duplicate_ids(document.data)
    if duplicates:
        raise InputErrors(
            document.error(path, f"duplicate id {value!r}") for path, value in duplicates
        )
    return LoadedReport(
        document,
        rule_set.scheme,
        waivers=tuple(report.waivers),
        departures=tuple(report.departures),
    )


def with_text(loaded: LoadedReport, raw: str | None, name: str | None = None) -> LoadedReport:
    """The report checked against a text held in memory (rule examples, tests); None for
    no text at all."""
    if raw is None:
        return replace(loaded, text=None)
    return replace(loaded, text=text_from_string(raw, name or f"{loaded.file}:text"))


def resolve_source(loaded: LoadedReport, source: str) -> FsPath:
    """The file a report's `source` names; an InputError when it is missing or lies outside
    the repository."""
    report_file = resolved(FsPath(loaded.file))
    folder = report_file.parent
    root = next((p for p in (folder, *folder.parents) if (p / ".git").exists()), folder)
    name = shown(source)
    if "\0" in source:
        raise loaded.document.error(("source",), f"the text {name} holds a NUL character")
    path = resolved(folder / source)
    if not path.is_relative_to(root):
        raise loaded.document.error(
            ("source",), f"the text {name} lies outside the repository ({display_name(root)})"
        )
    try:
        kind = not_a_file(path.stat().st_mode)
    except FileNotFoundError:
        raise loaded.document.error(
            ("source",), f"no text file {name} next to the report"
        ) from None
    except OSError as error:  # a name longer than the system allows, a link loop
        message = f"cannot read the text {name}: {error.strerror}"
        raise loaded.document.error(("source",), message) from None
    if kind is not None:
        raise loaded.document.error(("source",), f"the text {name} is {kind}, not a file")
    return path


def attach_text(reports: list[LoadedReport], text_file: FsPath) -> list[LoadedReport]:
    """`--text FILE`: the one report checked is checked against FILE instead of its source."""
    if len(reports) != 1:
        raise InputError(
            display_name(text_file),
            1,
            1,
            "--text",
            f"--text needs exactly one report to check; {len(reports)} were given",
        )
    return [replace(reports[0], text=read_text(text_file))]
