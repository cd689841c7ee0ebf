"""python-docx helpers of scripts/make_templates.py: table rows, cell paragraphs, fields, shading,
and the rules that keep a table together with its total."""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph


def add_row(table: Table, cells: list[str], bold: bool = False, shade: str | None = None) -> _Row:
    row = table.add_row()
    for cell, text in zip(row.cells, cells):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = bold
        run.font.size = Pt(9)
        if shade:
            shade_cell(cell, shade)
    return row


def cell_paragraph(cell: _Cell, text: str, bold: bool = False, italic: bool = False, size: float = 9) -> Paragraph:
    paragraph = cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    paragraph.paragraph_format.space_after = Pt(1)
    return paragraph


def shade_cell(cell: _Cell, color: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    properties.append(shading)


MONEY_LIKE = re.compile(r"\|\s*(money|percent|number)\b")


def cant_split(row: _Row) -> None:
    """A table row that never breaks across pages (first in trPr: its children have a fixed order)."""
    row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def keep_together(table: Table) -> None:
    """Rows never split across pages and each row stays with the next, so that a short table is
    never cut from its total; amounts, rates and hours are aligned right."""
    for index, row in enumerate(table.rows):
        cant_split(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                if index < len(table.rows) - 1:
                    paragraph.paragraph_format.keep_with_next = True
                if MONEY_LIKE.search(paragraph.text):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def repeat_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
