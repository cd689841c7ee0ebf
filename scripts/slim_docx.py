"""A lighter Word package: python-docx's default one, without what no template uses."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def slim(data: bytes) -> bytes:
    """python-docx's default package carries 800 KB of styles (every latent and unused style,
    a Word 2010 copy of them), a thumbnail and custom XML. Every document rendered from a
    template parses, serialises and compresses all of it: keep only the styles in use."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    kept = {name: blob for name, blob in parts.items() if not name.startswith(DROPPED)}
    kept["word/styles.xml"] = _styles_in_use(kept)
    for name in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
        kept[name] = _without_dropped_references(kept[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in kept.items():
            target.writestr(name, blob)
    return out.getvalue()


def _styles_in_use(parts: dict[str, bytes]) -> bytes:
    """styles.xml without the latent styles and the styles that no part uses (even indirectly)."""
    used: set[bytes] = set()
    for name, blob in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used |= set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', blob))
    styles = etree.fromstring(parts["word/styles.xml"])
    by_id = {s.get(f"{{{W}}}styleId").encode(): s for s in styles.iter(f"{{{W}}}style")}
    wanted = used | {i for i, s in by_id.items() if s.get(f"{{{W}}}default") == "1"}
    pending = list(wanted)
    while pending:  # styles a kept style is based on, linked to or followed by
        style = by_id.get(pending.pop())
        for tag in ("basedOn", "link", "next"):
            ref = style.find(f"{{{W}}}{tag}") if style is not None else None
            if ref is not None and ref.get(f"{{{W}}}val").encode() not in wanted:
                wanted.add(ref.get(f"{{{W}}}val").encode())
                pending.append(ref.get(f"{{{W}}}val").encode())
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)
    for latent in styles.findall(f"{{{W}}}latentStyles"):
        styles.remove(latent)
    return etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_dropped_references(blob: bytes) -> bytes:
    tree = etree.fromstring(blob)
    for element in list(tree):
        target = element.get("Target", "") or element.get("PartName", "")
        if any(drop.rstrip("/") in target for drop in ("stylesWithEffects.xml", "thumbnail.jpeg", "customXml")):
            tree.remove(element)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
