"""Office conversions by LibreOffice headless, in one run for many files (about 1 s per run
plus 0.1 s per file): PDF copies of the documents; tests also use it to recalculate workbooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coopdocs.errors import CoopdocsError
from coopdocs.office.atomic import atomic_write


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise CoopdocsError.of("soffice-missing")


@contextmanager
def converted(files: list[Path], target_format: str, timeout: float = 600) -> Iterator[dict[Path, Path]]:
    """Convert every file in one LibreOffice run; yields source → converted file, in a temporary
    folder removed afterwards. Sources are linked under unique names, since LibreOffice writes
    every result to one folder and two partners' letters share a name."""
    work = Path(tempfile.mkdtemp(prefix="coopdocs-lo-"))
    try:
        staged = {}
        for i, source in enumerate(files):
            link = work / "in" / f"{i:05d}-{source.name}"
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(source.resolve(), link)
            staged[source] = link
        out = work / "out"
        command = [
            soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--convert-to",
            target_format,
            "--outdir",
            str(out),
            *map(str, staged.values()),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CoopdocsError.of("soffice-timeout") from None
        suffix = "." + target_format.split(":")[0]
        mapping = {}
        for source, link in staged.items():
            produced = out / (link.stem + suffix)
            if not produced.exists():
                reason = result.stderr.strip()[:300]
                raise CoopdocsError.of("soffice-failed", source=str(source), reason=reason)
            mapping[source] = produced
        yield mapping
    finally:
        shutil.rmtree(work, ignore_errors=True)


# PDF/A-2b (archivable, fonts embedded): LibreOffice's writer_pdf_Export with SelectPdfVersion 2
# (checked with LibreOffice 7.4: the XMP says pdfaid:part 2, conformance B).
PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PDFA_CALC = 'pdf:calc_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'  # the same, for a workbook


def convert_to_pdf(files: list[Path]) -> list[Path]:
    """Write NAME.pdf (PDF/A-2b) beside each NAME.docx or NAME.xlsx."""
    written: list[Path] = []
    if not files:
        return written
    calc = all(f.suffix == ".xlsx" for f in files)
    with converted(files, PDFA_CALC if calc else PDFA) as mapping:
        for source, produced in mapping.items():
            target = source.with_suffix(".pdf")
            atomic_write(target, produced.read_bytes())
            written.append(target)
    return written
