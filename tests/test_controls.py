"""What a first-level controller would reject, found in the filled forms: each example of the
issue « Figures a controller signs » as a scenario on the bilan test project, with the anomaly's
kind, severity and cell, and the figures counting every hour and invoice once (or not at all
until the doubt is lifted). Expected hours are worked by hand from test_bilan.TYPED."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_bilan import figures, fill_register, fill_sheet, project_dir  # noqa: F401 (fixture)

from conftest import docx_tables, docx_text, header, run

SHEETS = "out/feuilles-de-temps"


@pytest.fixture
def case(project_dir: Path, tmp_path: Path) -> Path:  # noqa: F811 - the fixture imported above
    folder = tmp_path / "cas"
    shutil.copytree(project_dir, folder)
    return folder


def edit(path: Path, change) -> None:
    book = load_workbook(path)
    sheet = book["Feuille"]
    sheet.protection.sheet = False
    change(book, sheet)
    book.save(path)


def row_of(sheet, day: dt.date) -> int:
    head, _ = header(sheet, {"Date", "Total"})
    for row in sheet.iter_rows(min_row=head + 1, max_col=1):
        if isinstance(row[0].value, dt.datetime) and row[0].value.date() == day:
            return row[0].row
    raise AssertionError(day)


def found(data: dict, kind: str) -> list[dict]:
    return [a for a in data["anomalies"] if a["kind"] == kind]


def agent(data: dict, agent_id: str) -> dict:
    return next(a for a in data["agents"] if a["id"] == agent_id)


def test_a_blank_row_in_the_middle_drops_nothing_and_a_row_without_date_is_reported(case):
    path = case / SHEETS / "hana/hana_2028-01.xlsx"

    def blank(book, sheet):
        sheet.cell(row=row_of(sheet, dt.date(2028, 1, 5)), column=1).value = None  # an empty day
        sheet.cell(row=row_of(sheet, dt.date(2028, 1, 12)), column=1).value = None  # 4 + 3 h typed

    edit(path, blank)
    data = figures(case, "2028-01")
    # January typed: 10th 3 + 2, 11th 4 + 3, 12th 4 + 3 = 19 h; the 12th lost its date: 12 h counted.
    assert agent(data, "hana")["hours_total"] == 12.0
    [row] = found(data, "row-without-date")
    assert row["severity"] == "bloquant" and row["file"] == "hana_2028-01.xlsx" and row["cell"].startswith("A")
    assert "heures saisies sans date (4, 3)" in row["message"]


def test_two_rows_for_one_date_count_against_the_daily_maximum_together(case):
    path = case / SHEETS / "hana/hana_2028-01.xlsx"

    def second_row(book, sheet):
        row = row_of(sheet, dt.date(2028, 1, 13))
        sheet.cell(row=row, column=1, value=dt.datetime(2028, 1, 10))
        sheet.cell(row=row, column=3, value=6)  # WP1

    edit(path, second_row)
    data = figures(case, "2028-01")
    [over] = found(data, "over-daily-max")
    # The 10th: 3 + 2 + 2 (other) on one row, 6 on the other = 13 h.
    assert over["message"].startswith("13 h le 10/01/2028 sur 2 lignes, au-delà du maximum journalier")
    assert agent(data, "hana")["hours_total"] == 25.0  # 19 + 6


def test_an_extra_column_is_reported_not_charged(case):
    path = case / SHEETS / "hana/hana_2028-01.xlsx"

    def extra(book, sheet):
        head, cols = header(sheet, {"Date", "Total"})
        column = max(cols.values()) + 1
        sheet.cell(row=head, column=column, value="Frais - km")
        sheet.cell(row=row_of(sheet, dt.date(2028, 1, 10)), column=column, value=12)

    edit(path, extra)
    data = figures(case, "2028-01")
    assert agent(data, "hana")["hours_total"] == 19.0 and agent(data, "hana")["hours"] == {"wp1": 11.0, "wp2": 8.0}
    [column] = found(data, "unknown-column")
    assert (
        column["severity"] == "a-verifier" and "« Frais - km »" in column["message"] and column["cell"].endswith("11")
    )


def test_two_files_for_one_agent_month_block_the_month(case):
    folder = case / SHEETS / "hana"
    shutil.copyfile(folder / "hana_2028-02.xlsx", folder / "hana_2028-02 (copie).xlsx")
    (folder / "ancien").mkdir()
    shutil.copyfile(folder / "hana_2028-02.xlsx", folder / "ancien/hana_2028-02.xlsx")
    data = figures(case, "2028-T1")
    duplicates = found(data, "duplicate-sheet")
    assert sorted(a["file"] for a in duplicates) == [
        "hana/ancien/hana_2028-02.xlsx",
        "hana/hana_2028-02 (copie).xlsx",
        "hana/hana_2028-02.xlsx",
    ]
    assert all(a["severity"] == "bloquant" and a["month"] == "2028-02" for a in duplicates)
    hana = agent(data, "hana")
    assert hana["months_blocked"] == ["2028-02"] and hana["months_missing"] == []
    # T1 typed: January 19 h, March 20th 6, 21st 7, 22nd 7 = 20 h; February (14 h) blocked.
    assert hana["hours_total"] == 39.0


def test_a_decoy_sheet_placed_first_is_not_read_in_place_of_the_real_one(case):
    path = case / SHEETS / "hana/hana_2028-02.xlsx"

    def decoy(book, sheet):
        fake = book.create_sheet("Brouillon", 0)
        fake.append(["Date", "Jour", "WP1 – Coordination", "Absence", "Total"])
        fake.append([dt.datetime(2028, 2, 1), "mardi", 99, None, 99])

    edit(path, decoy)
    data = figures(case, "2028-02")
    # February typed: 14th 4.5 + 2.5, 15th 4 + 3, 16th 4 + 3 = 21 h.
    assert agent(data, "hana")["hours_total"] == 21.0 and agent(data, "hana")["months_missing"] == []
    [other] = found(data, "foreign-sheet")
    assert "autre feuille de temps (« Brouillon »)" in other["message"]


def test_a_date_moved_to_another_month_is_counted_nowhere(case):
    path = case / SHEETS / "hana/hana_2028-03.xlsx"
    edit(
        path,
        lambda book, sheet: sheet.cell(
            row=row_of(sheet, dt.date(2028, 3, 20)), column=1, value=dt.datetime(2028, 4, 20)
        ),
    )
    data = figures(case, "2028-T2")
    moved = found(data, "date-outside-month")
    assert [(a["month"], a["date"], a["severity"]) for a in moved] == [("2028-03", "2028-04-20", "bloquant")]
    # April typed: 3rd 7, 4th 7, 5th 7 = 21 h; the row dated 20 April on the March sheet is not one of them.
    q2 = [a for a in data["agents"] if a["id"] == "hana"][0]
    assert q2["hours_total"] == 21.0 + 5.0 + 7.0  # with June 12th (1.25 + 3.75) and 13th (4 + 3)


def test_hours_before_the_agent_started_count_in_no_figure(case):
    path = case / SHEETS / "paul/paul_2028-03.xlsx"
    edit(path, lambda book, sheet: sheet.cell(row=row_of(sheet, dt.date(2028, 3, 1)), column=3, value=4))
    data = figures(case, "2028-03")
    paul = agent(data, "paul")
    # Paul starts on 15 March: only the 20th's 5.5 h count, in the period and since the start.
    assert paul["hours_total"] == 5.5 and paul["hours_cumulative"] == 5.5
    [outside] = found(data, "outside-period")
    assert outside["date"] == "2028-03-01" and "non comptées" in outside["message"]


def test_a_sheet_in_the_wrong_folder_is_foreign(case):
    source = case / SHEETS / "hana/hana_2028-02.xlsx"
    shutil.copyfile(source, case / SHEETS / "paul/paul_2028-02.xlsx")
    data = figures(case, "2028-02")
    [foreign] = [a for a in found(data, "foreign-sheet") if a["file"] == "paul_2028-02.xlsx"]
    assert "agent « hana » mais fichier « paul »" in foreign["message"] and foreign["severity"] == "bloquant"
    assert agent(data, "hana")["hours_total"] == 21.0  # counted once, from her own file


def test_registers_duplicates_unknown_partner_unbudgeted_flat_rate_and_staff_lines(case):
    depenses = case / "out/depenses"
    day = dt.date(2028, 2, 10)
    # gal-b claims gal-a's invoice F-1 (1 000 €), plus expertise it has no budget line for.
    fill_register(
        depenses / "gal-b_registre-depenses.xlsx",
        [(day, "F-1", "Frais de déplacement", 1000.0, day), (day, "E-9", "Expertise et services externes", 300.0, day)],
    )
    # gal-a adds office costs (a flat rate covers them) and a staff line.
    book = load_workbook(depenses / "gal-a_registre-depenses.xlsx")
    head, cols = header(book.worksheets[0], {"Date", "N° de facture"})
    book.close()
    fill_register(
        depenses / "gal-a_registre-depenses.xlsx",
        [
            (day, "F-1", "Frais de déplacement", 1000.0, day),
            (dt.date(2028, 8, 1), "F-2", "Frais de déplacement", 500.0, dt.date(2028, 8, 11)),
            (day, "B-5", "Frais de bureau et administratifs", 200.0, day),
            (day, "P-6", "Frais de personnel", 500.0, day),
        ],
    )
    data = figures(case, "2028-T1")
    # One duplicate, one anomaly (issue 23): located at its first row, listing every row it is on.
    duplicate = found(data, "duplicate-invoice")
    assert [(a["partner"], a["cell"]) for a in duplicate] == [("gal-a", f"C{head + 1}")]
    assert duplicate[0]["args"]["where"] == [
        {"key": "register-row", "args": {"partner": "gal-a", "row": head + 1}},
        {"key": "register-row", "args": {"partner": "gal-b", "row": head + 1}},
    ]
    assert f"déclarée 2 fois (gal-a ligne {head + 1}, gal-b ligne {head + 1})" in duplicate[0]["message"]
    # gal-b has a staff line only: both its travel (the duplicate) and its expertise are unbudgeted.
    unbudgeted = found(data, "unbudgeted-category")
    assert [(a["partner"], a["severity"]) for a in unbudgeted] == [("gal-b", "bloquant")] * 2
    assert [a["partner"] for a in found(data, "flat-rate-overlap")] == ["gal-a"]
    assert any(
        "frais de personnel viennent des feuilles de temps" in a["message"] for a in found(data, "unknown-category")
    )
    partners = {p["id"]: p for p in data["partners"]}
    # Nothing counted: F-1 twice, the office line, the staff line, and gal-b's expertise (300), which
    # has no budget line to be paid from (blocking since issue 23).
    assert partners["gal-a"]["other_costs"] == {}
    assert partners["gal-b"]["other_costs"] == {}


def test_a_register_of_an_unknown_partner_and_two_registers_of_one(case):
    depenses = case / "out/depenses"
    (depenses / "ancien").mkdir()
    shutil.copyfile(depenses / "gal-a_registre-depenses.xlsx", depenses / "ancien/gal-a_registre-depenses.xlsx")
    stray = depenses / "gal-aa_registre-depenses.xlsx"
    shutil.copyfile(depenses / "gal-b_registre-depenses.xlsx", stray)
    book = load_workbook(stray)
    sheet = book.worksheets[0]
    sheet.protection.sheet = False
    for row in sheet.iter_rows(max_row=10):
        if row[0].value == "Identifiant":
            row[1].value = "gal-aa"
    sheet["A8"] = "rempli"  # not blank any more
    book.save(stray)
    data = figures(case, "2028-T1")
    assert sorted(a["file"] for a in found(data, "duplicate-register")) == [
        "ancien/gal-a_registre-depenses.xlsx",
        "gal-a_registre-depenses.xlsx",
    ]
    [unknown] = found(data, "unknown-partner")
    assert "« gal-aa », inconnu du projet — vouliez-vous dire `gal-a` ?" in unknown["message"]
    assert {p["id"]: p for p in data["partners"]}["gal-a"]["other_costs"] == {}  # neither register counted


def test_hours_over_the_mission_letter_and_over_the_contract(case):
    project = case / "p.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("hours_planned: 800", "hours_planned: 8"))
    path = case / SHEETS / "hana/hana_2028-01.xlsx"

    def busy(book, sheet):
        _, cols = header(sheet, {"Date", "Autres activités"})
        for day in range(3, 32):
            when = dt.date(2028, 1, day)
            if when.weekday() < 5:
                sheet.cell(row=row_of(sheet, when), column=cols["Autres activités"], value=7)

    edit(path, busy)
    data = figures(case, "2028-S1")
    [plan] = found(data, "hours-over-plan")
    # Paul: 5.5 h (20 March) + 2 + 3 (2 May) = 10.5 h for 8 planned: 131 %.
    assert plan["agent"] == "paul" and plan["message"].startswith(
        "10,5 h déclarées depuis le début du projet, 131\u00a0% des 8 h"
    )
    [contract] = found(data, "hours-vs-contract")
    # January 2028: 21 weekdays, no public holiday on one, × 7 h = 147 h; declared 19 project + 21 × 7
    # other (the 10th's 2 h of other activities replaced by 7) = 166 h.
    assert (
        contract["message"]
        == "166 h en janvier 2028 (travail 166 h, absences 0 j × 7 h) pour 147 h au contrat (21 jours ouvrés)"
    )
    assert contract["severity"] == "a-verifier"


def test_the_bilan_opens_with_the_number_of_blocking_anomalies(case):
    shutil.copyfile(case / SHEETS / "hana/hana_2028-02.xlsx", case / SHEETS / "hana/hana_2028-02 (copie).xlsx")
    data = figures(case, "2028-T1")
    blocking = [a for a in data["anomalies"] if a["severity"] == "bloquant"]
    assert len(blocking) == 2 and data["anomalies"][: len(blocking)] == blocking  # blocking ones first
    text = docx_text(case / "out/bilans/bilan_2028-T1.docx")
    assert "Contrôle\u00a0: 2 anomalies bloquantes — la demande ne peut pas être présentée en l'état" in text
    assert "Aucune anomalie relevée" not in text


def test_the_time_sheet_offers_the_agents_work_packages_and_says_what_a_controller_reads(tmp_path):
    from conftest import EXAMPLE, run

    project = tmp_path / "p.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    project.write_text(text)  # the example gives operation_number: LEADER-GE-2027-0042
    assert (
        run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", tmp_path / "out").exit_code == 0
    )
    book = load_workbook(tmp_path / "out/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx")
    sheet = book["Feuille"]
    head, cols = header(sheet, {"Date", "Total"})
    # gal-etangs has staff lines in WP1 and WP3 and leads WP1: WP2 (Ardenne's) is not offered.
    wps = [name for name in cols if name[:2] == "WP"]
    assert [w.split(" – ")[0] for w in wps] == ["WP1", "WP3"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Feuille de temps mensuelle — mai 2028" in values
    assert "LEADER 2023-2027 (FEADER) — coopération transnationale — opération n°\u00a0LEADER-GE-2027-0042" in values
    assert any(isinstance(v, str) and v.startswith("Codes d'absence\u00a0: CP congés payés") for v in values)
    assert "Heures déclarées (projet et autres activités) / heures du contrat" in values


def test_plan_against_actual_in_the_json_word_and_excel(case):
    data = figures(case, "2028-S1")
    use = {(u["partner"], u["category"]): u for u in data["budget_use"]}
    # gal-a: travel budget 10 000 €, F-1 (1 000 € in February) spent by the end of June: 10 %.
    assert use[("gal-a", "travel")] == {
        "partner": "gal-a",
        "category": "travel",
        "budget": 10000.0,
        "spent": 1000.0,
        "consumed": 0.1,
    }
    hana = agent(data, "hana")
    # Hana since the start: 19 + 21 + 20 + 21 + 12 = 93 h against 2 000 planned.
    assert (hana["hours_planned"], hana["hours_cumulative"]) == (2000.0, 93.0)
    text = docx_text(case / "out/bilans/bilan_2028-S1.docx")
    assert "Prévu et réalisé (cumul depuis le début du projet)" in text
    sheet = load_workbook(case / "out/bilans/bilan_2028-S1.xlsx")["Prévu et réalisé"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["GAL A & Co", "Frais de déplacement", 10000, 1000, 0.1] in rows  # the partner by its name (v3)


def test_the_bilans_guide_items_are_grouped_by_stage_methods_then_open_vigilance_first(case):
    project = case / "p.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "checklist:\n  suivre-piloter.v1: fait\n")
    data = figures(case, "2028-S1")
    stages = list(dict.fromkeys(item["stage"] for item in data["guide"]))
    assert stages[0].startswith("Suivre, piloter") and len(stages) == 3
    for stage in stages:
        mine = [item for item in data["guide"] if item["stage"] == stage]
        flags = [item["vigilance"] for item in mine]
        assert flags == sorted(flags), stage  # methods, then points of vigilance
    vigilance = [item["id"] for item in data["guide"] if item["stage"] == stages[0] and item["vigilance"]]
    assert vigilance[-1] == "suivre-piloter.v1" and vigilance[0] == "suivre-piloter.v2"  # the done one last
    text = docx_text(case / "out/bilans/bilan_2028-S1.docx")
    guide = text[text.index("Points du guide Cap Rural") :]
    assert guide.index("Méthodes et outils") < guide.index("Points de vigilance") < guide.index("Rendre compte")


def test_an_invoice_of_a_partner_paid_by_lump_sums_only_is_blocking_and_not_counted(case):
    project = case / "p.yaml"
    text = project.read_text(encoding="utf-8").replace(
        "    - {partner: gal-b, category: staff, amount: 50000}\n",
        "    - {partner: gal-b, category: other, kind: lump_sum, amount: 12000, deliverable: Guide des circuits}\n",
    )
    project.write_text(text, encoding="utf-8")
    day = dt.date(2028, 2, 10)
    fill_register(
        case / "out/depenses/gal-b_registre-depenses.xlsx", [(day, "B-1", "Frais de déplacement", 250.0, day)]
    )
    data = figures(case, "2028-T1")
    [invoice] = [a for a in found(data, "unbudgeted-category") if a["partner"] == "gal-b"]
    assert invoice["severity"] == "bloquant"
    assert invoice["message"] == (
        "« Frais de déplacement » : ce partenaire est payé par montants forfaitaires, sur ses livrables, "
        "non sur factures (non comptée)"
    )
    assert next(p for p in data["partners"] if p["id"] == "gal-b")["other_costs"] == {}


def test_a_holiday_hour_is_declared_with_its_amount_at_risk_and_the_total_without_it(case):
    # Issue 23. Hana (25,00 €/h) types 4 h on 1 May 2028 (Fête du travail). gal-a in 2028-T2:
    # hours 33 (Hana: 7 + 7 + 7 + 5 + 7) + 4 (the holiday) + 5 (Paul, 2 May) = 42 h × 25 = 1 050,00 €
    # + office flat rate 15 % = 157,50 → declared 1 207,50 €. At risk: 4 × 25 = 100,00 + 15 % = 115,00 €.
    # Without unresolved points: 38 h × 25 = 950,00 + 142,50 = 1 092,50 € (= 1 207,50 − 115,00).
    from test_bilan import WP1

    fill_sheet(case / SHEETS / "hana/hana_2028-05.xlsx", {dt.date(2028, 5, 1): {WP1: 4}})
    data = figures(case, "2028-T2")
    assert [a["kind"] for a in data["anomalies"] if a["agent"] == "hana"] == ["holiday"]
    gal_a = next(p for p in data["partners"] if p["id"] == "gal-a")
    assert (gal_a["total"], gal_a["at_risk"], gal_a["without_unresolved"]) == (1207.5, 115.0, 1092.5)
    assert (
        run("bilan", case / "p.yaml", "--period", "2028-T2", "-o", case / "out", "--date", "2029-01-15").exit_code == 0
    )
    [table] = [t for t in docx_tables(case / "out/bilans/bilan_2028-T2.docx") if t[0][:2] == ["Partenaire", "Déclaré"]]
    assert [c.replace("\u202f", " ").replace("\xa0", " ") for c in table[1]] == [
        "GAL A & Co",
        "1 207,50 €",
        "115,00 €",
        "1 092,50 €",
    ]
    sheet = load_workbook(case / "out/bilans/bilan_2028-T2.xlsx")["Partenaires"]
    headers = [c.value for c in sheet[1]]
    at_risk, kept = headers.index("À vérifier") + 1, headers.index("Sans les points non résolus") + 1
    assert (sheet.cell(2, at_risk).value, sheet.cell(2, kept).value) == (115.0, 1092.5)
