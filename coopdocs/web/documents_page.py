"""The documents and bilan pages' work: a build running in a thread with its progress, the list
of output files, a zip of them, and the figures of a period with their charts drawn in SVG."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def periods(start: dt.date, end: dt.date) -> list[str]:
    """The years and semesters of the project, for the period chooser."""
    found = []
    for year in range(start.year, end.year + 1):
        found.append(str(year))
        for half, (first, last) in enumerate(((1, 6), (7, 12)), start=1):
            if dt.date(year, first, 1) <= end and dt.date(year, last, 28) >= start:
                found.append(f"{year}-S{half}")
    return found


def figures(project_file: Path, out_dir: Path, period: str) -> Any:
    """The period's figures, computed as `coopdocs bilan` does (nothing written)."""
    from coopdocs.output.period_figures import bilan_figures
    from coopdocs.project import load_project

    return bilan_figures(load_project(project_file), period, out_dir)


def bar_svg(bars: list[tuple[str, list[float]]], series: list[str], unit: str) -> str:
    """Horizontal bars as an SVG drawing (escaped by the template): (label, values) per bar."""
    from markupsafe import escape

    colours = ("#2f6f4f", "#c98a1b", "#3b6ea8")
    top = max([v for _, values in bars for v in values] + [1.0])
    row, width, left = 18 * max(1, len(series)) + 8, 640, 230
    height = row * len(bars) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, (name, values) in enumerate(bars):
        y = 10 + i * row
        parts.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(name[:34])}</text>')
        for j, value in enumerate(values):
            length = (width - left - 90) * value / top
            colour = colours[j % len(colours)]
            parts.append(f'<rect x="{left}" y="{y + j * 18}" width="{length:.1f}" height="15" fill="{colour}"/>')
            shown = f"{value:,.0f}".replace(",", "\u202f")
            label = f"{shown} {unit}"
            parts.append(f'<text x="{left + length + 4:.1f}" y="{y + j * 18 + 12}" font-size="11">{label}</text>')
    for j, name in enumerate(series if len(series) > 1 else []):
        x = left + j * 160
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colours[j % len(colours)]}"/>')
        parts.append(f'<text x="{x + 14}" y="{height - 5}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def archive_bytes(project_file: Path, out_dir: Path) -> tuple[str, bytes]:
    """The control archive (coopdocs archive), made in a scratch folder and given as bytes."""
    import tempfile

    from coopdocs.output.archive import make_archive

    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / f"archive_{dt.date.today().isoformat()}.zip"
        path, _count, _digest = make_archive(project_file, out_dir, target, dt.date.today())
        return path.name, path.read_bytes()
