"""The Word bilan's tables: no column narrower than its longest word. A trial read « Partena » /
« ire » in the agents' table, eleven equal columns of 16 mm; the widths are checked here against a
plain estimate (characters × a literal size), not against the code's own measure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import EXAMPLE, ROOT, run

PT = 12700  # EMU in a point
HEADER_EM = 0.48  # a bold character at least, in em (DejaVu Sans Bold: « feuille » 0.5)
BODY_EM = 0.45  # a regular one (DejaVu Sans: 0.5 to 0.65; « réalisation » 0.48)
SIZE = 8.5  # the bilan's tables are set in 8.5 pt
MARGIN = 5.4  # Table Grid's cell margin each side, unless the table sets its own
TEXT_BLOCK = Mm(210 - 2 * 18)  # the page less its margins
LONG_NAMES = {
    '"GAL du Pays des Étangs & de la Seille"': '"Groupe d\'action locale du Pays des Étangs et de la Seille"',
    '"GAL Ardenne du Sud asbl"': '"Communauté de communes Ardenne-Sud-Bastogne"',
}


def least(text: str, em: float, margins: float) -> float:
    """The points the longest word of `text` needs: its characters × `em` × 8.5 pt, and margins."""
    longest = max((len(w) for w in re.split(r"[ -]", text)), default=0)
    return longest * em * SIZE + margins


def margins(table) -> float:
    """The cells' left and right margins of a table, in points."""
    found = table._tbl.tblPr.find(qn("w:tblCellMar"))
    if found is None:
        return 2 * MARGIN
    return sum(int(found.find(qn(f"w:{side}")).get(qn("w:w"))) / 20 for side in ("left", "right"))


@pytest.fixture(scope="module")
def bilans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2028-S1 bilan and the final report of the example, and of the example whose partners
    have long names; the sheets filled as the demo fills them."""
    tmp = tmp_path_factory.mktemp("tables")
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in LONG_NAMES.items():
        assert old in text
        text = text.replace(old, new)
    (tmp / "long.yaml").write_text(text, encoding="utf-8")
    made = {}
    for name, project in (("example", EXAMPLE), ("long", tmp / "long.yaml")):
        out = tmp / name
        built = run("build", str(project), "-o", str(out), "--only", "feuilles-de-temps", "--only", "depenses")
        assert built.exit_code == 0, built.output
        fill = [sys.executable, str(ROOT / "scripts/fill_example.py"), str(out), "--until", "2028-06"]
        assert subprocess.run(fill, capture_output=True, check=False).returncode == 0
        for period in ("2028-S1", "final"):
            result = run("bilan", str(project), "--period", period, "-o", str(out), "--date", "2029-12-31")
            assert result.exit_code == 0, result.output
            made[f"{name}-{period}"] = out / "bilans" / f"bilan_{period}.docx"
    return made


def columns(table) -> list[tuple[list[int], list[str], list[str]]]:
    """Per column: the widths (points) of its grid column and of each of its cells, its header's
    text and its other cells' texts."""
    found = []
    for col, grid in enumerate(table.columns):
        cells = [row.cells[col] for row in table.rows]
        widths = [grid.width // PT, *[(cell.width or 0) // PT for cell in cells]]
        found.append((widths, [cells[0].text], [cell.text for cell in cells[1:]]))
    return found


@pytest.mark.parametrize("which", ["example-2028-S1", "example-final", "long-2028-S1", "long-final"])
def test_no_column_is_narrower_than_its_longest_word(bilans: dict[str, Path], which: str) -> None:
    document = Document(str(bilans[which]))
    assert len(document.tables) >= 8
    for number, table in enumerate(document.tables):
        widths = [w for column in columns(table) for w in column[0][:1]]
        assert sum(widths) <= TEXT_BLOCK // PT + 1, f"table {number} wider than the page: {widths}"
        pad = margins(table)
        assert pad >= 3, f"table {number}: cell margins of {pad} pt"
        for widths, header, body in columns(table):
            need = max([least(t, HEADER_EM, pad) for t in header] + [least(t, BODY_EM, pad) for t in body])
            assert min(widths) >= need, f"table {number}, column « {header[0]} »: {widths} pt < {need:.0f} pt"


def test_the_agents_partner_column_holds_partenaire(bilans: dict[str, Path]) -> None:
    """The case seen: « Partenaire » over « Partena » / « ire » in the agents' hours table."""
    for which in ("example-2028-S1", "long-2028-S1"):
        table = next(t for t in Document(str(bilans[which])).tables if t.rows[0].cells[0].text == "Agent")
        assert [c.text for c in table.rows[0].cells][:3] == ["Agent", "Partenaire", "Mode"]
        widths, _, _ = columns(table)[1]
        assert min(widths) >= len("Partenaire") * HEADER_EM * SIZE + margins(table)  # 40.8 pt and the margins


def test_a_character_the_font_lacks_is_measured_without_an_error(recwarn):
    """A cell may hold anything a person typed: a full-width digit, an unassigned code point, a
    control character (found by test_properties_hostile: FreeType raised « No glyphs have been
    loaded »)."""
    from coopdocs.office.tables import text_width

    assert text_width("\uff13", 10) == 10.0  # full width: one em
    assert text_width("\ue000", 10) == 6.0  # private use: a replacement glyph's 0.6 em
    assert text_width("\x00\u200b", 10) == 0.0  # control and format characters take no room
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


def test_a_chart_drawn_before_does_not_change_what_a_word_measures() -> None:
    """The bilan draws its charts with matplotlib before it fits its tables: matplotlib's shared
    font object, sized by a chart, once made a column narrower than its words (seen when the
    bilan tests ran before this file)."""
    from pathlib import Path

    import matplotlib
    from matplotlib.font_manager import get_font

    from coopdocs.office import tables

    tables._advance.cache_clear()
    before = tables.text_width("saveurs-seille_registre-depenses.xlsx", 8.5)
    shared = get_font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    shared.set_size(7, 300)  # as a chart at 300 dpi sets it
    tables._advance.cache_clear()
    assert tables.text_width("saveurs-seille_registre-depenses.xlsx", 8.5) == before
