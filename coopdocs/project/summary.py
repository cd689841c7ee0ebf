"""The short summary `coopdocs validate` prints for a valid project."""

from __future__ import annotations

from decimal import Decimal

from coopdocs.formats import long_date, money, months_between
from coopdocs.project.model import ProjectFile, budget_by_partner
from coopdocs.words import label


def summary(project: ProjectFile, file_name: str) -> str:
    p = project.project
    observers = sum(1 for partner in project.partners if partner.observer)
    countries = ", ".join(dict.fromkeys(partner.country for partner in project.partners))
    hourly = sum(1 for a in project.agents if a.allocation.mode == "hourly")
    costs = budget_by_partner(project)
    total = sum((sum(c.values(), Decimal(0)) for c in costs.values()), Decimal(0))
    used = project.budget.flat_rates.used()
    flat = sum((v for c in costs.values() for k, v in c.items() if k in used), Decimal(0))
    flat_text = ""
    if used:
        flat_text = f" (dont {money(flat, 'fr', p.currency)} au taux forfaitaire)"
    title = f"{p.title} ({p.acronym})" if p.acronym else p.title
    lines = [
        f"{file_name} : valide.",
        f"  Projet : {title} — coopération {label('cooperation', p.cooperation, 'fr')}",
        f"  Convention : modèle {p.legal_model}"
        + ("" if p.programme_kind else f" (déduit du programme « {p.programme} » ; précisez programme_kind sinon)"),
        f"  Partenaires : {len(project.partners)}"
        + (f" (dont {observers} observateur{'s' if observers > 1 else ''})" if observers else "")
        + f" — {countries}",
        f"  Agents : {len(project.agents)} ({hourly} au temps passé, {len(project.agents) - hourly} à part fixe)",
        f"  Lots de travail : {len(project.work_packages)}",
        f"  Budget total : {money(total, 'fr', p.currency)}{flat_text}",
        f"  Durée : {months_between(p.start, p.end)} mois ({long_date(p.start)} → {long_date(p.end)})",
    ]
    return "\n".join(lines)
