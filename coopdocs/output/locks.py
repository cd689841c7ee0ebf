"""Locks in the output folder, so that concurrent requests on one file are serialised.

A lock is a hidden file in `.verrous/` of the output folder (never followed through a link,
skipped by the archive as every hidden file); `filelock` holds it with the system's lock
(fcntl on Linux and macOS, msvcrt on Windows), released by the system if the process dies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from coopdocs.errors import CoopdocsError
from coopdocs.output.writer import MANIFEST, inside

LOCKS = ".verrous"
WAIT = 60.0  # seconds: a transition takes well under a second; longer means a stuck process


@contextmanager
def locked(out_dir: Path, key: str) -> Iterator[None]:
    """Hold the lock named `key` (a file's relative path, or `manifest.json`) for the block."""
    from filelock import FileLock, Timeout

    name = "." + re.sub(r"[^A-Za-z0-9_.-]", "_", key) + ".lock"
    target = inside(out_dir, f"{LOCKS}/{name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(target), timeout=WAIT, thread_local=False, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise CoopdocsError(
            f"{out_dir / key} : occupé par une autre opération depuis {WAIT:.0f} s ; réessayez"
        ) from None
    try:
        yield
    finally:
        lock.release()


def manifest_locked(out_dir: Path) -> AbstractContextManager[None]:
    """The lock of `manifest.json`'s read-modify-write."""
    return locked(out_dir, MANIFEST)
