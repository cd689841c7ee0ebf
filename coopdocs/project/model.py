"""The validated project (the contract of shared/spec/project-format.md) as typed data.

Field descriptions are in French: they become the JSON Schema that editors show
(`coopdocs schema`). Checks that involve one object live here; checks across objects
(references, dates inside the project, funding against costs) live in checks.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal

from pydantic import (
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from coopdocs.money.costs import costs_by_partner
from coopdocs.project._types import (  # noqa: F401  (re-exported)
    EMAIL,
    MAX_PROJECT_YEARS,
    PER_LANGUAGE,
    RESERVED_NAMES,
    SLUG,
    YEARS,
    Amount,
    Date,
    LocalText,
    Share,
    Slug,
    Strict,
    Text,
    in_language,
    one_of,
    refused,
)
from coopdocs.project.control import Control
from coopdocs.project.evaluation import Capitalisation, Evaluation, Indicator
from coopdocs.project.flat import rates_of
from coopdocs.project.meeting import Meeting
from coopdocs.project.money import (  # noqa: F401  (re-exported)
    Allocation,
    AnnualCost,
    BudgetLine,
    Category,
    FixedAllocation,
    FlatRates,
    HourlyAllocation,
    Rules,
    dated_costs,
    is_own_funds,
)
from coopdocs.project.partner import (  # noqa: F401  (re-exported)
    Agreement,
    Contact,
    HostBody,
    Language,
    Partner,
    PartnerType,
    Person,
    Signature,
    countries,
    supervisors_by_default,
)
from coopdocs.project.records import Addressee, Claims, Revenue, Signatures  # noqa: F401  (re-exported)

Cooperation = Literal["locale", "interterritoriale", "transnationale", "transfrontaliere"]
ProgrammeKind = Literal["leader", "interreg", "autre"]
CTE = ("transnationale", "transfrontaliere")  # European territorial cooperation: the guide's CTE items apply
Frequency = Literal["monthly", "quarterly", "semiannual", "annual"]
Status = Literal["a-faire", "en-cours", "fait", "sans-objet"]


def inferred_programme_kind(programme: str) -> str:
    """The legal model a programme's name implies (spec: LEADER or FEADER → leader, Interreg → interreg)."""
    if re.search(r"\b(leader|feader|eafrd)\b", programme, flags=re.IGNORECASE):
        return "leader"
    if re.search(r"\binterreg\b", programme, flags=re.IGNORECASE):
        return "interreg"
    return "autre"


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes, from Babel."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


Currency = Annotated[str, one_of(currencies, "unknown-currency")]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]  # the one list, staff first
# In the budget only: simplified costs (CPR art. 53(1)(b)-(c)) and categories a flat rate computes.
FLAT_ONLY_CATEGORIES = ("lump_sum", "unit_cost", "indirect", "remaining")


class Project(Strict):
    id: Slug
    title: Text = Field(description="Titre complet du projet.")
    acronym: str | None = Field(default=None, description="Acronyme.")
    programme: Text = Field(description="Programme de financement, ex. « LEADER 2023-2027 (FEADER) ».")
    cooperation: Cooperation = Field(
        description="Type de coopération ; « transnationale » et « transfrontaliere » activent les points "
        "propres à la coopération territoriale européenne (CTE)."
    )
    programme_kind: ProgrammeKind | None = Field(
        default=None,
        description="Modèle juridique de la convention : leader (chaque GAL payé par son autorité de gestion), "
        "interreg (principe du chef de file), autre (fonds nationaux ou régionaux). Défaut : déduit du programme.",
    )
    language: Language = Field(default="fr", description="Langue par défaut des documents.")
    start: Date = Field(description="Date de début (AAAA-MM-JJ).")
    end: Date = Field(description="Date de fin (AAAA-MM-JJ), après le début.")
    place: str | None = Field(default=None, description="Lieu de signature des documents (« Fait à … »).")
    summary: Text = Field(description="Résumé du projet en un paragraphe.")
    objectives: list[Text] = Field(min_length=1, description="Objectifs (au moins un).")
    lead_partner: Slug = Field(description="Identifiant du partenaire chef de file.")
    current_stage: str | None = Field(default=None, description="Étape du guide où en est le projet.")
    currency: Currency = Field(default="EUR", pattern=r"^[A-Z]{3}$", description="Devise (code ISO 4217).")
    operation_number: str | None = Field(
        default=None,
        description="Numéro du dossier donné par l'autorité de gestion (OSIRIS, Synergie, Jems…), porté sur "
        "chaque feuille de temps.",
    )
    rules: Rules = Field(default_factory=Rules, description="Règles du programme (frais de personnel).")
    eligibility_start: Date | None = Field(
        default=None, description="Début d'éligibilité des dépenses (défaut : début du projet)."
    )
    governing_law: Text | None = Field(
        default=None, description="Droit applicable à la convention (défaut : celui du pays du chef de file)."
    )
    signature: Signature = Field(default_factory=Signature, description="Lieu de signature, nombre d'originaux.")
    logos: list[str] = Field(
        default_factory=list,
        max_length=6,
        description="Logos (PNG ou JPEG, chemins relatifs au fichier projet) en en-tête de chaque document.",
    )
    eu_emblem: StrictBool | None = Field(
        default=None,
        description="Emblème de l'Union avec « Cofinancé par l'Union européenne » (défaut : oui pour leader et "
        "interreg ; règlement (UE) 2021/1060, art. 47 et annexe IX).",
    )

    @property
    def legal_model(self) -> str:
        """`programme_kind`, or what the programme's name says (spec: LEADER/FEADER, Interreg, else autre)."""
        if self.programme_kind:
            return self.programme_kind
        return inferred_programme_kind(self.programme)

    @property
    def with_eu_emblem(self) -> bool:
        return self.eu_emblem if self.eu_emblem is not None else self.legal_model != "autre"

    @property
    def eligible_from(self) -> dt.date:
        return self.eligibility_start or self.start

    @property
    def cte(self) -> bool:
        """European territorial cooperation: the guide's CTE items apply."""
        return self.cooperation in CTE

    @model_validator(mode="after")
    def _end_after_start(self) -> Project:
        if self.end <= self.start:
            raise refused("end-before-start")
        if self.eligibility_start and self.eligibility_start > self.end:
            raise refused(
                "eligibility-after-end", eligibility=self.eligibility_start.isoformat(), end=self.end.isoformat()
            )
        if (self.end - self.start).days > MAX_PROJECT_YEARS * 366:
            period = {"start": self.start.isoformat(), "end": self.end.isoformat()}
            raise refused("project-too-long", years=MAX_PROJECT_YEARS, **period)
        return self


class Mission(Strict):
    tasks: list[Text] = Field(min_length=1, description="Tâches confiées (au moins une).")
    responsibilities: list[Text] = Field(default_factory=list, description="Responsabilités.")
    date: Date | None = Field(default=None, description="Date de la lettre de mission signée (citée par ses avenants).")


class Agent(Strict):
    id: Slug
    name: Text = Field(description="Nom et prénom.")
    partner: Slug = Field(description="Identifiant du partenaire employeur.")
    job_title: Text = Field(description="Intitulé du poste.")
    supervisor: Person = Field(  # type: ignore[assignment]  # filled before validation (ProjectFile)
        default=None,
        description="Responsable hiérarchique, qui approuve les feuilles de temps (défaut : le représentant "
        "légal de l'employeur, ou de sa structure porteuse pour un GAL).",
    )
    civility: Literal["Madame", "Monsieur"] | None = Field(
        default=None,
        description="Madame ou Monsieur, pour l'appel de la lettre de mission (défaut : déduit de l'intitulé du poste).",
    )
    weekly_hours: float = Field(default=35, gt=0, le=48, description="Heures contractuelles par semaine.")
    annual_gross_cost: AnnualCost = Field(
        description="Coût salarial brut chargé annuel, ou liste datée [{from, amount}] : le dernier documenté."
    )
    work_time_ratio: float = Field(default=1, ge=0.1, le=1, description="Quotité de travail (0.8 = 80 %).")
    hourly_rate_basis: float | None = Field(
        default=None, ge=100, le=2500, description="Heures annuelles divisant le coût (défaut : 1720 × quotité)."
    )
    allocation: Allocation = Field(description="Mode d'affectation : fixed (part fixe) ou hourly (heures).")
    start: Date | None = Field(default=None, description="Début sur le projet (défaut : celui du projet).")
    end: Date | None = Field(default=None, description="Fin sur le projet (défaut : celle du projet).")
    mission: Mission = Field(description="Contenu de la lettre de mission.")
    employer_signatory: Person | None = Field(
        default=None,
        description="Qui signe la lettre de mission et ses avenants pour l'employeur quand son représentant "
        "légal est l'agent lui-même (une lettre signée par l'agent des deux côtés est refusée).",
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Agent:
        if self.start and self.end and self.end <= self.start:
            raise refused("end-before-start")
        return self


class Deliverable(Strict):
    title: Text = Field(description="Intitulé du livrable.")
    due: Date = Field(description="Échéance (AAAA-MM-JJ).")
    done: Date | None = Field(
        default=None,
        description="Date de remise du livrable : le montant forfaitaire qui lui est lié devient déclarable.",
    )


class WorkPackage(Strict):
    id: str = Field(pattern=SLUG, description="Identifiant du lot, ex. wp1.")
    code: str | None = Field(
        default=None, min_length=1, max_length=20, description="Nom court du lot sur les pages (défaut : WP1, WP2…)."
    )
    title: Text = Field(description="Intitulé du lot de travail.")
    lead: Slug = Field(description="Partenaire responsable du lot.")
    start: Date = Field(description="Début du lot.")
    end: Date = Field(description="Fin du lot.")
    description: Text | None = Field(default=None, description="Description.")
    deliverables: list[Deliverable] = Field(default_factory=list, description="Livrables et échéances.")

    @model_validator(mode="after")
    def _end_after_start(self) -> WorkPackage:
        if self.end <= self.start:
            raise refused("end-before-start")
        return self


class Funding(Strict):
    partner: Slug = Field(description="Partenaire financé.")
    source: Text = Field(description="Financeur (ex. « FEADER », « Région »).")
    rate: Share | None = Field(default=None, description="Taux du coût éligible (exclusif avec amount).")
    amount: Amount | None = Field(default=None, description="Montant fixe (exclusif avec rate).")

    @model_validator(mode="after")
    def _rate_or_amount(self) -> Funding:
        if (self.rate is None) == (self.amount is None):
            raise refused("rate-or-amount")
        return self

    @property
    def own_funds(self) -> bool:
        """The partner's own contribution (« Autofinancement », « fonds propres »…), not a funder."""
        return is_own_funds(str(self.source))


class Budget(Strict):
    lines: list[BudgetLine] = Field(default_factory=list, description="Lignes de budget.")
    funding: list[Funding] = Field(default_factory=list, description="Plan de financement.")
    flat_rates: FlatRates = Field(default_factory=FlatRates, description="Taux forfaitaires.")


class Body(Strict):
    name: Text = Field(description="Nom de l'instance (ex. comité de pilotage).")
    members: list[Slug] = Field(min_length=1, description="Partenaires membres.")
    frequency: Text = Field(description="Fréquence des réunions.")
    role: Text = Field(description="Rôle de l'instance.")


class Governance(Strict):
    bodies: list[Body] = Field(min_length=1, description="Instances de gouvernance.")
    decision_rule: Text = Field(description="Règle de décision.")
    working_language: Text = Field(description="Langue de travail.")
    ip: Text = Field(description="Propriété des livrables.")
    disputes: Text = Field(description="Règlement des différends.")


class Reporting(Strict):
    frequency: Frequency = Field(description="Périodicité des bilans.")
    retention_years: int = Field(
        ge=1, le=50, description="Durée de conservation des pièces pour les contrôles (années)."
    )


class Milestone(Strict):
    date: Date = Field(description="Date du jalon.")
    title: Text = Field(description="Intitulé.")
    done: StrictBool = Field(default=False, description="Atteint ?")


class LogEntry(Strict):
    date: Date = Field(description="Date de l'entrée.")
    stage: str | None = Field(default=None, description="Étape du guide concernée.")
    title: Text = Field(description="Titre.")
    text: Text = Field(description="Contenu.")
    partners: list[Slug] = Field(default_factory=list, description="Partenaires concernés.")


class ChecklistEntry(Strict):
    status: Status = Field(description="Statut : a-faire, en-cours, fait, sans-objet.")
    note: str | None = Field(default=None, description="Remarque.")


class ProjectFile(Strict):
    """Fichier projet coopdocs : un projet de coopération et tout ce qu'il faut pour en produire les documents."""

    project: Project = Field(description="Le projet.")
    partners: list[Partner] = Field(min_length=1, description="Partenaires, dont le chef de file.")
    agents: list[Agent] = Field(default_factory=list, description="Agents dont le temps est imputé au projet.")
    work_packages: list[WorkPackage] = Field(min_length=1, description="Lots de travail.")
    budget: Budget = Field(description="Budget et plan de financement.")
    governance: Governance = Field(description="Gouvernance.")
    reporting: Reporting = Field(description="Bilans et conservation des pièces.")
    milestones: list[Milestone] = Field(default_factory=list, description="Jalons.")
    logbook: list[LogEntry] = Field(default_factory=list, description="Carnet de bord.")
    meetings: list[Meeting] = Field(
        default_factory=list, description="Réunions des instances : convocation, compte rendu, décisions et actions."
    )
    checklist: dict[str, ChecklistEntry] = Field(
        default_factory=dict, description="Statut des points du guide, par identifiant (coopdocs checklist)."
    )
    templates_dir: str | None = Field(
        default=None, description="Dossier de modèles personnalisés (chemin relatif au fichier projet)."
    )
    agreement: Agreement = Field(
        default_factory=Agreement, description="Langues de la convention, version qui fait foi."
    )
    signatures: Signatures = Field(
        default_factory=Signatures, description="Signatures électroniques : les racines de confiance."
    )
    claims: Claims = Field(default_factory=Claims, description="Demandes de paiement : leurs destinataires.")
    revenue: list[Revenue] = Field(
        default_factory=list, description="Recettes nettes du projet, déduites des dépenses éligibles."
    )
    control: Control | None = Field(
        default=None, description="Contrôle des demandes de paiement : le contrôleur et le relecteur (quatre yeux)."
    )
    indicators: list[Indicator] = Field(default_factory=list, description="Indicateurs, leurs cibles et leurs valeurs.")
    evaluation: Evaluation | None = Field(default=None, description="Plan d'évaluation : qui évalue, sur quoi, quand.")
    capitalisation: Capitalisation | None = Field(default=None, description="Fiche d'expérience : leçons, suites.")

    @model_validator(mode="before")
    @classmethod
    def _supervisor_by_default(cls, value: object) -> object:
        return supervisors_by_default(value)

    @field_validator("checklist", mode="before")
    @classmethod
    def _short_form(cls, value: object) -> object:
        """`item: fait` is short for `item: {status: fait}`."""
        if isinstance(value, dict):
            return {k: {"status": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    # ---- conveniences used by documents and commands -------------------------------------
    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.partners if p.id == partner_id)

    def status(self, item_id: str) -> str:
        entry = self.checklist.get(item_id)
        return entry.status if entry else "a-faire"


def budget_by_partner(project: ProjectFile) -> dict[str, dict[str, Decimal]]:
    """Each partner's planned costs by category, flat-rate categories computed with its own rates."""
    lines = [(line.partner, line.bucket, line.cost) for line in project.budget.lines]
    return costs_by_partner(lines, lambda partner: rates_of(project, partner))
