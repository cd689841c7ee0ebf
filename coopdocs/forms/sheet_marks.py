"""What a sheet's life writes into the workbook itself, for the people who print or open it: the
date and name beside the signature blocks, and its input cells locked once approved (for Excel).

These marks are only a courtesy to the reader of the file: coopdocs never reads a sheet's state
back from them (the state is the manifest's history, see `coopdocs.forms.sheet_life`).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from coopdocs.forms.timesheet_form import ABSENCE, COMMENT, OTHER
from coopdocs.forms.timesheet_reader import TimeSheet, read_timesheet
from coopdocs.office.atomic import atomic_write

AGENT_BLOCK, SUPERVISOR_BLOCK = 0, 1


def open_book(path: Path) -> Any:
    """The workbook, for writing; call it after `read_timesheet(path)`, which checks its zip
    (declared sizes: no zip bomb) and refuses what is not a time sheet."""
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(path.read_bytes()))


def write_book(book: Any, path: Path) -> None:
    out = io.BytesIO()
    book.save(out)
    atomic_write(path, out.getvalue())


def mark_signed(path: Path, which: int, who: str, when: dt.date, lock: bool = False) -> None:
    """The name and date beside the `which`-th signature block; `lock`: every input cell locked."""
    sheet = read_timesheet(path)
    book = open_book(path)
    cells = book[sheet.sheet]
    signature_block(cells, which, when, who)
    if lock:
        set_inputs(cells, sheet, None)
    write_book(book, path)


def clear_signatures(path: Path, period: tuple[dt.date, dt.date]) -> None:
    """Both signature blocks emptied and the input cells inside `period` unlocked again (a return)."""
    sheet = read_timesheet(path)
    book = open_book(path)
    cells = book[sheet.sheet]
    for which in (AGENT_BLOCK, SUPERVISOR_BLOCK):
        signature_block(cells, which, None, "")
    set_inputs(cells, sheet, period)
    props = book.custom_doc_props
    for prop in [p for p in props.props if str(p.name).startswith("coopdocs-")]:
        props.props.remove(prop)  # marks of an earlier coopdocs: never read, but misleading
    write_book(book, path)


def signature_block(cells: Any, which: int, when: dt.date | None, who: str) -> None:
    """The date and the name beside the `which`-th « Date : » and « Signature : » labels."""
    for label, value in (("Date :", f"{when:%d/%m/%Y}" if when else None), ("Signature :", who or None)):
        found = [c for row in cells.iter_rows() for c in row if c.value == label]
        if len(found) > which:
            target = cells.cell(row=found[which].row, column=found[which].column + 1)
            target.value = value
            if isinstance(value, str):
                target.data_type = "s"


def set_inputs(cells: Any, sheet: TimeSheet, unlocked: tuple[dt.date, dt.date] | None) -> None:
    """Every day's cells locked; with `unlocked` (the agent's period), its days' input cells
    (work packages, other activities, absence, comment) open again, as the form wrote them."""
    from openpyxl.styles import Protection

    locked, free = Protection(locked=True), Protection(locked=False)
    inputs = {*sheet.work_packages.values(), OTHER, ABSENCE, COMMENT}
    for day in sheet.days:
        editable = unlocked is not None and unlocked[0] <= day.date <= unlocked[1]
        for header, letter in sheet.columns.items():
            cells[f"{letter}{day.row}"].protection = free if editable and header in inputs else locked
