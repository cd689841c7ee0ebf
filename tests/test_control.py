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
from test_claims import IDELUX_S1, IDELUX_S2, ORE_S1, ORE_S2, D, claim, fill_register, fill_sheet, make_interreg

from conftest import docx_tables, docx_text, run
from conftest import header as find_header
from coopdocs.forms._reading import plain

DATE = "2028-01-20"  # after the claims (tests/test_claims.py: CLAIMED, 2028-01-15)
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


def header(sheet, words: set[str]) -> tuple[int, dict[str, int]]:
    """The control workbook's header, within its first 20 rows."""
    return find_header(sheet, words, max_row=20)


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def fill_control(path: Path, decisions: dict[str, tuple], answer: str | None = "oui") -> None:
    """Type the controller's decisions on the lines whose « Élément » starts with each key, and
    `answer` to every point of the checklist left unanswered (None leaves them so)."""
    book = load_workbook(path)
    sheet = book["Lignes"]
    head, cols = header(sheet, {"Élément", "Montant déduit"})
    names = ("Échantillon", "Montant certifié", "Montant déduit", "Type d'erreur", "Reportée", "Commentaire")
    for row in range(head + 1, sheet.max_row + 1):
        what = plain(sheet.cell(row=row, column=cols["Élément"]).value)
        for start, values in decisions.items():
            if what.startswith(start):
                for name, value in zip(names, values, strict=True):
                    sheet.cell(row=row, column=cols[name]).value = value  # None empties the cell
    checks = book["Liste de contrôle"]
    head, cols = header(checks, {"Point de contrôle", "Réponse"})
    for r in range(head + 1, checks.max_row + 1):
        if answer and checks.cell(row=r, column=cols["Réponse"]).value is None:
            checks.cell(row=r, column=cols["Réponse"], value=answer)
    book.save(path)


def control(folder: Path, number: int, partner: str, *extra: str):
    return run(
        "control",
        folder / "p.yaml",
        "--claim",
        number,
        "--partner",
        partner,
        "-o",
        folder / "out",
        "--date",
        DATE,
        *extra,
    )


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
        [
            sheet.cell(row=r, column=cols[n]).value
            for n in ("Poste", "Élément", "Source", "Constats de coopdocs", "Montant déclaré")
        ]
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
    assert (
        types.formula1
        == '"inéligible,non justifié,hors période,marchés publics,erreur de calcul,double financement,autre"'
    )
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
    paid = answered["Paiement dans la période d'éligibilité"]
    assert (_plain(paid[0]), paid[1]) == (
        "vérifié automatiquement : les 3 dépenses payées entre le 01/10/2026 (début d'éligibilité) et le "
        "15/01/2028 (date de la demande)",
        "oui",
    )


def fill_first(folder: Path) -> None:
    fill_control(workbook(folder), DECISIONS)


def test_a_report_with_an_unanswered_point_is_refused_with_its_cell(first, tmp_path):
    copy = tmp_path / "copie"
    shutil.copytree(first, copy)
    fill_control(workbook(copy), DECISIONS, answer=None)  # the points coopdocs could not check, left blank
    result = control(copy, 1, "cc-oree", "--report")
    assert result.exit_code == 1
    # Aides d'État, row 17 of the checklist (its « Réponse » in column E), among 6 unanswered points
    assert "controle.xlsx!Liste de contrôle!E17 : sans réponse : oui, non ou sans objet attendu" in result.output
    assert "6 problèmes dans le classeur du contrôleur : rien n'a été écrit." in result.output
    assert not (copy / "out" / "controle" / "registre.json").exists()


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
    assert figures["sample"] == {"lines": 6, "of": 8}  # the flat rate is computed: never in the sample


def test_the_report_read_with_python_docx(reported):
    folder, _figures = reported
    path = folder / "out/controle/01/cc-oree/rapport-controle.docx"
    text = _plain(docx_text(path))
    assert "Rapport de contrôle — demande de paiement n° 1" in text
    assert "Demande de la période 2027-S1 : du 1er janvier 2027 au 30 juin 2027" in text
    assert "Partenaire contrôlé : Communauté de communes Ardenne Rives de Meuse" in text
    assert (
        "Contrôle mené par Claire Fontaine, Contrôleur de premier niveau (France), et relu par Louis Marchal, "
        "Contrôleur de premier niveau (France)."
    ) in text
    tables = docx_tables(path)
    amounts = {_plain(r[0]): [_plain(c) for c in r[1:]] for r in tables[0][1:]}
    assert tables[0][0] == ["Poste", "Déclaré", "Certifié", "Déduit", "Mis en attente"]
    assert amounts["Frais de personnel"] == ["512,50 €", "395,00 €", "117,50 €", "0,00 €"]
    assert amounts["Équipement"] == ["2 100,49 €", "1 000,00 €", "1 000,50 €", "99,99 €"]
    assert amounts["Frais de bureau et administratifs"] == ["76,87 €", "59,25 €", "17,62 €", "0,00 €"]
    assert amounts["Coûts unitaires"] == ["104,17 €", "62,50 €", "41,67 €", "0,00 €"]
    assert amounts["Total"] == ["2 794,03 €", "1 516,75 €", "1 177,29 €", "99,99 €"]
    by_type = {_plain(r[0]): _plain(r[1]) for r in tables[1][1:]}
    assert by_type == {
        "erreur de calcul": "25,00 €", "non justifié": "30,00 €", "inéligible": "50,00 €", "autre": "12,50 €",
        "marchés publics": "200,00 €", "double financement": "800,50 €",
        "recalcul du taux forfaitaire": "17,62 €", "hors période": "41,67 €", "Total": "1 177,29 €",
    }  # fmt: skip
    # 6 lines of the 8 that are not a flat rate: 175 + 50 + 1 200 + 800,50 + 99,99 + 104,17 = 2 429,66 € of the 2 717,16 € that are
    # not a flat rate (2 794,03 − 76,87): 89,42 %.
    assert "6 lignes contrôlées sur 8, pour 2 429,66 € déclarés (89,42 % des montants contrôlables)" in text
    findings = {_plain(r[0]).split(" :")[0]: [_plain(c) for c in r[1:]] for r in tables[3][1:]}
    assert findings["Facture F-101 de Balises & Co du 01/02/2027"] == [
        "1 200,00 €",
        "200,00 €",
        "marchés publics",
        "un seul devis",
    ]
    assert findings["Marc Petit, 2027-02"] == ["150,00 €", "30,00 €", "non justifié", ""]
    parked = [[_plain(c) for c in r] for r in tables[4][1:]]
    assert (
        len(parked) == 1
        and parked[0][0].startswith("Facture F-104")
        and parked[0][1:] == ["99,99 €", "preuve de paiement attendue"]
    )
    assert "Les lignes mises en attente reviennent dans le contrôle de la prochaine demande" in text
    checklist = tables[5]
    assert checklist[0] == ["Thème", "Point de contrôle", "Vérification de coopdocs", "Réponse", "Commentaire"]
    assert len(checklist) == 17 and checklist[1][0] == "Frais de personnel"
    answered = {_plain(r[1]): r[3] for r in checklist[1:]}
    assert answered["Pourcentage fixe documenté (lettre de mission)"] == "sans objet"  # coopdocs' answer, kept
    assert {a for p, a in answered.items() if not p.startswith("Pourcentage fixe")} == {"oui"}
    assert "Le contrôleur" in text and "Le relecteur" in text and "Fait à …………………………, le 20 janvier 2028" in text


def test_the_certificate_names_two_people_and_the_certified_amount(reported):
    folder, _figures = reported
    path = folder / "out/controle/01/cc-oree/certificat-controle.docx"
    text = _plain(docx_text(path))
    assert "Certificat de contrôle" in text
    assert (
        "Je soussigné(e) Claire Fontaine, Contrôleur de premier niveau (France), certifie avoir contrôlé les dépenses "
        "déclarées par la Communauté de communes Ardenne Rives de Meuse dans sa demande de paiement n° 1"
    ) in text
    rows = {_plain(r[0]): _plain(r[1]) for r in docx_tables(path)[0][1:]}
    assert rows == {
        "Déclaré": "2 794,03 €", "Déduit": "1 177,29 €", "Mis en attente": "99,99 €", "Montant certifié": "1 516,75 €",
    }  # fmt: skip
    assert "Le montant certifié s'élève à 1 516,75 €." in text
    assert "relu par Louis Marchal, Contrôleur de premier niveau (France), seconde personne" in text
    signatures = docx_tables(path)[-1][0]
    assert "Claire Fontaine" in signatures[0] and "Louis Marchal" in signatures[1]
    record = json.loads((folder / "out/controle/registre.json").read_text(encoding="utf-8"))
    (entry,) = record["controls"]
    assert (entry["claim"], entry["partner"], entry["certified"], entry["parked_total"]) == (
        1,
        "cc-oree",
        "1516.75",
        "99.99",
    )


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def copy(first, tmp_path) -> Path:
    """A copy of claim 1's folder, its workbook filled as in the round but for one slip."""
    shutil.copytree(first, tmp_path / "c", symlinks=True)
    fill_first(tmp_path / "c")
    return tmp_path / "c"


def _refused(folder: Path, *args: str) -> str:
    before = _files(folder / "out")
    result = control(folder, *args)
    assert result.exit_code == 1, result.output
    assert _files(folder / "out") == before  # nothing written
    return _plain(result.stderr)


def _row_of(path: Path, start: str) -> int:
    sheet = load_workbook(path)["Lignes"]
    return next(c.row for c in sheet["E"] if isinstance(c.value, str) and plain(c.value).startswith(start))


def test_a_deduction_above_the_line_is_refused_by_its_cell(copy):
    fill_control(workbook(copy), {"Facture F-101": ("oui", None, 1300, "inéligible", "non", "")})
    row = _row_of(workbook(copy), "Facture F-101")
    said = _refused(copy, 1, "cc-oree", "--report")
    assert (
        f"Erreur : controle.xlsx!Lignes!K{row} : montant déduit 1 300,00 € supérieur au montant déclaré (1 200,00 €)"
        in said
    )
    assert "1 problème dans le classeur du contrôleur : rien n'a été écrit." in said


def test_a_deduction_without_its_type_is_refused_by_its_cell(copy):
    fill_control(workbook(copy), {"Marc Petit, 2027-04": ("oui", None, 12.5, None, "non", "")})
    row = _row_of(workbook(copy), "Marc Petit, 2027-04")
    said = _refused(copy, 1, "cc-oree", "--report")
    assert (
        f"Erreur : controle.xlsx!Lignes!L{row} : une déduction sans type d'erreur : choisissez-le dans la liste" in said
    )


def test_the_workbook_s_refusals_are_in_english_with_lang_en(copy):
    """The reader's refusals come from the catalogue: with --lang en, the same cells in English."""
    fill_control(workbook(copy), {"Facture F-101": ("oui", None, 1300, "inéligible", "non", "")})
    fill_control(workbook(copy), {"Marc Petit, 2027-04": ("oui", None, 12.5, None, "non", "")})
    f101, april = _row_of(workbook(copy), "Facture F-101"), _row_of(workbook(copy), "Marc Petit, 2027-04")
    said = _refused(copy, 1, "cc-oree", "--report", "--lang", "en")
    assert (
        f"Error: controle.xlsx!Lignes!K{f101}: deducted amount €1,300.00 above the declared amount (€1,200.00)" in said
    )
    assert f"Error: controle.xlsx!Lignes!L{april}: a deduction without a type of error: choose it from the list" in said
    assert "2 problems in the controller's workbook: nothing was written." in said
    assert "Erreur" not in said and "problème" not in said
    target = workbook(copy, 1, "idelux")
    target.parent.mkdir(parents=True)
    shutil.copy(workbook(copy), target)
    said = _refused(copy, 1, "idelux", "--report", "--lang", "en")
    assert (
        "Error: controle.xlsx!coopdocs!B3: this workbook is not the one of claim no. 1 of Intercommunale des "
        "sentiers de Meuse (it is another claim's or another partner's)"
    ) in said


def test_a_type_of_error_outside_the_list_is_refused(copy):
    # openpyxl does not enforce the workbook's drop-down list: the reader checks it.
    fill_control(workbook(copy), {"Facture F-101": ("oui", None, 200, "faute", "non", "")})
    row = _row_of(workbook(copy), "Facture F-101")
    said = _refused(copy, 1, "cc-oree", "--report")
    assert f"controle.xlsx!Lignes!L{row} : type d'erreur « faute » inconnu (types : inéligible, non justifié" in said


def test_a_workbook_of_another_partner_is_refused(copy):
    target = workbook(copy, 1, "idelux")
    target.parent.mkdir(parents=True)
    shutil.copy(workbook(copy), target)
    said = _refused(copy, 1, "idelux", "--report")
    assert (
        "Erreur : controle.xlsx!coopdocs!B3 : ce classeur n'est pas celui de la demande n° 1 de l'Intercommunale des "
        "sentiers de Meuse (il est celui d'une autre demande ou d'un autre partenaire)"
    ) in said


def test_one_person_as_controller_and_reviewer_is_refused_at_its_line(copy):
    text = (copy / "p.yaml").read_text(encoding="utf-8").replace("name: Louis Marchal", "name: Claire Fontaine")
    (copy / "p.yaml").write_text(text, encoding="utf-8")
    said = _refused(copy, 1, "cc-oree", "--report")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith("  reviewer:"))
    assert (
        f"p.yaml:{line}:13: control.reviewer: le contrôleur et le relecteur sont la même personne (Claire Fontaine) : "
        "le contrôle est relu par une seconde personne (principe des quatre yeux)"
    ) in said


@pytest.fixture(scope="module")
def second(reported) -> tuple[Path, dict]:
    """July's sheet and the second half's invoices, claim 2 for 2027; its control brings F-104 back
    and certifies every line in full (the controller types nothing but F-104's « non »)."""
    folder, _first = reported
    fill_sheet(folder / "out/feuilles-de-temps/marc-petit/marc-petit_2027-07.xlsx", {D(2027, 7, 12): {"wp1": 4}})
    fill_register(folder / "out/depenses/cc-oree_registre-depenses.xlsx", ORE_S1 + ORE_S2)
    fill_register(folder / "out/depenses/idelux_registre-depenses.xlsx", IDELUX_S1 + IDELUX_S2)
    claim(folder / "p.yaml", folder / "out", "2027")
    result = control(folder, 2, "cc-oree")
    assert result.exit_code == 0, result.output + result.stderr
    fill_control(workbook(folder, 2), {"Facture F-104": ("oui", None, None, None, "non", "preuve reçue")})
    result = control(folder, 2, "cc-oree", "--report", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return folder, json.loads(result.stdout)


def test_the_parked_invoice_comes_back_in_the_next_claim_s_control(second):
    folder, figures = second
    sheet = load_workbook(workbook(folder, 2))["Lignes"]
    head, cols = header(sheet, {"Demande", "Élément", "Montant déclaré"})
    rows = [
        (
            _plain(sheet.cell(row=r, column=cols["Demande"]).value),
            _plain(sheet.cell(row=r, column=cols["Élément"]).value).split(" :")[0],
        )
        for r in range(head + 1, sheet.max_row + 1)
        if sheet.cell(row=r, column=cols["Élément"]).value
    ]
    # Claim 2 (tests/test_claims.py): July's 4 h, F-103, the office flat rate, 1,5 nights; then F-104, parked in claim 1.
    assert rows == [
        ("n° 2", "Marc Petit, 2027-07"), ("n° 2", "Facture F-103 de Balises & Co du 02/08/2027"),
        ("n° 2", "Frais de bureau et administratifs"), ("n° 2", "Coût unitaire « nuitée »"),
        ("n° 1, reportée", "Facture F-104 de Balises & Co du 10/06/2027"),
    ]  # fmt: skip
    # Declared 627,50 (100 + 450 + 15 + 62,50), brought back 99,99: certified 727,49, nothing deducted nor parked.
    assert (figures["declared"], figures["brought_back"], figures["certified"]) == (627.5, 99.99, 727.49)
    assert figures["deducted"]["total"] == 0.0 and figures["parked"] == {"total": 0.0, "lines": []}
    text = _plain(docx_text(folder / "out/controle/02/cc-oree/rapport-controle.docx"))
    assert "Facture F-104 de Balises & Co du 10/06/2027" in text and "(reportée de la demande n° 1)" in text
    amounts = docx_tables(folder / "out/controle/02/cc-oree/rapport-controle.docx")[0]
    assert amounts[0] == [
        "Poste",
        "Déclaré",
        "Reporté d'une demande précédente",
        "Certifié",
        "Déduit",
        "Mis en attente",
    ]
    equipment = next(r for r in amounts if r[0] == "Équipement")
    assert [_plain(c) for c in equipment[1:]] == ["450,00 €", "99,99 €", "549,99 €", "0,00 €", "0,00 €"]
    # A third control would not bring it back again: decided in claim 2's.
    record = json.loads((folder / "out/controle/registre.json").read_text(encoding="utf-8"))
    assert [c["claim"] for c in record["controls"]] == [1, 2] and record["controls"][1]["parked"] == []


def test_claim_1_s_workbook_in_claim_2_s_place_is_refused(second, tmp_path):
    folder, _figures = second
    shutil.copytree(folder, tmp_path / "c", symlinks=True)
    shutil.copy(workbook(tmp_path / "c", 1), workbook(tmp_path / "c", 2))
    said = _refused(tmp_path / "c", 2, "cc-oree", "--report")
    assert (
        "controle.xlsx!coopdocs!B2 : ce classeur n'est pas celui de la demande n° 2 de la Communauté de communes"
        in said
    )


def test_the_bilan_shows_certified_beside_declared(second):
    folder, _figures = second
    result = run("bilan", folder / "p.yaml", "--period", "2027", "-o", folder / "out", "--json", "--date", DATE)
    assert result.exit_code == 0, result.output
    partners = {p["id"]: p for p in json.loads(result.stdout)["partners"]}
    # Declared: claims 1 and 2, 2 794,03 + 627,50 = 3 421,53; certified: 1 516,75 + 727,49 = 2 244,24.
    # idelux's claims are not controlled yet: nothing certified.
    assert partners["cc-oree"]["claimed"] == 3421.53 and partners["cc-oree"]["certified"] == 2244.24
    assert partners["idelux"]["certified"] == 0.0
    tables = docx_tables(folder / "out/bilans/bilan_2027.docx")
    consumption = next(t for t in tables if "Certifié par le contrôle" in t[0])
    row = next(r for r in consumption if r[0].startswith("Communauté de communes"))
    heads = consumption[0]
    assert _plain(row[heads.index("Déclaré dans les demandes")]) == "3 421,53 €"
    assert _plain(row[heads.index("Certifié par le contrôle")]) == "2 244,24 €"
    sheet = load_workbook(folder / "out/bilans/bilan_2027.xlsx")["Partenaires"]
    head = [c.value for c in sheet[1]]
    column = head.index("Certifié par le contrôle") + 1
    assert sheet.cell(row=2, column=column).value == 2244.24


def test_an_english_control_with_revenue_and_a_lump_sum(reported):
    """idelux's claim 1 (tests/test_claims.py): C-1 4 000,00, the lump sum 2 500,00, the office flat
    rate 15 % of no staff (0,00), less 150,00 of revenue: 6 350,00. Controlled in English."""
    folder, _figures = reported
    assert control(folder, 1, "idelux", "--lang", "en").exit_code == 0
    path = workbook(folder, 1, "idelux")
    book = load_workbook(path)
    assert book.sheetnames == ["Lines", "Checklist", "coopdocs"]
    sheet = book["Lines"]
    head, cols = header(sheet, {"Line", "Deducted amount", "Type of error", "Sample"})
    for row in range(head + 1, sheet.max_row + 1):
        if plain(sheet.cell(row=row, column=cols["Line"]).value).startswith("Invoice C-1"):
            sheet.cell(row=row, column=cols["Sample"]).value = "yes"
            sheet.cell(row=row, column=cols["Deducted amount"]).value = "500,00"  # typed as text, a comma
            sheet.cell(row=row, column=cols["Type of error"]).value = "Non justifié"  # the case aside
    checks = book["Checklist"]
    head, cols = header(checks, {"Control point", "Answer"})
    for r in range(head + 1, checks.max_row + 1):  # every point answered, in English
        if checks.cell(row=r, column=cols["Answer"]).value is None:
            checks.cell(row=r, column=cols["Answer"], value="yes")
    book.save(path)
    result = control(folder, 1, "idelux", "--report", "--lang", "en", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    figures = json.loads(result.stdout)
    # Certified 3 500 + 2 500 + 0 − 150 = 5 850,00; deducted 500,00 « non justifié ».
    assert (figures["declared"], figures["certified"], figures["deducted"]["total"]) == (6350.0, 5850.0, 500.0)
    assert figures["deducted"]["by_type"] == {"non justifié": 500.0}
    tables = docx_tables(folder / "out/controle/01/idelux/rapport-controle.docx")
    assert tables[0][0] == ["Item", "Declared", "Certified", "Deducted", "Parked"]
    rows = {r[0]: r[1:] for r in tables[0][1:]}
    assert rows["Net revenue deducted"] == ["− €150.00", "− €150.00", "", ""]
    assert rows["Lump sums"] == ["€2,500.00", "€2,500.00", "€0.00", "€0.00"]
    assert rows["Total"] == ["€6,350.00", "€5,850.00", "€500.00", "€0.00"]
    text = docx_text(folder / "out/controle/01/idelux/certificat-controle.docx")
    assert "The certified amount is €5,850.00." in text


def test_a_parked_staff_month_parks_its_flat_rate_share():
    """Staff 100,00 + 200,00 (one person), office 15 %: 45,00 declared. The 200,00 month parked: the
    flat rate certified on 100,00 is 15,00, its share on the parked month rounddown(0,15 × 300) − 15 = 30,00
    parked with it, nothing deducted; the next control brings back the month and its 30,00."""
    import datetime as dt
    from decimal import Decimal

    from coopdocs.control.figures import Decision, compute
    from coopdocs.control.lines import ClaimLines, Line
    from coopdocs.output.control_files import parked_entries

    lines = [
        Line("m1", 1, "staff", "staff", "A, 01", "", "", Decimal(100), agent="a"),
        Line("m2", 1, "staff", "staff", "A, 02", "", "", Decimal(200), agent="a"),
        Line("f", 1, "flat", "office_admin", "Bureau", "", "", Decimal(45), rate=Decimal("0.15")),
    ]
    claim = ClaimLines(1, "2027", dt.date(2027, 12, 1), "p", lines, Decimal(345), Decimal(0), [])
    decisions = {"m1": Decision(certified=Decimal(100)), "m2": Decision(parked=True), "f": Decision()}
    result = compute(claim, decisions, [], "recalcul")
    assert (result.certified, result.parked, result.deducted) == (Decimal("115.00"), Decimal("230.00"), Decimal(0))
    parked = parked_entries(result, "fr")
    assert [(e["kind"], e["declared"]) for e in parked] == [("staff", "200"), ("flat", "30.00")]
    assert (
        _plain(parked[1]["what"])
        == "Frais de bureau et administratifs : 15 % de frais de personnel (lignes reportées de la demande n° 1)"
    )


def _tool(*args) -> str:
    import subprocess

    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    return int(next(line for line in _tool("pdfinfo", pdf).splitlines() if line.startswith("Pages:")).split()[1])


def test_rendered_by_libreoffice_the_certificate_is_one_page_and_the_lines_one_page_wide(reported):
    """What a controller prints and signs: the certificate on one page with both signature blocks,
    the report with its tables, the workbook's lines on one page's width (LibreOffice, pdftotext)."""
    from conftest import soffice_or_fail
    from coopdocs.output.pdf import converted

    soffice_or_fail()
    folder, _figures = reported
    where = folder / "out/controle/01/cc-oree"
    files = [where / "certificat-controle.docx", where / "rapport-controle.docx", where / "controle.xlsx"]
    with converted(files, "pdf") as pdfs:
        pages = {f.name: _pages(pdfs[f]) for f in files}
        text = {f.name: _plain(_tool("pdftotext", "-layout", pdfs[f], "-")) for f in files}
    assert pages["certificat-controle.docx"] == 1
    assert "Le montant certifié s'élève à 1 516,75 €." in text["certificat-controle.docx"]
    assert "Le contrôleur" in text["certificat-controle.docx"] and "Le relecteur" in text["certificat-controle.docx"]
    assert pages["rapport-controle.docx"] <= 4 and "Déductions par type d'erreur" in text["rapport-controle.docx"]
    # « Lignes » on one page (9 lines, every column), then the checklist: nothing cut off at the right.
    lines = text["controle.xlsx"].split("\f")[0]
    assert "Commentaire" in lines and "Coût unitaire" in lines and "Référence interne" not in lines


def test_a_claim_written_before_coopdocs_control_is_controlled_too(first, tmp_path):
    """A ledger of an earlier coopdocs: no flat rates, sources nor findings recorded. The flat rate
    is recomputed as the claim computed it (15 % of 512,50 = 76,87), the sources said by register row."""
    shutil.copytree(first, tmp_path / "c", symlinks=True)
    out = tmp_path / "c/out"
    shutil.rmtree(out / "controle")
    ledger = json.loads((out / "demandes/registre.json").read_text(encoding="utf-8"))
    for claim_entry in ledger["claims"]:
        for entry in claim_entry["partners"].values():
            for key in ("flat_rates", "findings", "staff_by_agent", "eligible"):
                entry.pop(key, None)
            for invoice in entry["invoices"]:
                for key in ("where", "at_risk", "wp", "paid"):
                    invoice.pop(key)
    (out / "demandes/registre.json").write_text(json.dumps(ledger), encoding="utf-8")
    assert control(tmp_path / "c", 1, "cc-oree").exit_code == 0
    sheet = load_workbook(workbook(tmp_path / "c"))["Lignes"]
    head, cols = header(sheet, {"Élément", "Source", "Montant déclaré"})
    rows = {
        _plain(sheet.cell(row=r, column=cols["Élément"]).value).split(" :")[0]: (
            sheet.cell(row=r, column=cols["Source"]).value,
            sheet.cell(row=r, column=cols["Montant déclaré"]).value,
        )
        for r in range(head + 1, sheet.max_row + 1)
        if sheet.cell(row=r, column=cols["Élément"]).value
    }
    assert rows["Frais de bureau et administratifs"] == ("Calculé par coopdocs", 76.87)
    assert rows["Facture F-101 de Balises & Co du 01/02/2027"] == ("cc-oree_registre-depenses.xlsx, ligne 7", 1200)


MONTH_ENDS = {"2027-01": "2027-01-31", "2027-02": "2027-02-28", "2027-03": "2027-03-31", "2027-04": "2027-04-30"}


def signed_off(first, folder, monkeypatch, days: dict[str, tuple[str, str]]) -> list[tuple]:
    """Claim 1's folder copied, Marc Petit's four months signed and approved on the days given
    (month → (signed, approved)), the control workbook written: its « Liste de contrôle » rows."""
    from coopdocs.forms import sheet_life

    shutil.copytree(first, folder, symlinks=True)
    shutil.rmtree(folder / "out/controle")
    for month, dated in days.items():
        for (step, who), day in zip((("sign", "Marc Petit"), ("approve", "Hélène Durand")), dated, strict=True):
            monkeypatch.setattr(sheet_life, "now", lambda day=day: f"{day}T16:00:00+00:00")
            result = run("sheet", step, "marc-petit", month, folder / "p.yaml", "--by", who, "-o", folder / "out")
            assert result.exit_code == 0, result.output + result.stderr
    assert control(folder, 1, "cc-oree").exit_code == 0
    return list(load_workbook(workbook(folder))["Liste de contrôle"].iter_rows(values_only=True))


def test_sheets_signed_and_approved_are_checked_automatically(first, tmp_path, monkeypatch):
    days = {month: (end, end) for month, end in MONTH_ENDS.items()}  # on each month's last day: in time
    rows = signed_off(first, tmp_path / "c", monkeypatch, days)
    row = next(r for r in rows if r[2] and r[2].startswith("Feuilles de temps signées"))
    assert (_plain(row[3]), row[4]) == ("vérifié automatiquement : 4 feuilles signées et approuvées", "oui")
    archive = next(r for r in rows if r[2] and r[2].startswith("Pièces archivées"))
    assert _plain(archive[3]).startswith("à conserver 10 ans") and archive[4] is None


def test_a_sheet_signed_before_its_month_s_end_is_left_to_the_controller(first, tmp_path, monkeypatch):
    days = {month: (end, "2027-05-03") for month, end in MONTH_ENDS.items()}
    days["2027-01"] = ("2027-01-20", "2027-01-21")  # both before 31 January 2027
    rows = signed_off(first, tmp_path / "c", monkeypatch, days)
    row = next(r for r in rows if r[2] and r[2].startswith("Feuilles de temps signées"))
    assert (_plain(row[3]), row[4]) == (
        "à vérifier : Feuille de Marc Petit, janvier 2027 : signée le 20 janvier 2027, avant la fin du mois "
        "(31 janvier 2027) ; un contrôleur demandera pourquoi ; Feuille de Marc Petit, janvier 2027 : approuvée "
        "par Hélène Durand le 21 janvier 2027, avant la fin du mois (31 janvier 2027) ; un contrôleur demandera "
        "pourquoi",
        None,
    )
    assert "février" not in row[3] and "mars" not in row[3] and "avril" not in row[3]


def test_a_line_s_reference_survives_french_typography():
    """A supplier « Bois : Frères ; Fils » puts « : » and « ; » in the hidden reference, which the
    French workbook typesets with no-break spaces: the reader still finds its line."""
    from coopdocs.claims.ledger import invoice_key
    from coopdocs.control.reader import _key
    from coopdocs.french import typeset

    key = invoice_key("p", "F:1", "Bois : Frères ; Fils!", "2027-01-01")
    assert typeset(key) != key and _key(typeset(key)) == _key(key)


def test_what_is_refused_before_any_workbook(first):
    said = _plain(control(first, 7, "cc-oree").stderr)
    assert "Erreur : --claim 7 : pas de demande n° 7 au registre des demandes (écrites : 1" in said
    said = _plain(control(first, 1, "cc-ore").stderr)
    assert "Erreur : --partner : partenaire `cc-ore` inconnu — vouliez-vous dire `cc-oree` ?" in said
    said = _plain(control(first, 1, "ort-ardennes").stderr)
    assert (
        "--partner ort-ardennes : la demande n° 1 ne porte pas de dépenses de ce partenaire (cc-oree, idelux)" in said
    )


def test_a_leader_claim_is_checked_by_the_managing_authority_s_instructor(tmp_path):
    """The example (LEADER): claim 1 for 2027-T1 of the GAL du Pays des Étangs holds only Julien
    Hoffmann's fixed share (no sheet filled) and its office flat rate. No article of the CPR is cited."""
    from conftest import EXAMPLE

    (tmp_path / "p.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")  # its `control` section
    out = tmp_path / "out"
    assert run("build", tmp_path / "p.yaml", "-o", out, "--only", "depenses", "--date", "2027-01-01").exit_code == 0
    claim(tmp_path / "p.yaml", out, "2027-T1")
    assert control(tmp_path, 1, "gal-etangs").exit_code == 0
    book = load_workbook(workbook(tmp_path, 1, "gal-etangs"))
    texts = [
        _plain(c) for s in book.worksheets[:2] for r in s.iter_rows(values_only=True) for c in r if isinstance(c, str)
    ]
    assert not [t for t in texts if "RDC" in t]
    checks = {r[2]: (r[3], r[4]) for r in book["Liste de contrôle"].iter_rows(min_row=6, values_only=True)}
    method = checks["Méthode de calcul des frais de personnel conforme à la règle du programme"]
    assert _plain(method[0]) == (
        "vérifié automatiquement : pourcentage fixe du coût annuel brut, un douzième par mois (la règle du programme)"
    )
    assert checks["Base horaire annuelle appliquée"] == ("aucun agent au temps passé dans cette demande", "sans objet")
    fill_control(workbook(tmp_path, 1, "gal-etangs"), {})  # the instructor answers the points left to them
    result = control(tmp_path, 1, "gal-etangs", "--report", "--json")
    assert result.exit_code == 0, result.stderr
    # Julien Hoffmann 3 × 2 000,00 + office 15 % = 900,00: 6 900,00, certified in full.
    assert json.loads(result.stdout)["certified"] == 6900.0
    text = _plain(docx_text(out / "controle/01/gal-etangs/certificat-controle.docx"))
    assert "Je soussigné(e) Hélène Marchetti, Service instructeur LEADER (Région Grand Est), certifie" in text
