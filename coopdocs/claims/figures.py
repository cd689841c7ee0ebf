"""The figures of a payment claim as typed models: what `claim_figures` returns, what the ledger
records and the workbook and the documents present.

Amounts are Decimal. A person-month's amount is exact (hours × the month's rounded rate, as the
bilan multiplies them); every total is to the cent as the bilan gives it: each person's staff
cost half-up, each flat rate and unit cost rounded down (coopdocs.money.costs). `Claim.json_dict()`
is the JSON of `coopdocs claim --json` (shared/spec/cli.md, version 3).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from coopdocs.bilan.figures import Model, Money
from coopdocs.forms.anomalies import Anomaly


class PersonMonth(Model):
    """One person's month in the claim: hours by work package and the month's rate, or the fixed
    share of the month's annual cost."""

    agent: str
    name: str
    month: str
    mode: Literal["hourly", "fixed"]
    hours: dict[str, Decimal] = {}
    hours_total: Decimal = Decimal(0)
    rate: Money = Decimal(0)
    share: Decimal = Decimal(0)
    annual_cost: Money = Decimal(0)
    amount: Decimal
    at_risk: Decimal = Decimal(0)


class Invoice(Model):
    """A register row claimed: the row is its reference (`where`: file!sheet!cell)."""

    row: int
    date: dt.date
    supplier: str
    invoice: str
    label: str
    category: str
    wp: str
    paid: dt.date | None
    amount: Money
    where: str
    at_risk: bool = False


class FlatRate(Model):
    """A flat rate: its base, its rate, its amount rounded down to the cent."""

    key: str
    base: Money
    rate: Decimal
    amount: Money


class Simplified(Model):
    """A unit cost (units delivered in the period × price) or a lump sum (its deliverable done)."""

    kind: Literal["unit_cost", "lump_sum"]
    line: int  # index in budget.lines: the ledger's identity of the item
    label: str
    wp: str
    what: str  # the unit, or the deliverable
    date: dt.date
    quantity: Decimal = Decimal(1)
    unit_cost: Money = Decimal(0)
    amount: Money


class AtRisk(Model):
    """An item claimed with a point « à vérifier »: what, why, where, the amount at risk."""

    what: str
    message: str
    where: str
    amount: Money


class FunderShare(Model):
    source: str
    rate: Decimal | None
    amount: Money


class RevenueItem(Model):
    """Net revenue deducted from the claim (once: the ledger keeps it)."""

    date: dt.date
    label: str
    amount: Money


class EarlierClaim(Model):
    number: int
    period: str
    total: Money


class PartnerClaim(Model):
    """One partner's claim for the period."""

    partner: str
    name: str
    lang: str
    staff_months: list[PersonMonth]
    staff_by_agent: dict[str, Money]
    staff: Money
    invoices: list[Invoice]
    real_costs: dict[str, Money]
    flat_rates: list[FlatRate]
    unit_costs: list[Simplified]
    lump_sums: list[Simplified]
    eligible: Money  # staff + real costs + flat rates + unit costs + lump sums
    revenue: Money
    revenue_items: list[RevenueItem] = []
    total: Money  # eligible less revenue: what is claimed
    at_risk: Money  # of the items « à vérifier », their flat rates included
    at_risk_items: list[AtRisk]
    at_risk_flat: Money
    at_risk_included: bool
    funders: list[FunderShare]
    own_funds: Money
    earlier: list[EarlierClaim]
    budget_total: Money
    by_wp: dict[str, Money]  # direct costs by work package (flat rates are in none)
    anomalies: list[Anomaly]  # the one anomaly model of coopdocs.forms

    @property
    def earlier_total(self) -> Decimal:
        return sum((c.total for c in self.earlier), Decimal(0))

    @property
    def cumulative(self) -> Decimal:
        return self.earlier_total + self.total

    @property
    def flat_total(self) -> Decimal:
        return sum((f.amount for f in self.flat_rates), Decimal(0))

    @property
    def agents(self) -> list[str]:
        return list(dict.fromkeys(m.agent for m in self.staff_months))

    def json_dict(self) -> dict[str, Any]:
        def num(value: Decimal) -> float:
            return float(value)

        return {
            "partner": self.partner,
            "staff": num(self.staff),
            "staff_by_person": {k: num(v) for k, v in self.staff_by_agent.items()},
            "real_costs": {k: num(v) for k, v in self.real_costs.items()},
            "flat_rates": {f.key: num(f.amount) for f in self.flat_rates},
            "unit_costs": num(sum((u.amount for u in self.unit_costs), Decimal(0))),
            "lump_sums": num(sum((u.amount for u in self.lump_sums), Decimal(0))),
            "eligible": num(self.eligible),
            "revenue": num(self.revenue),
            "total": num(self.total),
            "at_risk": num(self.at_risk),
            "at_risk_included": self.at_risk_included,
            "funders": {f.source: num(f.amount) for f in self.funders},
            "own_funds": num(self.own_funds),
            "earlier_claims": num(self.earlier_total),
            "cumulative": num(self.cumulative),
            "budget_total": num(self.budget_total),
            "anomalies": [a.as_dict() for a in self.anomalies],
        }


class Claim(Model):
    """A numbered claim of a period: every partner's."""

    number: int
    period: str
    start: dt.date
    end: dt.date
    date: dt.date
    project: str
    title: str
    programme: str
    legal_model: str
    currency: str
    partners: list[PartnerClaim]

    @property
    def folder(self) -> str:
        return f"demandes/{self.number:02d}_{self.period}"

    def json_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "period": self.period,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "date": self.date.isoformat(),
            "folder": self.folder,
            "partners": {p.partner: p.json_dict() for p in self.partners},
        }
