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


def property_text(text: str, limit: int = 255) -> str:
    """Office file properties (title…) hold 255 characters at most: a longer text is cut there."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
