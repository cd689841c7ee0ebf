"""`coopdocs bilan`: figures from sheets and registers filled with known values, checked against an
independent computation, for a month, a quarter, a semester and a year; the documents read back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from conftest import EXAMPLE, docx_tables, docx_text, header, run, soffice_or_fail

PROJECT = """
project:
  id: bilan-test
  title: "Projet « bilan » & essais"
  programme: LEADER 2023-2027
  cooperation: interterritoriale
  start: 2028-01-01
  end: 2029-12-31
  summary: Projet d'essai.
  objectives: [Tester]
  lead_partner: gal-a
partners:
  - {id: gal-a, name: "GAL A & Co", type: gal, country: FR, address: "1 rue, 75001 Paris",
     representative: {name: R, title: P}, contact: {name: C, email: c@a.example}}
  - {id: gal-b, name: GAL B, type: gal, country: BE, address: "2 rue, 6830 Bouillon",
     representative: {name: R, title: P}, contact: {name: C, email: c@b.example}}
  - {id: obs, name: Observateur, type: gal, country: NO, address: Oslo, observer: true,
     representative: {name: R, title: P}, contact: {name: C, email: c@o.example}}
agents:
  - {id: hana, name: Hana, partner: gal-a, job_title: Animatrice, supervisor: {name: S, title: D},
     annual_gross_cost: 43000, allocation: {mode: hourly, hours_planned: 2000}, mission: {tasks: [T]}}
  - {id: paul, name: Paul, partner: gal-a, job_title: Animateur, supervisor: {name: S, title: D},
     weekly_hours: 28, work_time_ratio: 0.8, annual_gross_cost: 34400, start: 2028-03-15,
     allocation: {mode: hourly, hours_planned: 800}, mission: {tasks: [T]}}
  - {id: fanny, name: Fanny, partner: gal-b, job_title: Chargée, supervisor: {name: S, title: D},
     annual_gross_cost: 48000, allocation: {mode: fixed, share: 0.5}, mission: {tasks: [T]}}
work_packages:
  - {id: wp1, title: Coordination, lead: gal-a, start: 2028-01-01, end: 2029-12-31}
  - {id: wp2, title: Animation, lead: gal-b, start: 2028-01-01, end: 2029-12-31}
budget:
  lines:
    - {partner: gal-a, category: staff, amount: 60000, wp: wp1}
    - {partner: gal-a, category: staff, amount: 40000, wp: wp2}
    - {partner: gal-a, category: travel, amount: 10000}
    - {partner: gal-b, category: staff, amount: 50000}
  funding:
    - {partner: gal-a, source: FEADER, rate: 0.8}
  flat_rates: {office_admin: 0.15}
governance:
  bodies: [{name: Comité, members: [gal-a, gal-b, obs], frequency: semestrielle, role: Décide}]
  decision_rule: Consensus
  working_language: français
  ip: Partagée
  disputes: Amiable
reporting: {frequency: quarterly, retention_years: 10}
milestones:
  - {date: 2028-02-20, title: Lancement, done: true}
"""

WP1, WP2 = "WP1 – Coordination", "WP2 – Animation"
# Hours typed, by agent and date: weekdays that are not public holidays in France in 2028.
TYPED = {
    "hana": {
        dt.date(2028, 1, 10): {WP1: 3, WP2: 2, "Autres activités": 2},
        dt.date(2028, 2, 14): {WP1: 4.5, WP2: 2.5},
        dt.date(2028, 3, 20): {WP1: 6},
        dt.date(2028, 4, 3): {WP2: 7},
        dt.date(2028, 6, 12): {WP1: 1.25, WP2: 3.75},
        # Full days, so that her semester passes the lowest annual basis a project may set (100 h).
        **{dt.date(2028, m, d): {WP1: 4, WP2: 3} for m, d in [(1, 11), (1, 12), (2, 15), (2, 16), (3, 21)]},
        **{dt.date(2028, m, d): {WP1: 4, WP2: 3} for m, d in [(3, 22), (4, 4), (4, 5), (6, 13)]},
    },
    "paul": {
        dt.date(2028, 3, 20): {WP2: 5.5},
        dt.date(2028, 5, 2): {WP1: 2, WP2: 3},
    },
}
FILLED_MONTHS = {
    "hana": ["2028-01", "2028-02", "2028-03", "2028-04", "2028-05", "2028-06"],
    "paul": ["2028-03", "2028-04", "2028-05", "2028-06"],
}
EXPENSES = [  # partner, date, invoice, category, eligible
    ("gal-a", dt.date(2028, 2, 10), "F-1", "Frais de déplacement", 1000.0),
    ("gal-a", dt.date(2028, 8, 1), "F-2", "Frais de déplacement", 500.0),
]


def c2(value) -> float:
    """To the cent, half up, as accounts round."""
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


RATE = {"hana": Decimal(25), "paul": Decimal(25)}  # 43 000 / 1720 ; 34 400 / (1720 × 0.8)


def fill_sheet(path: Path, values: dict) -> None:
    book = load_workbook(path)
    sheet = book["Feuille"]
    head, cols = header(sheet, {"Date", "Total"})
    rows = {
        c.value.date(): c.row
        for c in next(sheet.iter_cols(min_col=1, max_col=1, min_row=head + 1))
        if isinstance(c.value, dt.datetime)
    }
    for day, cells in values.items():
        for name, value in cells.items():
            sheet.cell(row=rows[day], column=cols[name], value=value)
    book.save(path)


def fill_register(path: Path, rows: list) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    head, cols = header(sheet, {"Date", "N° de facture"})
    for i, (day, invoice, category, amount, paid) in enumerate(rows, start=1):
        for name, value in {
            "Date": day,
            "N° de facture": invoice,
            "Catégorie": category,
            "Montant HT": amount,
            "Montant éligible": amount,
            "Date de paiement": paid,
        }.items():
            sheet.cell(row=head + i, column=cols[name], value=value)
    book.save(path)


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory) -> Path:
    """The project built, its sheets filled (hana Jan–Jun, paul Mar–Jun 2028) and gal-a's register."""
    tmp = tmp_path_factory.mktemp("bilan")
    (tmp / "p.yaml").write_text(PROJECT, encoding="utf-8")
    assert run("build", tmp / "p.yaml", "-o", tmp / "out", "--date", "2028-01-01").exit_code == 0
    for agent, months in FILLED_MONTHS.items():
        for month in months:
            values = {d: v for d, v in TYPED[agent].items() if f"{d:%Y-%m}" == month}
            # A filled sheet differs from the generated one: at least a comment.
            first = dt.date.fromisoformat(month + "-01")
            values.setdefault(first, {})["Commentaire"] = "vu"
            fill_sheet(tmp / f"out/feuilles-de-temps/{agent}/{agent}_{month}.xlsx", values)
    fill_register(
        tmp / "out/depenses/gal-a_registre-depenses.xlsx",
        [(d, inv, cat, amount, d + dt.timedelta(days=10)) for p, d, inv, cat, amount in EXPENSES],
    )
    return tmp


def figures(folder: Path, period: str, *extra: str) -> dict:
    result = run(
        "bilan", folder / "p.yaml", "--period", period, "-o", folder / "out", "--json", "--date", "2029-01-15", *extra
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def expected(period_start: dt.date, period_end: dt.date) -> dict:
    """The figures computed independently from what the tests typed."""

    def hours(agent, lower, upper):
        by_wp = {"wp1": Decimal(0), "wp2": Decimal(0)}
        for day, cells in TYPED[agent].items():
            if lower <= day <= upper:
                by_wp["wp1"] += Decimal(str(cells.get(WP1, 0)))
                by_wp["wp2"] += Decimal(str(cells.get(WP2, 0)))
        return by_wp

    def months_between(lower, upper):
        return (upper.year - lower.year) * 12 + upper.month - lower.month + 1

    out = {"agents": {}, "partners": {}}
    start = dt.date(2028, 1, 1)
    for agent in ("hana", "paul"):
        h = hours(agent, period_start, period_end)
        total = h["wp1"] + h["wp2"]
        cumulative = sum(hours(agent, start, period_end).values()) * RATE[agent]
        out["agents"][agent] = {
            "hours": {k: float(v) for k, v in h.items() if v},
            "hours_total": float(total),
            "cost": float(total * RATE[agent]),
            "cumulative": cumulative,
        }
    fanny_months = months_between(period_start, period_end)
    out["agents"]["fanny"] = {
        "cost": float(Decimal("0.5") * 48000 * fanny_months / 12),
        "cumulative": Decimal("0.5") * 48000 * months_between(start, period_end) / 12,
    }
    travel = sum(Decimal(str(a)) for p, d, i, c, a in EXPENSES if period_start <= d <= period_end)
    travel_cumulative = sum(Decimal(str(a)) for p, d, i, c, a in EXPENSES if start <= d <= period_end)
    staff_a = Decimal(str(out["agents"]["hana"]["cost"])) + Decimal(str(out["agents"]["paul"]["cost"]))
    staff_b = Decimal(str(out["agents"]["fanny"]["cost"]))

    def office(staff):  # 15 % of staff costs, rounded DOWN to the cent (CPR art. 54(b), as Jems)
        return (staff * Decimal("0.15")).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    staff_a_cumulative = out["agents"]["hana"]["cumulative"] + out["agents"]["paul"]["cumulative"]
    out["partners"]["gal-a"] = {
        "staff_cost": float(staff_a),
        "office": float(office(staff_a)),
        "total": float(staff_a + travel + office(staff_a)),
        "cumulative": float(staff_a_cumulative + office(staff_a_cumulative) + travel_cumulative),
        "travel": float(travel),
    }
    fanny_cumulative = out["agents"]["fanny"]["cumulative"]
    out["partners"]["gal-b"] = {
        "staff_cost": float(staff_b),
        "office": float(office(staff_b)),
        "total": float(staff_b + office(staff_b)),
        "cumulative": float(fanny_cumulative + office(fanny_cumulative)),
    }
    return out


@pytest.mark.parametrize(
    "period,start,end",
    [
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("2028-T1", dt.date(2028, 1, 1), dt.date(2028, 3, 31)),
        ("2028-S1", dt.date(2028, 1, 1), dt.date(2028, 6, 30)),
        ("2028", dt.date(2028, 1, 1), dt.date(2028, 12, 31)),
    ],
)
def test_figures_equal_an_independent_computation(project_dir, period, start, end):
    data = figures(project_dir, period)
    want = expected(start, end)
    assert (data["period"], data["start"], data["end"]) == (period, start.isoformat(), end.isoformat())
    agents = {a["id"]: a for a in data["agents"]}
    for agent in ("hana", "paul"):
        assert agents[agent]["hours"] == want["agents"][agent]["hours"]
        assert agents[agent]["hours_total"] == want["agents"][agent]["hours_total"]
        assert agents[agent]["hourly_rate"] == 25.0
        assert agents[agent]["cost"] == c2(want["agents"][agent]["cost"])
    assert agents["fanny"]["mode"] == "fixed" and agents["fanny"]["cost"] == want["agents"]["fanny"]["cost"]
    partners = {p["id"]: p for p in data["partners"]}
    for partner in ("gal-a", "gal-b"):
        assert partners[partner]["staff_cost"] == c2(want["partners"][partner]["staff_cost"])
        assert partners[partner]["flat_rate_costs"]["office_admin"] == c2(want["partners"][partner]["office"])
        assert partners[partner]["total"] == c2(want["partners"][partner]["total"])
        assert partners[partner]["cumulative"]["total"] == c2(want["partners"][partner]["cumulative"])
    assert partners["gal-a"]["other_costs"].get("travel", 0.0) == want["partners"]["gal-a"]["travel"]
    assert partners["gal-a"]["budget_staff"] == 100000.0 and partners["gal-a"]["budget_total"] == 125000.0
    assert partners["gal-a"]["consumed"] == round(want["partners"]["gal-a"]["staff_cost"] / 100000, 4)
    assert partners["obs"]["total"] == 0.0 and partners["obs"]["budget_total"] == 0.0
    assert data["totals"]["staff_cost"] == c2(sum(Decimal(str(p["staff_cost"])) for p in data["partners"]))
    assert data["totals"]["total"] == c2(sum(Decimal(str(p["total"])) for p in data["partners"]))
    assert data["totals"]["hours"] == want["agents"]["hana"]["hours_total"] + want["agents"]["paul"]["hours_total"]
    # Clean sheets: no anomaly, but the months of 2028 not yet filled.
    assert {a["kind"] for a in data["anomalies"]} == ({"missing-month"} if period == "2028" else set())


def test_mid_period_arrival_and_missing_months(project_dir):
    data = figures(project_dir, "2028")
    agents = {a["id"]: a for a in data["agents"]}
    assert agents["paul"]["months_missing"] == [f"2028-{m:02d}" for m in range(7, 13)]
    assert agents["hana"]["months_missing"] == [f"2028-{m:02d}" for m in range(7, 13)]
    assert agents["fanny"]["months_missing"] == []
    t1 = {a["id"]: a for a in figures(project_dir, "2028-T1")["agents"]}
    assert t1["paul"]["months_missing"] == []  # joins on 15 March: only March is his, and it is filled
    assert t1["fanny"]["months_on_project"] == 3


def test_a_period_with_no_filled_sheet_says_so(project_dir):
    data = figures(project_dir, "2029-T2")
    agents = {a["id"]: a for a in data["agents"]}
    assert agents["hana"]["months_missing"] == ["2029-04", "2029-05", "2029-06"]
    assert agents["hana"]["hours_total"] == 0.0 and agents["hana"]["cost"] == 0.0
    text = docx_text(project_dir / "out/bilans/bilan_2029-T2.docx")
    assert "Feuilles de temps manquantes\u00a0: Hana (avril à juin 2029)" in text
    missing = [a for a in data["anomalies"] if a["kind"] == "missing-month" and a["agent"] == "hana"]
    assert [a["message"] for a in missing][:1] == ["pas de feuille de temps remplie pour avril 2029"]
    assert missing[0]["args"] == {"month": "2029-04"}  # the JSON keeps the month as written


def amount(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\xa0", "").replace("€", "").replace(",", "."))


def test_word_and_excel_show_the_json_totals(project_dir):
    data = figures(project_dir, "2028-S1")
    folder = project_dir / "out/bilans"
    text = docx_text(folder / "bilan_2028-S1.docx")
    assert "Bilan du 1er semestre 2028" in text and "Projet «\u00a0bilan\u00a0» & essais" in text
    assert "GAL A & Co" in text
    # framed like the project's other documents: the EU emblem (LEADER), the page « n sur N »
    from docx import Document

    section = Document(str(folder / "bilan_2028-S1.docx")).sections[0]
    assert "Cofinancé par l'Union européenne" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    assert footer.text == "Projet «\u00a0bilan\u00a0» & essais — page 1 sur 1"
    assert [i.text.strip() for i in footer._p.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    tables = docx_tables(folder / "bilan_2028-S1.docx")
    costs = next(t for t in tables if t[0][:2] == ["Partenaire", "Personnel"])
    assert costs[-1][0] == "Total" and amount(costs[-1][4]) == data["totals"]["total"]
    assert amount(costs[-1][1]) == data["totals"]["staff_cost"]
    hours = next(t for t in tables if t[0][0] == "Agent")
    assert amount(hours[-1][hours[0].index("Heures")]) == data["totals"]["hours"]
    milestones = next(t for t in tables if t[0] == ["Date", "Point", "Statut"])
    assert milestones[1] == ["20 février 2028", "Lancement", "atteint"]
    from docx import Document

    assert len(Document(str(folder / "bilan_2028-S1.docx")).inline_shapes) == 2  # the two charts
    book = load_workbook(folder / "bilan_2028-S1.xlsx")
    summary = {r[0]: r[1] for r in book["Synthèse"].iter_rows(values_only=True)}
    assert summary["Total de la période"] == data["totals"]["total"]
    assert summary["Frais de personnel"] == data["totals"]["staff_cost"]
    partners = book["Partenaires"]
    assert partners.freeze_panes == "B2" and partners.auto_filter.ref.startswith("A1:")
    assert len(partners._charts) == 1 and len(book["Agents"]._charts) == 1
    rows = list(partners.iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and rows[-1][2].startswith("=SUM(")
    assert [r[2] for r in rows[1:-1]] == [p["staff_cost"] for p in data["partners"]]


def test_excel_bilan_recalculates_in_libreoffice_to_the_same_totals(project_dir):
    soffice_or_fail()
    from coopdocs.output.pdf import converted

    data = figures(project_dir, "2028-S1")
    path = project_dir / "out/bilans/bilan_2028-S1.xlsx"
    with converted([path], "xlsx") as mapping:
        book = load_workbook(mapping[path], data_only=True)
        partners = list(book["Partenaires"].iter_rows(values_only=True))
        agents = list(book["Agents"].iter_rows(values_only=True))
        categories = list(book["Catégories"].iter_rows(values_only=True))
    total = partners[-1]
    assert total[0] == "Total"
    assert total[2] == pytest.approx(data["totals"]["staff_cost"])
    assert total[5] == pytest.approx(data["totals"]["total"])
    assert [r[5] for r in partners[1:-1]] == pytest.approx([p["total"] for p in data["partners"]])
    assert agents[-1][agents[0].index("Heures")] == pytest.approx(data["totals"]["hours"])
    assert agents[-1][agents[0].index("Coût")] == pytest.approx(data["totals"]["staff_cost"])
    assert categories[-1][2] == pytest.approx(data["totals"]["total"])


def test_english_bilan(project_dir):
    figures(project_dir, "2028-T2", "--lang", "en")
    text = docx_text(project_dir / "out/bilans/bilan_2028-T2.docx")
    assert "Report for Q2 2028" in text and "Budget consumption" in text


def test_bad_period_is_a_clear_error(project_dir):
    result = run("bilan", project_dir / "p.yaml", "--period", "2028-S3", "-o", project_dir / "out")
    assert result.exit_code == 1 and "période « 2028-S3 » invalide" in result.stderr
    result = run("bilan", project_dir / "p.yaml", "--period", "2031", "-o", project_dir / "out")
    assert result.exit_code == 1 and "hors des dates du projet" in result.stderr


# ---- anomalies: every kind when seeded, none otherwise ---------------------------------------


@pytest.fixture()
def seeded(project_dir, tmp_path) -> Path:
    folder = tmp_path / "copie"
    shutil.copytree(project_dir, folder)
    sheets = folder / "out/feuilles-de-temps"
    fill_sheet(
        sheets / "hana/hana_2028-05.xlsx",
        {
            dt.date(2028, 5, 8): {WP1: 2},  # holiday (8 May)
            dt.date(2028, 5, 13): {WP1: 3},  # weekend (Saturday)
            dt.date(2028, 5, 15): {WP1: 8, WP2: 3},  # over-daily-max
            dt.date(2028, 5, 16): {WP1: 4, "Absence": "MAL"},  # absence-with-hours (above half a day, 3,5 h)
            dt.date(2028, 5, 17): {WP2: "7h30"},  # invalid-value
        },
    )
    fill_sheet(sheets / "paul/paul_2028-03.xlsx", {dt.date(2028, 3, 6): {WP1: 2}})  # outside-period (joins 15 March)
    (sheets / "hana/notes.xlsx").write_bytes(b"pas un classeur")  # unreadable
    (sheets / "paul/paul_2028-06.xlsx").unlink()  # missing-month
    fill_register(
        folder / "out/depenses/gal-a_registre-depenses.xlsx",
        [
            (dt.date(2028, 4, 2), "", "Frais de déplacement", 10.0, dt.date(2028, 4, 3)),  # missing invoice
            (dt.date(2028, 4, 5), "F-9", "Cadeaux", 10.0, dt.date(2028, 4, 6)),  # unknown category
            (dt.date(2028, 4, 8), "F-10", "Frais de déplacement", 10.0, dt.date(2028, 4, 1)),  # paid before
        ],
    )
    text = PROJECT.replace(
        "annual_gross_cost: 43000, allocation", "annual_gross_cost: 43000, hourly_rate_basis: 100, allocation"
    )
    (folder / "p.yaml").write_text(text, encoding="utf-8")  # over-annual-basis
    return folder


def test_every_anomaly_kind_appears_when_seeded(seeded):
    data = figures(seeded, "2028-S1")
    kinds = {a["kind"] for a in data["anomalies"]}
    assert kinds == {
        "holiday",
        "weekend",
        "over-daily-max",
        "absence-with-hours",
        "invalid-value",
        "outside-period",
        "unreadable",
        "missing-month",
        "over-annual-basis",
        "missing-invoice-number",
        "unknown-category",
        "payment-before-invoice",
    }
    by_kind = {a["kind"]: a for a in data["anomalies"]}
    assert by_kind["holiday"]["date"] == "2028-05-08" and by_kind["holiday"]["file"] == "hana_2028-05.xlsx"
    assert by_kind["missing-month"]["agent"] == "paul" and by_kind["missing-month"]["date"] == "2028-06-01"
    assert by_kind["unreadable"]["file"] == "notes.xlsx"
    assert by_kind["invalid-value"]["message"] == "« 7h30 » n'est pas un nombre d'heures"
    # Declared hours are counted, never dropped: the weekend and holiday hours are in the figures.
    hana = next(a for a in data["agents"] if a["id"] == "hana")
    assert (
        hana["hours_total"]
        == expected(dt.date(2028, 1, 1), dt.date(2028, 6, 30))["agents"]["hana"]["hours_total"] + 2 + 3 + 11 + 4
    )
    anomalies = next(t for t in docx_tables(seeded / "out/bilans/bilan_2028-S1.docx") if t[0][0] == "Gravité")
    assert len(anomalies) - 1 == len(data["anomalies"])


def test_expense_outside_the_project_is_flagged(project_dir, tmp_path):
    folder = tmp_path / "copie"
    shutil.copytree(project_dir, folder)
    fill_register(
        folder / "out/depenses/gal-b_registre-depenses.xlsx",
        [(dt.date(2027, 12, 1), "F-1", "Autres dépenses", 50.0, dt.date(2027, 12, 5))],
    )
    data = figures(folder, "2028-T1")
    found = [a for a in data["anomalies"] if a["kind"] == "expense-outside-period"]
    assert [(a["file"], a["cell"], a["partner"]) for a in found] == [("gal-b_registre-depenses.xlsx", "A7", "gal-b")]
    assert found[0]["message"] == "dépense du 01/12/2027, hors des dates du projet (01/01/2028 → 31/12/2029)"
    partners = {p["id"]: p for p in data["partners"]}
    assert partners["gal-b"]["other_costs"] == {}  # dated before the period: not an expense of 2028-T1


def test_a_bilan_is_dated_by_the_end_of_its_period_never_the_machine_clock(tmp_path):
    """Issue 23: without --date, the bilan of 2027-T1 is dated 31 March 2027 (its files' dates and
    the « état au » of the actions), whatever today is; with --date, that date."""
    from docx import Document

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--only", "fiche-projet").exit_code == 0
    assert run("bilan", EXAMPLE, "-o", out, "--period", "2027-T1").exit_code == 0
    created = Document(str(out / "bilans/bilan_2027-T1.docx")).core_properties.created
    assert created.date() == dt.date(2027, 3, 31)
    assert load_workbook(out / "bilans/bilan_2027-T1.xlsx").properties.created.date() == dt.date(2027, 3, 31)
    assert run("bilan", EXAMPLE, "-o", out, "--period", "2027-T1", "--date", "2027-04-10", "--force").exit_code == 0
    assert Document(str(out / "bilans/bilan_2027-T1.docx")).core_properties.created.date() == dt.date(2027, 4, 10)
