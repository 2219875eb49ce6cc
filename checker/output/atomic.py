"""Writing output files atomically: a reader sees the old file or the new one, never half.

What is at the path is respected: a symbolic link is followed and the file it names is
written (the link stays); a device or a named pipe (`/dev/null`, `/dev/stdout`) is written
to, never replaced by a regular file; a folder is refused. A new file gets the mode the
umask gives (as any program's output), an existing file keeps its mode. Missing folders on
the way are created. Errors are OSErrors, for the caller to word.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    target = Path(os.path.realpath(path))  # a link is written through, never replaced
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "w", encoding="utf-8", newline="\n") as stream:  # a device, a pipe
            stream.write(text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _temporary(target)
    try:
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _temporary(target: Path) -> tuple[int, str]:
    """A new file beside `target`, created with mode 0o666 less the umask (tempfile's
    mkstemp would make it 0o600, and the output would keep that)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))
