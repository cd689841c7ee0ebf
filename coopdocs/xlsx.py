"""Small openpyxl helpers shared by every workbook coopdocs writes."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from coopdocs.render.reproducible import normalize_zip


def text_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text is always stored as text, so `=HYPERLINK(…)` never becomes a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def workbook_bytes(book: Any, when: dt.date, title: str = "") -> bytes:
    """The workbook's bytes, the same for the same content: openpyxl's save() stamps the clock
    into the core properties, so we pin them and write through ExcelWriter ourselves."""
    from openpyxl.writer.excel import ExcelWriter

    stamp = dt.datetime.combine(when, dt.time(0, 0))
    props = book.properties
    props.creator = props.lastModifiedBy = "coopdocs"
    props.created = props.modified = stamp
    if title:
        props.title = title
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return normalize_zip(out.getvalue())
