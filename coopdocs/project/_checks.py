"""Checks across objects of a project file: references, dates, observers, funding.

They read the plain data (not the model) so that they run even when some field is
malformed: the user gets every problem of the file at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from coopdocs.errors import Problem
from coopdocs.formats import money
from coopdocs.guide import load_guide
from coopdocs.money import costs
from coopdocs.project._loader import Loaded
from coopdocs.words import known_list, suggest


def _list(data: Any, key: str) -> list[tuple[int, dict]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _ids(data: Any, key: str) -> list[Any] | None:
    """The ids of a list of objects, by position; None when the list itself is missing or
    malformed (already reported), so that references to it are not all reported again."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return None
    return [e.get("id") if isinstance(e, dict) else None for e in value]


def check(loaded: Loaded) -> list[Problem]:
    return list(_check(loaded))


def _check(loaded: Loaded) -> Iterator[Problem]:  # noqa: C901 - a flat list of rules reads best
    data = loaded.data
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    guide = load_guide()

    partners, agents, wps = _ids(data, "partners"), _ids(data, "agents"), _ids(data, "work_packages")
    for key, ids in (("partners", partners), ("agents", agents), ("work_packages", wps)):
        for i, entry in _list(data, key):
            ident = entry.get("id")
            if ids is not None and isinstance(ident, str) and ids.index(ident) != i:
                yield loaded.problem((key, i, "id"), f"identifiant `{ident}` déjà utilisé ({key}.{ids.index(ident)})")

    def ref(path: tuple, value: Any, known: list[str] | None, what: str) -> Iterator[Problem]:
        if known is None:
            return
        names = sorted({k for k in known if isinstance(k, str)}, key=known.index)
        feminine = what == "étape"
        if isinstance(value, str) and value not in names:
            unknown = "inconnue" if feminine else "inconnu"
            yield loaded.problem(
                path, f"{what} `{value}` {unknown}{suggest(value, names)} ({known_list(names, feminine)})"
            )

    yield from ref(("project", "lead_partner"), project.get("lead_partner"), partners, "partenaire")
    yield from ref(("project", "current_stage"), project.get("current_stage"), guide.stage_ids, "étape")
    for i, agent in _list(data, "agents"):
        yield from ref(("agents", i, "partner"), agent.get("partner"), partners, "partenaire")
    for i, wp in _list(data, "work_packages"):
        yield from ref(("work_packages", i, "lead"), wp.get("lead"), partners, "partenaire")
    governance = data.get("governance") if isinstance(data.get("governance"), dict) else {}
    for i, body in _list(governance, "bodies"):
        members = body.get("members")
        for k, member in enumerate(members if isinstance(members, list) else []):
            yield from ref(("governance", "bodies", i, "members", k), member, partners, "partenaire")
    budget = data.get("budget") if isinstance(data.get("budget"), dict) else {}
    for i, line in _list(budget, "lines"):
        yield from ref(("budget", "lines", i, "partner"), line.get("partner"), partners, "partenaire")
        yield from ref(("budget", "lines", i, "wp"), line.get("wp"), wps, "lot de travail")
    for i, funding in _list(budget, "funding"):
        yield from ref(("budget", "funding", i, "partner"), funding.get("partner"), partners, "partenaire")
    for i, entry in _list(data, "logbook"):
        yield from ref(("logbook", i, "stage"), entry.get("stage"), guide.stage_ids, "étape")
        names = entry.get("partners")
        for k, name in enumerate(names if isinstance(names, list) else []):
            yield from ref(("logbook", i, "partners", k), name, partners, "partenaire")
    checklist = data.get("checklist")
    if isinstance(checklist, dict):
        item_ids = list(guide.item_ids)
        for item_id in checklist:
            if item_id not in guide.item_ids:
                yield loaded.problem(
                    ("checklist", item_id),
                    f"point du guide `{item_id}` inconnu{suggest(item_id, item_ids)} "
                    "(la liste complète : coopdocs checklist)",
                    key=True,
                )

    # Dates inside the project's.
    start, end = _date(project.get("start")), _date(project.get("end"))
    if start and end and start < end:

        def inside(path: tuple, value: Any, what: str) -> Iterator[Problem]:
            day = _date(value)
            if day and not start <= day <= end:
                yield loaded.problem(
                    path, f"{what} {day.isoformat()} hors des dates du projet ({start.isoformat()} → {end.isoformat()})"
                )

        for i, agent in _list(data, "agents"):
            yield from inside(("agents", i, "start"), agent.get("start"), "début")
            yield from inside(("agents", i, "end"), agent.get("end"), "fin")
        for i, wp in _list(data, "work_packages"):
            yield from inside(("work_packages", i, "start"), wp.get("start"), "début")
            yield from inside(("work_packages", i, "end"), wp.get("end"), "fin")
            for k, deliverable in _list(wp, "deliverables"):
                yield from inside(("work_packages", i, "deliverables", k, "due"), deliverable.get("due"), "échéance")

    # Observers have no budget; funding never exceeds costs; flat-rate categories are computed.
    observers = [p.get("id") for _, p in _list(data, "partners") if p.get("observer") is True]
    flat: dict = budget["flat_rates"] if isinstance(budget.get("flat_rates"), dict) else {}
    lines = []
    for i, line in _list(budget, "lines"):
        partner, category, amount = line.get("partner"), line.get("category"), _amount(line.get("amount"))
        if partner in observers:
            yield loaded.problem(
                ("budget", "lines", i, "partner"),
                f"le partenaire `{partner}` est observateur : il n'a pas de ligne de budget",
            )
        if category == "office_admin" and flat.get("office_admin") is not None:
            yield loaded.problem(
                ("budget", "lines", i, "category"),
                "les frais de bureau sont calculés par le taux forfaitaire (flat_rates.office_admin) : "
                "retirez cette ligne ou le taux",
            )
            continue
        if isinstance(partner, str) and isinstance(category, str) and amount is not None:
            lines.append((partner, category, amount))
    office, indirect = _amount(flat.get("office_admin")), _amount(flat.get("indirect"))
    partner_costs = {
        p: sum(c.values(), Decimal(0))
        for p, c in costs.costs_by_partner(
            lines, float(office) if office is not None else None, float(indirect) if indirect is not None else None
        ).items()
    }
    funded: dict[str, Decimal] = {}
    last_line: dict[str, int] = {}
    for i, funding in _list(budget, "funding"):
        partner = funding.get("partner")
        if not isinstance(partner, str):
            continue
        if partner in observers:
            yield loaded.problem(
                ("budget", "funding", i, "partner"),
                f"le partenaire `{partner}` est observateur : il ne reçoit pas de financement",
            )
            continue
        rate, amount = _amount(funding.get("rate")), _amount(funding.get("amount"))
        cost = partner_costs.get(partner, Decimal(0))
        funded[partner] = funded.get(partner, Decimal(0)) + costs.funding_amount(
            cost, float(rate) if rate is not None else None, amount
        )
        last_line[partner] = i
    for partner, total in funded.items():
        cost = partner_costs.get(partner, Decimal(0))
        if costs.cents(total) > costs.cents(cost):
            yield loaded.problem(
                ("budget", "funding", last_line[partner]),
                f"le financement de `{partner}` ({money(total)}) dépasse ses coûts ({money(cost)})",
            )
