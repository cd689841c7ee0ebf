"""The « Liste de contrôle » of a claim: the points a controller checks (staff costs, flat rates,
real costs, public procurement, state aid, visibility, double funding, archiving), each answered
in advance where coopdocs can decide it from what it knows (« vérifié automatiquement : … »), left
to the controller otherwise. coopdocs never answers « non » for the controller: a point it finds
wrong is said, and left to answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from coopdocs.control.lines import ClaimLines, Line
from coopdocs.formats import percent
from coopdocs.forms.sheet_life import SheetState, status
from coopdocs.forms.sheet_signatures import early_signatures
from coopdocs.money.costs import FLAT_RULES
from coopdocs.project.model import ProjectFile
from coopdocs.words import label, words

YES, NO, NOT_APPLICABLE = "yes", "no", "na"
PROCUREMENT_WORDS = "(commande publique)"  # in the French text of every procurement point (the claim's record)
THEMES = ("staff", "flat", "real", "procurement", "state_aid", "visibility", "double", "archive")
POINTS = (
    ("staff_method", "staff"),
    ("staff_basis", "staff"),
    ("staff_sheets", "staff"),
    ("staff_fixed", "staff"),
    ("flat_rate", "flat"),
    ("flat_overlap", "flat"),
    ("real_invoice", "real"),
    ("real_proof", "real"),
    ("real_paid", "real"),
    ("real_vat", "real"),
    ("procurement_threshold", "procurement"),
    ("procurement_quotes", "procurement"),
    ("state_aid", "state_aid"),
    ("visibility", "visibility"),
    ("double", "double"),
    ("archive", "archive"),
)


@dataclass
class Point:
    key: str
    theme: str
    text: str
    auto: str = ""  # what coopdocs checked, or ""
    answer: str = ""  # YES / NOT_APPLICABLE when coopdocs decided it, else ""


def answers(lang: str) -> dict[str, str]:
    w = words("control", lang)
    return {YES: w["yes"], NO: w["no"], NOT_APPLICABLE: w["not_applicable"]}


def checklist(project: ProjectFile, claim: ClaimLines, out_dir: Path, lang: str) -> list[Point]:
    """Every point, pre-filled where coopdocs decides it (the procurement point from the points
    the register checks raised on the claim's invoices)."""
    w = words("control_check", lang)
    points = {key: Point(key, theme, w[key]) for key, theme in POINTS}
    if project.project.legal_model == "interreg":  # the CPR governs: its article is cited
        points["staff_method"].text = w["staff_method_interreg"]
    _staff(project, claim, out_dir, lang, points)
    _flat(project, claim, lang, points)
    _real(project, claim, lang, points)
    _procurement(project, claim, lang, points)
    if project.project.with_eu_emblem:
        _auto(points["visibility"], w["auto_emblem"])
    points["archive"].auto = w["auto_archive"].format(years=project.reporting.retention_years)
    earlier = w["auto_double_earlier"].format(count=claim.number - 1) if claim.number > 1 else ""
    _auto(points["double"], w["auto_double"].format(count=len(claim.own)) + earlier)
    return [points[key] for key, _theme in POINTS]


def _auto(point: Point, said: str, answer: str = YES) -> None:
    point.auto, point.answer = said, answer


def _nothing_to_check(points: dict[str, Point], keys: tuple[str, ...], said: str) -> None:
    """A theme the claim holds nothing of (no staff, no flat rate, no invoice): each of its
    points answered « sans objet », for the one reason given."""
    for key in keys:
        _auto(points[key], said, NOT_APPLICABLE)


def _staff(project: ProjectFile, claim: ClaimLines, out_dir: Path, lang: str, points: dict[str, Point]) -> None:
    w = words("control_check", lang)
    staff = [line for line in claim.lines if line.kind == "staff"]
    if not staff:
        _nothing_to_check(points, ("staff_method", "staff_basis", "staff_sheets", "staff_fixed"), w["auto_no_staff"])
        return
    rules, interreg = project.project.rules, project.project.legal_model == "interreg"
    hourly_lines = [line for line in staff if "lettre-mission" not in line.source]
    fixed_lines = [line for line in staff if "lettre-mission" in line.source]
    said = []
    if hourly_lines:
        article = label("control", f"method_{rules.rate_method}", lang) if interreg else w["programme_rule"]
        said.append(w["auto_method"].format(article=article))
    if fixed_lines:
        said.append(w["auto_method_fixed"].format(article=w["fixed_article"] if interreg else w["programme_rule"]))
    _auto(points["staff_method"], " ; ".join(said))
    if not hourly_lines:
        _auto(points["staff_basis"], w["auto_no_hourly"], NOT_APPLICABLE)
    elif "hours_basis" in rules.model_fields_set or interreg:
        _auto(points["staff_basis"], w["auto_basis"].format(hours=f"{rules.hours_basis:g}"))
    hourly = sorted({(line.agent, line.key.split("|")[-1]) for line in staff if "lettre-mission" not in line.source})
    if hourly:
        _sheets(project, hourly, out_dir, lang, points["staff_sheets"])
    else:
        _auto(points["staff_sheets"], w["auto_no_sheets"], NOT_APPLICABLE)
    fixed = {line.agent for line in staff if "lettre-mission" in line.source}
    if fixed:
        agents = {a.id: a for a in project.agents}
        names = ", ".join(str(agents[a].name) for a in sorted(fixed) if a in agents)
        _auto(points["staff_fixed"], w["auto_fixed"].format(names=names))
    else:
        _auto(points["staff_fixed"], w["auto_no_fixed"], NOT_APPLICABLE)


def _sheets(project: ProjectFile, months: list[tuple[str, str]], out_dir: Path, lang: str, point: Point) -> None:
    """Each (agent, month) of the claim signed and approved, unchanged since, and neither signed
    nor approved before the month's last day; else what is not, left to the controller."""
    w = words("control_check", lang)
    states = [status(out_dir, agent, month) for agent, month in months]
    approved = [s for s in states if s.state == SheetState.APPROUVEE and not s.changed]
    names = {a.id: a.name for a in project.agents}
    early = [a.text(lang) for s in approved for a in early_signatures(s, names.get(s.agent, s.agent))]
    said = []
    if len(approved) < len(states):
        missing = ", ".join(f"{s.month}" for s in states if s not in approved)
        said.append(w["auto_sheets_missing"].format(count=len(states) - len(approved), of=len(states), months=missing))
    if early:
        said.append(w["auto_sheets_early"].format(points=" ; ".join(early)))
    if said:
        point.auto = " ; ".join(said)
    else:
        _auto(point, w["auto_sheets"].format(count=len(states)))


def _flat(project: ProjectFile, claim: ClaimLines, lang: str, points: dict[str, Point]) -> None:
    w = words("control_check", lang)
    flats = [line for line in claim.own if line.kind == "flat"]
    if not flats:
        _nothing_to_check(points, ("flat_rate", "flat_overlap"), w["auto_no_flat"])
        return
    said = []
    for line in flats:
        article = FLAT_RULES[line.category].article if project.project.legal_model == "interreg" else ""
        rate = percent(float(line.rate), lang)
        said.append(f"{label('category', line.category, lang)} {rate}" + (f" ({article})" if article else ""))
    _auto(points["flat_rate"], w["auto_flat"].format(rates=", ".join(said)))
    _auto(points["flat_overlap"], w["auto_overlap"])


def _real(project: ProjectFile, claim: ClaimLines, lang: str, points: dict[str, Point]) -> None:
    w = words("control_check", lang)
    invoices = [line for line in claim.own if line.kind == "invoice"]
    if not invoices:
        _nothing_to_check(points, ("real_invoice", "real_proof", "real_paid", "real_vat"), w["auto_no_invoice"])
        return
    _auto(points["real_invoice"], w["auto_invoice"].format(count=len(invoices)))
    _paid(project, claim, invoices, lang, points["real_paid"])


def _paid(project: ProjectFile, claim: ClaimLines, invoices: list[Line], lang: str, point: Point) -> None:
    """Paid within the eligibility period and before the claim: from the register's payment dates."""
    w = words("control_check", lang)
    start, end = project.project.eligible_from, claim.date
    unpaid = [line for line in invoices if not line.paid]
    outside = [line for line in invoices if line.paid and not start <= dt.date.fromisoformat(line.paid) <= end]
    if not unpaid and not outside:
        _auto(point, w["auto_paid"].format(count=len(invoices), start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"))
    elif any(line.paid for line in invoices):  # a claim recorded before coopdocs control has no dates
        names = " ; ".join(line.what.split(" :")[0] for line in [*unpaid, *outside])
        point.auto = w["auto_paid_missing"].format(lines=names)


def _procurement(project: ProjectFile, claim: ClaimLines, lang: str, points: dict[str, Point]) -> None:
    """Against the project's thresholds (rules.procurement): the invoices the register checks
    flagged (their points « à vérifier », kept in the claim's record, say « commande publique »)."""
    w = words("control_check", lang)
    rule = project.project.rules.procurement
    if rule.quote_threshold is None and rule.tender_threshold is None:
        points["procurement_threshold"].auto = w["auto_no_rule"]
        return
    flagged = [line.what.split(" :")[0] for line in claim.own if PROCUREMENT_WORDS in line.found]
    if flagged:
        points["procurement_threshold"].auto = w["auto_procurement_found"].format(points=" ; ".join(flagged))
    else:
        _auto(points["procurement_threshold"], w["auto_procurement"])
