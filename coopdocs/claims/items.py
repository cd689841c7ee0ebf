"""What a claim may take, item by item: each person-month, each register row, each unit cost and
lump sum of the period, with the points found on it. A blocking point keeps the item (a day, a
month, a row) out; a point « à vérifier » keeps it in, at risk; an item of an earlier claim is a
blocking `already-claimed`. Hours and rates are the bilan's (coopdocs.bilan.compute,
coopdocs.project.staff): the same days counted, each month at its own rounded rate."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from coopdocs.bilan.compute import counted_days
from coopdocs.bilan.inputs import Inputs
from coopdocs.bilan.partners import deliverable_done
from coopdocs.calendar import months
from coopdocs.claims.figures import AtRisk, Invoice, PersonMonth, Simplified
from coopdocs.claims.ledger import Entry, Ledger, invoice_key, person_month_key, simplified_key
from coopdocs.formats import money
from coopdocs.forms.anomalies import Anomaly, AnomalyKind, Severity, cell_address
from coopdocs.forms.expense_checks import Key
from coopdocs.forms.expense_form import INVOICE
from coopdocs.forms.expense_reader import Expense, Register
from coopdocs.forms.timesheet_form import agent_period
from coopdocs.messages import Arg, Phrase
from coopdocs.money import costs
from coopdocs.project import staff
from coopdocs.project.model import Agent, FixedAllocation, ProjectFile
from coopdocs.project.money import BudgetLine
from coopdocs.project.naming import wp_of

Taken = dict[str, tuple[int, Entry]]


@dataclass
class Flags:
    """The anomalies found, by what they concern: an agent's day, month or year; a register row."""

    day: dict[tuple[str, str], list[Anomaly]] = field(default_factory=lambda: defaultdict(list))
    month: dict[tuple[str, str], list[Anomaly]] = field(default_factory=lambda: defaultdict(list))
    year: dict[tuple[str, str], list[Anomaly]] = field(default_factory=lambda: defaultdict(list))
    row: dict[tuple[str, int], list[Anomaly]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, anomalies: list[Anomaly]) -> Flags:
        flags = cls()
        for a in anomalies:
            if a.agent and a.kind == AnomalyKind.OVER_ANNUAL_BASIS:
                flags.year[(a.agent, a.date[:4])].append(a)  # the year's hours above the basis
            elif a.agent and a.cell and len(a.date) == 10:
                flags.day[(a.agent, a.date)].append(a)
            elif a.agent and (a.month or a.date):
                flags.month[(a.agent, a.month or a.date[:7])].append(a)
            elif a.partner and (match := re.search(r"[0-9]+$", a.cell)):
                flags.row[(a.partner, int(match.group()))].append(a)
        return flags

    def on_day(self, agent: str, day: dt.date) -> list[Anomaly]:
        iso = day.isoformat()
        return self.day.get((agent, iso), []) + self.on_month(agent, iso[:7])

    def on_month(self, agent: str, month: str) -> list[Anomaly]:
        return self.month.get((agent, month), []) + self.year.get((agent, month[:4]), [])


def _blocking(found: list[Anomaly]) -> bool:
    return any(a.severity == Severity.BLOCKING for a in found)


def _risk(what: str, found: list[Anomaly], amount: Decimal) -> AtRisk:
    where = next((a.where for a in found if a.where), "")
    return AtRisk(what=what, message=" ; ".join(a.message for a in found), where=where, amount=costs.cents(amount))


@dataclass
class Items:
    """A partner's items for the claim; `at_risk` lists the items « à vérifier »."""

    months: list[PersonMonth] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    risky_invoices: list[Invoice] = field(default_factory=list)  # left out by --exclude-at-risk
    risky_months: list[PersonMonth] = field(default_factory=list)  # left out whole: amount 0, at risk
    simplified: list[Simplified] = field(default_factory=list)
    at_risk: list[AtRisk] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)


@dataclass
class Scope:
    """What every item is checked against: the period, the points found, the earlier claims."""

    project: ProjectFile
    inputs: Inputs
    flags: Flags
    ledger: Ledger
    exclude_at_risk: bool
    found: list[Anomaly] = field(default_factory=list)  # the anomalies of the ledger
    _taken: Taken | None = None

    @property
    def taken(self) -> Taken:
        if self._taken is None:
            self._taken = self.ledger.taken()
        return self._taken

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        p = self.project.project
        return max(self.inputs.start, p.eligible_from), min(self.inputs.end, p.end)

    def already(self, key: str, what: str, changed: str = "", **where: str) -> bool:
        """Whether an earlier claim took the item (then a blocking anomaly says which)."""
        if key not in self.taken:
            return False
        number, _entry = self.taken[key]
        key_said = "already-claimed-invoice" if what.startswith("facture") else "already-claimed"  # feminine
        args: dict[str, Arg] = {"what": what, "number": number, "changed": changed}
        self.found.append(Anomaly(AnomalyKind.ALREADY_CLAIMED, args, **where, key=key_said))
        return True


def hourly_month(scope: Scope, agent: Agent, month: str, items: Items) -> None:
    """One month of time sheet: the days that count, less the days a blocking point keeps out."""
    sheet = scope.inputs.sheets.get(agent.id, {}).get(month)
    if sheet is None or month in scope.inputs.blocked.get(agent.id, set()):
        return
    lower, upper = scope.span
    rate = staff.rate_on(scope.project, agent, dt.date.fromisoformat(month + "-01"))
    wps = {wp.id for wp in scope.project.work_packages}
    hours: dict[str, Decimal] = defaultdict(Decimal)
    risky = Decimal(0)
    risks: list[AtRisk] = []
    for day in counted_days(sheet, agent_period(scope.project, agent), wps):
        found = scope.flags.on_day(agent.id, day.date)
        if not lower <= day.date <= upper or not day.project_hours or _blocking(found):
            continue
        day_hours = Decimal(str(day.project_hours))
        if found:
            risky += day_hours
            risks.append(_risk(f"{agent.name}, {day.date:%d/%m/%Y}", found, day_hours * rate))
            if scope.exclude_at_risk:
                continue
        for wp, h in day.hours.items():
            hours[wp] += Decimal(str(h))
    total = sum(hours.values(), Decimal(0))
    if not total and not risky:
        return
    what = f"{agent.name}, {month}"
    claimed = scope.taken.get(person_month_key(agent.id, month))
    changed = ""
    if claimed and Decimal(claimed[1]["hours"]) != total:
        changed = f" ; la feuille a changé depuis ({claimed[1]['hours']} h alors, {total} h aujourd'hui)"
    if scope.already(person_month_key(agent.id, month), what, changed, agent=agent.id, month=month):
        return
    items.at_risk += risks
    person_month = PersonMonth(
        agent=agent.id,
        name=agent.name,
        month=month,
        mode="hourly",
        hours={wp: h for wp, h in sorted(hours.items()) if h},
        hours_total=total,
        rate=rate,
        amount=total * rate,
        at_risk=risky * rate,
    )
    # A month whose every hour is left out (--exclude-at-risk) is not claimed: it stays claimable.
    (items.months if total else items.risky_months).append(person_month)


def fixed_month(scope: Scope, agent: Agent, allocation: FixedAllocation, month: str, items: Items) -> None:
    """One month of a fixed share: share × the month's annual cost ÷ 12, to the cent (as the bilan)."""
    found = scope.flags.on_month(agent.id, month)
    day = dt.date.fromisoformat(month + "-01")
    key = person_month_key(agent.id, month)
    if _blocking(found) or scope.already(key, f"{agent.name}, {month}", agent=agent.id, month=month):
        return
    amount = staff.fixed_share_cost(scope.project, agent, allocation, [month])
    if found:
        items.at_risk.append(_risk(f"{agent.name}, {month}", found, amount))
    left_out = bool(found) and scope.exclude_at_risk
    (items.risky_months if left_out else items.months).append(
        PersonMonth(
            agent=agent.id,
            name=agent.name,
            month=month,
            mode="fixed",
            share=staff.share_on(allocation, day),
            annual_cost=staff.annual_cost_on(agent, day),
            amount=Decimal(0) if left_out else amount,
            at_risk=amount if found else Decimal(0),
        )
    )


def staff_items(scope: Scope, partner: str, items: Items) -> None:
    lower, upper = scope.span
    for agent in scope.project.agents:
        if agent.partner != partner:
            continue
        a_start, a_end = agent_period(scope.project, agent)
        first, last = max(lower, a_start), min(upper, a_end)
        for month in months(first, last) if first <= last else []:
            if isinstance(agent.allocation, FixedAllocation):
                fixed_month(scope, agent, agent.allocation, month, items)
            else:
                hourly_month(scope, agent, month, items)


def _identity(expense: Expense) -> str:
    return f"facture {expense.invoice or '(sans numéro)'} de {expense.supplier or 'fournisseur non indiqué'}"


def invoice_items(scope: Scope, register: Register | None, excluded: set[Key], items: Items) -> None:
    """The register's rows dated in the period: a row with a blocking point, or claimed before, is out."""
    if register is None:
        return
    lower, upper = scope.span
    currency = scope.project.project.currency
    for row, anomaly in changed_rows(scope, register, scope.ledger.claimed_rows(register.partner)):
        scope.flags.row[(register.partner, row)].append(anomaly)  # the row's new invoice: at risk
    for expense in register.expenses:
        if expense.date is None or not lower <= expense.date <= upper or not expense.eligible:
            continue
        found = scope.flags.row.get((register.partner, expense.row), [])
        if (register.partner, expense.row) in excluded or _blocking(found) or not expense.category:
            continue
        where = cell_address(register.path.name, register.sheet, register.cell(INVOICE, expense.row))
        key = invoice_key(register.partner, expense.invoice, expense.supplier, expense.date.isoformat())
        what = f"{_identity(expense)} du {expense.date:%d/%m/%Y} ({money(expense.eligible, 'fr', currency)})"
        earlier = scope.taken.get(key)
        changed = ""
        if earlier and Decimal(earlier[1]["amount"]) != expense.eligible:
            old = money(Decimal(earlier[1]["amount"]), "fr", currency)
            changed = f" ; la ligne a changé depuis (alors {old})"
        place = {"partner": register.partner, "date": expense.date.isoformat(), "file": register.path.name}
        if scope.already(key, what, changed, sheet=register.sheet, cell=where.rsplit("!", 1)[-1], **place):
            continue
        invoice = Invoice(
            row=expense.row,
            date=expense.date,
            supplier=expense.supplier,
            invoice=expense.invoice,
            label=expense.label,
            category=expense.category,
            wp=wp_of(scope.project, expense.wp),
            paid=expense.paid,
            amount=costs.cents(expense.eligible),
            where=where,
            at_risk=bool(found),
        )
        if found:
            items.at_risk.append(_risk(what, found, expense.eligible))
        (items.risky_invoices if found and scope.exclude_at_risk else items.invoices).append(invoice)


def changed_rows(scope: Scope, register: Register, rows: dict[int, tuple[int, Entry]]) -> list[tuple[int, Anomaly]]:
    """A row claimed earlier that now holds another invoice: reported (the claimed one is gone)."""
    now = {e.row: e for e in register.expenses}
    reported = []
    present = {
        invoice_key(register.partner, e.invoice, e.supplier, e.date.isoformat()) for e in register.expenses if e.date
    }
    for row, (number, entry) in sorted(rows.items()):
        expense = now.get(row)
        key = invoice_key(register.partner, entry["invoice"], entry["supplier"], entry["date"])
        if expense is None or key in present:
            continue
        args: dict[str, Arg] = {
            "row": row,
            "invoice": entry["invoice"],
            "supplier": entry["supplier"] or Phrase("no-supplier"),
            "date": dt.date.fromisoformat(entry["date"]),
            "number": number,
            "now": _identity(expense),
        }
        cell = register.cell(INVOICE, row)
        date = expense.date.isoformat() if expense.date else ""
        kind = AnomalyKind.CLAIMED_ROW_CHANGED
        anomaly = Anomaly(kind, args, "", date, register.path.name, register.sheet, cell, register.partner)
        scope.found.append(anomaly)
        reported.append((row, anomaly))
    return reported


def simplified_items(scope: Scope, partner: str, items: Items) -> None:
    """Unit costs delivered in the period (units × price, rounded down to the cent) and lump sums
    whose deliverable is done by the period's end; none of an earlier claim."""
    for index, line in enumerate(scope.project.budget.lines):
        if line.partner == partner and line.kind == "unit_cost":
            unit_cost_items(scope, index, line, items)
        elif line.partner == partner and line.kind == "lump_sum":
            lump_sum_item(scope, index, line, items)


def unit_cost_items(scope: Scope, index: int, line: BudgetLine, items: Items) -> None:
    lower, upper = scope.span
    label = line.label or line.unit or ""
    for achieved in line.achieved:
        if not lower <= achieved.date <= upper:
            continue
        key = simplified_key(line.partner, "unit_cost", index, achieved.date.isoformat())
        if scope.already(key, f"coût unitaire « {label} » du {achieved.date:%d/%m/%Y}", partner=line.partner):
            continue
        items.simplified.append(
            Simplified(
                kind="unit_cost",
                line=index,
                label=label,
                wp=line.wp or "",
                what=line.unit or "",
                date=achieved.date,
                quantity=costs.dec(achieved.quantity),
                unit_cost=line.unit_cost or Decimal(0),
                amount=costs.unit_cost_amount(line.unit_cost or Decimal(0), achieved.quantity),
            )
        )


def lump_sum_item(scope: Scope, index: int, line: BudgetLine, items: Items) -> None:
    """A lump sum whose deliverable is done by the period's end (since the eligibility start)."""
    lower, upper = scope.span
    done = deliverable_done(scope.project, line)
    if done is None or done.done is None or not scope.project.project.eligible_from <= done.done <= upper:
        return
    key = simplified_key(line.partner, "lump_sum", index, "")
    label = line.label or done.title
    if done.done < lower and key in scope.taken:
        return  # claimed in an earlier period's claim
    if scope.already(key, f"montant forfaitaire « {label} »", partner=line.partner):
        return
    items.simplified.append(
        Simplified(
            kind="lump_sum",
            line=index,
            label=label,
            wp=line.wp or "",
            what=done.title,
            date=done.done,
            amount=line.amount or Decimal(0),
        )
    )
