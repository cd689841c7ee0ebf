"""French typography on a whole Word document: its body, tables, headers and footers."""

from __future__ import annotations

from typing import Any

from coopdocs.french import NBSP, typeset

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def typeset_document(document: Any) -> None:
    """Every paragraph's text runs through `typeset`, run by run; a sign that opens a run gets its
    space from the end of the run before it ("Objet" | " : ")."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    parts = [document.element.body]
    # Headers and footers through the relationships: docxtpl replaces the parts it renders, and
    # python-docx's sections would still show the templates' parts.
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            parts.append(rel.target_part.element)
    for part in parts:
        for paragraph in part.iter(W + "p"):
            _typeset_paragraph(paragraph)


def _typeset_paragraph(paragraph: Any) -> None:
    texts = [t for t in paragraph.iter(W + "t") if t.text]
    previous = None
    for node in texts:
        text = typeset(node.text)
        if previous is not None and text[:1] in ":;!?%»" and previous.text.endswith((" ", NBSP)):
            previous.text = previous.text.rstrip(" " + NBSP) + NBSP
        elif previous is not None and previous.text.endswith("«") and text[:1] not in (" ", NBSP):
            previous.text += NBSP
        node.text = text
        previous = node
