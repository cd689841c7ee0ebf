"""Public procurement in the expense registers (version 3): against the thresholds the project
states in `rules.procurement` (amounts excluding VAT; coopdocs invents none), a purchase above a
threshold without a procedure, or with fewer quotes than required, and a supplier whose invoices
add up above a threshold over the project (a purchase split into smaller ones?) are points « à
vérifier »: a person explains them, the claim keeps the line at risk."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from coopdocs.forms.anomalies import Anomaly, AnomalyKind
from coopdocs.forms.expense_form import NET, PROCEDURE
from coopdocs.forms.expense_reader import Expense, Register
from coopdocs.messages import Amount, Arg, Phrase
from coopdocs.project.model import ProjectFile


def _net(expense: Expense) -> Decimal:
    return expense.net if expense.net is not None else expense.eligible


def _anomaly(register: Register, expense: Expense, kind: AnomalyKind, key: str, args: dict[str, Arg]) -> Anomaly:
    header = PROCEDURE if PROCEDURE in register.columns else NET
    date = expense.date.isoformat() if expense.date else ""
    cell = register.cell(header, expense.row)
    return Anomaly(kind, args, "", date, register.path.name, register.sheet, cell, register.partner, key=key)


def procurement_checks(project: ProjectFile, registers: dict[str, Register]) -> list[Anomaly]:
    rule = project.project.rules.procurement
    lowest = min((t for t in (rule.quote_threshold, rule.tender_threshold) if t is not None), default=None)
    if lowest is None:
        return []  # no threshold stated: nothing to say
    currency = project.project.currency
    found: list[Anomaly] = []
    for _partner, register in sorted(registers.items()):
        for expense in register.expenses:
            said = _purchase(expense, rule.quote_threshold, rule.tender_threshold, rule.quotes, currency)
            if said:
                found.append(_anomaly(register, expense, AnomalyKind.PROCUREMENT_THRESHOLD, *said))
        found += _suppliers(register, lowest, currency)
    return found


def _purchase(
    expense: Expense, quote: Decimal | None, tender: Decimal | None, quotes: int | None, currency: str
) -> tuple[str, dict[str, Arg]] | None:
    """(message key, arguments) when the purchase is above a threshold without what it requires."""
    if expense.procedure:
        return None
    amount = _net(expense)
    args: dict[str, Arg] = {
        "invoice": expense.invoice or Phrase("no-invoice"),
        "supplier": expense.supplier or Phrase("no-supplier"),
        "amount": Amount(amount, currency),
    }
    if tender is not None and amount > tender:
        return "procurement-tender", {**args, "threshold": Amount(tender, currency)}
    if quote is None or amount <= quote:
        return None
    args["threshold"] = Amount(quote, currency)
    if quotes is not None and (expense.quotes or 0) < quotes:
        return "procurement-quotes", {**args, "count": expense.quotes or 0, "quotes": quotes}
    if quotes is None and not expense.quotes:
        return "procurement-no-quotes", args
    return None


def _suppliers(register: Register, threshold: Decimal, currency: str) -> list[Anomaly]:
    """A supplier of several invoices adding up above the lowest threshold, one of them without a
    procedure: said once, on the invoice that crosses it."""
    by_supplier: dict[str, list[Expense]] = defaultdict(list)
    for expense in register.expenses:
        if expense.supplier.strip():
            by_supplier[" ".join(expense.supplier.casefold().split())].append(expense)
    found = []
    for expenses in by_supplier.values():
        if len(expenses) < 2 or all(e.procedure for e in expenses):
            continue
        total = Decimal(0)
        for expense in sorted(expenses, key=lambda e: (e.date is None, e.date, e.row)):
            total += _net(expense)
            if total > threshold:
                args: dict[str, Arg] = {
                    "supplier": expense.supplier,
                    "total": Amount(sum((_net(e) for e in expenses), Decimal(0)), currency),
                    "threshold": Amount(threshold, currency),
                }
                key = "procurement-supplier"
                found.append(_anomaly(register, expense, AnomalyKind.PROCUREMENT_SUPPLIER, key, args))
                break
    return found
