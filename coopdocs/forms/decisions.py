"""suivi/decisions-actions.xlsx: every decision and every action of every meeting, one row each,
filterable; an action past its due date on the build date and not done is highlighted. The next
meeting reviews it (the guide, stage 13: « organiser les réunions de pilotage »; vigilance:
« garantir la traçabilité en vue des contrôles »)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopdocs.formats import long_date
from coopdocs.project.model import ProjectFile
from coopdocs.words import words

PATH = "suivi/decisions-actions.xlsx"
LATE_FILL = "F8CBAD"  # the overdue actions' fill (light red)
DONE_FILL = "E2EFDA"  # the done actions' fill (light green)
WIDTHS = (16, 24, 12, 11, 70, 24, 12, 12)


def register_rows(project: ProjectFile, when: dt.date, lang: str) -> list[tuple[list[Any], str | None]]:
    """(cells, fill) of each row: meeting, body, date, type, text, who, due, state; meetings in date order."""
    w = words("meeting", lang)
    names = {p.id: p.short_name or p.name for p in project.partners}
    rows: list[tuple[list[Any], str | None]] = []
    for meeting in sorted(project.meetings, key=lambda m: (m.date, m.id)):
        head = [meeting.id, meeting.body, meeting.date]
        rows += [([*head, w["decision"], text, "", None, ""], None) for text in meeting.decisions]
        for action in meeting.actions:
            late = not action.done and action.due < when
            state = w["done"] if action.done else w["late"] if late else w["open"]
            fill = LATE_FILL if late else DONE_FILL if action.done else None
            rows.append(([*head, w["action"], action.what, names[action.who], action.due, state], fill))
    return rows


def register_workbook(project: ProjectFile, when: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from coopdocs.office.xlsx import header_row, register_layout, text_cell, workbook_bytes

    lang = project.project.language
    w = words("meeting", lang)
    book = Workbook()
    sheet = book.active
    sheet.title = w["register_sheet"]
    text_cell(sheet, 1, 1, w["register_title"].format(title=project.project.title)).font = Font(bold=True, size=12)
    text_cell(sheet, 2, 1, w["register_note"].format(date=long_date(when, lang))).font = Font(italic=True)
    headers = [w[k] for k in ("meeting", "body", "date", "kind", "text", "who", "due", "state")]
    header_row(sheet, 4, headers)
    rows = register_rows(project, when, lang)
    for r, (cells, fill) in enumerate(rows, start=5):
        for col, value in enumerate(cells, start=1):
            cell = text_cell(sheet, r, col, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
    register_layout(sheet, WIDTHS, len(headers), len(rows))
    sheet.column_dimensions["A"].hidden = True  # the meeting's id: its body and date say which it is
    return workbook_bytes(book, when, w["register_title"].format(title=project.project.title))
