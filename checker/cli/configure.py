"""The command line completed by `[tool.gradecheck]` (checker.inputs.settings).

An option given on the command line wins over the file, which wins over the built-in
default. `check` runs from the project's root folder, whichever subfolder it was started
in: the paths given are taken from where it was started, and its output, baselines and
fingerprints name files relative to the root, the same from every folder. The other
commands stay where they are and find the rules folder above.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checker.cli.parser import FORMATS, SEVERITIES
from checker.cli.stdin import DEFAULT_NAME
from checker.inputs.settings import Project, find_project

STDIN = Path("-")
"""The path that stands for a report read from standard input."""
DEFAULTS = {"rules": "rules", "reports": ["reports"], "fail-on": "error", "format": "text"}
_CHECK_PATHS = ("rules", "text", "output", "waivers", "baseline", "write_baseline")


@contextmanager
def configured(args: argparse.Namespace) -> Iterator[Project]:
    """`args` completed from the settings, for the duration of the command (`check` runs
    in the root folder meanwhile)."""
    start = Path.cwd()
    if getattr(args, "isolated", False):
        project = Project(start)
    else:
        project = find_project(start, {"fail-on": SEVERITIES, "format": FORMATS})
    if args.command != "check":
        _from_here(args, project, start)
        yield project
        return
    _rebase(args, start.relative_to(project.root))
    _complete_check(args, project)
    os.chdir(project.root)
    try:
        yield project
    finally:
        os.chdir(start)


def _setting(project: Project, key: str) -> object:
    return project.values.get(key, DEFAULTS.get(key))


def _from_here(args: argparse.Namespace, project: Project, start: Path) -> None:
    """`--rules` (and `rules test --bundled`) default to the root's, named from here."""
    if getattr(args, "rules", False) is None:
        args.rules = _relative(project.root / str(_setting(project, "rules")), start)
    if getattr(args, "bundled", False) is None:
        reports = _setting(project, "reports")
        assert isinstance(reports, list)
        args.bundled = _relative(project.root / reports[0], start)


def _relative(path: Path, start: Path) -> Path:
    """`path` named from `start` where it can be (`../../rules`), else as it is."""
    try:
        return Path(os.path.relpath(path, start))
    except ValueError:  # another drive
        return path


def _rebase(args: argparse.Namespace, here: Path) -> None:
    """The paths given on the command line, named from the root instead of from `here`."""
    if STDIN in args.paths and args.stdin_filename is None:
        args.stdin_filename = Path(DEFAULT_NAME)  # a report in the folder it was started in
    if here == Path():
        return
    args.paths = [path if path == STDIN else here / path for path in args.paths]
    for name in (*_CHECK_PATHS, "stdin_filename"):
        value = getattr(args, name)
        if value is not None:
            setattr(args, name, here / value)


def _complete_check(args: argparse.Namespace, project: Project) -> None:
    """Every option `check` reads that the command line left out, from the settings."""
    given = set()
    if args.rules is None:
        args.rules = Path(str(_setting(project, "rules")))
    if args.waivers is None:
        args.waivers = project.path("waivers")
    if args.baseline is None and args.write_baseline is None:  # not when writing a new one
        args.baseline = project.path("baseline")
    for key, name in (("fail-on", "fail_on"), ("format", "format")):
        if getattr(args, name) is None:
            setattr(args, name, _setting(project, key))
    for key in ("select", "ignore"):
        if getattr(args, key) is None:
            setattr(args, key, list(project.values.get(key, [])))
            if key in project.values:
                given.add(key)
    reports = _setting(project, "reports")
    assert isinstance(reports, list)
    args.default_reports = [Path(path) for path in reports]
    args.selection_from_settings = given
