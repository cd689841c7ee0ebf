"""The lines of a claim as the controller checks them, one per person-month, invoice, flat rate,
unit cost and lump sum, each with its source and what coopdocs found on it. They come from the
claim's snapshot (the ledger `demandes/registre.json`: a claim is never recomputed), and the lines
an earlier control put aside (« reportées ») come back after them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from coopdocs.claims.ledger import Entry, Ledger, invoice_key, person_month_key, simplified_key
from coopdocs.errors import CoopdocsError
from coopdocs.formats import money, percent
from coopdocs.formats import number as shown_number
from coopdocs.forms.timesheet_form import sheet_path
from coopdocs.messages import Phrase
from coopdocs.money.costs import DIRECT_OTHER, FLAT_ORDER
from coopdocs.project.flat import rates_of
from coopdocs.project.model import ProjectFile
from coopdocs.words import label, words

# What each flat rate is computed on (coopdocs.money.costs.flat_rate_parts): categories, and the
# flat rates computed before it in Jems' order (a staff flat rate is in the office base).
FLAT_BASE: dict[str, tuple[str, ...]] = {
    "staff": DIRECT_OTHER,
    "travel": ("staff",),
    "office_admin": ("staff",),
    "indirect": ("staff", *DIRECT_OTHER),
    "remaining": ("staff",),
}


@dataclass
class Line:
    """One line of the control. `category`: the claim's category code (staff, equipment…, the
    flat rate's key, unit_cost, lump_sum); `agent`: whose person-month (each person's staff cost
    is rounded once); `claim`: the claim that declared it; `brought_back`: parked by an earlier
    control and reviewed again here."""

    key: str
    claim: int
    kind: str  # staff, invoice, flat, unit_cost, lump_sum
    category: str
    what: str
    source: str
    found: str
    declared: Decimal
    agent: str = ""
    rate: Decimal = Decimal(0)
    brought_back: bool = False
    paid: str = ""  # an invoice's payment date (ISO), when the register gives it

    def as_entry(self) -> Entry:
        data = asdict(self)
        data.update(declared=str(self.declared), rate=str(self.rate))
        return data

    @classmethod
    def of_entry(cls, entry: Entry) -> Line:
        values = dict(entry)
        values.update(declared=Decimal(entry["declared"]), rate=Decimal(entry.get("rate", "0")))
        return cls(**values)


@dataclass
class ClaimLines:
    """A partner's claim as the control sees it."""

    number: int
    period: str
    date: dt.date
    partner: str
    lines: list[Line]
    total: Decimal  # what the claim declared (eligible less revenue)
    revenue: Decimal
    earlier: list[int]  # the claims of this partner controlled before (their parked lines come back)

    @property
    def own(self) -> list[Line]:
        return [line for line in self.lines if not line.brought_back]

    def json_dict(self) -> dict[str, Any]:
        """Before the control (`coopdocs control --json` without --report): what is declared."""
        back = [line for line in self.lines if line.brought_back]
        return {
            "claim": self.number,
            "partner": self.partner,
            "declared": float(self.total),
            "brought_back": float(sum((line.declared for line in back), Decimal(0))),
            "lines": len(self.lines),
            "certified": None,
            "deducted": None,
            "parked": None,
        }


def claim_entry(ledger: Ledger, number: int, partner: str) -> Entry:
    """The ledger's record of claim `number` for `partner`, or a French error saying what exists."""
    claim = next((c for c in ledger.claims if int(c["number"]) == number), None)
    if claim is None:
        written = ", ".join(str(n) for n in ledger.numbers()) or Phrase("nothing-f")
        raise CoopdocsError.of("claim-not-written", number=number, written=written)
    if partner not in claim["partners"]:
        known = ", ".join(claim["partners"]) or Phrase("nothing")
        raise CoopdocsError.of("claim-not-partner", partner=partner, number=number, known=known)
    return claim


def _findings(entry: Entry) -> list[tuple[str, str, str]]:
    """(file, cell, message) of each point « à vérifier » the claim kept in."""
    found = []
    for f in entry.get("findings", []):
        parts = str(f.get("where", "")).split("!")
        found.append((parts[0], parts[-1] if len(parts) > 1 else "", str(f.get("what", "")) + "|" + str(f["message"])))
    return found


def _on_row(findings: list[tuple[str, str, str]], row: int) -> str:
    hits = [m.split("|", 1)[1] for f, c, m in findings if f.endswith("registre-depenses.xlsx") and _row(c) == row]
    return " ; ".join(dict.fromkeys(hits))


def _row(cell: str) -> int:
    match = re.search(r"[0-9]+$", cell)
    return int(match.group()) if match else 0


def _on_month(findings: list[tuple[str, str, str]], agent: str, name: str, month: str) -> str:
    sheet = f"{agent}_{month}.xlsx"
    hits = [m.split("|", 1)[1] for f, _c, m in findings if f == sheet or m.startswith(f"{name}, {month}")]
    return " ; ".join(dict.fromkeys(hits))


def staff_lines(project: ProjectFile, number: int, entry: Entry, lang: str, findings: list) -> list[Line]:
    w, currency = words("control", lang), project.project.currency
    agents = {a.id: a for a in project.agents}
    found = []
    for m in entry.get("person_months", []):
        agent = agents.get(m["agent"])
        name = str(agent.name) if agent else m["agent"]
        amount = Decimal(m["amount"])
        if m.get("mode") == "fixed":
            what = w["staff_fixed"].format(name=name, month=m["month"], share=percent(float(m.get("share", 0)), lang))
            source = f"agents/{m['agent']}/lettre-mission.docx"
        else:
            hours, rate = shown_number(Decimal(m["hours"]), lang), money(Decimal(m.get("rate", "0")), lang, currency)
            what = w["staff_hours"].format(name=name, month=m["month"], hours=hours, rate=rate)
            source = sheet_path(m["agent"], m["month"]).rsplit("/", 1)[-1] + "!" + label("control", "sheet_tab", lang)
        key = person_month_key(m["agent"], m["month"])
        said = _on_month(findings, m["agent"], name, m["month"]) or w["nothing_found"]
        found.append(Line(key, number, "staff", "staff", what, source, said, amount, agent=m["agent"]))
    return found


def invoice_lines(
    project: ProjectFile, number: int, partner: str, entry: Entry, lang: str, findings: list
) -> list[Line]:
    w = words("control", lang)
    found = []
    for i in entry.get("invoices", []):
        day = dt.date.fromisoformat(i["date"])
        what = w["invoice"].format(
            invoice=i["invoice"], supplier=i["supplier"] or w["no_supplier"], date=f"{day:%d/%m/%Y}", label=i["label"]
        )
        if i.get("paid"):
            what += w["paid_on"].format(date=f"{dt.date.fromisoformat(i['paid']):%d/%m/%Y}")
        source = i.get("where") or w["register_row"].format(file=f"{partner}_registre-depenses.xlsx", row=i["row"])
        said = _on_row(findings, int(i["row"])) or w["nothing_found"]
        key = invoice_key(partner, i["invoice"], i["supplier"], i["date"])
        line = Line(
            key, number, "invoice", i["category"], what, source, said, Decimal(i["amount"]), paid=i.get("paid", "")
        )
        found.append(line)
    return found


def simplified_lines(project: ProjectFile, number: int, partner: str, entry: Entry, lang: str) -> list[Line]:
    w, currency = words("control", lang), project.project.currency
    found = []
    for s in entry.get("simplified", []):
        day = dt.date.fromisoformat(s["date"])
        if s["kind"] == "unit_cost":
            price = money(Decimal(s.get("unit_cost", "0")), lang, currency)
            what = w["unit_cost"].format(
                label=s["label"], quantity=shown_number(Decimal(s.get("quantity", "1")), lang), price=price
            )
            source = w["unit_cost_source"].format(date=f"{day:%d/%m/%Y}")
        else:
            what = w["lump_sum"].format(label=s["label"])
            source = w["lump_sum_source"].format(date=f"{day:%d/%m/%Y}")
        key = simplified_key(partner, s["kind"], s["line"], s["date"])
        amount = Decimal(s["amount"])
        found.append(Line(key, number, s["kind"], s["kind"], what, source, w["nothing_found"], amount))
    return found


def flat_line(partner: str, number: int, key: str, rate: Decimal, amount: Decimal, lang: str, back: bool) -> Line:
    w = words("control", lang)
    base = " + ".join(label("category", c, lang) for c in FLAT_BASE.get(key, ()) if c in ("staff", *DIRECT_OTHER))
    what = w["flat_back" if back else "flat"].format(
        name=label("category", key, lang), rate=percent(float(rate), lang), base=base.lower(), number=number
    )
    return Line(
        f"forfait|{partner}|{key}|{number}",
        number,
        "flat",
        key,
        what,
        w["flat_source"],
        w["flat_found"],
        amount,
        rate=rate,
        brought_back=back,
    )


def claim_lines(
    project: ProjectFile, ledger: Ledger, number: int, partner: str, lang: str, parked: list[Line]
) -> ClaimLines:
    """The claim's lines in the claim's order (staff, real costs, flat rates, unit costs and lump
    sums), then the lines parked by an earlier control of the partner, and their flat rates."""
    claim = claim_entry(ledger, number, partner)
    entry = claim["partners"][partner]
    findings = _findings(entry)
    lines = staff_lines(project, number, entry, lang, findings)
    lines += sorted(
        invoice_lines(project, number, partner, entry, lang, findings),
        key=lambda line: line.category,  # stable: the register's order
    )
    recorded = entry.get("flat_rates")  # a claim written before coopdocs control: recomputed as the claim did
    flats = {f["key"]: f for f in (recorded if recorded is not None else _flat_rates_of(project, partner, lines))}
    for key in FLAT_ORDER:
        if key in flats:
            lines.append(
                flat_line(partner, number, key, Decimal(flats[key]["rate"]), Decimal(flats[key]["amount"]), lang, False)
            )
    lines += simplified_lines(project, number, partner, entry, lang)
    lines += [_back(line) for line in parked if line.kind != "flat"]
    lines += [_back(line) for line in parked if line.kind == "flat"]
    revenue = sum((Decimal(r["amount"]) for r in entry.get("revenue", [])), Decimal(0))
    earlier = sorted({line.claim for line in parked})
    return ClaimLines(
        number,
        str(claim["period"]),
        dt.date.fromisoformat(str(claim["date"])),
        partner,
        lines,
        Decimal(entry["total"]),
        revenue,
        earlier,
    )


def _flat_rates_of(project: ProjectFile, partner: str, lines: list[Line]) -> list[Entry]:
    """The claim's flat rates from its lines, as coopdocs.claims.compute computes them with the
    partner's own flat rates: each person's staff cost rounded once, each flat rate rounded down
    on its base."""
    from collections import defaultdict

    from coopdocs.money import costs

    by_agent: dict[str, Decimal] = defaultdict(Decimal)
    entered: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.kind == "staff":
            by_agent[line.agent] += line.declared
        else:
            entered[line.category] += line.declared
    entered["staff"] = sum((costs.cents(v) for v in by_agent.values()), Decimal(0))
    rates = rates_of(project, partner)
    parts = costs.flat_rate_parts(entered, rates)
    return [
        {"key": k, "base": str(base), "rate": str(rates[k]), "amount": str(amount)}
        for k, (base, amount) in parts.items()
    ]


def _back(line: Line) -> Line:
    return Line(**{**asdict(line), "brought_back": True})
