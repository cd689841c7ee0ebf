"""Documents as they leave (issue 23, contract v3): nothing of the tool on a page (no id, no
code a person would have to decode), nothing after the last signature block of a signed
document, every sheet set up to print. A sweep over every document and workbook of the example
(built, filled, its bilan), the Interreg fixture and the minimal project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, MINIMAL, ROOT, run
from coopdocs.forms.anomalies import AnomalyKind
from coopdocs.guide import load_guide, walk
from coopdocs.project import load_project

INTERREG = ROOT / "tests/fixtures/interreg-frontiere.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Codes of the tool a page must say in words (a category's, a mode's, a status', an anomaly's).
CODES = {"hourly", "fixed", "a-verifier", "a-faire", "en-cours", "sans-objet", "external_expertise", "office_admin"}
CODES |= {"lump_sum", "unit_cost"} | {k.value for k in AnomalyKind if "-" in k.value}
# Signed documents hold nothing after their last signature block but their annexes.
SIGNED = ("convention-partenariat", "lettre-intention", "lettre-soutien", "fiche-engagement", "lettre-mission")
SIGNED += ("avenant", "compte-rendu")


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """The three projects built (`--date` for the signing date), the example filled to June
    2028, its bilan and its payment claims of the first half written."""
    import subprocess
    import sys

    out = {}
    for name, project in (("example", EXAMPLE), ("interreg", INTERREG), ("minimal", MINIMAL)):
        folder = tmp_path_factory.mktemp(name)
        result = run("build", project, "-o", folder, "--date", "2027-03-31")
        assert result.exit_code == 0, result.output
        out[name] = folder
    fill = [sys.executable, str(ROOT / "scripts/fill_example.py"), str(out["example"]), "--until", "2028-06"]
    subprocess.run(fill, check=True, capture_output=True)
    assert run("bilan", EXAMPLE, "--period", "2028-S1", "-o", out["example"]).exit_code == 0
    claim = ("--period", "2028-S1", "-o", out["example"], "--date", "2028-07-15")
    assert run("claim", EXAMPLE, *claim).exit_code == 0  # the claims' lists, certificates and requests too
    return out


def internal_names(project_file: Path) -> set[str]:
    """Every id of the project file and of the guide: none is to be read on a page."""
    project = load_project(project_file)
    ids = {p.id for p in project.partners} | {a.id for a in project.agents}
    ids |= {wp.id for wp in project.work_packages} | {m.id for m in project.meetings}
    guide = load_guide()
    ids |= {item.id for stage in guide.stages for item in walk((*stage.methods, *stage.vigilance))}
    return ids | CODES


def visible_docx(path: Path) -> list[str]:
    from docx import Document

    document = Document(str(path))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")]
    for section in document.sections:
        for part in (section.header, section.footer):
            texts += [p.text for p in part.paragraphs]
    return texts


def visible_cells(path: Path) -> list[tuple[str, str]]:
    """(where, text) of every cell a person sees: hidden sheets, rows and columns left out."""
    book = load_workbook(path)
    seen = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        hidden_rows = {r for r, d in sheet.row_dimensions.items() if d.hidden}
        hidden_cols = {c for c, d in sheet.column_dimensions.items() if d.hidden}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or cell.row in hidden_rows or cell.column_letter in hidden_cols:
                    continue
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    seen.append((f"{path.name}!{sheet.title}!{cell.coordinate}", cell.value))
    return seen


def leaks(text: str, names: set[str]) -> list[str]:
    """The ids and codes standing as words in `text` (a file name such as `ana_2028-03.xlsx`
    is a file reference, not an id shown)."""
    return [n for n in names if re.search(rf"(?<![\w.@/-]){re.escape(n)}(?![\w@/-]|\.\w)", text)]


@pytest.mark.parametrize("name,project", [("example", EXAMPLE), ("interreg", INTERREG), ("minimal", MINIMAL)])
def test_no_id_nor_code_of_the_tool_on_any_page_or_cell(folders, name, project):
    names = internal_names(project)
    found = []
    for path in sorted(folders[name].rglob("*.docx")):
        found += [(path.name, n, t) for t in visible_docx(path) for n in leaks(t, names)]
    for path in sorted(folders[name].rglob("*.xlsx")):
        found += [(where, n, t) for where, t in visible_cells(path) for n in leaks(t, names)]
    assert found == []


@pytest.mark.parametrize("name", ["example", "interreg", "minimal"])
def test_nothing_after_the_last_signature_block_of_a_signed_document(folders, name):
    checked = 0
    for path in sorted(folders[name].rglob("*.docx")):
        if path.name.split(".")[0].split("_")[0] not in SIGNED:
            continue
        from docx import Document

        body = list(Document(str(path)).element.body.iterchildren())
        texts = ["".join(t.text or "" for t in el.iter(f"{W}t")) for el in body]
        blocks = [i for i, el in enumerate(body) if el.tag == f"{W}tbl" and "Signature" in texts[i]]
        assert blocks, path
        after = [t for t in texts[blocks[-1] + 1 :] if t.strip()]
        annexes = next((i for i, t in enumerate(after) if t.startswith(("Annexe", "Annex"))), len(after))
        assert after[:annexes] == [], path
        checked += 1
    # the example: 5 mission letters and amendments, the agreement in French and English, 3
    # commitment forms, 2 letters of intent, 1 of support, the minutes in French and English
    assert checked == {"example": 15, "interreg": 7, "minimal": 2}[name]


@pytest.mark.parametrize("name", ["example", "interreg", "minimal"])
def test_every_sheet_prints_on_a4_with_its_page_setup(folders, name):
    for path in sorted(folders[name].rglob("*.xlsx")):
        book = load_workbook(path)
        for sheet in book.worksheets:
            where = f"{path.name}!{sheet.title}"
            assert sheet.page_setup.paperSize in (9, "9"), where  # A4
            assert sheet.page_setup.orientation in ("portrait", "landscape"), where
            assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage, (
                where
            )


# ---- workbooks that print ------------------------------------------------------------------
def test_the_expense_register_totals_its_amounts_and_formats_every_one(folders):
    sheet = load_workbook(folders["example"] / "depenses/gal-etangs_registre-depenses.xlsx").active
    head = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Date de la facture" or r[0].value == "Date")
    columns = {c.value: c.column_letter for c in sheet[head] if c.value}
    total = next(r[0].row for r in sheet.iter_rows(min_row=head + 1) if r[0].value == "Total")
    amounts = [h for h in columns if "HT" in h or "TVA" in h or "TTC" in h or "éligible" in h]
    assert len(amounts) == 4, columns
    for header in amounts:
        letter = columns[header]
        assert sheet[f"{letter}{total}"].value == f"=SUM({letter}{head + 1}:{letter}{total - 1})"
        assert {sheet[f"{letter}{row}"].number_format for row in range(head + 1, total + 1)} == {"#,##0.00"}
    assert sheet.row_dimensions[3].hidden and sheet["C3"].value == "gal-etangs"  # the reader's, not the page's


def test_no_header_is_cut_every_long_header_wraps(folders):
    for name in ("example", "interreg", "minimal"):
        for path in sorted(folders[name].rglob("*.xlsx")):
            for sheet in load_workbook(path).worksheets:
                titles = sheet.print_title_rows
                head = int(titles.split(":")[0].lstrip("$")) if titles else 1
                for cell in sheet[head]:
                    dimension = sheet.column_dimensions[cell.column_letter]
                    if not isinstance(cell.value, str) or dimension.hidden:
                        continue
                    fits = len(cell.value) <= (dimension.width or 8.43)
                    assert fits or cell.alignment.wrap_text, (path.name, sheet.title, cell.coordinate, cell.value)


def test_the_bilan_workbook_names_people_says_modes_in_words_and_charts_in_french_numbers(folders):
    from conftest import soffice_or_fail
    from coopdocs.output.pdf import converted

    path = folders["example"] / "bilans/bilan_2028-S1.xlsx"
    book = load_workbook(path)
    agents = book["Agents"] if "Agents" in book.sheetnames else book.worksheets[1]
    rows = [[c.value for c in row] for row in agents.iter_rows(min_row=1, max_row=5)]
    assert rows[0][:8] == ["Agent", "Identifiant", "Partenaire", "Mode", "WP1", "WP2", "WP3", "Heures"]
    assert agents.column_dimensions["B"].hidden  # the agents' ids
    assert rows[2][:4] == ["Zoé Martin", "zoe-martin", "GAL du Pays des Étangs & de la Seille", "temps passé"]
    assert rows[1][3] == "part fixe" and agents["E3"].number_format == "0.00"
    assert agents._charts[0].y_axis.number_format.formatCode == '# ##0" h"'
    soffice_or_fail()
    with converted([path], "pdf") as mapping:
        import subprocess

        text = subprocess.run(["pdftotext", "-layout", str(mapping[path]), "-"], capture_output=True, text=True).stdout
    # the charts' axes: thousands grouped by a space, the unit after the number
    assert "100 000 €" in text and "200 000 €" in text and "400 h" in text
    assert "zoe-martin" not in text and "temps passé" in text


def test_time_sheets_only_from_the_agents_first_work_package_month(folders):
    sheets = sorted(p.name for p in (folders["example"] / "feuilles-de-temps/sophie-lenoir").glob("*.xlsx"))
    # on the project from January 2027, but her work package (wp2) runs from March 2027 to March 2029
    assert sheets[0] == "sophie-lenoir_2027-03.xlsx" and sheets[-1] == "sophie-lenoir_2029-03.xlsx"
    assert len(sheets) == 25
