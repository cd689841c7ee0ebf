"""`coopdocs claim`: two successive claims on the Interreg fixture and on the example, from sheets
and registers the test fills; every amount worked by hand below and written as a literal. The
workbooks are read back with openpyxl, recalculated by LibreOffice (the formulas' cached values
equal the values written), the Word documents read with python-docx."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, ROOT, docx_tables, docx_text, header, run
from coopdocs.formats import money

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
    text = text.replace(
        "{fr: Carte commune, en: Joint map}, due: 2028-10-31}",
        "{fr: Carte commune, en: Joint map}, due: 2028-10-31, done: 2027-05-20}",
    )
    return text.replace("logos: [logos/frontiere.png]", f"logos: [{ROOT / 'tests/fixtures/logos/frontiere.png'}]")


def fill_sheet(path: Path, days: dict[dt.date, dict[str, object]]) -> None:
    """Type hours (`wp1`… stand for their column « WP1 – … »), an absence or a comment."""
    book = load_workbook(path)
    sheet = book["Feuille"]
    head, cols = header(sheet, {"Date", "Total"})
    by_code = {name.split(" – ")[0].lower(): column for name, column in cols.items() if " – " in name}
    rows = {
        c.value.date(): c.row
        for c in next(sheet.iter_cols(min_col=1, max_col=1, min_row=head + 1))
        if isinstance(c.value, dt.datetime)
    }
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


CLAIMED = "2028-01-15"  # after the end of every period claimed with it (2027 ends on 31/12/2027)


def claim(project: Path, out: Path, period: str, *extra: str) -> dict:
    result = run("claim", project, "--period", period, "-o", out, "--json", "--date", CLAIMED, *extra)
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
    return make_interreg(tmp_path_factory.mktemp("claims-interreg"))


def make_interreg(tmp: Path) -> Path:
    """The fixture built, Marc Petit's sheets of January to June 2027 and both registers filled."""
    (tmp / "p.yaml").write_text(interreg_text(), encoding="utf-8")
    result = run(
        "build",
        tmp / "p.yaml",
        "-o",
        tmp / "out",
        "--date",
        "2027-01-01",
        "--only",
        "feuilles-de-temps",
        "--only",
        "depenses",
    )
    assert result.exit_code == 0, result.output
    sheets = tmp / "out/feuilles-de-temps/marc-petit"
    typed = {
        "2027-01": {D(2027, 1, 11): {"wp1": 7}},
        "2027-02": {D(2027, 2, 15): {"wp1": 6}},
        "2027-03": {D(2027, 3, 6): {"wp2": 2}},  # a Saturday: « à vérifier »
        "2027-04": {D(2027, 4, 12): {"wp2": 5.5}},
        "2027-05": {D(2027, 5, 10): {"wp1": 4, "Absence": "CP"}},  # more than half a day off: blocking
        "2027-06": {},
    }
    for month, days in typed.items():
        fill_sheet(sheets / f"marc-petit_{month}.xlsx", days)
    fill_register(tmp / "out/depenses/cc-oree_registre-depenses.xlsx", ORE_S1)
    fill_register(tmp / "out/depenses/idelux_registre-depenses.xlsx", IDELUX_S1)
    return tmp


@pytest.fixture(scope="module")
def interreg_claims(interreg) -> tuple[dict, dict]:
    """Claim 1 for 2027-S1; then July's sheet, the second half's invoices and a change of F-102
    (800,50 → 850,50 €) after it was claimed; claim 2 for the whole of 2027."""
    first = claim(interreg / "p.yaml", interreg / "out", "2027-S1")
    fill_sheet(interreg / "out/feuilles-de-temps/marc-petit/marc-petit_2027-07.xlsx", {D(2027, 7, 12): {"wp1": 4}})
    changed = [row if row[2] != "F-102" else (*row[:4], 850.5, row[5]) for row in ORE_S1]
    fill_register(interreg / "out/depenses/cc-oree_registre-depenses.xlsx", changed + ORE_S2)
    fill_register(interreg / "out/depenses/idelux_registre-depenses.xlsx", IDELUX_S1 + IDELUX_S2)
    second = claim(interreg / "p.yaml", interreg / "out", "2027")
    return first, second


def test_interreg_first_claim_worked_by_hand(interreg_claims):
    ore = interreg_claims[0]["partners"]["cc-oree"]
    # Marc Petit: 43 000 € / 1 720 h = 25,00 €/h (CPR art. 55(2)(a)). Hours that count: 11/01 7 h,
    # 15/02 6 h, Saturday 06/03 2 h (« à vérifier », in), 12/04 5,5 h = 20,5 h × 25 = 512,50 €; the
    # 3 h typed on 10/05, a day off (blocking), are out (the bilan counts them: 587,50 €).
    assert ore["staff"] == 512.5 and ore["staff_by_person"] == {"marc-petit": 512.5}
    # Invoices of the first half: F-101 1 200,00 + F-102 800,50 + F-104 99,99 (paid before it was
    # invoiced: « à vérifier », in) = 2 100,49 €; the 300,00 € row without a number is out.
    assert ore["real_costs"] == {"equipment": 2100.49}
    # Office and administrative costs, 15 % of the staff costs: 512,50 × 0,15 = 76,875 → 76,87 (down).
    assert ore["flat_rates"] == {"office_admin": 76.87}
    # Unit cost: 2,5 nights delivered on 10/03 × 41,67 € = 104,175 → 104,17 (down); the lump sum
    # of « Convention signée » (not done) is not claimed.
    assert ore["unit_costs"] == 104.17 and ore["lump_sums"] == 0.0
    # 512,50 + 2 100,49 + 76,87 + 104,17 = 2 794,03 €.
    assert ore["eligible"] == 2794.03 and ore["total"] == 2794.03 and ore["revenue"] == 0.0
    # At risk: the Saturday's 2 h × 25 = 50,00, F-104 99,99, and their flat rate: without them the
    # staff is 462,50 and its 15 % 69,375 → 69,37, i.e. 76,87 − 69,37 = 7,50; 50 + 99,99 + 7,50 = 157,49.
    assert ore["at_risk"] == 157.49 and ore["at_risk_included"] is True
    # FEDER 60 %: 2 794,03 × 0,6 = 1 676,418 → 1 676,42; own funds 2 794,03 − 1 676,42 = 1 117,61.
    assert ore["funders"] == {"FEDER": 1676.42} and ore["own_funds"] == 1117.61
    assert ore["earlier_claims"] == 0.0 and ore["cumulative"] == 2794.03
    kinds = {a["kind"] for a in ore["anomalies"]}
    assert {"missing-invoice-number", "absence-with-hours", "payment-before-invoice", "weekend"} <= kinds


def test_interreg_first_claim_lump_sum_done_revenue_and_a_fixed_funder(interreg_claims):
    idelux = interreg_claims[0]["partners"]["idelux"]
    # C-1 4 000,00 € of expertise; the lump sum of « Carte commune », done on 20/05/2027: 2 500,00 €.
    assert idelux["real_costs"] == {"external_expertise": 4000.0} and idelux["lump_sums"] == 2500.0
    # No staff: the office flat rate is 15 % of 0 = 0,00. Eligible 6 500,00 €, less the 150,00 € of
    # maps sold on 15/06/2027 = 6 350,00 € claimed.
    assert idelux["staff"] == 0.0 and idelux["flat_rates"] == {"office_admin": 0.0}
    assert idelux["eligible"] == 6500.0 and idelux["revenue"] == 150.0 and idelux["total"] == 6350.0
    # FEDER 60 %: 3 810,00. Wallonie, 3 000 € of a 17 500 € budget (15 000 + the 2 500 lump sum):
    # 6 350 × 3 000 / 17 500 = 1 088,571… → 1 088,57. Own funds 6 350 − 3 810 − 1 088,57 = 1 451,43.
    assert idelux["budget_total"] == 17500.0
    assert idelux["funders"] == {"FEDER": 3810.0, "Wallonie": 1088.57} and idelux["own_funds"] == 1451.43
    assert "ort-ardennes" not in interreg_claims[0]["partners"]  # an observer without costs


def test_interreg_second_claim_refuses_what_the_first_took(interreg_claims):
    second = interreg_claims[1]
    assert second["number"] == 2 and second["folder"] == "demandes/02_2027"
    ore = second["partners"]["cc-oree"]
    # Only what is new: July's 4 h × 25 = 100,00; F-103 450,00; 1,5 nights on 15/09 × 41,67 =
    # 62,505 → 62,50; office 15 % × 100 = 15,00. 100 + 450 + 15 + 62,50 = 627,50 €.
    assert ore["staff"] == 100.0 and ore["real_costs"] == {"equipment": 450.0}
    assert ore["unit_costs"] == 62.5 and ore["flat_rates"] == {"office_admin": 15.0}
    assert ore["total"] == 627.5 and ore["at_risk"] == 0.0
    # FEDER 627,50 × 0,6 = 376,50, own funds 251,00; earlier 2 794,03, cumulative 3 421,53.
    assert ore["funders"] == {"FEDER": 376.5} and ore["own_funds"] == 251.0
    assert ore["earlier_claims"] == 2794.03 and ore["cumulative"] == 3421.53
    already = [a["message"] for a in ore["anomalies"] if a["kind"] == "already-claimed"]
    assert all(a["severity"] == "bloquant" for a in ore["anomalies"] if a["kind"] == "already-claimed")
    assert any("F-101" in m and "déjà déclarée dans la demande n° 1" in m for m in already)
    # F-102 changed after claim 1: refused, the change said.
    assert any("F-102" in m and "la ligne a changé depuis (alors 800,50" in m for m in already)
    assert "Marc Petit, 2027-03 : déjà déclaré dans la demande n° 1" in [_plain(m) for m in already]
    idelux = second["partners"]["idelux"]
    # C-2 1 000,00; the lump sum and the revenue were taken by claim 1. FEDER 600,00; Wallonie
    # 1 000 × 3 000 / 17 500 = 171,428… → 171,43; own funds 228,57; cumulative 6 350 + 1 000.
    assert idelux["total"] == 1000.0 and idelux["lump_sums"] == 0.0 and idelux["revenue"] == 0.0
    assert idelux["funders"] == {"FEDER": 600.0, "Wallonie": 171.43} and idelux["own_funds"] == 228.57
    assert idelux["earlier_claims"] == 6350.0 and idelux["cumulative"] == 7350.0


def test_the_ledger_records_every_item_and_a_claim_is_never_rewritten(interreg, interreg_claims):
    import hashlib

    out = interreg / "out"
    ledger = json.loads((out / "demandes/registre.json").read_text(encoding="utf-8"))
    first, second = ledger["claims"]
    invoices = {(i["invoice"], i["supplier"], i["date"]) for i in first["partners"]["cc-oree"]["invoices"]}
    assert invoices == {
        ("F-101", "Balises & Co", "2027-02-01"),
        ("F-102", "Balises & Co", "2027-04-05"),
        ("F-104", "Balises & Co", "2027-06-10"),
    }
    months = [(m["agent"], m["month"], m["amount"]) for m in first["partners"]["cc-oree"]["person_months"]]
    assert [m[:2] for m in months] == [("marc-petit", f"2027-0{n}") for n in (1, 2, 3, 4)]
    assert [i["invoice"] for i in second["partners"]["cc-oree"]["invoices"]] == ["F-103"]
    before = {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "demandes/01_2027-S1").rglob("*") if p.is_file()
    }
    result = run("claim", interreg / "p.yaml", "--period", "2027-S1", "-o", out, "--number", "1", "--date", CLAIMED)
    assert result.exit_code == 1
    assert "la demande n° 1 est déjà écrite" in result.stderr and "--number 3" in result.stderr
    after = {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "demandes/01_2027-S1").rglob("*") if p.is_file()
    }
    assert after == before
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "demandes/registre.json" in manifest["files"]
    assert "demandes/01_2027-S1/cc-oree/liste-depenses.xlsx" in manifest["files"]
    import zipfile

    target = interreg / "archive.zip"
    assert run("archive", interreg / "p.yaml", "--from", out, "-o", target, "--date", "2028-01-16").exit_code == 0
    names = zipfile.ZipFile(target).namelist()
    assert any(n.endswith("demandes/registre.json") for n in names)
    assert any(n.endswith("demandes/02_2027/cc-oree/demande-paiement.docx") for n in names)


def test_exclude_at_risk_leaves_the_points_to_check_out_and_lists_them(tmp_path):
    folder = make_interreg(tmp_path)
    data = claim(folder / "p.yaml", folder / "out", "2027-S1", "--exclude-at-risk", "--partner", "cc-oree")
    assert list(data["partners"]) == ["cc-oree"]
    ore = data["partners"]["cc-oree"]
    # Without the Saturday (2 h) and F-104: staff 18,5 h × 25 = 462,50; office 69,375 → 69,37;
    # real 2 000,50; unit 104,17: 2 636,54 €; at risk (left out) 2 794,03 − 2 636,54 = 157,49.
    assert ore["staff"] == 462.5 and ore["flat_rates"] == {"office_admin": 69.37}
    assert ore["real_costs"] == {"equipment": 2000.5} and ore["total"] == 2636.54
    assert ore["at_risk"] == 157.49 and ore["at_risk_included"] is False
    ledger = json.loads((folder / "out/demandes/registre.json").read_text(encoding="utf-8"))
    claimed = [i["invoice"] for i in ledger["claims"][0]["partners"]["cc-oree"]["invoices"]]
    assert claimed == ["F-101", "F-102"]  # F-104 stays claimable once justified
    book = load_workbook(folder / "out/demandes/01_2027-S1/cc-oree/liste-depenses.xlsx")
    rows = list(book["À justifier"].iter_rows(values_only=True))
    assert rows[1][0].startswith("Éléments non déclarés dans cette demande")
    items = {r[0]: r[3] for r in rows[3:]}
    assert items["Marc Petit, 06/03/2027"] == 50.0
    assert items[f"facture F-104 de Balises & Co du 10/06/2027 ({money(99.99)})"] == 99.99
    assert items["Taux forfaitaires sur ces montants"] == 7.5 and items["Total"] == 157.49


def test_a_claimed_row_replaced_by_another_invoice_is_reported(tmp_path):
    folder = make_interreg(tmp_path)
    claim(folder / "p.yaml", folder / "out", "2027-T1", "--partner", "idelux")
    replaced = [(D(2027, 3, 20), "Autre SARL", "Z-9", EXPERTISE, 700.0, D(2027, 3, 25))]
    fill_register(folder / "out/depenses/idelux_registre-depenses.xlsx", replaced)
    data = claim(folder / "p.yaml", folder / "out", "2027-T1", "--partner", "idelux")
    found = [a for a in data["partners"]["idelux"]["anomalies"] if a["kind"] == "claimed-row-changed"]
    assert len(found) == 1 and found[0]["severity"] == "a-verifier"
    assert (
        "la facture C-1 de Cartes SA du 15/03/2027, déclarée dans la demande n° 1, n'y est plus" in found[0]["message"]
    )
    # Z-9 is a new invoice: claimed, at risk until the change is explained.
    assert data["partners"]["idelux"]["real_costs"] == {"external_expertise": 700.0}
    assert data["partners"]["idelux"]["at_risk"] == 700.0


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


SUMMARY_S1_ORE = {  # claim 1 of cc-oree, as worked above
    "Frais de personnel": 512.5,
    "Équipement": 2100.49,
    "Frais de bureau et administratifs (taux forfaitaire)": 76.87,
    "Coûts unitaires": 104.17,
    "Total des dépenses éligibles": 2794.03,
    "Recettes nettes déduites": 0.0,
    "Montant demandé": 2794.03,
    "Part FEDER": 1676.42,
    "Autofinancement": 1117.61,
    "Dont à justifier (taux forfaitaires compris)": 157.49,
    "Demandes précédentes": 0.0,
    "Cumul des demandes": 2794.03,
    "Budget du partenaire": 55916.7,
}


def test_list_of_expenditure_read_back_values_formulas_and_print_setup(interreg, interreg_claims):
    path = interreg / "out/demandes/01_2027-S1/cc-oree/liste-depenses.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == [
        "Synthèse",
        "Personnel",
        "Coûts réels",
        "Taux forfaitaires",
        "Coûts simplifiés",
        "À justifier",
    ]
    summary = {r[0]: r[1] for r in book["Synthèse"].iter_rows(values_only=True) if r[0] in SUMMARY_S1_ORE}
    assert summary == SUMMARY_S1_ORE
    staff = [r for r in book["Personnel"].iter_rows(min_row=4, values_only=True) if r[0]]
    # 7 h, 6 h, 2 h, 5,5 h at 25,00 €; the person's total rounded once, and its formula.
    assert [(r[1], r[3], r[5], r[8]) for r in staff[:4]] == [
        ("2027-01", 7.0, 25.0, 175.0),
        ("2027-02", 6.0, 25.0, 150.0),
        ("2027-03", 2.0, 25.0, 50.0),
        ("2027-04", 5.5, 25.0, 137.5),
    ]
    assert staff[4][0] == "Total Marc Petit" and staff[4][8] == 512.5 and staff[4][10] == "=ROUND(SUM(I4:I7),2)"
    assert staff[0][9] == "art. 55(2)(a) RDC"  # Interreg: the CPR governs, its article is cited
    real = [r for r in book["Coûts réels"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[4], r[7]) for r in real[:3]] == [("F-101", 1200.0), ("F-102", 800.5), ("F-104", 99.99)]
    assert real[0][3] == "Balises & Co" and real[0][9].startswith("cc-oree_registre-depenses.xlsx!")
    flat = list(book["Taux forfaitaires"].iter_rows(min_row=4, max_row=4, values_only=True))[0]
    assert flat[:5] == ("Frais de bureau et administratifs", 512.5, 0.15, 76.87, "=ROUNDDOWN(B4*C4,2)")
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows and sheet.page_setup.orientation in ("landscape", "portrait")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # ours only: no text of a register ever became a formula
                    assert not any(word in cell.value for word in ("Balises", "Facture", "F-10")), cell.value
                elif isinstance(cell.value, float) and cell.column > 1:
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)
    assert book["Personnel"]["I4"].number_format == "#,##0.00##"


def test_libreoffice_recalculates_every_formula_to_the_value_written(interreg, interreg_claims):
    from coopdocs.output.pdf import converted

    assert shutil.which("soffice"), "LibreOffice (soffice) is needed"
    path = interreg / "out/demandes/01_2027-S1/cc-oree/liste-depenses.xlsx"
    formulas = {
        (s.title, c.coordinate)
        for s in load_workbook(path).worksheets
        for r in s.iter_rows()
        for c in r
        if c.data_type == "f"
    }
    assert len(formulas) >= 20
    with converted([path], "xlsx") as mapping:
        book = load_workbook(mapping[path], data_only=True)
        cached = {(s, c): book[s][c].value for s, c in formulas}
        summary = [r for r in book["Synthèse"].iter_rows(values_only=True) if r[0] in SUMMARY_S1_ORE]
        staff_total = book["Personnel"]["K9"].value
        risk = [r for r in book["À justifier"].iter_rows(values_only=True) if r[0] == "Total"][0]
    assert all(isinstance(v, int | float) for v in cached.values()), cached
    for name, value, check in summary:
        assert check == pytest.approx(value, abs=0.001), name
        assert value == SUMMARY_S1_ORE[name]
    assert staff_total == pytest.approx(512.5)
    assert risk[3] == 157.49 and risk[4] == pytest.approx(157.49)


def test_claim_and_attestation_read_with_python_docx(interreg, interreg_claims):
    folder = interreg / "out/demandes/01_2027-S1/cc-oree"
    text = _plain(docx_text(folder / "demande-paiement.docx"))
    assert "Demande de paiement n° 1" in text and "Période 2027-S1 : du 1er janvier 2027 au 30 juin 2027" in text
    # Interreg: the partner's controller (claims.addressees), then the lead partner.
    assert "Contrôleur de premier niveau (France)" in text
    assert "puis au chef de file : Communauté de communes Ardenne Rives de Meuse" in text
    assert "L'attestation de temps de Marc Petit" in text and "Hélène Durand" in text
    tables = docx_tables(folder / "demande-paiement.docx")
    amounts = {_plain(r[0]): _plain(r[1]) for r in tables[0][1:]}
    assert amounts["Montant demandé"] == _plain(money(2794.03))
    assert amounts["Frais de bureau et administratifs (taux forfaitaire)"] == _plain(money(76.87))
    assert [_plain(c) for c in tables[1][1]] == ["FEDER", "60 %", _plain(money(1676.42))]
    assert f"Dont {_plain(money(157.49))} à justifier" in text
    attestation = docx_tables(folder / "attestation-temps_marc-petit.docx")[0]
    assert _plain(attestation[0][1]) == "WP1 – Coordination"
    assert [_plain(c) for c in attestation[-1]][-3:] == ["20,5", "", _plain(money(512.5))]
    signed = _plain(docx_text(folder / "attestation-temps_marc-petit.docx"))
    assert "La personne" in signed and "L'employeur" in signed and "Hélène Durand" in signed


TRAVEL = "Frais de déplacement"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> tuple[Path, dict, dict, dict]:
    """The example project: sheets of Zoé Martin (from March 2027) and Sophie Lenoir, two invoices
    of the GAL du Pays des Étangs; claim 1 for 2027-T1 (with the bilan of the same quarter), claim 2
    for 2027-S1 in English. Julien Hoffmann and Claire Weber are on a fixed share: no sheet."""
    tmp = tmp_path_factory.mktemp("claims-example")
    out = tmp / "out"
    result = run(
        "build", EXAMPLE, "-o", out, "--date", "2027-01-01", "--only", "feuilles-de-temps", "--only", "depenses"
    )
    assert result.exit_code == 0, result.output
    typed = {
        "zoe-martin": {
            "2027-03": {D(2027, 3, 15): {"wp3": 4, "wp1": 2}},
            "2027-04": {D(2027, 4, 12): {"wp3": 7}},
            "2027-05": {},
            "2027-06": {},
        },
        "sophie-lenoir": {  # no sheet before March: no work package of hers starts before (contract v3)
            "2027-03": {D(2027, 3, 15): {"wp2": 7}, D(2027, 3, 22): {"wp2": 3.5}},
            "2027-04": {D(2027, 4, 19): {"wp2": 2}},
            "2027-05": {},
            "2027-06": {},
        },
    }
    for agent, sheets in typed.items():
        for month, days in sheets.items():
            fill_sheet(out / f"feuilles-de-temps/{agent}/{agent}_{month}.xlsx", days)
    fill_register(
        out / "depenses/gal-etangs_registre-depenses.xlsx",
        [
            (D(2027, 2, 10), "Autocars de la Seille", "F-2027-100", TRAVEL, 1250.0, D(2027, 3, 1)),
            (D(2027, 5, 20), "Hôtel des Étangs", "H-5521", TRAVEL, 640.0, D(2027, 6, 1)),
        ],
    )
    first = claim(EXAMPLE, out, "2027-T1")
    result = run("bilan", EXAMPLE, "--period", "2027-T1", "-o", out, "--json", "--date", "2027-12-20")
    assert result.exit_code == 0, result.output
    bilan = json.loads(result.stdout)
    second = claim(EXAMPLE, out, "2027-S1", "--lang", "en")
    return out, first, bilan, second


def test_example_first_claim_worked_by_hand_and_equal_to_the_bilan(example):
    _out, first, bilan, _second = example
    etangs = first["partners"]["gal-etangs"]
    # Julien Hoffmann, fixed share: 0,5 × 48 000 / 12 = 2 000,00 a month × 3 = 6 000,00. Zoé Martin:
    # 34 400 / (1 720 × 0,8) = 25,00 €/h × 6 h on 15/03 = 150,00. Staff 6 150,00 €.
    assert etangs["staff_by_person"] == {"julien-hoffmann": 6000.0, "zoe-martin": 150.0}
    # Travel F-2027-100 1 250,00; office 15 % × 6 150 = 922,50; 6 150 + 1 250 + 922,50 = 8 322,50.
    assert etangs["real_costs"] == {"travel": 1250.0} and etangs["flat_rates"] == {"office_admin": 922.5}
    assert etangs["total"] == 8322.5
    # FEADER 80 %: 6 658,00; own funds 1 664,50.
    assert etangs["funders"] == {"FEADER": 6658.0} and etangs["own_funds"] == 1664.5
    ardenne = first["partners"]["gal-ardenne-sud"]
    # Sophie Lenoir: 52 000 / 1 700 h = 30,588… → 30,59 €/h; 7 h on 15/03 + 3,5 h on 22/03 = 10,5 h: 214,13 + 107,065
    # = 321,195 → 321,20 (her cost rounded once, as the bilan does). Office 15 %: 48,18. 369,38 €.
    assert ardenne["staff"] == 321.2 and ardenne["flat_rates"] == {"office_admin": 48.18}
    assert ardenne["total"] == 369.38
    # FEADER 60 %: 221,628 → 221,63; Wallonie 20 %: 73,876 → 73,88; own funds 73,87.
    assert ardenne["funders"] == {"FEADER": 221.63, "Wallonie": 73.88} and ardenne["own_funds"] == 73.87
    seille = first["partners"]["saveurs-seille"]
    # Claire Weber: 0,3 × 36 000 / 12 = 900,00 × 3 = 2 700,00; office 405,00; 3 105,00 €. FEADER
    # 70 %: 2 173,50; Région Grand Est, 3 000 € of a 35 050 € budget (27 000 + 4 000 + its office
    # 15 % of 27 000 = 4 050): 3 105 × 3 000 / 35 050 = 265,763… → 265,76; own funds 665,74.
    assert seille["staff"] == 2700.0 and seille["total"] == 3105.0 and seille["budget_total"] == 35050.0
    assert seille["funders"] == {"FEADER": 2173.5, "Région Grand Est": 265.76} and seille["own_funds"] == 665.74
    assert "lag-fjord" not in first["partners"]
    # Nothing excluded this quarter: the claim is the bilan, to the cent.
    for partner in bilan["partners"]:
        if partner["id"] in first["partners"]:
            mine = first["partners"][partner["id"]]
            assert (mine["staff"], mine["total"]) == (partner["staff_cost"], partner["total"])
            assert mine["flat_rates"] == partner["flat_rate_costs"]


def test_example_second_claim_in_english_refuses_the_first_quarter(example):
    out, _first, _bilan, second = example
    etangs = second["partners"]["gal-etangs"]
    # April to June: Julien 3 × 2 000 = 6 000,00, Zoé 7 h × 25 = 175,00; H-5521 640,00; office
    # 15 % × 6 175 = 926,25; 7 741,25 €. FEADER 6 193,00, own funds 1 548,25; 8 322,50 claimed before.
    assert etangs["staff_by_person"] == {"julien-hoffmann": 6000.0, "zoe-martin": 175.0}
    assert etangs["real_costs"] == {"travel": 640.0} and etangs["total"] == 7741.25
    assert etangs["funders"] == {"FEADER": 6193.0} and etangs["own_funds"] == 1548.25
    assert etangs["earlier_claims"] == 8322.5 and etangs["cumulative"] == 16063.75
    # Zoé's 7 h on 12/04, above her 5,6 h a day (« à vérifier »): 175,00 and its 15 % 26,25 at risk.
    assert etangs["at_risk"] == 201.25
    refused = [a["message"] for a in etangs["anomalies"] if a["kind"] == "already-claimed"]
    assert any("F-2027-100" in m and "déjà déclarée dans la demande n° 1" in m for m in refused)
    assert any("Julien Hoffmann, 2027-02" in m for m in refused)
    ardenne = second["partners"]["gal-ardenne-sud"]
    # Sophie 2 h × 30,59 = 61,18; office 9,177 → 9,17; 70,35 €. FEADER 42,21; Wallonie 14,07; own 14,07.
    assert ardenne["total"] == 70.35 and ardenne["funders"] == {"FEADER": 42.21, "Wallonie": 14.07}
    assert ardenne["own_funds"] == 14.07 and ardenne["cumulative"] == 439.73
    assert second["partners"]["saveurs-seille"]["cumulative"] == 6210.0
    folder = out / "demandes/02_2027-S1/gal-etangs"
    text = _plain(docx_text(folder / "demande-paiement.docx"))
    # LEADER, no addressee named: the partner's own managing authority or paying agency.
    assert "Payment claim no. 2" in text and "To the partner's managing authority or paying agency" in text
    assert "art." not in text  # the CPR's articles are not cited for a LEADER claim
    assert "Fixed-percentage attestation — Julien Hoffmann" in docx_text(
        folder / "attestation-temps_julien-hoffmann.docx"
    )
    book = load_workbook(folder / "liste-depenses.xlsx")
    assert book.sheetnames == ["Summary", "Staff", "Real costs", "Flat rates", "Simplified costs", "To justify"]
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary["Amount claimed"] == 7741.25 and summary["Claims to date"] == 16063.75


def test_the_bilan_shows_what_the_claims_declared_beside_what_was_spent(example):
    out, _first, _bilan, _second = example
    result = run("bilan", EXAMPLE, "--period", "2027-S1", "-o", out, "--json", "--date", "2027-12-20")
    assert result.exit_code == 0, result.output
    declared = {p["id"]: p["claimed"] for p in json.loads(result.stdout)["partners"]}
    # Claims 1 (2027-T1) and 2 (2027-S1): 8 322,50 + 7 741,25; 369,38 + 70,35; 3 105 × 2; none for the observer.
    assert declared == {"gal-etangs": 16063.75, "gal-ardenne-sud": 439.73, "saveurs-seille": 6210.0, "lag-fjord": 0.0}
    tables = docx_tables(out / "bilans/bilan_2027-S1.docx")
    consumption = next(t for t in tables if "Déclaré dans les demandes" in t[0])
    row = next(r for r in consumption if r[0].startswith("GAL du Pays"))
    assert _plain(row[3]) == _plain(money(16063.75))
    sheet = load_workbook(out / "bilans/bilan_2027-S1.xlsx")["Partenaires"]
    assert sheet["J1"].value == "Déclaré dans les demandes" and sheet["J2"].value == 16063.75


def test_the_claim_command_says_each_partner_s_total_and_what_is_at_risk(tmp_path):
    """What a coordinator reads before sending: the claimed total of each partner and its amount
    « à justifier » (the literals of test_interreg_first_claim_worked_by_hand)."""
    folder = make_interreg(tmp_path)
    result = run("claim", folder / "p.yaml", "--period", "2027-S1", "-o", folder / "out", "--date", "2027-12-20")
    assert result.exit_code == 0, result.stderr
    said = result.stderr.replace("\u202f", " ").replace("\u00a0", " ")
    assert (
        "Demande n° 1 — Communauté de communes Ardenne Rives de Meuse : 2 794,03 € déclarés, dont 157,49 € à justifier"
        in said
    )


def test_a_ledger_changed_by_hand_is_refused_in_french_and_nothing_is_written(tmp_path):
    # One reader of coopdocs' JSON registers (office.folder.load_register) for the claims and the controls.
    folder = make_interreg(tmp_path)
    ledger = folder / "out/demandes/registre.json"
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text("{pas du json", encoding="utf-8")
    result = run("claim", folder / "p.yaml", "--period", "2027-S1", "-o", folder / "out", "--date", "2027-12-20")
    assert result.exit_code == 1
    assert "demandes/registre.json illisible" in result.stderr and "ne se corrige pas à la main" in result.stderr
    assert [p.name for p in (folder / "out/demandes").iterdir()] == ["registre.json"]
    ledger.write_text('{"claims": 3}', encoding="utf-8")
    result = run("claim", folder / "p.yaml", "--period", "2027-S1", "-o", folder / "out", "--date", "2027-12-20")
    assert result.exit_code == 1 and "demandes/registre.json : pas un registre des demandes coopdocs" in result.stderr


def test_a_claim_dated_before_the_end_of_its_period_is_refused_and_writes_nothing(tmp_path):
    """A claim declares the expenditure of a closed period: dated the day before the period's last
    day it is refused (in French, in English with --lang en), nothing written; dated on that day
    or after it, it is written."""
    folder = make_interreg(tmp_path)
    out = folder / "out"

    def claim_on(period: str, day: str, *extra: str):
        return run("claim", folder / "p.yaml", "--period", period, "-o", out, "--date", day, *extra)

    early = claim_on("2027-S1", "2027-06-29")
    assert early.exit_code == 1
    assert (
        "demande datée du 29/06/2027, avant le dernier jour de la période 2027-S1 (30/06/2027) : une demande "
        "déclare les dépenses engagées et payées sur une période close ; datez-la du 30/06/2027 ou d'après"
    ) in early.stderr
    english = claim_on("2027-S1", "2027-06-29", "--lang", "en")
    assert english.exit_code == 1
    assert (
        "claim dated 29/06/2027, before the last day of the period 2027-S1 (30/06/2027): a claim declares the "
        "expenditure incurred and paid over a closed period; date it 30/06/2027 or later"
    ) in english.stderr
    assert not (out / "demandes").exists()
    on_the_day = claim_on("2027-T1", "2027-03-31")  # the first quarter's last day
    assert on_the_day.exit_code == 0, on_the_day.stderr
    after = claim_on("2027-T2", "2027-07-01")
    assert after.exit_code == 0, after.stderr
    assert sorted(p.name for p in (out / "demandes").iterdir()) == ["01_2027-T1", "02_2027-T2", "registre.json"]


def test_the_final_claim_is_a_claim_for_the_balance_and_its_partner_the_subject(tmp_path):
    """`claim --period final` is the balance claim of the whole project: its page says so in
    words (never « Période final »), and the French request begins with the partner's article."""
    folder = make_interreg(tmp_path)
    result = run("claim", folder / "p.yaml", "--period", "final", "-o", folder / "out", "--date", "2029-01-15")
    assert result.exit_code == 0, result.stderr
    text = _plain(docx_text(folder / "out/demandes/01_final/cc-oree/demande-paiement.docx"))
    assert "Demande de solde — tout le projet : du 1er janvier 2027 au 31 décembre 2028" in text
    assert "Période final" not in text
    assert "La Communauté de communes Ardenne Rives de Meuse demande le paiement des dépenses ci-dessous" in text
    attestation = _plain(docx_text(folder / "out/demandes/01_final/cc-oree/attestation-temps_marc-petit.docx"))
    assert "Demande de solde — tout le projet" in attestation
