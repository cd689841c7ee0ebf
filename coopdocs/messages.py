"""A message is a key and typed arguments; its words are found at the edge, in the reader's
language, from the catalogue (Jems does the same: an error is a translation key with arguments).

The core builds `say`-able values and never French text: an English bilan then shows English
messages, and the JSON carries the arguments beside the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Union

from coopdocs import french
from coopdocs.words import closest, label


@dataclass(frozen=True)
class Amount:
    """An amount of money, shown « 1 200,00 € » / « €1,200.00 »."""

    value: Decimal
    currency: str = "EUR"


@dataclass(frozen=True)
class Share:
    """A fraction, shown as a percentage (« 120 % » / « 120% »)."""

    value: float


@dataclass(frozen=True)
class Holiday:
    """A public holiday, with its name in each language (the holidays package's, found by the
    caller: this floor knows no calendar)."""

    day: dt.date
    names: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Month:
    """A month, `2028-05`, shown « mai 2028 » / « May 2028 » (its JSON stays `2028-05`)."""

    value: str


@dataclass(frozen=True)
class LongDate:
    """A day in words, « 3 décembre 2026 » / « 3 December 2026 » (its JSON stays ISO)."""

    value: dt.date


@dataclass(frozen=True)
class Word:
    """A word of another group of the catalogue (a category, a status…)."""

    group: str
    key: str


@dataclass(frozen=True)
class Phrase:
    """A message inside a message (a clause of a list), resolved in the same language."""

    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)
    group: str = ""  # another group of the catalogue (an anomaly inside an error), else the message's own


Arg = Union[  # noqa: UP007
    str, int, float, Decimal, dt.date, Amount, Share, Holiday, Month, LongDate, Word, Phrase, tuple[Phrase, ...]
]


def say(group: str, key: str, args: Mapping[str, Arg], lang: str) -> str:
    """The catalogue's text for `key` of `group` in `lang`, its `{names}` filled with the
    arguments shown as that language writes them."""
    values = {name: shown(value, group, lang) for name, value in args.items()}
    return (
        french.filled(label(group, key, lang), values) if lang == "fr" else label(group, key, lang).format_map(values)
    )


def shown(value: Arg, group: str, lang: str) -> str:
    """One argument in words: numbers with the language's decimal mark, dates as 31/12/2028,
    amounts and shares by Babel, phrases resolved."""
    from coopdocs import formats

    if isinstance(value, Phrase):
        return say(value.group or group, value.key, value.args, lang)
    if isinstance(value, Word):
        return label(value.group, value.key, lang)
    if isinstance(value, Holiday):
        return dict(value.names).get(lang, "")
    if isinstance(value, Month):
        return formats.month_text(value.value, lang)
    if isinstance(value, LongDate):
        return formats.long_date(value.value, lang)
    if isinstance(value, tuple):
        return ", ".join(shown(v, group, lang) for v in value)
    if isinstance(value, Amount):
        return formats.money(value.value, lang, value.currency)
    if isinstance(value, Share):
        return formats.percent(value.value, lang, 0)
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return text.replace(".", ",") if lang == "fr" else text
    return value


def as_json(value: Arg) -> Any:
    """An argument as JSON: numbers stay numbers, dates ISO, amounts to the cent."""
    if isinstance(value, Phrase):
        return {"key": value.key, "args": {k: as_json(v) for k, v in value.args.items()}}
    if isinstance(value, Word):
        return value.key
    if isinstance(value, Holiday):
        return shown(value, "", "fr")
    if isinstance(value, Month):
        return value.value
    if isinstance(value, LongDate):
        return value.value.isoformat()
    if isinstance(value, tuple):
        return [as_json(v) for v in value]
    if isinstance(value, Amount):
        return {"amount": float(value.value), "currency": value.currency}
    if isinstance(value, Share):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def chained(phrases: list[Phrase], key: str) -> Phrase:
    """« a ; b ; c », « a et b et c »: the phrases joined two by two by the catalogue's `key`
    (its `{first}` and `{rest}`), in the message's language."""
    if len(phrases) == 1:
        return phrases[0]
    return Phrase(key, {"first": phrases[0], "rest": chained(phrases[1:], key)})


def did_you_mean(word: str, known: list[str], group: str = "") -> Phrase | str:
    """« — vouliez-vous dire `x` ? » when a known id is close to a misspelt one, else nothing
    (key `did-you-mean` of the groups `problem` and `error`; `group` when the message is of another)."""
    close = closest(word, known)
    return Phrase("did-you-mean", {"word": close}, group) if close else ""


def known_ids(ids: list[str], feminine: bool = False, group: str = "") -> Phrase:
    """« connus : a, b » (or « aucun n'est défini »), to follow an unknown id."""
    if not ids:
        return Phrase("none-known-f" if feminine else "none-known", {}, group)
    return Phrase("known-f" if feminine else "known", {"ids": ", ".join(ids)}, group)


def unknown_id(word: str, known: list[str], feminine: bool = False, group: str = "") -> dict[str, Arg]:
    """The arguments of a refusal of an unknown id: `id`, `suggestion` (did_you_mean), `known` (known_ids)."""
    return {"id": word, "suggestion": did_you_mean(word, known, group), "known": known_ids(known, feminine, group)}
