"""The expense register of a partner: the form people fill, one row an invoice (its reader is
`expense_reader`).

Like the time sheets: headed, validated and protected.
Staff costs come from the time sheets and flat-rate categories are computed, so the
register takes the other categories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from coopdocs.documents.guide_map import Mapped
from coopdocs.guide import Item
from coopdocs.money import costs
from coopdocs.project.flat import flat_rates_of
from coopdocs.project.model import CATEGORIES, ProjectFile, in_language
from coopdocs.project.naming import wp_code
from coopdocs.words import words

HEADERS = (
    "Date",
    "Fournisseur",
    "N° de facture",
    "Libellé",
    "Catégorie",
    "Lot de travail",
    "Montant HT",
    "TVA",
    "Montant TTC",
    "Montant éligible",
    "Date de paiement",
    "Réf. marché",
    "Procédure",
    "Nombre de devis",
    "Justificatif",
)
DATE, SUPPLIER, INVOICE, LABEL, CATEGORY, WP, NET, VAT, GROSS, ELIGIBLE, PAID, *_ = HEADERS
PROCUREMENT, PROCEDURE, QUOTES, PROOF = HEADERS[
    -4:
]  # public procurement (version 3): a register without them still reads
HEADER_KEYS = (
    "date",
    "supplier",
    "invoice",
    "label",
    "category",
    "wp",
    "net",
    "vat",
    "gross",
    "eligible",
    "paid",
    "procurement",
    "procedure",
    "quotes",
    "proof",
)
INPUT_ROWS = 300
COLUMN_WIDTHS = (11, 24, 14, 30, 26, 10, 12, 10, 12, 12, 12, 14, 20, 9, 24)
FRENCH_CATEGORY = words("category", "fr")
LANGS = ("fr", "en")


def headers_in(lang: str) -> tuple[str, ...]:
    """The header row as a register in `lang` shows it (the columns are those of HEADERS)."""
    w = words("register", lang)
    return tuple(w[key] for key in HEADER_KEYS)


# A header as written in a register of either language → the column it is (a HEADERS entry).
HEADER_OF_TEXT = {text: column for lang in LANGS for text, column in zip(headers_in(lang), HEADERS, strict=True)}
# A category as typed (its label in either language, or the spec's code) → the spec's code.
CATEGORY_OF_TEXT = {
    **{text: code for lang in LANGS for code, text in words("category", lang).items()},
    **{code: code for code in FRENCH_CATEGORY},
}
IDENTIFIER_LABELS = {words("register", lang)["identifier"] for lang in LANGS}


def register_path(partner_id: str) -> str:
    return f"depenses/{partner_id}_registre-depenses.xlsx"


def register_categories(project: ProjectFile, partner_id: str) -> list[str]:
    """Categories the partner enters in its register: not staff (time sheets), not a category one
    of its flat rates computes (coopdocs.money.costs.covered_categories)."""
    covered = costs.covered_categories(flat_rates_of(project, partner_id).used())
    return [c for c in CATEGORIES if c != "staff" and c not in covered]


def register_model(project: ProjectFile, partner_id: str, points: Sequence[tuple[Item, Mapped]] = ()) -> dict[str, Any]:
    """What the register shows; `points`: the guide's points for the partner who fills it (the
    guide map's `signataire` items of `depenses`), each said with its reason in the register's
    language and the guide's words quoted, on the line above the table."""
    partner = project.partner(partner_id)
    lang = partner.language or project.project.language
    w = words("register", lang)
    said = [f"{entry.reason_in(lang).rstrip('.')} (« {item.text} »)" for item, entry in points]
    return {
        "lang": lang,
        "words": w,
        "headers": headers_in(lang),
        "points": (w["points"] + (" ; " if lang == "fr" else "; ").join(said)) if said else "",
        "project": in_language(project.project.title, lang),
        "partner": partner.name,
        "partner_id": partner.id,
        "categories": [words("category", lang)[c] for c in register_categories(project, partner_id)],
        "wps": [wp_code(project, wp) for wp in project.work_packages],
        "retention": w["retention"].format(years=project.reporting.retention_years),
    }


def register_workbook(model: dict[str, Any], when: dt.date) -> bytes:
    """The register's bytes: the parts of the page are written top to bottom, in this order, since
    openpyxl numbers styles in the order first used (the same order gives the same bytes)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from coopdocs.office.xlsx import header_row, protect_and_print, workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = model["words"]["sheet"]
    _write_identity(sheet, model)
    head = 6
    header_row(sheet, head, model["headers"])
    first, last = head + 1, head + INPUT_ROWS
    col = {h: get_column_letter(i) for i, h in enumerate(HEADERS, start=1)}
    _add_validations(sheet, model, col, first, last)
    _write_input_rows(sheet, col, first, last)
    _write_totals(sheet, col, first, last, model["words"]["total"])
    _set_layout(sheet, first)
    protect_and_print(sheet, head, "landscape")
    title = model["words"]["workbook_title"].format(partner=model["partner"])
    return workbook_bytes(book, when, title, model["lang"])


def _write_identity(sheet: Any, model: dict[str, Any]) -> None:
    """Title, project and partner above the table (the reader takes the partner from `Identifiant`)."""
    from openpyxl.styles import Font

    from coopdocs.office.xlsx import text_cell

    w = model["words"]
    text_cell(sheet, 1, 1, w["title"].format(partner=model["partner"])).font = Font(bold=True, size=14)
    text_cell(sheet, 2, 1, w["project"]).font = Font(bold=True)
    text_cell(sheet, 2, 3, model["project"])
    text_cell(sheet, 3, 1, w["identifier"]).font = Font(bold=True)
    text_cell(sheet, 3, 3, model["partner_id"])
    sheet.row_dimensions[3].hidden = True  # the partner's id, for the reader only (contract v3)
    for row, note in ((4, model["retention"]), (5, model["points"])):
        if note:
            _note_across_table(sheet, row, note)


def _note_across_table(sheet: Any, row: int, text: str) -> None:
    """A sentence above the table, wrapped within its width (left on one line, a long one would
    widen the printed page and shrink the whole register)."""
    import math

    from openpyxl.styles import Alignment, Font

    from coopdocs.office.xlsx import LINE_HEIGHT, text_cell

    cell = text_cell(sheet, row, 1, text)
    cell.font = Font(italic=True, size=9)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
    sheet.row_dimensions[row].height = LINE_HEIGHT * math.ceil(len(text) / (sum(COLUMN_WIDTHS) * 1.1))


def _add_validations(sheet: Any, model: dict[str, Any], col: dict[str, str], first: int, last: int) -> None:
    """Dates, the project's categories and work packages, positive amounts: slips refused as typed."""
    from coopdocs.office.xlsx import list_validation, range_validation

    w = model["words"]
    rules = [
        (range_validation("date", w["bad_date"], "DATE(2000,1,1)", "DATE(2100,12,31)"), (DATE, PAID)),
        (list_validation(model["categories"], w["bad_category"]), (CATEGORY,)),
        (list_validation(model["wps"], w["bad_wp"]), (WP,)),
        (range_validation("decimal", w["bad_amount"], "0"), (NET, VAT, ELIGIBLE)),
        (range_validation("whole", w["bad_quotes"], "0", "99"), (QUOTES,)),
    ]
    for rule, headers in rules:
        sheet.add_data_validation(rule)
        for header in headers:
            rule.add(f"{col[header]}{first}:{col[header]}{last}")


def _write_input_rows(sheet: Any, col: dict[str, str], first: int, last: int) -> None:
    """The rows people fill: every cell unlocked and formatted, except the computed gross amount."""
    from openpyxl.styles import Protection

    from coopdocs.office.xlsx import StyleCache

    styles = StyleCache()
    unlocked = Protection(locked=False)
    for row in range(first, last + 1):
        gross = sheet.cell(
            row=row,
            column=HEADERS.index(GROSS) + 1,
            value=f'=IF(AND({col[NET]}{row}="",{col[VAT]}{row}=""),"",N({col[NET]}{row})+N({col[VAT]}{row}))',
        )
        gross.number_format = "#,##0.00"  # an amount, like the ones typed beside it
        for index, header in enumerate(HEADERS, start=1):
            if header == GROSS:
                continue

            def style(cell: Any, header: str = header) -> None:
                cell.protection = unlocked
                if header in (DATE, PAID):
                    cell.number_format = "DD/MM/YYYY"
                elif header in (NET, VAT, ELIGIBLE):
                    cell.number_format = "#,##0.00"

            styles.apply(sheet.cell(row=row, column=index), header, style)


def _write_totals(sheet: Any, col: dict[str, str], first: int, last: int, total_word: str) -> None:
    """Amount totals under the input rows, as formulas."""
    from openpyxl.styles import Font

    from coopdocs.office.xlsx import text_cell

    total = last + 1
    text_cell(sheet, total, 1, total_word).font = Font(bold=True)
    for header in (NET, VAT, GROSS, ELIGIBLE):
        cell = sheet.cell(
            row=total, column=HEADERS.index(header) + 1, value=f"=SUM({col[header]}{first}:{col[header]}{last})"
        )
        cell.font = Font(bold=True)
        cell.number_format = "#,##0.00"


def _set_layout(sheet: Any, first: int) -> None:
    """Column widths fitted to the headers, panes frozen under the header row."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=first, column=1)
