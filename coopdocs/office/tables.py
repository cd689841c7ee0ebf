"""Column widths that fit a Word table's words: no column narrower than its longest word (a header
« Partenaire » is never broken into « Partena » / « ire »), the rest of the line shared by what
each column would need on one line. Measured in DejaVu Sans, which LibreOffice puts in place of
Liberation Sans where that is missing and which is wider than Arial: what fits there fits in Word."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MARGIN_PT = 5.4  # Table Grid's cell margins, each side (108 twips)
LEAST_MARGIN_PT = 1.5  # a crowded table's, before its words are split
SLACK_PT = 2.4  # the borders, a rounding
DEFAULT_SIZE_PT = 10.0
# A line may break at a space, and after a hyphen, a slash or « ! » before a letter; never at a
# no-break space (« 12 000,00 € », « 67,86 % », « « Terroir »).
BREAK = re.compile(r"[ \t\n]+|(?<=[-/!])(?=[^\W\d_])")


@lru_cache(maxsize=2)
def _font(bold: bool) -> tuple[Any, frozenset[int]]:
    """DejaVu Sans (matplotlib's copy) at 100 pt, and the characters it has glyphs for: a font
    object of our own, not matplotlib's shared one, whose size a chart drawn meanwhile sets."""
    from pathlib import Path

    import matplotlib
    from matplotlib.ft2font import FT2Font

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font = FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name))
    font.set_size(100, 72)
    return font, frozenset(font.get_charmap())


@lru_cache(maxsize=4096)
def _advance(char: str, bold: bool) -> float:
    """The advance of `char` in em; a character the font lacks (a CJK ideogram, a private-use
    code point, a control character) is taken as a replacement font would draw it."""
    import unicodedata

    font, known = _font(bold)
    if ord(char) not in known:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Me"):
            return 0.0
        return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
    try:
        advance: float = font.load_char(ord(char)).linearHoriAdvance / 65536 / 100
    except RuntimeError:  # a glyph FreeType cannot load
        return 0.6
    return advance


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of `text` on one line, in points."""
    return sum(_advance(char, bold) for char in text) * size_pt


def words(text: str) -> list[str]:
    """The pieces of `text` a line cannot break inside."""
    return [piece for piece in BREAK.split(text) if piece]


def _cell_runs(cell: Any) -> list[tuple[str, float, bool]]:
    """Each paragraph of a cell as (text, size in points, bold), from its runs."""
    found = []
    for paragraph in cell.paragraphs:
        runs = paragraph.runs
        if not paragraph.text:
            continue
        sizes = [r.font.size.pt for r in runs if r.font.size is not None]
        found.append((paragraph.text, max(sizes, default=DEFAULT_SIZE_PT), any(r.bold for r in runs)))
    return found


def needs(table: Any) -> tuple[list[float], list[float]]:
    """Per column, in points: the longest word's width (the least it can have) and the longest
    paragraph's width on one line (what it would like), the cells' margins left out."""
    columns = len(table.columns)
    least, wanted = [0.0] * columns, [0.0] * columns
    for row in table.rows:
        for col, cell in enumerate(row.cells[:columns]):
            for text, size, bold in _cell_runs(cell):
                longest = max((text_width(word, size, bold) for word in words(text)), default=0.0)
                least[col] = max(least[col], longest)
                wanted[col] = max(wanted[col], text_width(text, size, bold))
    return least, wanted


def fit_widths(least: list[float], wanted: list[float], total: float) -> list[float]:
    """Widths summing to `total`: each column its `wanted` width when all fit, the page's rest
    shared in proportion; else each its `least`, the rest shared by what each still wants; when
    even the longest words do not fit side by side, those shrunk in proportion."""
    if sum(wanted) <= total:
        return [w * total / sum(wanted) for w in wanted]
    if sum(least) >= total:
        return [w * total / sum(least) for w in least]
    rest = total - sum(least)
    more = [w - m for m, w in zip(least, wanted)]
    return [m + rest * x / sum(more) for m, x in zip(least, more)]


def set_widths(table: Any, widths_pt: list[float]) -> None:
    """The table's grid (what LibreOffice lays out) and every cell (what Word reads) at these
    widths, the layout fixed so that neither widens a column for its content."""
    from docx.shared import Twips

    table.autofit = False
    twips = [Twips(round(w * 20)) for w in widths_pt]
    for column, width in zip(table.columns, twips):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, twips):
            cell.width = width


def set_margins(table: Any, margin_pt: float) -> None:
    """The cells' left and right margins of the whole table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(margin_pt * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tbl_pr.find(qn("w:tblLook"))  # tblCellMar comes before tblLook in the schema
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def fit_table(table: Any, total_pt: float) -> None:
    """The table's columns as wide as their words need, the table `total_pt` wide; a table whose
    longest words do not fit side by side gets narrower cell margins first."""
    least, wanted = needs(table)
    columns = len(least)
    margin = MARGIN_PT
    if sum(least) + columns * (2 * margin + SLACK_PT) > total_pt:
        margin = max(LEAST_MARGIN_PT, (total_pt - sum(least) - columns * SLACK_PT) / columns / 2)
        set_margins(table, margin)
    padding = 2 * margin + SLACK_PT
    fitted = fit_widths([x + padding for x in least], [x + padding for x in wanted], total_pt)
    set_widths(table, fitted)


def fit_tables(document: Any) -> None:
    """Every table of the document's body fitted to its words, as wide as the text block."""
    section = document.sections[0]
    total = (section.page_width - section.left_margin - section.right_margin) / 12700  # EMU → points
    for table in document.tables:
        fit_table(table, total)
