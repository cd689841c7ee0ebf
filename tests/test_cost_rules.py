"""The cost rules of 2021-2027 (docs/regles-de-cout.md) on a project that uses every option
(tests/fixtures/regles-de-cout.yaml): every expected figure is worked by hand in the comments.

Hand-worked table of the fixture (rates rounded half-up to the cent once; flat rates rounded down):
  ana   52 617,60 / 1720 = 30,5916… → 30,59 €/h to June; 55 000 / 1720 = 31,9767… → 31,98 €/h from July
  bob   48 000 / 1720 = 27,9069… → 27,91 €/h; share 50 % then 30 % from 2027-07-01 (amendment);
        48 000 / 12 = 4 000,00 a month, 50 400 / 12 = 4 200,00 a month from October
  cleo  34 400 / (1720 × 0,8) = 25,00 €/h
Budget (agreement):
  chef  staff 60 000,00 + external 20 000,00 + equipment 5 000,00 + lump sum 10 000,00
        + unit cost 333,33 × 2,5 = 833,325 → 833,32 (down)
        + travel 15 % × 60 000,00 = 9 000,00 + office 15 % × 60 000,00 = 9 000,00   = 113 833,32
  vaud  staff 12 345,67 + equipment 1 000,00 + travel 15 % × 12 345,67 = 1 851,8505 → 1 851,85
        + office 1 851,85                                                           =  17 049,37
  total 113 833,32 + 17 049,37 = 130 882,69
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_bilan import fill_register, fill_sheet

from conftest import ROOT, docx_text, run

FIXTURE = ROOT / "tests/fixtures/regles-de-cout.yaml"
WP1 = "WP1 – Coordination"


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _weekdays(year: int, month: int, first: int, last: int, skip: tuple[int, ...] = ()) -> list[dt.date]:
    days = [dt.date(year, month, d) for d in range(first, last + 1)]
    return [d for d in days if d.weekday() < 5 and d.day not in skip]


# ana: 8 h on the weekdays of January (1st is a holiday) and February, and on 19 of March:
# 20 + 20 + 19 = 59 days × 8 h = 472 h at 30,59 €/h; in July 10 days × 7 h = 70 h at 31,98 €/h.
ANA = {
    **{d: {WP1: 8} for d in _weekdays(2027, 1, 4, 29)},
    **{d: {WP1: 8} for d in _weekdays(2027, 2, 1, 26)},
    **{d: {WP1: 8} for d in _weekdays(2027, 3, 1, 25)},
    **{d: {WP1: 7} for d in _weekdays(2027, 7, 1, 15, skip=(14,))},
}
# cleo: 10 weekdays of January × 5 h = 50 h at 25,00 €/h.
CLEO = {d: {WP1: 5} for d in _weekdays(2027, 1, 4, 15)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("regles")
    project = tmp / "p.yaml"
    project.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("build", project, "-o", tmp / "out", "--date", "2027-01-04").exit_code == 0
    for agent, typed in (("ana", ANA), ("cleo", CLEO)):
        for month in sorted({f"{d:%Y-%m}" for d in typed}):
            values = {d: v for d, v in typed.items() if f"{d:%Y-%m}" == month}
            fill_sheet(tmp / f"out/feuilles-de-temps/{agent}/{agent}_{month}.xlsx", values)
    fill_register(
        tmp / "out/depenses/chef_registre-depenses.xlsx",
        [(dt.date(2027, 2, 10), "F-1", "Expertise et services externes", 1000.0, dt.date(2027, 2, 20))],
    )
    return tmp


def bilan(folder: Path, period: str) -> dict:
    result = run("bilan", folder / "p.yaml", "--period", period, "-o", folder / "out", "--json", "--date", "2028-01-15")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_agreement_totals_agree_with_the_hand_worked_budget(built):
    text = _plain(docx_text(built / "out/convention-partenariat.docx"))
    for figure in ("130 882,69", "113 833,32", "17 049,37", "833,32", "1 851,85", "9 000,00", "10 000,00"):
        assert figure in text, figure
    assert "art. 54(b) RDC" in text and "art. 41(5), règlement (UE) 2021/1059" in text


def test_mission_letters_and_amendments_print_the_rate_used(built):
    ana = _plain(docx_text(built / "out/agents/ana/lettre-mission.docx"))
    assert "30,59 €" in ana and "52 617,60 €" in ana and "30,5916" not in ana
    bob = _plain(docx_text(built / "out/agents/bob/lettre-mission.docx"))
    assert "27,91 €" in bob and "50 %" in bob and "feuille de temps" in bob  # fixed_share_timesheets: true
    bob_amendment = _plain(docx_text(built / "out/agents/bob/avenant_2027-07-01.docx"))
    assert "30 %" in bob_amendment and "auparavant 50 %" in bob_amendment and "1er juillet 2027" in bob_amendment
    # A fixed share's amendment states the share and its cost, never an hourly rate (issue 23):
    # 30 % × 48 000,00 € ÷ 12 = 1 200,00 € a month (48 000 still in force in July).
    assert "30 % du coût annuel brut chargé documenté de 48 000,00 €, soit 1 200,00 € par mois" in bob_amendment
    assert "27,91 €" not in bob_amendment and "taux horaire" not in bob_amendment.lower()
    assert "lettre de mission pour ce projet est modifiée" in bob_amendment  # its date is not known
    ana_amendment = _plain(docx_text(built / "out/agents/ana/avenant_2027-09-01.docx"))
    assert "900 heures" in ana_amendment and "31,98 €" in ana_amendment and "55 000,00 €" in ana_amendment
    assert not list((built / "out/agents/cleo").glob("avenant_*"))  # no change, no amendment


def test_time_sheets_show_the_same_rounded_rate_and_fixed_share_agents_get_sheets(built):
    def rate(path: Path) -> float:
        sheet = load_workbook(path)["Feuille"]
        row = next(r for r in sheet.iter_rows() if r[0].value == "Taux horaire (€)")
        return next(c.value for c in row[1:] if c.value is not None)

    assert rate(built / "out/feuilles-de-temps/ana/ana_2027-06.xlsx") == 30.59
    assert rate(built / "out/feuilles-de-temps/ana/ana_2027-07.xlsx") == 31.98
    assert (built / "out/feuilles-de-temps/bob/bob_2027-01.xlsx").exists()  # rules.fixed_share_timesheets


def test_register_does_not_offer_a_flat_rate_category(built):
    book = load_workbook(built / "out/depenses/chef_registre-depenses.xlsx")
    formulas = " ".join(str(v.formula1) for s in book.worksheets for v in s.data_validations.dataValidation)
    assert "Expertise" in formulas
    assert "déplacement" not in formulas and "bureau" not in formulas  # travel and office: flat rates


def test_bilan_semester_one(built):
    data = bilan(built, "2027-S1")
    agents = {a["id"]: a for a in data["agents"]}
    assert agents["ana"]["hours_total"] == 472 and agents["ana"]["hourly_rate"] == 30.59
    assert agents["ana"]["cost"] == 14438.48  # 472 × 30,59 = 14 160,00 + 278,48
    assert agents["bob"]["cost"] == 12000.00 and agents["bob"]["share"] == 0.5  # 6 × 50 % × 4 000,00
    assert agents["cleo"]["cost"] == 1250.00  # 50 h × 25,00
    partners = {p["id"]: p for p in data["partners"]}
    # chef: staff 14 438,48 + 12 000,00 = 26 438,48; 15 % = 3 965,772 → 3 965,77 (down), twice.
    assert partners["chef"]["staff_cost"] == 26438.48
    assert partners["chef"]["flat_rate_costs"] == {"travel": 3965.77, "office_admin": 3965.77}
    # + external 1 000,00: 26 438,48 + 1 000,00 + 3 965,77 × 2 = 35 370,02 (the lump sum's study
    # is delivered in November, the training days in October: not in this semester)
    assert partners["chef"]["total"] == 35370.02 and "lump_sum" not in partners["chef"]["other_costs"]
    # vaud: 1 250,00; 15 % = 187,50 twice; total 1 625,00.
    assert partners["vaud"]["flat_rate_costs"] == {"travel": 187.5, "office_admin": 187.5}
    assert partners["vaud"]["total"] == 1625.00


def test_bilan_year_applies_each_share_and_each_annual_cost_to_its_months(built):
    data = bilan(built, "2027")
    agents = {a["id"]: a for a in data["agents"]}
    # ana: 472 × 30,59 = 14 438,48; 70 × 31,98 = 2 238,60; 14 438,48 + 2 238,60 = 16 677,08.
    assert agents["ana"]["hours_total"] == 542 and agents["ana"]["cost"] == 16677.08
    assert agents["ana"]["hourly_rate"] == 31.98  # the latest rate of the period
    # bob: Jan–Jun 6 × 2 000,00 = 12 000,00; Jul–Sep 3 × 30 % × 4 000,00 = 3 600,00;
    # Oct–Dec 3 × 30 % × 4 200,00 = 3 780,00; total 19 380,00.
    assert agents["bob"]["cost"] == 19380.00 and agents["bob"]["share"] == 0.3
    partners = {p["id"]: p for p in data["partners"]}
    # chef: staff 16 677,08 + 19 380,00 = 36 057,08; 15 % = 5 408,562 → 5 408,56.
    assert partners["chef"]["staff_cost"] == 36057.08
    assert partners["chef"]["flat_rate_costs"] == {"travel": 5408.56, "office_admin": 5408.56}
    # Simplified costs (issue 23: a lump sum counts on its deliverable): the feasibility study,
    # delivered 2027-11-20, 10 000,00; 1,5 training days delivered 2027-10-15 × 333,33 = 499,995
    # → 499,99 (down). In no flat-rate base.
    assert partners["chef"]["other_costs"] == {"external_expertise": 1000.0, "unit_cost": 499.99, "lump_sum": 10000.0}
    # 36 057,08 + 1 000,00 + 5 408,56 + 5 408,56 + 499,99 + 10 000,00 = 58 374,19
    assert partners["chef"]["total"] == 58374.19
    assert data["totals"]["total"] == 59999.19  # 58 374,19 + 1 625,00
    words = _plain(docx_text(built / "out/bilans/bilan_2027.docx"))
    assert "Part fixe : coût estimé" in words  # an estimate until the payslips


def test_the_bilan_states_a_fixed_share_exactly_over_its_period(tmp_path):
    # Issue 23: 34 400 € × 50 % over 2027-S1 = 17 200 € ÷ 2 = 8 600,00 € (six months rounded one by
    # one would give 6 × 1 433,33 = 8 599,98 €); the year is 17 200,00 €.
    agent = """agents:
  - {id: zoe, name: Zoé Martin, partner: gal-a, job_title: Chargée de mission,
     supervisor: {name: Jeanne Dupont, title: Présidente}, annual_gross_cost: 34400,
     allocation: {mode: fixed, share: 0.5}, mission: {tasks: [Animer]}}
"""
    text = (
        (ROOT / "projects/minimal.yaml").read_text(encoding="utf-8").replace("work_packages:", agent + "work_packages:")
    )
    text = text.replace("category: travel, amount: 1000}", "category: staff, amount: 17200}")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert run("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "--date", "2027-01-04").exit_code == 0
    for period, cost in (("2027-S1", 8600.0), ("2027-S2", 8600.0), ("2027", 17200.0)):
        result = run("bilan", tmp_path / "p.yaml", "--period", period, "-o", tmp_path / "out", "--json")
        assert result.exit_code == 0, result.output
        [zoe] = json.loads(result.stdout)["agents"]
        assert zoe["cost"] == cost, period
    assert "8 600,00 €" in _plain(docx_text(tmp_path / "out/bilans/bilan_2027-S2.docx"))
