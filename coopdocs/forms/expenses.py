"""The expense register of a partner: the form people fill (one row an invoice), and its reader.

Like the time sheets: headed, validated and protected; read back by its headers with
`read_only=True`, from the values people typed; every problem names file, sheet and cell.
Staff costs come from the time sheets and flat-rate categories are computed, so the
register takes the other categories.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from coopdocs.documents.labels import LABELS
from coopdocs.errors import CoopdocsError
from coopdocs.forms.timesheet_reader import Anomaly, TimeSheetError
from coopdocs.project.model import ProjectFile

SHEET_TITLE = "Dépenses"
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
    "Justificatif",
)
DATE, SUPPLIER, INVOICE, LABEL, CATEGORY, WP, NET, VAT, GROSS, ELIGIBLE, PAID, PROOF = HEADERS
INPUT_ROWS = 300
FRENCH_CATEGORY = LABELS["category"]["fr"]


def register_path(partner_id: str) -> str:
    return f"depenses/{partner_id}_registre-depenses.xlsx"


def register_categories(project: ProjectFile) -> list[str]:
    """Categories entered in a register: not staff (time sheets), not a flat-rate category."""
    flat = project.budget.flat_rates
    skip = {"staff", "indirect"} | ({"office_admin"} if flat.office_admin is not None else set())
    return [c for c in ("office_admin", "travel", "external_expertise", "equipment", "other") if c not in skip]


def register_model(project: ProjectFile, partner_id: str) -> dict[str, Any]:
    partner = project.partner(partner_id)
    return {
        "project": project.project.title,
        "partner": partner.name,
        "partner_id": partner.id,
        "categories": [FRENCH_CATEGORY[c] for c in register_categories(project)],
        "wps": [wp.id.upper() for wp in project.work_packages],
        "retention": f"Conservez chaque facture et sa preuve de paiement {project.reporting.retention_years} ans "
        "pour les contrôles ; nommez le justificatif dans la dernière colonne.",
    }


def register_workbook(model: dict[str, Any], when: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from coopdocs.forms._xlsx import (
        StyleCache,
        header_row,
        list_validation,
        protect_and_print,
        text_cell,
        workbook_bytes,
    )

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    text_cell(sheet, 1, 1, f"Registre des dépenses — {model['partner']}").font = Font(bold=True, size=14)
    text_cell(sheet, 2, 1, "Projet").font = Font(bold=True)
    text_cell(sheet, 2, 3, model["project"])
    text_cell(sheet, 3, 1, "Identifiant").font = Font(bold=True)
    text_cell(sheet, 3, 3, model["partner_id"])
    text_cell(sheet, 4, 1, model["retention"]).font = Font(italic=True, size=9)
    head = 6
    header_row(sheet, head, HEADERS)
    first, last = head + 1, head + INPUT_ROWS
    col = {h: get_column_letter(i) for i, h in enumerate(HEADERS, start=1)}
    rules = [
        (
            DataValidation(
                type="date",
                operator="between",
                formula1="DATE(2000,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                error="Une date (JJ/MM/AAAA).",
            ),
            (DATE, PAID),
        ),
        (list_validation(model["categories"], "Une catégorie de la liste."), (CATEGORY,)),
        (list_validation(model["wps"], "Un lot de travail de la liste."), (WP,)),
        (
            DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                error="Un montant positif.",
            ),
            (NET, VAT, ELIGIBLE),
        ),
    ]
    for rule, headers in rules:
        sheet.add_data_validation(rule)
        for header in headers:
            rule.add(f"{col[header]}{first}:{col[header]}{last}")
    styles = StyleCache()
    unlocked = Protection(locked=False)
    for row in range(first, last + 1):
        sheet.cell(
            row=row,
            column=HEADERS.index(GROSS) + 1,
            value=f'=IF(AND({col[NET]}{row}="",{col[VAT]}{row}=""),"",N({col[NET]}{row})+N({col[VAT]}{row}))',
        )
        for index, header in enumerate(HEADERS, start=1):
            if header == GROSS:
                continue

            def style(cell, header=header):
                cell.protection = unlocked
                if header in (DATE, PAID):
                    cell.number_format = "DD/MM/YYYY"
                elif header in (NET, VAT, ELIGIBLE):
                    cell.number_format = "#,##0.00"

            styles.apply(sheet.cell(row=row, column=index), header, style)
    total = last + 1
    text_cell(sheet, total, 1, "Total").font = Font(bold=True)
    for header in (NET, VAT, GROSS, ELIGIBLE):
        cell = sheet.cell(
            row=total, column=HEADERS.index(header) + 1, value=f"=SUM({col[header]}{first}:{col[header]}{last})"
        )
        cell.font = Font(bold=True)
        cell.number_format = "#,##0.00"
    for index, width in enumerate((11, 24, 14, 30, 26, 10, 12, 10, 12, 12, 12, 24), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=first, column=1)
    protect_and_print(sheet, head, "landscape")
    return workbook_bytes(book, when, f"Registre des dépenses {model['partner']}")


# ---- reading --------------------------------------------------------------------------------


@dataclass
class Expense:
    row: int
    date: dt.date | None
    supplier: str
    invoice: str
    label: str
    category: str  # a code of the spec, or "" when unknown
    wp: str
    eligible: Decimal
    paid: dt.date | None


@dataclass
class Register:
    path: Path
    sheet: str
    partner: str
    expenses: list[Expense] = field(default_factory=list)
    problems: list[Anomaly] = field(default_factory=list)


def read_register(path: Path, start: dt.date, end: dt.date) -> Register:
    """Every expense row of a register; anomalies for what a controller would reject.
    `start`/`end` are the project's dates."""
    from openpyxl import load_workbook

    from coopdocs.output._safezip import check_zip

    data = path.read_bytes()
    try:
        check_zip(data, path.name, "classeur Excel (.xlsx)")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except CoopdocsError as exc:
        raise TimeSheetError(path, exc.message.split(" : ", 1)[1]) from None
    except Exception as exc:
        raise TimeSheetError(path, f"ce n'est pas un classeur Excel lisible ({type(exc).__name__})") from None
    try:
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            for index, row in enumerate(rows[:60]):
                texts = {str(v).strip(): i for i, v in enumerate(row) if isinstance(v, str)}
                if {DATE, INVOICE, CATEGORY, ELIGIBLE} <= set(texts):
                    return _parse(path, sheet.title, rows, index, texts, start, end)
    finally:
        book.close()
    raise TimeSheetError(
        path,
        "aucune ligne d'en-tête « Date … N° de facture … Catégorie » : ce n'est pas un registre des dépenses coopdocs",
    )


def _parse(path, sheet, rows, head, cols, start, end) -> Register:
    from openpyxl.utils import get_column_letter as letter

    partner = ""
    for row in rows[:head]:
        values = [v for v in row if v is not None and str(v).strip()]
        if len(values) >= 2 and str(values[0]).strip() == "Identifiant":
            partner = str(values[1]).strip()
    if not partner and path.name.endswith("_registre-depenses.xlsx"):
        partner = path.name[: -len("_registre-depenses.xlsx")]
    register = Register(path, sheet, partner)
    codes = {**{v: k for k, v in FRENCH_CATEGORY.items()}, **{k: k for k in FRENCH_CATEGORY}}

    for number, row in enumerate(rows[head + 1 :], start=head + 2):

        def get(header):
            i = cols.get(header)
            return row[i] if i is not None and i < len(row) else None

        def flag(kind, header, message, date=""):
            register.problems.append(
                Anomaly(kind, message, partner, date, path.name, sheet, f"{letter(cols[header] + 1)}{number}")
            )

        if str(get(DATE) or "").strip() == "Total":
            break
        typed = [get(h) for h in HEADERS if h != GROSS]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in typed):
            continue
        day = _date(get(DATE), lambda m: flag("invalid-value", DATE, m))
        paid = _date(get(PAID), lambda m: flag("invalid-value", PAID, m))
        when = day.isoformat() if day else ""
        invoice = str(get(INVOICE) or "").strip()
        category_text = str(get(CATEGORY) or "").strip()
        category = codes.get(category_text, "")
        eligible = _amount(get(ELIGIBLE), lambda m: flag("invalid-value", ELIGIBLE, m, when))
        if get(ELIGIBLE) in (None, "") and get(NET) not in (None, ""):
            eligible = _amount(get(NET), lambda m: flag("invalid-value", NET, m, when))
        if day is None and get(DATE) in (None, ""):
            flag("invalid-value", DATE, "date de la dépense manquante")
        if not invoice:
            flag("missing-invoice-number", INVOICE, "numéro de facture manquant", when)
        if not category:
            shown = f"« {category_text} »" if category_text else "vide"
            flag(
                "unknown-category",
                CATEGORY,
                f"catégorie {shown} inconnue ({', '.join(FRENCH_CATEGORY[c] for c in FRENCH_CATEGORY)})",
                when,
            )
        if day and paid and paid < day:
            flag(
                "payment-before-invoice",
                PAID,
                f"payée le {paid:%d/%m/%Y}, avant la date de la facture ({day:%d/%m/%Y})",
                when,
            )
        if day and not start <= day <= end:
            flag(
                "expense-outside-period",
                DATE,
                f"dépense du {day:%d/%m/%Y}, hors des dates du projet ({start:%d/%m/%Y} → {end:%d/%m/%Y})",
                when,
            )
        register.expenses.append(
            Expense(
                number,
                day,
                str(get(SUPPLIER) or ""),
                invoice,
                str(get(LABEL) or ""),
                category,
                str(get(WP) or "").strip().lower(),
                eligible,
                paid,
            )
        )
    return register


def _date(value: Any, report) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(str(value).strip(), pattern).date()
        except ValueError:
            pass
    report(f"« {value} » n'est pas une date")
    return None


def _amount(value: Any, report) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal(0)
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        amount = Decimal(str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", ".").rstrip("€"))
    except InvalidOperation:
        report(f"« {value} » n'est pas un montant")
        return Decimal(0)
    if amount < 0:
        report(f"montant négatif ({value})")
        return Decimal(0)
    return amount
