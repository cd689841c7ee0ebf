"""suivi/carnet-de-bord.xlsx: the guide's checklist with the project's statuses, the logbook,
milestones and deliverables — "avoir un carnet de bord et l'alimenter régulièrement"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopdocs.forms.decisions import PATH as REGISTER_PATH
from coopdocs.guide import checklist, load_guide
from coopdocs.project.model import ProjectFile
from coopdocs.words import words

PATH = "suivi/carnet-de-bord.xlsx"


def logbook_workbook(project: ProjectFile, when: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from coopdocs.office.xlsx import print_one_page_wide, text_cell, workbook_bytes
    from coopdocs.project.naming import wp_code

    book = Workbook()
    checklist.fill_sheet(book.active, checklist.view(load_guide(), None, project.checklist, project.project.cte))
    book.active.column_dimensions["D"].hidden = True  # the guide item's id: the project file's key, not the page's
    print_one_page_wide(book.active, 1)
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
                [wp_code(project, wp) + " – " + wp.title, d.title, d.due]
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
        print_one_page_wide(sheet, 1, "landscape" if sum(widths) > 100 else "portrait")
    if project.meetings:
        meetings_sheet(book, project)
    return workbook_bytes(book, when, f"Carnet de bord — {project.project.title}")


def meetings_sheet(book: Any, project: ProjectFile) -> None:
    """The meetings, each with whether its minutes exist, under a link to the register of decisions
    and actions (suivi/decisions-actions.xlsx, next to this workbook)."""
    from openpyxl.styles import Alignment

    from coopdocs.office.xlsx import header_row, text_cell

    w = words("meeting", "fr")
    sheet = book.create_sheet(w["meetings_sheet"])
    link = text_cell(sheet, 1, 1, w["link"])
    link.hyperlink = REGISTER_PATH.rsplit("/", 1)[-1]
    link.style = "Hyperlink"
    header_row(sheet, 3, [w[k] for k in ("date", "body", "place", "minutes", "decisions", "actions")])
    for r, m in enumerate(sorted(project.meetings, key=lambda m: (m.date, m.id)), start=4):
        minutes = w["minutes_yes"] if m.has_minutes else w["minutes_no"]
        for col, value in enumerate([m.date, m.body, m.place or "", minutes, len(m.decisions), len(m.actions)], 1):
            cell = text_cell(sheet, r, col, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEF", (12, 30, 36, 14, 12, 12)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:F{3 + len(project.meetings)}"
    from coopdocs.office.xlsx import print_one_page_wide

    print_one_page_wide(sheet, 3, "portrait")
