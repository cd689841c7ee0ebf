"""The documents page's work: a build running in a thread with its progress, the list of output
files, a zip of them, a PDF preview, the control archive (the bilan's charts: bilan_page.py)."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coopdocs.errors import CoopdocsError
from coopdocs.office.atomic import TEMPORARY_SUFFIX

SKIPPED_FOLDERS = ("sauvegardes",)


@dataclass
class BuildJob:
    """One build in a thread: how far it is, then what happened to each file (or the error)."""

    done: int = 0
    total: int = 0
    finished: bool = False
    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (path, action)
    blocked: int = 0
    error: str = ""

    def progress(self, items: Iterable[bytes], length: int, label: str) -> Iterator[bytes]:
        self.total = length
        for item in items:
            self.done += 1
            yield item

    @property
    def percent(self) -> int:
        return 100 if self.finished else int(100 * self.done / self.total) if self.total else 0


def start_build(project_file: Path, out_dir: Path, force: bool) -> BuildJob:
    job = BuildJob()
    threading.Thread(target=_run_build, args=(job, project_file, out_dir, force), daemon=True).start()
    return job


def _run_build(job: BuildJob, project_file: Path, out_dir: Path, force: bool) -> None:
    from coopdocs.errors import from_os_error
    from coopdocs.pipeline import BuildOptions, build

    try:
        report, _ = build(project_file, BuildOptions(out_dir=out_dir, force=force, progress=job.progress))
        job.outcomes = [(o.path, o.action.value) for o in report.outcomes]
        job.blocked = len(report.blocked)
    except CoopdocsError as exc:
        job.error = "\n".join(exc.lines())
    except OSError as exc:
        job.error = from_os_error(exc).message
    except Exception as exc:  # a bug: said as such, never a traceback in the page
        job.error = f"Erreur interne de coopdocs ({type(exc).__name__}) : merci de la signaler."
    finally:
        job.finished = True


def output_files(out_dir: Path) -> list[tuple[str, int]]:
    """(relative path, size) of every file of the output folder, backups and temporary files aside."""
    if not out_dir.is_dir():
        return []
    found = []
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir).as_posix()
        if path.is_symlink() or not path.is_file() or path.name.endswith(TEMPORARY_SUFFIX):
            continue
        if relative.split("/", 1)[0] in SKIPPED_FOLDERS:
            continue
        found.append((relative, path.stat().st_size))
    return found


def can_preview() -> bool:
    """LibreOffice is installed: the documents page offers a PDF preview."""
    import shutil

    return any(shutil.which(name) for name in ("soffice", "libreoffice"))


def pdf_of(source: Path) -> bytes:
    """The document as PDF, converted in a scratch folder (nothing written beside it)."""
    from coopdocs.output.pdf import converted

    with converted([source], "pdf", timeout=120) as mapping:
        return mapping[source].read_bytes()


def zip_of(out_dir: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, _ in output_files(out_dir):
            archive.write(out_dir / relative, relative)
    return out.getvalue()


def archive_bytes(project_file: Path, out_dir: Path) -> tuple[str, bytes]:
    """The control archive (coopdocs archive), made in a scratch folder and given as bytes."""
    import tempfile

    from coopdocs.output.archive import make_archive

    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / f"archive_{dt.date.today().isoformat()}.zip"
        path, _count, _digest = make_archive(project_file, out_dir, target, dt.date.today())
        return path.name, path.read_bytes()
