"""`controle.xlsx`, the controller's workbook: the sheet « Lignes » (every line of the claim and the
lines parked before, each with its source and what coopdocs found on it, then the controller's
columns: sample, certified, deducted, type of error, parked, comment), the sheet « Liste de
contrôle » (each point pre-filled where coopdocs decides it), and a very hidden sheet that says
which claim and partner the workbook is for (no id is shown on a page). Lists are data
validations, which openpyxl does not enforce: the reader checks every value again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopdocs.claims.workbook import formula, layout, put
from coopdocs.control.checklist import Point, answers
from coopdocs.control.lines import ClaimLines, Line
from coopdocs.office.xlsx import header_row, list_validation, range_validation, workbook_bytes
from coopdocs.project.model import ProjectFile
from coopdocs.words import label, words

MONEY, EXACT = "#,##0.00", "#,##0.00##"
HEAD = 5  # header row of both sheets
IDENTITY = "coopdocs"  # the very hidden sheet: A the name, B the value
LINE_COLUMNS = (
    "key",
    "number",
    "claim",
    "category",
    "what",
    "source",
    "found",
    "declared",
    "sample",
    "certified",
    "deducted",
    "error",
    "parked",
    "comment",
)
CONTROLLER = ("sample", "certified", "deducted", "error", "parked", "comment")
CHECK_COLUMNS = ("key", "theme", "point", "auto", "answer", "comment")
WIDTHS = (80, 5, 12, 20, 40, 30, 34, 13, 11, 13, 13, 18, 10, 28)  # A: hidden, wide enough for one line
CHECK_WIDTHS = (40, 18, 46, 50, 13, 36)
FLAT_FILL = "EEEEEE"
INPUT_FILL = "FFF9E5"


def column(name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(LINE_COLUMNS.index(name) + 1)


def identity_rows(project: ProjectFile, claim: ClaimLines) -> list[tuple[str, Any]]:
    return [
        ("project", project.project.id),
        ("claim", claim.number),
        ("partner", claim.partner),
        ("period", claim.period),
        ("lines", len(claim.lines)),
    ]


def title(project: ProjectFile, claim: ClaimLines, lang: str) -> str:
    name = project.partner(claim.partner).name
    return words("control", lang)["title"].format(number=claim.number, period=claim.period, partner=name)


def _line_values(line: Line, index: int, lang: str) -> list[Any]:
    w = words("control", lang)
    claim = w["claim_back" if line.brought_back else "claim_own"].format(number=line.claim)
    what = label("category", line.category, lang)
    return [line.key, index, claim, what, line.what, line.source, line.found, line.declared]


def lines_sheet(book: Any, project: ProjectFile, claim: ClaimLines, lang: str, error_types: list[str]) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection

    w = words("control", lang)
    sheet = book.active
    sheet.title = w["lines_sheet"]
    put(sheet, 1, 2, title(project, claim, lang), bold=True)  # column A holds the hidden references
    control = project.control
    if control:
        people = w["people"].format(
            controller=control.controller.name, body=control.controller.body, reviewer=control.reviewer.name
        )
        put(sheet, 2, 2, people)
    note(sheet, 3, w["how_to"], len(LINE_COLUMNS), sum(WIDTHS[1:]))
    header_row(sheet, HEAD, [w[f"col_{name}"] for name in LINE_COLUMNS])
    unlocked, flat_fill = Protection(locked=False), PatternFill("solid", fgColor=FLAT_FILL)
    input_fill = PatternFill("solid", fgColor=INPUT_FILL)
    row = HEAD
    for index, line in enumerate(claim.lines, start=1):
        row = HEAD + index
        for col, value in enumerate(_line_values(line, index, lang), start=1):
            put(sheet, row, col, value, EXACT if col == 8 else "")
        for name in CONTROLLER:
            cell = sheet[f"{column(name)}{row}"]
            if line.kind == "flat":
                cell.fill = flat_fill
            else:
                cell.protection, cell.fill = unlocked, input_fill
                cell.alignment = Alignment(vertical="top", wrap_text=name == "comment")
                if name in ("certified", "deducted"):
                    cell.number_format = MONEY
        if line.kind == "flat":
            put(sheet, row, LINE_COLUMNS.index("comment") + 1, w["flat_computed"])
    last = row
    total = last + 1
    put(sheet, total, 2, w["total"], bold=True)
    for name in ("declared",):  # certified and deducted follow from the cells left empty: the report sums them
        letter = column(name)
        formula(sheet, total, LINE_COLUMNS.index(name) + 1, f"=SUM({letter}{HEAD + 1}:{letter}{last})", MONEY)
    _validations(sheet, lang, error_types, HEAD + 1, max(last, HEAD + 1))
    layout(sheet, WIDTHS, total, HEAD)
    sheet.column_dimensions["A"].hidden = True
    _protect(sheet)


def note(sheet: Any, row: int, text: str, columns: int, width: int) -> None:
    """A sentence above the table, wrapped across its visible columns (B to the last)."""
    import math

    from openpyxl.styles import Alignment, Font

    cell = put(sheet, row, 2, text)
    cell.font = Font(italic=True, size=9)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
    sheet.row_dimensions[row].height = 13 * math.ceil(len(text) * 1.1 / width)


def _validations(sheet: Any, lang: str, error_types: list[str], first: int, last: int) -> None:
    w = words("control", lang)
    yes_no = list_validation([w["yes"], w["no"]], w["bad_yes_no"])
    types = list_validation(error_types, w["bad_error_type"])
    if len(",".join(error_types)) > 250:  # Excel's limit of an inline list: the identity sheet holds it
        types = list_validation([], w["bad_error_type"])
        types.formula1 = f"{IDENTITY}!$D$1:$D${len(error_types)}"
    amount = range_validation("decimal", w["bad_amount"], "0")
    for rule, names in ((yes_no, ("sample", "parked")), (types, ("error",)), (amount, ("certified", "deducted"))):
        sheet.add_data_validation(rule)
        for name in names:
            rule.add(f"{column(name)}{first}:{column(name)}{last}")


def _protect(sheet: Any) -> None:
    """Protected without password against slips: the controller's cells are unlocked; sorting,
    filtering and resizing stay allowed."""
    p = sheet.protection
    p.sheet = True
    p.autoFilter = p.sort = p.formatColumns = p.formatRows = False


def checklist_sheet(book: Any, project: ProjectFile, claim: ClaimLines, lang: str, points: list[Point]) -> None:
    from openpyxl.styles import PatternFill, Protection

    w = words("control", lang)
    sheet = book.create_sheet(w["check_sheet"])
    put(sheet, 1, 2, f"{w['check_sheet']} — {title(project, claim, lang)}", bold=True)
    note(sheet, 3, w["check_how_to"], len(CHECK_COLUMNS), sum(CHECK_WIDTHS[1:]))
    header_row(sheet, HEAD, [w[f"check_{name}"] for name in CHECK_COLUMNS])
    shown = answers(lang)
    unlocked, fill = Protection(locked=False), PatternFill("solid", fgColor=INPUT_FILL)
    themes = words("control_theme", lang)
    row = HEAD
    for row, point in enumerate(points, start=HEAD + 1):
        values = [point.key, themes[point.theme], point.text, point.auto, shown.get(point.answer, ""), ""]
        for col, value in enumerate(values, start=1):
            put(sheet, row, col, value)
        for col in (5, 6):
            sheet.cell(row=row, column=col).protection = unlocked
            sheet.cell(row=row, column=col).fill = fill
    rule = list_validation(list(shown.values()), w["bad_answer"])
    sheet.add_data_validation(rule)
    rule.add(f"E{HEAD + 1}:E{max(row, HEAD + 1)}")
    layout(sheet, CHECK_WIDTHS, row, HEAD)
    sheet.column_dimensions["A"].hidden = True
    _protect(sheet)


def identity_sheet(book: Any, project: ProjectFile, claim: ClaimLines, error_types: list[str]) -> None:
    sheet = book.create_sheet(IDENTITY)
    for row, (name, value) in enumerate(identity_rows(project, claim), start=1):
        put(sheet, row, 1, name)
        put(sheet, row, 2, value)
    for row, text in enumerate(error_types, start=1):
        put(sheet, row, 4, text)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def control_xlsx(
    project: ProjectFile, claim: ClaimLines, points: list[Point], lang: str, error_types: list[str], when: dt.date
) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    lines_sheet(book, project, claim, lang, error_types)
    checklist_sheet(book, project, claim, lang, points)
    identity_sheet(book, project, claim, error_types)
    return workbook_bytes(book, when, title(project, claim, lang), lang)
