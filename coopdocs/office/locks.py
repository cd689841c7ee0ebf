"""Locks in the output folder, so that concurrent requests on one file are serialised.

A lock is held on a folder of the output tree: the output folder itself for `manifest.json`'s
read-modify-write, a sheet's own folder (`feuilles-de-temps/<agent>/`) for its transitions. On
Linux and macOS it is the system's lock on the folder (`flock`), which writes nothing and is
released by the system if the process dies; elsewhere a hidden lock file in the folder
(`filelock`). The two locks a transition nests (its sheet's folder, then the output folder's)
are never the same folder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from coopdocs.errors import CoopdocsError

WAIT = 60.0  # seconds: a transition takes well under a second; longer means a stuck process
STEP = 0.01


def _busy(folder: Path) -> CoopdocsError:
    return CoopdocsError.of("busy", folder=str(folder), seconds=f"{WAIT:.0f}")


@contextmanager
def _flock(folder: Path) -> Iterator[None]:
    import fcntl

    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise _busy(folder) from None
                time.sleep(STEP)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def _file_lock(folder: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(folder / ".coopdocs.lock"), timeout=WAIT, thread_local=False, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise _busy(folder) from None
    try:
        yield
    finally:
        lock.release()


def locked_folder(folder: Path) -> AbstractContextManager[None]:
    """Hold the lock of `folder` (an existing real folder of the output tree) for the block."""
    if folder.is_symlink() or not folder.is_dir():
        raise CoopdocsError.of("folder-missing", folder=str(folder))
    return _flock(folder) if hasattr(os, "O_DIRECTORY") and os.name == "posix" else _file_lock(folder)


def locked(out_dir: Path, relative: str) -> AbstractContextManager[None]:
    """The lock of the file at `relative` (in a subfolder of the output folder): its folder's,
    made if absent (never through a link)."""
    from coopdocs.office.folder import inside

    if not out_dir.is_dir():
        raise CoopdocsError.of("output-missing", folder=str(out_dir))
    folder = inside(out_dir, relative).parent
    if folder == out_dir:
        raise CoopdocsError.of("lock-of-output", path=relative)
    folder.mkdir(parents=True, exist_ok=True)
    return locked_folder(folder)


def manifest_locked(out_dir: Path) -> AbstractContextManager[None]:
    """The lock of `manifest.json`'s read-modify-write: the output folder's."""
    if not out_dir.is_dir():
        raise CoopdocsError.of("output-missing", folder=str(out_dir))
    return locked_folder(out_dir)
