"""Benchmark: a yearly bilan of the large synthetic project (80 agents × 12 months = 960 sheets):
time to read the sheets and compute the figures, and to write the Word and Excel bilans.

    .venv/bin/python bench/bilan.py [--months 12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_large_project import large_project

from coopdocs.bilan.compute import compute
from coopdocs.bilan.excel import bilan_xlsx
from coopdocs.bilan.word import bilan_docx
from coopdocs.calendar import months
from coopdocs.forms.timesheet_form import sheet_model, sheet_path, timesheet_workbook
from coopdocs.project import load_project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coopdocs-bench-bilan-"))
    (folder / "p.yaml").write_text(large_project(), encoding="utf-8")
    project = load_project(folder / "p.yaml")
    when = dt.date(2027, 1, 1)
    year = months(dt.date(2027, 1, 1), dt.date(2027, 12, 31))[: args.months]
    started = time.perf_counter()
    for agent in project.agents:
        for month in year:
            target = folder / "out" / sheet_path(agent.id, month)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(timesheet_workbook(sheet_model(project, agent, month), when))
    written = time.perf_counter() - started
    count = len(project.agents) * len(year)
    started = time.perf_counter()
    figures = compute(project, "2027", folder / "out/feuilles-de-temps", folder / "out/depenses", set(), when)
    read = time.perf_counter() - started
    started = time.perf_counter()
    docx, xlsx = bilan_docx(figures, "fr", when), bilan_xlsx(figures, when)
    rendered = time.perf_counter() - started
    print(f"{count} feuilles ({len(project.agents)} agents × {len(year)} mois)")
    print(f"écriture des feuilles (pour mémoire) : {written:6.1f} s")
    print(f"lecture et calcul du bilan annuel   : {read:6.1f} s ({count / read:.0f} feuilles/s)")
    print(f"écriture du bilan Word et Excel     : {rendered:6.1f} s ({len(docx) // 1024} Ko + {len(xlsx) // 1024} Ko)")


if __name__ == "__main__":
    main()
