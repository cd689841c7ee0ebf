"""The Office and page-frame helpers a claim's files use, imported in one place: they are private
modules of other packages today (forms._xlsx, documents._letterhead, documents._typeset,
documents._values, output._parallel), moving to coopdocs.office; only this module needs re-pointing."""

from coopdocs.documents._letterhead import add_footer, add_letterhead
from coopdocs.documents._typeset import typeset_document
from coopdocs.documents._values import page_frame
from coopdocs.forms._xlsx import header_row, text_cell, workbook_bytes
from coopdocs.output._parallel import default_jobs

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
