"""A data directory nobody else can seed, and private files that never follow a planted link.

Another local user who could write into the data directory before the owner's first start could plant the
engine's password file, a symlink where the engine appends its log, or a cache file the app reads back. So the
directory and every entry in it (one level into its sub-folders: `appendonlydir/`, `cache/`) must belong to the
owner, must not be writable by group or others, and must not be a symbolic link; otherwise the command stops with
exit code 2 and the reason. Files are opened with O_NOFOLLOW, created with O_EXCL, written to a temporary name
and renamed over (a rename replaces a planted link instead of writing through it).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from .errors import ConfigError

__all__ = ["check_private_dir", "open_private", "read_private", "write_private", "private_subdir"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _refusal(path: Path, why: str) -> ConfigError:
    return ConfigError(f"Refusing the data directory: {path} {why}. Another user could have planted it; "
                       "remove it (or choose another directory with --data-dir / SMALS_GRAPH_DATA_DIR).")


def _check_entry(path: Path, uid: int, *, is_root: bool = False) -> os.stat_result:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise _refusal(path, "is a symbolic link")
    if info.st_uid != uid:
        raise _refusal(path, f"belongs to another user (uid {info.st_uid})")
    if info.st_mode & 0o022:
        raise _refusal(path, f"is writable by group or others (mode {stat.S_IMODE(info.st_mode):o})")
    if is_root and not stat.S_ISDIR(info.st_mode):
        raise _refusal(path, "is not a directory")
    return info


def check_private_dir(directory: Path) -> None:
    """Raise ConfigError (exit 2) when `directory`, or an entry in it or in its sub-folders, is a symlink, is
    another user's, or is writable by group or others. A missing directory is fine (it is created 0700)."""
    uid = os.getuid()
    try:
        _check_entry(directory, uid, is_root=True)
    except FileNotFoundError:
        return
    for entry in os.scandir(directory):
        path = Path(entry.path)
        info = _check_entry(path, uid)
        if stat.S_ISDIR(info.st_mode):
            for inner in os.scandir(path):
                _check_entry(Path(inner.path), uid)


def private_subdir(directory: Path) -> Path:
    """`directory` created 0700 (with its parents) and checked: ours, not a link, not writable by others."""
    with contextlib.suppress(FileExistsError):
        directory.mkdir(parents=True, mode=0o700)
    info = _check_entry(directory, os.getuid(), is_root=True)
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(directory, 0o700)
    return directory


def open_private(path: Path, flags: int = os.O_RDONLY) -> int:
    """os.open that never follows a link at `path`; new files are created 0600 and only if absent (O_EXCL)."""
    if flags & os.O_CREAT:
        flags |= os.O_EXCL
    return os.open(path, flags | _NOFOLLOW | _CLOEXEC, 0o600)


def read_private(path: Path) -> bytes:
    """The bytes of a regular file of ours at `path` (a link there is refused with ELOOP)."""
    fd = open_private(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            raise _refusal(path, "is not a regular file of yours")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes | str, mode: int = 0o600) -> None:
    """Write `data` to a fresh temporary file beside `path` (O_EXCL, no-follow, `mode`) and rename it over
    `path`: never readable by others, never written through a planted link, never seen half-written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = open_private(tmp, os.O_WRONLY | os.O_CREAT)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
