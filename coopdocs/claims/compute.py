"""A partner's claim for a period, computed purely from the bilan's inputs and the ledger: the items
coopdocs.claims.items keeps, summed as the bilan sums them (coopdocs.bilan.partners.Spending: each
person's staff cost to the cent, flat rates rounded down on their bases), revenue deducted, the
financing plan applied (each funder's share to the cent, the rest own funds)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from coopdocs.bilan.compute import agent_figures
from coopdocs.bilan.inputs import Inputs
from coopdocs.bilan.partners import Spending, partner_figures
from coopdocs.claims.figures import (
    Claim,
    EarlierClaim,
    FlatRate,
    FunderShare,
    Invoice,
    PartnerClaim,
    PersonMonth,
    RevenueItem,
    Simplified,
)
from coopdocs.claims.items import Flags, Items, Scope, invoice_items, simplified_items, staff_items
from coopdocs.claims.ledger import Ledger, revenue_key
from coopdocs.errors import CoopdocsError
from coopdocs.forms.anomalies import Anomaly
from coopdocs.forms.expense_checks import expense_checks
from coopdocs.messages import unknown_id
from coopdocs.money import costs
from coopdocs.project.flat import rates_of
from coopdocs.project.model import ProjectFile, budget_by_partner


@dataclass
class ClaimOptions:
    number: int | None = None
    when: dt.date = field(default_factory=dt.date.today)
    exclude_at_risk: bool = False
    partners: tuple[str, ...] = ()
    lang: str = "fr"  # of a refusal


def staff_by_agent(months: list[PersonMonth], less_risk: bool = False, plus_risk: bool = False) -> dict[str, Decimal]:
    """Each person's staff cost to the cent: the exact sum of their months, rounded once (as the bilan)."""
    exact: dict[str, Decimal] = defaultdict(Decimal)
    for m in months:
        exact[m.agent] += m.amount - (m.at_risk if less_risk else 0) + (m.at_risk if plus_risk else 0)
    return {agent: costs.cents(amount) for agent, amount in exact.items()}


def entered(invoices: list[Invoice], simplified: list[Simplified]) -> dict[str, Decimal]:
    """Real costs by category, unit costs and lump sums: what the flat rates are computed on."""
    found: dict[str, Decimal] = defaultdict(Decimal)
    for invoice in invoices:
        found[invoice.category] += invoice.amount
    for item in simplified:
        found[item.kind] += item.amount
    return dict(found)


@dataclass
class Sums:
    """The claim's spending, and the spending it would be with the other choice on the items at risk."""

    chosen: Spending
    other: Spending
    by_agent: dict[str, Decimal]

    @property
    def at_risk(self) -> Decimal:
        return abs(self.chosen.total - self.other.total)

    @property
    def at_risk_flat(self) -> Decimal:
        return abs(self.chosen.flat_total - self.other.flat_total)


def sums(project: ProjectFile, partner: str, items: Items, exclude: bool) -> Sums:
    """The partner's spending, its own flat rates computed on it (coopdocs.project.flat)."""
    rates = rates_of(project, partner)
    by_agent = staff_by_agent(items.months)
    chosen = Spending.of(sum(by_agent.values(), Decimal(0)), entered(items.invoices, items.simplified), rates)
    other_staff = staff_by_agent(items.months + items.risky_months, less_risk=not exclude, plus_risk=exclude)
    if exclude:
        invoices = items.invoices + items.risky_invoices
    else:
        invoices = [i for i in items.invoices if not i.at_risk]
    other = Spending.of(sum(other_staff.values(), Decimal(0)), entered(invoices, items.simplified), rates)
    return Sums(chosen, other, by_agent)


def flat_lines(project: ProjectFile, partner: str, spending: Spending, items: Items) -> list[FlatRate]:
    rates = rates_of(project, partner)
    parts = costs.flat_rate_parts({"staff": spending.staff, **entered(items.invoices, items.simplified)}, rates)
    return [
        FlatRate(key=key, base=base, rate=costs.dec(rates[key] or 0), amount=amount)
        for key, (base, amount) in parts.items()
    ]


def funder_shares(project: ProjectFile, partner: str, total: Decimal, budget_total: Decimal) -> list[FunderShare]:
    """Each funder's share of the claim: its rate of it, or its fixed amount pro rata of the budget."""
    shares = []
    for line in project.budget.funding:
        if line.partner != partner or line.own_funds:  # own funds are the remainder, not a funder
            continue
        if line.rate is not None:
            amount = costs.cents(total * costs.dec(line.rate))
        else:
            amount = costs.cents(total * (line.amount or 0) / budget_total) if budget_total else Decimal(0)
        shares.append(FunderShare(source=line.source, rate=costs.dec(line.rate) if line.rate else None, amount=amount))
    return shares


def by_work_package(items: Items) -> dict[str, Decimal]:
    """Direct costs by work package: hours × rate, real costs, unit costs and lump sums."""
    found: dict[str, Decimal] = defaultdict(Decimal)
    for m in items.months:
        for wp, hours in m.hours.items():
            found[wp] += hours * m.rate
        if m.mode == "fixed":
            found[""] += m.amount
    for invoice in items.invoices:
        found[invoice.wp] += invoice.amount
    for item in items.simplified:
        found[item.wp] += item.amount
    return {wp: costs.cents(v) for wp, v in sorted(found.items()) if v}


def revenue_of(scope: Scope, partner: str) -> list[RevenueItem]:
    """The partner's net revenue dated in the period and not deducted by an earlier claim."""
    lower, upper = scope.span
    found = []
    for r in scope.project.revenue:
        key = revenue_key(partner, r.date.isoformat(), r.label, str(r.amount))
        if r.partner == partner and lower <= r.date <= upper and key not in scope.taken:
            found.append(RevenueItem(date=r.date, label=str(r.label), amount=r.amount))
    return found


def partner_claim(scope: Scope, partner_id: str, excluded: set[tuple[str, int]]) -> PartnerClaim | None:
    project, inputs = scope.project, scope.inputs
    items = Items()
    staff_items(scope, partner_id, items)
    invoice_items(scope, inputs.registers.get(partner_id), excluded, items)
    simplified_items(scope, partner_id, items)
    if not (items.months or items.invoices or items.simplified or items.at_risk):
        return None
    s = sums(project, partner_id, items, scope.exclude_at_risk)
    revenue_items = revenue_of(scope, partner_id)
    revenue = sum((r.amount for r in revenue_items), Decimal(0))
    total = max(s.chosen.total - revenue, Decimal(0))
    budget_total = sum(budget_by_partner(project).get(partner_id, {}).values(), Decimal(0))
    funders = funder_shares(project, partner_id, total, budget_total)
    partner = project.partner(partner_id)
    agents = {a.id for a in project.agents if a.partner == partner_id}
    mine = [a for a in [*inputs.anomalies, *scope.found] if a.partner == partner_id or a.agent in agents]
    return PartnerClaim(
        partner=partner_id,
        name=partner.name,
        lang=partner.language or project.project.language,
        staff_months=items.months,
        staff_by_agent=s.by_agent,
        staff=s.chosen.staff,
        invoices=items.invoices,
        real_costs={c: v for c, v in s.chosen.other.items() if c not in ("unit_cost", "lump_sum")},
        flat_rates=flat_lines(project, partner_id, s.chosen, items),
        unit_costs=[i for i in items.simplified if i.kind == "unit_cost"],
        lump_sums=[i for i in items.simplified if i.kind == "lump_sum"],
        eligible=s.chosen.total,
        revenue=revenue,
        revenue_items=revenue_items,
        total=total,
        at_risk=s.at_risk,
        at_risk_items=items.at_risk,
        at_risk_flat=s.at_risk_flat,
        at_risk_included=not scope.exclude_at_risk,
        funders=funders,
        own_funds=total - sum((f.amount for f in funders), Decimal(0)),
        earlier=[EarlierClaim(number=n, period=p, total=t) for n, p, t in scope.ledger.earlier(partner_id)],
        budget_total=budget_total,
        by_wp=by_work_package(items),
        anomalies=_sorted(mine),
    )


def _sorted(anomalies: list[Anomaly]) -> list[Anomaly]:
    return sorted(anomalies, key=lambda a: (a.severity != "bloquant", a.agent, a.date, a.kind, a.cell))


def claim_number(ledger: Ledger, number: int | None) -> int:
    if number is None:
        return ledger.next_number()
    if number < 1 or number > 99:
        raise CoopdocsError.of("claim-number-invalid", number=number)
    if number in ledger.numbers():
        raise CoopdocsError.of("claim-written", number=number, next=ledger.next_number())
    return number


def claim_figures(project: ProjectFile, period: str, inputs: Inputs, ledger: Ledger, options: ClaimOptions) -> Claim:
    """The claim of every partner with costs in the period (or of `options.partners`). The bilan's
    figures are computed first, for their anomalies: the claim counts what they count."""
    known = [p.id for p in project.partners]
    for wanted in options.partners:
        if wanted not in known:
            raise CoopdocsError.of("unknown-partner", **unknown_id(wanted, known))
    number = claim_number(ledger, options.number)
    _agents, staff = agent_figures(project, inputs)
    partner_figures(project, staff, inputs)  # adds the registers' anomalies to inputs.anomalies
    excluded, _checked = expense_checks(project, inputs.registers)
    scope = Scope(project, inputs, Flags.of(inputs.anomalies), ledger, options.exclude_at_risk)
    partners = []
    for partner in project.partners:
        if options.partners and partner.id not in options.partners:
            continue
        found = partner_claim(scope, partner.id, excluded)
        if found is not None:
            partners.append(found)
    p = project.project
    return Claim(
        number=number,
        period=period,
        start=inputs.start,
        end=inputs.end,
        date=options.when,
        project=p.id,
        title=p.title,
        programme=p.programme,
        legal_model=p.legal_model,
        currency=p.currency,
        partners=partners,
    )
