"""The Office and page-frame helpers a claim's files use, from the floors below."""

from coopdocs.documents import page_frame
from coopdocs.office.letterhead import add_footer, add_letterhead
from coopdocs.office.parallel import default_jobs
from coopdocs.office.typeset import typeset_document
from coopdocs.office.xlsx import header_row, text_cell, workbook_bytes

__all__ = [
    "add_footer",
    "add_letterhead",
    "default_jobs",
    "header_row",
    "page_frame",
    "text_cell",
    "typeset_document",
    "workbook_bytes",
]
