"""The short summary `coopdocs validate` prints for a valid project, in the command line's
language (the catalogue's group `summary`)."""

from __future__ import annotations

from decimal import Decimal

from coopdocs.formats import long_date, money, months_between
from coopdocs.project.flat import flat_rates_of, used_by_any
from coopdocs.project.model import ProjectFile, budget_by_partner, in_language
from coopdocs.words import label


def summary(project: ProjectFile, file_name: str, lang: str = "fr") -> str:
    p = project.project

    def said(key: str, **values: object) -> str:
        return label("summary", key, lang).format(**values)

    observers = sum(1 for partner in project.partners if partner.observer)
    countries = ", ".join(dict.fromkeys(partner.country for partner in project.partners))
    hourly = sum(1 for a in project.agents if a.allocation.mode == "hourly")
    costs = budget_by_partner(project)
    total = sum((sum(c.values(), Decimal(0)) for c in costs.values()), Decimal(0))
    used = used_by_any(project)
    flat = sum((v for p, c in costs.items() for k, v in c.items() if k in flat_rates_of(project, p).used()), Decimal(0))
    named = in_language(p.title, lang)
    title = f"{named} ({p.acronym})" if p.acronym else named
    partners = said("partners", count=len(project.partners))
    if observers:
        partners += said("observers" if observers > 1 else "observer", count=observers)
    return "\n".join(
        [
            said("valid", file=file_name),
            said("project", title=title, cooperation=label("cooperation", p.cooperation, lang)),
            said("agreement", model=p.legal_model)
            + ("" if p.programme_kind else said("model_inferred", programme=p.programme)),
            f"{partners} — {countries}",
            said("agents", count=len(project.agents), hourly=hourly, fixed=len(project.agents) - hourly),
            said("work_packages", count=len(project.work_packages)),
            said("budget", total=money(total, lang, p.currency))
            + (said("flat", amount=money(flat, lang, p.currency)) if used else ""),
            said(
                "duration",
                months=months_between(p.start, p.end),
                start=long_date(p.start, lang),
                end=long_date(p.end, lang),
            ),
        ]
    )
