"""What the time-sheet, documents and bilan pages say instead of codes: a month in words (« mai
2028 »), a period in words (« 1er semestre 2027 »), the project's periods for the bilan and the
claim (from its reporting frequency and dates: chosen in a list, never typed), a day of the grid
(« samedi, week-end »), an absence code spelt out, and who an anomaly is about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coopdocs.calendar import WEEKDAYS, months, period_bounds
from coopdocs.errors import CoopdocsError
from coopdocs.formats import long_date, month_text, period_text
from coopdocs.words import label

if TYPE_CHECKING:
    from coopdocs.forms.anomalies import Anomaly
    from coopdocs.project.model import ProjectFile

# The reporting frequency's period, as `coopdocs bilan --period` spells it.
GRAIN = {"monthly": "month", "quarterly": "quarter", "semiannual": "half", "annual": "year"}
GRAINS = ("year", "half", "quarter", "month")


def word(key: str, lang: str, **values: object) -> str:
    text = label("work", key, lang)
    return text.format(**values) if values else text


def today() -> dt.date:
    """The machine's day, in one place (a test sets it)."""
    return dt.date.today()


def month_words(month: str, lang: str = "fr") -> str:
    """« mai 2028 » / « May 2028 » for `2028-05` (the text itself when it is no month)."""
    return month_text(month, lang)


def period_words(period: str, lang: str = "fr") -> str:
    """« année 2027 », « 1er semestre 2027 », « 2e trimestre 2028 », « mars 2027 »."""
    return period_text(period, lang)


@dataclass
class PeriodChoices:
    """The periods a bilan or a claim may cover: the reporting periods first, then the others,
    by kind (years, semesters, quarters, months), each clipped to the project's dates."""

    reporting: str  # the grain of the project's reporting frequency
    groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # (heading, [(value, words)])

    @property
    def values(self) -> set[str]:
        return {value for _, options in self.groups for value, _ in options}

    @property
    def first(self) -> str:
        return self.groups[0][1][0][0] if self.groups and self.groups[0][1] else ""


def _of_grain(grain: str, start: dt.date, end: dt.date) -> list[str]:
    found: list[str] = []
    for year in range(start.year, end.year + 1):
        if grain == "year":
            candidates = [str(year)]
        elif grain == "half":
            candidates = [f"{year}-S1", f"{year}-S2"]
        elif grain == "quarter":
            candidates = [f"{year}-T{q}" for q in range(1, 5)]
        else:
            candidates = [m for m in months(start, end) if m.startswith(f"{year}-")]
        for candidate in candidates:
            try:
                period_bounds(candidate, start, end)
            except CoopdocsError:  # outside the project's dates
                continue
            found.append(candidate)
    return found


def period_choices(project: ProjectFile, lang: str = "fr") -> PeriodChoices:
    start, end = project.project.start, project.project.end
    reporting = GRAIN.get(project.reporting.frequency, "half")
    choices = PeriodChoices(reporting)
    frequency = label("frequency", project.reporting.frequency, lang)
    for grain in (reporting, *(g for g in GRAINS if g != reporting)):
        heading = (
            word("periods_reporting", lang, frequency=frequency)
            if grain == reporting
            else word(f"periods_{grain}", lang)
        )
        options = [(p, period_words(p, lang)) for p in _of_grain(grain, start, end)]
        if options:
            choices.groups.append((heading, options))
    return choices


def guessed(typed: str, choices: PeriodChoices) -> str:
    """The project's period a person meant by « T1 2027 », « 2027 s2 » or « 03/2027 » ("" when
    none): offered as a link beside the refusal."""
    import re

    text = typed.strip().upper().replace("Q", "T").replace("H", "S")  # Q1, H2 as English writes them
    found = re.fullmatch(r"([ST])\s*([1-4])\s*[-/ ]?\s*([0-9]{4})|([0-9]{4})\s*[-/ ]?\s*([ST])\s*([1-4])", text)
    month = re.fullmatch(r"([0-9]{1,2})\s*[-/ ]\s*([0-9]{4})", text)
    if found:
        part, number, year = (found[1], found[2], found[3]) if found[1] else (found[5], found[6], found[4])
        candidate = f"{year}-{part}{number}"
    elif month:
        candidate = f"{month[2]}-{int(month[1]):02d}"
    else:
        return ""
    return candidate if candidate in choices.values else ""


def day_words(row: dict[str, object], lang: str = "fr") -> str:
    """What the colour of a grid row says, in words: « samedi, week-end », « lundi, férié
    (Lundi de Pentecôte) », « hors de la période de l'agent »."""
    day = dt.date.fromisoformat(str(row["date"]))
    said = [WEEKDAYS[lang][day.weekday()]]
    if row.get("outside"):
        said.append(word("day_outside", lang))
    elif row.get("holiday"):
        said.append(word("day_holiday", lang, name=row["holiday"]))
    elif row.get("weekend"):
        said.append(word("day_weekend", lang))
    return ", ".join(said)


def date_words(date: str, lang: str = "fr") -> str:
    """« 1er mars 2027 » for 2027-03-01."""
    return long_date(dt.date.fromisoformat(date), lang)


def absence_words(code: str, lang: str = "fr") -> str:
    """« congés payés » for CP (the code itself when unknown)."""
    try:
        return label("work", f"absence_{code}", lang)
    except KeyError:
        return code


def who(anomaly: Anomaly, project: ProjectFile, lang: str = "fr") -> str:
    """The agent's or the partner's name an anomaly is about ("" when none)."""
    from coopdocs.project.model import in_language

    if anomaly.agent:
        found = next((a for a in project.agents if a.id == anomaly.agent), None)
        if found is not None:
            return found.name
    partner = anomaly.partner or ""
    if partner:
        named = next((p for p in project.partners if p.id == partner), None)
        if named is not None:
            return str(in_language(named.name, lang))
    return ""


def to_do(anomaly: Anomaly, lang: str = "fr") -> str:
    """What a person does about an anomaly, in words."""
    try:
        return label("anomaly_todo", anomaly.kind.value, lang)
    except KeyError:
        return ""
