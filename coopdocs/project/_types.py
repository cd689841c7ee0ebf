"""The plain types of the project file (slugs, dates, amounts, shares), shared by its models."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

SLUG = r"^[a-z0-9][a-z0-9-]{0,39}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

# Names Windows refuses for a file or folder, whatever the extension: ids become file names.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
YEARS = (1990, 2100)  # plausible years of a cooperation project's dates
MAX_PROJECT_YEARS = 20  # EU programming periods last 7 years, extensions included 10


def _not_reserved(value: str) -> str:
    if value in RESERVED_NAMES:
        raise ValueError(
            f"identifiant « {value} » réservé par Windows pour les noms de fichiers : choisissez-en un autre"
        )
    return value


def _iso_date_text(value: object) -> object:
    """Dates are written AAAA-MM-JJ: a number (Unix time) or a date-time is refused, not guessed."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"date invalide « {value} » : format AAAA-MM-JJ attendu")
    if not isinstance(value, str | dt.date):
        raise ValueError(f"date invalide « {value} » : format AAAA-MM-JJ attendu")
    return value


def _plausible_year(value: dt.date) -> dt.date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"date {value.isoformat()} invraisemblable : année entre {YEARS[0]} et {YEARS[1]} attendue")
    return value


Slug = Annotated[
    str,
    Field(pattern=SLUG, description="Identifiant court : minuscules, chiffres et tirets (40 caractères au plus)."),
    AfterValidator(_not_reserved),
]
Date = Annotated[dt.date, BeforeValidator(_iso_date_text), AfterValidator(_plausible_year)]
Text = Annotated[str, Field(min_length=1)]
Amount = Annotated[
    Decimal,
    Field(ge=0, le=10**12, decimal_places=2, description="Montant en devise du projet, deux décimales au plus."),
]
Share = Annotated[float, Field(ge=0, le=1, description="Part décimale entre 0 et 1 (0.5 = 50 %).")]


class Strict(BaseModel):
    """Unknown keys are refused: a typo must never drop data silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)
