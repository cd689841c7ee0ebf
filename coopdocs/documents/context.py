"""The values every document template sees: pure functions of the project (the logos' bytes
are hashed, so that a new logo rebuilds the documents).

Amounts stay Decimal and dates stay dates: templates format them with the filters
`money`, `date_long`, `percent` and `number`, in the document's language.
Optional values become "" (never None), so that templates can test them with `{% if %}`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from coopdocs import french
from coopdocs.documents import contexts as c
from coopdocs.documents._values import (
    agent_salutation,
    city,
    country_name,
    financing_rows,
    footer,
    inline,
    letterhead,
    named_by,
    programme_line,
    type_label,
)
from coopdocs.documents.flat_text import flat_text
from coopdocs.documents.guide_map import SIGNATORY, Mapped, for_audience, in_guide_order
from coopdocs.documents.parties import name_forms, party, person
from coopdocs.formats import months_between, number, percent
from coopdocs.guide import Item, load_guide, walk
from coopdocs.guide.checklist import BOXES
from coopdocs.money import costs
from coopdocs.project import staff
from coopdocs.project.model import (
    CATEGORIES,
    FLAT_ONLY_CATEGORIES,
    Agent,
    FixedAllocation,
    Partner,
    ProjectFile,
    WorkPackage,
    budget_by_partner,
    in_language,
)
from coopdocs.words import label

CATEGORY_ORDER = (*CATEGORIES, *FLAT_ONLY_CATEGORIES)


class Builder:
    """Builds the pieces of context of one project in one language."""

    def __init__(self, project: ProjectFile, lang: str, when: dt.date | None):
        """`project` as written; `self.project` is it in `lang` (texts given per language).
        `when`: the date printed in « Fait à …, le … » (None: left to fill by hand)."""
        self.source = project
        self.project = project = in_language(project, lang)
        self.lang = lang
        self.when = when
        self.footer = footer(project, lang)
        self.letterhead = letterhead(project, lang)  # its logos read once
        self.costs = budget_by_partner(project)
        self._partners: dict[str, c.PartnerContext] = {}

    def t(self, key: str, **values: Any) -> str:
        return label("text", key, self.lang).format(**values)

    # ---- partners --------------------------------------------------------------------------
    def partner(self, partner: Partner) -> c.PartnerContext:
        """A partner's values, built once per language (documents only read them)."""
        if partner.id not in self._partners:
            self._partners[partner.id] = self._partner(self.project.partner(partner.id))  # in self.lang
        return self._partners[partner.id]

    def _partner(self, partner: Partner) -> c.PartnerContext:
        p = self.project
        lang = self.lang
        role = partner.role or (self.t("observer_role") if partner.observer else self.t("no_role"))
        is_lead = partner.id == p.project.lead_partner
        kind = type_label(partner, lang)
        return {
            "id": partner.id,
            "name": partner.name,
            "short": partner.short_name or partner.name,
            "type_label": kind,
            "nature": "" if named_by(partner.name, kind) else kind,  # « Association … » says it already
            "country": partner.country,
            "country_name": country_name(partner.country, lang),
            "address": partner.address.strip(),
            "address_inline": inline(partner.address),
            "city": city(partner.address),
            "legal_id": partner.legal_id or "",
            "legal_id_text": self.t("legal_id", legal_id=partner.legal_id) if partner.legal_id else "",
            **name_forms(partner.name, partner.article, lang),
            "party": party(partner, lang),
            "representative": person(partner.representative, lang),
            "contact": {
                "name": partner.contact.name,
                "email": partner.contact.email,
                "phone": partner.contact.phone or "",
                "phone_text": self.t("phone", phone=partner.contact.phone) if partner.contact.phone else "",
                "of_name": french.of_person(partner.contact.name) if lang == "fr" else f"of {partner.contact.name}",
            },
            "role": partner.role or "",
            "role_text": role,
            "observer": partner.observer,
            "is_lead": is_lead,
            "lead_text": self.t("lead") if is_lead else "",
            "language": partner.language or p.project.language,
            **self._budget_of(partner),
            "agents": [self.agent(a) for a in p.agents if a.partner == partner.id],
            "seats": [
                {"name": b.name, "frequency": b.frequency, "role": b.role}
                for b in p.governance.bodies
                if partner.id in b.members
            ],
            "work_packages": [self.wp_ref(wp) for wp in p.work_packages if partner.id in self.wp_partners(wp.id)],
        }

    def _budget_of(self, partner: Partner) -> c.PartnerBudget:
        """A partner's costs by category, its funders, its own funds and its financing plan."""
        categories = self.costs.get(partner.id, {})
        total = sum(categories.values(), Decimal(0))
        funding: list[c.FundingLine] = [
            {
                "source": f.source,
                "amount": costs.funding_amount(total, f.rate, f.amount),
                "rate_text": self.t("rate", rate=percent(f.rate, self.lang)) if f.rate is not None else "",
            }
            for f in self.project.budget.funding
            if f.partner == partner.id and not f.own_funds
        ]
        own = [f for f in self.project.budget.funding if f.partner == partner.id and f.own_funds]
        own_label = str(own[0].source) if own else self.t("self_financing")  # the row the person wrote
        funding_total = sum((f["amount"] for f in funding), Decimal(0))
        return {
            "costs": [
                {"category": c, "label": label("category", c, self.lang), "amount": categories[c]}
                for c in CATEGORY_ORDER
                if categories.get(c)  # a flat rate on no staff cost is no line
            ],
            "budget_total": total,
            "funding": funding,
            "funding_total": funding_total,
            "self_financing": total - funding_total,
            "financing": financing_rows(funding, total - funding_total, total, own_label),
        }

    def wp_partners(self, wp_id: str) -> list[str]:
        """Who contributes to a work package: its lead and every partner with a budget line on it."""
        wp = next(w for w in self.project.work_packages if w.id == wp_id)
        ids = [wp.lead] + [line.partner for line in self.project.budget.lines if line.wp == wp_id]
        return list(dict.fromkeys(ids))

    def wp_ref(self, wp: WorkPackage) -> c.WorkPackageRef:
        """A work package as pages show it: its code (never its id) and its title."""
        from coopdocs.project.naming import wp_code

        return {"id": wp.id, "code": wp_code(self.project, wp), "title": wp.title}

    # ---- agents ----------------------------------------------------------------------------
    def agent(self, agent: Agent) -> c.AgentContext:
        agent = next(a for a in self.project.agents if a.id == agent.id)  # its texts in self.lang
        p = self.project.project
        allocation = agent.allocation
        fixed = allocation.mode == "fixed"
        rules = p.rules
        basis = costs.hourly_rate_basis(agent.work_time_ratio, agent.hourly_rate_basis, rules.hours_basis)
        start = agent.start or p.start
        return {
            "id": agent.id,
            "name": agent.name,
            "job_title": agent.job_title,
            "salutation": agent_salutation(agent, self.lang),
            "supervisor": person(agent.supervisor, self.lang),
            "weekly_hours": agent.weekly_hours,
            "work_time_ratio": agent.work_time_ratio,
            "mode": allocation.mode,
            "share": allocation.share if fixed else 0.0,  # type: ignore[union-attr]
            "hours_planned": 0.0 if fixed else allocation.hours_planned,  # type: ignore[union-attr]
            "time_text": self.t("share_of_time", share=percent(allocation.share, self.lang))  # type: ignore[union-attr]
            if fixed
            else self.t("planned_hours", hours=number(allocation.hours_planned, self.lang)),  # type: ignore[union-attr]
            "start": start,
            "end": agent.end or p.end,
            "tasks": list(agent.mission.tasks),
            "responsibilities": list(agent.mission.responsibilities),
            "hourly_rate": staff.rate_on(self.project, agent, start),
            "rate_basis": basis,
            "monthly_method": rules.rate_method == "monthly",
            "monthly_hours": float(costs.cents(staff.monthly_cap(agent))),
            "rate_capped": rules.max_hourly_rate is not None
            and staff.rate_on(self.project, agent, start) == rules.max_hourly_rate,
            "annual_gross_cost": staff.annual_cost_on(agent, start),
            "timesheets": not fixed or rules.fixed_share_timesheets,
            "mission_date": agent.mission.date,
        }

    def change(self, agent: Agent, start: dt.date) -> c.ChangeContext:
        """An amendment: the new share or hours from `start`, the previous ones, the rate then."""
        allocation = agent.allocation
        before = [c for c in allocation.changes if c.from_ < start]
        now = next(c for c in allocation.changes if c.from_ == start)
        fixed = isinstance(allocation, FixedAllocation)
        previous: Any = before[-1] if before else allocation
        return {
            "start": start,
            "share": getattr(now, "share", 0.0),
            "previous_share": getattr(previous, "share", 0.0),
            "hours_planned": getattr(now, "hours_planned", 0.0),
            "previous_hours": getattr(previous, "hours_planned", 0.0),
            "hourly_rate": staff.rate_on(self.project, agent, start),
            "annual_gross_cost": staff.annual_cost_on(agent, start),
            "monthly_cost": costs.cents(
                Decimal(str(getattr(now, "share", 0.0))) * staff.annual_cost_on(agent, start) / 12
            ),
            "fixed": fixed,
        }

    # ---- the project as a whole ------------------------------------------------------------
    def base(self, guide_entries: tuple[Mapped, ...], signed_at: Partner | None = None) -> c.BaseContext:
        """`signed_at`: the partner that signs the document in its own town, when its address
        gives one (its own letters, its agents')."""
        p = self.project
        info = p.project
        lead = self.partner(p.partner(info.lead_partner))
        cooperation = label("cooperation", info.cooperation, self.lang)
        home = self.partner(signed_at)["city"] if signed_at is not None else ""
        return {
            "lang": self.lang,
            "currency": info.currency,
            "doc_date": self.when,
            "place": home or info.place or lead["city"],
            "footer": self.footer,
            "letterhead": self.letterhead,
            "project": {
                "id": info.id,
                "title": info.title,
                "acronym": info.acronym or "",
                "programme": info.programme,
                "programme_line": programme_line(info.programme, info.cooperation, self.lang),
                "legal_model": info.legal_model,
                "cpr": info.legal_model == "interreg",  # Reg. (EU) 2021/1060 governs Interreg, not FEADER
                "operation_number": info.operation_number or "",
                "cooperation": info.cooperation,
                "cooperation_label": cooperation,
                "start": info.start,
                "end": info.end,
                "eligibility_start": info.eligible_from,
                "months": months_between(info.start, info.end),
                "summary": info.summary.strip(),
                "objectives": list(info.objectives),
            },
            "lead": lead,
            "reporting": {
                "frequency": p.reporting.frequency,
                "frequency_label": label("frequency", p.reporting.frequency, self.lang),
                "retention_years": p.reporting.retention_years,
            },
            "guide": self.guide(guide_entries),
        }

    def partners(self) -> list[c.PartnerContext]:
        return [self.partner(partner) for partner in self.project.partners]

    def work_packages(self) -> list[c.WorkPackageContext]:
        names = {partner.id: partner.short_name or partner.name for partner in self.project.partners}
        return [
            {
                **self.wp_ref(wp),
                "lead_name": names[wp.lead],
                "start": wp.start,
                "end": wp.end,
                "description": wp.description or "",
                "deliverables": [{"title": d.title, "due": d.due} for d in wp.deliverables],
                "deliverables_text": "; ".join(d.title for d in wp.deliverables),
                "partners": [names[i] for i in self.wp_partners(wp.id)],
            }
            for wp in self.project.work_packages
        ]

    def budget(self, partners: list[c.PartnerContext]) -> c.BudgetContext:
        funded = [p for p in partners if p["budget_total"] or p["funding"]]
        total = sum((p["budget_total"] for p in partners), Decimal(0))
        funding_total = sum((p["funding_total"] for p in partners), Decimal(0))
        sources: dict[str, Decimal] = {}
        for p in partners:
            for f in p["funding"]:
                sources[f["source"]] = sources.get(f["source"], Decimal(0)) + f["amount"]
        return {
            "partners": funded,
            "total": total,
            "funding_total": funding_total,
            "self_financing": total - funding_total,
            "funding_share": float(funding_total / total) if total else 0.0,
            "sources": [
                {"source": s, "amount": a, "share": float(a / total) if total else 0.0} for s, a in sources.items()
            ],
            "flat_text": flat_text(self.project, [p["id"] for p in funded], self.lang),
        }

    def overview(self) -> c.OverviewContext:
        """What the project-wide documents (agreement, project sheet) show of everyone."""
        partners = self.partners()
        return {"partners": partners, "work_packages": self.work_packages(), "budget": self.budget(partners)}

    def governance(self) -> c.GovernanceContext:
        g = self.project.governance
        names = {partner.id: partner.short_name or partner.name for partner in self.project.partners}
        return {
            "bodies": [
                {
                    "name": b.name,
                    "members": [names[m] for m in b.members],
                    "members_text": ", ".join(names[m] for m in b.members),
                    "frequency": b.frequency,
                    "role": b.role.rstrip(".") + ".",
                }
                for b in g.bodies
            ],
            "decision_rule": g.decision_rule.strip().rstrip("."),  # the clause ends the sentence
            "working_language": g.working_language,
            "ip": french.sentence(g.ip),
            "disputes": french.sentence(g.disputes),
        }

    def milestones(self) -> list[c.MilestoneContext]:
        return [{"date": m.date, "title": m.title, "done": m.done} for m in self.project.milestones]

    # ---- the guide's items -----------------------------------------------------------------
    def guide(self, entries: tuple[Mapped, ...]) -> c.GuideContext:
        """The guide items the map shows in this document (audience `signataire`), with the
        project's statuses; CTE items only in transnational projects. Two views: by stage, for
        the checklist look of unsigned documents, and `points`, the flat list of a signed one's
        « points d'attention » box. The guide's words stay in French."""
        transnational = self.project.project.cte
        shown = [
            (item, entry)
            for item, entry in in_guide_order(for_audience(entries, SIGNATORY))
            if transnational or not item.cte
        ]
        guide = load_guide()
        stage_of = {item.id: stage for stage in guide.stages for item in walk((*stage.methods, *stage.vigilance))}
        stages: list[c.GuideStageContext] = []
        ids = {item.id for item, _ in shown}
        for item, entry in shown:
            stage = stage_of[item.id]
            if not stages or stages[-1]["id"] != stage.id:
                stages.append(
                    {"id": stage.id, "number": stage.number, "title": stage.title, "methods": [], "vigilance": []}
                )
            column = stages[-1]["methods"] if item.column == "m" else stages[-1]["vigilance"]
            depth = 1 if item.id.rsplit(".", 1)[0] in ids else 0  # a sub-item under its item
            column.append(self._item(item, depth, entry.reason_in(self.lang)))
        statuses = ("a-faire", "en-cours", "fait", "sans-objet")
        return {
            "title": self.t("guide_title"),
            "intro": self.t("guide_intro"),
            "points_title": self.t("points_title"),
            "points_intro": self.t("points_intro"),
            "labels": {"methods": self.t("methods"), "vigilance": self.t("vigilance")},
            "stages": stages,
            "points": [point for stage in stages for point in (*stage["methods"], *stage["vigilance"])],
            "legend": "   ".join(f"{BOXES[s]} {label('status', s, self.lang)}" for s in statuses),
            "source": self.t("guide_source"),
        }

    def _item(self, item: Item, depth: int, reason: str) -> c.GuideItemContext:
        entry = self.project.checklist.get(item.id)
        status = entry.status if entry else "a-faire"
        note_parts = []
        if status in ("en-cours", "sans-objet"):
            note_parts.append(label("status", status, self.lang))
        if entry and entry.note:
            note_parts.append(entry.note)
        return {
            "id": item.id,
            "text": item.text,
            "status": status,
            "box": BOXES[status],
            "indent": "\t" * depth,
            "note": (" — " + " ; ".join(note_parts)) if note_parts else "",
            "reason": reason,
        }
