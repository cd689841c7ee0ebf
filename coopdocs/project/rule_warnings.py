"""Warnings on the programme's cost rules: a rule the regulation sets is cited for the programmes
it governs only (Reg. (EU) 2021/1060 and 2021/1059 govern Interreg, not FEADER), and a rule the
project must state itself is said while it is only coopdocs' default (DESIGN: never an invented
default)."""

from __future__ import annotations

from coopdocs.messages import Phrase
from coopdocs.project.model import HourlyAllocation, ProjectFile

STANDARD_HOURS = 1720  # Reg. (EU) 2021/1060, art. 55(2)(a): the annual hours of a full-time person

Found = list[tuple[tuple[str | int, ...], Phrase]]


def rule_warnings(project: ProjectFile) -> Found:
    """The hours basis and the travel flat rate, against the programme's legal model."""
    return _hours_basis(project) + _travel_flat_rate(project)


def _hours_basis(project: ProjectFile) -> Found:
    """Interreg: another basis than 1 720 h departs from CPR art. 55(2)(a). LEADER and other
    programmes: the basis is the programme's or the national rule, which the project states;
    while it is the default, the mission letters would show a figure nobody decided."""
    info = project.project
    hourly = [a for a in project.agents if isinstance(a.allocation, HourlyAllocation) and a.hourly_rate_basis is None]
    if not hourly or info.rules.rate_method != "annual":
        return []
    where: tuple[str | int, ...] = ("project", "rules", "hours_basis")
    if info.legal_model == "interreg":
        if info.rules.hours_basis != STANDARD_HOURS:
            return [(where, Phrase("hours-basis-interreg", {"hours": info.rules.hours_basis}))]
        return []
    if "hours_basis" not in info.rules.model_fields_set:
        return [(("project", "rules"), Phrase("hours-basis-default"))]
    return []


def _travel_flat_rate(project: ProjectFile) -> Found:
    """The 15 % travel flat rate on staff costs is Interreg's (Reg. (EU) 2021/1059, art. 41(5));
    another programme allows one only if its own rules say so."""
    if project.project.legal_model == "interreg":
        return []
    found: Found = []
    if project.budget.flat_rates.travel is not None:
        found.append((("budget", "flat_rates", "travel"), Phrase("travel-flat-rate-outside-interreg")))
    for i, partner in enumerate(project.partners):
        if partner.flat_rates is not None and partner.flat_rates.travel is not None:
            found.append((("partners", i, "flat_rates", "travel"), Phrase("travel-flat-rate-outside-interreg")))
    return found
