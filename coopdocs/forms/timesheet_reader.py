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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs.forms._reading import NotANumber, plain, typed_number, workbook_rows
from coopdocs.forms.anomalies import Anomaly, AnomalyKind, UnreadableForm
from coopdocs.forms.timesheet_form import (
    ABSENCE,
    ABSENCE_CODES,
    AGENT_ID,
    COMMENT,
    DATE,
    DAY,
    FILE_NAME,
    HEADER_SCAN_ROWS,
    OTHER,
    TOTAL,
    WP_HEADER,
    WP_IDS,
)
from coopdocs.kinds import TIMESHEETS as SHEETS_FOLDER
from coopdocs.messages import Arg, Phrase


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
    header_row: int = 0
    foreign: bool = False  # its identity cells disagree with its file: not counted
    work_packages: dict[str, str] = field(default_factory=dict)  # work package id → its header

    def hours_by_wp(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for day in self.days:
            for wp, hours in day.hours.items():
                totals[wp] = totals.get(wp, 0.0) + hours
        return totals

    @property
    def project_hours(self) -> float:
        return sum(day.project_hours for day in self.days)


def read_timesheet(path: Path) -> TimeSheet:
    """The typed content of one filled sheet; cell-level problems are in `.problems`."""
    candidates = []
    for title, rows in workbook_rows(path):
        found = _header(rows)
        if found is not None:
            candidates.append((title, rows, *found))
    if not candidates:
        raise UnreadableForm(
            path,
            f"aucune ligne d'en-tête « {DATE} … {ABSENCE} … {TOTAL} » : ce n'est pas une feuille de temps coopdocs",
        )
    # The sheet coopdocs wrote carries its identity (Identifiant, Mois) above the table: a decoy
    # placed first with the right headers is not read in its place.
    ours = [c for c in candidates if all(_identity_cells(c[1][: c[2]]).get(k) for k in (AGENT_ID, "Mois"))]
    title, rows, head, headers = (ours or candidates)[0]
    sheet = _parse(path, title, rows, head, headers)
    for other, *_ in candidates:
        if other != title:
            sheet.problems.append(
                _anomaly(AnomalyKind.FOREIGN_SHEET, {"other": other, "title": title}, sheet, key="second-sheet")
            )
    return sheet


def _anomaly(
    kind: AnomalyKind, args: dict[str, Arg], sheet: TimeSheet, cell: str = "", date: str = "", key: str = ""
) -> Anomaly:
    where = dict(agent=sheet.agent, date=date, file=sheet.path.name, sheet=sheet.sheet, cell=cell, month=sheet.month)
    return Anomaly(kind, args, **where, key=key)


def _text(value: Any) -> str:
    return plain(value)


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
    """Every dated row under the header row until the `Total` row, whatever blank rows lie
    between; problems are collected, never raised."""
    by_name = {name: i for i, name in headers.items()}
    wp_cols = _wp_columns(headers, _wp_ids(rows[:head]))
    agent, month = _identity(path, rows[:head])
    columns = {n: _letter(i) for i, n in headers.items()}
    data = TimeSheet(path, sheet, agent, month, columns=columns, header_row=head + 1)
    data.work_packages = {wp: headers[i] for i, wp in wp_cols.items()}
    _check_identity(data, path, rows[:head])
    _unknown_columns(data, headers, wp_cols)

    def problem(row: int, col: int, reason: Phrase, date: str = "") -> None:
        data.problems.append(
            _anomaly(AnomalyKind.INVALID_VALUE, {"reason": reason}, data, f"{_letter(col)}{row}", date)
        )

    date_col = by_name[DATE]
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        value = row[date_col] if date_col < len(row) else None
        if _text(value) == TOTAL:
            break
        cells = {i: (row[i] if i < len(row) else None) for i in headers}
        if _is_blank_date(value):
            _hours_without_date(data, offset, cells, wp_cols, by_name, date_col)
            continue
        day = _row_date(value)
        if day is None:
            cell = f"{_letter(date_col)}{offset}"
            data.problems.append(
                _anomaly(AnomalyKind.INVALID_VALUE, {"value": str(value)}, data, cell, key="not-a-date")
            )
            continue
        parsed = _day(day, offset, cells, by_name, wp_cols, problem)
        if month and f"{day:%Y-%m}" != month:
            if parsed.total:
                args: dict[str, Arg] = {"hours": parsed.total, "date": day, "month": month}
                cell = f"{_letter(date_col)}{offset}"
                data.problems.append(_anomaly(AnomalyKind.DATE_OUTSIDE_MONTH, args, data, cell, day.isoformat()))
            continue
        data.days.append(parsed)
    if not month and data.days:
        data.month = f"{data.days[0].date:%Y-%m}"
    return data


def _hours_without_date(
    data: TimeSheet, offset: int, cells: dict[int, Any], wp_cols: dict[int, str], by_name: dict[str, int], date_col: int
) -> None:
    """A row with hours but no date: its hours belong to no day, so they are not counted."""
    columns = [*wp_cols, by_name.get(OTHER, -1)]
    typed = [cells.get(i) for i in columns if cells.get(i) not in (None, "")]
    if typed:
        args: dict[str, Arg] = {"values": ", ".join(str(v) for v in typed)}
        data.problems.append(_anomaly(AnomalyKind.ROW_WITHOUT_DATE, args, data, f"{_letter(date_col)}{offset}"))


def _check_identity(data: TimeSheet, path: Path, above: list[tuple]) -> None:
    """The identity cells (agent, month) must agree with the file's name and its folder."""
    cells = _identity_cells(above)
    match = FILE_NAME.match(path.name)
    named = (match.group("agent"), match.group("month")) if match else ("", "")
    said = (cells.get(AGENT_ID, ""), cells.get("Mois", ""))
    clashes = [
        Phrase(key, {"said": a, "named": b})
        for key, a, b in zip(("clash-agent", "clash-month"), said, named)
        if a and b and a != b
    ]
    folder = path.parent  # feuilles-de-temps/<agent>/<agent>_<month>.xlsx, as build writes it
    if said[0] and folder.parent.name == SHEETS_FOLDER and folder.name != said[0]:
        clashes.append(Phrase("clash-folder", {"said": said[0], "folder": folder.name}))
    if clashes:
        data.foreign = True
        data.problems.append(_anomaly(AnomalyKind.FOREIGN_SHEET, {"clashes": tuple(clashes)}, data))


def _unknown_columns(data: TimeSheet, headers: dict[int, str], wp_cols: dict[int, str]) -> None:
    """A column the form does not have is reported, never charged."""
    known = {DATE, DAY, OTHER, ABSENCE, TOTAL, COMMENT}
    for i, name in headers.items():
        if i not in wp_cols and name not in known:
            cell = f"{_letter(i)}{data.header_row}"
            data.problems.append(_anomaly(AnomalyKind.UNKNOWN_COLUMN, {"name": name}, data, cell))


def _wp_columns(headers: dict[int, str], ids: dict[int, str] | None = None) -> dict[int, str]:
    """Column index → work package id: from the hidden row of ids above the table (a v3 sheet,
    headed `<code> – <title>`), else from the headers shaped `WP1 – Title` (a version 2 sheet,
    its id in upper case; any order, any count)."""
    known = (DATE, DAY, OTHER, ABSENCE, TOTAL, COMMENT)
    if ids:
        return {i: ids[i] for i, name in headers.items() if i in ids and name not in known}
    wp_cols = {}
    for i, name in headers.items():
        match = WP_HEADER.match(name)
        if match and name not in known:
            wp_cols[i] = match.group(1).lower()
    return wp_cols


def _wp_ids(above: list[tuple]) -> dict[int, str]:
    """The hidden row `Lots (identifiants)`: column index → work package id."""
    for row in above:
        if row and _text(row[0]) == WP_IDS:
            return {i: _text(v) for i, v in enumerate(row) if i > 0 and _text(v)}
    return {}


def _is_blank_date(value: Any) -> bool:
    """An empty date cell: skipped above the first day, the end of the table after it."""
    return not isinstance(value, dt.date) and _text(value) == ""


def _row_date(value: Any) -> dt.date | None:
    """The date of a row, typed as a date or as text; None when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _parse_date(_text(value))


def _day(
    day: dt.date,
    offset: int,
    cells: dict[int, Any],
    by_name: dict[str, int],
    wp_cols: dict[int, str],
    problem: Callable[[int, int, Phrase, str], None],
) -> Day:
    """One day's hours, absence code and comment; each bad cell is reported with its address."""
    hours: dict[str, float] = {}
    for i, wp in wp_cols.items():
        hours[wp] = hours.get(wp, 0.0) + _hours(cells[i], lambda m: problem(offset, i, m, day.isoformat()))
    other = _hours(cells.get(by_name.get(OTHER, -1)), lambda m: problem(offset, by_name[OTHER], m, day.isoformat()))
    absence = _text(cells.get(by_name[ABSENCE])).upper()
    if absence and absence not in ABSENCE_CODES:
        problem(
            offset,
            by_name[ABSENCE],
            Phrase("unknown-absence", {"code": absence, "known": ", ".join(ABSENCE_CODES)}),
            day.isoformat(),
        )
    comment = cells.get(by_name.get(COMMENT, -1))
    return Day(day, offset, hours, other, absence, str(comment) if comment is not None else "")


def _identity_cells(above: list[tuple]) -> dict[str, str]:
    """The header block's `Identifiant` and `Mois`, as written above the table."""
    found: dict[str, str] = {}
    for row in above:
        cells = [v for v in row if v is not None and str(v).strip()]
        if len(cells) >= 2 and _text(cells[0]) in (AGENT_ID, "Mois"):
            found[_text(cells[0])] = str(cells[1]).strip()
    return found


def _identity(path: Path, above: list[tuple]) -> tuple[str, str]:
    """Agent id and month from the header block, else from the file name."""
    found = _identity_cells(above)
    match = FILE_NAME.match(path.name)
    agent = found.get(AGENT_ID) or (match.group("agent") if match else "")
    month = found.get("Mois") or (match.group("month") if match else "")
    return agent, month


def _parse_date(text: str) -> dt.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    return None


def _hours(value: Any, report: Callable[[Phrase], None]) -> float:
    """Hours typed in a cell: a number, or text such as « 3,5 »; anything else is reported."""
    try:
        number = typed_number(value, "hours")
    except NotANumber as exc:
        report(exc.phrase)
        return 0.0
    if number is None:
        return 0.0
    if not 0 <= number <= 24:
        report(Phrase("hours-out-of-range", {"hours": float(number)}))
        return 0.0
    return float(number)
