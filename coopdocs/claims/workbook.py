"""`liste-depenses.xlsx`: a partner's list of expenditure for a claim, one sheet per kind of cost
(staff, real costs, flat rates, unit costs and lump sums), a summary with the financing plan and a
sheet « À justifier ». Every total is written twice: its value, and a formula over the lines that
LibreOffice or Excel recalculates to the same amount. Texts are data, never formulas; amounts
carry a number format; every sheet prints A4 landscape, one page wide, its header repeated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coopdocs.claims.figures import Claim, Invoice, PartnerClaim
from coopdocs.formats import number
from coopdocs.office.xlsx import header_row, print_one_page_wide, text_cell, workbook_bytes
from coopdocs.project.model import ProjectFile
from coopdocs.words import label, words

MONEY, EXACT, SHARE, HOURS, DATE = "#,##0.00", "#,##0.00##", "0.00%", "0.00", "DD/MM/YYYY"
HEAD = 3  # header row of every detail sheet


@dataclass
class Book:
    """The workbook being written, with the claim, the partner, its language and words."""

    book: Any
    project: ProjectFile
    claim: Claim
    partner: PartnerClaim
    lang: str
    w: dict[str, str] = field(default_factory=dict)
    totals: dict[str, str] = field(default_factory=dict)  # what the summary's formulas point at

    def category(self, code: str) -> str:
        return label("category", code, self.lang)

    def wp(self, wp_id: str) -> str:
        return wp_name(self.project, wp_id, self.lang)

    def article(self, key: str) -> str:
        """A rule's article, only where Reg. (EU) 2021/1060 and 2021/1059 govern (Interreg)."""
        if self.claim.legal_model != "interreg":
            return ""
        if key.startswith("flat_"):
            return label("flat_article", key[5:], self.lang)
        return self.w[key]


def wp_name(project: ProjectFile, wp_id: str, lang: str) -> str:
    """« WP2 – Balisage et carte »: a work package as people name it, never its id."""
    for index, wp in enumerate(project.work_packages, start=1):
        if wp.id == wp_id:
            code = getattr(wp, "code", None) or f"WP{index}"
            title = wp.title.in_language(lang) if hasattr(wp.title, "in_language") else wp.title
            return f"{code} – {title}"
    return words("claim", lang)["no_wp"] if not wp_id else wp_id


def put(sheet: Any, row: int, col: int, value: Any, fmt: str = "", bold: bool = False) -> Any:
    from openpyxl.styles import Font

    cell = text_cell(sheet, row, col, float(value) if isinstance(value, Decimal) else value)
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = Font(bold=True)
    return cell


def formula(sheet: Any, row: int, col: int, text: str, fmt: str = MONEY, bold: bool = True) -> Any:
    from openpyxl.styles import Font

    cell = sheet.cell(row=row, column=col, value=text)  # ours, never a person's text
    cell.number_format = fmt
    cell.font = Font(bold=bold)
    return cell


def new_sheet(b: Book, key: str, headers: list[str]) -> Any:
    sheet = b.book.create_sheet(b.w[key])
    title = b.w["sheet_title"].format(number=b.claim.number, period=b.claim.period, partner=b.partner.name)
    put(sheet, 1, 1, f"{b.w[key]} — {title}", bold=True)
    header_row(sheet, HEAD, headers)
    return sheet


def layout(sheet: Any, widths: tuple[int, ...], last: int, head: int = HEAD, freeze: bool = True) -> None:
    """Column widths, wrapped texts with rows tall enough for them (a formula is no text), the
    header frozen and filtered, A4 landscape one page wide, the header repeated on every page."""
    import math

    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[head].height = 30
    for row in sheet.iter_rows(min_row=head + 1, max_row=last, max_col=len(widths)):
        lines = 1
        for cell, width in zip(row, widths, strict=True):
            long = cell.data_type == "s" and isinstance(cell.value, str) and len(cell.value) > width
            if cell.value is not None:  # one line of a row reads across: every cell at its top
                cell.alignment = Alignment(wrap_text=long, vertical="top")
            if long:
                lines = max(lines, math.ceil(len(cell.value) * 1.1 / width))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 13 * lines
    if freeze:
        sheet.freeze_panes = f"A{head + 1}"
        sheet.auto_filter.ref = f"A{head}:{get_column_letter(len(widths))}{max(last, head + 1)}"
    print_one_page_wide(sheet, head)


def ref(b: Book, key: str, cell: str) -> str:
    return f"'{b.w[key]}'!{cell}"


def staff_sheet(b: Book) -> None:
    w = b.w
    headers = [w["person"], w["month"], w["method"], w["hours"], w["hours_by_wp"], w["rate"]]
    sheet = new_sheet(b, "staff_sheet", [*headers, w["share"], w["annual_cost"], w["amount"], w["article"], w["check"]])
    row, subtotals = HEAD + 1, []
    for agent in b.partner.agents:
        months = [m for m in b.partner.staff_months if m.agent == agent]
        first = row
        for m in months:
            colon = " : " if b.lang == "fr" else ": "
            by_wp = " ; ".join(f"{b.wp(wp)}{colon}{number(h, b.lang)}" for wp, h in m.hours.items())
            method = w[f"method_{m.mode}"]
            article = b.article(f"article_{m.mode}_{b.project.project.rules.rate_method}")
            values = [m.name, m.month, method, m.hours_total if m.mode == "hourly" else None, by_wp]
            values += [m.rate if m.mode == "hourly" else None, m.share if m.mode == "fixed" else None]
            values += [m.annual_cost if m.mode == "fixed" else None, m.amount, article]
            for col, value in enumerate(values, start=1):
                put(sheet, row, col, value, {4: HOURS, 6: MONEY, 7: SHARE, 8: MONEY, 9: EXACT}.get(col, ""))
            row += 1
        put(sheet, row, 1, w["total_of"].format(name=months[0].name), bold=True)
        put(sheet, row, 9, b.partner.staff_by_agent[agent], MONEY, bold=True)  # the value, beside its formula
        formula(sheet, row, 11, f"=ROUND(SUM(I{first}:I{row - 1}),2)")
        subtotals.append(row)
        row += 1
    put(sheet, row, 1, w["total"], bold=True)
    put(sheet, row, 9, b.partner.staff, MONEY, bold=True)
    formula(sheet, row, 11, "=" + "+".join(f"K{r}" for r in subtotals) if subtotals else "=0")
    b.totals["staff"] = ref(b, "staff_sheet", f"K{row}")
    layout(sheet, (24, 9, 18, 9, 40, 11, 13, 12, 13, 20, 13), row)


def _by_category(invoices: list[Invoice]) -> dict[str, list[Invoice]]:
    found: dict[str, list[Invoice]] = {}
    for invoice in sorted(invoices, key=lambda i: (i.category, i.date, i.row)):
        found.setdefault(invoice.category, []).append(invoice)
    return found


def real_costs_sheet(b: Book) -> None:
    w = b.w
    headers = [w["category"], w["wp"], w["invoice_date"], w["supplier"], w["invoice"], w["label"]]
    headers += [w["paid"], w["amount"], w["currency"], w["reference"], w["check"]]
    sheet = new_sheet(b, "real_sheet", headers)
    row, subtotals = HEAD + 1, []
    for category, invoices in _by_category(b.partner.invoices).items():
        first = row
        for i in invoices:
            values = [b.category(category), b.wp(i.wp), i.date, i.supplier, i.invoice, i.label, i.paid, i.amount]
            for col, value in enumerate([*values, b.claim.currency, i.where], start=1):
                put(sheet, row, col, value, {3: DATE, 7: DATE, 8: MONEY}.get(col, ""))
            row += 1
        put(sheet, row, 1, w["total_of"].format(name=b.category(category)), bold=True)
        put(sheet, row, 8, b.partner.real_costs[category], MONEY, bold=True)
        formula(sheet, row, 11, f"=ROUND(SUM(H{first}:H{row - 1}),2)")
        b.totals[f"real:{category}"] = ref(b, "real_sheet", f"K{row}")
        subtotals.append(row)
        row += 1
    put(sheet, row, 1, w["total"], bold=True)
    put(sheet, row, 8, sum(b.partner.real_costs.values(), Decimal(0)), MONEY, bold=True)
    formula(sheet, row, 11, "=" + "+".join(f"K{r}" for r in subtotals) if subtotals else "=0")
    layout(sheet, (22, 24, 11, 20, 12, 26, 11, 13, 10, 32, 13), row)


def flat_rates_sheet(b: Book) -> None:
    w = b.w
    sheet = new_sheet(
        b, "flat_sheet", [w["flat_rate"], w["base"], w["rate_share"], w["amount"], w["check"], w["article"]]
    )
    row = HEAD + 1
    for f in b.partner.flat_rates:
        values = [b.category(f.key), f.base, f.rate, f.amount]
        for col, value in enumerate(values, start=1):
            put(sheet, row, col, value, {2: MONEY, 3: SHARE, 4: MONEY}.get(col, ""))
        formula(sheet, row, 5, f"=ROUNDDOWN(B{row}*C{row},2)", bold=False)
        put(sheet, row, 6, b.article(f"flat_{f.key}"))
        b.totals[f"flat:{f.key}"] = ref(b, "flat_sheet", f"E{row}")
        row += 1
    put(sheet, row, 1, w["total"], bold=True)
    put(sheet, row, 4, b.partner.flat_total, MONEY, bold=True)
    formula(sheet, row, 5, f"=SUM(E{HEAD + 1}:E{row - 1})" if b.partner.flat_rates else "=0")
    layout(sheet, (40, 14, 9, 14, 14, 30), row)


def simplified_sheet(b: Book) -> None:
    w = b.w
    headers = [w["form"], w["label"], w["wp"], w["unit_or_deliverable"], w["date"], w["quantity"], w["unit_price"]]
    sheet = new_sheet(b, "simplified_sheet", [*headers, w["amount"], w["check"], w["article"]])
    row = HEAD + 1
    for kind, found in (("unit_cost", b.partner.unit_costs), ("lump_sum", b.partner.lump_sums)):
        first = row
        for s in found:
            price = s.unit_cost if kind == "unit_cost" else None
            values = [b.category(kind), s.label, b.wp(s.wp), s.what, s.date, s.quantity, price, s.amount]
            for col, value in enumerate(values, start=1):
                put(sheet, row, col, value, {5: DATE, 6: HOURS, 7: MONEY, 8: MONEY}.get(col, ""))
            put(sheet, row, 10, b.article(f"article_{kind}"))
            row += 1
        put(sheet, row, 1, w["total_of"].format(name=b.category(kind)), bold=True)
        put(sheet, row, 8, sum((s.amount for s in found), Decimal(0)), MONEY, bold=True)
        formula(sheet, row, 9, f"=SUM(H{first}:H{row - 1})" if found else "=0")
        b.totals[kind] = ref(b, "simplified_sheet", f"I{row}")
        row += 1
    layout(sheet, (22, 28, 24, 26, 11, 9, 12, 13, 13, 20), row - 1)


def at_risk_sheet(b: Book) -> None:
    w, p = b.w, b.partner
    sheet = new_sheet(b, "risk_sheet", [w["item"], w["reason"], w["where"], w["amount_at_risk"], w["check"]])
    if not p.at_risk_included:
        put(sheet, 2, 1, w["risk_left_out"])
    row = HEAD + 1
    for risk in p.at_risk_items:
        for col, value in enumerate([risk.what, risk.message, risk.where, risk.amount], start=1):
            put(sheet, row, col, value, MONEY if col == 4 else "")
        row += 1
    put(sheet, row, 1, w["risk_flat"])
    put(sheet, row, 4, p.at_risk_flat, MONEY)
    rounding = p.at_risk - p.at_risk_flat - sum((r.amount for r in p.at_risk_items), Decimal(0))
    if rounding:  # each person's cost is rounded once, not each day's
        row += 1
        put(sheet, row, 1, w["rounding"])
        put(sheet, row, 4, rounding, MONEY)
    put(sheet, row + 1, 1, w["total"], bold=True)
    put(sheet, row + 1, 4, p.at_risk, MONEY, bold=True)
    formula(sheet, row + 1, 5, f"=SUM(D{HEAD + 1}:D{row})")
    b.totals["at_risk"] = ref(b, "risk_sheet", f"E{row + 1}")
    layout(sheet, (30, 60, 34, 14, 14), row + 1)


def info_rows(b: Book, sheet: Any) -> int:
    """The claim's identity above the summary; returns the next free row."""
    w, c, p = b.w, b.claim, b.project.project
    rows: list[tuple[str, Any, str]] = [
        (w["project"], p.title.in_language(b.lang) if hasattr(p.title, "in_language") else p.title, ""),
        (w["programme"], c.programme, ""),
        (w["operation"], p.operation_number or "", ""),
        (w["partner"], b.partner.name, ""),
        (w["claim_number"], c.number, ""),
        (w["from"], c.start, DATE),
        (w["to"], c.end, DATE),
        (w["date"], c.date, DATE),
    ]
    for r, (name, value, fmt) in enumerate(rows, start=2):
        put(sheet, r, 1, name, bold=True)
        put(sheet, r, 2, value, fmt)
    return len(rows) + 3


def cost_rows(b: Book) -> list[tuple[str, Decimal, str]]:
    """(what, value, formula) of each kind of cost in the claim."""
    p = b.partner
    found = [(b.category("staff"), p.staff, "=" + b.totals["staff"])]
    found += [(b.category(c), v, "=" + b.totals[f"real:{c}"]) for c, v in p.real_costs.items()]
    found += [
        (f"{b.category(f.key)} ({b.w['flat_short']})", f.amount, "=" + b.totals[f"flat:{f.key}"]) for f in p.flat_rates
    ]
    for kind, items in (("unit_cost", p.unit_costs), ("lump_sum", p.lump_sums)):
        if items:
            found.append((b.category(kind), sum((i.amount for i in items), Decimal(0)), "=" + b.totals[kind]))
    return found


def summary_sheet(b: Book) -> None:
    """Each kind of cost, the total, the revenue, each funder's share and own funds, the earlier
    claims and the cumulative amount: column B the values, column C the formulas that check them."""
    w, p = b.w, b.partner
    sheet = b.book.active
    sheet.title = w["summary_sheet"]
    put(
        sheet, 1, 1, w["workbook_title"].format(number=b.claim.number, period=b.claim.period, partner=p.name), bold=True
    )
    head = info_rows(b, sheet)
    header_row(sheet, head, [w["line"], w["amount"], w["check"]])
    row = head + 1
    for name, value, check in cost_rows(b):
        put(sheet, row, 1, name)
        put(sheet, row, 2, value, MONEY)
        formula(sheet, row, 3, check, bold=False)
        row += 1
    eligible = row
    lines: list[tuple[str, Decimal, str]] = [
        (w["eligible"], p.eligible, f"=SUM(C{head + 1}:C{row - 1})"),
        (w["revenue"], p.revenue, f"={float(p.revenue)}"),
        (w["claimed"], p.total, f"=C{eligible}-C{eligible + 1}"),
    ]
    for f in p.funders:
        share = f"C{eligible + 2}*{f.rate}" if f.rate is not None else f"C{eligible + 2}*{_fixed(b, f.source)}"
        lines.append((w["funder"].format(source=f.source), f.amount, f"=ROUND({share},2)"))
    first_funder, last_funder = eligible + 3, eligible + 2 + len(p.funders)
    funders = f"-SUM(C{first_funder}:C{last_funder})" if p.funders else ""
    lines.append((w["own_funds"], p.own_funds, f"=C{eligible + 2}{funders}"))
    lines.append((w["at_risk"], p.at_risk, "=" + b.totals["at_risk"]))
    lines.append((w["earlier"], p.earlier_total, f"={float(p.earlier_total)}"))
    lines.append((w["cumulative"], p.cumulative, f"=C{eligible + 2}+C{row + len(lines) - 1}"))
    lines.append((w["budget"], p.budget_total, f"={float(p.budget_total)}"))
    for name, value, check in lines:
        put(sheet, row, 1, name, bold=name in (w["claimed"], w["cumulative"]))
        put(sheet, row, 2, value, MONEY)
        formula(sheet, row, 3, check, bold=False)
        row += 1
    row = wp_rows(b, sheet, row + 1)
    layout(sheet, (52, 16, 16), row, head, freeze=False)
    sheet.page_setup.orientation = "portrait"


def _fixed(b: Book, source: str) -> str:
    """A fixed-amount funder's share of the claim: its amount over the partner's budget."""
    line = next(f for f in b.project.budget.funding if f.partner == b.partner.partner and f.source == source)
    return f"{line.amount}/{b.partner.budget_total}" if b.partner.budget_total else "0"


def wp_rows(b: Book, sheet: Any, row: int) -> int:
    """Direct costs by work package (flat rates are in none), with their total."""
    put(sheet, row, 1, b.w["by_wp"], bold=True)
    first = row + 1
    for wp, amount in b.partner.by_wp.items():
        row += 1
        put(sheet, row, 1, b.wp(wp))
        put(sheet, row, 2, amount, MONEY)
    row += 1
    put(sheet, row, 1, b.w["total"], bold=True)
    put(sheet, row, 2, sum(b.partner.by_wp.values(), Decimal(0)), MONEY)
    formula(sheet, row, 3, f"=SUM(B{first}:B{row - 1})" if b.partner.by_wp else "=0")
    return row + 1


def claim_xlsx(project: ProjectFile, claim: Claim, partner: PartnerClaim, lang: str, when: dt.date) -> bytes:
    from openpyxl import Workbook

    b = Book(Workbook(), project, claim, partner, lang, words("claim", lang))
    staff_sheet(b)
    real_costs_sheet(b)
    flat_rates_sheet(b)
    simplified_sheet(b)
    at_risk_sheet(b)
    summary_sheet(b)  # the first sheet, written last: its formulas point at the others' totals
    title = b.w["workbook_title"].format(number=claim.number, period=claim.period, partner=partner.name)
    return workbook_bytes(b.book, when, title, lang)
