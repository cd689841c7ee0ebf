"""What a controller checks across the expense registers, against the budget: an invoice claimed
twice (within a register or by two partners), a category the partner has no budget for, a real
cost in a category a flat rate already covers, staff costs (they come from the time sheets), and
public procurement against the project's thresholds (coopdocs.forms.procurement).
Returns the anomalies, and the expenses that must not be counted until fixed."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from coopdocs.forms.anomalies import Anomaly, AnomalyKind, Severity
from coopdocs.forms.expense_form import CATEGORY, INVOICE
from coopdocs.forms.expense_reader import Expense, Register
from coopdocs.messages import Amount, Arg, Phrase, Word
from coopdocs.money import costs
from coopdocs.project.flat import flat_rates_of
from coopdocs.project.model import ProjectFile

Key = tuple[str, int]  # (partner, row): one expense line


def expense_checks(project: ProjectFile, registers: dict[str, Register]) -> tuple[set[Key], list[Anomaly]]:
    """(lines not to count, anomalies) for every register."""
    excluded, found = _duplicate_invoices(registers, project.project.currency)
    for partner, register in sorted(registers.items()):
        lines = [line for line in project.budget.lines if line.partner == partner]
        budgeted: set[str] = {line.bucket for line in lines}
        flat = costs.covered_categories(flat_rates_of(project, partner).used())
        lump_sums_only = bool(lines) and all(line.kind == "lump_sum" for line in lines)
        for expense in register.expenses:
            problem = _category_problem(expense, budgeted, flat, lump_sums_only)
            if problem is None:
                continue
            kind, key = problem
            args: dict[str, Arg] = {"category": Word("category", expense.category)}
            found.append(_anomaly(register, expense, kind, args, CATEGORY, key))
            if kind.severity == Severity.BLOCKING:
                excluded.add((partner, expense.row))
    from coopdocs.forms.procurement import procurement_checks

    return excluded, found + procurement_checks(project, registers)


def _category_problem(
    expense: Expense, budgeted: set[str], flat: set[str], lump_sums_only: bool
) -> tuple[AnomalyKind, str] | None:
    """(kind, message key) of what is wrong with the expense's category, if anything. An expense
    without a budget line has nothing to be paid from: blocking, not counted (issue 23); a partner
    paid by lump sums only is paid on its deliverables, never on invoices."""
    category = expense.category
    if not category:
        return None  # unknown-category: already reported by the reader
    if category == "staff":
        return AnomalyKind.UNKNOWN_CATEGORY, "staff-in-register"
    if category in flat:
        return AnomalyKind.FLAT_RATE_OVERLAP, ""
    if lump_sums_only:
        return AnomalyKind.UNBUDGETED_CATEGORY, "invoice-on-lump-sums"
    if category not in budgeted:
        return AnomalyKind.UNBUDGETED_CATEGORY, ""
    return None


def _duplicate_invoices(registers: dict[str, Register], currency: str) -> tuple[set[Key], list[Anomaly]]:
    """The same supplier, invoice number and amount on two lines, in one register or across
    partners: every occurrence reported, none counted until the others are removed."""
    seen: dict[tuple[str, str, Decimal], list[tuple[Register, Expense]]] = defaultdict(list)
    for _partner, register in sorted(registers.items()):
        for expense in register.expenses:
            if expense.invoice.strip() and expense.eligible:
                key = (_norm(expense.supplier), _norm(expense.invoice), expense.eligible)
                seen[key].append((register, expense))
    excluded: set[Key] = set()
    found: list[Anomaly] = []
    for (_supplier, _number, _amount), lines in seen.items():
        if len(lines) < 2:
            continue
        register, expense = lines[0]
        args: dict[str, Arg] = {
            "invoice": expense.invoice,
            "supplier": expense.supplier or Phrase("no-supplier"),
            "amount": Amount(expense.eligible, currency),
            "count": len(lines),
            "where": tuple(Phrase("register-row", {"partner": r.partner, "row": e.row}) for r, e in lines),
        }
        found.append(_anomaly(register, expense, AnomalyKind.DUPLICATE_INVOICE, args, INVOICE))
        excluded |= {(r.partner, e.row) for r, e in lines}
    return excluded, found


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _anomaly(
    register: Register, expense: Expense, kind: AnomalyKind, args: dict[str, Arg], header: str, key: str = ""
) -> Anomaly:
    date = expense.date.isoformat() if expense.date else ""
    cell = register.cell(header, expense.row)
    return Anomaly(kind, args, "", date, register.path.name, register.sheet, cell, register.partner, key=key)
