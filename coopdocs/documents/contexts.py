"""The shape of what every document template sees, as types (mkdocs' `TemplateContext` does the
same): the pieces coopdocs.documents.context.Builder builds (a partner, an agent, the project, the
guide's items…) and `BaseContext`, what every document has. What each kind adds is in
coopdocs.documents.kind_contexts; `coopdocs templates vars KIND` lists these types.

Amounts are Decimal, dates are dates (templates format them); optional texts are "" (never None).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

# ---- people and partners ------------------------------------------------------------------------


class NameForms(TypedDict):
    """A name as each construction needs it (« le GAL… », « du GAL… », « au GAL… », « Pour le GAL… »)."""

    the_name: str
    of_name: str
    to_name: str
    for_name: str


class PersonContext(TypedDict):
    name: str
    title: str
    salutation: str  # « Madame la Présidente, » / « Dear Ms Martin, »
    address_form: str  # « Madame la Présidente » (French only)
    of_name: str


class PartyContext(NameForms):
    """The legal person that signs for a partner: the partner itself, or its host body."""

    name: str
    legal_form: str
    legal_id: str
    legal_id_text: str  # « SIRET 200 034 567 00012 »
    address: str
    address_inline: str
    representative: PersonContext
    acting_for: str  # « agissant pour le GAL … » when the host body signs


class ContactContext(TypedDict):
    name: str
    email: str
    phone: str
    phone_text: str
    of_name: str


class SeatContext(TypedDict):
    """A governance body the partner sits in."""

    name: str
    frequency: str
    role: str


class WorkPackageRef(TypedDict):
    id: str
    code: str  # as pages show it (« WP1 », « Lot 1 »), never its id
    title: str


class CostLine(TypedDict):
    category: str
    label: str
    amount: Decimal


class FundingLine(TypedDict):
    source: str
    amount: Decimal
    rate_text: str


class FinancingRow(TypedDict):
    source: str
    amount: Decimal
    share: float  # of the partner's cost


class PartnerBudget(TypedDict):
    costs: list[CostLine]
    budget_total: Decimal
    funding: list[FundingLine]
    funding_total: Decimal
    self_financing: Decimal
    financing: list[FinancingRow]  # each funder, then its own funds


class AgentContext(TypedDict):
    id: str
    name: str
    job_title: str
    salutation: str
    supervisor: PersonContext
    weekly_hours: float
    work_time_ratio: float
    mode: str  # `fixed` (a share of time) or `hourly`
    share: float
    hours_planned: float
    time_text: str
    start: dt.date
    end: dt.date
    tasks: list[str]
    responsibilities: list[str]
    hourly_rate: Decimal
    rate_basis: Decimal  # the hours a year the rate divides by
    monthly_method: bool
    monthly_hours: float
    rate_capped: bool
    annual_gross_cost: Decimal
    timesheets: bool
    mission_date: dt.date | None


class ChangeContext(TypedDict):
    """An amendment: the new share or hours from `start`, the previous ones, the rate then."""

    start: dt.date
    share: float
    previous_share: float
    hours_planned: float
    previous_hours: float
    hourly_rate: Decimal
    annual_gross_cost: Decimal
    monthly_cost: Decimal
    fixed: bool


class PartnerContext(NameForms, PartnerBudget):
    id: str
    name: str
    short: str
    type_label: str
    nature: str  # the type in words, "" when the signing name already says it (« Association … »)
    country: str
    country_name: str
    address: str
    address_inline: str
    city: str
    legal_id: str
    legal_id_text: str
    party: PartyContext
    representative: PersonContext
    contact: ContactContext
    role: str
    role_text: str
    observer: bool
    is_lead: bool
    lead_text: str
    language: str
    agents: list[AgentContext]
    seats: list[SeatContext]
    work_packages: list[WorkPackageRef]


# ---- the project as a whole ---------------------------------------------------------------------


class ProjectInfo(TypedDict):
    id: str
    title: str
    acronym: str
    programme: str
    programme_line: str  # « LEADER 2023-2027 — coopération transnationale »
    legal_model: str
    cpr: bool  # Reg. (EU) 2021/1060 governs it (Interreg)
    operation_number: str
    cooperation: str
    cooperation_label: str
    start: dt.date
    end: dt.date
    eligibility_start: dt.date
    months: int
    summary: str
    objectives: list[str]


class ReportingContext(TypedDict):
    frequency: str
    frequency_label: str
    retention_years: int


class LetterheadContext(TypedDict):
    emblem: bool  # the EU emblem and its statement
    statement: str
    logos: list[str]
    logo_digests: list[str]


class DeliverableContext(TypedDict):
    title: str
    due: dt.date


class WorkPackageContext(WorkPackageRef):
    lead_name: str
    start: dt.date
    end: dt.date
    description: str
    deliverables: list[DeliverableContext]
    deliverables_text: str
    partners: list[str]


class SourceShare(TypedDict):
    source: str
    amount: Decimal
    share: float  # of the project's cost


class BudgetContext(TypedDict):
    partners: list[PartnerContext]  # those with a cost or a funder
    total: Decimal
    funding_total: Decimal
    self_financing: Decimal
    funding_share: float
    sources: list[SourceShare]
    flat_text: str


class OverviewContext(TypedDict):
    """What the project-wide documents (agreement, project sheet) show of everyone."""

    partners: list[PartnerContext]
    work_packages: list[WorkPackageContext]
    budget: BudgetContext


class BodyContext(TypedDict):
    name: str
    members: list[str]
    members_text: str
    frequency: str
    role: str


class GovernanceContext(TypedDict):
    bodies: list[BodyContext]
    decision_rule: str
    working_language: str
    ip: str
    disputes: str


class MilestoneContext(TypedDict):
    date: dt.date
    title: str
    done: bool


# ---- the guide's items --------------------------------------------------------------------------


class GuideItemContext(TypedDict):
    id: str
    text: str
    status: str
    box: str  # the status's check box (☐ ◐ ☑ —)
    indent: str  # a tab under its item
    note: str
    reason: str  # why the item is shown in this document


class GuideStageContext(TypedDict):
    id: str
    number: int
    title: str
    methods: list[GuideItemContext]
    vigilance: list[GuideItemContext]


class GuideLabels(TypedDict):
    methods: str
    vigilance: str


class GuideContext(TypedDict):
    title: str
    intro: str
    points_title: str
    points_intro: str
    labels: GuideLabels
    stages: list[GuideStageContext]
    points: list[GuideItemContext]  # every stage's items, one flat list
    legend: str
    source: str


class BaseContext(TypedDict):
    """What every document's template sees."""

    lang: str
    currency: str
    doc_date: dt.date | None  # « Fait à …, le … » (None: left to fill by hand)
    place: str
    footer: str
    letterhead: LetterheadContext
    project: ProjectInfo
    lead: PartnerContext
    reporting: ReportingContext
    guide: GuideContext
