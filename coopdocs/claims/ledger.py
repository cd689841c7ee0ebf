"""The ledger of claims, `demandes/registre.json`: every invoice, person-month, unit cost and lump
sum with the claim that took it. The next claim reads it so that nothing is claimed twice; a claim
once recorded is never rewritten (a correction is a new numbered claim).

An invoice is known by its partner, number, supplier and date (its register row is kept to tell
when a row claimed earlier has changed since); a person-month by its agent and month; a unit cost
by its budget line and date; a lump sum by its budget line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coopdocs.claims.figures import Claim, Invoice, PartnerClaim
from coopdocs.office.folder import JsonRegister
from coopdocs.project.model import ProjectFile

PATH = "demandes/registre.json"
Entry = dict[str, Any]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def invoice_key(partner: str, invoice: str, supplier: str, date: str) -> str:
    return f"facture|{partner}|{_norm(invoice)}|{_norm(supplier)}|{date}"


def person_month_key(agent: str, month: str) -> str:
    return f"mois|{agent}|{month}"


def revenue_key(partner: str, date: str, label: str, amount: str) -> str:
    return f"recette|{partner}|{date}|{_norm(label)}|{amount}"


def simplified_key(partner: str, kind: str, line: int, date: str) -> str:
    return f"{kind}|{partner}|{line}" + (f"|{date}" if kind == "unit_cost" else "")


@dataclass
class Ledger(JsonRegister, path=PATH, key="claims", title="registre des demandes de paiement"):
    """The claims written so far, and what each took."""

    claims: list[Entry] = field(default_factory=list)

    def numbers(self) -> list[int]:
        return [int(c["number"]) for c in self.claims]

    def next_number(self) -> int:
        return max(self.numbers(), default=0) + 1

    def taken(self) -> dict[str, tuple[int, Entry]]:
        """Every item's key → (the claim's number, what was recorded of it)."""
        found: dict[str, tuple[int, Entry]] = {}
        for claim in self.claims:
            for partner, items in claim["partners"].items():
                for entry in items.get("invoices", []):
                    key = invoice_key(partner, entry["invoice"], entry["supplier"], entry["date"])
                    found[key] = (claim["number"], entry)
                for entry in items.get("person_months", []):
                    found[person_month_key(entry["agent"], entry["month"])] = (claim["number"], entry)
                for entry in items.get("revenue", []):
                    key = revenue_key(partner, entry["date"], entry["label"], entry["amount"])
                    found[key] = (claim["number"], entry)
                for entry in items.get("simplified", []):
                    key = simplified_key(partner, entry["kind"], entry["line"], entry["date"])
                    found[key] = (claim["number"], entry)
        return found

    def claimed_rows(self, partner: str) -> dict[int, tuple[int, Entry]]:
        """The register rows of a partner claimed so far: row → (claim's number, invoice)."""
        rows: dict[int, tuple[int, Entry]] = {}
        for claim in self.claims:
            for entry in claim["partners"].get(partner, {}).get("invoices", []):
                rows[int(entry["row"])] = (claim["number"], entry)
        return rows

    def earlier(self, partner: str) -> list[tuple[int, str, Decimal]]:
        """(number, period, total) of each earlier claim of the partner."""
        return [
            (int(c["number"]), str(c["period"]), Decimal(c["partners"][partner]["total"]))
            for c in self.claims
            if partner in c["partners"]
        ]

    def written(self) -> list[tuple[int, str, dt.date, Decimal]]:
        """(number, period, date, total of its partners) of each claim written, in the ledger's order."""
        return [
            (
                int(c["number"]),
                str(c["period"]),
                dt.date.fromisoformat(str(c["date"])),
                sum((Decimal(items["total"]) for items in c["partners"].values()), Decimal(0)),
            )
            for c in self.claims
        ]

    def declared(self, project: ProjectFile, end: dt.date) -> dict[str, Decimal]:
        """Each partner's total in the claims of periods ending by `end` (the bilan's « déclaré »)."""
        from coopdocs.calendar import period_bounds

        found: dict[str, Decimal] = {}
        for claim in self.claims:
            if period_bounds(str(claim["period"]), project.project.start, project.project.end)[1] > end:
                continue
            for partner, items in claim["partners"].items():
                found[partner] = found.get(partner, Decimal(0)) + Decimal(items["total"])
        return found

    def with_claim(self, claim: Claim) -> Ledger:
        """The ledger with `claim` recorded after the others."""
        entry = {
            "number": claim.number,
            "period": claim.period,
            "date": claim.date.isoformat(),
            "folder": claim.folder,
            "partners": {p.partner: _partner_entry(p) for p in claim.partners},
        }
        return Ledger([*self.claims, entry])


def invoice_entry(invoice: Invoice) -> Entry:
    return {
        "row": invoice.row,
        "invoice": invoice.invoice,
        "supplier": invoice.supplier,
        "date": invoice.date.isoformat(),
        "category": invoice.category,
        "label": invoice.label,
        "amount": str(invoice.amount),
        "wp": invoice.wp,
        "paid": invoice.paid.isoformat() if invoice.paid else "",
        "where": invoice.where,
        "at_risk": invoice.at_risk,
    }


def _partner_entry(claim: PartnerClaim) -> Entry:
    return {
        "total": str(claim.total),
        "invoices": [invoice_entry(i) for i in claim.invoices],
        "person_months": [
            {
                "agent": m.agent,
                "month": m.month,
                "hours": str(m.hours_total),
                "amount": str(m.amount),
                "mode": m.mode,
                "rate": str(m.rate),
                "share": str(m.share),
                "at_risk": str(m.at_risk),
            }
            for m in claim.staff_months
        ],
        "staff_by_agent": {agent: str(amount) for agent, amount in claim.staff_by_agent.items()},
        "simplified": [
            {
                "kind": s.kind,
                "line": s.line,
                "date": s.date.isoformat(),
                "label": s.label,
                "amount": str(s.amount),
                "quantity": str(s.quantity),
                "unit_cost": str(s.unit_cost),
            }
            for s in [*claim.unit_costs, *claim.lump_sums]
        ],
        # What the controller is handed (coopdocs control): each flat rate, and each point « à vérifier ».
        "flat_rates": [
            {"key": f.key, "base": str(f.base), "rate": str(f.rate), "amount": str(f.amount)} for f in claim.flat_rates
        ],
        "findings": [{"what": r.what, "message": r.message, "where": r.where} for r in claim.at_risk_items],
        "eligible": str(claim.eligible),
        "revenue": [
            {"date": r.date.isoformat(), "label": r.label, "amount": str(r.amount)} for r in claim.revenue_items
        ],
    }
