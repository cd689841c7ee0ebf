"""Public procurement in the expense registers: the thresholds the project states
(`rules.procurement`, amounts excluding VAT), a purchase above one without a procedure, a supplier
whose invoices add up above one; no rule, no point. A register written before these columns
existed still reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_claims import interreg_text

from conftest import header, run

D = dt.date
EQUIPMENT = "Équipement"
ROWS = [  # (date, supplier, invoice, net, procedure, quotes)
    (D(2027, 2, 1), "Balises & Co", "F-1", 45000, None, 2),  # above 40 000 with 2 quotes of 3: to check
    (D(2027, 2, 2), "Mobilier urbain SA", "M-1", 230000, None, None),  # above 221 000, no procedure
    (D(2027, 2, 3), "Panneaux du Nord", "P-1", 250000, "appel d'offres ouvert", None),  # its procedure: fine
    (D(2027, 3, 1), "Cartes SA", "C-1", 15000, None, None),
    (D(2027, 4, 1), "Cartes SA", "C-2", 15000, None, None),
    (D(2027, 5, 1), "Cartes SA", "C-3", 12000, None, None),  # 42 000 from one supplier: a split purchase?
    (D(2027, 6, 1), "Imprimerie", "I-1", 41000, "MAPA", 3),  # above 40 000 with a procedure: fine
]


def fill(path: Path, rows: list[tuple]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    head, cols = header(sheet, {"Date", "N° de facture", "Procédure", "Nombre de devis"})
    for i, (day, supplier, invoice, net, procedure, quotes) in enumerate(rows, start=1):
        values = {
            "Date": day, "Fournisseur": supplier, "N° de facture": invoice, "Libellé": f"Facture {invoice}",
            "Catégorie": EQUIPMENT, "Montant HT": net, "Montant éligible": net, "Date de paiement": day,
            "Procédure": procedure, "Nombre de devis": quotes,
        }  # fmt: skip
        for name, value in values.items():
            sheet.cell(row=head + i, column=cols[name]).value = value
    book.save(path)


def anomalies(tmp: Path, text: str) -> list[dict]:
    (tmp / "p.yaml").write_text(text, encoding="utf-8")
    assert run("build", tmp / "p.yaml", "-o", tmp / "out", "--only", "depenses", "--date", "2027-01-01").exit_code == 0
    fill(tmp / "out/depenses/cc-oree_registre-depenses.xlsx", ROWS)
    result = run("bilan", tmp / "p.yaml", "--period", "2027", "-o", tmp / "out", "--json", "--date", "2027-12-31")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["anomalies"]
    return [a for a in found if a["kind"].startswith("procurement")]


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_purchase_above_a_threshold_without_its_procedure_is_to_check(tmp_path):
    found = anomalies(tmp_path, interreg_text())  # 40 000 € for 3 quotes, 221 000 € for a procedure
    said = {(a["cell"], a["severity"]): _plain(a["message"]) for a in found if a["kind"] == "procurement-threshold"}
    # Rows 7 to 13 of the register; its « Procédure » column is M.
    assert said == {
        ("M7", "a-verifier"): "facture F-1 de Balises & Co : 45 000,00 € HT, au-delà du seuil de 40 000,00 € HT "
        "(commande publique), sans procédure et avec 2 devis sur 3 demandés",
        ("M8", "a-verifier"): "facture M-1 de Mobilier urbain SA : 230 000,00 € HT, au-delà du seuil de procédure "
        "de 221 000,00 € HT (commande publique), sans procédure indiquée",
    }


def test_a_supplier_whose_invoices_add_up_above_the_threshold_is_to_check(tmp_path):
    found = anomalies(tmp_path, interreg_text())
    (supplier,) = [a for a in found if a["kind"] == "procurement-supplier"]
    # Cartes SA: 15 000 + 15 000 = 30 000, then 12 000 more: 42 000 > 40 000, said on C-3 (row 12).
    assert supplier["cell"] == "M12" and supplier["severity"] == "a-verifier"
    assert _plain(supplier["message"]) == (
        "les factures de Cartes SA totalisent 42 000,00 € HT sur le projet, au-delà du seuil de 40 000,00 € HT "
        "(commande publique), sans procédure indiquée sur chacune : un achat fractionné ?"
    )


def test_no_rule_stated_no_point(tmp_path):
    text = interreg_text().replace(
        "    procurement: {quote_threshold: 40000, tender_threshold: 221000, quotes: 3}\n", "    hours_basis: 1720\n"
    )
    assert "quote_threshold" not in text
    assert anomalies(tmp_path, text) == []


def test_a_register_without_the_procurement_columns_still_reads(tmp_path):
    from coopdocs.forms.expense_reader import read_register

    (tmp_path / "p.yaml").write_text(interreg_text(), encoding="utf-8")
    assert run("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "--only", "depenses").exit_code == 0
    path = tmp_path / "out/depenses/cc-oree_registre-depenses.xlsx"
    fill(path, ROWS[:1])
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.protection.sheet = False
    sheet.delete_cols(12, 3)  # a version 2 register: « Justificatif » right after « Date de paiement »
    book.save(path)
    register = read_register(path, D(2027, 1, 1), D(2028, 12, 31))
    assert register.problems == []
    (expense,) = register.expenses
    assert (expense.invoice, expense.eligible, expense.procedure, expense.quotes) == ("F-1", 45000, "", None)


@pytest.mark.parametrize("quotes", ["trois", -1, 2.5])
def test_a_number_of_quotes_that_is_not_one_is_reported_by_its_cell(tmp_path, quotes):
    from coopdocs.forms.expense_reader import read_register

    (tmp_path / "p.yaml").write_text(interreg_text(), encoding="utf-8")
    assert run("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "--only", "depenses").exit_code == 0
    path = tmp_path / "out/depenses/cc-oree_registre-depenses.xlsx"
    fill(path, [(*ROWS[0][:5], quotes)])
    register = read_register(path, D(2027, 1, 1), D(2028, 12, 31))
    assert [(p.kind.value, p.cell) for p in register.problems] == [("invalid-value", "N7")]


def test_the_claim_keeps_the_purchase_at_risk_and_the_controller_s_checklist_says_it(tmp_path):
    anomalies(tmp_path, interreg_text())
    result = run(
        "claim", tmp_path / "p.yaml", "--period", "2027-S1", "-o", tmp_path / "out", "--json", "--date", "2027-07-15"
    )
    assert result.exit_code == 0, result.output
    ore = json.loads(result.stdout)["partners"]["cc-oree"]
    # Every row is claimed: 45 000 + 230 000 + 250 000 + 15 000 + 15 000 + 12 000 + 41 000 = 608 000; at
    # risk, the rows the points are on: F-1 45 000 + M-1 230 000 + C-3 12 000 = 287 000.
    assert ore["at_risk"] == 287000.0 and ore["real_costs"] == {"equipment": 608000.0}
    assert (
        run("control", tmp_path / "p.yaml", "--claim", 1, "--partner", "cc-oree", "-o", tmp_path / "out").exit_code == 0
    )
    sheet = load_workbook(tmp_path / "out/controle/01/cc-oree/controle.xlsx")["Liste de contrôle"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[2] and r[2].startswith("Seuils de la commande"))
    assert _plain(row[3]) == (
        "à vérifier : Facture F-1 de Balises & Co du 01/02/2027 ; Facture M-1 de Mobilier urbain SA du 02/02/2027 ; "
        "Facture C-3 de Cartes SA du 01/05/2027"
    )
    assert row[4] is None  # left to the controller
