"""suivi/carnet-de-bord.xlsx: the guide's checklist with the project's statuses, the logbook,
milestones and deliverables — "avoir un carnet de bord et l'alimenter régulièrement"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopdocs.guide import checklist, load_guide
from coopdocs.project.model import ProjectFile

PATH = "suivi/carnet-de-bord.xlsx"


def logbook_workbook(project: ProjectFile, when: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from coopdocs.forms._xlsx import text_cell, workbook_bytes

    book = Workbook()
    checklist.fill_sheet(book.active, checklist.view(load_guide(), None, project))
    names = {p.id: p.short_name or p.name for p in project.partners}
    stages = {s.id: s.title for s in load_guide().stages}
    sheets: dict[str, tuple[list[str], list[list[Any]], tuple[int, ...]]] = {
        "Carnet de bord": (
            ["Date", "Étape du guide", "Titre", "Texte", "Partenaires"],
            [
                [e.date, stages.get(e.stage or "", ""), e.title, e.text, ", ".join(names[p] for p in e.partners)]
                for e in sorted(project.logbook, key=lambda e: e.date)
            ],
            (12, 36, 36, 70, 36),
        ),
        "Jalons": (
            ["Date", "Jalon", "Atteint"],
            [[m.date, m.title, "oui" if m.done else "non"] for m in sorted(project.milestones, key=lambda m: m.date)],
            (12, 60, 10),
        ),
        "Livrables": (
            ["Lot", "Livrable", "Échéance"],
            [
                [wp.id.upper() + " – " + wp.title, d.title, d.due]
                for wp in project.work_packages
                for d in wp.deliverables
            ],
            (40, 60, 12),
        ),
    }
    for title, (headers, rows, widths) in sheets.items():
        sheet = book.create_sheet(title)
        for col, header in enumerate(headers, start=1):
            text_cell(sheet, 1, col, header).font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = text_cell(sheet, r, col, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for col, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + col)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    return workbook_bytes(book, when, f"Carnet de bord — {project.project.title}")
