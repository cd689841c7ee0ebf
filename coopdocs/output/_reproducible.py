"""Office files are zips: pin what changes from one run to the next, so that the same inputs
give the same bytes (fixed entry timestamps and attributes, entries in a stable order)."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose entries written by name get a fixed date and attributes (openpyxl and
    python-docx write by name, which stamps the clock)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
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

        def __new__(cls, pkg_file):
            return object.__new__(cls)

        def __init__(self, pkg_file):
            self._zipf = FixedTimeZipFile(pkg_file, "w", compression=zipfile.ZIP_DEFLATED)

    pkgwriter.PhysPkgWriter = FixedTimeWriter  # type: ignore[misc]
