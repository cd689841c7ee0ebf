"""The boxes of the Word templates and the signature block's hold on its page (used by
make_templates.py): the guide's items of an unsigned document, with their statuses; the few
« points d'attention » of a signed one; keep-with-next so that signatures never stand alone."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx_parts import cant_split, cell_paragraph, shade_cell

ACCENT = RGBColor(0x1F, 0x4E, 0x79)


def guide_box(doc: Any) -> None:
    """The guide's items for this (unsigned) document, in a bordered box, with their status
    boxes; nothing when the map shows none."""
    doc.tag("{%p if guide.stages %}")
    cell = box(doc, "{{ guide.title }}", "{{ guide.intro }}")
    cell_paragraph(cell, "{%p for stage in guide.stages %}")
    cell_paragraph(cell, "{{ stage.number }}. {{ stage.title }}", bold=True, size=9.5)
    for column in ("methods", "vigilance"):
        cell_paragraph(cell, f"{{%p if stage.{column} %}}")
        cell_paragraph(cell, f"{{{{ guide.labels.{column} }}}}", italic=True)
        cell_paragraph(cell, f"{{%p for item in stage.{column} %}}")
        cell_paragraph(cell, "{{ item.indent }}{{ item.box }} {{ item.text }}{{ item.note }}")
        cell_paragraph(cell, "{%p endfor %}")
        cell_paragraph(cell, "{%p endif %}")
    cell_paragraph(cell, "{%p endfor %}")
    cell_paragraph(cell, "{{ guide.legend }}", italic=True, size=8)
    cell_paragraph(cell, "{{ guide.source }}", italic=True, size=8)
    doc.p("", space_after=2)
    doc.tag("{%p endif %}")


def points_box(doc: Any) -> None:
    """A signed document's « points d'attention »: the few guide items for the person who signs,
    as points to know (no status, no box to tick): why each one matters to them, then the guide's words."""
    doc.tag("{%p if guide.points %}")
    cell = box(doc, "{{ guide.points_title }}", "{{ guide.points_intro }}")
    cell_paragraph(cell, "{%p for point in guide.points %}")
    cell_paragraph(cell, "• {{ point.reason }}", size=9)
    cell_paragraph(
        cell,
        "   guide : « {{ point.text }} »" if doc.lang == "fr" else "   guide: « {{ point.text }} »",
        italic=True,
        size=8,
    )
    cell_paragraph(cell, "{%p endfor %}")
    cell_paragraph(cell, "{{ guide.source }}", italic=True, size=8)
    doc.p("", space_after=2)
    doc.tag("{%p endif %}")


def box(doc: Any, title: str, intro: str) -> _Cell:
    """A one-cell shaded table: its title in bold, an intro in small italics."""
    table = doc.document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cant_split(table.rows[0])  # a short box: on one page, never cut
    cell = table.rows[0].cells[0]
    shade_cell(cell, "F5F8FC")
    run = cell.paragraphs[0].add_run(title)
    run.bold = True
    run.font.color.rgb = ACCENT
    cell_paragraph(cell, intro, italic=True, size=8.5)
    return cell


def keep_last_paragraphs_with_next(document: DocumentObject, count: int) -> None:
    """Keep the last `count` real paragraphs of the body with what follows (`{%p %}` tag
    paragraphs are skipped: docxtpl removes them); stop at a table."""
    for element in reversed(document.element.body):
        if count == 0 or element.tag == qn("w:tbl"):
            return
        if element.tag != qn("w:p"):
            continue
        paragraph = Paragraph(element, document)
        if paragraph.text.startswith("{%"):
            continue
        paragraph.paragraph_format.keep_with_next = True
        count -= 1
