"""The Excel bilan: the same tables for controllers, with SUM formulas where they check a total,
native charts, frozen headers and filters. It only presents the figures of coopdocs.bilan, in the
language asked (every word from the catalogue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coopdocs.bilan.figures import BilanFigures
from coopdocs.formats import months_text, period_text
from coopdocs.words import label, words

MONEY, SHARE, HOURS, DATE = "#,##0.00", "0.00%", "0.00", "DD/MM/YYYY"


def _wrap() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


WRAP = _wrap()


@dataclass
class Table:
    """A sheet of rows under a header; `sums` are the columns totalled by a SUM formula."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    sums: list[int] | None = None
    money_cols: tuple[int, ...] = ()
    share_cols: tuple[int, ...] = ()
    total_label: str = ""  # the total row's first cell
    hours_cols: tuple[int, ...] = ()
    hidden_cols: tuple[int, ...] = ()  # ids kept for lookups, not shown (contract v3)


def write_rows(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Font

    from coopdocs.office.xlsx import text_cell

    for col, header in enumerate(table.headers, start=1):
        text_cell(sheet, 1, col, header).font = Font(bold=True)
    for r, row in enumerate(table.rows, start=2):
        for col, value in enumerate(row, start=1):
            cell = text_cell(sheet, r, col, value)
            if col in table.money_cols:
                cell.number_format = MONEY
            elif col in table.share_cols:
                cell.number_format = SHARE
            elif col in table.hours_cols:
                cell.number_format = HOURS


def sheet_with(book: Any, table: Table) -> Any:
    """The table as a new sheet: a total row of SUM formulas, frozen header, filters."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import print_one_page_wide, text_cell

    sheet = book.create_sheet(table.title)
    write_rows(sheet, table)
    last = len(table.rows) + 1
    if table.sums is not None and table.rows:
        total = last + 1
        text_cell(sheet, total, 1, table.total_label).font = Font(bold=True)
        for col in table.sums:
            letter = get_column_letter(col)
            cell = sheet.cell(row=total, column=col, value=f"=SUM({letter}2:{letter}{last})")
            cell.font = Font(bold=True)
            cell.number_format = MONEY if col in table.money_cols else HOURS
    for col in range(1, len(table.headers) + 1):
        widest = max([len(str(table.headers[col - 1]))] + [len(str(r[col - 1])) for r in table.rows if col <= len(r)])
        dimension = sheet.column_dimensions[get_column_letter(col)]
        dimension.width = min(max(30 if col == 1 else 12, widest + 2), 48)
        dimension.hidden = col in table.hidden_cols
        sheet.cell(row=1, column=col).alignment = WRAP
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{last}"
    print_one_page_wide(sheet, 1)
    return sheet


def summary_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    W = words("bilan", lang)
    from openpyxl.styles import Font

    from coopdocs.office.xlsx import print_one_page_wide, text_cell

    totals = figures.totals
    rows: list[tuple[str, Any, str | None]] = [
        (W["project"], figures.title, None),
        (W["programme"], figures.programme, None),
        (W["period"], label("final", "period_name", lang) if figures.final is not None else figures.period, None),
        (W["from"], figures.start, DATE),
        (W["to"], figures.end, DATE),
        (W["hours_declared"], totals.hours, HOURS),
        (W["staff_costs"], float(totals.staff_cost), MONEY),
        (W["other"], float(totals.other_costs), MONEY),
        (W["flat"], float(totals.flat_rate_costs), MONEY),
        (W["period_total"], float(totals.total), MONEY),
        (W["project_budget"], float(totals.budget_total), MONEY),
        (W["spent_so_far"], float(totals.cumulative_total), MONEY),
        (W["budget_consumed"], totals.consumed_cumulative, SHARE),
        (W["anomaly_count"], len(figures.anomalies), None),
    ]
    summary = book.active
    summary.title = W["summary"]
    for r, (name, value, number_format) in enumerate(rows, start=1):
        text_cell(summary, r, 1, name).font = Font(bold=True)
        cell = text_cell(summary, r, 2, value)
        cell.alignment = WRAP  # a long title wraps within its column, never past the page
        if number_format:
            cell.number_format = number_format
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60
    print_one_page_wide(summary, 0, "portrait")


def agents_sheet(book: Any, figures: BilanFigures, lang: str) -> Any:
    """Hours by work package and staff costs of each agent; the work packages start at column 5."""
    W = words("bilan", lang)
    wps = [wp.id for wp in figures.work_packages]
    n = len(wps)
    codes = [wp.code or wp.id.upper() for wp in figures.work_packages]
    headers = [W["agent"], W["id"], W["partner"], W["mode"], *codes, W["hours_h"], W["rate"]]
    rows = [
        [a.name, a.id, figures.name_of(a.partner), W[a.mode], *[a.hours.get(wp, 0.0) for wp in wps], a.hours_total]
        + [float(a.hourly_rate), float(a.cost), months_text(a.months_missing, lang)]
        for a in figures.agents
    ]
    table = Table(
        W["agents_sheet"],
        [*headers, W["cost"], W["missing"]],
        rows,
        sums=[*range(5, 6 + n), 7 + n],
        money_cols=(6 + n, 7 + n),
        hours_cols=tuple(range(5, 6 + n)),
        total_label=W["total"],
        hidden_cols=(2,),  # the agent's id: for a formula or a lookup, never read on the page
    )
    return sheet_with(book, table)


def partners_sheet(book: Any, figures: BilanFigures, lang: str) -> Any:
    """Spending of each partner; the total of a row is a formula of its parts (column F)."""
    W = words("bilan", lang)
    headers = [W["partner"], W["id"], W["staff"], W["other"], W["flat"], W["total"], W["budget"]]
    rows = [
        [p.name, p.id, float(p.staff_cost), float(p.other_total), float(p.flat_total), None]
        + [float(p.budget_total), float(p.cumulative.total), p.cumulative.consumed_total]
        for p in figures.partners
    ]
    table = Table(
        W["partners"],
        [*headers, W["cumulative_since_start"], W["share_consumed"]],
        rows,
        sums=[3, 4, 5, 6, 7, 8],
        money_cols=(3, 4, 5, 6, 7, 8),
        share_cols=(9,),
        total_label=W["total"],
        hidden_cols=(2,),  # the partner's id
    )
    sheet = sheet_with(book, table)
    for r in range(2, len(figures.partners) + 2):
        cell = sheet.cell(row=r, column=6, value=f"=C{r}+D{r}+E{r}")
        cell.number_format = MONEY
    # Beside the cumulative spending: what the claims declared and the controls certified, then
    # the period's « à vérifier » amounts and what a claim would take without them.
    keys = ("claimed", "certified", "at_risk", "without_unresolved")
    extra = [(key, [getattr(p, key) for p in figures.partners]) for key in keys]
    for key, values in extra:
        if any(v is not None for v in values):
            _amount_column(sheet, W[key], [v or Decimal(0) for v in values])
    return sheet


def _amount_column(sheet: Any, header: str, values: list[Decimal]) -> None:
    """One more column of amounts, one a partner, and their total on the total row."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import text_cell

    column = sheet.max_column + 1
    text_cell(sheet, 1, column, header).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[get_column_letter(column)].width = 16
    for r, value in enumerate([*values, sum(values, Decimal(0))], start=2):
        text_cell(sheet, r, column, float(value)).number_format = MONEY


def categories_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    W = words("bilan", lang)
    category = words("category", lang) | {"unknown": W["unclassified"]}
    rows: list[list[Any]] = []
    for p in figures.partners:
        rows.append([p.name, category["staff"], float(p.staff_cost)])
        rows += [[p.name, category[code], float(amount)] for code, amount in p.other_costs.items()]
        rows += [
            [p.name, f"{category[code]} ({W['flat_rate']})", float(amount)]
            for code, amount in p.flat_rate_costs.items()
            if amount
        ]
    headers = [W["partner"], W["category"], W["amount"]]
    sheet_with(book, Table(W["categories_sheet"], headers, rows, sums=[3], money_cols=(3,), total_label=W["total"]))


def anomalies_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    W = words("bilan", lang)
    headers = [W["severity"], W["kind"], W["who"], W["date"], W["file"], W["sheet"], W["cell"], W["message"]]
    rows: list[list[Any]] = [
        [label("anomaly", a.severity, lang), a.kind.label(lang), figures.name_of(a.agent or a.partner), a.date]
        + [a.file, a.sheet, a.cell]
        + [a.text(lang)]
        for a in figures.anomalies
    ]
    sheet_with(book, Table(W["anomalies_sheet"], headers, rows))


def plan_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    """Plan against actual since the start: each budget line's spending, each agent's hours."""
    W = words("bilan", lang)
    category = words("category", lang) | {"unknown": W["unclassified"]}
    rows: list[list[Any]] = [
        [figures.name_of(u.partner), category.get(u.category, u.category), float(u.budget), float(u.spent), u.consumed]
        for u in figures.budget_use
    ]
    rows += [
        [a.name, W["declared_hours"], a.hours_planned, a.hours_cumulative, a.hours_cumulative / a.hours_planned]
        for a in figures.agents
        if a.mode == "hourly" and a.hours_planned
    ]
    headers = [W["partner"], W["category"], W["budget"], W["spent_short"], W["consumed"]]
    sheet_with(book, Table(W["plan_sheet"], headers, rows, money_cols=(3, 4), share_cols=(5,)))


def meetings_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    """One row per meeting of the period (with each decision) and per action open at its end."""
    m = words("meeting", lang)
    headers = [m["date"], m["body"], m["meeting"], m["kind"], m["text"], m["who"], m["due"], m["state"]]
    rows: list[list[Any]] = []
    for meeting in figures.meetings.held:
        minutes = m["minutes_yes"] if meeting.minutes else m["minutes_no"]
        rows.append([meeting.date, meeting.body, meeting.id, m["meeting"], meeting.place, "", None, minutes])
        rows += [
            [meeting.date, meeting.body, meeting.id, m["decision"], text, "", None, ""] for text in meeting.decisions
        ]
    for a in figures.meetings.open_actions:
        state = m["late"] if a.overdue else m["open"]
        rows.append([None, a.body, a.meeting, m["action"], a.what, a.who, a.due, state])
    sheet = sheet_with(book, Table(m["heading"], headers, rows, hidden_cols=(3,)))  # column 3: the meeting's id
    for row in sheet.iter_rows(min_row=2, max_col=7):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE


def value_axis(chart: Any, unit: str) -> None:
    """Both axes shown, the values in French-style numbers with their unit (« 20 000 € », « 150 h »):
    a literal space groups the thousands whatever the spreadsheet's locale."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = f'# ##0" {unit}"'


def budget_chart(partners: Any, count: int, title: str, unit: str = "€") -> None:
    """Budget and cumulative spending by partner, from the Partners sheet's columns G and H."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.add_data(Reference(partners, min_col=7, max_col=8, min_row=1, max_row=count + 1), titles_from_data=True)
    chart.set_categories(Reference(partners, min_col=1, min_row=2, max_row=count + 1))
    chart.height, chart.width = 9, 18
    value_axis(chart, unit)
    partners.add_chart(chart, "K2")


def hours_chart(agents: Any, count: int, wps: int, title: str) -> None:
    """Hours by work package, stacked for each agent, from the Agents sheet's work package columns."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    chart = BarChart()
    chart.title = title
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.add_data(Reference(agents, min_col=5, max_col=4 + wps, min_row=1, max_row=count + 1), titles_from_data=True)
    chart.set_categories(Reference(agents, min_col=1, min_row=2, max_row=count + 1))
    chart.height, chart.width = 9, 18
    value_axis(chart, "h")
    agents.add_chart(chart, f"{get_column_letter(10 + wps)}2")


def bilan_xlsx(figures: BilanFigures, when: dt.date, lang: str = "fr") -> bytes:
    from openpyxl import Workbook

    from coopdocs.office.xlsx import workbook_bytes

    W = words("bilan", lang)
    book = Workbook()
    summary_sheet(book, figures, lang)
    agents = agents_sheet(book, figures, lang)
    partners = partners_sheet(book, figures, lang)
    categories_sheet(book, figures, lang)
    anomalies_sheet(book, figures, lang)
    plan_sheet(book, figures, lang)
    meetings_sheet(book, figures, lang)
    from coopdocs.bilan.progress_excel import final_sheet, progress_sheet

    progress_sheet(book, figures, lang)
    final_sheet(book, figures, lang)
    if figures.partners:
        unit = "€" if figures.currency == "EUR" else figures.currency
        budget_chart(partners, len(figures.partners), W["chart_budget"], unit)
    if figures.agents and figures.work_packages:
        hours_chart(agents, len(figures.agents), len(figures.work_packages), W["chart_wp_agent"])
    period = label("final", "title", lang) if figures.final is not None else period_text(figures.period, lang, True)
    title = W["workbook_title"].format(period=period, title=figures.title)
    return workbook_bytes(book, when, title, lang)
