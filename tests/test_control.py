"""`coopdocs control`: the controller's side of a claim, on the Interreg fixture. Claim 1 of
cc-oree is written (tests/test_claims.py works its amounts by hand), its control workbook filled
here with openpyxl as a controller would (a sample, one deduction of each type of error, a parked
invoice), read back into the report and the certificate; claim 2 brings the parked invoice back;
the bilan shows « certifié » beside « déclaré ». Every total below is worked by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import docx_tables, docx_text, run
from coopdocs.forms._reading import plain
from test_claims import D, IDELUX_S1, IDELUX_S2, ORE_S1, ORE_S2, claim, fill_register, fill_sheet, make_interreg

DATE = "2027-12-21"
# The controller's decisions on claim 1 of cc-oree: (start of the line's text) → (sample, certified,
# deducted, type of error, parked, comment).
DECISIONS = {
    "Marc Petit, 2027-01": ("oui", None, 25, "erreur de calcul", "non", "6 h sur la feuille signée, pas 7"),
    "Marc Petit, 2027-02": ("non", None, 30, "non justifié", None, ""),
    "Marc Petit, 2027-03": ("oui", None, 50, "inéligible", "non", "samedi travaillé sans accord"),
    "Marc Petit, 2027-04": (None, None, 12.5, "autre", None, "demi-heure de réunion interne"),
    "Facture F-101": ("oui", None, 200, "marchés publics", "non", "un seul devis"),
    "Facture F-102": ("oui", 0, None, "double financement", "non", "déjà financée par la Région"),
    "Facture F-104": ("oui", None, None, None, "oui", "preuve de paiement attendue"),
    "Coût unitaire": ("oui", 62.5, None, "hors période", "non", "une nuitée hors période"),
}


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def header(sheet, words: set[str]) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(max_row=20):
        cols = {plain(c.value): c.column for c in row if isinstance(c.value, str)}
        if words <= set(cols):
            return row[0].row, cols
    raise AssertionError(words)


def fill_control(path: Path, decisions: dict[str, tuple]) -> None:
    """Type the controller's decisions on the lines whose « Élément » starts with each key."""
    book = load_workbook(path)
    sheet = book["Lignes"]
    head, cols = header(sheet, {"Élément", "Montant déduit"})
    names = ("Échantillon", "Montant certifié", "Montant déduit", "Type d'erreur", "Reportée", "Commentaire")
    for row in range(head + 1, sheet.max_row + 1):
        what = plain(sheet.cell(row=row, column=cols["Élément"]).value)
        for start, values in decisions.items():
            if what.startswith(start):
                for name, value in zip(names, values, strict=True):
                    sheet.cell(row=row, column=cols[name], value=value)
    book.save(path)


def control(folder: Path, number: int, partner: str, *extra: str):
    return run("control", folder / "p.yaml", "--claim", number, "--partner", partner, "-o", folder / "out", "--date", DATE, *extra)


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    """Claim 1 written for 2027-S1 and the control workbook of cc-oree, not yet filled."""
    folder = make_interreg(tmp_path_factory.mktemp("control"))
    claim(folder / "p.yaml", folder / "out", "2027-S1")
    result = control(folder, 1, "cc-oree")
    assert result.exit_code == 0, result.output + result.stderr
    return folder


def workbook(folder: Path, number: int = 1, partner: str = "cc-oree") -> Path:
    return folder / f"out/controle/{number:02d}/{partner}/controle.xlsx"


def test_the_workbook_lists_every_line_with_its_source_and_findings(first):
    book = load_workbook(workbook(first))
    assert book.sheetnames == ["Lignes", "Liste de contrôle", "coopdocs"]
    assert book["coopdocs"].sheet_state == "veryHidden"  # the claim and partner: never shown
    sheet = book["Lignes"]
    head, cols = header(sheet, {"Élément", "Source", "Constats de coopdocs", "Montant déclaré"})
    assert sheet.column_dimensions["A"].hidden  # the line's reference, hidden
    rows = [
        [sheet.cell(row=r, column=cols[n]).value for n in ("Poste", "Élément", "Source", "Constats de coopdocs", "Montant déclaré")]
        for r in range(head + 1, sheet.max_row + 1)
        if sheet.cell(row=r, column=cols["Élément"]).value
    ]
    # 4 person-months, 3 invoices, the office flat rate, the unit cost: 9 lines of claim 1.
    assert [_plain(r[1]).split(" :")[0] for r in rows] == [
        "Marc Petit, 2027-01", "Marc Petit, 2027-02", "Marc Petit, 2027-03", "Marc Petit, 2027-04",
        "Facture F-101 de Balises & Co du 01/02/2027", "Facture F-102 de Balises & Co du 05/04/2027",
        "Facture F-104 de Balises & Co du 10/06/2027", "Frais de bureau et administratifs",
        "Coût unitaire « nuitée »",
    ]  # fmt: skip
    assert [r[4] for r in rows] == [175, 150, 50, 137.5, 1200, 800.5, 99.99, 76.87, 104.17]
    assert rows[0][2] == "marc-petit_2027-01.xlsx!Feuille"
    assert rows[4][2].startswith("cc-oree_registre-depenses.xlsx!Dépenses!C")
    assert "samedi" in _plain(rows[2][3]).lower()  # the Saturday « à vérifier »
    assert _plain(rows[6][3]) == "payée le 01/06/2027, avant la date de la facture (10/06/2027)"
    assert rows[0][3] == "aucun point relevé par les contrôles automatiques"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    types = next(v for v in validations.values() if "inéligible" in (v.formula1 or ""))
    assert types.formula1 == '"inéligible,non justifié,hors période,marchés publics,erreur de calcul,double financement,autre"'
    checks = book["Liste de contrôle"]
    head, cols = header(checks, {"Point de contrôle", "Vérifié par coopdocs", "Réponse"})
    answered = {
        _plain(checks.cell(row=r, column=cols["Point de contrôle"]).value): (
            checks.cell(row=r, column=cols["Vérifié par coopdocs"]).value,
            checks.cell(row=r, column=cols["Réponse"]).value,
        )
        for r in range(head + 1, checks.max_row + 1)
    }
    assert len(answered) == 16
    flat = answered["Base et taux de chaque taux forfaitaire"]
    assert flat[1] == "oui" and "15 %" in _plain(flat[0]) and "art. 54(b) RDC" in flat[0]
    # The sheets were filled, never signed: the point is said and left to the controller.
    sheets = answered["Feuilles de temps signées par l'agent et approuvées par son responsable"]
    assert sheets[1] is None and _plain(sheets[0]).startswith("à vérifier : 4 feuille(s) sur 4")
    assert answered["Aides d'État : régime applicable respecté"] == (None, None)


def fill_first(folder: Path) -> None:
    fill_control(workbook(folder), DECISIONS)
    book = load_workbook(workbook(folder))
    checks = book["Liste de contrôle"]
    head, cols = header(checks, {"Point de contrôle", "Réponse"})
    for r in range(head + 1, checks.max_row + 1):
        if checks.cell(row=r, column=cols["Réponse"]).value is None:
            checks.cell(row=r, column=cols["Réponse"], value="oui")
    book.save(workbook(folder))


@pytest.fixture(scope="module")
def reported(first) -> tuple[Path, dict]:
    fill_first(first)
    result = control(first, 1, "cc-oree", "--report", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return first, json.loads(result.stdout)


def test_the_report_s_figures_worked_by_hand(reported):
    _folder, figures = reported
    # Staff 512,50 declared; deducted 25 + 30 + 50 + 12,50 = 117,50; certified 395,00. The office
    # flat rate, 15 % of the certified staff: 59,25 (76,87 declared): 17,62 deducted by the recalculation.
    # Equipment 2 100,49: F-101 1 000,00 certified (200,00 deducted), F-102 deducted in full
    # (800,50), F-104 parked (99,99). Unit cost 104,17: 62,50 certified, 41,67 deducted.
    # Certified 395 + 59,25 + 1 000 + 62,50 = 1 516,75; parked 99,99; deducted 2 794,03 − 1 516,75 − 99,99 = 1 177,29.
    assert figures["declared"] == 2794.03 and figures["certified"] == 1516.75
    assert figures["deducted"]["total"] == 1177.29 and figures["parked"]["total"] == 99.99
    assert figures["deducted"]["by_category"] == {
        "staff": 117.5, "equipment": 1000.5, "office_admin": 17.62, "unit_cost": 41.67,
    }  # fmt: skip
    assert figures["deducted"]["by_type"] == {
        "erreur de calcul": 25.0, "non justifié": 30.0, "inéligible": 50.0, "autre": 12.5,
        "marchés publics": 200.0, "double financement": 800.5, "recalcul du taux forfaitaire": 17.62,
        "hors période": 41.67,
    }  # fmt: skip
    # 25 + 30 + 50 + 12,50 + 200 + 800,50 + 17,62 + 41,67 = 1 177,29: every euro deducted has its type.
    assert sum(figures["deducted"]["by_type"].values()) == pytest.approx(1177.29)
    assert [line["amount"] for line in figures["parked"]["lines"]] == [99.99]
    assert figures["sample"] == {"lines": 6, "of": 9}
