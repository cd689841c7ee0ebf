"""The controls written so far, `controle/registre.json`: for each claim and partner, what was
declared, certified, deducted and parked, with the parked lines themselves. The next claim's
control workbook brings those lines back; the bilan shows « certifié » beside « déclaré ».

A control is recorded by `coopdocs control --report`; reading the same workbook again replaces
its own record (the controller corrects a slip before signing), never another claim's."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from coopdocs.control.lines import Line
from coopdocs.errors import CoopdocsError

PATH = "controle/registre.json"
Entry = dict[str, Any]


@dataclass
class Record:
    controls: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, out_dir: Path) -> Record:
        path = out_dir / PATH
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CoopdocsError(
                f"{PATH} illisible ({exc}) : le registre des contrôles ne se corrige pas à la main"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("controls"), list):
            raise CoopdocsError(f"{PATH} : pas un registre des contrôles coopdocs")
        return cls(data["controls"])

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

    def certified(self) -> dict[str, Decimal]:
        """Each partner's certified amount over every control recorded (the bilan's « certifié »)."""
        found: dict[str, Decimal] = {}
        for c in self.controls:
            found[c["partner"]] = found.get(c["partner"], Decimal(0)) + Decimal(c["certified"])
        return found

    def with_control(self, entry: Entry) -> Record:
        others = [c for c in self.controls if (c["claim"], c["partner"]) != (entry["claim"], entry["partner"])]
        return Record(sorted([*others, entry], key=lambda c: (int(c["claim"]), c["partner"])))

    def to_bytes(self) -> bytes:
        data = {"coopdocs": "registre des contrôles des demandes de paiement", "controls": self.controls}
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
