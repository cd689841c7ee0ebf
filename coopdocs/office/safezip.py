"""Check an Office file (a zip) before any parser opens it: refuse zip bombs and non-zips quickly."""

from __future__ import annotations

import io
import zipfile

from coopdocs.errors import CoopdocsError

MAX_ENTRIES = 5_000
MAX_TOTAL = 200 * 1024 * 1024  # declared uncompressed bytes
MAX_RATIO = 150  # uncompressed / compressed, for entries large enough to matter
RATIO_FLOOR = 1024 * 1024


def check_zip(data: bytes, name: str, what: str = "fichier Office") -> None:
    """Raise a CoopdocsError naming `name` unless `data` is a reasonable zip."""
    if not data:
        raise CoopdocsError(f"{name} : fichier vide, ce n'est pas un {what}")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise CoopdocsError(f"{name} : ancien format binaire (.xls/.doc) ; enregistrez-le au format .xlsx/.docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CoopdocsError(f"{name} : fichier illisible ou endommagé, ce n'est pas un {what}") from None
    if len(entries) > MAX_ENTRIES:
        raise CoopdocsError(f"{name} : {len(entries)} éléments dans l'archive, refusé (bombe zip ?)")
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > MAX_TOTAL:
            raise CoopdocsError(
                f"{name} : taille décompressée annoncée trop grande ({total // (1024 * 1024)} Mo et plus), "
                "refusé (bombe zip ?)"
            )
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise CoopdocsError(f"{name} : élément {entry.filename} anormalement compressé, refusé (bombe zip ?)")
