"""Baseline: the same monthly time sheet written by a plain, straightforward openpyxl script
(same cells, formulas, validation, protection and styles), saved with workbook.save()."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation


def plain_timesheet(model: dict) -> bytes:
    """One sheet, the way a plain script would write it: the yardstick for coopdocs' writer."""
    book = Workbook()
    ws = book.active
    ws.title = "Feuille"
    ws["A1"] = f"Feuille de temps mensuelle — {model['month']}"
    _write_identity(ws, model)
    head = 11
    _write_headers(ws, model, head)
    _write_days(ws, model, head)
    _write_totals(ws, model, head)
    ws.protection.sheet = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{head}:{head}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_identity(ws: Any, model: dict) -> None:
    """The labelled block above the table, as in coopdocs' sheet."""
    for i, (label, key) in enumerate(
        [
            ("Projet", "project"),
            ("Programme", "programme"),
            ("Partenaire", "partner"),
            ("Agent", "agent"),
            ("Identifiant", "agent_id"),
            ("Poste", "job_title"),
            ("Responsable hiérarchique", "supervisor"),
            ("Mois", "month"),
        ],
        start=2,
    ):
        ws.cell(row=i, column=1, value=label).font = Font(bold=True)
        ws.cell(row=i, column=3, value=model[key])


def _write_headers(ws: Any, model: dict, head: int) -> None:
    """The table's header row, one hours column per work package."""
    headers = [
        "Date",
        "Jour",
        *[w["header"] for w in model["wps"]],
        "Autres activités",
        "Absence",
        "Total",
        "Commentaire",
    ]
    for col, header in enumerate(headers, start=1):
        ws.cell(row=head, column=col, value=header).font = Font(bold=True)


def _write_days(ws: Any, model: dict, head: int) -> None:
    """One row a day, styled and validated cell by cell (no style cache, one range per row)."""
    n = len(model["wps"])
    hours = DataValidation(type="decimal", operator="between", formula1="0", formula2="12", allow_blank=True)
    absence = DataValidation(type="list", formula1='"CP,RTT,MAL,FER,AUT"', allow_blank=True)
    ws.add_data_validation(hours)
    ws.add_data_validation(absence)
    for i, day in enumerate(model["days"]):
        row = head + 1 + i
        ws.cell(row=row, column=1, value=dt.date.fromisoformat(day["date"])).number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=2, value=day["weekday"])
        ws.cell(row=row, column=n + 5, value=f"=SUM(C{row}:{chr(ord('C') + n)}{row})")
        if day["weekend"] or day["holiday"]:
            for col in range(1, n + 7):
                ws.cell(row=row, column=col).fill = PatternFill("solid", fgColor="FCE4D6")
        for col in range(3, n + 7):
            if col != n + 5:
                ws.cell(row=row, column=col).protection = Protection(locked=False)
        hours.add(f"C{row}:{chr(ord('C') + n)}{row}")
        absence.add(ws.cell(row=row, column=n + 4).coordinate)


def _write_totals(ws: Any, model: dict, head: int) -> None:
    """Column totals and the summary (expected hours, project hours, rate, cost) as formulas."""
    n = len(model["wps"])
    last = head + len(model["days"])
    for col in range(3, n + 6):
        letter = chr(ord("A") + col - 1)
        ws.cell(row=last + 1, column=col, value=f"=SUM({letter}{head + 1}:{letter}{last})")
    ws.cell(row=last + 3, column=1, value="Heures prévues")
    ws.cell(row=last + 3, column=n + 5, value=model["expected_hours"])
    ws.cell(row=last + 4, column=n + 5, value=f"=SUM(C{last + 1}:{chr(ord('C') + n - 1)}{last + 1})")
    ws.cell(row=last + 5, column=n + 5, value=model["hourly_rate"])
    ws.cell(
        row=last + 6,
        column=n + 5,
        value=f"=ROUND({chr(ord('A') + n + 4)}{last + 4}*{chr(ord('A') + n + 4)}{last + 5},2)",
    )
