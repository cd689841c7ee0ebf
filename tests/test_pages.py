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
    2028 and its bilan of the first half written."""
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
