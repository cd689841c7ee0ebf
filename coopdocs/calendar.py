"""Days and months: public holidays by country and subdivision, working days, months, periods."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from functools import lru_cache

from coopdocs.errors import CoopdocsError

# holidays names Alsace-Moselle `57` (Moselle) and `6AE` (Bas-Rhin and Haut-Rhin, as one).
SUBDIVISION_ALIASES = {"FR-67": "6AE", "FR-68": "6AE"}
WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


# The holidays package's language codes for ours, in order of preference.
HOLIDAY_LANGUAGES = {"fr": ("fr",), "en": ("en_US", "en_GB", "en")}


@lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str | None, year: int, lang: str = "fr") -> dict[dt.date, str]:
    """Public holidays of a country (and subdivision when the holidays package knows it), by
    date, named in `lang` when the package has names in it. Unknown countries: none."""
    import holidays

    try:
        base = holidays.country_holidays(country)
    except NotImplementedError:
        return {}
    subdiv = None
    if subdivision:
        code = SUBDIVISION_ALIASES.get(subdivision, subdivision.split("-", 1)[1])
        if code in base.subdivisions:
            subdiv = code
    supported = getattr(base, "supported_languages", ())
    language = next((code for code in HOLIDAY_LANGUAGES[lang] if code in supported), None)
    found = holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    return dict(sorted(found.items()))


def known_subdivisions(country: str) -> list[str] | None:
    """The ISO 3166-2 codes the holidays package has holidays for in `country` (aliases
    included), or None when it has none by ISO code (then any well-formed code is taken)."""
    import holidays

    try:
        base = holidays.country_holidays(country)
    except NotImplementedError:
        return None
    known = {f"{country}-{code}" for code in base.subdivisions if code.replace(" ", "").isalnum() and len(code) <= 3}
    known |= {alias for alias, code in SUBDIVISION_ALIASES.items() if alias.startswith(country + "-")}
    return sorted(known) or None  # Belgium's are language communities, not ISO codes


def month_days(month: str) -> list[dt.date]:
    year, number = parse_month(month)
    return [dt.date(year, number, d) for d in range(1, _calendar.monthrange(year, number)[1] + 1)]


def parse_month(month: str) -> tuple[int, int]:
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise CoopdocsError.of("month-invalid", month=month)
    return int(match.group(1)), int(match.group(2))


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), refused if `last` comes before `first`."""
    (y1, m1), (y2, m2) = parse_month(first), parse_month(last)
    if (y2, m2) < (y1, m1):
        raise CoopdocsError.of("to-before", last=last, first=first)
    return months(dt.date(y1, m1, 1), dt.date(y2, m2, 1))


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months(start: dt.date, end: dt.date) -> list[str]:
    """Every month touched from start to end inclusive, as YYYY-MM."""
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def working_days(days: list[dt.date], holidays: dict[dt.date, str]) -> list[dt.date]:
    return [d for d in days if d.weekday() < 5 and d not in holidays]


FINAL = "final"  # `bilan --period final`: the whole project


def period_bounds(period: str, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """A bilan period (`2028`, `2028-S1`, `2028-T2`, `2028-05`), clipped to the project's dates;
    `final` is the whole project."""
    if period == FINAL:
        return start, end
    match = re.fullmatch(r"([0-9]{4})(?:-(S[12]|T[1-4]|[0-9]{2}))?", period)
    if not match:
        raise CoopdocsError.of("period-invalid", period=period)
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        first, last = (1, 12)
    elif part[0] == "S":
        first = 1 if part == "S1" else 7
        last = first + 5
    elif part[0] == "T":
        first = 3 * int(part[1]) - 2
        last = first + 2
    else:
        first = last = int(part)
        if not 1 <= first <= 12:
            raise CoopdocsError.of("period-month", period=period, month=first)
    lower = max(dt.date(year, first, 1), start)
    upper = min(dt.date(year, last, _calendar.monthrange(year, last)[1]), end)
    if lower > upper:
        raise CoopdocsError.of("period-outside", period=period, start=start.isoformat(), end=end.isoformat())
    return lower, upper


def reporting_periods(frequency: str, start: dt.date, end: dt.date) -> list[str]:
    """The periods of the bilans from `reporting.frequency` (monthly, quarterly, semiannual,
    annual) and the project's dates, in order: together they cover the project once."""
    size = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}[frequency]
    found: list[str] = []
    for month in months(start, end):
        year, number = int(month[:4]), int(month[5:])
        part = (number - 1) // size + 1
        name = {1: month, 3: f"{year}-T{part}", 6: f"{year}-S{part}", 12: str(year)}[size]
        if not found or found[-1] != name:
            found.append(name)
    return found
