"""Every page's header: the EU emblem with its statement, and the project's logos."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

EMBLEM_HEIGHT_MM = 9
LOGO_HEIGHT_MM = 12


def emblem_png() -> bytes:
    """The European emblem drawn by scripts/make_emblem.py (the Commission's geometry)."""
    return (resources.files("coopdocs") / "data" / "eu-emblem.png").read_bytes()


def logo_digests(paths: list[str]) -> list[str]:
    """What a document's inputs hash sees of its logos: a changed image rebuilds it."""
    return [hashlib.sha256(Path(path).read_bytes()).hexdigest() for path in paths]


def add_letterhead(document: Any, letterhead: dict[str, Any] | None) -> None:
    """Emblem and statement on the left, logos on the right, above every page's text; a
    template that already has a header keeps it."""
    if not letterhead or not (letterhead.get("emblem") or letterhead.get("logos")):
        return
    import io

    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    for index, section in enumerate(document.sections):
        header = section.header
        if header.is_linked_to_previous:
            if index:
                continue  # shows the first section's
            header.is_linked_to_previous = False  # gives the first section a header of its own
        elif any(p.text.strip() for p in header.paragraphs):
            continue
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        width = section.page_width - section.left_margin - section.right_margin
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        if letterhead.get("emblem"):
            paragraph.add_run().add_picture(io.BytesIO(emblem_png()), height=Mm(EMBLEM_HEIGHT_MM))
            statement = paragraph.add_run("  " + letterhead["statement"])
            statement.font.size = Pt(8)
            statement.bold = True
        if letterhead.get("logos"):
            paragraph.add_run("\t")
            for index, path in enumerate(letterhead["logos"]):
                if index:
                    paragraph.add_run("  ")
                paragraph.add_run().add_picture(path, height=Mm(LOGO_HEIGHT_MM))


def add_footer(document: Any, text: str, lang: str) -> None:
    """« ETARD — opération n° … — page 2 sur 7 » centred at the foot of every page (Word fields)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page, of = ("page", "sur") if lang == "fr" else ("page", "of")
    for index, piece in enumerate([f"{text} — {page} ", "PAGE", f" {of} ", "NUMPAGES"]):
        if index % 2:
            add_page_field(paragraph, piece)
        else:
            paragraph.add_run(piece).font.size = Pt(8)


def add_page_field(paragraph: Any, instruction: str, size: float = 8) -> None:
    """A Word field (PAGE, NUMPAGES) in its own run, showing 1 until the reader updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run()
    run.font.size = Pt(size)
    for kind, content in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {content} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = content
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
