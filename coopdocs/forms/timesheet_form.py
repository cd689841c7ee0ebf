"""The monthly time sheet people fill in (the contract of shared/spec/cli.md).

`sheet_model` computes everything a sheet shows (pure, hashed into the manifest);
`timesheet_workbook` lays it out with openpyxl: one row a day, one hours column per work
package active that month, input cells unlocked and validated, everything else locked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from coopdocs.calendar import WEEKDAYS, month_days, public_holidays, working_days
from coopdocs.guide import load_guide
from coopdocs.project import staff
from coopdocs.project.model import Agent, ProjectFile
from coopdocs.project.naming import wp_code

GREY, SHADE = "D9D9D9", "FCE4D6"

# The contract between the form and its reader (shared/spec/cli.md): header words, codes, bounds.
SHEET_TITLE = "Feuille"
DATE, DAY, OTHER, ABSENCE, TOTAL, COMMENT = "Date", "Jour", "Autres activités", "Absence", "Total", "Commentaire"
ABSENCE_CODES = ("CP", "RTT", "MAL", "FER", "AUT")
ABSENCE_LEGEND = (
    "Codes d'absence : CP congés payés — RTT réduction du temps de travail — MAL maladie — "
    "FER jour férié — AUT autre absence"
)
MAX_HOURS_INPUT = 12  # what the sheet's validation allows in one cell
DAILY_MAX = 10  # hours a day (French labour code), flagged above
HEADER_SCAN_ROWS = 60
# Hidden rows above the table (v3): the agent's id and each hours column's work package id.
AGENT_ID, WP_IDS = "Identifiant", "Lots (identifiants)"
WP_HEADER = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9-]{0,39})\s+[–-]\s+(.+)$", re.S)
FILE_NAME = re.compile(r"^(?P<agent>[a-z0-9][a-z0-9-]{0,39})_(?P<month>\d{4}-\d{2})\.xlsx$")


def wp_header(code: str, title: str) -> str:
    """`WP1 – Coordination`: the work package's code, then an en dash (the contract's header)."""
    return f"{code} – {title}"


def sheet_path(agent_id: str, month: str) -> str:
    return f"feuilles-de-temps/{agent_id}/{agent_id}_{month}.xlsx"


def agent_period(project: ProjectFile, agent: Agent) -> tuple[dt.date, dt.date]:
    return agent.start or project.project.start, agent.end or project.project.end


def month_in_words(day: dt.date) -> str:
    """« mai 2028 »."""
    from coopdocs.formats import locale

    return f"{locale('fr').months['format']['wide'][day.month]} {day.year}"


def sheet_model(project: ProjectFile, agent: Agent, month: str) -> dict[str, Any]:
    """Everything one sheet shows, as plain values."""
    employer = project.partner(agent.partner)
    start, end = agent_period(project, agent)
    days, worked = _month_calendar(month, start, end, employer.country, employer.subdivision)
    first, last = dt.date.fromisoformat(days[0]["date"]), dt.date.fromisoformat(days[-1]["date"])
    offered = staff.agent_work_packages(project, agent)
    wps = [wp for wp in project.work_packages if wp.id in offered and wp.start <= last and wp.end >= first]
    rate = staff.rate_on(project, agent, first)
    item = load_guide().item_ids["suivre-piloter.m2.1"]
    return {
        "month": month,
        "month_words": month_in_words(first),
        "operation_number": project.project.operation_number or "",
        "project": project.project.title,
        "programme": project.project.programme,
        "partner": employer.name,
        "agent": agent.name,
        "agent_id": agent.id,
        "job_title": agent.job_title,
        "supervisor": f"{agent.supervisor.name}, {agent.supervisor.title}",
        "weekly_hours": agent.weekly_hours,
        "wps": [{"id": wp.id, "header": wp_header(wp_code(project, wp), wp.title)} for wp in wps],
        "days": list(days),
        # What the days derive from: the inputs hash takes this instead of the 31 rows (they cost
        # more to hash than to compute, over thousands of sheets).
        "calendar": [month, start.isoformat(), end.isoformat(), employer.country, employer.subdivision or ""],
        "working_days": worked,
        "expected_hours": float(Decimal(worked) * Decimal(str(agent.weekly_hours)) / 5),
        "hourly_rate": float(rate),
        "reminder": f"Guide Cap Rural : « {item.text} ».",
        "retention": f"Feuille à dater et signer chaque mois, puis à conserver {project.reporting.retention_years} "
        "ans avec les pièces du projet pour les contrôles.",
    }


@lru_cache(maxsize=8192)
def _month_calendar(
    month: str, start: dt.date, end: dt.date, country: str, subdivision: str | None
) -> tuple[tuple[dict[str, Any], ...], int]:
    """The month's rows (weekday, weekend, holiday, outside the agent's period) and its working
    days on the project: the same for every agent of an employer on the project all along, so
    computed once (a large project has thousands of sheets). The rows are read, never changed."""
    days = month_days(month)
    holidays = {
        d: name for d, name in public_holidays(country, subdivision, days[0].year).items() if d.month == days[0].month
    }
    rows = tuple(
        {
            "date": d.isoformat(),
            "weekday": WEEKDAYS["fr"][d.weekday()],
            "outside": not start <= d <= end,
            "weekend": d.weekday() >= 5,
            "holiday": holidays.get(d, ""),
        }
        for d in days
    )
    worked = working_days([d for d in days if start <= d <= end], holidays)
    return rows, len(worked)


def timesheet_workbook(model: dict[str, Any], when: dt.date) -> bytes:
    """The sheet's bytes: the parts of the page are written top to bottom, in this order, since
    openpyxl numbers styles in the order first used (the same order gives the same bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, Side

    from coopdocs.office.xlsx import protect_and_print, workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    # One instance of each shared style: openpyxl finds the same object at once, an equal copy slowly.
    bold = Font(bold=True)
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head = _write_identity(sheet, model, bold)
    columns = _Columns(len(model["wps"]))
    _write_table_header(sheet, head, model, box)
    hours_rule, absence_rule = _add_validations(sheet)
    first = head + 1
    _write_days(sheet, model["days"], first, columns, box)
    _validate_days(model["days"], first, columns, hours_rule, absence_rule)
    total_row = first + len(model["days"])
    _write_totals(sheet, total_row, first, columns, bold, box)
    sign = _write_summary(sheet, model, total_row, columns, bold)
    _write_signatures_and_notes(sheet, model, sign, columns, bold)
    _set_layout(sheet, head, first, columns)
    protect_and_print(sheet, head)
    sheet.oddHeader.center.text = _header_text(f"{model['project']} — {model['agent']} — {model['month']}")
    sheet.oddHeader.center.size = 9
    return workbook_bytes(book, when, f"Feuille de temps {model['agent']} {model['month']}")


@dataclass(frozen=True)
class _Columns:
    """Where the table's columns fall: A date, B weekday, then one hours column per work package."""

    wps: int

    @property
    def hours(self) -> list[int]:
        """Work packages and other activities: the columns a day's total adds up."""
        return list(range(3, 3 + self.wps + 1))

    @property
    def absence(self) -> int:
        return 3 + self.wps + 1

    @property
    def total(self) -> int:
        return 3 + self.wps + 2

    @property
    def comment(self) -> int:
        return 3 + self.wps + 3


def _write_identity(sheet: Any, model: dict[str, Any], bold: Any) -> int:
    """Title and who/what/when block above the table, so a printed sheet stands alone; returns the header row."""
    from openpyxl.styles import Font

    from coopdocs.office.xlsx import text_cell

    text_cell(sheet, 1, 1, f"Feuille de temps mensuelle — {model['month_words']}").font = Font(bold=True, size=14)
    header_block = [
        ("Projet", model["project"]),
        (
            "Programme",
            model["programme"] + (f" — opération n° {model['operation_number']}" if model["operation_number"] else ""),
        ),
        ("Partenaire", model["partner"]),
        ("Agent", model["agent"]),
        ("Poste", model["job_title"]),
        ("Responsable hiérarchique", model["supervisor"]),
        ("Mois", model["month"]),
    ]
    for i, (label, value) in enumerate(header_block, start=2):
        text_cell(sheet, i, 1, label).font = bold
        text_cell(sheet, i, 3, value)
    hidden = len(header_block) + 2  # the agent's id and the columns' work packages, for the reader only
    text_cell(sheet, hidden, 1, AGENT_ID)
    text_cell(sheet, hidden, 2, model["agent_id"])
    text_cell(sheet, hidden + 1, 1, WP_IDS)
    for col, wp in enumerate(model["wps"], start=3):
        text_cell(sheet, hidden + 1, col, wp["id"])
    sheet.row_dimensions[hidden].hidden = sheet.row_dimensions[hidden + 1].hidden = True
    return hidden + 2


def _write_table_header(sheet: Any, head: int, model: dict[str, Any], box: Any) -> None:
    """The contract's header words, which the reader looks for (shared/spec/cli.md)."""
    from coopdocs.office.xlsx import header_row

    headers = [DATE, DAY] + [wp["header"] for wp in model["wps"]] + [OTHER, ABSENCE, TOTAL, COMMENT]
    header_row(sheet, head, headers)
    for col in range(1, len(headers) + 1):
        sheet.cell(row=head, column=col).border = box


def _add_validations(sheet: Any) -> tuple[Any, Any]:
    """Hours and absence-code rules, so slips are refused as they are typed; ranges are added later."""
    from coopdocs.office.xlsx import list_validation, range_validation

    error = f"Un nombre d'heures entre 0 et {MAX_HOURS_INPUT} (ex. 3,5)."
    hours_rule = range_validation("decimal", error, "0", str(MAX_HOURS_INPUT), title="Heures")
    absence_rule = list_validation(ABSENCE_CODES, "CP congés, RTT, MAL maladie, FER férié, AUT autre.")
    sheet.add_data_validation(hours_rule)
    sheet.add_data_validation(absence_rule)
    return hours_rule, absence_rule


def _write_days(sheet: Any, days: list[dict[str, Any]], first: int, columns: _Columns, box: Any) -> None:
    """One row a day: shaded when not worked, input cells unlocked only inside the agent's period."""
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import StyleCache, text_cell

    unlocked = Protection(locked=False)
    styles = StyleCache()
    hours_cols = columns.hours
    absence_col, total_col, comment_col = columns.absence, columns.total, columns.comment
    last_hours = get_column_letter(hours_cols[-1])
    for i, day in enumerate(days):
        row = first + i
        sheet.cell(row=row, column=1, value=dt.date.fromisoformat(day["date"]))
        text_cell(sheet, row, 2, day["weekday"])
        sheet.cell(row=row, column=total_col, value=f"=SUM(C{row}:{last_hours}{row})")
        shade = GREY if day["outside"] else SHADE if day["weekend"] or day["holiday"] else None
        if day["holiday"] and not day["outside"]:
            text_cell(sheet, row, absence_col, "FER")
            text_cell(sheet, row, comment_col, day["holiday"])
        for col in range(1, comment_col + 1):
            editable = not day["outside"] and (col in hours_cols or col in (absence_col, comment_col))

            def style(cell: Any, shade: str | None = shade, editable: bool = editable, col: int = col) -> None:
                cell.border = box
                if shade:
                    cell.fill = PatternFill("solid", fgColor=shade)
                if editable:
                    cell.protection = unlocked
                if col == 1:
                    cell.number_format = "DD/MM/YYYY"

            styles.apply(sheet.cell(row=row, column=col), (shade, editable, col == 1), style)


def _validate_days(
    days: list[dict[str, Any]], first: int, columns: _Columns, hours_rule: Any, absence_rule: Any
) -> None:
    """Validation by blocks of consecutive days in the agent's period (one range per block, not per cell)."""
    from openpyxl.utils import get_column_letter

    last_hours = get_column_letter(columns.hours[-1])
    for block_first, block_last in _blocks([first + i for i, d in enumerate(days) if not d["outside"]]):
        hours_rule.add(f"C{block_first}:{last_hours}{block_last}")
        letter = get_column_letter(columns.absence)
        absence_rule.add(f"{letter}{block_first}:{letter}{block_last}")


def _write_totals(sheet: Any, total_row: int, first: int, columns: _Columns, bold: Any, box: Any) -> None:
    """Column totals under the table, as formulas, so the sheet adds up what people type."""
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import text_cell

    last = total_row - 1
    text_cell(sheet, total_row, 1, "Total").font = bold
    for col in [*columns.hours, columns.total]:
        letter = get_column_letter(col)
        cell = sheet.cell(row=total_row, column=col, value=f"=SUM({letter}{first}:{letter}{last})")
        cell.font = bold
        cell.border = box


def _write_summary(sheet: Any, model: dict[str, Any], total_row: int, columns: _Columns, bold: Any) -> int:
    """Expected and project hours, rate and the month's cost, under the totals; returns the signature row."""
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import text_cell

    total_col = columns.total
    n_wp = columns.wps
    wp_range = f"C{total_row}:{get_column_letter(2 + n_wp)}{total_row}" if n_wp else None
    summary = [
        ("Heures prévues au contrat (jours ouvrés × heures hebdomadaires / 5)", model["expected_hours"], "0.00"),
        ("Heures sur le projet (lots de travail)", f"=SUM({wp_range})" if wp_range else 0, "0.00"),
        ("Taux horaire (€)", model["hourly_rate"], "#,##0.00"),
        ("Coût du mois (€)", None, "#,##0.00"),
        ("Heures déclarées (projet et autres activités) / heures du contrat", None, "0%"),
    ]
    summary_row = total_row + 2
    for i, (label, value, number_format) in enumerate(summary):
        row = summary_row + i
        text_cell(sheet, row, 1, label)
        cell = sheet.cell(row=row, column=total_col, value=value)
        cell.number_format = number_format
        cell.font = bold
    project_hours = sheet.cell(row=summary_row + 1, column=total_col).coordinate
    rate = sheet.cell(row=summary_row + 2, column=total_col).coordinate
    sheet.cell(row=summary_row + 3, column=total_col, value=f"=ROUND({project_hours}*{rate},2)")
    declared = sheet.cell(row=total_row, column=total_col).coordinate
    expected = sheet.cell(row=summary_row, column=total_col).coordinate
    sheet.cell(row=summary_row + 4, column=total_col, value=f"=IF({expected}>0,{declared}/{expected},0)")
    return summary_row + len(summary) + 1


def _write_signatures_and_notes(sheet: Any, model: dict[str, Any], sign: int, columns: _Columns, bold: Any) -> None:
    """Signature blocks of the agent and their supervisor, then the guide's reminder and the retention rule."""
    from openpyxl.styles import Font

    from coopdocs.office.xlsx import text_cell

    for col, (who, name) in (
        (1, ("L'agent", model["agent"])),
        (columns.comment - 2, ("Le responsable hiérarchique", model["supervisor"])),
    ):
        text_cell(sheet, sign, col, who).font = bold
        text_cell(sheet, sign + 1, col, name)
        text_cell(sheet, sign + 2, col, "Date :")
        text_cell(sheet, sign + 3, col, "Signature :")
    text_cell(sheet, sign + 5, 1, ABSENCE_LEGEND).font = Font(size=9)
    text_cell(sheet, sign + 6, 1, model["reminder"]).font = Font(italic=True, size=9)
    text_cell(sheet, sign + 7, 1, model["retention"]).font = Font(italic=True, size=9)


def _set_layout(sheet: Any, head: int, first: int, columns: _Columns) -> None:
    """Column widths, a tall wrapped header row, and panes frozen on the dates and the header."""
    from openpyxl.utils import get_column_letter

    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 10
    for col in columns.hours:
        sheet.column_dimensions[get_column_letter(col)].width = 15
    sheet.column_dimensions[get_column_letter(columns.absence)].width = 9
    sheet.column_dimensions[get_column_letter(columns.total)].width = 9
    sheet.column_dimensions[get_column_letter(columns.comment)].width = 30
    sheet.row_dimensions[head].height = 62
    sheet.freeze_panes = sheet.cell(row=first, column=3)


def _blocks(rows: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9, 10] → [(3, 5), (9, 10)]."""
    blocks: list[tuple[int, int]] = []
    for row in rows:
        if blocks and blocks[-1][1] == row - 1:
            blocks[-1] = (blocks[-1][0], row)
        else:
            blocks.append((row, row))
    return blocks


def _header_text(text: str) -> str:
    """Page headers use `&` codes: a literal ampersand is written `&&`."""
    return text.replace("&", "&&")


def sheet_inputs(model: dict[str, Any]) -> dict[str, Any]:
    """What a sheet's bytes derive from, for its inputs hash: the model, its rows given by their
    calendar key and the version of the holidays data that names the public holidays."""
    return {**{k: v for k, v in model.items() if k != "days"}, "holidays": _holidays_version()}


@lru_cache(maxsize=1)
def _holidays_version() -> str:
    from importlib.metadata import version

    return version("holidays")
