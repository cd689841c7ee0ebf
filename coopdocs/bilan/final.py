"""The final report (`bilan --period final`): the whole project, one row per reporting period
(each what that period's own bilan says), and the lessons of `capitalisation`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from coopdocs.bilan.figures import BilanFigures, CumulativeSpending, FinalFigures, PartnerFigures, PeriodRow
from coopdocs.bilan.progress import with_progress
from coopdocs.calendar import FINAL
from coopdocs.project.model import ProjectFile


def period_row(figures: BilanFigures) -> PeriodRow:
    totals = figures.totals
    return PeriodRow(
        period=figures.period,
        start=figures.start,
        end=figures.end,
        hours=totals.hours,
        staff_cost=totals.staff_cost,
        other_costs=totals.other_costs,
        flat_rate_costs=totals.flat_rate_costs,
        total=totals.total,
    )


def final_figures(project: ProjectFile, periods: list[BilanFigures]) -> FinalFigures:
    """`project` in the report's language; `periods`: each reporting period's figures, in order."""
    kept = project.capitalisation
    return FinalFigures(
        periods=[period_row(f) for f in periods],
        lessons=[str(t) for t in kept.lessons] if kept else [],
        next_steps=[str(t) for t in kept.next_steps] if kept else [],
    )


def _share(part: Decimal, whole: Decimal) -> float:
    return round(float(part / whole), 4) if whole else 0.0


def _add(dicts: list[dict[str, Decimal]]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for one in dicts:
        for key, value in one.items():
            found[key] = found.get(key, Decimal(0)) + value
    return found


def summed(figures: BilanFigures, periods: list[BilanFigures]) -> BilanFigures:
    """The whole project's spending as the sum of its periods' bilans: each period's flat rates
    are rounded down on that period's costs (as its claim is), so the project's total is what the
    periods said, cent for cent, not a flat rate recomputed on the whole."""
    rows: dict[str, list[PartnerFigures]] = {}
    for period in periods:
        for partner in period.partners:
            rows.setdefault(partner.id, []).append(partner)
    partners = []
    for p in figures.partners:
        mine = rows.get(p.id, [])
        staff = sum((r.staff_cost for r in mine), Decimal(0))
        other, flat = _add([r.other_costs for r in mine]), _add([r.flat_rate_costs for r in mine])
        total = sum((r.total for r in mine), Decimal(0))
        cumulative = CumulativeSpending(
            staff_cost=staff,
            other_costs=sum(other.values(), Decimal(0)),
            flat_rate_costs=sum(flat.values(), Decimal(0)),
            total=total,
            consumed_total=_share(total, p.budget_total),
        )
        update = {"staff_cost": staff, "other_costs": other, "flat_rate_costs": flat, "total": total}
        update |= {"consumed": _share(staff, p.budget_staff), "consumed_total": cumulative.consumed_total}
        partners.append(p.model_copy(update={**update, "cumulative": cumulative}))
    t = figures.totals
    total = sum((p.total for p in partners), Decimal(0))
    totals = t.model_copy(
        update={
            "staff_cost": sum((p.staff_cost for p in partners), Decimal(0)),
            "other_costs": sum((p.other_total for p in partners), Decimal(0)),
            "flat_rate_costs": sum((p.flat_total for p in partners), Decimal(0)),
            "total": total,
            "cumulative_total": total,
            "consumed_cumulative": _share(total, t.budget_total),
        }
    )
    return figures.model_copy(update={"partners": partners, "totals": totals})


__all__ = ["FINAL", "final_report", "with_progress"]


def final_report(
    project: ProjectFile, lang: str | None, dated: dt.date | None, figures_of: Callable[..., BilanFigures]
) -> BilanFigures:
    """`bilan --period final`: `figures_of(period, dated=…)` gives a period's bilan figures (the
    pipeline's, read from the forms). The whole project's, its spending the sum of its reporting
    periods' (each dated by its end), with one row per period and the lessons."""
    from coopdocs.calendar import reporting_periods
    from coopdocs.project.model import in_language

    p, lang = project.project, lang or project.project.language
    periods = [
        figures_of(period, dated=None) for period in reporting_periods(project.reporting.frequency, p.start, p.end)
    ]
    figures = summed(figures_of(FINAL, dated=dated), periods)
    return figures.model_copy(update={"final": final_figures(in_language(project, lang), periods)})
