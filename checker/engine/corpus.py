"""The corpus: every report of a run, indexed by force, for cross-report rules.

Built once per run from the loaded reports of every scheme. Lookups are dictionary reads, so
checking N reports costs O(N) however many reports the corpus holds: a report's earlier
inspection is found by (force, scheme, year), and a force's reports are kept in year order
for rules that look at all of them (an AFI resolved in one report must not come back).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.report import LoadedReport, load_report
from checker.inputs.ruleset import RuleSet, load_rule_set
from checker.model.scheme import year_start

EXAMPLE_EARLIER = FsPath("examples") / "earlier"
"""Earlier reports a set's rule examples are checked with: `rules/<scheme>/examples/earlier/`."""

Key = tuple[str, str, str]
"""(force, scheme id, year as printed): one report per force per scheme and year."""


@dataclass(frozen=True)
class Corpus:
    """Reports by (force, scheme, year) and by force (in year order)."""

    by_key: dict[Key, LoadedReport] = field(default_factory=dict)
    by_force: dict[str, tuple[LoadedReport, ...]] = field(default_factory=dict)
    duplicates: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    """Keys that more than one report claims, with their files: never looked up (which one
    would a carried-over judgment be checked against?), so checks needing them are not made."""

    @classmethod
    def of(cls, reports: Iterable[LoadedReport]) -> Corpus:
        by_key: dict[Key, LoadedReport] = {}
        by_force: dict[str, list[LoadedReport]] = {}
        duplicates: dict[Key, list[str]] = {}
        for report in sorted(reports, key=lambda r: r.file):
            key = key_of(report.data)
            if key is None:
                continue  # not validated (generated data): nothing to index it by
            by_force.setdefault(key[0], []).append(report)
            if key in by_key:
                duplicates.setdefault(key, [by_key[key].file]).append(report.file)
                continue
            by_key[key] = report
        ordered = {
            force: tuple(sorted(group, key=lambda r: (year_start(r.data["year"]), r.file)))
            for force, group in by_force.items()
        }
        return cls(by_key, ordered, {key: tuple(files) for key, files in duplicates.items()})

    def __len__(self) -> int:
        return sum(len(group) for group in self.by_force.values())

    def find(self, force: str, scheme: str, year: str) -> LoadedReport | None:
        """The one report of `force` for `scheme` and `year`; None if none, or several."""
        key = (force, scheme, year)
        return None if key in self.duplicates else self.by_key.get(key)

    def earlier_than(self, data: Mapping[str, Any]) -> Iterator[LoadedReport]:
        """The reports of the same force from years before this report's year, oldest first."""
        key = key_of(data)
        if key is None:
            return
        start = year_start(key[2])
        for report in self.by_force.get(key[0], ()):
            if year_start(report.data["year"]) >= start:
                break
            yield report


@contextmanager
def loading() -> Iterator[None]:
    """Pause the cyclic garbage collector while a corpus is read.

    Reading makes many long-lived, acyclic objects (parsed TOML, models, key positions); the
    collector would traverse the growing heap again and again, so loading 10,000 reports
    cost more per report than loading 100. Reference counting still frees what is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def key_of(data: Mapping[str, Any]) -> Key | None:
    force, scheme, year = data.get("force"), data.get("scheme"), data.get("year")
    if not (isinstance(force, str) and isinstance(scheme, str) and isinstance(year, str)):
        return None
    return (force, scheme, year) if len(year) >= 4 and year[:4].isdigit() else None


def is_partial(report: LoadedReport) -> bool:
    """Whether the report says it gives only part of what it could (`partial = true`)."""
    return report.data.get("partial") is True


def example_corpus(rule_set: RuleSet, report: LoadedReport) -> Corpus | None:
    """The corpus a rule example is checked with: the example report and the set's earlier
    example reports, or None when the set has none (its rules then read no other report)."""
    earlier = _example_earlier(rule_set.folder)
    return Corpus.of([report, *earlier]) if earlier else None


@functools.lru_cache(maxsize=8)
def _example_earlier(folder: FsPath) -> tuple[LoadedReport, ...]:
    """The earlier example reports, each validated against its own scheme, a sibling set."""
    loaded: dict[str, RuleSet | None] = {}

    def rule_set_for(scheme_id: str) -> RuleSet | None:
        if scheme_id not in loaded:
            sibling = folder.parent / scheme_id
            exists = "/" not in scheme_id and (sibling / "scheme.toml").is_file()
            loaded[scheme_id] = load_rule_set(sibling) if exists else None
        return loaded[scheme_id]

    files = sorted((folder / EXAMPLE_EARLIER).glob("*.toml"))
    return tuple(load_report(file, rule_set_for) for file in files)


__all__ = ["EXAMPLE_EARLIER", "Corpus", "example_corpus", "is_partial", "key_of", "loading"]
