"""Fill the example project's time sheets and expense registers as people would (values in
input cells only), so that `coopdocs bilan` has something to read. Deterministic.

    python scripts/fill_example.py output/etangs-ardenne [--until 2028-06]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from coopdocs.forms._reading import plain


def header(sheet, required: set[str]) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(max_row=60):
        values = {plain(c.value): c.column for c in row if isinstance(c.value, str)}
        if required <= set(values):
            return row[0].row, values
    raise SystemExit(f"{sheet.title}: en-tête introuvable")


def fill_timesheet(path: Path) -> None:
    book = load_workbook(path)
    sheet = book["Feuille"]
    head, cols = header(sheet, {"Date", "Absence", "Total"})
    wps = [name for name in cols if " – " in name]
    for row in range(head + 1, head + 32):
        day = sheet.cell(row=row, column=1).value
        if not isinstance(day, dt.datetime):
            break
        locked = sheet.cell(row=row, column=cols["Absence"]).protection.locked
        if locked or day.weekday() >= 5 or sheet.cell(row=row, column=cols["Absence"]).value:
            continue
        if day.day % 11 == 0:
            sheet.cell(row=row, column=cols["Absence"], value="CP")
            continue
        for i, wp in enumerate(wps):
            sheet.cell(row=row, column=cols[wp], value=[2.5, 1.5, 1.0][i % 3] if (day.day + i) % 2 else 1.0)
        sheet.cell(row=row, column=cols["Autres activités"], value=0.5)
    book.save(path)


# Each partner's own invoices, in the categories of its budget. One deliberate slip a
# controller would question: Saveurs de la Seille books a bus (travel) it has no budget line for.
EXPENSES = {
    "gal-etangs": [
        (
            "2027-04-12",
            "Autocars de la Seille",
            "F-2027-118",
            "Visite d'échange en Ardenne",
            "Frais de déplacement",
            1250.0,
            250.0,
        ),
        (
            "2028-02-15",
            "Cabinet Évalua & Co",
            "EV-28-002",
            "Évaluation intermédiaire",
            "Expertise et services externes",
            4200.0,
            840.0,
        ),
        (
            "2028-05-20",
            "Hôtel des Étangs",
            "H-5521",
            "Séminaire des partenaires",
            "Frais de déplacement",
            1640.0,
            164.0,
        ),
    ],
    "gal-ardenne-sud": [
        ("2027-10-08", "Signalétique Ardennaise", "SA-1093", "Panneaux des sentiers", "Équipement", 3480.0, 730.8),
        (
            "2028-03-22",
            "TEC Namur-Luxembourg",
            "TEC-28-77",
            "Déplacement à Marsal",
            "Frais de déplacement",
            412.0,
            24.72,
        ),
    ],
    "saveurs-seille": [
        (
            "2027-09-03",
            "Imprimerie du Saulnois",
            "2027/0457",
            "Cartes des itinéraires",
            "Autres dépenses",
            980.0,
            196.0,
        ),
        (
            "2028-04-18",
            "Autocars de la Seille",
            "F-2028-033",
            "Producteurs au marché de Bouillon",
            "Frais de déplacement",
            690.0,
            69.0,
        ),
    ],
}


def fill_register(path: Path) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    head, cols = header(sheet, {"Date", "N° de facture", "Catégorie"})
    partner = path.name.removesuffix("_registre-depenses.xlsx")
    for i, (day, supplier, invoice, label, category, net, vat) in enumerate(EXPENSES.get(partner, []), start=1):
        row = head + i
        when = dt.date.fromisoformat(day)
        values = {
            "Date": when,
            "Fournisseur": supplier,
            "N° de facture": invoice,
            "Libellé": label,
            "Catégorie": category,
            "Montant HT": net,
            "TVA": vat,
            "Montant éligible": net,
            "Date de paiement": when + dt.timedelta(days=20),
            "Justificatif": f"{invoice}.pdf",
        }
        for name, value in values.items():
            sheet.cell(row=row, column=cols[name], value=value)
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--until", default="2028-06", help="dernier mois rempli (AAAA-MM)")
    args = parser.parse_args()
    sheets = [
        p
        for p in sorted((args.folder / "feuilles-de-temps").rglob("*.xlsx"))
        if p.stem.rsplit("_", 1)[-1] <= args.until
    ]
    for path in sheets:
        fill_timesheet(path)
    registers = sorted((args.folder / "depenses").glob("*.xlsx"))
    for path in registers:
        fill_register(path)
    print(f"{len(sheets)} feuilles de temps et {len(registers)} registres remplis jusqu'à {args.until}")


if __name__ == "__main__":
    main()
