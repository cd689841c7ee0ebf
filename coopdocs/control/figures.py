"""The control's figures from the controller's decisions: per line certified, deducted or
parked; flat rates recomputed on what is certified (rounded down, as the claim computed them);
totals by category and by type of error. Each person's staff cost is rounded once, as the claim
rounds it, so that « déclaré » here is the claim's amount to the cent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coopdocs.control.lines import FLAT_BASE, ClaimLines, Line
from coopdocs.money import costs
from coopdocs.money.costs import FLAT_ORDER


@dataclass
class Decision:
    """What the controller decided on a line (read from the workbook, `where`: its row's cells)."""

    sample: bool = False
    certified: Decimal = Decimal(0)
    deducted: Decimal = Decimal(0)
    error: str = ""
    parked: bool = False
    comment: str = ""
    row: int = 0
    parked_amount: Decimal = Decimal(0)  # a flat rate: its share on the parked lines


@dataclass
class Check:
    """One point of the checklist and the controller's answer."""

    theme: str
    point: str
    auto: str
    answer: str
    comment: str


@dataclass
class Amounts:
    declared: Decimal = Decimal(0)
    brought_back: Decimal = Decimal(0)
    certified: Decimal = Decimal(0)
    deducted: Decimal = Decimal(0)
    parked: Decimal = Decimal(0)


@dataclass
class Result:
    claim: ClaimLines
    decisions: dict[str, Decision]  # line key → decision (flat rates included, computed)
    checks: list[Check]
    by_category: dict[str, Amounts] = field(default_factory=dict)
    by_type: dict[str, Decimal] = field(default_factory=dict)
    declared: Decimal = Decimal(0)
    brought_back: Decimal = Decimal(0)
    certified: Decimal = Decimal(0)
    deducted: Decimal = Decimal(0)
    parked: Decimal = Decimal(0)

    def line_decision(self, line: Line) -> Decision:
        return self.decisions[line.key]

    @property
    def sample(self) -> list[Line]:
        return [line for line in self.claim.lines if self.decisions[line.key].sample]

    @property
    def checkable(self) -> list[Line]:
        """The lines a controller may sample: every line but the flat rates (computed)."""
        return [line for line in self.claim.lines if line.kind != "flat"]

    @property
    def parked_lines(self) -> list[Line]:
        return [line for line in self.claim.lines if self.parked_amount(line)]

    def parked_amount(self, line: Line) -> Decimal:
        return _parked(line, self.decisions[line.key])

    @property
    def deducted_lines(self) -> list[Line]:
        return [line for line in self.claim.lines if line.kind != "flat" and self.decisions[line.key].deducted]

    def json_dict(self) -> dict[str, Any]:
        def num(value: Decimal) -> float:
            return float(value)

        return {
            "claim": self.claim.number,
            "partner": self.claim.partner,
            "declared": num(self.declared),
            "brought_back": num(self.brought_back),
            "certified": num(self.certified),
            "deducted": {
                "total": num(self.deducted),
                "by_category": {c: num(a.deducted) for c, a in self.by_category.items() if a.deducted},
                "by_type": {t: num(v) for t, v in self.by_type.items()},
            },
            "parked": {
                "total": num(self.parked),
                "lines": [
                    {"claim": line.claim, "what": line.what, "amount": num(self.parked_amount(line))}
                    for line in self.parked_lines
                ],
            },
            "sample": {"lines": len(self.sample), "of": len(self.checkable)},
        }


def _category_sum(lines: list[Line], amount: Any) -> Decimal:
    """Lines summed as the claim sums them: each person's staff months rounded once."""
    by_agent: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    for line in lines:
        if line.kind == "staff":
            by_agent[line.agent] += amount(line)
        else:
            total += amount(line)
    return total + sum((costs.cents(v) for v in by_agent.values()), Decimal(0))


def recompute_flat(lines: list[Line], decisions: dict[str, Decision], flat_label: str) -> None:
    """Each flat rate on its base as certified: certified = rate × certified base, rounded down;
    parked = the rate on the parked base; deducted = the rest (its type: the flat rate's recalculation)."""
    for line in lines:
        if line.kind != "flat":
            continue
        base = [
            b
            for b in lines
            if b.category in FLAT_BASE.get(line.category, ())
            and b.brought_back == line.brought_back
            and (not line.brought_back or b.claim == line.claim)
            and (b.kind != "flat" or FLAT_ORDER.index(b.category) < FLAT_ORDER.index(line.category))
        ]
        certified_base = _category_sum(base, lambda b: decisions[b.key].certified)
        kept_base = _category_sum(
            base, lambda b: decisions[b.key].certified + (b.declared if decisions[b.key].parked else 0)
        )
        certified = min(costs.cents_down(line.rate * certified_base), line.declared)
        parked = min(costs.cents_down(line.rate * kept_base), line.declared) - certified
        decision = decisions[line.key]
        decision.certified, decision.deducted = certified, line.declared - certified - parked
        decision.error = flat_label if decision.deducted else ""
        decision.parked_amount = parked


def compute(claim: ClaimLines, decisions: dict[str, Decision], checks: list[Check], flat_label: str) -> Result:
    recompute_flat(claim.lines, decisions, flat_label)
    result = Result(claim, decisions, checks)
    for category in dict.fromkeys(line.category for line in claim.lines):
        mine = [line for line in claim.lines if line.category == category]
        own = [line for line in mine if not line.brought_back]
        back = [line for line in mine if line.brought_back]
        amounts = Amounts(
            declared=_category_sum(own, lambda line: line.declared),
            brought_back=_category_sum(back, lambda line: line.declared),
            certified=_category_sum(mine, lambda line: decisions[line.key].certified),
            parked=_category_sum(mine, lambda line: _parked(line, decisions[line.key])),
        )
        amounts.deducted = amounts.declared + amounts.brought_back - amounts.certified - amounts.parked
        result.by_category[category] = amounts
    for line in claim.lines:
        decision = decisions[line.key]
        if decision.deducted:
            result.by_type[decision.error] = result.by_type.get(decision.error, Decimal(0)) + decision.deducted
    categories = result.by_category.values()
    result.declared = claim.total
    result.brought_back = sum((a.brought_back for a in categories), Decimal(0))
    certified = sum((a.certified for a in categories), Decimal(0))
    result.certified = max(certified - claim.revenue, Decimal(0))
    result.parked = sum((a.parked for a in categories), Decimal(0))
    result.deducted = result.declared + result.brought_back - result.certified - result.parked
    return result


def _parked(line: Line, decision: Decision) -> Decimal:
    if line.kind == "flat":
        return decision.parked_amount
    return line.declared if decision.parked else Decimal(0)
