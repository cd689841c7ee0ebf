"""The figures of a periodic bilan: the single source of the JSON, the Word and the Excel bilans.

It reads the filled time sheets and expense registers, never the cached formula results, and
counts every hour people declared: anomalies are listed for a person to fix, never dropped or
corrected. A form still as coopdocs generated it (its sha256 is the manifest's) is not filled:
its month is missing. Amounts are computed in Decimal and given to the cent (coopdocs.bilan.figures).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from coopdocs.bilan.figures import (
    AgentFigures,
    Approval,
    BilanFigures,
    Deliverable,
    FixedAgent,
    GuideItem,
    HourlyAgent,
    LogbookEntry,
    Milestone,
    WorkPackageHours,
)
from coopdocs.bilan.inputs import Inputs, read_inputs
from coopdocs.bilan.inputs import read_sheets as read_sheets  # bench/run.py times the reading
from coopdocs.bilan.meetings import meeting_figures
from coopdocs.bilan.partners import StaffCost, budget_use, partner_figures, totals_of
from coopdocs.calendar import month_of, months, public_holidays
from coopdocs.forms.anomalies import (
    Anomaly,
    AnomalyKind,
    Severity,
    annual_anomalies,
    contract_anomalies,
    missing_months,
    monthly_anomalies,
    sheet_anomalies,
)
from coopdocs.forms.timesheet_form import agent_period
from coopdocs.forms.timesheet_reader import Day, TimeSheet
from coopdocs.guide import load_guide
from coopdocs.messages import Arg, Share
from coopdocs.money import costs
from coopdocs.project import staff
from coopdocs.project.model import Agent, FixedAllocation, ProjectFile
from coopdocs.project.naming import wp_code

BILAN_STAGES = ("suivre-piloter", "rendre-compte", "anticiper-controles")

Span = tuple[dt.date, dt.date]


def _overlap(a: Span, b: Span) -> Span | None:
    lower, upper = max(a[0], b[0]), min(a[1], b[1])
    return (lower, upper) if lower <= upper else None


def counted_days(sheet: TimeSheet, agent_span: Span, wps: set[str]) -> list[Day]:
    """The days that count: inside the agent's period, hours only in the project's work packages
    (the others are reported by `sheet_checks`, never charged)."""
    return [
        replace(day, hours={wp: h for wp, h in day.hours.items() if wp in wps})
        for day in sheet.days
        if agent_span[0] <= day.date <= agent_span[1]
    ]


def declared_hours(
    mine: dict[str, TimeSheet], start: dt.date, end: dt.date, agent_span: Span, wps: set[str]
) -> tuple[dict[str, float], Decimal, Decimal]:
    """Hours by work package over the period, the period's and the cumulative project hours."""
    hours: dict[str, float] = {}
    period_hours = cumulative_hours = Decimal(0)
    for _month, sheet in sorted(mine.items()):
        for day in counted_days(sheet, agent_span, wps):
            if day.date > end:
                continue
            cumulative_hours += Decimal(str(day.project_hours))
            if day.date >= start:
                period_hours += Decimal(str(day.project_hours))
                for wp, h in day.hours.items():
                    if h:
                        hours[wp] = hours.get(wp, 0.0) + h
    return hours, period_hours, cumulative_hours


def sheet_checks(project: ProjectFile, agent: Agent, mine: dict[str, TimeSheet], end: dt.date) -> list[Anomaly]:
    """The day-level anomalies of every sheet of the agent up to the period's end (those of
    earlier months change the cumulative figures), the work-package columns the project does
    not have, and the month's declared hours against the contract."""
    employer = project.partner(agent.partner)
    a_period = agent_period(project, agent)
    wps = {wp.id for wp in project.work_packages}
    found: list[Anomaly] = []
    for month, sheet in sorted(mine.items()):
        if month > month_of(end):
            continue
        holidays = public_holidays(employer.country, employer.subdivision, int(month[:4]))
        place = (employer.country, employer.subdivision)
        found += sheet_anomalies(sheet, *a_period, agent.weekly_hours, holidays, place)
        found += contract_anomalies(sheet, a_period, agent.weekly_hours, holidays)
        for wp in sorted(set(sheet.work_packages) - wps):
            header = sheet.work_packages[wp]
            cell = f"{sheet.columns.get(header, '')}{sheet.header_row}"
            where = dict(agent=agent.id, file=sheet.path.name, sheet=sheet.sheet, cell=cell, month=month)
            found.append(Anomaly(AnomalyKind.UNKNOWN_COLUMN, {"name": header}, **where, key="unknown-wp-column"))
    return found


def plan_anomalies(agent: Agent, cumulative_hours: Decimal, end: dt.date) -> list[Anomaly]:
    """hours-over-plan: more hours declared since the start than the mission letter plans."""
    planned = getattr(agent.allocation, "hours_planned", None)
    if planned is None or cumulative_hours <= Decimal(str(planned)):
        return []
    share = float(cumulative_hours / Decimal(str(planned)))
    args: dict[str, Arg] = {"hours": float(cumulative_hours), "share": Share(share), "planned": float(planned)}
    return [Anomaly(AnomalyKind.HOURS_OVER_PLAN, args, agent.id, end.isoformat())]


def hours_cost(
    project: ProjectFile, agent: Agent, mine: dict[str, TimeSheet], period: Span, wps: set[str]
) -> tuple[Decimal, Decimal]:
    """The cost of the hours that count over the period and since the start, each month's hours
    at that month's rate (the rounded rate of coopdocs.project.staff)."""
    span = agent_period(project, agent)
    period_cost = cumulative_cost = Decimal(0)
    for month, sheet in sorted(mine.items()):
        rate = staff.rate_on(project, agent, dt.date.fromisoformat(month + "-01"))
        for day in counted_days(sheet, span, wps):
            if day.date <= period[1]:
                cost = Decimal(str(day.project_hours)) * rate
                cumulative_cost += cost
                period_cost += cost if day.date >= period[0] else Decimal(0)
    return period_cost, cumulative_cost


def cap_checks(project: ProjectFile, agent: Agent, mine: dict[str, TimeSheet], inputs: Inputs) -> list[Anomaly]:
    """Hours above those the rate was computed on (CPR art. 55(3)): per calendar year, and per
    month under the monthly method."""
    rules = project.project.rules
    years = {inputs.start.year, inputs.end.year}
    basis = float(costs.hourly_rate_basis(agent.work_time_ratio, agent.hourly_rate_basis, rules.hours_basis))
    found = annual_anomalies(agent.id, [s for m, s in mine.items() if int(m[:4]) in years], basis)
    if rules.rate_method == "monthly":
        in_period = [s for m, s in mine.items() if month_of(inputs.start) <= m <= month_of(inputs.end)]
        found += monthly_anomalies(agent.id, in_period, float(staff.monthly_cap(agent)))
    return found


def hourly_agent(project: ProjectFile, agent: Agent, inputs: Inputs) -> tuple[HourlyAgent, StaffCost]:
    """An agent on time sheets: hours declared, their cost, the anomalies of the sheets."""
    span = agent_period(project, agent)
    in_period = _overlap(span, (inputs.start, inputs.end))
    mine = inputs.sheets.get(agent.id, {})
    blocked = sorted(inputs.blocked.get(agent.id, set()))
    sheets = set(staff.sheet_months(project, agent))  # none before its first work package's month
    expected = [m for m in months(*in_period) if m in sheets] if in_period else []
    wps = {wp.id for wp in project.work_packages}
    hours, period_hours, cumulative_hours = declared_hours(mine, inputs.start, inputs.end, span, wps)
    inputs.anomalies += sheet_checks(project, agent, mine, inputs.end)
    inputs.anomalies += cap_checks(project, agent, mine, inputs)
    inputs.anomalies += plan_anomalies(agent, cumulative_hours, inputs.end)
    missing = missing_months(agent.id, [m for m in expected if m not in blocked], mine)
    inputs.anomalies += missing
    period_cost, cumulative_cost = hours_cost(project, agent, mine, (inputs.start, inputs.end), wps)
    figures = HourlyAgent(
        id=agent.id,
        name=agent.name,
        partner=agent.partner,
        hours={k: round(v, 2) for k, v in sorted(hours.items())},
        hours_total=round(float(period_hours), 2),
        hourly_rate=staff.rate_on(project, agent, in_period[1] if in_period else inputs.end),
        cost=costs.cents(period_cost),
        months_missing=[a.date[:7] for a in missing],
        months_blocked=[m for m in blocked if m in expected],
        hours_planned=float(getattr(agent.allocation, "hours_planned", 0.0)),
        hours_cumulative=round(float(cumulative_hours), 2),
        approval=_approval(agent.id, [m for m in expected if m in mine and m not in blocked], inputs.approved),
    )
    return figures, StaffCost(figures.cost, costs.cents(cumulative_cost))


def _approval(agent_id: str, filled: list[str], approved: set[tuple[str, str]] | None) -> Approval | None:
    if approved is None:
        return None
    done = [m for m in filled if (agent_id, m) in approved]
    return Approval(approved=done, not_approved=[m for m in filled if m not in done])


def fixed_agent(
    project: ProjectFile, agent: Agent, allocation: FixedAllocation, inputs: Inputs
) -> tuple[FixedAgent, StaffCost]:
    """An agent with a fixed share of their time: share × annual cost ÷ 12 for each month on the
    project, each month at its own share and cost (an estimate until the payslips)."""
    in_period = _overlap(agent_period(project, agent), (inputs.start, inputs.end))
    last = in_period[1] if in_period else inputs.end
    figures = FixedAgent(
        id=agent.id,
        name=agent.name,
        partner=agent.partner,
        hours={},
        hours_total=0.0,
        hourly_rate=staff.rate_on(project, agent, last),
        cost=staff.fixed_share_cost_between(project, agent, allocation, inputs.start, inputs.end),
        months_missing=[],
        share=float(staff.share_on(allocation, last)),
        months_on_project=len(months(*in_period)) if in_period else 0,
    )
    so_far = staff.fixed_share_cost_between(project, agent, allocation, project.project.start, inputs.end)
    return figures, StaffCost(figures.cost, so_far)


def agent_figures(project: ProjectFile, inputs: Inputs) -> tuple[list[AgentFigures], dict[str, StaffCost]]:
    """Every agent's figures, and the staff costs they add up to by partner."""
    agents: list[AgentFigures] = []
    staff: dict[str, StaffCost] = defaultdict(StaffCost)
    for agent in project.agents:
        figures: AgentFigures
        if isinstance(agent.allocation, FixedAllocation):
            figures, cost = fixed_agent(project, agent, agent.allocation, inputs)
        else:
            figures, cost = hourly_agent(project, agent, inputs)
        staff[agent.partner].period += cost.period
        staff[agent.partner].cumulative += cost.cumulative
        agents.append(figures)
    return agents, staff


# ---- the period's items: milestones, deliverables, logbook, guide -------------------------------


def milestones(project: ProjectFile, start: dt.date, end: dt.date, today: dt.date) -> list[Milestone]:
    return [
        Milestone(date=m.date, title=m.title, done=m.done, late=not m.done and m.date < today)
        for m in project.milestones
        if start <= m.date <= end
    ]


def deliverables(project: ProjectFile, start: dt.date, end: dt.date) -> list[Deliverable]:
    return [
        Deliverable(wp=wp.id, title=d.title, due=d.due, code=wp_code(project, wp))
        for wp in project.work_packages
        for d in wp.deliverables
        if start <= d.due <= end
    ]


def logbook(project: ProjectFile, start: dt.date, end: dt.date) -> list[LogbookEntry]:
    return [
        LogbookEntry(date=e.date, title=e.title, text=e.text)
        for e in sorted(project.logbook, key=lambda e: e.date)
        if start <= e.date <= end
    ]


def guide_items(project: ProjectFile) -> list[GuideItem]:
    """The items of suivre-piloter, rendre-compte and anticiper-controles, stage by stage: its
    methods in the guide's order, then its points of vigilance, open ones (not done nor without
    object) first."""
    from coopdocs.guide import keep_for, walk

    guide = load_guide()
    transnational = project.project.cte
    items = []
    for stage_id in BILAN_STAGES:
        stage = guide.stage(stage_id)
        for column in ("methods", "vigilance"):
            found = [
                GuideItem(
                    id=item.id,
                    text=item.text,
                    stage=stage.title,
                    vigilance=column == "vigilance",
                    status=project.status(item.id),
                )
                for item in walk(keep_for(getattr(stage, column), transnational))
            ]
            items += sorted(found, key=lambda item: item.vigilance and not item.open)
    return items


# ---- the figures -------------------------------------------------------------------------------


def compute(
    project: ProjectFile,
    period: str,
    sheets_dir: Path | None = None,
    expenses_dir: Path | None = None,
    unfilled: set[str] | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    approved: set[tuple[str, str]] | None = None,
    inputs: Inputs | None = None,
) -> BilanFigures:
    """The period's figures, from the filled sheets under `sheets_dir` and registers under `expenses_dir`,
    or from `inputs` already read (`approved`: the (agent, month) the supervisor approved, when known)."""
    if inputs is None:
        assert sheets_dir is not None and expenses_dir is not None, "compute: folders or inputs"
        inputs = read_inputs(project, period, sheets_dir, expenses_dir, unfilled or set(), jobs)
    inputs.approved = approved
    agents, staff = agent_figures(project, inputs)
    partners, spending = partner_figures(project, staff, inputs)
    start, end, p = inputs.start, inputs.end, project.project
    hours_by_wp = [
        WorkPackageHours(
            id=wp.id,
            title=wp.title,
            hours=round(sum(a.hours.get(wp.id, 0.0) for a in agents), 2),
            code=wp_code(project, wp),
        )
        for wp in project.work_packages
    ]
    anomalies = sorted(
        inputs.anomalies, key=lambda a: (a.severity != Severity.BLOCKING, a.agent, a.partner, a.date, a.kind, a.cell)
    )
    return BilanFigures(
        project=p.id,
        title=p.title,
        programme=p.programme,
        period=period,
        start=start,
        end=end,
        currency=p.currency,
        agents=agents,
        partners=partners,
        work_packages=hours_by_wp,
        totals=totals_of(agents, spending),
        budget_use=budget_use(project, spending),
        milestones=milestones(project, start, end, today or dt.date.today()),
        deliverables=deliverables(project, start, end),
        logbook=logbook(project, start, end),
        guide=guide_items(project),
        anomalies=anomalies,
        meetings=meeting_figures(project, start, end),
    )
