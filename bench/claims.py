"""Benchmark: the payment claims of every partner of the large synthetic project for one year
(80 hourly agents × 12 filled sheets, ten expense registers), against the yearly bilan of the same
files. Both read the same inputs, compute and render their files in memory (the writer left out:
it is the same for both). Goal: the claims cost at most 1.5 times the bilan (median of runs).

    .venv/bin/python bench/claims.py [--months 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_large_project import large_project

from coopdocs.calendar import months
from coopdocs.forms._reading import plain
from coopdocs.project._load import load_project
from coopdocs.project.model import ProjectFile

WHEN = dt.date(2028, 1, 15)
GOAL = 1.5


def _filled_sheet(data: bytes, month: str, days: int) -> bytes:
    """A sheet as a person fills it: a few hours on the first weekdays, on the first work package."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book["Feuille"]
    head = next(r[0].row for r in sheet.iter_rows(max_row=40) if r[0].value == "Date")
    headers = {plain(c.value): c.column for c in sheet[head] if isinstance(c.value, str)}
    wp = next(col for name, col in headers.items() if " – " in name)
    typed = 0
    for row in range(head + 1, head + 32):
        day = sheet.cell(row=row, column=1).value
        if not isinstance(day, dt.datetime) or typed == days:
            break
        if day.weekday() < 5 and sheet.cell(row=row, column=headers["Absence"]).value is None:
            sheet.cell(row=row, column=wp, value=3.5)
            typed += 1
    sheet.cell(row=head + 1, column=headers["Commentaire"], value=f"rempli {month}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def prepare(folder: Path, project: ProjectFile, count: int) -> int:
    """The year's sheets, filled, and every partner's register with twelve invoices."""
    from coopdocs.forms.expense_form import register_model, register_path, register_workbook
    from coopdocs.forms.timesheet_form import sheet_model, sheet_path, timesheet_workbook

    year = months(dt.date(2027, 1, 1), dt.date(2027, 12, 31))[:count]
    for agent in project.agents:
        for month in year:
            target = folder / "out" / sheet_path(agent.id, month)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_filled_sheet(timesheet_workbook(sheet_model(project, agent, month), WHEN), month, 4))
    for partner in project.partners:
        target = folder / "out" / register_path(partner.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(register_workbook(register_model(project, partner.id, ()), WHEN))
        _fill_register(target)
    return len(project.agents) * len(year)


def _fill_register(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    head = next(r[0].row for r in sheet.iter_rows(max_row=60) if any(plain(c.value) == "N° de facture" for c in r))
    cols = {plain(c.value): c.column for c in sheet[head] if isinstance(c.value, str)}
    for i in range(1, 13):
        day = dt.date(2027, i, 10)
        values = {
            "Date": day,
            "Fournisseur": "Transports",
            "N° de facture": f"T-{i}",
            "Catégorie": "Frais de déplacement",
        }
        values |= {
            "Montant HT": 120.0 + i,
            "Montant éligible": 120.0 + i,
            "Date de paiement": day + dt.timedelta(days=5),
        }
        for name, value in values.items():
            sheet.cell(row=head + i, column=cols[name], value=value)
    book.save(path)


def bilan_once(project: ProjectFile, out: Path) -> float:
    from coopdocs.bilan.compute import compute
    from coopdocs.bilan.excel import bilan_xlsx
    from coopdocs.bilan.word import bilan_docx
    from coopdocs.documents._values import page_frame

    started = time.perf_counter()
    figures = compute(project, "2027", out / "feuilles-de-temps", out / "depenses", set(), WHEN)
    bilan_docx(figures, "fr", WHEN, page_frame(project, "fr"))
    bilan_xlsx(figures, WHEN)
    return time.perf_counter() - started


def claims_once(project: ProjectFile, out: Path) -> tuple[float, int]:
    from coopdocs.bilan.inputs import read_inputs
    from coopdocs.claims.compute import ClaimOptions, claim_figures
    from coopdocs.claims.ledger import Ledger
    from coopdocs.output.claim_files import claim_outputs

    started = time.perf_counter()
    inputs = read_inputs(project, "2027", out / "feuilles-de-temps", out / "depenses", set())
    ledger = Ledger()
    figures = claim_figures(project, "2027", inputs, ledger, ClaimOptions(when=WHEN))
    outputs = claim_outputs(project, figures, ledger, out, None, WHEN)
    for output in outputs:
        output.render()
    return time.perf_counter() - started, len(outputs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coopdocs-bench-claims-"))
    (folder / "p.yaml").write_text(large_project(), encoding="utf-8")
    project = load_project(folder / "p.yaml")
    started = time.perf_counter()
    sheets = prepare(folder, project, args.months)
    print(f"{sheets} feuilles remplies et {len(project.partners)} registres en {time.perf_counter() - started:.0f} s")
    ratios, bilans, claims = [], [], []
    for _ in range(args.repeat):
        bilan = bilan_once(project, folder / "out")
        claim, files = claims_once(project, folder / "out")
        bilans.append(bilan)
        claims.append(claim)
        ratios.append(claim / bilan)
    ratio = statistics.median(ratios)
    print(f"bilan annuel (lecture, calcul, Word et Excel)       : {statistics.median(bilans):6.2f} s")
    print(f"demandes de tous les partenaires ({files} fichiers) : {statistics.median(claims):6.2f} s")
    print(f"rapport médian demandes / bilan : {ratio:.2f} (objectif ≤ {GOAL}) {'tenu' if ratio <= GOAL else 'MANQUÉ'}")


if __name__ == "__main__":
    main()
