"""What a controller would question in the filled forms: the one list of anomaly kinds, the
`Anomaly` record every reader and the bilan share, and the rules over a sheet's days.

Declared hours and amounts are flagged, never changed: a person fixes the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopdocs.errors import CoopdocsError
from coopdocs.forms.timesheet_form import ABSENCE, DAILY_MAX, TOTAL
from coopdocs.messages import Arg, Holiday, Month, Phrase, as_json, say
from coopdocs.words import label

if TYPE_CHECKING:
    from coopdocs.forms.timesheet_reader import Day, TimeSheet


class AnomalyKind(StrEnum):
    """Every kind of anomaly, as the JSON of `bilan` names it (shared/spec/cli.md)."""

    HOLIDAY = "holiday"
    WEEKEND = "weekend"
    OVER_DAILY_MAX = "over-daily-max"
    ABSENCE_WITH_HOURS = "absence-with-hours"
    OVER_ANNUAL_BASIS = "over-annual-basis"
    OVER_MONTHLY_BASIS = "over-monthly-basis"
    OUTSIDE_PERIOD = "outside-period"
    MISSING_MONTH = "missing-month"
    UNREADABLE = "unreadable"
    INVALID_VALUE = "invalid-value"
    MISSING_INVOICE_NUMBER = "missing-invoice-number"
    UNKNOWN_CATEGORY = "unknown-category"
    PAYMENT_BEFORE_INVOICE = "payment-before-invoice"
    EXPENSE_OUTSIDE_PERIOD = "expense-outside-period"
    DUPLICATE_SHEET = "duplicate-sheet"
    FOREIGN_SHEET = "foreign-sheet"
    UNKNOWN_COLUMN = "unknown-column"
    ROW_WITHOUT_DATE = "row-without-date"
    DATE_OUTSIDE_MONTH = "date-outside-month"
    HOURS_VS_CONTRACT = "hours-vs-contract"
    HOURS_OVER_PLAN = "hours-over-plan"
    DUPLICATE_INVOICE = "duplicate-invoice"
    UNBUDGETED_CATEGORY = "unbudgeted-category"
    FLAT_RATE_OVERLAP = "flat-rate-overlap"
    UNKNOWN_PARTNER = "unknown-partner"
    DUPLICATE_REGISTER = "duplicate-register"
    SIGNED_SHEET_CHANGED = "signed-sheet-changed"
    EARLY_SIGNATURE = "early-signature"  # a sheet signed or approved before its month's last day
    ALREADY_CLAIMED = "already-claimed"  # in an earlier payment claim (coopdocs.claims.ledger)
    CLAIMED_ROW_CHANGED = "claimed-row-changed"  # a register row claimed earlier, changed since
    PROCUREMENT_THRESHOLD = "procurement-threshold"  # a purchase above rules.procurement, no procedure
    PROCUREMENT_SUPPLIER = "procurement-supplier"  # a supplier's invoices add up above it

    def label(self, lang: str = "fr") -> str:
        """What the kind means, in words (the catalogue's `anomaly` group)."""
        return label("anomaly", self.value, lang)

    @property
    def severity(self) -> Severity:
        """`bloquant`: a controller would reject the claim as it stands; `a-verifier`: a person
        checks and explains (a weekend worked, hours above the plan…)."""
        return Severity.TO_CHECK if self in TO_CHECK else Severity.BLOCKING


class Severity(StrEnum):
    BLOCKING = "bloquant"
    TO_CHECK = "a-verifier"


TO_CHECK = {
    AnomalyKind.HOLIDAY,
    AnomalyKind.WEEKEND,
    AnomalyKind.OVER_DAILY_MAX,
    AnomalyKind.MISSING_MONTH,
    AnomalyKind.PAYMENT_BEFORE_INVOICE,
    AnomalyKind.UNKNOWN_COLUMN,
    AnomalyKind.HOURS_VS_CONTRACT,
    AnomalyKind.HOURS_OVER_PLAN,
    AnomalyKind.CLAIMED_ROW_CHANGED,
    AnomalyKind.PROCUREMENT_THRESHOLD,
    AnomalyKind.PROCUREMENT_SUPPLIER,
    AnomalyKind.EARLY_SIGNATURE,
}


@dataclass
class Anomaly:
    """One finding, where a person can act on it (the file, sheet and cell when there is one),
    and what it says as a key and typed arguments: its words are found in the reader's
    language (`text`), from the catalogue's `anomaly_text`."""

    kind: AnomalyKind
    args: Mapping[str, Arg] = field(default_factory=dict)
    agent: str = ""
    date: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    partner: str = ""
    month: str = ""
    key: str = ""  # the message's key when the kind says it in several ways (default: the kind)

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    @property
    def where(self) -> str:
        return cell_address(self.file, self.sheet, self.cell)

    def text(self, lang: str = "fr") -> str:
        return say("anomaly_text", self.key or self.kind.value, self.args, lang)

    def phrase(self) -> Phrase:
        """The anomaly inside another message, « where: text » in that message's language."""
        text = Phrase(self.key or self.kind.value, self.args, "anomaly_text")
        return Phrase("located", {"where": self.where, "text": text}, "anomaly_text") if self.where else text

    @property
    def message(self) -> str:
        """The French text (the CLI's language)."""
        return self.text("fr")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def as_dict(self, lang: str = "fr") -> dict[str, Any]:
        """The JSON of `bilan --json`: the message in the language asked, beside its key and arguments."""
        located = {name: getattr(self, name) for name in ("agent", "date", "file", "sheet", "cell", "partner", "month")}
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "message": self.text(lang),
            "key": self.key or self.kind.value,
            "args": {name: as_json(value) for name, value in self.args.items()},
            **located,
        }


def cell_address(file: str, sheet: str, cell: str) -> str:
    """« zoe-martin_2028-05.xlsx!Feuille!C15 »: where a person finds what an anomaly is about."""
    return "!".join(part for part in (file, sheet, cell) if part)


class UnreadableForm(CoopdocsError):
    """A file that is not a readable form (kind `unreadable`), with the reason."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path.name} : {reason}")


def holiday(place: tuple[str, str | None], day: dt.date) -> Holiday:
    """The holiday of `day` at the employer's `place`, named in every language of the catalogue."""
    from coopdocs.calendar import public_holidays
    from coopdocs.words import LANGUAGES

    return Holiday(day, tuple((lang, public_holidays(*place, day.year, lang).get(day, "")) for lang in LANGUAGES))


def fmt_hours(hours: float) -> str:
    """« 7,5 » : hours as a French reader writes them."""
    return f"{hours:g}".replace(".", ",")


def sheet_anomalies(
    sheet: TimeSheet,
    start: dt.date,
    end: dt.date,
    weekly_hours: float,
    holidays: dict[dt.date, str],
    place: tuple[str, str | None] | None = None,
) -> list[Anomaly]:
    """Day-level anomalies of one sheet, per date (two rows for one date are one day): holiday,
    weekend, over-daily-max, absence-with-hours, outside-period. Hours are flagged, never changed.
    With the employer's `place` (country, subdivision), a holiday is named in the reader's language."""
    found = []
    daily_contract = weekly_hours / 5
    by_date: dict[dt.date, list[Day]] = {}
    for day in sheet.days:
        by_date.setdefault(day.date, []).append(day)

    def flag(kind: AnomalyKind, day: Day, column: str, args: Mapping[str, Arg], key: str = "") -> None:
        cell = f"{sheet.columns.get(column, 'A')}{day.row}"
        where = dict(agent=sheet.agent, date=day.date.isoformat(), file=sheet.path.name, sheet=sheet.sheet, cell=cell)
        found.append(Anomaly(kind, {"date": day.date, **args}, **where, month=sheet.month, key=key))

    for date, rows in sorted(by_date.items()):
        total = sum(r.total for r in rows)
        if total <= 0:
            continue
        first, hours = rows[0], {"hours": total}
        if not start <= date <= end:
            flag(AnomalyKind.OUTSIDE_PERIOD, first, TOTAL, {**hours, "start": start, "end": end})
        if date in holidays:
            name: Arg = holiday(place, date) if place else holidays[date]
            flag(AnomalyKind.HOLIDAY, first, TOTAL, {**hours, "holiday": name})
        elif date.weekday() >= 5:
            flag(
                AnomalyKind.WEEKEND,
                first,
                TOTAL,
                hours,
                "weekend-saturday" if date.weekday() == 5 else "weekend-sunday",
            )
        if total > DAILY_MAX or total > daily_contract + 1e-9:
            limit = {"limit": min(DAILY_MAX, daily_contract), "daily": daily_contract, "most": DAILY_MAX}
            several = {"rows": len(rows)} if len(rows) > 1 else {}
            key = "over-daily-max-rows" if several else ""
            flag(AnomalyKind.OVER_DAILY_MAX, first, TOTAL, {**hours, **limit, **several}, key)
        half_day = total <= daily_contract / 2 + 1e-9  # a half day of leave, the other half worked
        for row in rows:
            if row.absence and not half_day and not (row.absence == "FER" and date in holidays):
                flag(AnomalyKind.ABSENCE_WITH_HOURS, row, ABSENCE, {**hours, "code": row.absence})
    return found


def absent_days(sheet: TimeSheet, working: set[dt.date], daily: float) -> float:
    """The working days of absence (a public holiday is none): a day with a code and at most half
    a day's hours counts one half, the other half worked."""
    hours: dict[dt.date, float] = {}
    absent: set[dt.date] = set()
    for day in sheet.days:
        if day.date in working:
            hours[day.date] = hours.get(day.date, 0.0) + day.total
            if day.absence and day.absence != "FER":
                absent.add(day.date)
    return sum(0.5 if 0 < hours[date] <= daily / 2 + 1e-9 else 1.0 for date in absent)


def contract_anomalies(
    sheet: TimeSheet, span: tuple[dt.date, dt.date], weekly_hours: float, holidays: dict[dt.date, str]
) -> list[Anomaly]:
    """hours-vs-contract: the month's project, other and absence hours against its contract hours
    (working days on the project × the contract's daily hours)."""
    daily = weekly_hours / 5
    month_days = {d.date for d in sheet.days}
    working = [d for d in month_days if d.weekday() < 5 and d not in holidays and span[0] <= d <= span[1]]
    if not working:
        return []
    absent = absent_days(sheet, set(working), daily)
    worked = sum(d.total for d in sheet.days)
    declared = worked + absent * daily
    contract = len(working) * daily
    if declared <= contract + 0.01:
        return []
    args: dict[str, Arg] = {
        "declared": round(declared, 2),
        "month": Month(sheet.month),
        "worked": round(worked, 2),
        "absent": absent,
        "daily": round(daily, 2),
        "contract": round(contract, 2),
        "working": len(working),
    }
    where = dict(agent=sheet.agent, file=sheet.path.name, sheet=sheet.sheet, month=sheet.month)
    return [Anomaly(AnomalyKind.HOURS_VS_CONTRACT, args, **where)]


def annual_anomalies(agent: str, sheets: Iterable[TimeSheet], basis: float) -> list[Anomaly]:
    """over-annual-basis: a calendar year's hours on the project above the agent's basis."""
    limit = round(basis, 2)
    return [
        Anomaly(AnomalyKind.OVER_ANNUAL_BASIS, {"hours": hours, "year": year, "basis": limit}, agent, f"{year}-12-31")
        for year, hours in _project_hours_above(sheets, "%Y", basis)
    ]


def monthly_anomalies(agent: str, sheets: Iterable[TimeSheet], cap: float) -> list[Anomaly]:
    """over-monthly-basis: under the monthly method (CPR art. 55(3)), a month's hours on the project
    above the month's contractual hours the rate was computed on."""
    limit = round(cap, 2)
    return [
        Anomaly(
            AnomalyKind.OVER_MONTHLY_BASIS, {"hours": hours, "month": Month(month), "cap": limit}, agent, f"{month}-01"
        )
        for month, hours in _project_hours_above(sheets, "%Y-%m", cap)
    ]


def _project_hours_above(sheets: Iterable[TimeSheet], pattern: str, limit: float) -> list[tuple[str, float]]:
    """(year or month, its hours rounded to the hundredth) where the hours on the project pass
    `limit`, by year (`%Y`) or month (`%Y-%m`), in order: the annual and the monthly caps are
    one check, a float's slack (1e-9) spared."""
    totals: dict[str, float] = {}
    for sheet in sheets:
        for day in sheet.days:
            key = day.date.strftime(pattern)
            totals[key] = totals.get(key, 0.0) + day.project_hours
    return [(key, round(hours, 2)) for key, hours in sorted(totals.items()) if hours > limit + 1e-9]


def missing_months(agent: str, expected: Iterable[str], present: Iterable[str]) -> list[Anomaly]:
    have = set(present)
    return [
        Anomaly(AnomalyKind.MISSING_MONTH, {"month": Month(month)}, agent, f"{month}-01")
        for month in expected
        if month not in have
    ]
