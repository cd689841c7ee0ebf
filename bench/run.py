"""Every performance goal of coopdocs, measured against its plain baseline in the same run.

    .venv/bin/python bench/run.py            # the large project: 10 partners, 80 agents, 36 months
    .venv/bin/python bench/run.py --months 6 # quicker: the same project over 6 months

Prints one table: medians, ratios, and whether each goal holds. The machine is shared and noisy:
run it twice before believing a ratio near its limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from baselines.plain_docxtpl import plain_docxtpl  # noqa: E402
from baselines.plain_openpyxl import plain_timesheet  # noqa: E402
from make_large_project import large_project  # noqa: E402

WHEN = dt.date(2027, 1, 1)
COOPDOCS = [sys.executable, "-m", "coopdocs"]
rows: list[tuple[str, str, str, str, str]] = []


def median(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(goal: str, ours: float, base: float, unit: str, limit: float, base_name: str) -> None:
    ratio = ours / base if base else float("inf")
    rows.append(
        (
            goal,
            f"{ours:.3f} {unit}",
            f"{base:.3f} {unit} ({base_name})",
            f"{ratio:.2f}",
            f"{'oui' if ratio <= limit else 'NON'} (≤ {limit:g})",
        )
    )


def absolute(goal: str, value: float, unit: str, limit: float) -> None:
    rows.append((goal, f"{value:.3f} {unit}", "-", "-", f"{'oui' if value <= limit else 'NON'} (≤ {limit:g} {unit})"))


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*COOPDOCS, *map(str, args)], cwd=ROOT, capture_output=True, text=True, check=True, **kwargs)


def goal_documents(repeat: int) -> None:
    """1. A document costs at most 2× re-zipping its bytes; plain docxtpl for reference."""
    from coopdocs.documents import plan
    from coopdocs.documents.render import render_docx
    from coopdocs.documents.search_path import TemplatePath
    from coopdocs.project import load_project

    project = load_project(ROOT / "projects/etangs-ardenne.yaml")
    path = TemplatePath()
    job = plan(project, path.guide_map(), WHEN, only=("convention-partenariat",))[0]
    context, source = job.make_context(), path.find(job.template).path.read_bytes()
    ours = render_docx(source, job.template, context, WHEN, job.title)

    def floor() -> None:
        archive = zipfile.ZipFile(io.BytesIO(ours))
        with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as target:
            for info in archive.infolist():
                target.writestr(info, archive.read(info.filename))

    zip_floor = median(floor, repeat)
    plain = median(lambda: plain_docxtpl(source, context), repeat)
    mine = median(lambda: render_docx(source, job.template, context, WHEN, job.title), repeat)
    report("1. un document (convention, 5 pages)", mine * 1000, zip_floor * 1000, "ms", 2, "re-zip")
    rows.append(
        (
            "   docxtpl simple, pour mémoire",
            f"{plain * 1000:.3f} ms",
            f"{zip_floor * 1000:.3f} ms (re-zip)",
            f"{plain / zip_floor:.2f}",
            "référence",
        )
    )


def goal_timesheets(project: Path, folder: Path) -> float:
    """2. Writing the time sheets costs at most 0.5× a plain openpyxl script on one process."""
    from coopdocs import pipeline
    from coopdocs.calendar import months
    from coopdocs.forms.timesheet_form import agent_period, sheet_model
    from coopdocs.office.parallel import default_jobs
    from coopdocs.project import load_project

    loaded = load_project(project)
    models = [sheet_model(loaded, a, m) for a in loaded.agents for m in months(*agent_period(loaded, a))]
    plain_dir = folder / "plain"
    plain_dir.mkdir()
    started = time.perf_counter()
    for i, model in enumerate(models):
        (plain_dir / f"{i}.xlsx").write_bytes(plain_timesheet(model))
    plain = time.perf_counter() - started
    started = time.perf_counter()
    pipeline.build(
        project, pipeline.BuildOptions(folder / "sheets", (pipeline.TIMESHEETS,), when=WHEN, jobs=default_jobs())
    )
    ours = time.perf_counter() - started
    report(
        f"2. {len(models)} feuilles de temps écrites (--jobs {default_jobs()})",
        ours,
        plain,
        "s",
        0.5,
        "openpyxl simple, 1 processus",
    )
    shutil.rmtree(plain_dir)
    return ours


def goal_rebuild(project: Path, folder: Path) -> None:
    """3. A rebuild where nothing changed costs at most 5 % of a full build."""
    out = folder / "full"
    started = time.perf_counter()
    run("build", project, "-o", out, "--date", WHEN)
    full = time.perf_counter() - started
    again = median(lambda: run("build", project, "-o", out, "--date", WHEN), 3)
    report("3. reconstruction sans changement", again, full, "s", 0.05, "construction complète")


def goal_reading(project: Path, folder: Path, written: float) -> None:
    """4. Reading the filled sheets for a bilan costs at most the time of writing them."""
    from coopdocs.bilan.compute import read_sheets
    from coopdocs.office.parallel import default_jobs

    _as_filled(folder / "sheets/feuilles-de-temps")
    started = time.perf_counter()
    found, _blocked, problems = read_sheets(
        folder / "sheets/feuilles-de-temps", dt.date(2099, 1, 1), set(), default_jobs()
    )
    read = time.perf_counter() - started
    count = sum(len(m) for m in found.values())
    assert not problems, problems[:3]
    report(f"4. lecture de {count} feuilles pour un bilan", read, written, "s", 1, "leur écriture")


def _as_filled(folder: Path) -> None:
    """Drop each sheet's seal, as saving it in a spreadsheet would: the bilan reads filled sheets
    only (a sealed one is blank), and the goal is about reading filled ones."""
    for path in folder.rglob("*.xlsx"):
        data = path.read_bytes()
        eocd = data.rfind(b"PK\x05\x06")  # end of central directory: 22 bytes, then the comment
        if eocd >= 0 and data[eocd + 20 : eocd + 22] != b"\0\0":
            path.write_bytes(data[: eocd + 20] + b"\0\0")


def goal_pdf(folder: Path) -> None:
    """5. --pdf runs LibreOffice once per build."""
    real = shutil.which("soffice")
    if not real:
        rows.append(("5. --pdf : un seul LibreOffice", "LibreOffice absent", "-", "-", "non mesuré"))
        return
    shim = folder / "shim"
    shim.mkdir()
    log = folder / "soffice.log"
    (shim / "soffice").write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n')
    (shim / "soffice").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}"}
    started = time.perf_counter()
    run(
        "build",
        ROOT / "projects/etangs-ardenne.yaml",
        "-o",
        folder / "pdf",
        "--pdf",
        "--only",
        "convention-partenariat",
        "--only",
        "lettre-intention",
        "--only",
        "lettre-mission",
        env=env,
    )
    elapsed = time.perf_counter() - started
    runs = len(log.read_text().splitlines())
    pdfs = len(list((folder / "pdf").rglob("*.pdf")))
    rows.append(
        (
            f"5. --pdf : {pdfs} PDF",
            f"{runs} exécution(s) de LibreOffice",
            f"{elapsed:.1f} s",
            "-",
            "oui" if runs == 1 else "NON",
        )
    )


def goal_startup(project: Path) -> None:
    """6. --help and validate answer in under 0.3 s on the large project."""
    absolute("6. coopdocs --help", median(lambda: run("--help"), 5), "s", 0.3)
    absolute("6. coopdocs validate (grand projet)", median(lambda: run("validate", project), 5), "s", 0.3)


def goal_memory(project: Path, folder: Path) -> None:
    """7. Peak memory of a full build of the large project under 400 MB (largest process)."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    result = subprocess.run(
        [time_bin, "-f", "%M", *COOPDOCS, "build", str(project), "-o", str(folder / "mem"), "--date", str(WHEN)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    peak_mb = int(result.stderr.strip().splitlines()[-1]) / 1024
    absolute("7. mémoire maximale d'une construction complète", peak_mb, "Mo", 400)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coopdocs-bench-"))
    project = folder / "grand-projet.yaml"
    project.write_text(large_project(months=args.months), encoding="utf-8")
    try:
        goal_documents(args.repeat)
        written = goal_timesheets(project, folder)
        goal_rebuild(project, folder)
        goal_reading(project, folder, written)
        goal_pdf(folder)
        goal_startup(project)
        goal_memory(project, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    widths = [max(len(r[i]) for r in rows + [HEADER]) for i in range(5)]
    for row in [HEADER, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(
        f"\n{os.cpu_count()} cœurs ; grand projet de {args.months} mois ; médianes de {args.repeat} mesures "
        "(documents) et de 3 à 5 (commandes)."
    )


HEADER = ("objectif", "coopdocs", "base de comparaison", "ratio", "tenu")

if __name__ == "__main__":
    main()
