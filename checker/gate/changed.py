"""`--changed-since REV`: check only the reports a change can affect.

Those are the reports changed since the git revision (committed, staged, unstaged or
untracked), plus the reports related to them; and every report when a rule file (or another
input that applies to all reports) changed. Git is run as a subprocess in the repository that
holds the working folder. A bad revision is an input error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path as FsPath
from typing import Any

from checker.inputs.report import is_report
from checker.inputs.tomlfile import CommandError, display_name, read_bytes, resolved

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

OPTION = "--changed-since"


def relation_keys(data: Mapping[str, Any]) -> frozenset[str]:
    """What relates reports: two reports that share a key refer to one another.

    Today that is the force (a force's reports of other schemes and years are read together
    by cross-report rules). Explicit cross-report links will add their keys here, and
    everything else follows.
    """
    force = data.get("force")
    return frozenset({f"force:{force}"} if isinstance(force, str) else ())


def select(
    rev: str, reports: Sequence[FsPath], rules_root: FsPath, always: Iterable[FsPath] = ()
) -> list[FsPath] | None:
    """The reports among `reports` to check, or None for all of them.

    `always` are further inputs (a waivers or baseline file) that, when changed, make every
    report worth checking again, as a changed rule file does.
    """
    top = _toplevel()
    _verify(rev, top)
    changed = _changed(rev, top)
    everything = [resolved(rules_root), *(resolved(path) for path in always)]
    if any(path == root or root in path.parents for path in changed for root in everything):
        return None
    by_path = {resolved(path): path for path in reports}
    keys: dict[FsPath, frozenset[str]] = {}
    for real in list(by_path):
        data = _read(real)
        if data is not None and not is_report(data):  # found in a folder, not a report
            del by_path[real]
            continue
        keys[real] = relation_keys(data or {})
    touched: set[str] = set()
    selected: set[FsPath] = set()
    for path in changed:
        if path in by_path:
            selected.add(path)
            touched |= keys[path]
        elif path.suffix == ".toml" and not path.exists():
            # A deleted report: its relatives are read as they were before the change.
            touched |= relation_keys(_read_at(rev, path, top))
    selected |= {path for path, own in keys.items() if own & touched}
    return [by_path[path] for path in sorted(selected, key=lambda p: display_name(by_path[p]))]


def _git(args: list[str], cwd: FsPath) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise _error(f"cannot run git: {error.strerror}") from None


def _error(message: str) -> CommandError:
    return CommandError(f"{OPTION}: {message}")


def _toplevel() -> FsPath:
    result = _git(["rev-parse", "--show-toplevel"], FsPath.cwd())
    if result.returncode != 0:
        raise _error("the working folder is not inside a git repository")
    return resolved(FsPath(os.fsdecode(result.stdout.strip())))


def _verify(rev: str, top: FsPath) -> None:
    # A revision must not be read as an option by the git commands that follow.
    if rev.startswith("-") or not rev:
        raise _error(f"unknown git revision {rev!r}")
    result = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if result.returncode != 0:
        raise _error(f"unknown git revision {rev!r}")


def _changed(rev: str, top: FsPath) -> set[FsPath]:
    diff = _git(["diff", "--name-only", "-z", "--no-renames", rev, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for result in (diff, untracked):
        if result.returncode != 0:
            raise _error(result.stderr.decode(errors="replace").strip() or "git failed")
    names = (diff.stdout + untracked.stdout).split(b"\0")
    return {resolved(top / os.fsdecode(name)) for name in names if name}


def _read(path: FsPath) -> dict[str, Any] | None:
    # Only the relation keys are wanted here; a report that cannot be read is reported when
    # it is checked, and relates to nothing (None).
    try:
        return _loads(read_bytes(path))
    except (OSError, ValueError, RecursionError):  # ValueError: not UTF-8, not TOML
        return None


def _read_at(rev: str, path: FsPath, top: FsPath) -> dict[str, Any]:
    shown = _git(["show", f"{rev}:{path.relative_to(top).as_posix()}"], top)
    try:
        return _loads(shown.stdout) if shown.returncode == 0 else {}
    except (ValueError, RecursionError):
        return {}


def _loads(raw: bytes) -> dict[str, Any]:
    return tomllib.loads(raw.decode("utf-8-sig"))
