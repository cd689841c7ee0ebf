"""What is legal in the project file but contradictory in practice, said before anything is signed:
`validate` prints each warning at the line it concerns (exit 0; `--strict` makes them errors) and
`build` prints their count. Each message says what to change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coopdocs.errors import Problem
from coopdocs.messages import Amount, Arg, Phrase
from coopdocs.money import costs
from coopdocs.project import staff
from coopdocs.project.english_texts import french_only_texts
from coopdocs.project.model import Agent, FixedAllocation, Person, ProjectFile
from coopdocs.project.rule_warnings import rule_warnings
from coopdocs.project.source import Loaded

TOLERANCE = Decimal("0.9")  # mission letters committing less than 90 % of the staff budget


def project_warnings(project: ProjectFile, loaded: Loaded, today: dt.date | None = None) -> list[Problem]:
    """Every warning of the project, located in its file. `today`: the day a measure dated after
    is in the future (`validate --date`, else the machine's date)."""
    found: list[Problem] = []
    checks = (
        _staff_budget_against_letters,
        _signatures,
        _cooperation_kind,
        _observers_leading,
        _hours_without_budget,
        french_only_texts,
        rule_warnings,
        _subdivisions_without_holidays,
    )
    for check in checks:
        found += [loaded.problem_of(path, "warning", {"text": said}) for path, said in check(project)]
    indicators = _indicators(project, today or dt.date.today())
    found += [loaded.problem_of(path, "warning", {"text": said}) for path, said in indicators]
    found += [loaded.problem_of(path, "warning", {"text": said}) for path, said in examples_left(loaded.data)]
    return found


def examples_left(data: object, path: tuple[str | int, ...] = ()) -> Found:
    """Each stand-in `coopdocs init` wrote (« Prénom Nom ») still in the file: replace it."""
    from coopdocs.project.init import EXAMPLE_TEXTS

    if isinstance(data, str):
        return (
            [(path, Phrase("example-left", {"text": ", ".join(data.split("\n")).strip(", ")}))]
            if data in EXAMPLE_TEXTS
            else []
        )
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in examples_left(value, (*path, str(key)))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in examples_left(value, (*path, i))]
    return []


# Where, and what the catalogue says there (group `problem`; `warning` puts « avertissement : » before it).
Found = list[tuple[tuple[str | int, ...], Phrase]]


def _staff_budget_against_letters(project: ProjectFile) -> Found:
    """A partner's staff budget against what its agents' mission letters commit over the project."""
    found: Found = []
    cur = project.project.currency
    for partner in project.partners:
        lines = [(i, line) for i, line in enumerate(project.budget.lines) if line.partner == partner.id]
        staff_lines = [(i, line) for i, line in lines if line.category == "staff"]
        budget = sum((line.cost for _, line in staff_lines), Decimal(0))
        agents = [a for a in project.agents if a.partner == partner.id]
        if not staff_lines or not agents:
            continue
        committed = sum((_committed(project, a) for a in agents), Decimal(0))
        where = ("budget", "lines", staff_lines[0][0], "amount")
        args: dict[str, Arg] = {"id": partner.id, "committed": Amount(committed, cur), "budget": Amount(budget, cur)}
        if committed > budget:
            found.append((where, Phrase("letters-above-budget", args)))
        elif committed < budget * TOLERANCE:
            found.append((where, Phrase("letters-below-budget", args)))
    return found


def _committed(project: ProjectFile, agent: Agent) -> Decimal:
    """What an agent's mission letter commits over its whole period on the project."""
    start, end = staff.period_of(project, agent)
    if isinstance(agent.allocation, FixedAllocation):
        return staff.fixed_share_cost_between(project, agent, agent.allocation, start, end)
    return costs.cents(Decimal(str(agent.allocation.hours_planned)) * staff.rate_on(project, agent, start))


def _signatures(project: ProjectFile) -> Found:
    """A mission letter signed twice by the same person, a time sheet approved by its own agent."""
    found: Found = []
    for i, agent in enumerate(project.agents):
        if _same(agent.supervisor.name, agent.name):
            found.append((("agents", i, "supervisor", "name"), Phrase("own-approval", {"name": str(agent.name)})))
    return found + unsignable_letters(project)


def employer_signatory(project: ProjectFile, agent: Agent) -> Person | None:
    """Who signs an agent's mission letter and amendments for the employer: `employer_signatory`,
    else the employer's (or its host body's) legal representative."""
    if agent.employer_signatory is not None:
        return agent.employer_signatory
    employer = next((p for p in project.partners if p.id == agent.partner), None)
    return (employer.host_body or employer).representative if employer else None


def unsignable_letters(project: ProjectFile) -> Found:
    """A mission letter the agent would sign on both sides: `build` refuses it (issue 23)."""
    found: Found = []
    for i, agent in enumerate(project.agents):
        signer = employer_signatory(project, agent)
        if signer and _same(signer.name, agent.name):
            key = ("agents", i, "employer_signatory", "name") if agent.employer_signatory else ("agents", i, "name")
            found.append((key, Phrase("signs-both-sides", {"name": str(agent.name)})))
    return found


def _cooperation_kind(project: ProjectFile) -> Found:
    """Interreg VI-A programmes are cross-border, not transnational."""
    programme = project.project.programme.replace(" ", "").upper()
    if "VI-A" in programme and project.project.cooperation == "transnationale":
        return [(("project", "cooperation"), Phrase("cross-border-programme"))]
    return []


def _observers_leading(project: ProjectFile) -> Found:
    """An observer takes part without funding: it cannot carry a work package."""
    observers = {p.id for p in project.partners if p.observer}
    return [
        (("work_packages", i, "lead"), Phrase("observer-leads", {"wp": wp.id, "lead": wp.lead}))
        for i, wp in enumerate(project.work_packages)
        if wp.lead in observers
    ]


def _hours_without_budget(project: ProjectFile) -> Found:
    """An agent's time sheets offer every work package the employer leads (or every one, when
    neither its budget lines nor the leads name one): hours charged to a package where the
    employer has no budget line have nothing to be paid from. Skipped when the employer's staff
    budget is not split by work package (a staff line without `wp`)."""

    found: Found = []
    index = {wp.id: i for i, wp in enumerate(project.work_packages)}
    for a, agent in enumerate(project.agents):
        lines = [line for line in project.budget.lines if line.partner == agent.partner]
        if not staff.keeps_timesheets(project, agent) or any(
            line.category == "staff" and not line.wp for line in lines
        ):
            continue
        funded = {line.wp for line in lines if line.wp}
        for wp_id in sorted(staff.agent_work_packages(project, agent) - funded, key=index.__getitem__):
            wp = project.work_packages[index[wp_id]]
            where: tuple[str | int, ...] = ("work_packages", index[wp_id], "lead")
            if wp.lead != agent.partner:
                where = ("agents", a, "partner")
            args = {"name": str(agent.name), "wp": wp_id, "partner": agent.partner}
            found.append((where, Phrase("hours-without-budget", args)))
    return found


def _subdivisions_without_holidays(project: ProjectFile) -> Found:
    """A subdivision the holidays package has no holidays for (FR-05) is taken: its time sheets
    then count the country's public holidays only (Alsace-Moselle's Good Friday needs FR-57)."""
    from coopdocs.calendar import known_subdivisions

    found: Found = []
    for p, partner in enumerate(project.partners):
        known = known_subdivisions(partner.country) if partner.subdivision else None
        if known is not None and partner.subdivision not in known:
            args = {"subdivision": str(partner.subdivision), "id": partner.id, "known": ", ".join(known)}
            found.append((("partners", p, "subdivision"), Phrase("subdivision-without-holidays", args)))
    return found


def _same(a: str, b: str) -> bool:
    """The same person's name, written alike; two stand-ins (« Prénom Nom ») are nobody yet."""
    from coopdocs.project.init import EXAMPLE_TEXTS

    return " ".join(a.casefold().split()) == " ".join(b.casefold().split()) and str(a) not in EXAMPLE_TEXTS


def _indicators(project: ProjectFile, today: dt.date) -> Found:
    """An indicator without a target says nothing of progress; a target dated outside the project
    cannot be reported on; a value measured after today is a typo."""
    found: Found = []
    start, end = project.project.start, project.project.end
    for i, indicator in enumerate(project.indicators):
        name = str(indicator.name)
        if indicator.target is None:
            found.append((("indicators", i, "id"), Phrase("indicator-without-target", {"name": name})))
        when = indicator.target_date
        if when is not None and not start <= when <= end:
            args: dict[str, Arg] = {"name": name, "when": when, "start": start, "end": end}
            found.append((("indicators", i, "target_date"), Phrase("target-outside", args)))
        for k, measure in enumerate(indicator.values):
            if measure.date > today:
                args_: dict[str, Arg] = {"name": name, "day": measure.date, "today": today}
                found.append((("indicators", i, "values", k, "date"), Phrase("measured-in-future", args_)))
    return found
