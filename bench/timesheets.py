"""Benchmark: monthly time sheets written and read, against a plain openpyxl script writing the
same workbooks, in the same run. Medians of several repeats; sheets per second and ratios.

    .venv/bin/python bench/timesheets.py [--sheets N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines.plain_openpyxl import plain_timesheet
from make_large_project import large_project
from run import median

from coopdocs.calendar import months
from coopdocs.forms.timesheet_form import agent_period, sheet_model, timesheet_workbook
from coopdocs.forms.timesheet_reader import read_timesheet
from coopdocs.project import load_project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=240, help="sheets per measure (80 agents × 3 months)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coopdocs-bench-"))
    (folder / "p.yaml").write_text(large_project(), encoding="utf-8")
    project = load_project(folder / "p.yaml")
    models = []
    for agent in project.agents:
        for month in months(*agent_period(project, agent)):
            models.append(sheet_model(project, agent, month))
    models = sorted(models, key=lambda m: m["month"])[: args.sheets]
    when = dt.date(2027, 1, 1)

    def write_ours():
        for i, model in enumerate(models):
            (folder / f"s{i}.xlsx").write_bytes(timesheet_workbook(model, when))

    def write_plain():
        for i, model in enumerate(models):
            (folder / f"b{i}.xlsx").write_bytes(plain_timesheet(model))

    def read_ours():
        for i in range(len(models)):
            read_timesheet(folder / f"s{i}.xlsx")

    plain = median(write_plain, args.repeat)
    ours = median(write_ours, args.repeat)
    read = median(read_ours, args.repeat)
    n = len(models)
    print(f"{n} feuilles, médiane de {args.repeat} mesures")
    print(f"{'mesure':<36}{'s':>8}{'feuilles/s':>12}{'ratio':>8}")
    print(f"{'écriture, openpyxl simple (base)':<36}{plain:>8.2f}{n / plain:>12.1f}{1:>8.2f}")
    print(f"{'écriture, coopdocs':<36}{ours:>8.2f}{n / ours:>12.1f}{ours / plain:>8.2f}")
    print(f"{'lecture, coopdocs':<36}{read:>8.2f}{n / read:>12.1f}{read / ours:>8.2f}  (÷ écriture coopdocs)")


if __name__ == "__main__":
    main()
