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
from coopdocs.guide import Guide, load_guide
from coopdocs.messages import Amount, did_you_mean, known_ids
from coopdocs.money import costs
from coopdocs.project.flat import written_amounts, written_rates
from coopdocs.project.source import Loaded


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


def _texts(value: Any) -> list[str]:
    """A text's variants: itself, or each language's of a `{fr: …, en: …}` text."""
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _ids(data: Any, key: str) -> list[Any] | None:
    """The ids of a list of objects, by position; None when the list itself is missing or
    malformed (already reported), so that references to it are not all reported again."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return None
    return [e.get("id") if isinstance(e, dict) else None for e in value]


def check(loaded: Loaded) -> list[Problem]:
    return list(_check(loaded))


def _check(loaded: Loaded) -> Iterator[Problem]:
    """Every rule, one concern after the other, in the order the problems are reported."""
    data = loaded.data
    guide = load_guide()
    partners, agents, wps = _ids(data, "partners"), _ids(data, "agents"), _ids(data, "work_packages")
    indicators = _ids(data, "indicators")
    ids = {"partners": partners, "agents": agents, "work_packages": wps, "meetings": _ids(data, "meetings")}
    ids["indicators"] = indicators
    yield from _duplicate_ids(loaded, ids)
    yield from _project_references(loaded, partners, guide)
    yield from _people_references(loaded, partners)
    yield from _budget_references(loaded, partners, wps)
    yield from _logbook_references(loaded, partners, guide)
    yield from _checklist_items(loaded, guide)
    yield from _meeting_references(loaded, partners)
    yield from _indicator_references(loaded, wps, indicators)
    yield from _dates_inside_project(loaded)
    yield from _observers_and_flat_rates(loaded)
    yield from _funding_within_costs(loaded)
    yield from _codes_and_versions(loaded)


def _section(data: Any, key: str) -> dict:
    """A top-level mapping (`project`, `budget`…), empty when malformed: that is reported elsewhere."""
    return data.get(key) if isinstance(data.get(key), dict) else {}


def _duplicate_ids(loaded: Loaded, ids_by_key: dict[str, list[Any] | None]) -> Iterator[Problem]:
    """Ids must be unique in their list: references to them would be ambiguous."""
    for key, ids in ids_by_key.items():
        for i, entry in _list(loaded.data, key):
            ident = entry.get("id")
            if ids is not None and isinstance(ident, str) and ids.index(ident) != i:
                args = {"id": ident, "list": key, "index": ids.index(ident)}
                yield loaded.problem_of((key, i, "id"), "duplicate-id", args)


def _codes_and_versions(loaded: Loaded) -> Iterator[Problem]:
    """Two work packages with one code would share a time sheet column's name; the version that
    prevails must be one the agreement is written in."""
    seen: dict[str, int] = {}
    for i, wp in _list(loaded.data, "work_packages"):
        code = wp.get("code", f"WP{i + 1}")  # the default code, by the package's place in the list
        if isinstance(code, str) and code.strip().casefold() in seen:
            given, args = "code" in wp, {"code": code, "other": seen[code.strip().casefold()]}
            where = ("work_packages", i, "code" if given else "id")
            yield loaded.problem_of(where, "code-taken" if given else "default-code-taken", args)
        elif isinstance(code, str):
            seen[code.strip().casefold()] = i
    agreement = _section(loaded.data, "agreement")
    languages, authentic = agreement.get("languages"), agreement.get("authentic")
    if isinstance(languages, list) and authentic in ("fr", "en") and authentic not in languages:
        written = ", ".join(str(x) for x in languages)
        yield loaded.problem_of(
            ("agreement", "authentic"), "authentic-not-written", {"lang": authentic, "written": written}
        )


def _reference(loaded: Loaded, path: tuple, value: Any, known: list[Any] | None, what: str) -> Iterator[Problem]:
    """A reference to an id that does not exist, with the nearest known id suggested. `what`: the
    kind of id, its problem `unknown-{what}` of the catalogue."""
    if known is None:
        return
    names = sorted({k for k in known if isinstance(k, str)}, key=known.index)
    if isinstance(value, str) and value not in names:
        known_ = known_ids(names, feminine=what in ("stage", "body"))
        args = {"id": value, "suggestion": did_you_mean(value, names), "known": known_}
        yield loaded.problem_of(path, f"unknown-{what}", args)


def _project_references(loaded: Loaded, partners: list[Any] | None, guide: Guide) -> Iterator[Problem]:
    """The lead partner is a partner of the file; the current stage is a stage of the guide."""
    project = _section(loaded.data, "project")
    yield from _reference(loaded, ("project", "lead_partner"), project.get("lead_partner"), partners, "partner")
    yield from _reference(loaded, ("project", "current_stage"), project.get("current_stage"), guide.stage_ids, "stage")


def _people_references(loaded: Loaded, partners: list[Any] | None) -> Iterator[Problem]:
    """Agents' employers, work package leads and governance members are partners of the file."""
    data = loaded.data
    for i, agent in _list(data, "agents"):
        yield from _reference(loaded, ("agents", i, "partner"), agent.get("partner"), partners, "partner")
    for i, wp in _list(data, "work_packages"):
        yield from _reference(loaded, ("work_packages", i, "lead"), wp.get("lead"), partners, "partner")
    for i, body in _list(_section(data, "governance"), "bodies"):
        members = body.get("members")
        for k, member in enumerate(members if isinstance(members, list) else []):
            yield from _reference(loaded, ("governance", "bodies", i, "members", k), member, partners, "partner")


def _budget_references(loaded: Loaded, partners: list[Any] | None, wps: list[Any] | None) -> Iterator[Problem]:
    """Budget lines and funding name partners and work packages of the file."""
    budget = _section(loaded.data, "budget")
    for i, line in _list(budget, "lines"):
        yield from _reference(loaded, ("budget", "lines", i, "partner"), line.get("partner"), partners, "partner")
        yield from _reference(loaded, ("budget", "lines", i, "wp"), line.get("wp"), wps, "work-package")
    for i, funding in _list(budget, "funding"):
        yield from _reference(loaded, ("budget", "funding", i, "partner"), funding.get("partner"), partners, "partner")


def _logbook_references(loaded: Loaded, partners: list[Any] | None, guide: Guide) -> Iterator[Problem]:
    """Logbook entries name stages of the guide and partners of the file."""
    for i, entry in _list(loaded.data, "logbook"):
        yield from _reference(loaded, ("logbook", i, "stage"), entry.get("stage"), guide.stage_ids, "stage")
        names = entry.get("partners")
        for k, name in enumerate(names if isinstance(names, list) else []):
            yield from _reference(loaded, ("logbook", i, "partners", k), name, partners, "partner")


def _checklist_items(loaded: Loaded, guide: Guide) -> Iterator[Problem]:
    """Checklist statuses are keyed by items of the guide; a typo would silently lose a status."""
    checklist = loaded.data.get("checklist")
    if not isinstance(checklist, dict):
        return
    item_ids = list(guide.item_ids)
    for item_id in checklist:
        if item_id not in guide.item_ids:
            args = {"id": item_id, "suggestion": did_you_mean(item_id, item_ids)}
            yield loaded.problem_of(("checklist", item_id), "unknown-item", args, key=True)


def _meeting_references(loaded: Loaded, partners: list[Any] | None) -> Iterator[Problem]:
    """A meeting is one of a governance body's; its attendees are members of that body; an action's
    `who` is a partner of the file."""
    bodies = {
        name: b.get("members")
        for _, b in _list(_section(loaded.data, "governance"), "bodies")
        for name in _texts(b.get("name"))
    }
    names = list(bodies) if isinstance(_section(loaded.data, "governance").get("bodies"), list) else None
    for i, meeting in _list(loaded.data, "meetings"):
        body = next(iter(_texts(meeting.get("body"))), meeting.get("body"))
        yield from _reference(loaded, ("meetings", i, "body"), body, names, "body")
        members = bodies.get(body) if isinstance(body, str) else None
        attendees = meeting.get("attendees")
        for k, who in enumerate(attendees if isinstance(attendees, list) else []):
            path = ("meetings", i, "attendees", k)
            if partners is not None and isinstance(who, str) and who not in partners:
                yield from _reference(loaded, path, who, partners, "partner")
            elif isinstance(members, list) and isinstance(who, str) and who not in members:
                listed = ", ".join(m for m in members if isinstance(m, str))
                yield loaded.problem_of(path, "not-a-member", {"who": who, "body": body, "members": listed})
        for k, action in _list(meeting, "actions"):
            yield from _reference(loaded, ("meetings", i, "actions", k, "who"), action.get("who"), partners, "partner")


def _indicator_references(loaded: Loaded, wps: list[Any] | None, indicators: list[Any] | None) -> Iterator[Problem]:
    """An indicator's work package is one of the file; the evaluation's indicators are the file's."""
    for i, indicator in _list(loaded.data, "indicators"):
        path = ("indicators", i, "work_package")
        yield from _reference(loaded, path, indicator.get("work_package"), wps, "work-package")
    evaluation = _section(loaded.data, "evaluation")
    chosen = evaluation.get("indicators")
    for k, ident in enumerate(chosen if isinstance(chosen, list) else []):
        yield from _reference(loaded, ("evaluation", "indicators", k), ident, indicators or [], "indicator")


def _dates_inside_project(loaded: Loaded) -> Iterator[Problem]:
    """Agents' periods, work packages and deliverables fall inside the project's dates."""
    data = loaded.data
    project = _section(data, "project")
    start, end = _date(project.get("start")), _date(project.get("end"))
    if not (start and end and start < end):
        return  # missing or inverted project dates are reported elsewhere
    for i, agent in _list(data, "agents"):
        yield from _outside(loaded, ("agents", i, "start"), agent.get("start"), "start", start, end)
        yield from _outside(loaded, ("agents", i, "end"), agent.get("end"), "end", start, end)
    for i, wp in _list(data, "work_packages"):
        yield from _outside(loaded, ("work_packages", i, "start"), wp.get("start"), "start", start, end)
        yield from _outside(loaded, ("work_packages", i, "end"), wp.get("end"), "end", start, end)
        for k, deliverable in _list(wp, "deliverables"):
            path = ("work_packages", i, "deliverables", k, "due")
            yield from _outside(loaded, path, deliverable.get("due"), "due", start, end)
    for i, meeting in _list(data, "meetings"):
        yield from _outside(loaded, ("meetings", i, "date"), meeting.get("date"), "meeting", start, end)
        for k, action in _list(meeting, "actions"):
            yield from _outside(loaded, ("meetings", i, "actions", k, "due"), action.get("due"), "due", start, end)


def _outside(loaded: Loaded, path: tuple, value: Any, what: str, start: dt.date, end: dt.date) -> Iterator[Problem]:
    """A date of the file outside the project's dates (`what`: start, end, due or meeting)."""
    day = _date(value)
    if day and not start <= day <= end:
        args = {"day": day.isoformat(), "start": start.isoformat(), "end": end.isoformat()}
        yield loaded.problem_of(path, f"{what}-outside", args)


def _observers(data: Any) -> list[Any]:
    """Ids of the partners marked `observer: true`: they follow the project without budget."""
    return [p.get("id") for _, p in _list(data, "partners") if p.get("observer") is True]


# A flat rate computes its category: that category is not also claimed as real costs (the
# catalogue's `covered-{rate}` says which article).
COVERED = {"staff": "staff", "travel": "travel", "office_admin": "office_admin", "indirect": "office_admin"}


def _line_refused(line: dict, flat: dict) -> str | None:
    """Why a budget line cannot stand beside the budget's flat rates (the catalogue's problem), or None."""
    category, kind = line.get("category"), line.get("kind", "real")
    if flat.get("remaining") is not None and category != "staff" and kind != "lump_sum":
        return "covered-remaining"
    for rate, covered in COVERED.items():
        if flat.get(rate) is not None and category == covered and kind != "lump_sum":
            return f"covered-{rate}"
    return None


def _observers_and_flat_rates(loaded: Loaded) -> Iterator[Problem]:
    """Observers have no budget line; flat rates (the budget's, and each partner's own) combine as
    the regulations allow, and a category computed by a partner's flat rate is not also entered
    for that partner."""
    data = loaded.data
    budget = _section(data, "budget")
    observers = _observers(data)
    places: list[tuple[tuple[str | int, ...], Any]] = [(("budget", "flat_rates"), budget.get("flat_rates"))]
    places += [(("partners", i, "flat_rates"), p.get("flat_rates")) for i, p in _list(data, "partners")]
    for place, rates in places:
        for rate, key, args in costs.combination_refusals(rates if isinstance(rates, dict) else {}):
            yield loaded.problem_of((*place, rate), key, args)
    for i, line in _list(budget, "lines"):
        partner = line.get("partner")
        if partner in observers:
            yield loaded.problem_of(("budget", "lines", i, "partner"), "observer-budget-line", {"id": partner})
        refused = _line_refused(line, written_rates(data, partner))
        if refused:
            yield loaded.problem_of(("budget", "lines", i, "category"), refused, {})


def _line_cost(line: dict) -> tuple[str, Decimal] | None:
    """A well-formed line's bucket and amount (a unit cost is units × price, rounded down)."""
    kind = line.get("kind", "real")
    if kind == "unit_cost":
        price, quantity = _amount(line.get("unit_cost")), _amount(line.get("quantity"))
        if price is None or quantity is None:
            return None
        return "unit_cost", costs.unit_cost_amount(price, quantity)
    amount, category = _amount(line.get("amount")), line.get("category")
    if amount is None or not isinstance(category, str) or kind not in ("real", "lump_sum"):
        return None
    return (category if kind == "real" else kind), amount


def _partner_costs(data: Any) -> dict[str, Decimal]:
    """Each partner's total costs, flat-rate categories computed with its own rates, from the
    well-formed budget lines (a line refused beside a flat rate is left out: it is reported, not
    counted)."""
    lines = []
    for _, line in _list(_section(data, "budget"), "lines"):
        partner, cost = line.get("partner"), _line_cost(line)
        if isinstance(partner, str) and cost is not None and _line_refused(line, written_rates(data, partner)) is None:
            lines.append((partner, *cost))
    computed = costs.costs_by_partner(lines, lambda partner: written_amounts(data, partner))
    return {p: sum(c.values(), Decimal(0)) for p, c in computed.items()}


def _funding_within_costs(loaded: Loaded) -> Iterator[Problem]:
    """Observers receive no funding, and no partner is funded above its costs."""
    budget = _section(loaded.data, "budget")
    observers = _observers(loaded.data)
    partner_costs = _partner_costs(loaded.data)
    funded: dict[str, Decimal] = {}
    last_line: dict[str, int] = {}
    for i, funding in _list(budget, "funding"):
        partner = funding.get("partner")
        if not isinstance(partner, str):
            continue
        if partner in observers:
            yield loaded.problem_of(("budget", "funding", i, "partner"), "observer-funding", {"id": partner})
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
            args = {"id": partner, "funded": Amount(total), "costs": Amount(cost)}
            yield loaded.problem_of(("budget", "funding", last_line[partner]), "funding-above-costs", args)
