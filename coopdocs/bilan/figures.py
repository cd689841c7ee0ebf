"""The figures of a periodic bilan as typed models: what `compute` returns and the renderers read.

Amounts are Decimal, to the cent; hours and shares are floats. `BilanFigures.json_dict()` is the
JSON of `coopdocs bilan --json` (shared/spec/cli.md): amounts dump as JSON numbers, dates as ISO.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from coopdocs.forms.anomalies import Anomaly, Severity
from coopdocs.words import words

Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""An amount to the cent: a Decimal in Python, a number in the JSON."""

OPEN = ("a-faire", "en-cours")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class AgentBase(Model):
    """An agent's figures for the period; `hours` by work package."""

    id: str
    name: str
    partner: str
    mode: str
    hours: dict[str, float]
    hours_total: float
    hourly_rate: Money
    cost: Money
    months_missing: list[str]


class Approval(Model):
    """An agent's months of the period with a filled sheet: approved by the supervisor, or not yet."""

    approved: list[str]
    not_approved: list[str]


class SheetMonth(Model):
    """A month's sheet as its life records it (coopdocs/forms/sheet_life.py): its state and each
    signature, approval and return (who, when, sha256, evidence)."""

    sheet_state: str
    signatures: list[dict[str, Any]]


class HourlyAgent(AgentBase):
    mode: Literal["hourly"] = "hourly"
    approval: Approval | None = None  # known when the output folder's manifest was read
    sheets: dict[str, SheetMonth] = {}  # month → its sheet's life, when the manifest was read
    months_blocked: list[str] = []  # two sheets for the month: neither counted until one is removed
    hours_planned: float = 0.0  # the mission letter's hours over the agent's whole period
    hours_cumulative: float = 0.0  # declared since the start, up to the period's end


class FixedAgent(AgentBase):
    mode: Literal["fixed"] = "fixed"
    share: float
    months_on_project: int


AgentFigures = Annotated[HourlyAgent | FixedAgent, Field(discriminator="mode")]


class CumulativeSpending(Model):
    """A partner's spending since the start of the project, up to the end of the period."""

    staff_cost: Money
    other_costs: Money
    flat_rate_costs: Money
    total: Money
    consumed_total: float


class PartnerFigures(Model):
    id: str
    name: str
    observer: bool
    staff_cost: Money
    other_costs: dict[str, Money]
    flat_rate_costs: dict[str, Money]
    """One key per flat rate of the budget (staff, travel, office_admin, indirect, remaining), each
    amount rounded down to the cent."""
    total: Money
    budget_staff: Money
    budget_total: Money
    consumed: float
    consumed_total: float
    cumulative: CumulativeSpending
    claimed: Money | None = None  # declared in the payment claims up to the period's end, once one is written
    without_unresolved: Money | None = None  # as a claim would take it: blocking points and « à vérifier » left out
    at_risk: Money | None = None  # the « à vérifier » items' amount, their flat rates included
    certified: Money | None = None  # certified by the controls of those claims (coopdocs control), once one is reported

    @property
    def flat_total(self) -> Decimal:
        return sum(self.flat_rate_costs.values(), Decimal(0))

    @property
    def other_total(self) -> Decimal:
        return sum(self.other_costs.values(), Decimal(0))


class WorkPackageHours(Model):
    id: str
    title: str
    hours: float
    code: str = ""  # how pages name it (work_packages[].code, default WP<n>): never the id


class Totals(Model):
    hours: float
    staff_cost: Money
    other_costs: Money
    flat_rate_costs: Money
    total: Money
    budget_total: Money
    cumulative_total: Money
    consumed_cumulative: float


class Milestone(Model):
    date: dt.date
    title: str
    done: bool
    late: bool


class Deliverable(Model):
    wp: str
    title: str
    due: dt.date
    code: str = ""  # its work package's code, shown instead of the id


class LogbookEntry(Model):
    date: dt.date
    title: str
    text: str


class GuideItem(Model):
    id: str
    text: str
    stage: str
    vigilance: bool
    status: str

    @property
    def open(self) -> bool:
        return self.status in OPEN


class BudgetUse(Model):
    """One budget line's use since the start: a partner's category, planned against spent."""

    partner: str
    category: str
    budget: Money
    spent: Money
    consumed: float


class MeetingHeld(Model):
    """A meeting of a steering body dated inside the period; `minutes`: decisions or actions recorded."""

    id: str
    body: str
    date: dt.date
    place: str
    minutes: bool
    decisions: list[str]


class OpenAction(Model):
    """An action decided by the end of the period and not done; `overdue`: due before that end."""

    meeting: str
    body: str
    what: str
    who: str
    due: dt.date
    overdue: bool
    meeting_date: dt.date | None = None  # the meeting that decided it, shown by its body and date


class MeetingFigures(Model):
    """The steering bodies' meetings of the period, the decisions taken, the actions still open."""

    held: list[MeetingHeld]
    open_actions: list[OpenAction]

    @property
    def decisions(self) -> list[tuple[MeetingHeld, str]]:
        return [(meeting, text) for meeting in self.held for text in meeting.decisions]


class BilanFigures(Model):
    """The period's figures: the single source of the JSON, the Word and the Excel bilans."""

    project: str
    title: str
    programme: str
    period: str
    start: dt.date
    end: dt.date
    currency: str
    agents: list[AgentFigures]
    partners: list[PartnerFigures]
    work_packages: list[WorkPackageHours]
    totals: Totals
    milestones: list[Milestone]
    deliverables: list[Deliverable]
    logbook: list[LogbookEntry]
    guide: list[GuideItem]
    anomalies: list[Anomaly]  # the one anomaly model of coopdocs.forms
    budget_use: list[BudgetUse] = []
    meetings: MeetingFigures
    progress: Progress | None = None  # indicators, deliverables and milestones (coopdocs/bilan/progress.py)
    final: FinalFigures | None = None  # `bilan --period final`: the project's periods, claims, lessons

    def name_of(self, ident: str) -> str:
        """The name of the agent or partner `ident`, as pages show it (never the id itself)."""
        names = {p.id: p.name for p in self.partners} | {a.id: a.name for a in self.agents}
        return names.get(ident, ident)

    @property
    def blocking(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == Severity.BLOCKING]

    def control_line(self, lang: str = "fr") -> str:
        """The first thing a controller reads: how many blocking anomalies, then what to check."""
        w = words("bilan", lang)
        blocking = len(self.blocking)
        checks = len(self.anomalies) - blocking
        if not self.anomalies:
            return w["control_none"]
        to_check = (
            w["checks_none"]
            if not checks
            else w["checks_one"]
            if checks == 1
            else w["checks_many"].format(count=checks)
        )
        if not blocking:
            return w["control_clear"].format(checks=to_check)
        said = w["blocking_one"] if blocking == 1 else w["blocking_many"].format(count=blocking)
        return w["control_blocking"].format(blocking=said, checks=to_check)

    def json_dict(self, lang: str = "fr") -> dict[str, Any]:
        """The JSON of `coopdocs bilan --json`: amounts as numbers, dates as ISO strings, each
        anomaly's message in `lang` beside its kind, key and arguments."""
        data = self.model_dump(mode="json", exclude={"anomalies"})
        anomalies = [a.as_dict(lang) for a in self.anomalies]
        return {name: anomalies if name == "anomalies" else data[name] for name in type(self).model_fields}


# ---- progress: indicators against their targets, deliverables and milestones (issue 28) ----------


class IndicatorProgress(Model):
    """An indicator at the end of the period: its last value measured by then against its target.
    `progress`: the share of the way from the baseline to the target (value ÷ target when the
    baseline is 0); None without a target or a value."""

    id: str
    name: str
    unit: str
    kind: str  # realisation | resultat
    code: str  # the programme's code, "" when none
    work_package: str  # the work package's code (« WP3 »), "" when none
    baseline: float
    target: float | None
    target_date: dt.date | None
    value: float | None
    measured: dt.date | None
    source: str
    progress: float | None


class ItemProgress(Model):
    """A deliverable or a milestone due in the period, done in it, or late at its end.
    `state`: `fait` (done by its due date), `fait-en-retard`, `en-retard` (due before the
    bilan's date and not done), `a-venir`."""

    kind: Literal["livrable", "jalon"]
    title: str
    work_package: str  # a deliverable's work package code, "" for a milestone
    due: dt.date
    done: dt.date | None  # a deliverable's date of delivery; a milestone has none
    state: str

    @property
    def late(self) -> bool:
        return self.state == "en-retard"


class Progress(Model):
    """Whether the project does what it set out to do: indicators, deliverables and milestones."""

    indicators: list[IndicatorProgress]
    items: list[ItemProgress]

    @property
    def late(self) -> list[ItemProgress]:
        return [item for item in self.items if item.late]


class PeriodRow(Model):
    """One reporting period's figures in the final report: what its own bilan says."""

    period: str
    start: dt.date
    end: dt.date
    hours: float
    staff_cost: Money
    other_costs: Money
    flat_rate_costs: Money
    total: Money


class FinalFigures(Model):
    """`bilan --period final`: the project's reporting periods (their totals add up to the final
    bilan's), and what the team learnt (`capitalisation`)."""

    periods: list[PeriodRow]
    lessons: list[str]
    next_steps: list[str]


BilanFigures.model_rebuild()
