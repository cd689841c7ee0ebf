"""Write the built-in Word templates (coopdocs/documents/builtin/<kind>.<lang>.docx) from their text sources.

Le texte de chaque modèle, dans chaque langue, est dans templates/<kind>.<lang>.yaml : ce script ne contient
aucune formulation, il ne fait que mettre en page. Modifier la source, lancer `make generate` (ou
`python scripts/make_templates.py [DOSSIER]`), committer la source et le .docx ensemble ;
tests/test_build_safety.py vérifie que les modèles committés sont ceux que fait ce script.

Le vocabulaire des sources (blocs texte, titre, liste, tableau, signatures…) est décrit, avec
des exemples, dans templates/LISEZMOI.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import template_boxes as boxes  # noqa: E402
from docx_parts import (  # noqa: E402
    add_row,
    cell_paragraph,
    keep_together,
    repeat_header,
)
from slim_docx import slim  # noqa: E402

from coopdocs.office.letterhead import add_page_field  # noqa: E402
from coopdocs.office.reproducible import normalize_zip  # noqa: E402

TARGET = ROOT / "coopdocs" / "documents" / "builtin"
SOURCES = ROOT / "templates"
KINDS = (
    "lettre-intention",
    "fiche-engagement",
    "lettre-soutien",
    "lettre-mission",
    "avenant",
    "convention-partenariat",
    "fiche-projet",
    "convocation",
    "compte-rendu",
    "courrier-envoi",
    "plan-evaluation",
    "fiche-experience",
)
LANGS = ("fr", "en")
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
ALIGNMENTS = {
    "texte": None,
    "justifie": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "centre": WD_ALIGN_PARAGRAPH.CENTER,
    "droite": WD_ALIGN_PARAGRAPH.RIGHT,
}
INLINE = re.compile(r"(\*\*.+?\*\*|\*.+?\*)")
FIELD = re.compile(r"\[(PAGE|NUMPAGES)\]")
DOTTED_LINE = "." * 110

Block = Any  # a string or a mapping read from a source file


class SourceError(ValueError):
    """A block of a source file that this script does not know."""


def runs(text: str) -> list[tuple[str, bool, bool]]:
    """`**gras**` and `*italique*` split into (text, bold, italic) runs; an empty text is one empty run."""
    pieces = [piece for piece in INLINE.split(text) if piece] or [""]
    out = []
    for piece in pieces:
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            out.append((piece[2:-2], True, False))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            out.append((piece[1:-1], False, True))
        else:
            out.append((piece, False, False))
    return out


class Doc:
    """A template under construction, in one language."""

    def __init__(self, lang: str, title: str, footer: str) -> None:
        self.lang = lang
        self.document: DocumentObject = Document()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        normal = self.document.styles["Normal"]
        normal.font.name = "Liberation Sans"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        for name, size in (("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
            style = self.document.styles[name]
            style.font.name = "Liberation Sans"
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            style.paragraph_format.keep_with_next = True  # a heading never ends a page
        self.document.core_properties.title = title
        self._footer(footer)

    # ---- blocks ---------------------------------------------------------------------------
    def p(
        self,
        text: str,
        align: str = "texte",
        size: float | None = None,
        style: str | None = None,
        space_after: float | None = None,
    ) -> Paragraph:
        """A paragraph; `align` is a key of ALIGNMENTS."""
        paragraph = self.document.add_paragraph(style=style)
        for chunk, bold, italic in runs(text):
            run = paragraph.add_run(chunk)
            run.bold = bold
            run.italic = italic
            if size:
                run.font.size = Pt(size)
        alignment = ALIGNMENTS[align]
        if alignment is not None:
            paragraph.alignment = alignment
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        return paragraph

    def tag(self, text: str) -> Paragraph:
        """A paragraph holding only a `{%p … %}` tag (docxtpl removes it)."""
        return self.document.add_paragraph(text)

    def table(self, spec: dict[str, Any]) -> Table:
        """A table with a header row, one row per item of the loop, and an optional total row.

        With `sous-boucle`, each outer item gets one row per inner item, then its `sous-total` row.
        """
        headers: list[str] = spec["colonnes"]
        boxes.keep_last_paragraphs_with_next(self.document, 1)  # the sentence that announces it
        table = self.document.add_table(rows=0, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        blank = [""] * (len(headers) - 1)
        add_row(table, headers, bold=True, shade="D9E2F3")
        repeat_header(table.rows[0])
        add_row(table, [f"{{%tr for {spec['pour-chaque']} %}}", *blank])
        if "sous-boucle" in spec:
            add_row(table, [f"{{%tr for {spec['sous-boucle']} %}}", *blank])
            add_row(table, spec["ligne"])
            add_row(table, ["{%tr endfor %}", *blank])
            add_row(table, spec.get("sous-total", []), bold=True, shade="F2F2F2")
        else:
            add_row(table, spec["ligne"])
        add_row(table, ["{%tr endfor %}", *blank])
        if spec.get("total"):
            add_row(table, spec["total"], bold=True, shade="D9E2F3")
        for row in table.rows if spec.get("largeurs") else []:
            for cell, width in zip(row.cells, spec["largeurs"]):
                cell.width = Mm(width)
        keep_together(table)
        self.p("", space_after=2)
        return table

    def signing_parties(self, spec: dict[str, Any]) -> Table:
        """One row per signing party (a loop): capacity and lines on the left, room for the
        signature and the stamp on the right; a row never splits across pages."""
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        add_row(table, [f"{{%tr for {spec['pour-chaque']} %}}", ""])
        row = table.add_row()
        left, right = row.cells
        left.text = ""
        for chunk, _bold, italic in runs(spec["qualite"]):
            run = left.paragraphs[0].add_run(chunk)
            run.bold, run.italic = True, italic
        for line in spec["lignes"]:
            cell_paragraph(left, line, size=9.5)
        right.text = ""
        right.paragraphs[0].add_run(spec["mention"]).italic = True
        row.height = Mm(spec.get("hauteur", 42))
        add_row(table, ["{%tr endfor %}", ""])
        for each in table.rows:
            each.cells[0].width, each.cells[1].width = Mm(96), Mm(70)
        keep_together(table)
        self.p("", space_after=2)
        return table

    def guide_box(self) -> None:
        """An unsigned document's guide items, with their statuses (template_boxes.py)."""
        boxes.guide_box(self)

    def points_box(self) -> None:
        """A signed document's few « points d'attention » (template_boxes.py)."""
        boxes.points_box(self)

    def signatures(self, spec: dict[str, Any]) -> None:
        """Side-by-side signature blocks: each signatory's capacity in bold, its lines, the mention.
        The block stays on the page of the text above it: the last paragraphs before it (the
        « Fait à … le … » line and the closing text) keep with it, and its row never splits."""
        boxes.keep_last_paragraphs_with_next(self.document, 2)
        signatories = spec["signataires"]
        table = self.document.add_table(rows=1, cols=len(signatories))
        boxes.cant_split(table.rows[0])
        for cell, signatory in zip(table.rows[0].cells, signatories):
            cell.text = ""
            cell.paragraphs[0].add_run(signatory["qualite"]).bold = True
            for line in signatory["lignes"]:
                cell.add_paragraph(line)
            cell.add_paragraph(spec["mention"])
            cell.add_paragraph("")
            cell.add_paragraph("")

    def _footer(self, text: str) -> None:
        """The footer's text, with [PAGE] and [NUMPAGES] as Word fields."""
        paragraph = self.document.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, piece in enumerate(FIELD.split(text)):
            if index % 2:
                add_page_field(paragraph, piece)
            elif piece:
                paragraph.add_run(piece).font.size = Pt(8)

    def save(self, path: Path) -> bytes:
        props = self.document.core_properties
        stamp = dt.datetime(2026, 1, 1)
        props.author = props.last_modified_by = "coopdocs"
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        props.language = self.lang
        out = io.BytesIO()
        self.document.save(out)
        data = normalize_zip(slim(out.getvalue()))
        path.write_bytes(data)
        return data


# ---- the blocks of a source file ---------------------------------------------------------


def _paragraph_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    doc.p(block[key], align=key, size=block.get("taille"), space_after=block.get("espace-apres"))


def _heading_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    doc.document.add_heading(block[key], level=block.get("niveau", 2))


def _loop_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    doc.tag(f"{{%p for {block[key]} %}}")
    doc.p(block["puce"], style="List Bullet")
    doc.tag("{%p endfor %}")


def _list_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    for text in block[key]:
        doc.p(text, style="List Bullet", align="justifie")


def _dotted_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    for _ in range(block[key]):
        doc.p(DOTTED_LINE, size=8)


def _table_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    doc.table(block[key])


def _signing_parties_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    doc.signing_parties(block[key])


def _signatures_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    doc.signatures(block[key])


def _image_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    """`image: map`: the picture the context gives under that name (a map), centred."""
    doc.p(f"{{{{ {block[key]} }}}}", align="centre")


def _box_block(doc: Doc, block: dict[str, Any], key: str) -> None:
    """`encadre: guide` (unsigned documents: the checklist look) or `encadre: attention`
    (signed documents: a few points to know)."""
    if block[key] == "guide":
        doc.guide_box()
    elif block[key] == "attention":
        doc.points_box()
    else:
        raise SourceError(f"encadre: {block[key]!r} inconnu (« guide » ou « attention »)")


BLOCKS: dict[str, Callable[[Doc, dict[str, Any], str], None]] = {
    **dict.fromkeys(ALIGNMENTS, _paragraph_block),
    "titre": _heading_block,
    "pour-chaque": _loop_block,
    "liste": _list_block,
    "tableau": _table_block,
    "signatures": _signatures_block,
    "signataires": _signing_parties_block,
    "lignes-a-remplir": _dotted_block,
    "encadre": _box_block,
    "image": _image_block,
}


def add_block(doc: Doc, block: Block) -> None:
    """One block of a source's `contenu`: a bare `{%p … %}` tag, a bare paragraph, or a mapping."""
    if isinstance(block, str):
        if block.startswith("{%p"):
            doc.tag(block)
        else:
            doc.p(block)
        return
    key = next((k for k in block if k in BLOCKS), None)
    if key is None:
        raise SourceError(f"bloc inconnu : {dict(block)!r} (voir templates/LISEZMOI.md)")
    BLOCKS[key](doc, block, key)


def make(source: Path, lang: str) -> Doc:
    """The template described by one source file."""
    text = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    doc = Doc(lang, text["titre-document"], text["pied-de-page"])
    for index, block in enumerate(text["contenu"]):
        try:
            add_block(doc, block)
        except (SourceError, KeyError, TypeError) as error:
            raise SourceError(f"{source.name}, bloc {index + 1} : {error}") from error
    return doc


def build(target: Path = TARGET, sources: Path = SOURCES) -> dict[str, bytes]:
    """Write every template into `target`; returns the bytes written, by file name."""
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind in KINDS:
        for lang in LANGS:
            name = f"{kind}.{lang}.docx"
            written[name] = make(sources / f"{kind}.{lang}.yaml", lang).save(target / name)
    return written


if __name__ == "__main__":
    destination = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    for written_name in build(destination):
        print(destination / written_name)
