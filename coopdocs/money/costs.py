"""Money rules of the project, in one place: hourly rates, flat rates, partner costs.

Amounts are Decimal and rounded to the cent only when shown or stored, so that totals
add up exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
STANDARD_ANNUAL_HOURS = Decimal(1720)  # EU standard for a full-time person (Reg. 2021/1060 art. 55)


def cents(value: Decimal | float | int) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def hourly_rate_basis(work_time_ratio: float, basis: float | None = None) -> Decimal:
    """Annual hours that divide the gross cost: the agent's own basis, else 1720 × quotité."""
    if basis is not None:
        return Decimal(str(basis))
    return STANDARD_ANNUAL_HOURS * Decimal(str(work_time_ratio))


def hourly_rate(annual_gross_cost: Decimal, work_time_ratio: float, basis: float | None = None) -> Decimal:
    return Decimal(annual_gross_cost) / hourly_rate_basis(work_time_ratio, basis)


def costs_by_partner(
    lines: Iterable[tuple[str, str, Decimal]],
    office_admin: float | None = None,
    indirect: float | None = None,
) -> dict[str, dict[str, Decimal]]:
    """Each partner's costs by category, flat-rate categories computed from the entered lines.

    office_admin = share × staff; indirect = share × the direct costs (entered lines plus
    office_admin). Both come out as categories `office_admin` and `indirect`.
    """
    result: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for partner, category, amount in lines:
        result[partner][category] += Decimal(amount)
    for categories in result.values():
        office, other = flat_rate_costs(
            categories.get("staff", Decimal(0)),
            sum((v for k, v in categories.items() if k != "staff"), Decimal(0)),
            office_admin,
            indirect,
        )
        if office_admin is not None:
            categories["office_admin"] = office
        if indirect is not None:
            categories["indirect"] = other
    return {p: dict(c) for p, c in result.items()}


def flat_rate_costs(
    staff: Decimal, other: Decimal, office_admin: float | None, indirect: float | None
) -> tuple[Decimal, Decimal]:
    """(office_admin, indirect): office = share × staff; indirect = share × direct costs, the
    direct costs being staff, the other entered costs and office."""
    office = staff * Decimal(str(office_admin)) if office_admin is not None else Decimal(0)
    indirect_cost = (staff + other + office) * Decimal(str(indirect)) if indirect is not None else Decimal(0)
    return office, indirect_cost


def funding_amount(partner_cost: Decimal, rate: float | None, amount: Decimal | None) -> Decimal:
    """A funding line is a rate of the partner's eligible cost or a fixed amount."""
    if amount is not None:
        return Decimal(amount)
    return partner_cost * Decimal(str(rate or 0))
