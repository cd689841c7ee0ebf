"""Read filled monthly time sheets back, and find what an auditor would question.

The reader follows the contract of shared/spec/cli.md, never fixed addresses: it finds the
header row by its words (`Date`, `Absence`, `Total`…), so a row inserted above the table, a
column widened, a column moved or a sheet renamed still reads. It opens workbooks with
`read_only=True` after checking the zip, and uses the values people typed, never cached
formula results (empty until an office suite saves the file). Every problem names the file,
the sheet and the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs.errors import CoopdocsError

SHEET_TITLE = "Feuille"
DATE, DAY, OTHER, ABSENCE, TOTAL, COMMENT = "Date", "Jour", "Autres activités", "Absence", "Total", "Commentaire"
ABSENCE_CODES = ("CP", "RTT", "MAL", "FER", "AUT")
MAX_HOURS_INPUT = 12  # what the sheet's validation allows in one cell
DAILY_MAX = 10  # hours a day (French labour code), flagged above
HEADER_SCAN_ROWS = 60
WP_HEADER = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9-]{0,39})\s+[–-]\s+(.+)$", re.S)
FILE_NAME = re.compile(r"^(?P<agent>[a-z0-9][a-z0-9-]{0,39})_(?P<month>\d{4}-\d{2})\.xlsx$")

KINDS = (
    "holiday",
    "weekend",
    "over-daily-max",
    "absence-with-hours",
    "over-annual-basis",
    "outside-period",
    "missing-month",
    "unreadable",
    "invalid-value",
)


def wp_header(wp_id: str, title: str) -> str:
    """`WP1 – Coordination`: the id in upper case, then an en dash (the contract's header)."""
    return f"{wp_id.upper()} – {title}"


@dataclass
class Anomaly:
    kind: str
    message: str
    agent: str = ""
    date: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""

    @property
    def where(self) -> str:
        return "!".join(part for part in (self.file, self.sheet, self.cell) if part)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items()}


@dataclass
class Day:
    date: dt.date
    row: int
    hours: dict[str, float]  # work package id → hours
    other: float
    absence: str
    comment: str

    @property
    def project_hours(self) -> float:
        return sum(self.hours.values())

    @property
    def total(self) -> float:
        return self.project_hours + self.other


@dataclass
class TimeSheet:
    path: Path
    sheet: str
    agent: str
    month: str
    days: list[Day] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header → column letter
    problems: list[Anomaly] = field(default_factory=list)

    def hours_by_wp(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for day in self.days:
            for wp, hours in day.hours.items():
                totals[wp] = totals.get(wp, 0.0) + hours
        return totals

    @property
    def project_hours(self) -> float:
        return sum(day.project_hours for day in self.days)


class TimeSheetError(CoopdocsError):
    """A file that is not a readable time sheet (kind `unreadable`)."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path.name} : {reason}")


def read_timesheet(path: Path) -> TimeSheet:
    """The typed content of one filled sheet; cell-level problems are in `.problems`."""
    from openpyxl import load_workbook

    from coopdocs.output._safezip import check_zip

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TimeSheetError(path, f"lecture impossible ({exc.strerror})") from None
    try:
        check_zip(data, path.name, "classeur Excel (.xlsx)")
    except CoopdocsError as exc:
        raise TimeSheetError(path, exc.message.split(" : ", 1)[1]) from None
    try:
        import io

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a zip that is not a workbook
        raise TimeSheetError(path, f"ce n'est pas un classeur Excel lisible ({type(exc).__name__})") from None
    try:
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            found = _header(rows)
            if found is not None:
                return _parse(path, sheet.title, rows, *found)
    finally:
        book.close()
    raise TimeSheetError(
        path, f"aucune ligne d'en-tête « {DATE} … {ABSENCE} … {TOTAL} » : ce n'est pas une feuille de temps coopdocs"
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _header(rows: list[tuple]) -> tuple[int, dict[int, str]] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = {i: _text(v) for i, v in enumerate(row) if _text(v)}
        values = set(texts.values())
        if {DATE, ABSENCE, TOTAL} <= values:
            return index, texts
    return None


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)


def _parse(path: Path, sheet: str, rows: list[tuple], head: int, headers: dict[int, str]) -> TimeSheet:
    by_name = {name: i for i, name in headers.items()}
    wp_cols = {}
    for i, name in headers.items():
        match = WP_HEADER.match(name)
        if match and name not in (DATE, DAY, OTHER, ABSENCE, TOTAL, COMMENT):
            wp_cols[i] = match.group(1).lower()
    agent, month = _identity(path, rows[:head])
    sheet_data = TimeSheet(path, sheet, agent, month, columns={n: _letter(i) for i, n in headers.items()})

    def problem(row: int, col: int, message: str, date: str = "") -> None:
        sheet_data.problems.append(
            Anomaly("invalid-value", message, agent, date, path.name, sheet, f"{_letter(col)}{row}")
        )

    date_col = by_name[DATE]
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        value = row[date_col] if date_col < len(row) else None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif _text(value) in ("", TOTAL):
            if sheet_data.days or _text(value) == TOTAL:
                break
            continue
        else:
            parsed = _parse_date(_text(value))
            if parsed is None:
                problem(offset, date_col, f"« {value} » n'est pas une date")
                continue
            day = parsed
        cells = {i: (row[i] if i < len(row) else None) for i in headers}
        hours: dict[str, float] = {}
        for i, wp in wp_cols.items():
            hours[wp] = hours.get(wp, 0.0) + _hours(cells[i], lambda m, i=i: problem(offset, i, m, day.isoformat()))
        other = _hours(cells.get(by_name.get(OTHER, -1)), lambda m: problem(offset, by_name[OTHER], m, day.isoformat()))
        absence = _text(cells.get(by_name[ABSENCE])).upper()
        if absence and absence not in ABSENCE_CODES:
            problem(
                offset,
                by_name[ABSENCE],
                f"code d'absence « {absence} » inconnu ({', '.join(ABSENCE_CODES)})",
                day.isoformat(),
            )
        comment = cells.get(by_name.get(COMMENT, -1))
        sheet_data.days.append(Day(day, offset, hours, other, absence, str(comment) if comment is not None else ""))
    if not month and sheet_data.days:
        month = f"{sheet_data.days[0].date:%Y-%m}"
        sheet_data.month = month
    return sheet_data


def _identity(path: Path, above: list[tuple]) -> tuple[str, str]:
    """Agent id and month from the header block (`Identifiant`, `Mois`), else from the file name."""
    found: dict[str, str] = {}
    for row in above:
        cells = [v for v in row if v is not None and str(v).strip()]
        if len(cells) >= 2 and _text(cells[0]) in ("Identifiant", "Mois"):
            found[_text(cells[0])] = str(cells[1]).strip()
    match = FILE_NAME.match(path.name)
    agent = found.get("Identifiant") or (match.group("agent") if match else "")
    month = found.get("Mois") or (match.group("month") if match else "")
    return agent, month


def _parse_date(text: str) -> dt.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    return None


def _hours(value: Any, report) -> float:
    """Hours typed in a cell: a number, or text such as « 3,5 »; anything else is reported."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0.0
    if isinstance(value, bool):
        report(f"« {value} » n'est pas un nombre d'heures")
        return 0.0
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and value.strip().startswith("="):
        report(f"formule « {value.strip()} » : saisissez le nombre d'heures lui-même")
        return 0.0
    else:
        try:
            number = float(str(value).strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
        except ValueError:
            report(f"« {value} » n'est pas un nombre d'heures")
            return 0.0
    if not 0 <= number <= 24:
        report(f"{_fmt(number)} h : un nombre d'heures entre 0 et 24 est attendu")
        return 0.0
    return number


def _fmt(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")


# ---- what an auditor questions --------------------------------------------------------------


def sheet_anomalies(
    sheet: TimeSheet, start: dt.date, end: dt.date, weekly_hours: float, holidays: dict[dt.date, str]
) -> list[Anomaly]:
    """Day-level anomalies of one sheet: holiday, weekend, over-daily-max, absence-with-hours,
    outside-period. Declared hours are flagged, never changed."""
    found = []
    daily_contract = weekly_hours / 5

    def flag(kind: str, day: Day, column: str, message: str) -> None:
        cell = f"{sheet.columns.get(column, 'A')}{day.row}"
        found.append(Anomaly(kind, message, sheet.agent, day.date.isoformat(), sheet.path.name, sheet.sheet, cell))

    for day in sheet.days:
        if day.total <= 0:
            continue
        when = day.date.strftime("%d/%m/%Y")
        total = _fmt(day.total)
        if not start <= day.date <= end:
            flag(
                "outside-period",
                day,
                TOTAL,
                f"{total} h le {when}, hors de la période de l'agent sur le projet ({start:%d/%m/%Y} → {end:%d/%m/%Y})",
            )
        if day.date in holidays:
            flag("holiday", day, TOTAL, f"{total} h le {when}, jour férié ({holidays[day.date]})")
        elif day.date.weekday() >= 5:
            flag(
                "weekend", day, TOTAL, f"{total} h le {when}, un {'samedi' if day.date.weekday() == 5 else 'dimanche'}"
            )
        if day.total > DAILY_MAX or day.total > daily_contract + 1e-9:
            limit = min(DAILY_MAX, daily_contract)
            flag(
                "over-daily-max",
                day,
                TOTAL,
                f"{total} h le {when}, au-delà du maximum journalier ({_fmt(limit)} h : "
                f"{_fmt(daily_contract)} h par jour au contrat, {DAILY_MAX} h au plus)",
            )
        if day.absence and not (day.absence == "FER" and day.date in holidays):
            flag("absence-with-hours", day, ABSENCE, f"{total} h le {when}, jour d'absence ({day.absence})")
    return found


def annual_anomalies(agent: str, sheets: Iterable[TimeSheet], basis: float) -> list[Anomaly]:
    """over-annual-basis: a calendar year's hours on the project above the agent's basis."""
    by_year: dict[int, float] = {}
    for sheet in sheets:
        for day in sheet.days:
            by_year[day.date.year] = by_year.get(day.date.year, 0.0) + day.project_hours
    return [
        Anomaly(
            "over-annual-basis",
            f"{_fmt(round(hours, 2))} h déclarées sur le projet en {year}, au-delà de la "
            f"base annuelle de l'agent ({_fmt(round(basis, 2))} h)",
            agent,
            f"{year}-12-31",
        )
        for year, hours in sorted(by_year.items())
        if hours > basis + 1e-9
    ]


def missing_months(agent: str, expected: Iterable[str], present: Iterable[str]) -> list[Anomaly]:
    have = set(present)
    return [
        Anomaly("missing-month", f"aucune feuille de temps pour {month}", agent, f"{month}-01")
        for month in expected
        if month not in have
    ]
