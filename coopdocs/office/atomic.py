"""Atomic writes: a file is either complete or absent, never truncated."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Only files with this suffix are ever cleaned up after a killed build (never a person's *.tmp).
TEMPORARY_SUFFIX = ".coopdocs-tmp"


def atomic_write(target: Path, data: bytes | str) -> None:
    """Write to a temporary file beside the target, flush it to disk, then rename it over."""
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=target.parent)
    except OSError as exc:  # name the file the person asked for, not our temporary one
        exc.filename = str(target)
        raise
    try:
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None or exc.filename == tmp:  # a full disk names no file: name the target
            exc.filename = str(target)
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (mkstemp creates files 0600; outputs should be readable like any file)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
