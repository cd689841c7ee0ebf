"""The expense register: a form like the time sheets (headed, validated, protected), read back by headers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from conftest import EXAMPLE, run
from coopdocs.forms.expense_form import HEADERS
from coopdocs.forms.expense_reader import read_register


def ardenne_register(tmp_path, old: str, new: str):
    """The example with `old` changed to `new`, built as expense registers only: the path of the
    register of GAL Ardenne du Sud, the partner these edits are about."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(old, new)
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert run("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "--only", "depenses").exit_code == 0
    return tmp_path / "out/depenses/gal-ardenne-sud_registre-depenses.xlsx"


def typed_and_read(sheet, path, row: int, values: list):
    """One invoice typed on `row` of the register's sheet as a person would (dates in the date
    columns, None left empty), saved, then read back over the example's eligibility period."""
    for col, value in enumerate(values, start=1):
        if value is not None:
            sheet.cell(row=row, column=col, value=dt.date.fromisoformat(value) if col in (1, 11) else value)
    sheet.parent.save(path)
    return read_register(path, dt.date(2027, 1, 1), dt.date(2029, 6, 30))


def test_register_is_headed_validated_and_protected(tmp_path):
    path = ardenne_register(tmp_path, 'name: "GAL Ardenne du Sud asbl"', 'name: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    sheet = load_workbook(path)["Dépenses"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "Date")
    # the contract's words, each in its column (the sheet's formulas count on it), « N° » held to
    # its number by a non-breaking space (French typography)
    assert {cell.column_letter: cell.value for cell in header} == {
        "A": "Date",
        "B": "Fournisseur",
        "C": "N°\u00a0de facture",
        "D": "Libellé",
        "E": "Catégorie",
        "F": "Lot de travail",
        "G": "Montant HT",
        "H": "TVA",
        "I": "Montant TTC",
        "J": "Montant éligible",
        "K": "Date de paiement",
        "L": "Réf. marché",
        "M": "Procédure",
        "N": "Nombre de devis",
        "O": "Justificatif",
    }
    title = sheet["A1"]
    assert title.value == 'Registre des dépenses — =HYPERLINK("http://x","y")' and title.data_type == "s"
    assert len(HEADERS) == 15
    assert sheet.protection.sheet is True
    assert sheet["A7"].protection.locked is False and sheet["I7"].protection.locked is True  # TTC is a formula
    assert sheet["I7"].value.startswith("=IF(")
    rules = {r.type: r for r in sheet.data_validations.dataValidation}
    assert set(rules) == {"date", "list", "decimal", "whole"}  # whole: the number of quotes
    lists = [r.formula1 for r in sheet.data_validations.dataValidation if r.type == "list"]
    # Office costs are a flat rate in this project and staff comes from the time sheets: not in the list.
    assert '"Frais de déplacement,Expertise et services externes,Équipement,Autres dépenses"' in lists
    assert '"WP1,WP2,WP3"' in lists
    assert not (tmp_path / "out/depenses/lag-fjord_registre-depenses.xlsx").exists()  # the observer has none


def test_register_reads_back_by_headers(tmp_path):
    assert run("build", EXAMPLE, "-o", tmp_path, "--only", "depenses").exit_code == 0
    path = tmp_path / "depenses/gal-etangs_registre-depenses.xlsx"
    book = load_workbook(path)
    sheet = book["Dépenses"]
    sheet.protection.sheet = False
    sheet.insert_rows(2)  # a row inserted above the table
    values = [
        "2028-03-02",
        "Autocars & Fils",
        "A-12",
        "Voyage",
        "Frais de déplacement",
        "WP2",
        100,
        20,
        None,
        "100,50",
        "2028-03-20",
        "A-12.pdf",
    ]
    register = typed_and_read(sheet, path, 8, values)
    assert register.partner == "gal-etangs" and register.problems == []
    [expense] = register.expenses
    assert (expense.row, expense.date, expense.supplier, expense.invoice) == (
        8,
        dt.date(2028, 3, 2),
        "Autocars & Fils",
        "A-12",
    )
    assert (expense.category, expense.wp, expense.eligible) == ("travel", "wp2", Decimal("100.50"))


def test_a_partner_working_in_english_gets_an_english_register_read_back_alike(tmp_path):
    path = ardenne_register(
        tmp_path,
        '    legal_id: "BE 0812.345.678"\n    language: fr\n',
        '    legal_id: "BE 0812.345.678"\n    language: en\n',
    )
    book = load_workbook(path)
    sheet = book["Expenses"]
    assert sheet["A1"].value == "Expense register — GAL Ardenne du Sud asbl"
    assert sheet["C2"].value == "From ponds to the Ardennes: short food chains and nature tourism"
    assert sheet["A3"].value == "Identifier" and sheet["C3"].value == "gal-ardenne-sud"
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Date")
    assert header[:6] == ("Date", "Supplier", "Invoice no.", "Description", "Category", "Work package")
    lists = [r.formula1 for r in sheet.data_validations.dataValidation if r.type == "list"]
    assert '"Travel costs,External expertise and services,Equipment,Other costs"' in lists
    sheet.protection.sheet = False
    row = ["2028-03-02", "Coach & Co", "B-7", "Study trip", "Travel costs", "WP2", 200, 0, None, 200, "2028-03-10"]
    register = typed_and_read(sheet, path, 7, row)
    assert register.partner == "gal-ardenne-sud" and register.problems == []
    (expense,) = register.expenses
    assert (expense.category, expense.invoice, expense.wp, expense.eligible) == ("travel", "B-7", "wp2", Decimal("200"))
