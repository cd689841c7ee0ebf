"""The figures of a periodic bilan: the single source of the JSON, the Word and the Excel bilans.

It reads the filled time sheets and expense registers, never the cached formula results, and
counts every hour people declared: anomalies are listed for a person to fix, never dropped or
corrected. A form still as coopdocs generated it (its sha256 is the manifest's) is not filled:
its month is missing. Amounts are computed in Decimal and given to the cent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from coopdocs.calendar import month_of, months, period_bounds, public_holidays
from coopdocs.forms.anomalies import (
    Anomaly,
    AnomalyKind,
    UnreadableForm,
    annual_anomalies,
    missing_months,
    sheet_anomalies,
)
from coopdocs.forms.expense_reader import Register, read_register
from coopdocs.forms.timesheet_form import FILE_NAME, agent_period
from coopdocs.forms.timesheet_reader import TimeSheet, read_timesheet
from coopdocs.guide import load_guide
from coopdocs.money import costs
from coopdocs.output._parallel import run_all
from coopdocs.project.model import ProjectFile, budget_by_partner

BILAN_STAGES = ("suivre-piloter", "rendre-compte", "anticiper-controles")
OTHER_CATEGORIES = ("office_admin", "travel", "external_expertise", "equipment", "other", "unknown")


def money(value: Decimal) -> float:
    return float(costs.cents(value))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date] | None:
    lower, upper = max(a[0], b[0]), min(a[1], b[1])
    return (lower, upper) if lower <= upper else None


def _read(path: Path) -> TimeSheet | Anomaly:
    try:
        return read_timesheet(path)
    except UnreadableForm as exc:
        return Anomaly(AnomalyKind.UNREADABLE, exc.reason, file=path.name)


def read_sheets(
    folder: Path, until: dt.date, unfilled: set[str], jobs: int = 1
) -> tuple[dict[str, dict[str, TimeSheet]], list[Anomaly]]:
    """Filled time sheets under `folder` up to the month of `until`, by agent and month
    (read on `jobs` processes)."""
    last = month_of(until)
    paths = []
    for path in sorted(folder.rglob("*.xlsx")) if folder.is_dir() else []:
        if path.name.startswith(("~$", ".~lock")) or "sauvegardes" in path.parts:
            continue
        match = FILE_NAME.match(path.name)
        if match and match.group("month") > last:
            continue
        if _sha(path) not in unfilled:
            paths.append(path)
    found: dict[str, dict[str, TimeSheet]] = defaultdict(dict)
    problems: list[Anomaly] = []
    for result in run_all([partial(_read, path) for path in paths], jobs):
        if isinstance(result, Anomaly):
            problems.append(result)
        elif result.month and result.month <= last:
            found[result.agent][result.month] = result
    return found, problems


def read_registers(
    folder: Path, start: dt.date, end: dt.date, unfilled: set[str]
) -> tuple[dict[str, Register], list[Anomaly]]:
    registers: dict[str, Register] = {}
    problems: list[Anomaly] = []
    for path in sorted(folder.glob("*_registre-depenses.xlsx")) if folder.is_dir() else []:
        if _sha(path) in unfilled:
            continue
        try:
            register = read_register(path, start, end)
        except UnreadableForm as exc:
            problems.append(Anomaly(AnomalyKind.UNREADABLE, exc.reason, file=path.name))
            continue
        registers[register.partner] = register
    return registers, problems


def compute(
    project: ProjectFile,
    period: str,
    sheets_dir: Path,
    expenses_dir: Path,
    unfilled: set[str] | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
) -> dict[str, Any]:
    p = project.project
    start, end = period_bounds(period, p.start, p.end)
    unfilled = unfilled or set()
    sheets, anomalies = read_sheets(sheets_dir, end, unfilled, jobs)
    registers, register_problems = read_registers(expenses_dir, p.start, p.end, unfilled)
    anomalies += register_problems
    known = {a.id for a in project.agents}
    for agent_id in sorted(set(sheets) - known):
        for sheet in sheets[agent_id].values():
            anomalies.append(
                Anomaly(AnomalyKind.UNREADABLE, f"agent `{agent_id}` inconnu du projet", agent_id, file=sheet.path.name)
            )

    agents_out = []
    staff: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"period": Decimal(0), "cumulative": Decimal(0)})
    for agent in project.agents:
        a_period = agent_period(project, agent)
        in_period = _overlap(a_period, (start, end))
        so_far = _overlap(a_period, (p.start, end))
        rate = costs.hourly_rate(agent.annual_gross_cost, agent.work_time_ratio, agent.hourly_rate_basis)
        entry: dict[str, Any] = {
            "id": agent.id,
            "name": agent.name,
            "partner": agent.partner,
            "mode": agent.allocation.mode,
        }
        if agent.allocation.mode == "hourly":
            mine = sheets.get(agent.id, {})
            expected = months(*in_period) if in_period else []
            hours: dict[str, float] = {}
            period_hours = Decimal(0)
            cumulative_hours = Decimal(0)
            holidays_cache: dict[int, dict] = {}
            employer = project.partner(agent.partner)
            for month, sheet in sorted(mine.items()):
                for day in sheet.days:
                    if day.date > end:
                        continue
                    cumulative_hours += Decimal(str(day.project_hours))
                    if day.date >= start:
                        period_hours += Decimal(str(day.project_hours))
                        for wp, h in day.hours.items():
                            if h:
                                hours[wp] = hours.get(wp, 0.0) + h
                if month in expected:
                    year = int(month[:4])
                    if year not in holidays_cache:
                        holidays_cache[year] = public_holidays(employer.country, employer.subdivision, year)
                    anomalies += sheet.problems
                    anomalies += sheet_anomalies(sheet, *a_period, agent.weekly_hours, holidays_cache[year])
            years = {start.year, end.year}
            basis = float(costs.hourly_rate_basis(agent.work_time_ratio, agent.hourly_rate_basis))
            anomalies += [
                a for a in annual_anomalies(agent.id, [s for m, s in mine.items() if int(m[:4]) in years], basis)
            ]
            missing = missing_months(agent.id, expected, mine)
            anomalies += missing
            cost = period_hours * rate
            cumulative = cumulative_hours * rate
            entry.update(
                hours={k: round(v, 2) for k, v in sorted(hours.items())},
                hours_total=round(float(period_hours), 2),
                hourly_rate=money(rate),
                cost=money(cost),
                months_missing=[a.date[:7] for a in missing],
            )
        else:
            share = Decimal(str(agent.allocation.share))
            months_on = len(months(*in_period)) if in_period else 0
            months_so_far = len(months(*so_far)) if so_far else 0
            cost = share * agent.annual_gross_cost * months_on / 12
            cumulative = share * agent.annual_gross_cost * months_so_far / 12
            entry.update(
                hours={},
                hours_total=0.0,
                hourly_rate=money(rate),
                cost=money(cost),
                months_missing=[],
                share=float(share),
                months_on_project=months_on,
            )
        staff[agent.partner]["period"] += costs.cents(cost)
        staff[agent.partner]["cumulative"] += costs.cents(cumulative)
        agents_out.append(entry)

    flat = project.budget.flat_rates
    budget = budget_by_partner(project)
    partners_out = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for partner in project.partners:
        register = registers.get(partner.id)
        period_other: dict[str, Decimal] = defaultdict(Decimal)
        cumulative_other: dict[str, Decimal] = defaultdict(Decimal)
        if register:
            for expense in register.expenses:
                if expense.date is None or expense.date > end:
                    continue
                category = expense.category or "unknown"
                cumulative_other[category] += expense.eligible
                if expense.date >= start:
                    period_other[category] += expense.eligible
            # Until fixed, a register's problems dated up to the period's end are reported (an expense
            # dated before the project would otherwise never appear in any bilan).
            anomalies += [a for a in register.problems if not a.date or a.date <= end.isoformat()]
        now = Spending.of(staff[partner.id]["period"], period_other, flat.office_admin, flat.indirect)
        acc = Spending.of(staff[partner.id]["cumulative"], cumulative_other, flat.office_admin, flat.indirect)
        planned = budget.get(partner.id, {})
        budget_total = sum(planned.values(), Decimal(0))
        budget_staff = planned.get("staff", Decimal(0))
        partners_out.append(
            {
                "id": partner.id,
                "name": partner.name,
                "observer": partner.observer,
                "staff_cost": money(now.staff),
                "other_costs": {c: money(now.other[c]) for c in OTHER_CATEGORIES if now.other.get(c)},
                "flat_rate_costs": {"office_admin": money(now.office), "indirect": money(now.indirect)},
                "total": money(now.total),
                "budget_staff": money(budget_staff),
                "budget_total": money(budget_total),
                "consumed": round(float(now.staff / budget_staff), 4) if budget_staff else 0.0,
                "consumed_total": round(float(now.total / budget_total), 4) if budget_total else 0.0,
                "cumulative": {
                    "staff_cost": money(acc.staff),
                    "other_costs": money(sum(acc.other.values(), Decimal(0))),
                    "flat_rate_costs": money(acc.office + acc.indirect),
                    "total": money(acc.total),
                    "consumed_total": round(float(acc.total / budget_total), 4) if budget_total else 0.0,
                },
            }
        )
        totals["staff_cost"] += costs.cents(now.staff)
        totals["other_costs"] += sum((costs.cents(v) for v in now.other.values()), Decimal(0))
        totals["flat_rate_costs"] += costs.cents(now.office) + costs.cents(now.indirect)
        totals["total"] += now.total
        totals["budget_total"] += budget_total
        totals["cumulative_total"] += acc.total

    today = today or dt.date.today()
    return {
        "project": p.id,
        "title": p.title,
        "programme": p.programme,
        "period": period,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "currency": p.currency,
        "agents": agents_out,
        "partners": partners_out,
        "work_packages": [
            {"id": wp.id, "title": wp.title, "hours": round(sum(a["hours"].get(wp.id, 0.0) for a in agents_out), 2)}
            for wp in project.work_packages
        ],
        "totals": {
            "hours": round(sum(a["hours_total"] for a in agents_out), 2),
            "staff_cost": money(totals["staff_cost"]),
            "other_costs": money(totals["other_costs"]),
            "flat_rate_costs": money(totals["flat_rate_costs"]),
            "total": money(totals["total"]),
            "budget_total": money(totals["budget_total"]),
            "cumulative_total": money(totals["cumulative_total"]),
            "consumed_cumulative": round(float(totals["cumulative_total"] / totals["budget_total"]), 4)
            if totals["budget_total"]
            else 0.0,
        },
        "milestones": [
            {"date": m.date.isoformat(), "title": m.title, "done": m.done, "late": not m.done and m.date < today}
            for m in project.milestones
            if start <= m.date <= end
        ],
        "deliverables": [
            {"wp": wp.id, "title": d.title, "due": d.due.isoformat()}
            for wp in project.work_packages
            for d in wp.deliverables
            if start <= d.due <= end
        ],
        "logbook": [
            {"date": e.date.isoformat(), "title": e.title, "text": e.text}
            for e in sorted(project.logbook, key=lambda e: e.date)
            if start <= e.date <= end
        ],
        "guide": guide_items(project),
        "anomalies": [a.as_dict() for a in sorted(anomalies, key=lambda a: (a.agent, a.date, a.kind, a.cell))],
    }


@dataclass
class Spending:
    """A partner's spending over some months: staff, other costs by category, flat rates."""

    staff: Decimal
    other: dict[str, Decimal]
    office: Decimal
    indirect: Decimal
    total: Decimal

    @classmethod
    def of(
        cls, staff: Decimal, other: dict[str, Decimal], office_rate: float | None, indirect_rate: float | None
    ) -> Spending:
        entered = sum(other.values(), Decimal(0))
        office, indirect = costs.flat_rate_costs(staff, entered, office_rate, indirect_rate)
        return cls(staff, other, office, indirect, costs.cents(staff + entered + office) + costs.cents(indirect))


def guide_items(project: ProjectFile) -> list[dict[str, Any]]:
    """The items of suivre-piloter, rendre-compte and anticiper-controles, open points of
    vigilance first (those not done nor without object)."""
    from coopdocs.guide import keep_for, walk

    guide = load_guide()
    transnational = project.project.cooperation == "transnationale"
    items = []
    for stage_id in BILAN_STAGES:
        stage = guide.stage(stage_id)
        for column in ("vigilance", "methods"):
            for item in walk(keep_for(getattr(stage, column), transnational)):
                items.append(
                    {
                        "id": item.id,
                        "text": item.text,
                        "stage": stage.title,
                        "vigilance": column == "vigilance",
                        "status": project.status(item.id),
                    }
                )

    def rank(item):
        open_ = item["status"] in ("a-faire", "en-cours")
        return (not (item["vigilance"] and open_), not open_)

    return sorted(items, key=rank)
