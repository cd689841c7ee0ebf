"""The steering bodies' meetings (contract, version 2, « Steering bodies' meetings »): what was put on
the agenda, who came, what was decided and who does what by when.

A meeting is its own domain beside the partners and the money: its records are here, the
project file's model takes them like it takes `partner` and `money`. Their references (a body of
the governance, its members, partners, dates inside the project) are checked in _checks.py.
"""

from __future__ import annotations

import re

from pydantic import Field, StrictBool, field_validator

from coopdocs.project._types import TIME, Date, Slug, Strict, Text
from coopdocs.project.partner import Person


class MeetingAction(Strict):
    what: Text = Field(description="L'action à mener.")
    who: Slug = Field(description="Partenaire responsable de l'action (identifiant).")
    due: Date = Field(description="Échéance (AAAA-MM-JJ).")
    done: StrictBool = Field(default=False, description="Réalisée ?")


class Meeting(Strict):
    id: Slug
    body: Text = Field(description="Instance réunie : le nom d'une instance de governance.bodies.")
    date: Date = Field(description="Date de la réunion (AAAA-MM-JJ).")
    time: str | None = Field(default=None, pattern=TIME, description="Heure de début (HH:MM, ex. 14:30).")
    place: str | None = Field(
        default=None, description="Lieu de la réunion : la salle et son adresse (ou « visioconférence »)."
    )
    agenda: list[Text] = Field(min_length=1, description="Ordre du jour : un point par ligne.")
    attendees: list[Slug] = Field(
        default_factory=list,
        description="Partenaires présents, membres de l'instance ; les autres membres sont excusés.",
    )
    decisions: list[Text] = Field(
        default_factory=list, description="Décisions prises ; avec les actions, elles font le compte rendu."
    )
    actions: list[MeetingAction] = Field(default_factory=list, description="Actions décidées : quoi, qui, quand.")
    chair: Person | None = Field(
        default=None,
        description="Qui préside la séance et signe le compte rendu (défaut : le représentant du chef de file).",
    )

    @field_validator("time", mode="before")
    @classmethod
    def _time_as_people_write_it(cls, value: object) -> object:
        """« 14h30 », « 14 h 30 », « 9h », « 9:00 », as French people write a time, are 14:30 and
        09:00 (the file keeps what was written)."""
        written = re.fullmatch(r"\s*([0-9]{1,2})\s*[hH:]\s*([0-9]{2})?\s*", value) if isinstance(value, str) else None
        if not written or int(written[1]) > 23 or int(written[2] or 0) > 59:
            return value  # refused as written
        return f"{int(written[1]):02d}:{written[2] or '00'}"

    @property
    def has_minutes(self) -> bool:
        """A meeting gets its minutes once something was recorded; before, only its invitation."""
        return bool(self.decisions or self.actions)
