"""`coopdocs claim`: two successive claims on the Interreg fixture and on the example, from sheets
and registers the test fills; every amount worked by hand below and written as a literal. The
workbooks are read back with openpyxl, recalculated by LibreOffice (the formulas' cached values
equal the values written), the Word documents read with python-docx."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, ROOT, docx_tables, docx_text, run
from coopdocs.forms._reading import plain

INTERREG = ROOT / "tests/fixtures/interreg-frontiere.yaml"

# The Interreg fixture with a unit cost and two lump sums: cc-oree's tied to « Convention signée »
# (not done: never claimed), idelux's to « Carte commune » (done on 20 May 2027).
EXTRA_LINES = """    - {partner: cc-oree, category: travel, kind: unit_cost, unit: nuitée, unit_cost: 41.67, quantity: 10,
       achieved: [{date: 2027-03-10, quantity: 2.5}, {date: 2027-09-15, quantity: 1.5}]}
    - {partner: cc-oree, category: other, kind: lump_sum, amount: 1000, deliverable: Convention signée, wp: wp1}
    - {partner: idelux, category: other, kind: lump_sum, amount: 2500, deliverable: Carte commune, wp: wp2}
"""


def interreg_text() -> str:
    text = INTERREG.read_text(encoding="utf-8")
    text = text.replace("  funding:\n", EXTRA_LINES + "  funding:\n", 1)
    text = text.replace("{fr: Carte commune, en: Joint map}, due: 2028-10-31}", "{fr: Carte commune, en: Joint map}, due: 2028-10-31, done: 2027-05-20}")
    return text.replace("logos: [logos/frontiere.png]", f"logos: [{ROOT / 'tests/fixtures/logos/frontiere.png'}]")


def header(sheet, required: set[str]) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(max_row=60):
        values = {plain(c.value): c.column for c in row if isinstance(c.value, str)}
        if required <= set(values):
            return row[0].row, values
    raise AssertionError(required)


def fill_sheet(path: Path, days: dict[dt.date, dict[str, object]]) -> None:
    """Type hours (`wp1`… stand for their column « WP1 – … »), an absence or a comment."""
    book = load_workbook(path)
    sheet = book["Feuille"]
    head, cols = header(sheet, {"Date", "Total"})
    by_code = {name.split(" – ")[0].lower(): column for name, column in cols.items() if " – " in name}
    rows = {c.value.date(): c.row for c in next(sheet.iter_cols(min_col=1, max_col=1, min_row=head + 1)) if isinstance(c.value, dt.datetime)}
    first = min(rows)
    days = {first: {"Commentaire": "vu"}, **days}
    for day, cells in days.items():
        for name, value in cells.items():
            sheet.cell(row=rows[day], column=by_code.get(name) or cols[name], value=value)
    book.save(path)


def fill_register(path: Path, rows: list[tuple]) -> None:
    """(date, supplier, invoice, category, amount, paid) on the register's rows, from the first."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    head, cols = header(sheet, {"Date", "N° de facture", "Catégorie"})
    for i, (day, supplier, invoice, category, amount, paid) in enumerate(rows, start=1):
        values = {
            "Date": day,
            "Fournisseur": supplier,
            "N° de facture": invoice,
            "Libellé": f"Facture {invoice}",
            "Catégorie": category,
            "Montant HT": amount,
            "Montant éligible": amount,
            "Date de paiement": paid,
        }
        for name, value in values.items():
            sheet.cell(row=head + i, column=cols[name], value=value)
    book.save(path)


def claim(project: Path, out: Path, period: str, *extra: str) -> dict:
    result = run("claim", project, "--period", period, "-o", out, "--json", "--date", "2027-12-20", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


D = dt.date
EQUIPMENT, EXPERTISE = "Équipement", "Expertise et services externes"
ORE_S1 = [
    (D(2027, 2, 1), "Balises & Co", "F-101", EQUIPMENT, 1200.0, D(2027, 2, 20)),
    (D(2027, 4, 5), "Balises & Co", "F-102", EQUIPMENT, 800.5, D(2027, 4, 10)),
    (D(2027, 5, 3), "Balises & Co", "", EQUIPMENT, 300.0, D(2027, 5, 10)),  # no invoice number: blocking
    (D(2027, 6, 10), "Balises & Co", "F-104", EQUIPMENT, 99.99, D(2027, 6, 1)),  # paid before invoiced: to check
]
ORE_S2 = [(D(2027, 8, 2), "Balises & Co", "F-103", EQUIPMENT, 450.0, D(2027, 8, 20))]
IDELUX_S1 = [(D(2027, 3, 15), "Cartes SA", "C-1", EXPERTISE, 4000.0, D(2027, 3, 30))]
IDELUX_S2 = [(D(2027, 10, 5), "Cartes SA", "C-2", EXPERTISE, 1000.0, D(2027, 10, 20))]


@pytest.fixture(scope="module")
def interreg(tmp_path_factory) -> Path:
    """The fixture built, Marc Petit's sheets of January to June 2027 and both registers filled."""
    tmp = tmp_path_factory.mktemp("claims-interreg")
    (tmp / "p.yaml").write_text(interreg_text(), encoding="utf-8")
    result = run("build", tmp / "p.yaml", "-o", tmp / "out", "--date", "2027-01-01", "--only", "feuilles-de-temps", "--only", "depenses")
    assert result.exit_code == 0, result.output
    sheets = tmp / "out/feuilles-de-temps/marc-petit"
    typed = {
        "2027-01": {D(2027, 1, 11): {"wp1": 7}},
        "2027-02": {D(2027, 2, 15): {"wp1": 6}},
        "2027-03": {D(2027, 3, 6): {"wp2": 2}},  # a Saturday: « à vérifier »
        "2027-04": {D(2027, 4, 12): {"wp2": 5.5}},
        "2027-05": {D(2027, 5, 10): {"wp1": 3, "Absence": "CP"}},  # hours on a day off: blocking
        "2027-06": {},
    }
    for month, days in typed.items():
        fill_sheet(sheets / f"marc-petit_{month}.xlsx", days)
    fill_register(tmp / "out/depenses/cc-oree_registre-depenses.xlsx", ORE_S1)
    fill_register(tmp / "out/depenses/idelux_registre-depenses.xlsx", IDELUX_S1)
    return tmp

