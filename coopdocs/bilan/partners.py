"""A partner's spending over the period and since the start, against its budget: staff costs
from the agents, other costs from its register (less the lines a controller would reject), flat
rates computed, never entered."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from coopdocs.bilan.figures import (
    AgentFigures,
    BudgetUse,
    CumulativeSpending,
    PartnerFigures,
    Totals,
)
from coopdocs.bilan.inputs import Inputs
from coopdocs.forms.anomalies import Anomaly
from coopdocs.forms.expense_checks import Key, expense_checks
from coopdocs.forms.expense_reader import Register
from coopdocs.money import costs
from coopdocs.project.flat import rates_of
from coopdocs.project.model import (
    CATEGORIES,
    FLAT_ONLY_CATEGORIES,
    BudgetLine,
    Deliverable,
    ProjectFile,
    budget_by_partner,
)

OTHER_CATEGORIES = (*(c for c in CATEGORIES if c != "staff"), "unit_cost", "lump_sum", "unknown")


def _share(part: Decimal, whole: Decimal) -> float:
    return round(float(part / whole), 4) if whole else 0.0


# ---- agents ------------------------------------------------------------------------------------


@dataclass
class StaffCost:
    """A partner's staff costs, each agent's to the cent: over the period and since the start."""

    period: Decimal = Decimal(0)
    cumulative: Decimal = Decimal(0)


@dataclass
class Spending:
    """A partner's spending over some months: real staff costs (none under the art. 55(1) flat
    rate), other costs by category, each flat rate's amount (rounded down to the cent)."""

    staff: Decimal
    other: dict[str, Decimal]
    flat: dict[str, Decimal]
    total: Decimal

    @classmethod
    def of(cls, staff: Decimal, other: dict[str, Decimal], rates: dict[str, Decimal | None]) -> Spending:
        flat = costs.flat_rate_amounts({"staff": staff, **other}, rates)
        real_staff = Decimal(0) if "staff" in flat else staff
        kept = {c: v for c, v in other.items() if c not in flat}
        total = costs.cents(real_staff + sum(kept.values(), Decimal(0))) + sum(flat.values(), Decimal(0))
        return cls(real_staff, kept, flat, total)

    @property
    def flat_total(self) -> Decimal:
        return sum(self.flat.values(), Decimal(0))


@dataclass
class PartnerSpending:
    """What the totals add up: a partner's spending over the period and so far, and its budget."""

    now: Spending
    so_far: Spending
    budget_total: Decimal


def register_spending(
    register: Register | None, start: dt.date, end: dt.date, excluded: set[Key]
) -> tuple[dict[str, Decimal], dict[str, Decimal], list[Anomaly]]:
    """Eligible expenses by category over the period and up to its end (less the lines a
    controller would reject), and the register's problems."""
    period_other: dict[str, Decimal] = defaultdict(Decimal)
    cumulative_other: dict[str, Decimal] = defaultdict(Decimal)
    if register is None:
        return period_other, cumulative_other, []
    for expense in register.expenses:
        if expense.date is None or expense.date > end or (register.partner, expense.row) in excluded:
            continue
        category = expense.category or "unknown"
        cumulative_other[category] += expense.eligible
        if expense.date >= start:
            period_other[category] += expense.eligible
    # Until fixed, a register's problems dated up to the period's end are reported (an expense
    # dated before the project would otherwise never appear in any bilan).
    return period_other, cumulative_other, _until(register.problems, end)


def deliverable_done(project: ProjectFile, line: BudgetLine) -> Deliverable | None:
    """The deliverable a lump sum is paid on, once delivered (`deliverables[].done`)."""
    wanted = _norm(line.deliverable or "")
    found = (d for wp in project.work_packages for d in wp.deliverables if _norm(d.title) == wanted)
    deliverable = next(found, None)
    return deliverable if deliverable is not None and deliverable.done is not None else None


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def simplified_spending(
    project: ProjectFile, partner_id: str, start: dt.date, end: dt.date
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Simplified costs (CPR art. 53(1)(b)-(c)) over the period and up to its end: units delivered
    × their price, rounded down; a lump sum once its deliverable is done (paid on its deliverable,
    never on invoices)."""
    period: dict[str, Decimal] = defaultdict(Decimal)
    cumulative: dict[str, Decimal] = defaultdict(Decimal)
    dated: list[tuple[str, dt.date, Decimal]] = []
    for line in project.budget.lines:
        if line.partner != partner_id:
            continue
        if line.kind == "unit_cost":
            price = line.unit_cost or Decimal(0)
            dated += [("unit_cost", a.date, costs.unit_cost_amount(price, a.quantity)) for a in line.achieved]
        elif line.kind == "lump_sum" and (done := deliverable_done(project, line)) and done.done:
            dated.append(("lump_sum", done.done, line.cost))
    for kind, day, amount in dated:
        if project.project.eligible_from <= day <= end:
            cumulative[kind] += amount
            period[kind] += amount if day >= start else Decimal(0)
    return period, cumulative


def _until(problems: list[Anomaly], end: dt.date) -> list[Anomaly]:
    return [a for a in problems if not a.date or a.date <= end.isoformat()]


def partner_entry(
    partner_id: str, name: str, observer: bool, spent: PartnerSpending, budget_staff: Decimal
) -> PartnerFigures:
    now, acc, budget_total = spent.now, spent.so_far, spent.budget_total
    return PartnerFigures(
        id=partner_id,
        name=name,
        observer=observer,
        staff_cost=costs.cents(now.staff),
        other_costs={c: costs.cents(now.other[c]) for c in OTHER_CATEGORIES if now.other.get(c)},
        flat_rate_costs=dict(now.flat),
        total=costs.cents(now.total),
        budget_staff=costs.cents(budget_staff),
        budget_total=costs.cents(budget_total),
        consumed=_share(now.staff, budget_staff),
        consumed_total=_share(now.total, budget_total),
        cumulative=CumulativeSpending(
            staff_cost=costs.cents(acc.staff),
            other_costs=costs.cents(sum(acc.other.values(), Decimal(0))),
            flat_rate_costs=acc.flat_total,
            total=costs.cents(acc.total),
            consumed_total=_share(acc.total, budget_total),
        ),
    )


def partner_figures(
    project: ProjectFile, staff: dict[str, StaffCost], inputs: Inputs
) -> tuple[list[PartnerFigures], list[PartnerSpending]]:
    """Every partner's spending over the period and since the start, against its budget."""
    budget = budget_by_partner(project)
    partners: list[PartnerFigures] = []
    spending: list[PartnerSpending] = []
    excluded, checked = expense_checks(project, inputs.registers)
    inputs.anomalies += _until(checked, inputs.end)
    for partner in project.partners:
        register = inputs.registers.get(partner.id)
        period_other, cumulative_other, problems = register_spending(register, inputs.start, inputs.end, excluded)
        inputs.anomalies += problems
        period_simplified, cumulative_simplified = simplified_spending(project, partner.id, inputs.start, inputs.end)
        period_other.update(period_simplified)
        cumulative_other.update(cumulative_simplified)
        cost = staff.get(partner.id, StaffCost())
        planned = budget.get(partner.id, {})
        rates = rates_of(project, partner.id)  # its own flat rates, else the project's
        spent = PartnerSpending(
            Spending.of(cost.period, period_other, rates),
            Spending.of(cost.cumulative, cumulative_other, rates),
            sum(planned.values(), Decimal(0)),
        )
        budget_staff = planned.get("staff", Decimal(0))
        partners.append(partner_entry(partner.id, partner.name, partner.observer, spent, budget_staff))
        spending.append(spent)
    return partners, spending


def totals_of(agents: list[AgentFigures], spending: list[PartnerSpending]) -> Totals:
    budget_total = sum((s.budget_total for s in spending), Decimal(0))
    cumulative_total = sum((s.so_far.total for s in spending), Decimal(0))
    return Totals(
        hours=round(sum(a.hours_total for a in agents), 2),
        staff_cost=sum((costs.cents(s.now.staff) for s in spending), Decimal(0)),
        other_costs=sum((costs.cents(v) for s in spending for v in s.now.other.values()), Decimal(0)),
        flat_rate_costs=sum((s.now.flat_total for s in spending), Decimal(0)),
        total=costs.cents(sum((s.now.total for s in spending), Decimal(0))),
        budget_total=costs.cents(budget_total),
        cumulative_total=costs.cents(cumulative_total),
        consumed_cumulative=_share(cumulative_total, budget_total),
    )


def budget_use(project: ProjectFile, spending: list[PartnerSpending]) -> list[BudgetUse]:
    """Each partner's budget by category against what it spent since the start (plan and actual)."""
    budget = budget_by_partner(project)
    found = []
    for partner, spent in zip(project.partners, spending, strict=True):
        planned = budget.get(partner.id, {})
        actual = {"staff": spent.so_far.staff, **spent.so_far.other, **spent.so_far.flat}
        for category in sorted(set(planned) | {c for c, v in actual.items() if v}, key=_category_order):
            amount, used = planned.get(category, Decimal(0)), actual.get(category, Decimal(0))
            found.append(
                BudgetUse(
                    partner=partner.id,
                    category=category,
                    budget=costs.cents(amount),
                    spent=costs.cents(used),
                    consumed=_share(used, amount),
                )
            )
    return found


def _category_order(category: str) -> int:
    order = [*CATEGORIES, *FLAT_ONLY_CATEGORIES, "unknown"]
    return order.index(category) if category in order else len(order)
