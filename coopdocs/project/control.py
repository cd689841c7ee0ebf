"""Who controls a partner's payment claims (version 3): the first-level controller (Interreg) or
the managing authority's instructor (LEADER), and the second person who reviews the control
(four eyes: two different people), with the types of error a deduction is given."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from coopdocs.project._types import Strict, Text, refused

# The types of error of a deduction when the project file names none (Jems' typology, simplified).
ERROR_TYPES = (
    "inéligible",
    "non justifié",
    "hors période",
    "marchés publics",
    "erreur de calcul",
    "double financement",
    "autre",
)


class Controller(Strict):
    name: Text = Field(description="Nom et prénom.")
    body: Text = Field(description="Organisme (contrôleur de premier niveau, service instructeur…).")


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class Control(Strict):
    """Le contrôle des demandes de paiement : qui contrôle, qui relit (deux personnes différentes)."""

    controller: Controller = Field(
        description="Le contrôleur de premier niveau (Interreg) ou l'instructeur de l'autorité de gestion (LEADER)."
    )
    reviewer: Controller = Field(description="La seconde personne qui relit le contrôle (principe des quatre yeux).")
    error_types: list[Text] = Field(
        default_factory=lambda: list(ERROR_TYPES),
        min_length=1,
        description="Types d'erreur d'une déduction, proposés en liste dans le classeur du contrôleur (défaut : "
        "inéligible, non justifié, hors période, marchés publics, erreur de calcul, double financement, autre).",
    )

    @field_validator("reviewer")
    @classmethod
    def _four_eyes(cls, reviewer: Controller, info: ValidationInfo) -> Controller:
        controller = info.data.get("controller")
        if controller is not None and _same_person(controller.name, reviewer.name):
            raise refused("same-controller", name=str(reviewer.name))
        return reviewer

    @field_validator("error_types")
    @classmethod
    def _distinct(cls, types: list[str]) -> list[str]:
        seen: set[str] = set()
        for text in types:
            key = " ".join(text.casefold().split())
            if not key or key in seen:
                raise refused("error-type-twice", text=text)
            if "," in text:
                raise refused("error-type-comma", text=text)
            seen.add(key)
        return types
