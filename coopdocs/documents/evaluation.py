"""What the evaluation plan (suivi/plan-evaluation.docx) and the experience sheet
(capitalisation/fiche-experience.docx) show: pure functions of the project in one language.

The plan is the team's and the steering committee's: who evaluates, the questions, the
indicators that answer them, when, and how the results reach the governance bodies. The sheet is
for people outside the project (the guide: « attention à la lisibilité, au jargon … pensez à
vulgariser »): the project in a page, its partners on a map, what was done, the results against
the targets, what was learnt, what comes next, whom to contact.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from coopdocs.documents._picture import Picture
from coopdocs.documents._values import city, country_name
from coopdocs.documents.context import Builder
from coopdocs.documents.kind_contexts import (
    ContactRow,
    DoneRow,
    EvaluationExtra,
    ExperienceExtra,
    IndicatorRow,
    PlaceRow,
    ResultRow,
)
from coopdocs.documents.partner_map import Place, map_png, places
from coopdocs.formats import long_date, percent, quantity
from coopdocs.project.evaluation import Indicator, work_package_code
from coopdocs.project.model import ProjectFile
from coopdocs.words import words

MAP_WIDTH_MM = 125


def _sources(indicator: Indicator) -> str:
    return "; ".join(dict.fromkeys(str(m.source) for m in indicator.values if m.source))  # « ; » in French


def chosen_indicators(project: ProjectFile) -> list[Indicator]:
    """The indicators the evaluation names (every one when it names none), in the file's order."""
    evaluation = project.evaluation
    wanted = evaluation.indicators if evaluation and evaluation.indicators is not None else None
    return [i for i in project.indicators if wanted is None or i.id in wanted]


def indicator_row(project: ProjectFile, indicator: Indicator, lang: str) -> IndicatorRow:
    w = words("evaluation", lang)
    target = w["no_target"] if indicator.target is None else quantity(indicator.target, indicator.unit, lang)
    if indicator.target is not None and indicator.target_date:
        target = w["target_on"].format(target=target, date=long_date(indicator.target_date, lang))
    return {
        "name": indicator.name,
        "code": indicator.code or "",
        "code_text": f" ({indicator.code})" if indicator.code else "",
        "kind": w[indicator.kind],
        "unit": indicator.unit,
        "wp": work_package_code(project.work_packages, indicator.work_package),
        "baseline": quantity(indicator.start_value, indicator.unit, lang),
        "target": target,
        "sources": _sources(indicator) or w["no_source"],
    }


def _presented_at(b: Builder, day: dt.date) -> str:
    """Where a time of the evaluation is presented: the first meeting of a body on or after it,
    else the next meeting of the first body (its name, in the document's language)."""
    project, lang = b.project, b.lang
    w = words("evaluation", lang)
    after = sorted((m for m in b.source.meetings if m.date >= day), key=lambda m: m.date)
    if after:
        return w["meeting_on"].format(body=_body_name(b, after[0].body), date=long_date(after[0].date, lang))
    bodies = project.governance.bodies
    return w["next_meeting"].format(body=bodies[0].name) if bodies else ""


def _body_name(b: Builder, named: str) -> str:
    """A meeting's body as the document's language names it (a meeting names it in one language)."""
    for source, local in zip(b.source.governance.bodies, b.project.governance.bodies, strict=True):
        if named in (str(source.name), *getattr(source.name, "texts", {}).values()):
            return str(local.name)
    return named


def evaluation_context(b: Builder) -> EvaluationExtra:
    """suivi/plan-evaluation.docx (only when `evaluation` is given)."""
    project, lang = b.project, b.lang
    w = words("evaluation", lang)
    evaluation = project.evaluation
    assert evaluation is not None
    milestones = sorted(evaluation.milestones, key=lambda m: m.date)
    return {
        "evaluation": {
            "evaluator": {
                "name": evaluation.evaluator.name,
                "kind": evaluation.evaluator.kind,
                "kind_text": w[f"evaluator_{evaluation.evaluator.kind}"],
            },
            "questions": list(evaluation.questions),
            "indicators": [indicator_row(project, i, lang) for i in chosen_indicators(project)],
            "milestones": [{"date": m.date, "what": m.what, "presented": _presented_at(b, m.date)} for m in milestones],
            "no_indicator": w["no_indicator"],
            "no_milestone": w["no_milestone"],
        },
        "bodies": b.governance()["bodies"],  # `reporting` is the base's
    }


# ---- the experience sheet -----------------------------------------------------------------------


def draw_map(found: tuple[Place, ...]) -> bytes:
    return map_png(list(found))


def partners_on_map(b: Builder) -> tuple[list[Place], list[PlaceRow]]:
    found = places(b.project)
    by_number = {p.number: p for p in found}
    rows: list[PlaceRow] = []
    for number_, partner in enumerate(b.project.partners, start=1):
        town = city(partner.address)
        country = country_name(partner.country, b.lang)
        rows.append(
            {
                "number": str(number_) if number_ in by_number else "",
                "name": partner.name,
                "label": f"{number_}. {partner.name}" if number_ in by_number else str(partner.name),
                "where": f"{town} ({country})" if town else country,
                "role": partner.role or "",
            }
        )
    return found, rows


def result_row(indicator: Indicator, lang: str) -> ResultRow:
    """An indicator in plain words: what is measured, the goal, where it stands now."""
    w = words("experience", lang)
    last = indicator.last_measure()
    goal = w["no_goal"] if indicator.target is None else quantity(indicator.target, indicator.unit, lang)
    if last is None:
        reached = w["not_yet"]
    else:
        reached = w["reached_on"].format(
            value=quantity(last.value, indicator.unit, lang), date=long_date(last.date, lang)
        )
        share = indicator.share_of_way(last.value)
        if share is not None:
            reached += f" ({percent(share, lang, 0)})"
    return {"name": indicator.name, "goal": goal, "reached": reached}


def _contacts(project: ProjectFile) -> list[ContactRow]:
    """`capitalisation.contacts`, each with the organisation it works for when the file says
    (a partner's contact, an agent); else the lead partner's contact."""
    employer = {str(p.contact.name).casefold(): p.short_name or p.name for p in project.partners}
    for agent in project.agents:
        partner = project.partner(agent.partner)
        employer.setdefault(str(agent.name).casefold(), partner.short_name or partner.name)
    kept = project.capitalisation
    people: list[tuple[str, str]] = [(str(c.name), c.email or "") for c in kept.contacts] if kept else []
    if not people:
        lead = project.partner(project.project.lead_partner)
        people = [(str(lead.contact.name), lead.contact.email)]
    return [
        {
            "name": name,
            "organisation": employer.get(name.casefold(), ""),
            "text": ", ".join(part for part in (name, employer.get(name.casefold(), ""), email) if part),
        }
        for name, email in people
    ]


def experience_context(b: Builder) -> ExperienceExtra:
    """capitalisation/fiche-experience.docx (only when `capitalisation` is given)."""
    project, lang = b.project, b.lang
    w = words("experience", lang)
    kept = project.capitalisation
    assert kept is not None
    found, rows = partners_on_map(b)
    done: list[DoneRow] = [
        {"title": d.title, "date": d.done}
        for wp in project.work_packages
        for d in wp.deliverables
        if d.done is not None
    ]
    budget = b.budget(b.partners())
    funders = ", ".join(s["source"] for s in budget["sources"])
    cost = w["cost_funded"] if budget["funding_total"] else w["cost"]
    return {
        "map": Picture(repr(found), partial(draw_map, tuple(found)), MAP_WIDTH_MM),
        "places": rows,
        "places_note": w["places_note"] if any(not p.exact for p in found) else "",
        "map_source": w["map_source"],
        "work": [{"title": wp.title, "description": wp.description or ""} for wp in project.work_packages],
        "done": sorted(done, key=lambda d: d["date"]),
        "results": [result_row(i, lang) for i in project.indicators],
        "lessons": list(kept.lessons),
        "next_steps": list(kept.next_steps),
        "contacts": _contacts(project),
        "cost_text": cost.format(
            total=b_money(budget["total"], b), funding=b_money(budget["funding_total"], b), funders=funders
        ),
    }


def b_money(amount: Any, b: Builder) -> str:
    from coopdocs.formats import money

    return money(amount, b.lang, b.project.project.currency)
