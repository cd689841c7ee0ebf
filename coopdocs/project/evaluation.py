"""What the project set out to do and what it learnt: indicators with their targets and measured
values, the evaluation plan, the experience sheet's own texts (contract v3: `indicators`,
`evaluation`, `capitalisation`).

An indicator's `code` is the programme's (Interreg's RCO/RCR of Reg. 2021/1058 annex I, a
LEADER managing authority's own): free text, never checked against a list coopdocs would invent.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, field_validator

from coopdocs.project._types import EMAIL, Date, Slug, Strict, Text, refused

IndicatorKind = Literal["realisation", "resultat"]
EvaluatorKind = Literal["interne", "externe"]


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise refused("finite_number")
    return value


class Measure(Strict):
    """A value of the indicator measured on a date: where it stands then (not what was added)."""

    date: Date = Field(description="Date de la mesure (AAAA-MM-JJ).")
    value: float = Field(
        description="Valeur mesurée à cette date (le niveau atteint, pas l'ajout depuis la précédente)."
    )
    source: Text | None = Field(
        default=None,
        description="D'où vient la valeur : un livrable (« Annuaire des producteurs »), le carnet de bord, "
        "un comptage saisi à la main…",
    )

    @field_validator("value")
    @classmethod
    def _finite_value(cls, value: float) -> float:
        _finite(value)
        return value


class Indicator(Strict):
    id: Slug
    name: Text = Field(description="Intitulé de l'indicateur (ex. « Producteurs membres du réseau »).")
    unit: Text = Field(description="Unité (ex. « producteurs », « km », « visiteurs »).")
    kind: IndicatorKind = Field(
        description="realisation (ce que le projet produit : km balisés, sessions tenues) ou resultat (l'effet "
        "obtenu : producteurs qui vendent en circuit court)."
    )
    code: str | None = Field(
        default=None,
        description="Code de l'indicateur dans le programme (ex. RCO 87, RCR 79), texte libre recopié du programme.",
    )
    baseline: float | None = Field(default=None, description="Valeur de départ (défaut : 0).")
    target: float | None = Field(default=None, description="Valeur cible à atteindre.")
    target_date: Date | None = Field(default=None, description="Date à laquelle la cible doit être atteinte.")
    work_package: str | None = Field(default=None, description="Lot de travail qui le mesure (son identifiant).")
    values: list[Measure] = Field(default_factory=list, description="Valeurs mesurées, datées, avec leur source.")

    @field_validator("baseline", "target")
    @classmethod
    def _finite_numbers(cls, value: float | None) -> float | None:
        return _finite(value)

    @property
    def start_value(self) -> float:
        return self.baseline if self.baseline is not None else 0.0

    def last_measure(self, day: dt.date | None = None) -> Measure | None:
        """The latest value measured by `day` (every value without it); on one date, the last given."""
        measured = [m for m in self.values if day is None or m.date <= day]
        return max(reversed(measured), key=lambda m: m.date) if measured else None

    def share_of_way(self, value: float | None) -> float | None:
        """The share of the way from the baseline to the target (value ÷ target when the baseline
        is 0), to 4 decimals; None without a target or a value, or when the target is the baseline."""
        if value is None or self.target is None or self.target == self.start_value:
            return None
        return round((value - self.start_value) / (self.target - self.start_value), 4)


def work_package_code(work_packages: Sequence[Any], wp_id: str | None) -> str:
    """How people name a work package (`work_packages[].code`, default `WP<n>` in order); "" for none."""
    for index, wp in enumerate(work_packages, start=1):
        if wp.id == wp_id:
            return str(getattr(wp, "code", None) or f"WP{index}")
    return ""


class Evaluator(Strict):
    name: Text = Field(description="Qui évalue (une personne, un cabinet, le comité technique…).")
    kind: EvaluatorKind = Field(description="interne (l'équipe ou un partenaire) ou externe (un prestataire).")


class EvaluationMilestone(Strict):
    date: Date = Field(description="Date de ce temps d'évaluation.")
    what: Text = Field(description="Ce qui est fait à cette date (ex. « évaluation à mi-parcours »).")


class Evaluation(Strict):
    """Le plan d'évaluation (suivi/plan-evaluation.docx) : qui évalue, sur quoi, quand."""

    evaluator: Evaluator = Field(description="Qui évalue, interne ou externe.")
    questions: list[Text] = Field(min_length=1, description="Les questions auxquelles l'évaluation répond.")
    indicators: list[Slug] | None = Field(
        default=None,
        description="Les indicateurs qui y répondent (identifiants de `indicators`) ; défaut : tous.",
    )
    milestones: list[EvaluationMilestone] = Field(
        default_factory=list, description="Les temps de l'évaluation (mi-parcours, finale…)."
    )


class CapContact(Strict):
    name: Text = Field(description="Nom de la personne à contacter.")
    email: str | None = Field(default=None, pattern=EMAIL, description="Adresse électronique.")


class Capitalisation(Strict):
    """Les textes propres de la fiche d'expérience (capitalisation/fiche-experience.docx)."""

    lessons: list[Text] = Field(min_length=1, description="Ce qui a marché, ce qui n'a pas marché : les leçons.")
    next_steps: list[Text] = Field(default_factory=list, description="Ce qui vient après le projet.")
    contacts: list[CapContact] = Field(
        default_factory=list, description="Qui contacter (défaut : le contact du chef de file)."
    )


class Location(Strict):
    """Where a partner sits on the experience sheet's map (decimal degrees, WGS 84)."""

    lat: float = Field(ge=-90, le=90, description="Latitude en degrés décimaux (ex. 48.82).")
    lon: float = Field(ge=-180, le=180, description="Longitude en degrés décimaux (ex. 6.72).")

    @field_validator("lat", "lon")
    @classmethod
    def _finite_degrees(cls, value: float) -> float:
        _finite(value)
        return value
