"""What each kind of document adds to `BaseContext` (coopdocs.documents.contexts), as types:
`…Extra` is what a kind's context function returns, `…Context` the whole context its template
sees, and `CONTEXTS` names the latter for every kind of coopdocs.kinds.DOCUMENTS."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from coopdocs.documents._picture import Picture
from coopdocs.documents.contexts import (
    AgentContext,
    BaseContext,
    BodyContext,
    ChangeContext,
    FinancingRow,
    GovernanceContext,
    GuideItemContext,
    MilestoneContext,
    OverviewContext,
    PartnerContext,
)

# ---- the agreement and the project sheet --------------------------------------------------------


class LumpSumContext(TypedDict):
    text: str  # the budget article's sentence
    short: str  # « forfait de 5 000,00 € », beside its deliverable
    wp_id: str
    index: int | None  # the deliverable's place in its work package


class PartnerFinancing(TypedDict):
    short: str
    rows: list[FinancingRow]
    total: Decimal


class AgreementTerms(TypedDict):
    model: str  # leader, interreg or autre
    law: str
    cross_border: bool
    place: str
    originals: int
    one_each: bool
    versions_text: str  # the language article's sentence
    lump_sums: list[LumpSumContext]
    financing: list[PartnerFinancing]


class AgreementExtra(OverviewContext):
    governance: GovernanceContext
    signatories: list[PartnerContext]
    observers: list[PartnerContext]
    art: dict[str, int]  # each article's number, by its name (art.budget)
    agreement: AgreementTerms


class ProjectSheetExtra(OverviewContext):
    milestones: list[MilestoneContext]


# ---- letters and forms a partner or an agent signs ----------------------------------------------


class PartnerLetterExtra(TypedDict):
    partner: PartnerContext


class SignatoryContext(TypedDict):
    """Who signs for the employer."""

    name: str
    title: str


class MissionLetterExtra(TypedDict):
    agent: AgentContext
    signatory: SignatoryContext
    employer: PartnerContext


class AmendmentExtra(MissionLetterExtra):
    change: ChangeContext


class SentDocument(TypedDict):
    title: str
    ask: str  # what it asks of the partner
    points: list[GuideItemContext]


class CoveringExtra(TypedDict):
    partner: PartnerContext
    documents: list[SentDocument]


# ---- meetings -----------------------------------------------------------------------------------


class NumberedText(TypedDict):
    number: int
    text: str


class ActionContext(TypedDict):
    what: str
    who: str
    due: dt.date


class EarlierAction(ActionContext):
    """An action of an earlier meeting still open on the meeting's day."""

    meeting_date: dt.date
    body: str
    late: bool
    state: str


class ChairContext(TypedDict):
    name: str
    title: str
    role: str  # the words above the signature


class MeetingContext(TypedDict):
    id: str
    body: str
    body_role: str
    date: dt.date
    time: str  # « 14 h 30 » (French) or « 14:30 »; "" when not given
    place: str
    agenda: list[NumberedText]
    members: list[PartnerContext]
    attendance_known: bool
    present: list[PartnerContext]
    present_text: str
    excused: list[PartnerContext]
    excused_text: str
    decisions: list[NumberedText]
    actions: list[ActionContext]
    earlier_actions: list[EarlierAction]
    chair: ChairContext


class MeetingExtra(TypedDict):
    meeting: MeetingContext


# ---- the evaluation plan and the experience sheet -----------------------------------------------


class EvaluatorContext(TypedDict):
    name: str
    kind: str
    kind_text: str


class IndicatorRow(TypedDict):
    name: str
    code: str
    code_text: str
    kind: str
    unit: str
    wp: str
    baseline: str
    target: str
    sources: str


class EvaluationMilestone(TypedDict):
    date: dt.date
    what: str
    presented: str  # the meeting it is presented at


class EvaluationPlan(TypedDict):
    evaluator: EvaluatorContext
    questions: list[str]
    indicators: list[IndicatorRow]
    milestones: list[EvaluationMilestone]
    no_indicator: str
    no_milestone: str


class EvaluationExtra(TypedDict):
    evaluation: EvaluationPlan
    bodies: list[BodyContext]


class PlaceRow(TypedDict):
    number: str  # its number on the map ("" when it is not on it)
    name: str
    label: str
    where: str
    role: str


class WorkRow(TypedDict):
    title: str
    description: str


class DoneRow(TypedDict):
    title: str
    date: dt.date


class ResultRow(TypedDict):
    name: str
    goal: str
    reached: str


class ContactRow(TypedDict):
    name: str
    organisation: str
    text: str


class ExperienceExtra(TypedDict):
    map: Picture
    places: list[PlaceRow]
    places_note: str
    map_source: str
    work: list[WorkRow]
    done: list[DoneRow]
    results: list[ResultRow]
    lessons: list[str]
    next_steps: list[str]
    contacts: list[ContactRow]
    cost_text: str


# ---- each kind's whole context ------------------------------------------------------------------


class AgreementContext(BaseContext, AgreementExtra):
    pass


class ProjectSheetContext(BaseContext, ProjectSheetExtra):
    pass


class PartnerLetterContext(BaseContext, PartnerLetterExtra):
    pass


class MissionLetterContext(BaseContext, MissionLetterExtra):
    pass


class AmendmentContext(BaseContext, AmendmentExtra):
    pass


class CoveringContext(BaseContext, CoveringExtra):
    pass


class MeetingDocumentContext(BaseContext, MeetingExtra):
    pass


class EvaluationContext(BaseContext, EvaluationExtra):
    pass


class ExperienceContext(BaseContext, ExperienceExtra):
    pass


CONTEXTS: dict[str, type] = {
    "convention-partenariat": AgreementContext,
    "fiche-projet": ProjectSheetContext,
    "lettre-intention": PartnerLetterContext,
    "fiche-engagement": PartnerLetterContext,
    "lettre-soutien": PartnerLetterContext,
    "lettre-mission": MissionLetterContext,
    "convocation": MeetingDocumentContext,
    "compte-rendu": MeetingDocumentContext,
    "avenant": AmendmentContext,
    "courrier-envoi": CoveringContext,
    "plan-evaluation": EvaluationContext,
    "fiche-experience": ExperienceContext,
}
