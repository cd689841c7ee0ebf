"""The bilan workbook's own sheets for progress and the final report: « Avancement » (each
indicator against its target, with a native chart; the deliverables and milestones due, done and
late) and, for `bilan --period final`, « Rapport final » (one row per reporting period, their
total a SUM formula). Every sheet prints one page wide, as the others."""

from __future__ import annotations

from typing import Any

from coopdocs.bilan.figures import BilanFigures, Progress
from coopdocs.words import words

MONEY, SHARE, NUMBER, DATE = "#,##0.00", "0.00%", "#,##0.##", "DD/MM/YYYY"


def _row(sheet: Any, row: int, values: list[Any], formats: dict[int, str] | None = None, bold: bool = False) -> None:
    from openpyxl.styles import Alignment, Font

    from coopdocs.office.xlsx import text_cell

    for col, value in enumerate(values, start=1):
        cell = text_cell(sheet, row, col, value)
        if formats and col in formats and value is not None:
            cell.number_format = formats[col]
        if bold:  # a header: it wraps rather than being cut
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _headed_sheet(book: Any, title: str, headers: list[str], widths: tuple[int, ...]) -> Any:
    """A new sheet of the bilan workbook, framed as both of this module's are: the header row in
    bold on row 1, frozen with the first column, the columns' widths, printed one page wide."""
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import print_one_page_wide

    sheet = book.create_sheet(title)
    _row(sheet, 1, headers, bold=True)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "B2"
    print_one_page_wide(sheet, 1)
    return sheet


def indicator_rows(progress: Progress, lang: str) -> list[list[Any]]:
    w = words("progress", lang)
    return [
        [i.name, i.code, w[i.kind], i.work_package, i.unit, i.baseline, i.value, i.measured, i.source]
        + [i.target, i.target_date, i.progress]
        for i in progress.indicators
    ]


def progress_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    """Indicators from row 1 (header), then the deliverables and milestones under their own header."""
    from openpyxl.chart import BarChart, Reference

    progress = figures.progress
    if progress is None:
        return
    w = words("progress", lang)
    keys = ("indicator", "code", "kind", "wp", "unit", "baseline", "value", "measured", "source")
    headers = [w[k] for k in (*keys, "target", "target_date", "progress")]
    sheet = _headed_sheet(book, w["sheet"], headers, (40, 16, 14, 8, 14, 12, 10, 12, 28, 10, 12, 10))
    formats = {6: NUMBER, 7: NUMBER, 8: DATE, 10: NUMBER, 11: DATE, 12: SHARE}
    rows = indicator_rows(progress, lang)
    for r, values in enumerate(rows, start=2):
        _row(sheet, r, values, formats)
    if not rows:
        _row(sheet, 2, [w["no_indicator"]])
    head = len(rows) + 4 if rows else 5
    _row(sheet, head, [w[k] for k in ("item", "item_kind", "state", "wp", "due", "done")], bold=True)
    for r, item in enumerate(progress.items, start=head + 1):
        values = [item.title, w[item.kind], w[item.state], item.work_package, item.due, item.done]
        _row(sheet, r, values, {5: DATE, 6: DATE})
    if rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = w["chart"]
        chart.add_data(Reference(sheet, min_col=12, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0  # from nothing to the whole target, never a zoom on the bars' tips
        chart.y_axis.scaling.max = max(1.0, *(i.progress or 0.0 for i in progress.indicators))
        chart.legend = None
        chart.height, chart.width = 7, 16
        sheet.add_chart(chart, f"A{head + len(progress.items) + 3}")


def final_sheet(book: Any, figures: BilanFigures, lang: str) -> None:
    """One row per reporting period, then a total row of SUM formulas (the project's figures)."""
    from openpyxl.styles import Font

    final = figures.final
    if final is None:
        return
    w = words("final", lang)
    headers = [w[k] for k in ("period", "from", "to", "hours", "staff", "other", "flat", "total")]
    sheet = _headed_sheet(book, w["sheet"], headers, (22, 12, 12, 10, 14, 14, 14, 14))
    formats = {2: DATE, 3: DATE, 4: "0.00", 5: MONEY, 6: MONEY, 7: MONEY, 8: MONEY}
    for r, p in enumerate(final.periods, start=2):
        values = [p.period, p.start, p.end, p.hours, float(p.staff_cost), float(p.other_costs)]
        _row(sheet, r, [*values, float(p.flat_rate_costs), float(p.total)], formats)
    last, total = len(final.periods) + 1, len(final.periods) + 2
    _row(sheet, total, [w["total"]], bold=True)
    for col, letter in zip(range(4, 9), "DEFGH"):
        cell = sheet.cell(row=total, column=col, value=f"=SUM({letter}2:{letter}{last})")
        cell.font = Font(bold=True)
        cell.number_format = formats[col]
    below = total + 2
    for key, texts in (("lessons", final.lessons), ("next_steps", final.next_steps)):
        if texts:
            _row(sheet, below, [w[key]], bold=True)
            for k, text in enumerate(texts, start=1):
                _row(sheet, below + k, [text])
            below += len(texts) + 2
