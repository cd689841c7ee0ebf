"""The budget's overview: a partner × category table (flat rates computed) and each partner's
financing plan (each funder, then its own funds), from the money rules `build` uses. The page
asks for them again as the person types (htmx): the server computes, the browser only shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coopdocs.money import costs
from coopdocs.project.flat import written_amounts
from coopdocs.project.model import CATEGORIES, FLAT_ONLY_CATEGORIES, is_own_funds
from coopdocs.web import references
from coopdocs.web.entry_page import planned_costs

ORDER = (*CATEGORIES, *FLAT_ONLY_CATEGORIES)


@dataclass
class Row:
    name: str
    cells: list[Decimal | None]
    total: Decimal
    flat: list[bool] = field(default_factory=list)  # each cell: computed by the partner's own flat rate


@dataclass
class Table:
    categories: list[str]
    rows: list[Row]
    totals: list[Decimal]
    total: Decimal
    flat: list[str] = field(default_factory=list)  # the categories a flat rate computes


def table(data: Any) -> Table:
    by_partner = planned_costs(data)
    own = {p: [k for k, v in written_amounts(data, p).items() if v is not None] for p in by_partner}
    # a column is marked flat when every partner with an amount in it computes it by a flat rate
    flat = [k for k in costs.FLAT_ORDER if any(k in v for v in own.values())]
    flat = [k for k in flat if all(k in own[p] for p in by_partner if k in by_partner[p])]
    used = [c for c in ORDER if any(c in v for v in by_partner.values())]
    rows = []
    for ident, name in references.options(data, "partners"):
        amounts = by_partner.get(ident, {})
        if not amounts:
            continue
        computed = [c in own.get(ident, []) for c in used]
        rows.append(Row(name, [amounts.get(c) for c in used], sum(amounts.values(), Decimal(0)), computed))
    totals = [sum((by_partner[p].get(c, Decimal(0)) for p in by_partner), Decimal(0)) for c in used]
    return Table(used, rows, totals, sum(totals, Decimal(0)), flat)


@dataclass
class Plan:
    name: str
    cost: Decimal
    funders: list[tuple[str, Decimal, float]]  # source, amount, share of the cost
    own_label: str
    own: Decimal
    own_share: float


def plans(data: Any) -> list[Plan]:
    """Each partner's financing plan as the agreement shows it: funders, then own funds (an
    explicit « Autofinancement » row is that remainder, never a second row)."""
    by_partner = planned_costs(data)
    funding = ((data.get("budget") or {}).get("funding") or []) if isinstance(data, dict) else []
    found = []
    for ident, name in references.options(data, "partners"):
        cost = sum(by_partner.get(ident, {}).values(), Decimal(0))
        mine = [f for f in funding if isinstance(f, dict) and f.get("partner") == ident]
        if not cost and not mine:
            continue
        funders, own_label = [], ""
        for line in mine:
            source = str(line.get("source") or "")
            if isinstance(source, str) and is_own_funds(source):
                own_label = source
                continue
            rate, amount = _number(line.get("rate")), _number(line.get("amount"))
            value = costs.cents(costs.funding_amount(cost, float(rate) if rate is not None else None, amount))
            funders.append((source, value, float(value / cost) if cost else 0.0))
        own = cost - sum((f[1] for f in funders), Decimal(0))
        found.append(Plan(name, cost, funders, own_label, own, float(own / cost) if cost else 0.0))
    return found


def whole(plans: list[Plan], name: str) -> Plan | None:
    """The project's financing plan, the partners' added up by funder (the agreement's figures:
    « FEADER 74 224,00 € »), when there are two partners or more."""
    if len(plans) < 2:
        return None
    cost = sum((p.cost for p in plans), Decimal(0))
    by_source: dict[str, Decimal] = {}
    for plan in plans:
        for source, amount, _ in plan.funders:
            by_source[source] = by_source.get(source, Decimal(0)) + amount
    funders = [(source, amount, float(amount / cost) if cost else 0.0) for source, amount in by_source.items()]
    own = cost - sum(by_source.values(), Decimal(0))
    labels = {p.own_label for p in plans if p.own_label}
    own_label = labels.pop() if len(labels) == 1 else ""
    return Plan(name, cost, funders, own_label, own, float(own / cost) if cost else 0.0)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(str(value))
