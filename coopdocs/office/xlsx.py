"""Small openpyxl helpers shared by every workbook coopdocs writes."""

from __future__ import annotations

import datetime as dt
import io
from copy import copy
from typing import Any
from zipfile import ZIP_DEFLATED

from coopdocs.formats import property_text
from coopdocs.office.reproducible import FixedTimeZipFile


def text_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text is always stored as text, so `=HYPERLINK(…)` never becomes a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def workbook_bytes(book: Any, when: dt.date, title: str = "", lang: str = "fr") -> bytes:
    """The workbook's bytes, the same for the same content: openpyxl's save() stamps the clock
    into the core properties, so we pin them and write through ExcelWriter ourselves. A French
    workbook's texts get French typography (the readers compare texts with `plain`)."""
    from openpyxl.writer.excel import ExcelWriter

    if lang == "fr":
        typeset_cells(book)
    stamp = dt.datetime.combine(when, dt.time(0, 0))
    props = book.properties
    props.creator = props.lastModifiedBy = "coopdocs"
    props.created = props.modified = stamp
    if title:
        props.title = property_text(title)
    out = io.BytesIO()
    with FixedTimeZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return out.getvalue()


def typeset_cells(book: Any) -> None:
    """Non-breaking spaces before « : ; ! ? » in every text cell; a text stays a text."""
    from coopdocs.french import typeset

    for sheet in book.worksheets:
        # the cells written, not the whole used range (iter_rows would create every empty one)
        for cell in list(sheet._cells.values()):
            if cell.data_type == "s" and isinstance(cell.value, str):
                text = typeset(cell.value)
                if text != cell.value:
                    cell.value = text
                    cell.data_type = "s"


HEAD_FILL = "D9E2F3"


def list_validation(values: list[str] | tuple[str, ...], error: str) -> Any:
    """A drop-down of allowed values, refusing anything else (openpyxl does not check on read)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=True, error=error
    )


def range_validation(kind: str, error: str, low: str, high: str | None = None, title: str | None = None) -> Any:
    """A date, decimal or whole number (`kind`) typed between `low` and `high`, or at least `low`
    without `high`, refusing anything else as it is typed; empty allowed, as in a drop-down."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type=kind,
        operator="greaterThanOrEqual" if high is None else "between",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def header_row(sheet: Any, row: int, headers: list[str] | tuple[str, ...]) -> None:
    """The table's header row: the contract's words, bold, shaded, wrapped."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for col, header in enumerate(headers, start=1):
        cell = text_cell(sheet, row, col, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def protect_and_print(sheet: Any, head: int, orientation: str = "portrait") -> None:
    """A form's sheet: protected without password (against slips, not people), A4, one page
    wide, the header row repeated on every printed page."""
    sheet.protection.sheet = True
    print_one_page_wide(sheet, head, orientation)


def print_one_page_wide(sheet: Any, head: int, orientation: str = "landscape") -> None:
    """A4, every column on one page's width, the header row repeated on every printed page: how
    every sheet coopdocs writes prints."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if head:
        sheet.print_title_rows = f"{head}:{head}"


def register_layout(sheet: Any, widths: tuple[int, ...], columns: int, rows: int, head: int = 4) -> None:
    """A register's sheet (not a form): column widths, header row frozen and filtered, A4
    landscape one page wide, the header row repeated on every printed page."""
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = f"A{head + 1}"
    sheet.auto_filter.ref = f"A{head}:{get_column_letter(columns)}{head + max(rows, 1)}"
    print_one_page_wide(sheet, head)
    fit_row_heights(sheet, widths, head + 1)


LINE_HEIGHT = 13  # points a wrapped line of 10-point text takes


def fit_row_heights(sheet: Any, widths: tuple[int, ...], first: int) -> None:
    """Rows tall enough for their wrapped texts: neither LibreOffice nor Excel grows a row that
    openpyxl wrote, so a long text would spill over the rows below it."""
    import math

    for row in sheet.iter_rows(min_row=first):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            if isinstance(cell.value, str) and cell.value:
                lines = max(lines, sum(math.ceil(max(len(part), 1) / width) for part in cell.value.split("\n")))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


class StyleCache:
    """Styling many cells the same way is slow in openpyxl (every assignment hashes style
    objects): style the first cell of a kind, then copy its style array to the others."""

    def __init__(self) -> None:
        self.arrays: dict = {}

    def apply(self, cell: Any, key: Any, style: Any) -> None:
        if key in self.arrays:
            cell._style = copy(self.arrays[key])
        else:
            style(cell)
            self.arrays[key] = copy(cell._style)
