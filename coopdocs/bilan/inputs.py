"""Reading the inputs of a bilan: the filled time sheets up to the period's end and the expense
registers, with the problems met reading them. A form still as coopdocs generated it (its sha256 is
the manifest's) is not filled and is not read."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from coopdocs.calendar import month_of, period_bounds
from coopdocs.forms.anomalies import Anomaly, AnomalyKind, UnreadableForm
from coopdocs.forms.expense_reader import Register, read_register
from coopdocs.forms.timesheet_form import FILE_NAME
from coopdocs.forms.timesheet_reader import TimeSheet, read_timesheet
from coopdocs.messages import Arg, Phrase
from coopdocs.office.parallel import run_all
from coopdocs.office.reproducible import is_sealed
from coopdocs.project.model import ProjectFile
from coopdocs.words import closest

Sheets = dict[str, dict[str, TimeSheet]]


def _blank(path: Path, unfilled: set[str]) -> bool:
    """A form nobody filled: still sealed as coopdocs wrote it (whatever became of manifest.json),
    or, for a form written before seals, the sha256 the manifest recorded."""
    data = path.read_bytes()
    return is_sealed(data) or hashlib.sha256(data).hexdigest() in unfilled


def _read(path: Path) -> TimeSheet | Anomaly:
    try:
        return read_timesheet(path)
    except UnreadableForm as exc:
        return Anomaly(AnomalyKind.UNREADABLE, {"reason": exc.reason}, file=path.name)


def read_sheets(
    folder: Path, until: dt.date, unfilled: set[str], jobs: int = 1
) -> tuple[Sheets, dict[str, set[str]], list[Anomaly]]:
    """Filled time sheets under `folder` up to the month of `until`, by agent and month (read on
    `jobs` processes). Two files for one agent-month are both reported and neither is read: the
    month is blocked until one is removed. A sheet whose identity disagrees with its file is not read."""
    last = month_of(until)
    paths = []
    for path in sorted(folder.rglob("*.xlsx")) if folder.is_dir() else []:
        if path.name.startswith(("~$", ".~lock")) or "sauvegardes" in path.parts:
            continue
        match = FILE_NAME.match(path.name)
        if match and match.group("month") > last:
            continue
        if not _blank(path, unfilled):
            paths.append(path)
    by_month: dict[tuple[str, str], list[TimeSheet]] = defaultdict(list)
    problems: list[Anomaly] = []
    for result in run_all([partial(_read, path) for path in paths], jobs):
        if isinstance(result, Anomaly):
            problems.append(result)
            continue
        problems += result.problems
        if not result.foreign and result.month and result.month <= last:
            by_month[(result.agent, result.month)].append(result)
    found: Sheets = defaultdict(dict)
    blocked: dict[str, set[str]] = defaultdict(set)
    for (agent, month), sheets in sorted(by_month.items()):
        if len(sheets) == 1:
            found[agent][month] = sheets[0]
            continue
        names = ", ".join(_shown(s.path, folder) for s in sheets)
        args: dict[str, Arg] = {"count": len(sheets), "agent": agent, "month": month, "names": names}
        for sheet in sheets:
            problems.append(
                Anomaly(AnomalyKind.DUPLICATE_SHEET, args, agent, file=_shown(sheet.path, folder), month=month)
            )
        blocked[agent].add(month)
    return found, blocked, problems


def _shown(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name


def read_registers(
    project: ProjectFile, folder: Path, start: dt.date, end: dt.date, unfilled: set[str]
) -> tuple[dict[str, Register], list[Anomaly]]:
    """Each partner's filled register. A register of an unknown partner, or two for one partner,
    are reported and not counted (neither is chosen silently)."""
    known = [p.id for p in project.partners]
    by_partner: dict[str, list[Register]] = defaultdict(list)
    problems: list[Anomaly] = []
    for path in sorted(folder.rglob("*.xlsx")) if folder.is_dir() else []:
        if path.name.startswith(("~$", ".~lock")) or "sauvegardes" in path.parts or _blank(path, unfilled):
            continue
        try:
            register = read_register(path, start, end)
        except UnreadableForm as exc:
            problems.append(Anomaly(AnomalyKind.UNREADABLE, {"reason": exc.reason}, file=path.name))
            continue
        if register.partner not in known:
            close = closest(register.partner, known)
            hint: Arg = Phrase("did-you-mean", {"id": close}) if close else ""
            args: dict[str, Arg] = {"partner": register.partner, "suggestion": hint}
            problems.append(Anomaly(AnomalyKind.UNKNOWN_PARTNER, args, file=path.name, partner=register.partner))
            continue
        by_partner[register.partner].append(register)
    registers: dict[str, Register] = {}
    for partner, found in sorted(by_partner.items()):
        if len(found) == 1:
            registers[partner] = found[0]
            continue
        names = ", ".join(_shown(r.path, folder) for r in found)
        said: dict[str, Arg] = {"count": len(found), "partner": partner, "names": names}
        for register in found:
            problems.append(
                Anomaly(AnomalyKind.DUPLICATE_REGISTER, said, file=_shown(register.path, folder), partner=partner)
            )
    return registers, problems


@dataclass
class Inputs:
    """What the period's figures are computed from; `anomalies` grows as the figures are computed."""

    start: dt.date
    end: dt.date
    sheets: Sheets
    registers: dict[str, Register]
    anomalies: list[Anomaly] = field(default_factory=list)
    blocked: dict[str, set[str]] = field(default_factory=dict)  # agent → months with two sheets
    approved: set[tuple[str, str]] | None = None  # (agent, month) approved by the supervisor, if known


def approved_months(out_dir: Path) -> set[tuple[str, str]]:
    """(agent, month) of each time sheet approved by the supervisor, unchanged since (the sheet's
    life, coopdocs/forms/sheet_life.py, is the one place that says)."""
    from coopdocs.forms.sheet_life import approved_months as approved

    return approved(out_dir)


def read_inputs(
    project: ProjectFile, period: str, sheets_dir: Path, expenses_dir: Path, unfilled: set[str], jobs: int = 1
) -> Inputs:
    """The filled sheets up to the period's end and the registers, with the problems of reading them."""
    p = project.project
    start, end = period_bounds(period, p.start, p.end)
    sheets, blocked, anomalies = read_sheets(sheets_dir, end, unfilled, jobs)
    registers, register_problems = read_registers(project, expenses_dir, p.start, p.end, unfilled)
    anomalies += register_problems
    known = {a.id for a in project.agents}
    for agent_id in sorted(set(sheets) - known):
        for sheet in sheets[agent_id].values():
            said = {"agent": agent_id}
            anomalies.append(Anomaly(AnomalyKind.UNREADABLE, said, agent_id, file=sheet.path.name, key="unknown-agent"))
    return Inputs(start, end, sheets, registers, anomalies, blocked)
