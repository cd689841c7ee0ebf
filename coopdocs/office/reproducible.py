"""Office files are zips: pin what changes from one run to the next, so that the same inputs
give the same bytes (fixed entry timestamps and attributes, entries in a stable order)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose entries written by name get a fixed date and attributes (openpyxl and
    python-docx write by name, which stamps the clock)."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """openpyxl writes each worksheet through a temporary file, whose mtime would be stamped."""
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite any zip with fixed entry dates (for files written by code we do not control)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with FixedTimeZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def pin_python_docx() -> None:
    """Make python-docx write its zip entries with a fixed date (it writes them by name)."""
    from docx.opc import phys_pkg, pkgwriter

    if getattr(pkgwriter.PhysPkgWriter, "_coopdocs_fixed_time", False):
        return

    class FixedTimeWriter(phys_pkg._ZipPkgWriter):
        _coopdocs_fixed_time = True

        def __new__(cls, pkg_file: Any) -> Any:
            return object.__new__(cls)

        def __init__(self, pkg_file: Any) -> None:
            self._zipf = FixedTimeZipFile(pkg_file, "w", compression=zipfile.ZIP_DEFLATED)

    pkgwriter.PhysPkgWriter = FixedTimeWriter  # type: ignore[misc]


# ---- the seal: an Office file still exactly as coopdocs wrote it ----------------------------
# Every .docx/.xlsx coopdocs writes ends with a zip comment holding the sha256 of its bytes
# without that comment. Word, Excel and LibreOffice rewrite the whole zip when they save, which
# drops the comment: a file whose seal holds was never saved by anyone since. So "blank form",
# "untouched document" do not depend on manifest.json surviving a killed build or a deletion.
SEAL = b"coopdocs-sha256:"
_EOCD = b"PK\x05\x06"
_SEAL_LENGTH = len(SEAL) + 64


def seal(data: bytes) -> bytes:
    """The same zip with the seal as its comment (a zip without a comment, as ours are)."""
    if len(data) < 22 or data[-22:-18] != _EOCD or data[-2:] != b"\0\0":
        return data
    import hashlib

    comment = SEAL + hashlib.sha256(data).hexdigest().encode()
    return data[:-2] + len(comment).to_bytes(2, "little") + comment


def is_sealed(data: bytes) -> bool:
    """True when the file is byte for byte what coopdocs wrote (its seal holds)."""
    import hashlib

    end = len(data) - _SEAL_LENGTH
    if end < 22 or data[end : end + len(SEAL)] != SEAL or data[end - 22 : end - 18] != _EOCD:
        return False
    if data[end - 2 : end] != _SEAL_LENGTH.to_bytes(2, "little"):
        return False
    original = data[: end - 2] + b"\0\0"
    return hashlib.sha256(original).hexdigest().encode() == data[end + len(SEAL) :]
