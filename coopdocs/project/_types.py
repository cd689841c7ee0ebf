"""The plain types of the project file (slugs, dates, amounts, shares), shared by its models."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from coopdocs.messages import Arg, say

SLUG = r"^[a-z0-9][a-z0-9-]{0,39}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"  # a time of day, 14:30 (« 14h30 » is read as such, meeting.py)

# Names Windows refuses for a file or folder, whatever the extension: ids become file names.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
YEARS = (1990, 2100)  # plausible years of a cooperation project's dates
MAX_PROJECT_YEARS = 20  # EU programming periods last 7 years, extensions included 10


def refused(said: str, /, **args: Arg) -> PydanticCustomError:
    """A validator's refusal: the catalogue's problem `said` (group `problem`) with its arguments,
    which the loader says in the reader's language (its French text is pydantic's message)."""
    return PydanticCustomError(said, say("problem", said, args, "fr"), dict(args))


def _not_reserved(value: str) -> str:
    if value in RESERVED_NAMES:
        raise refused("reserved-id", value=value)
    return value


def _iso_date_text(value: object) -> object:
    """Dates are written AAAA-MM-JJ: a number (Unix time) or a date-time is refused, not guessed."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise refused("date_parsing", input=str(value))
    if not isinstance(value, str | dt.date):
        raise refused("date_parsing", input=str(value))
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise refused("finite_number")
    return value


def one_of(codes: Callable[[], frozenset[str]], said: str) -> AfterValidator:
    """A code that must be one of `codes()` (ISO lists, read when first checked); `said`: the
    catalogue's problem that refuses one, its `{value}` the code given."""

    def known(value: str) -> str:
        if value not in codes():
            raise refused(said, value=value)
        return value

    return AfterValidator(known)


def _plausible_year(value: dt.date) -> dt.date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise refused("implausible-date", day=value.isoformat(), first=YEARS[0], last=YEARS[1])
    return value


Slug = Annotated[
    str,
    Field(pattern=SLUG, description="Identifiant court : minuscules, chiffres et tirets (40 caractères au plus)."),
    AfterValidator(_not_reserved),
]
Date = Annotated[dt.date, BeforeValidator(_iso_date_text), AfterValidator(_plausible_year)]
Finite = Annotated[float, AfterValidator(_finite)]  # a number, never inf or nan
LANGUAGES = ("fr", "en")


class LocalText(str):
    """A free text given per language (`{fr: …, en: …}`). As a string it is the first text
    given, so every check and message works on it unchanged; `in_language` picks a language's."""

    texts: dict[str, str]

    def __new__(cls, texts: dict[str, str]) -> LocalText:
        text = super().__new__(cls, next(iter(texts.values())))
        text.texts = dict(texts)
        return text

    def __reduce__(self) -> tuple[type, tuple[dict[str, str]]]:
        return LocalText, (self.texts,)

    def in_language(self, lang: str) -> str:
        return self.texts.get(lang, str(self))


def _text(value: object) -> str:
    """A non-empty string, or a mapping of languages to non-empty strings."""
    if isinstance(value, dict) and value and all(k in LANGUAGES for k in value):
        if all(isinstance(v, str) and v.strip() for v in value.values()):
            return LocalText({str(k): v for k, v in value.items()})
        raise PydanticCustomError("string_too_short", "empty text")
    if isinstance(value, dict):
        raise refused("text_languages")
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "not a string")
    if not value:
        raise PydanticCustomError("string_too_short", "empty text")
    return value


def _text_data(value: str) -> str | dict[str, str]:
    return value.texts if isinstance(value, LocalText) else str(value)


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "description": "Le texte par langue des documents.",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}

# Any free text: a string, or one per language ({fr: …, en: …}) — shared/spec/project-format.md v2.
PER_LANGUAGE = PlainValidator(_text)  # what marks such a text (the workspace's form shows fr and en)
Text = Annotated[str, PER_LANGUAGE, PlainSerializer(_text_data), WithJsonSchema(_TEXT_SCHEMA)]
Amount = Annotated[
    Decimal,
    Field(ge=0, le=10**12, decimal_places=2, description="Montant en devise du projet, deux décimales au plus."),
]
Share = Annotated[float, Field(ge=0, le=1, description="Part décimale entre 0 et 1 (0.5 = 50 %).")]


class Strict(BaseModel):
    """Unknown keys are refused: a typo must never drop data silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def in_language(value: Any, lang: str) -> Any:
    """A copy of a project (or any part of it) whose texts are those of `lang`; the same object
    when nothing in it was given per language."""
    if isinstance(value, LocalText):
        return value.in_language(lang)
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = in_language(old, lang)
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        items = [in_language(item, lang) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        entries = {key: in_language(item, lang) for key, item in value.items()}
        return entries if any(entries[k] is not value[k] for k in value) else value
    return value
