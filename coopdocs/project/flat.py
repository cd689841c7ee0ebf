"""A partner's flat rates, in one place: its own (`partners[].flat_rates`, `{}` for none) when it
has them, else the budget's (`budget.flat_rates`). In a LEADER cooperation each local action group
is paid by its own managing authority, whose rules say which flat rates it may claim; every
consumer (checks, budget, claims, bilan, control, documents, workspace) asks here."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from coopdocs.money.costs import FLAT_ORDER
from coopdocs.project.money import FlatRates

if TYPE_CHECKING:
    from coopdocs.project.model import ProjectFile

Rates = dict[str, Decimal | None]


def flat_rates_of(project: ProjectFile, partner_id: str) -> FlatRates:
    """The flat rates that apply to a partner's costs: its own when it has them, else the project's."""
    own = next((p.flat_rates for p in project.partners if p.id == partner_id), None)
    return own if own is not None else project.budget.flat_rates


def rates_of(project: ProjectFile, partner_id: str) -> Rates:
    """`flat_rates_of(…).rates()`: each rate as a Decimal, None when not set."""
    return flat_rates_of(project, partner_id).rates()


def used_by_any(project: ProjectFile) -> list[str]:
    """The flat rates at least one partner with costs (not an observer) applies, in Jems' order."""
    used = {k for p in project.partners if not p.observer for k in flat_rates_of(project, p.id).used()}
    return [k for k in FLAT_ORDER if k in used]


def differ(project: ProjectFile) -> bool:
    """Whether the partners with costs do not all apply the same flat rates."""
    paying = [p.id for p in project.partners if not p.observer]
    return len({tuple(rates_of(project, p).items()) for p in paying}) > 1


# ---- on the file's plain data (the checks and the workspace read it before validation) --------


def written_place(data: Any, partner_id: object) -> tuple[str | int, ...]:
    """Where the partner's flat rates are written: `partners.<i>.flat_rates` when it has its own
    (a mapping), else `budget.flat_rates`."""
    partners = data.get("partners") if isinstance(data, dict) else None
    for i, partner in enumerate(partners if isinstance(partners, list) else []):
        if (
            isinstance(partner, dict)
            and partner.get("id") == partner_id
            and isinstance(partner.get("flat_rates"), dict)
        ):
            return ("partners", i, "flat_rates")
    return ("budget", "flat_rates")


def written_rates(data: Any, partner_id: object) -> dict[str, Any]:
    """The partner's flat rates as the file writes them (a mapping, empty when missing or malformed)."""
    place = written_place(data, partner_id)
    if place[0] == "partners":
        holder = data["partners"][place[1]]["flat_rates"]
    else:
        budget = data.get("budget") if isinstance(data, dict) else None
        holder = budget.get("flat_rates") if isinstance(budget, dict) else None
    return dict(holder) if isinstance(holder, dict) else {}


def written_amounts(data: Any, partner_id: object) -> Rates:
    """`written_rates` with each well-formed rate as a Decimal (anything else: not set)."""
    return {k: _number(v) for k, v in written_rates(data, partner_id).items() if k in FLAT_ORDER}


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
