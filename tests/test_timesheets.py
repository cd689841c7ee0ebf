"""Monthly time sheets: generated as the contract says, filled as people do, read back, checked."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, MINIMAL, run, soffice_or_fail
from coopdocs.calendar import public_holidays
from coopdocs.forms.anomalies import Anomaly, UnreadableForm, annual_anomalies, missing_months, sheet_anomalies
from coopdocs.forms.timesheet_reader import read_timesheet

AGENT = """
  - id: {id}
    name: "{name}"
    partner: {partner}
    job_title: Animateur
    supervisor: {{name: Chef, title: Directeur}}
    annual_gross_cost: 43000
    allocation: {{mode: hourly, hours_planned: 1000}}
    mission: {{tasks: [Animer]}}
"""
PARTNER = """
  - id: {id}
    name: '{name}'
    type: gal
    country: {country}
{subdivision}    address: "1 rue X, 00000 Y"
    representative: {{name: R, title: P}}
    contact: {{name: C, email: c@x.example}}
"""


@pytest.fixture(scope="module")
def three_countries(tmp_path_factory) -> tuple[Path, Path]:
    """A project in 2028 with an hourly agent in France, Moselle and Belgium; a partner whose
    name would be a formula."""
    tmp = tmp_path_factory.mktemp("ts")
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("start: 2027-01-01", "start: 2028-01-01").replace("end: 2027-12-31", "end: 2028-12-31")
    partners = "".join(
        PARTNER.format(id=i, name=n, country=c, subdivision=f"    subdivision: {s}\n" if s else "")
        for i, n, c, s in (
            ("gal-fr", '=HYPERLINK("http://x","y")', "FR", None),
            ("gal-moselle", "GAL Moselle", "FR", "FR-57"),
            ("gal-be", "GAL Wallonie", "BE", None),
        )
    )
    agents = "agents:" + "".join(
        AGENT.format(id=i, name=n, partner=p)
        for i, n, p in (("ana", "Ana & <Co>", "gal-fr"), ("marc", "Marc", "gal-moselle"), ("lea", "Léa", "gal-be"))
    )
    wp1 = "  - {id: wp1, title: Coordination, lead: gal-a, start: 2028-01-01, end: 2028-12-31}\n"
    # wp2 after wp1: its default code is WP2, by its place in the file (contract v3)
    text = text.replace(
        wp1, wp1 + "  - {id: wp2, title: '=1+1 Animation', lead: gal-a, start: 2028-03-01, end: 2028-12-31}\n", 1
    )
    text = text.replace("partners:\n", "partners:\n" + partners.lstrip("\n") + "\n", 1)
    text = text.replace("work_packages:", agents + "work_packages:", 1)
    project = tmp / "p.yaml"
    project.write_text(text, encoding="utf-8")
    result = run("build", project, "-o", tmp / "out", "--only", "feuilles-de-temps", "--date", "2028-01-01")
    assert result.exit_code == 0, result.output
    return project, tmp / "out" / "feuilles-de-temps"


def sheet_rows(path: Path) -> tuple[object, int, dict[str, int]]:
    """(worksheet, header row number, header → column number) of a generated sheet."""
    book = load_workbook(path)
    sheet = book["Feuille"]
    for row in sheet.iter_rows():
        values = {c.value: c.column for c in row if isinstance(c.value, str)}
        if "Date" in values and "Total" in values:
            return sheet, row[0].row, values
    raise AssertionError("no header")


def day_rows(sheet, head: int) -> dict[dt.date, int]:
    rows = {}
    for row in sheet.iter_rows(min_row=head + 1):
        if isinstance(row[0].value, dt.datetime):
            rows[row[0].value.date()] = row[0].row
    return rows


def test_one_row_a_day_february_2028_has_29(three_countries):
    _, sheets = three_countries
    sheet, head, cols = sheet_rows(sheets / "ana/ana_2028-02.xlsx")
    days = day_rows(sheet, head)
    assert list(days) == [dt.date(2028, 2, d) for d in range(1, 30)]
    assert sheet.cell(row=days[dt.date(2028, 2, 7)], column=2).value == "lundi"


def test_headers_follow_the_contract_and_active_work_packages(three_countries):
    _, sheets = three_countries
    _, _, february = sheet_rows(sheets / "ana/ana_2028-02.xlsx")
    assert list(february) == [
        "Date",
        "Jour",
        "WP1 – Coordination",
        "Autres activités",
        "Absence",
        "Total",
        "Commentaire",
    ]
    _, _, march = sheet_rows(sheets / "ana/ana_2028-03.xlsx")
    assert "WP2 – =1+1 Animation" in march  # wp2 starts in March; its title stays text


def fer_days(path: Path) -> set[dt.date]:
    sheet, head, cols = sheet_rows(path)
    return {d for d, r in day_rows(sheet, head).items() if sheet.cell(row=r, column=cols["Absence"]).value == "FER"}


@pytest.mark.parametrize(
    "agent,april,july,december",
    [
        ("ana", {dt.date(2028, 4, 17)}, {dt.date(2028, 7, 14)}, {dt.date(2028, 12, 25)}),
        (
            "marc",
            {dt.date(2028, 4, 14), dt.date(2028, 4, 17)},
            {dt.date(2028, 7, 14)},
            {dt.date(2028, 12, 25), dt.date(2028, 12, 26)},
        ),
        ("lea", {dt.date(2028, 4, 16), dt.date(2028, 4, 17)}, {dt.date(2028, 7, 21)}, {dt.date(2028, 12, 25)}),
    ],
    ids=["FR", "FR-57", "BE"],
)
def test_public_holidays_of_the_employer_are_pre_marked(three_countries, agent, april, july, december):
    _, sheets = three_countries
    assert fer_days(sheets / f"{agent}/{agent}_2028-04.xlsx") == april
    assert fer_days(sheets / f"{agent}/{agent}_2028-07.xlsx") == july
    assert fer_days(sheets / f"{agent}/{agent}_2028-12.xlsx") == december


def test_input_cells_unlocked_and_validated_the_rest_locked(three_countries):
    _, sheets = three_countries
    sheet, head, cols = sheet_rows(sheets / "ana/ana_2028-02.xlsx")
    assert sheet.protection.sheet is True and not sheet.protection.password
    inputs = {cols[h] for h in ("WP1 – Coordination", "Autres activités", "Absence", "Commentaire")}
    for date, row in day_rows(sheet, head).items():
        for column in range(1, max(cols.values()) + 1):
            assert sheet.cell(row=row, column=column).protection.locked is (column not in inputs), (date, column)
    for row in range(1, head + 1):
        assert all(c.protection.locked for c in sheet[row])
    rules = {r.type: r for r in sheet.data_validations.dataValidation}
    assert rules["decimal"].formula1 == "0" and rules["decimal"].formula2 == "12"
    assert rules["list"].formula1 == '"CP,RTT,MAL,FER,AUT"'
    assert "C" + str(head + 1) in rules["decimal"].sqref and "E" + str(head + 1) in rules["list"].sqref
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == f"${head}:${head}"


def test_days_outside_the_agents_period_are_grey_and_locked(tmp_path):
    assert run("timesheets", EXAMPLE, "--month", "2029-03", "--agent", "zoe-martin", "-o", tmp_path).exit_code == 0
    sheet, head, cols = sheet_rows(tmp_path / "feuilles-de-temps/zoe-martin/zoe-martin_2029-03.xlsx")
    assert run("timesheets", EXAMPLE, "--month", "2027-03", "--agent", "zoe-martin", "-o", tmp_path).exit_code == 0
    # Zoé works on the project from 2027-03-01 to 2029-03-31: March 2029 is whole. Build a sheet
    # for an agent who leaves mid-month instead.
    text = EXAMPLE.read_text(encoding="utf-8").replace("end: 2029-03-31\n    mission:", "end: 2028-05-17\n    mission:")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert (
        run(
            "timesheets", tmp_path / "p.yaml", "--month", "2028-05", "--agent", "zoe-martin", "-o", tmp_path / "b"
        ).exit_code
        == 0
    )
    sheet, head, cols = sheet_rows(tmp_path / "b/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx")
    days = day_rows(sheet, head)
    inside, outside = (
        sheet.cell(row=days[dt.date(2028, 5, 17)], column=3),
        sheet.cell(row=days[dt.date(2028, 5, 18)], column=3),
    )
    assert inside.protection.locked is False and outside.protection.locked is True
    assert outside.fill.fgColor.rgb.endswith("D9D9D9")
    assert not (tmp_path / "b/feuilles-de-temps/zoe-martin/zoe-martin_2028-06.xlsx").exists()


def test_user_text_is_text_never_a_formula(three_countries):
    _, sheets = three_countries
    sheet, head, cols = sheet_rows(sheets / "ana/ana_2028-03.xlsx")
    texts = {c.value: c for row in sheet.iter_rows(max_row=head) for c in row if isinstance(c.value, str)}
    assert texts['=HYPERLINK("http://x","y")'].data_type == "s"
    assert texts["Ana & <Co>"].data_type == "s"
    header = sheet.cell(row=head, column=cols["WP2 – =1+1 Animation"])
    assert header.data_type == "s"
    raw = zipfile.ZipFile(sheets / "ana/ana_2028-03.xlsx").read("xl/worksheets/sheet1.xml").decode()
    formulas = [f for f in raw.split("<f>")[1:]]
    assert formulas and all(f.startswith(("SUM(", "ROUND(", "IF(")) for f in formulas)  # ours only
    # In page headers `&` starts a code: the agent's ampersand is doubled to print as itself.
    assert "Ana &amp;&amp; &lt;Co&gt;" in raw


# ---- filling and reading back --------------------------------------------------------------


def fill(path: Path, values: dict[dt.date, dict[str, object]], target: Path | None = None) -> Path:
    """Type values in input cells, as a person would in a spreadsheet (and save)."""
    book = load_workbook(path)
    sheet = book["Feuille"]
    head = next(r[0].row for r in sheet.iter_rows() if any(c.value == "Total" for c in r))
    cols = {c.value: c.column for c in sheet[head] if c.value}
    rows = day_rows(sheet, head)
    for date, cells in values.items():
        for header, value in cells.items():
            sheet.cell(row=rows[date], column=cols[header], value=value)
    target = target or path
    book.save(target)
    return target


def test_round_trip_hours_typed_are_the_hours_read(three_countries, tmp_path):
    _, sheets = three_countries
    source = sheets / "ana/ana_2028-03.xlsx"
    typed = {
        dt.date(2028, 3, 1): {"WP1 – Coordination": 3.5, "WP2 – =1+1 Animation": 2, "Autres activités": 1.5},
        dt.date(2028, 3, 2): {"WP1 – Coordination": 7, "Commentaire": "Comité « technique » & visite"},
        dt.date(2028, 3, 3): {"WP2 – =1+1 Animation": "2,5"},
        dt.date(2028, 3, 6): {"Absence": "CP"},
        dt.date(2028, 3, 31): {"WP1 – Coordination": 0.25, "WP2 – =1+1 Animation": 4.75},
    }
    sheet = read_timesheet(fill(source, typed, tmp_path / "ana_2028-03.xlsx"))
    assert sheet.problems == []
    assert (sheet.agent, sheet.month, sheet.sheet) == ("ana", "2028-03", "Feuille")
    assert len(sheet.days) == 31
    by_date = {d.date: d for d in sheet.days}
    assert by_date[dt.date(2028, 3, 1)].hours == {"wp1": 3.5, "wp2": 2.0}
    assert by_date[dt.date(2028, 3, 1)].other == 1.5
    assert by_date[dt.date(2028, 3, 2)].comment == "Comité « technique » & visite"
    assert by_date[dt.date(2028, 3, 3)].hours["wp2"] == 2.5
    assert by_date[dt.date(2028, 3, 6)].absence == "CP"
    assert sheet.hours_by_wp() == {"wp1": 10.75, "wp2": 9.25}
    assert sheet.project_hours == 20.0


def test_reading_survives_an_inserted_row_a_wider_column_and_a_renamed_sheet(three_countries, tmp_path):
    _, sheets = three_countries
    path = fill(
        sheets / "ana/ana_2028-03.xlsx", {dt.date(2028, 3, 1): {"WP1 – Coordination": 4}}, tmp_path / "ana_2028-03.xlsx"
    )
    book = load_workbook(path)
    sheet = book["Feuille"]
    sheet.protection.sheet = False
    sheet.insert_rows(3, amount=2)
    sheet.insert_cols(2)
    sheet.column_dimensions["A"].width = 40
    sheet.title = "Mars"
    book.save(path)
    read = read_timesheet(path)
    assert read.sheet == "Mars"
    assert {d.date: d.hours for d in read.days}[dt.date(2028, 3, 1)] == {"wp1": 4.0, "wp2": 0.0}
    assert read.days[0].row == 14  # the header moved from row 11 to 13


def test_libreoffice_computes_the_same_totals_and_cost(three_countries, tmp_path):
    soffice_or_fail()
    from coopdocs.money import costs
    from coopdocs.output.pdf import converted

    _, sheets = three_countries
    typed = {
        dt.date(2028, 3, d): {"WP1 – Coordination": 3.5, "WP2 – =1+1 Animation": 1.25, "Autres activités": 1}
        for d in (1, 2, 3, 6, 7, 8, 9)
    }
    path = fill(sheets / "ana/ana_2028-03.xlsx", typed, tmp_path / "ana_2028-03.xlsx")
    with converted([path], "xlsx") as mapping:
        recalculated = load_workbook(mapping[path], data_only=True)["Feuille"]
        values = [[c.value for c in row] for row in recalculated.iter_rows()]
        saved = tmp_path / "libreoffice" / path.name  # under its own name: the identity is checked against it
        saved.parent.mkdir()
        saved.write_bytes(mapping[path].read_bytes())
        saved_by_libreoffice = read_timesheet(saved)
    read = read_timesheet(path)
    # A workbook saved by a real office suite reads back to the same hours.
    assert saved_by_libreoffice.problems == []
    assert saved_by_libreoffice.hours_by_wp() == read.hours_by_wp() == {"wp1": 24.5, "wp2": 8.75}
    assert [d.other for d in saved_by_libreoffice.days] == [d.other for d in read.days]
    rate = costs.hourly_rate(43000, 1)  # 25 €/h
    total_row = next(r for r in values if r[0] == "Total")
    headers = next(r for r in values if "Total" in r and "Date" in r)
    assert total_row[headers.index("Total")] == pytest.approx(sum(d.total for d in read.days)) == 40.25
    assert total_row[headers.index("WP1 – Coordination")] == pytest.approx(read.hours_by_wp()["wp1"])
    cost_row = next(r for r in values if r[0] == "Coût du mois (€)")
    project_hours = next(r for r in values if r[0] == "Heures sur le projet (lots de travail)")
    assert project_hours[headers.index("Total")] == pytest.approx(read.project_hours) == 33.25
    assert cost_row[headers.index("Total")] == pytest.approx(float(costs.cents(rate * Decimal("33.25")))) == 831.25
    day = next(r for r in values if isinstance(r[0], dt.datetime) and r[0].date() == dt.date(2028, 3, 1))
    assert day[headers.index("Total")] == pytest.approx(5.75)


def test_a_filled_sheet_is_kept_by_the_next_build_and_force_backs_it_up(tmp_path):
    args = (
        "timesheets",
        EXAMPLE,
        "--month",
        "2028-05",
        "--agent",
        "zoe-martin",
        "-o",
        tmp_path,
        "--date",
        "2028-05-01",
    )
    assert run(*args).exit_code == 0
    path = tmp_path / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
    fill(path, {dt.date(2028, 5, 2): {"WP1 – Coordination et gestion du projet": 6}})
    filled = path.read_bytes()
    result = run("build", EXAMPLE, "-o", tmp_path, "--date", "2028-05-02")
    assert result.exit_code == 0, result.output
    assert f"conservé : {path} a été rempli" in result.stdout
    assert path.read_bytes() == filled
    result = run(*args[:-2], "--date", "2028-05-03", "--force")
    assert result.exit_code == 0
    backups = list((tmp_path / "sauvegardes").rglob("zoe-martin_2028-05.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == filled
    assert read_timesheet(path).project_hours == 0


# ---- files that are not time sheets ---------------------------------------------------------


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


def _docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("vide.xlsx", b"", "fichier vide, ce n'est pas un classeur Excel (.xlsx)"),
        ("abime.xlsx", b"PK\x03\x04 ceci n'est pas un zip complet", "fichier illisible ou endommagé"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "ancien format binaire (.xls/.doc)"),
        ("lettre.xlsx", "docx", "ce n'est pas un classeur Excel lisible"),
        ("bombe.xlsx", "bomb", "taille décompressée annoncée trop grande"),
    ],
    ids=["empty", "corrupt", "xls", "renamed-docx", "zip-bomb"],
)
def test_files_that_are_not_time_sheets_give_one_clear_message(tmp_path, name, content, message):
    import time

    data = {"docx": _docx, "bomb": _bomb}[content]() if isinstance(content, str) else content
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(UnreadableForm) as raised:
        read_timesheet(path)
    assert time.perf_counter() - started < 1.0
    assert str(raised.value.message).startswith(f"{name} : ")
    assert message in raised.value.message


def test_a_workbook_without_the_header_is_unreadable(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Budget"
    book.save(tmp_path / "autre.xlsx")
    with pytest.raises(UnreadableForm, match="aucune ligne d'en-tête"):
        read_timesheet(tmp_path / "autre.xlsx")


# ---- anomalies, each kind -----------------------------------------------------------------


@pytest.fixture()
def may(tmp_path) -> Path:
    """Zoé Martin's May 2028 sheet (GAL in Moselle: 1, 8 and 25 May are public holidays; 28 h a week).
    Header in row 11, 1 May in row 12; columns C–E the three work packages, F other, G absence, H total."""
    assert run("timesheets", EXAMPLE, "--month", "2028-05", "--agent", "zoe-martin", "-o", tmp_path).exit_code == 0
    return tmp_path / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"


WP1 = "WP1 – Coordination et gestion du projet"


def anomalies_of(path: Path, start=dt.date(2027, 3, 1), end=dt.date(2029, 3, 31)) -> list[Anomaly]:
    sheet = read_timesheet(path)
    holidays = public_holidays("FR", "FR-57", 2028)
    return sheet.problems + sheet_anomalies(sheet, start, end, 28, holidays)


def test_no_anomaly_on_a_clean_sheet(may):
    fill(may, {dt.date(2028, 5, 2): {WP1: 5}, dt.date(2028, 5, 3): {WP1: 3, "Autres activités": 2.6}})
    assert anomalies_of(may) == []


# Zoé's sheet offers WP1 and WP3, her employer's budget lines (not WP2, led and budgeted by the
# Belgian GAL): Total is column G, Absence column F.
@pytest.mark.parametrize(
    "typed,kind,cell,message",
    [
        ({dt.date(2028, 5, 8): {WP1: 2}}, "holiday", "G19", "2 h le 08/05/2028, jour férié (Fête de la Victoire)"),
        ({dt.date(2028, 5, 6): {WP1: 3}}, "weekend", "G17", "3 h le 06/05/2028, un samedi"),
        (
            {dt.date(2028, 5, 2): {WP1: 6}},
            "over-daily-max",
            "G13",
            "6 h le 02/05/2028, au-delà du maximum journalier (5,6 h : 5,6 h par jour au contrat, 10 h au plus)",
        ),
        (
            {dt.date(2028, 5, 3): {WP1: 3, "Absence": "MAL"}},  # more than half her 5,6 h day
            "absence-with-hours",
            "F14",
            "3 h le 03/05/2028, jour d'absence (MAL)",
        ),
        ({dt.date(2028, 5, 4): {WP1: "7h30"}}, "invalid-value", "C15", "« 7h30 » n'est pas un nombre d'heures"),
    ],
    ids=["holiday", "weekend", "over-daily-max", "absence-with-hours", "invalid-value"],
)
def test_each_day_anomaly_is_found_with_its_cell(may, typed, kind, cell, message):
    fill(may, typed)
    found = anomalies_of(may)
    assert [(a.kind, a.cell, a.message) for a in found] == [(kind, cell, message)]
    assert str(found[0]) == f"zoe-martin_2028-05.xlsx!Feuille!{cell}: {message}"
    assert found[0].agent == "zoe-martin"


def test_a_half_day_of_leave_is_its_code_and_half_a_day_s_hours(may):
    """Trial 5 could not say « CP » the morning and 3,5 h the afternoon. Zoé works 28 h a week, 5,6 h
    a day; May 2028 has 20 working days in Moselle (1, 8 and 25 May are holidays): 112 h. Every
    working day 5,6 h but 2 May, CP and 2,8 h: 106,4 + 2,8 h worked, half a day absent (2,8 h),
    112 h declared: no anomaly. With 3 h that day, it is a day of absence with hours: 115 h."""
    from coopdocs.forms.anomalies import contract_anomalies

    holidays = {dt.date(2028, 5, d) for d in (1, 8, 25)}
    days = [dt.date(2028, 5, d) for d in range(3, 32)]
    full = {d: {WP1: 5.6} for d in days if d.weekday() < 5 and d not in holidays}
    assert len(full) == 19
    fill(may, {**full, dt.date(2028, 5, 2): {WP1: 2.8, "Absence": "CP"}})
    sheet = read_timesheet(may)
    span = (dt.date(2027, 3, 1), dt.date(2029, 3, 31))
    assert anomalies_of(may) == [] and contract_anomalies(sheet, span, 28, public_holidays("FR", "FR-57", 2028)) == []
    fill(may, {dt.date(2028, 5, 2): {WP1: 3, "Absence": "CP"}})
    sheet = read_timesheet(may)
    assert [a.kind for a in anomalies_of(may)] == ["absence-with-hours"]
    [contract] = contract_anomalies(sheet, span, 28, public_holidays("FR", "FR-57", 2028))
    assert contract.message.startswith("115 h en mai 2028 (travail 109,4 h, absences 1 j × 5,6 h) pour 112 h")


def test_hours_outside_the_agents_period(may):
    fill(may, {dt.date(2028, 5, 30): {WP1: 4}})
    found = anomalies_of(may, end=dt.date(2028, 5, 17))
    assert [(a.kind, a.date) for a in found] == [("outside-period", "2028-05-30")]
    assert "hors de la période de l'agent sur le projet (01/03/2027 → 17/05/2028)" in found[0].message


def test_over_daily_max_of_ten_hours_for_a_full_time_contract(may):
    fill(may, {dt.date(2028, 5, 2): {WP1: 8, "Autres activités": 2.5}})
    found = [a for a in anomalies_of(may) if a.kind == "over-daily-max"]
    assert len(found) == 1 and found[0].message.startswith("10,5 h le 02/05/2028")


def test_over_annual_basis_and_missing_month(may):
    sheet = read_timesheet(fill(may, {dt.date(2028, 5, d): {WP1: 5.5} for d in (2, 3, 4, 5)}))
    assert annual_anomalies("zoe-martin", [sheet], basis=1376) == []
    found = annual_anomalies("zoe-martin", [sheet], basis=20)
    assert [(a.kind, a.message) for a in found] == [
        ("over-annual-basis", "22 h déclarées sur le projet en 2028, au-delà de la base annuelle de l'agent (20 h)")
    ]
    missing = missing_months("zoe-martin", ["2028-04", "2028-05", "2028-06"], [sheet.month])
    assert [(a.kind, a.date) for a in missing] == [("missing-month", "2028-04-01"), ("missing-month", "2028-06-01")]


def test_unreadable_is_the_kind_of_a_file_that_is_not_a_sheet(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"")
    with pytest.raises(UnreadableForm) as raised:
        read_timesheet(tmp_path / "x.xlsx")
    assert raised.value.path.name == "x.xlsx" and raised.value.reason.startswith("fichier vide")


def test_the_timesheets_command_checks_its_options(tmp_path):
    result = run("timesheets", EXAMPLE, "--month", "2028-13", "-o", tmp_path)
    assert result.exit_code == 1 and "mois « 2028-13 » invalide" in result.stderr
    result = run("timesheets", EXAMPLE, "--month", "2028-05", "--to", "2028-01", "-o", tmp_path)
    assert result.exit_code == 1 and "--to : 2028-01 est avant 2028-05" in result.stderr
    result = run("timesheets", EXAMPLE, "--month", "2035-01", "-o", tmp_path)
    assert result.exit_code == 1 and "2035-01 est hors du projet" in result.stderr
    assert not tmp_path.joinpath("manifest.json").exists()
    result = run("timesheets", EXAMPLE, "--month", "2028-05", "--agent", "zoe", "-o", tmp_path)
    assert result.exit_code == 1
    assert "`zoe` n'est pas un agent au temps passé" in result.stderr and "zoe-martin" in result.stderr
    result = run("timesheets", EXAMPLE, "--month", "2028-01", "--to", "2028-03", "-o", tmp_path)
    assert result.stdout.strip() == f"6 fichiers : 6 créés — {tmp_path}"
