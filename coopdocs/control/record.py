"""The controls written so far, `controle/registre.json`: for each claim and partner, what was
declared, certified, deducted and parked, with the parked lines themselves. The next claim's
control workbook brings those lines back; the bilan shows « certifié » beside « déclaré ».

A control is recorded by `coopdocs control --report`; reading the same workbook again replaces
its own record (the controller corrects a slip before signing), never another claim's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from coopdocs.bilan.figures import BilanFigures
from coopdocs.control.lines import Line
from coopdocs.office.folder import JsonRegister
from coopdocs.project.model import ProjectFile

PATH = "controle/registre.json"
Entry = dict[str, Any]


@dataclass
class Record(JsonRegister, path=PATH, key="controls", title="registre des contrôles des demandes de paiement"):
    controls: list[Entry] = field(default_factory=list)

    def of_partner(self, partner: str, before: int) -> list[Entry]:
        """The partner's controls of claims numbered below `before`, in the claims' order."""
        mine = [c for c in self.controls if c["partner"] == partner and int(c["claim"]) < before]
        return sorted(mine, key=lambda c: int(c["claim"]))

    def parked(self, partner: str, before: int) -> list[Line]:
        """The lines parked by the partner's earlier controls and not decided since."""
        pending: dict[str, Line] = {}
        for control in self.of_partner(partner, before):
            for key in control.get("decided", []):
                pending.pop(key, None)
            for entry in control.get("parked", []):
                line = Line.of_entry(entry)
                pending[line.key] = line
        return list(pending.values())

    def certified(self, project: ProjectFile, end: dt.date) -> dict[str, Decimal]:
        """Each partner's amount certified by the controls of claims of periods ending by `end`
        (the bilan's « certifié », beside its « déclaré »)."""
        from coopdocs.calendar import period_bounds

        found: dict[str, Decimal] = {}
        for c in self.controls:
            if period_bounds(str(c["period"]), project.project.start, project.project.end)[1] > end:
                continue
            found[c["partner"]] = found.get(c["partner"], Decimal(0)) + Decimal(c["certified"])
        return found

    def with_control(self, entry: Entry) -> Record:
        others = [c for c in self.controls if (c["claim"], c["partner"]) != (entry["claim"], entry["partner"])]
        return Record(sorted([*others, entry], key=lambda c: (int(c["claim"]), c["partner"])))


def with_control(figures: BilanFigures, project: ProjectFile, out_dir: Path) -> BilanFigures:
    """Each partner's « certifié par le contrôle » beside « déclaré dans les demandes », once a
    claim is controlled (the bilan's own section stays as it is)."""
    certified = Record.load(out_dir).certified(project, figures.end)
    if not certified:
        return figures
    partners = [p.model_copy(update={"certified": certified.get(p.id, Decimal(0))}) for p in figures.partners]
    return figures.model_copy(update={"partners": partners})
