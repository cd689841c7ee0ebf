"""The bilan's money sections in Word: spending by partner, what a claim would take without the
unresolved points, and the budget's consumption since the start."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from coopdocs.bilan.charts import budget_chart
from coopdocs.formats import percent

if TYPE_CHECKING:
    from coopdocs.bilan.word import Page


def partner_costs_section(page: Page) -> None:
    figures, w, totals = page.figures, page.w, page.figures.totals
    page.heading("partner_costs")
    rows = [
        [p.name, page.money(p.staff_cost), page.money(p.other_total), page.money(p.flat_total)] + [page.money(p.total)]
        for p in figures.partners
    ]
    total = [
        w["total"],
        *map(page.money, (totals.staff_cost, totals.other_costs, totals.flat_rate_costs, totals.total)),
    ]
    page.table([w["partner"], w["staff"], w["other"], w["flat"], w["total"]], [*rows, total], bold_last=True)


def unresolved_section(page: Page) -> None:
    """Declared, « à vérifier » and what a claim would take, partner by partner (issue 23)."""
    w = page.w
    shown = [p for p in page.figures.partners if p.without_unresolved is not None and (p.total or p.at_risk)]
    if not shown:
        return
    page.heading("unresolved")
    page.document.add_paragraph(w["unresolved_intro"])
    columns = [[p.total, p.at_risk or Decimal(0), p.without_unresolved or Decimal(0)] for p in shown]
    rows = [[p.name, *map(page.money, amounts)] for p, amounts in zip(shown, columns, strict=True)]
    sums = [sum((c[i] for c in columns), Decimal(0)) for i in range(3)]
    headers = [w["partner"], w["declared"], w["at_risk"], w["without_unresolved"]]
    page.table(headers, [*rows, [w["total"], *map(page.money, sums)]], bold_last=True)


def consumption_section(page: Page) -> None:
    figures, w, totals = page.figures, page.w, page.figures.totals
    page.heading("consumption")
    funded = [p for p in figures.partners if p.budget_total]
    rows = [
        [p.name, page.money(p.budget_total), page.money(p.cumulative.total)]
        + [percent(p.cumulative.consumed_total, page.lang)]
        for p in funded
    ]
    total = [w["total"], page.money(totals.budget_total), page.money(totals.cumulative_total)]
    total.append(percent(totals.consumed_cumulative, page.lang))
    headers = [w["partner"], w["budget"], w["cumulative"], w["consumed"]]
    if any(p.claimed is not None for p in funded):  # « déclaré dans les demandes » beside « dépensé »
        headers.insert(3, w["claimed"])
        for row, p in zip(rows, funded, strict=True):
            row.insert(3, page.money(p.claimed or Decimal(0)))
        total.insert(3, page.money(sum((p.claimed or Decimal(0) for p in funded), Decimal(0))))
    if any(p.certified is not None for p in funded):  # « certifié par le contrôle » beside « déclaré »
        headers.insert(4, w["certified"])
        for row, p in zip(rows, funded, strict=True):
            row.insert(4, page.money(p.certified or Decimal(0)))
        total.insert(4, page.money(sum((p.certified or Decimal(0) for p in funded), Decimal(0))))
    page.table(headers, [*rows, total], bold_last=True)
    if funded:
        unit = "€" if page.figures.currency == "EUR" else page.figures.currency
        page.picture(budget_chart(funded, w["budget"], w["spent"], w["chart_budget"], page.lang, unit), 160)
