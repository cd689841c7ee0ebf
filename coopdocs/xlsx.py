"""Small openpyxl helpers shared by every workbook coopdocs writes."""

from __future__ import annotations

from typing import Any


def text_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text is always stored as text, so `=HYPERLINK(…)` never becomes a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
