"""Read a filled expense register back by its headers (`read_only=True`, the values people
typed), and flag what a controller would reject; every problem names file, sheet and cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from coopdocs.forms._reading import NotANumber, plain, typed_number, workbook_rows
from coopdocs.forms.anomalies import Anomaly, AnomalyKind, UnreadableForm
from coopdocs.forms.expense_form import (
    CATEGORY,
    CATEGORY_OF_TEXT,
    DATE,
    ELIGIBLE,
    FRENCH_CATEGORY,
    GROSS,
    HEADER_OF_TEXT,
    HEADERS,
    IDENTIFIER_LABELS,
    INVOICE,
    LABEL,
    NET,
    PAID,
    PROCEDURE,
    PROCUREMENT,
    QUOTES,
    SUPPLIER,
    WP,
)
from coopdocs.messages import Phrase

# Reports one problem of a row: kind, column header, what it says, the expense's date (ISO, or "").
_Flag = Callable[[AnomalyKind, str, Phrase, str], None]


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
    net: Decimal | None = None  # excluding VAT: what procurement thresholds are stated in
    procurement: str = ""  # public procurement (version 3 registers; empty in older ones)
    procedure: str = ""
    quotes: int | None = None


@dataclass
class Register:
    path: Path
    sheet: str
    partner: str
    expenses: list[Expense] = field(default_factory=list)
    problems: list[Anomaly] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header → column letter

    def cell(self, header: str, row: int) -> str:
        return f"{self.columns.get(header, 'A')}{row}"


def read_register(path: Path, start: dt.date, end: dt.date) -> Register:
    """Every expense row of a register; anomalies for what a controller would reject.
    `start`/`end` are the project's dates."""
    for title, rows in workbook_rows(path):
        for index, row in enumerate(rows[:60]):
            texts = {HEADER_OF_TEXT.get(plain(v), plain(v)): i for i, v in enumerate(row) if isinstance(v, str)}
            if {DATE, INVOICE, CATEGORY, ELIGIBLE} <= set(texts):
                return _parse(path, title, rows, index, texts, start, end)
    raise UnreadableForm(
        path,
        "aucune ligne d'en-tête « Date … N° de facture … Catégorie » : ce n'est pas un registre des dépenses coopdocs",
    )


def _parse(
    path: Path, sheet: str, rows: list[tuple], head: int, cols: dict[str, int], start: dt.date, end: dt.date
) -> Register:
    """Every filled row under the header row, until `Total`; problems are collected, never raised."""
    from openpyxl.utils import get_column_letter as letter

    partner = _partner(path, rows[:head])
    register = Register(path, sheet, partner, columns={h: letter(i + 1) for h, i in cols.items()})
    for number, row in enumerate(rows[head + 1 :], start=head + 2):

        def get(header: str) -> Any:
            i = cols.get(header)
            return row[i] if i is not None and i < len(row) else None

        def flag(kind: AnomalyKind, header: str, said: Phrase, date: str) -> None:
            cell = f"{letter(cols[header] + 1)}{number}"
            register.problems.append(Anomaly(kind, said.args, "", date, path.name, sheet, cell, partner, key=said.key))

        if plain(get(DATE)) == "Total":
            break
        typed = [get(h) for h in HEADERS if h != GROSS]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in typed):
            continue
        register.expenses.append(_expense(number, get, flag, start, end))
    return register


def _partner(path: Path, above: list[tuple]) -> str:
    """The partner id from the header block (`Identifiant`), else from the file name."""
    partner = ""
    for row in above:
        values = [v for v in row if v is not None and str(v).strip()]
        if len(values) >= 2 and plain(values[0]) in IDENTIFIER_LABELS:
            partner = str(values[1]).strip()
    if not partner and path.name.endswith("_registre-depenses.xlsx"):
        partner = path.name[: -len("_registre-depenses.xlsx")]
    return partner


def _expense(number: int, get: Callable[[str], Any], flag: _Flag, start: dt.date, end: dt.date) -> Expense:
    """One row's typed values; the net amount stands for the eligible one when that is left empty."""
    day = _date(get(DATE), lambda m: flag(AnomalyKind.INVALID_VALUE, DATE, m, ""))
    paid = _date(get(PAID), lambda m: flag(AnomalyKind.INVALID_VALUE, PAID, m, ""))
    when = day.isoformat() if day else ""
    invoice = str(get(INVOICE) or "").strip()
    category_text = str(get(CATEGORY) or "").strip()
    category = CATEGORY_OF_TEXT.get(category_text, "")
    eligible = _amount(get(ELIGIBLE), lambda m: flag(AnomalyKind.INVALID_VALUE, ELIGIBLE, m, when))
    if get(ELIGIBLE) in (None, "") and get(NET) not in (None, ""):
        eligible = _amount(get(NET), lambda m: flag(AnomalyKind.INVALID_VALUE, NET, m, when))
    _flag_missing(flag, day is None and get(DATE) in (None, ""), invoice, category, category_text, when)
    _flag_dates(flag, day, paid, start, end, when)
    return Expense(
        number,
        day,
        str(get(SUPPLIER) or ""),
        invoice,
        str(get(LABEL) or ""),
        category,
        str(get(WP) or "").strip().lower(),
        eligible,
        paid,
        _quiet_amount(get(NET)),
        str(get(PROCUREMENT) or "").strip(),
        str(get(PROCEDURE) or "").strip(),
        _quotes(get(QUOTES), lambda m: flag(AnomalyKind.INVALID_VALUE, QUOTES, m, when)),
    )


def _quiet_amount(value: Any) -> Decimal | None:
    """The net amount, when it is one (the eligible amount is the one reported when wrong)."""
    try:
        return typed_number(value, "amount", decimals=2)
    except NotANumber:
        return None


def _quotes(value: Any, report: Callable[[Phrase], None]) -> int | None:
    """The number of quotes typed, a whole number from 0; anything else is reported."""
    try:
        number = typed_number(value, "amount")
    except NotANumber as exc:
        report(Phrase("invalid-value", {"reason": exc.phrase}))
        return None
    if number is None:
        return None
    if number < 0 or number != int(number):
        report(Phrase("invalid-value", {"reason": Phrase("not-quotes", {"value": str(value)})}))
        return None
    return int(number)


def _flag_missing(flag: _Flag, no_date: bool, invoice: str, category: str, category_text: str, when: str) -> None:
    """What a controller needs on every line: a date, an invoice number, a known category."""
    if no_date:
        flag(AnomalyKind.INVALID_VALUE, DATE, Phrase("missing-date"), "")
    if not invoice:
        flag(AnomalyKind.MISSING_INVOICE_NUMBER, INVOICE, Phrase("missing-invoice-number"), when)
    if not category:
        known = ", ".join(FRENCH_CATEGORY.values())
        said = Phrase("unknown-category", {"text": category_text, "known": known})
        flag(
            AnomalyKind.UNKNOWN_CATEGORY, CATEGORY, said if category_text else Phrase("empty-category", said.args), when
        )


def _flag_dates(
    flag: _Flag, day: dt.date | None, paid: dt.date | None, start: dt.date, end: dt.date, when: str
) -> None:
    """Dates a controller rejects: paid before invoiced, or spent outside the project's dates."""
    if day and paid and paid < day:
        flag(
            AnomalyKind.PAYMENT_BEFORE_INVOICE,
            PAID,
            Phrase("payment-before-invoice", {"paid": paid, "date": day}),
            when,
        )
    if day and not start <= day <= end:
        span = {"date": day, "start": start, "end": end}
        flag(AnomalyKind.EXPENSE_OUTSIDE_PERIOD, DATE, Phrase("expense-outside-period", span), when)


def _date(value: Any, report: Callable[[Phrase], None]) -> dt.date | None:
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
    report(Phrase("invalid-value", {"reason": Phrase("not-a-date", {"value": str(value)})}))
    return None


def _amount(value: Any, report: Callable[[Phrase], None]) -> Decimal:
    """An amount typed in a cell, to the cent; anything else is reported (and counts 0)."""
    try:
        amount = typed_number(value, "amount", decimals=2)
    except NotANumber as exc:
        report(Phrase("invalid-value", {"reason": exc.phrase}))
        return Decimal(0)
    if amount is None:
        return Decimal(0)
    if amount < 0:
        report(Phrase("invalid-value", {"reason": Phrase("negative-amount", {"value": str(value)})}))
        return Decimal(0)
    return amount
