"""Check an Office file (a zip) before any parser opens it: refuse zip bombs and non-zips quickly."""

from __future__ import annotations

import io
import zipfile

from coopdocs.errors import CoopdocsError
from coopdocs.messages import Word

MAX_ENTRIES = 5_000
MAX_TOTAL = 200 * 1024 * 1024  # declared uncompressed bytes
MAX_RATIO = 150  # uncompressed / compressed, for entries large enough to matter
RATIO_FLOOR = 1024 * 1024


def check_zip(data: bytes, name: str, what: str = "office") -> None:
    """Raise a CoopdocsError naming `name` unless `data` is a reasonable zip."""
    if not data:
        raise CoopdocsError.of("zip-empty", file=name, what=Word("zip_what", what))
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise CoopdocsError.of("zip-old-binary", file=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CoopdocsError.of("zip-unreadable", file=name, what=Word("zip_what", what)) from None
    if len(entries) > MAX_ENTRIES:
        raise CoopdocsError.of("zip-entries", file=name, count=len(entries))
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > MAX_TOTAL:
            raise CoopdocsError.of("zip-size", file=name, megabytes=total // (1024 * 1024))
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise CoopdocsError.of("zip-ratio", file=name, entry=entry.filename)
