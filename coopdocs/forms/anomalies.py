"""What a controller would question in the filled forms: the one list of anomaly kinds, the
`Anomaly` record every reader and the bilan share, and the rules over a sheet's days.

Declared hours and amounts are flagged, never changed: a person fixes the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from coopdocs.errors import CoopdocsError
from coopdocs.forms.timesheet_form import ABSENCE, DAILY_MAX, TOTAL
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
    OUTSIDE_PERIOD = "outside-period"
    MISSING_MONTH = "missing-month"
    UNREADABLE = "unreadable"
    INVALID_VALUE = "invalid-value"
    MISSING_INVOICE_NUMBER = "missing-invoice-number"
    UNKNOWN_CATEGORY = "unknown-category"
    PAYMENT_BEFORE_INVOICE = "payment-before-invoice"
    EXPENSE_OUTSIDE_PERIOD = "expense-outside-period"

    def label(self, lang: str = "fr") -> str:
        """What the kind means, in words (the catalogue's `anomaly` group)."""
        return label("anomaly", self.value, lang)


@dataclass
class Anomaly:
    kind: AnomalyKind
    message: str
    agent: str = ""
    date: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""

    @property
    def where(self) -> str:
        return "!".join(part for part in (self.file, self.sheet, self.cell) if part)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items()}


class UnreadableForm(CoopdocsError):
    """A file that is not a readable form (kind `unreadable`), with the reason."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path.name} : {reason}")


def fmt_hours(hours: float) -> str:
    """« 7,5 » : hours as a French reader writes them."""
    return f"{hours:g}".replace(".", ",")


def sheet_anomalies(
    sheet: TimeSheet, start: dt.date, end: dt.date, weekly_hours: float, holidays: dict[dt.date, str]
) -> list[Anomaly]:
    """Day-level anomalies of one sheet: holiday, weekend, over-daily-max, absence-with-hours,
    outside-period. Declared hours are flagged, never changed."""
    found = []
    daily_contract = weekly_hours / 5

    def flag(kind: AnomalyKind, day: Day, column: str, message: str) -> None:
        cell = f"{sheet.columns.get(column, 'A')}{day.row}"
        found.append(Anomaly(kind, message, sheet.agent, day.date.isoformat(), sheet.path.name, sheet.sheet, cell))

    for day in sheet.days:
        if day.total <= 0:
            continue
        when = day.date.strftime("%d/%m/%Y")
        total = fmt_hours(day.total)
        if not start <= day.date <= end:
            flag(
                AnomalyKind.OUTSIDE_PERIOD,
                day,
                TOTAL,
                f"{total} h le {when}, hors de la période de l'agent sur le projet ({start:%d/%m/%Y} → {end:%d/%m/%Y})",
            )
        if day.date in holidays:
            flag(AnomalyKind.HOLIDAY, day, TOTAL, f"{total} h le {when}, jour férié ({holidays[day.date]})")
        elif day.date.weekday() >= 5:
            flag(
                AnomalyKind.WEEKEND,
                day,
                TOTAL,
                f"{total} h le {when}, un {'samedi' if day.date.weekday() == 5 else 'dimanche'}",
            )
        if day.total > DAILY_MAX or day.total > daily_contract + 1e-9:
            limit = min(DAILY_MAX, daily_contract)
            flag(
                AnomalyKind.OVER_DAILY_MAX,
                day,
                TOTAL,
                f"{total} h le {when}, au-delà du maximum journalier ({fmt_hours(limit)} h : "
                f"{fmt_hours(daily_contract)} h par jour au contrat, {DAILY_MAX} h au plus)",
            )
        if day.absence and not (day.absence == "FER" and day.date in holidays):
            flag(AnomalyKind.ABSENCE_WITH_HOURS, day, ABSENCE, f"{total} h le {when}, jour d'absence ({day.absence})")
    return found


def annual_anomalies(agent: str, sheets: Iterable[TimeSheet], basis: float) -> list[Anomaly]:
    """over-annual-basis: a calendar year's hours on the project above the agent's basis."""
    by_year: dict[int, float] = {}
    for sheet in sheets:
        for day in sheet.days:
            by_year[day.date.year] = by_year.get(day.date.year, 0.0) + day.project_hours
    return [
        Anomaly(
            AnomalyKind.OVER_ANNUAL_BASIS,
            f"{fmt_hours(round(hours, 2))} h déclarées sur le projet en {year}, au-delà de la "
            f"base annuelle de l'agent ({fmt_hours(round(basis, 2))} h)",
            agent,
            f"{year}-12-31",
        )
        for year, hours in sorted(by_year.items())
        if hours > basis + 1e-9
    ]


def missing_months(agent: str, expected: Iterable[str], present: Iterable[str]) -> list[Anomaly]:
    have = set(present)
    return [
        Anomaly(AnomalyKind.MISSING_MONTH, f"aucune feuille de temps pour {month}", agent, f"{month}-01")
        for month in expected
        if month not in have
    ]
