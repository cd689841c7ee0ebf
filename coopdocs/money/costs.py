"""Money rules of the project, in one place: hourly rates, flat rates, simplified costs, partner costs.

The rules and their articles are tabled in docs/regles-de-cout.md. Three roundings, no other:
- the hourly rate is rounded half-up to the cent once (`rules.rate_rounding: cent`); that rate is
  printed on the mission letter and the time sheet and multiplies the hours in the bilan;
- a flat-rate amount and a unit-cost amount are rounded down to the cent (as Jems does);
- other amounts are summed exactly and shown to the cent (half-up).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from coopdocs.messages import Arg, say

CENT = Decimal("0.01")
STANDARD_ANNUAL_HOURS = Decimal(1720)  # CPR 2021/1060 art. 55(2)(a), pro rata for part time
WEEKS_PER_YEAR = Decimal(52)
CPR = "règlement (UE) 2021/1060"


def cents(value: Decimal | float | int) -> Decimal:
    """An amount to the cent, half-up."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def cents_down(value: Decimal) -> Decimal:
    """A flat-rate or unit-cost amount: rounded down to the cent (Jems `RoundingMode.DOWN`)."""
    return value.quantize(CENT, rounding=ROUND_DOWN)


def dec(value: Decimal | float | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# ---- flat rates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlatRule:
    """A flat rate of the regulations: its ceiling, the article that sets it, and the catalogue's
    problem (group `problem`) saying the ceiling with its base and article."""

    ceiling: Decimal
    article: str
    key: str

    @property
    def args(self) -> dict[str, Arg]:
        return {"ceiling": int(self.ceiling * 100)}

    def message(self) -> str:
        return say("problem", self.key, self.args, "fr")


FLAT_RULES: dict[str, FlatRule] = {
    "staff": FlatRule(Decimal("0.20"), "art. 55(1) RDC", "ceiling-staff"),
    "travel": FlatRule(Decimal("0.15"), "art. 41(5) du règlement (UE) 2021/1059", "ceiling-travel"),
    "office_admin": FlatRule(Decimal("0.15"), "art. 54(b) RDC", "ceiling-office_admin"),
    "indirect": FlatRule(Decimal("0.07"), "art. 54(a) RDC", "ceiling-indirect"),
    "remaining": FlatRule(Decimal("0.40"), "art. 56 RDC", "ceiling-remaining"),
}
FLAT_ORDER = tuple(FLAT_RULES)  # Jems' order: staff, then travel, then office or indirect, then remaining
DIRECT_OTHER = ("travel", "external_expertise", "equipment", "other")  # direct costs other than staff
SIMPLIFIED = ("lump_sum", "unit_cost")  # CPR art. 53(1)(b)-(c): outside every flat-rate base


def covered_categories(used: Iterable[str]) -> set[str]:
    """The categories a budget's flat rates compute, so that no one enters them as real costs:
    staff (art. 55(1)), travel (Reg. 2021/1059 art. 41(5)), office costs under either indirect rate
    (art. 54), and every category but staff under art. 56."""
    rates = set(used)
    covered = rates & {"staff", "travel", "office_admin"}
    if "indirect" in rates:
        covered.add("office_admin")
    if "remaining" in rates:
        covered |= {"office_admin", *DIRECT_OTHER}
    return covered


def combination_refusals(rates: Mapping[str, object]) -> list[tuple[str, str, dict[str, Arg]]]:
    """(flat rate, problem, arguments) for each combination the regulations (and Jems) refuse;
    the problems are the catalogue's (group `problem`)."""
    set_ = [k for k in FLAT_ORDER if rates.get(k) is not None]
    found: list[tuple[str, str, dict[str, Arg]]] = []
    if "office_admin" in set_ and "indirect" in set_:
        found.append(("indirect", "one-indirect-rate", {}))  # CPR art. 54
    if "remaining" in set_ and len(set_) > 1:
        found.append(("remaining", "remaining-alone", {"others": ", ".join(k for k in set_ if k != "remaining")}))
    return found


def combination_problems(rates: Mapping[str, object]) -> list[tuple[str, str]]:
    """(flat rate, French message) for each combination the regulations (and Jems) refuse."""
    return [(rate, say("problem", key, args, "fr")) for rate, key, args in combination_refusals(rates)]


def flat_rate_amounts(entered: Mapping[str, Decimal], rates: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """Each flat rate's amount, in Jems' order, each rounded down to the cent on its own base.

    `entered`: a partner's costs by category (real costs, lump sums, unit costs). A category
    computed by a flat rate (staff, travel) replaces the entered one in the later bases. Lump sums,
    unit costs and real office costs are in no base.
    """
    return {k: amount for k, (_base, amount) in flat_rate_parts(entered, rates).items()}


def flat_rate_parts(
    entered: Mapping[str, Decimal], rates: Mapping[str, Decimal | None]
) -> dict[str, tuple[Decimal, Decimal]]:
    """Each flat rate's (base, amount), as `flat_rate_amounts` computes them."""
    got = {k: dec(v) for k, v in rates.items() if v is not None}
    parts: dict[str, tuple[Decimal, Decimal]] = {}
    direct = {c: entered.get(c, Decimal(0)) for c in ("staff", *DIRECT_OTHER)}

    def take(key: str, base: Decimal) -> Decimal:
        parts[key] = (base, cents_down(base * got[key]))
        return parts[key][1]

    if "staff" in got:
        base = sum((direct[c] for c in DIRECT_OTHER if not (c == "travel" and "travel" in got)), Decimal(0))
        direct["staff"] = take("staff", base)
    if "travel" in got:
        direct["travel"] = take("travel", direct["staff"])
    if "office_admin" in got:
        take("office_admin", direct["staff"])
    if "indirect" in got:
        take("indirect", sum(direct.values(), Decimal(0)))
    if "remaining" in got:
        take("remaining", direct["staff"])
    return parts


def with_flat_rates(entered: Mapping[str, Decimal], rates: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """A partner's costs by category: the entered ones, each flat-rate category replaced by its amount."""
    flat = flat_rate_amounts(entered, rates)
    return {**{c: v for c, v in entered.items() if c not in flat}, **flat}


Rates = Mapping[str, Decimal | None]


def costs_by_partner(
    lines: Iterable[tuple[str, str, Decimal]], rates: Rates | Callable[[str], Rates] | None = None
) -> dict[str, dict[str, Decimal]]:
    """Each partner's costs by category (lump sums and unit costs are categories of their own),
    flat-rate categories computed from the entered lines with the partner's own flat rates.
    `rates`: the flat rates of every partner, or the function that says each partner's."""
    entered: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for partner, category, amount in lines:
        entered[partner][category] += dec(amount)
    if callable(rates):
        return {p: with_flat_rates(c, rates(p)) for p, c in entered.items()}
    return {p: with_flat_rates(c, rates or {}) for p, c in entered.items()}


def unit_cost_amount(unit_cost: Decimal, quantity: Decimal | float) -> Decimal:
    """CPR art. 53(1)(b): units × price per unit, rounded down to the cent (Jems)."""
    return cents_down(dec(unit_cost) * dec(quantity))


# ---- hourly rates -------------------------------------------------------------------------------


def hourly_rate_basis(work_time_ratio: float, basis: float | None = None, hours_basis: float = 1720) -> Decimal:
    """Annual hours that divide the gross cost: the agent's own basis, else `rules.hours_basis` × quotité
    (CPR art. 55(2)(a): 1 720 h for a full-time person, pro rata for part time)."""
    if basis is not None:
        return dec(basis)
    return dec(hours_basis) * dec(work_time_ratio)


def monthly_hours(weekly_hours: float) -> Decimal:
    """Contractual working time of an average month: weekly hours × 52 / 12 (CPR art. 55; paragraph not confirmed)."""
    return dec(weekly_hours) * WEEKS_PER_YEAR / 12


def hourly_rate(
    annual_gross_cost: Decimal,
    work_time_ratio: float = 1,
    basis: float | None = None,
    *,
    hours_basis: float = 1720,
    method: str = "annual",
    weekly_hours: float = 35,
) -> Decimal:
    """The hourly rate, rounded half-up to the cent once: the one printed and the one used.

    annual: annual gross cost ÷ basis (art. 55(2)(a)); monthly: (annual ÷ 12) ÷ the month's
    contractual hours (art. 55, paragraph not confirmed)."""
    if method == "monthly":
        exact = dec(annual_gross_cost) / 12 / monthly_hours(weekly_hours)
    else:
        exact = dec(annual_gross_cost) / hourly_rate_basis(work_time_ratio, basis, hours_basis)
    return cents(exact)


def dated_value(changes: Sequence[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    """The value in force on `day`: the latest entry dated on or before it (else the first one)."""
    current = changes[0][1]
    for start, value in sorted(changes, key=lambda c: c[0]):
        if start <= day:
            current = value
    return current


def funding_amount(partner_cost: Decimal, rate: float | None, amount: Decimal | None) -> Decimal:
    """A funding line is a rate of the partner's eligible cost or a fixed amount."""
    if amount is not None:
        return Decimal(amount)
    return partner_cost * Decimal(str(rate or 0))
