"""Baselines: adopt the gate on a corpus that already has findings, and fail only on new ones.

`--write-baseline FILE` records the current findings by fingerprint (rule, file, JSON
pointer: never line numbers, so unrelated edits do not disturb it). `--baseline FILE` then
marks findings it records as baselined (shown, not failing) and lists the entries no longer
found, so fixes are visible and the baseline can be rewritten smaller.

The file is JSON, versioned, sorted, one entry per finding, with the message for reviewers.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path as FsPath
from typing import Any

from checker import __version__
from checker.gate.suppression import BaselineEntry, Suppression
from checker.inputs.json_positions import json_position
from checker.inputs.positions import deepest
from checker.inputs.tomlfile import Beyond, InputError, read_utf8, within_limits
from checker.model.findings import Finding
from checker.output.escape import json_text, shown

VERSION = 1
_FIELDS = ("file", "rule_id", "path", "rule_name", "message", "fingerprint")


@dataclass(frozen=True)
class Baseline:
    file: str
    entries: tuple[BaselineEntry, ...]


def entry(finding: Finding) -> BaselineEntry:
    return BaselineEntry(
        finding.file,
        finding.rule_id,
        finding.path,
        finding.rule_name,
        finding.message,
        finding.fingerprint,
    )


def render(findings: Iterable[Finding]) -> str:
    document = {
        "version": VERSION,
        "tool": {"name": "gradecheck", "version": __version__},
        "findings": [asdict(e) for e in sorted(entry(f) for f in findings)],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def read(path: FsPath) -> Baseline:
    """A baseline file; anything malformed is an input error naming the key."""
    file, text = read_utf8(path)
    try:
        document = within_limits(json.loads(text), toml=False)
    except json.JSONDecodeError as error:
        raise InputError(
            file,
            error.lineno,
            error.colno,
            "(syntax)",
            f"JSON syntax error: {error.msg[0].lower()}{error.msg[1:]}",
        ) from None
    except RecursionError:
        line, column, depth = deepest(text)
        message = f"arrays and objects nested {depth} deep: too deep to read"
        raise InputError(file, line, column, "(syntax)", message) from None
    except ValueError:  # a number of more digits than Python converts
        raise InputError(file, 1, 1, "(syntax)", "a JSON number too long to read") from None
    except Beyond as found:
        line, column = deepest(text)[:2] if "nested" in found.message else (1, 1)
        key = ".".join(map(str, found.path)) or "(top level)"
        raise InputError(file, line, column, key, found.message) from None
    return Baseline(file, tuple(_entries(document, file, text)))


def _entries(document: Any, file: str, text: str) -> Iterable[BaselineEntry]:
    def fail(path: tuple[str | int, ...], message: str) -> InputError:
        """The error at the key `path` names (or at the nearest enclosing one it has)."""
        line, column = json_position(text, path)
        return InputError(file, line, column, ".".join(map(str, path)) or "(top level)", message)

    if not isinstance(document, dict):
        raise fail((), "a baseline is a JSON object written by --write-baseline")
    if document.get("version") != VERSION:
        raise fail(
            ("version",),
            f"unsupported baseline version {shown(document.get('version'))} "
            f"(this gradecheck reads version {VERSION})",
        )
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise fail(("findings",), "required key 'findings' must be an array")
    for index, item in enumerate(findings):
        if not isinstance(item, dict):
            raise fail(("findings", index), "each finding must be an object")
        for key in _FIELDS:
            if not isinstance(item.get(key), str):
                raise fail(("findings", index, key), f"required key {key!r} must be a string")
        yield BaselineEntry(*(item[key] for key in _FIELDS))


@dataclass(frozen=True)
class Comparison:
    suppressions: dict[Finding, Suppression]
    gone: tuple[BaselineEntry, ...]


def compare(findings: Sequence[Finding], baseline: Baseline, checked: Iterable[str]) -> Comparison:
    """Mark findings the baseline records; list its entries for checked files not found.

    Fingerprints are counted, so a baseline holding one finding at a path does not excuse a
    second identical one. Entries for files not checked in this run (`--changed-since`,
    paths given) are not gone: they were not looked for.
    """
    remaining = Counter(e.fingerprint for e in baseline.entries)
    suppressions: dict[Finding, Suppression] = {}
    for finding in findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            suppressions[finding] = Suppression(kind="baseline", file=baseline.file)
    checked_files = set(checked)
    gone = []
    for e in sorted(baseline.entries, reverse=True):  # the last of repeated entries is gone
        if e.file in checked_files and remaining[e.fingerprint] > 0:
            remaining[e.fingerprint] -= 1
            gone.append(e)
    return Comparison(suppressions, tuple(sorted(gone)))
