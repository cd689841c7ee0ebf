"""Dates, amounts and percentages as French and English readers write them (through Babel,
imported on first use: `coopdocs --help` and error reports need none of it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@cache
def locale(lang: str) -> Locale:
    """Babel's Locale, parsed once (parsing it on every call costs more than the formatting)."""
    from babel import Locale

    return Locale.parse(LOCALES[lang])


def spoken_time(time: str | None, lang: str = "fr") -> str:
    """« 14 h 30 », « 9 h » in French (the typographic norm), « 14:30 » in English; "" for none."""
    if not time:
        return ""
    hours, minutes = time.split(":")
    if lang != "fr":
        return time
    return f"{int(hours)}\u00a0h" + (f"\u00a0{minutes}" if minutes != "00" else "")


def long_date(day: dt.date, lang: str = "fr") -> str:
    """« 1er décembre 2027 » / « 1 December 2027 »: Babel omits the French ordinal."""
    from babel.dates import format_date as _babel_date

    text = _babel_date(day, format="d MMMM y", locale=locale(lang))
    if lang == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def clipped(text: str, limit: int) -> str:
    """A label cut to `limit` characters for its place, ending with « … » when it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def month_text(month: str, lang: str = "fr") -> str:
    """« mai 2028 » / « May 2028 » for `2028-05` (the text itself when it is no month)."""
    from babel.dates import format_date as _babel_date

    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        return month
    return _babel_date(first, format="LLLL y", locale=locale(lang))


def ordinal(number: int, lang: str, feminine: bool = False) -> str:
    """1er (1re), 2e (French); 1st, 2nd, 11th (English): a rank as each language abbreviates it."""
    if lang == "fr":
        return ("1re" if feminine else "1er") if number == 1 else f"{number}e"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0, "th")
    return f"{number}{suffix}"


def period_text(period: str, lang: str = "fr", of: bool = False) -> str:
    """« année 2027 », « 1er semestre 2027 », « 2e trimestre 2028 », « mars 2027 » for 2027,
    2027-S1, 2028-T2, 2027-03 (the text itself when it is none of these); `of`: as a title
    says it, « du 1er semestre 2027 », « d'avril 2028 » / “for H1 2027”."""
    from coopdocs.french import of_person
    from coopdocs.words import label

    year, _, part = period.partition("-")
    prefix = "period_of_" if of else "period_"
    if year.isdigit() and not part:
        return label("text", prefix + "year", lang).format(year=year)
    if part[:1] in ("S", "T") and part[1:].isdigit():
        kind = "half" if part[0] == "S" else "quarter"
        return label("text", prefix + kind, lang).format(nth=ordinal(int(part[1:]), lang), year=year, n=part[1:])
    month = month_text(period, lang)
    if not of:
        return month
    return of_person(month) if lang == "fr" else f"for {month}"


def months_text(months: list[str], lang: str = "fr") -> str:
    """Months as a reader writes them, runs of consecutive months as a range: « janvier à juin
    2028 », « novembre 2027 à février 2028, mai 2028 » for 2028-01 … 2028-06 and the like."""
    from coopdocs.words import label

    runs: list[list[str]] = []
    for month in sorted(set(months)):
        if runs and _next_month(runs[-1][-1]) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    said = []
    for run in runs:
        first, last = month_text(run[0], lang), month_text(run[-1], lang)
        if len(run) == 1:
            said.append(first)
            continue
        if run[0][:4] == run[-1][:4]:  # one year: said once, at the end
            first = first.rsplit(" ", 1)[0]
        said.append(label("text", "months_range", lang).format(first=first, last=last))
    return ", ".join(said)


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def money(amount: Decimal | float | int, lang: str = "fr", currency: str = "EUR") -> str:
    """« 12 500,00 € » / « €12,500.00 »."""
    return _money(str(amount), lang, currency)


@lru_cache(maxsize=8192)
def _money(amount: str, lang: str, currency: str) -> str:
    """Babel takes a tenth of a millisecond an amount; documents repeat the same amounts."""
    from babel.numbers import format_currency

    return format_currency(Decimal(amount), currency, locale=locale(lang))


def percent(share: float, lang: str = "fr", decimals: int | None = None) -> str:
    """« 80 % » / « 80% », with up to two decimals when needed (« 12,5 % »); with `decimals`,
    always that many, so that a column of shares lines up (« 80,00 % » above « 3,76 % »)."""
    from babel.numbers import format_percent

    rounded = round(float(share), 4)  # two decimals of a percentage at most
    if decimals is None:
        return format_percent(rounded, locale=locale(lang), decimal_quantization=False)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = digits + ("\u00a0%" if lang == "fr" else "%")
    return format_percent(rounded, format=pattern, locale=locale(lang))


def months_between(start: dt.date, end: dt.date) -> int:
    """Calendar months touched from start to end inclusive (2027-01-01 → 2029-06-30: 30)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def number(value: float | Decimal, lang: str = "fr") -> str:
    """« 1 234,5 » / « 1,234.5 »: hours and plain quantities."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale(lang), decimal_quantization=False)


_INVARIABLE_ENDINGS = ("ss", "us", "is", "os", "as", "ès", "ys", "xs")


def quantity(value: float | Decimal, unit: str, lang: str = "fr") -> str:
    """« 31 producteurs », « 1 visite », « 0 visite » (French takes the singular below 2: a unit
    typed in the plural is said in the singular there, word by word, « mois » and « km » kept),
    « 1 visits » left to English as typed; the space before the unit a no-break one."""
    if lang == "fr" and abs(float(value)) < 2:
        unit = " ".join(_singular(word) for word in unit.split(" "))
    return f"{number(value, lang)}\u00a0{unit}".strip()


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.lower().endswith(_INVARIABLE_ENDINGS):
        return word[:-1]
    return word


def property_text(text: str, limit: int = 255) -> str:
    """Office file properties (title…) hold 255 characters at most: a longer text is cut there."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
