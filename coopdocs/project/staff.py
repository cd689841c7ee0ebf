"""Staff costs over time (CPR 2021/1060 art. 55): the hourly rate in force on a day, the fixed share
in force in a month, and the cost of a span of months, each month at its own share and annual cost.

A change of annual cost or of share applies from the month of its date (a value dated in a month
is the month's value from that month on): date amendments and pay changes on the 1st.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from coopdocs.calendar import months
from coopdocs.money.costs import cents, dated_value, hourly_rate, monthly_hours
from coopdocs.project.model import Agent, FixedAllocation, ProjectFile, dated_costs


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def annual_cost_on(agent: Agent, day: dt.date) -> Decimal:
    """The latest documented annual gross cost in force in the month of `day`."""
    changes = [(_month_start(d) if d != dt.date.min else d, v) for d, v in dated_costs(agent.annual_gross_cost)]
    return dated_value(changes, _month_start(day))


def rate_on(project: ProjectFile, agent: Agent, day: dt.date) -> Decimal:
    """The hourly rate of the month of `day`, rounded half-up to the cent once, capped by
    `rules.max_hourly_rate` when the programme sets one."""
    rules = project.project.rules
    rate = hourly_rate(
        annual_cost_on(agent, day),
        agent.work_time_ratio,
        agent.hourly_rate_basis,
        hours_basis=rules.hours_basis,
        method=rules.rate_method,
        weekly_hours=agent.weekly_hours,
    )
    if rules.max_hourly_rate is not None:
        rate = min(rate, rules.max_hourly_rate)
    return rate


def period_of(project: ProjectFile, agent: Agent) -> tuple[dt.date, dt.date]:
    return agent.start or project.project.start, agent.end or project.project.end


def rate_changes(project: ProjectFile, agent: Agent) -> list[tuple[dt.date, Decimal]]:
    """Each rate with the first day it applies, from the agent's start (the mission letter's rate first)."""
    start, end = period_of(project, agent)
    out: list[tuple[dt.date, Decimal]] = [(start, rate_on(project, agent, start))]
    for day, _cost in dated_costs(agent.annual_gross_cost):
        if start < day <= end:
            out.append((_month_start(day), rate_on(project, agent, day)))
    return out


def share_on(allocation: FixedAllocation, day: dt.date) -> Decimal:
    """The fixed share in force in the month of `day`: the letter's, or the latest amendment's."""
    changes = [(dt.date.min, Decimal(str(allocation.share)))]
    changes += [(_month_start(c.from_), Decimal(str(c.share))) for c in allocation.changes]
    return dated_value(changes, _month_start(day))


def fixed_share_schedule(project: ProjectFile, agent: Agent, allocation: FixedAllocation) -> dict[str, Decimal]:
    """Each month of the agent's period with its amount: share × that month's annual cost ÷ 12,
    kept exact from the agent's first month and rounded as a running total, so that months add up
    to the exact cost of any span (34 400 € × 50 % over six months is 8 600,00 €, never 8 599,98 €)."""
    start, end = period_of(project, agent)
    schedule: dict[str, Decimal] = {}
    exact = shown = Decimal(0)
    for month in months(start, end):
        day = dt.date.fromisoformat(month + "-01")
        exact += share_on(allocation, day) * annual_cost_on(agent, day) / 12
        schedule[month] = cents(exact) - shown
        shown = cents(exact)
    return schedule


def fixed_share_cost(
    project: ProjectFile, agent: Agent, allocation: FixedAllocation, month_list: Iterable[str]
) -> Decimal:
    """The fixed-share cost of these months (none outside the agent's period). An estimate until
    the payslips give each month's actual gross cost."""
    schedule = fixed_share_schedule(project, agent, allocation)
    return sum((schedule.get(month, Decimal(0)) for month in month_list), Decimal(0))


def fixed_share_cost_between(
    project: ProjectFile, agent: Agent, allocation: FixedAllocation, start: dt.date, end: dt.date
) -> Decimal:
    return fixed_share_cost(project, agent, allocation, months(start, end) if start <= end else [])


def monthly_cap(agent: Agent) -> Decimal:
    """Hours a month under the monthly method (CPR art. 55): weekly hours × 52 ÷ 12."""
    return monthly_hours(agent.weekly_hours)


def keeps_timesheets(project: ProjectFile, agent: Agent) -> bool:
    """Agents on hours keep time sheets; agents on a fixed share only when the programme asks
    (`rules.fixed_share_timesheets`): art. 55 requires no separate time recording for them."""
    return agent.allocation.mode == "hourly" or project.project.rules.fixed_share_timesheets


def agent_work_packages(project: ProjectFile, agent: Agent) -> set[str]:
    """The work packages an agent may charge: those of the employer's budget lines and those it
    leads (every work package when the budget and the leads say nothing of the employer)."""
    employer = agent.partner
    mine = {line.wp for line in project.budget.lines if line.partner == employer and line.wp}
    mine |= {wp.id for wp in project.work_packages if wp.lead == employer}
    return mine or {wp.id for wp in project.work_packages}


def sheet_months(project: ProjectFile, agent: Agent) -> list[str]:
    """The months an agent keeps a sheet: those of its period on the project in which a work
    package it may charge runs (a sheet with no column to fill is nobody's to sign)."""
    from coopdocs.calendar import months

    start, end = period_of(project, agent)
    offered = [wp for wp in project.work_packages if wp.id in agent_work_packages(project, agent)]
    first, last = min((wp.start for wp in offered), default=start), max((wp.end for wp in offered), default=end)
    return months(max(start, first), min(end, last))
