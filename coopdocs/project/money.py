"""The money parts of the project file (version 2): programme rules, budget lines and their forms
(real costs, lump sums, unit costs), flat rates with their ceilings, allocations that change by
amendment and annual costs that change over time. The rules themselves are coopdocs.money.costs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StrictBool, field_validator, model_validator

from coopdocs.money.costs import FLAT_RULES, unit_cost_amount
from coopdocs.project._types import Amount, Date, Share, Slug, Strict, Text, refused

Category = Literal["staff", "office_admin", "travel", "external_expertise", "equipment", "other"]
LineKind = Literal["real", "lump_sum", "unit_cost"]


class Procurement(Strict):
    """Les seuils de la commande publique que le programme ou le droit national fixe (montants hors
    taxes) : aucun seuil par défaut, seulement ceux que le projet indique."""

    quote_threshold: Amount | None = Field(
        default=None, description="Montant HT au-delà duquel des devis sont demandés (règle du programme ou nationale)."
    )
    tender_threshold: Amount | None = Field(
        default=None, description="Montant HT au-delà duquel une procédure de marché est requise."
    )
    quotes: int | None = Field(default=None, ge=1, le=10, description="Nombre de devis demandés au-delà du seuil.")

    @model_validator(mode="after")
    def _ordered(self) -> Procurement:
        if self.quote_threshold is not None and self.tender_threshold is not None:
            if self.tender_threshold < self.quote_threshold:
                raise refused("thresholds-order")
        return self


class Rules(Strict):
    """Règles du programme : frais de personnel (règlement (UE) 2021/1060, art. 55), commande publique."""

    rate_method: Literal["annual", "monthly"] = Field(
        default="annual",
        description="annual : coût annuel ÷ base horaire (art. 55(2)(a)) ; monthly : coût mensuel ÷ heures "
        "contractuelles du mois (art. 55), heures plafonnées par mois.",
    )
    hours_basis: float = Field(
        default=1720, ge=100, le=2500, description="Heures annuelles d'un temps plein (art. 55(2)(a) : 1720)."
    )
    max_hourly_rate: Amount | None = Field(default=None, description="Plafond du taux horaire fixé par le programme.")
    fixed_share_timesheets: StrictBool = Field(
        default=False, description="Les agents à pourcentage fixe tiennent-ils aussi des feuilles de temps ?"
    )
    rate_rounding: Literal["cent"] = Field(
        default="cent", description="cent : le taux horaire est arrondi au centime (au plus proche) une fois."
    )
    procurement: Procurement = Field(
        default_factory=Procurement,
        description="Commande publique : seuils (HT) des devis et des procédures, nombre de devis ; aucun par défaut.",
    )


class Achieved(Strict):
    date: Date = Field(description="Date à laquelle les unités ont été réalisées.")
    quantity: float = Field(ge=0, le=10**9, description="Nombre d'unités réalisées.")


class BudgetLine(Strict):
    partner: Slug = Field(description="Partenaire qui porte la dépense.")
    category: Category = Field(description="Catégorie de dépense.")
    kind: LineKind = Field(
        default="real",
        description="real : coûts réels ; lump_sum : montant forfaitaire (art. 53(1)(c)) ; unit_cost : coût "
        "unitaire × quantité (art. 53(1)(b)).",
    )
    amount: Amount | None = Field(default=None, description="Montant (coûts réels, montant forfaitaire).")
    unit: str | None = Field(default=None, description="Unité d'un coût unitaire (ex. « nuitée »).")
    unit_cost: Amount | None = Field(default=None, description="Prix d'une unité.")
    quantity: float | None = Field(default=None, ge=0, le=10**9, description="Nombre d'unités.")
    deliverable: str | None = Field(default=None, description="Livrable qui déclenche un montant forfaitaire.")
    wp: str | None = Field(default=None, description="Lot de travail concerné.")
    label: str | None = Field(default=None, description="Libellé.")
    achieved: list[Achieved] = Field(
        default_factory=list,
        description="Unités d'un coût unitaire réalisées, datées : une demande de paiement prend celles de sa période.",
    )

    @model_validator(mode="after")
    def _form(self) -> BudgetLine:
        if self.kind == "unit_cost":
            if self.unit_cost is None or self.quantity is None or self.amount is not None:
                raise refused("unit-cost-form")
        elif self.amount is None:
            raise refused("required-key", key="amount")
        return self

    @property
    def cost(self) -> Decimal:
        """The line's amount: entered, or units × price rounded down to the cent."""
        if self.kind == "unit_cost":
            return unit_cost_amount(self.unit_cost or Decimal(0), self.quantity or 0)
        return self.amount or Decimal(0)

    @property
    def bucket(self) -> str:
        """Where the line counts: its category for a real cost, else its form (outside flat-rate bases)."""
        return self.category if self.kind == "real" else self.kind


def _ceiling(key: str):  # type: ignore[no-untyped-def]
    def check(value: float | None) -> float | None:
        rule = FLAT_RULES[key]
        if value is not None and Decimal(str(value)) > rule.ceiling:
            raise refused(rule.key, **rule.args)
        return value

    return check


class FlatRates(Strict):
    staff: Share | None = Field(default=None, description="Frais de personnel : part des autres coûts directs.")
    travel: Share | None = Field(default=None, description="Déplacements : part des frais de personnel (Interreg).")
    office_admin: Share | None = Field(default=None, description="Frais de bureau : part des frais de personnel.")
    indirect: Share | None = Field(default=None, description="Coûts indirects : part des coûts directs.")
    remaining: Share | None = Field(default=None, description="Tous les autres coûts : part des frais de personnel.")

    _staff = field_validator("staff")(_ceiling("staff"))
    _travel = field_validator("travel")(_ceiling("travel"))
    _office = field_validator("office_admin")(_ceiling("office_admin"))
    _indirect = field_validator("indirect")(_ceiling("indirect"))
    _remaining = field_validator("remaining")(_ceiling("remaining"))

    def rates(self) -> dict[str, Decimal | None]:
        return {k: None if v is None else Decimal(str(v)) for k, v in self.model_dump().items()}

    def used(self) -> list[str]:
        return [k for k, v in self.rates().items() if v is not None]


class DatedCost(Strict):
    from_: Date = Field(alias="from", description="Date d'effet.")
    amount: Amount = Field(description="Coût salarial brut chargé annuel à partir de cette date.")


AnnualCost = Annotated[Amount | Annotated[list[DatedCost], Field(min_length=1)], Field()]


class ShareChange(Strict):
    from_: Date = Field(alias="from", description="Date d'effet de l'avenant.")
    share: Share = Field(description="Nouvelle part du temps de travail.")


class HoursChange(Strict):
    from_: Date = Field(alias="from", description="Date d'effet de l'avenant.")
    hours_planned: float = Field(gt=0, le=100_000, description="Nouvelles heures prévues sur la période.")


class FixedAllocation(Strict):
    mode: Literal["fixed"] = Field(description="Part fixe du temps de travail, fixée par la lettre de mission.")
    share: Share = Field(description="Part du temps de travail consacrée au projet.")
    changes: list[ShareChange] = Field(default_factory=list, description="Avenants : nouvelle part, datée.")


class HourlyAllocation(Strict):
    mode: Literal["hourly"] = Field(description="Heures enregistrées sur feuilles de temps.")
    hours_planned: float = Field(gt=0, le=100_000, description="Heures prévues sur toute la période de l'agent.")
    changes: list[HoursChange] = Field(default_factory=list, description="Avenants : nouvelles heures, datées.")


Allocation = Annotated[FixedAllocation | HourlyAllocation, Field(discriminator="mode")]


def dated_costs(value: Decimal | list[DatedCost]) -> list[tuple[dt.date, Decimal]]:
    """The annual costs with their dates (a single amount applies from the beginning)."""
    if isinstance(value, list):
        return sorted(((c.from_, c.amount) for c in value), key=lambda c: c[0])
    return [(dt.date.min, value)]


# A financing plan's row named so is the partner's own contribution, not a funder: the documents
# show it once, as the remainder after the funders (never a second « Autofinancement » row).
OWN_FUNDS_NAMES = frozenset(
    (
        "autofinancement",
        "fonds propres",
        "apport propre",
        "contribution propre",
        "self-financing",
        "own funds",
        "own contribution",
    )
)


def is_own_funds(source: str) -> bool:
    """« Autofinancement », « Fonds propres », « Self-financing »… (case and spaces aside)."""
    words = " ".join(source.casefold().replace("-", " ").split())
    return words.replace("self financing", "self-financing") in OWN_FUNDS_NAMES


__all__ = ["Text"]
