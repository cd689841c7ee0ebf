"""The final report's own pages in Word (`bilan --period final`): the project period by period
(each row what that period's bilan says, their total the project's), each partner's spending
against its budget with what was claimed and, once a controller's figures are known, certified,
and the lessons of `capitalisation`."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from coopdocs.bilan.figures import PartnerFigures
from coopdocs.formats import number, percent
from coopdocs.words import words

if TYPE_CHECKING:
    from coopdocs.bilan.word import Page


def certified(partner: PartnerFigures) -> Decimal | None:
    """What a controller certified for the partner, when the figures know it (else None)."""
    value = getattr(partner, "certified", None)
    return Decimal(str(value)) if value is not None else None


def periods_table(page: Page, w: dict[str, str]) -> None:
    final = page.figures.final
    assert final is not None
    rows = [
        [r.period, number(r.hours, page.lang)]
        + [page.money(x) for x in (r.staff_cost, r.other_costs, r.flat_rate_costs, r.total)]
        for r in final.periods
    ]
    total = [w["total"], number(round(sum(r.hours for r in final.periods), 2), page.lang)]
    for field in ("staff_cost", "other_costs", "flat_rate_costs", "total"):
        total.append(page.money(sum((getattr(r, field) for r in final.periods), Decimal(0))))
    headers = [w[k] for k in ("period", "hours", "staff", "other", "flat", "total")]
    page.table(headers, [*rows, total], bold_last=True)


def money_table(page: Page, w: dict[str, str]) -> None:
    funded = [p for p in page.figures.partners if p.budget_total]
    shown_certified = any(certified(p) is not None for p in funded)
    headers = [w["partner"], w["budget"], w["spent"], w["consumed"], w["claimed"]]
    headers += [w["certified"]] if shown_certified else []
    headers.append(w["remaining"])
    rows = []
    for p in funded:
        row = [p.name, page.money(p.budget_total), page.money(p.cumulative.total)]
        row += [
            percent(p.cumulative.consumed_total, page.lang),
            page.money(p.claimed) if p.claimed is not None else "—",
        ]
        if shown_certified:
            value = certified(p)
            row.append(page.money(value) if value is not None else "—")
        row.append(page.money(max(p.budget_total - p.cumulative.total, Decimal(0))))
        rows.append(row)
    totals = page.figures.totals
    total = [w["total"], page.money(totals.budget_total), page.money(totals.cumulative_total)]
    total += [percent(totals.consumed_cumulative, page.lang)]
    claimed = [p.claimed for p in funded if p.claimed is not None]
    total.append(page.money(sum(claimed, Decimal(0))) if claimed else "—")
    if shown_certified:
        total.append(page.money(sum((certified(p) or Decimal(0) for p in funded), Decimal(0))))
    total.append(page.money(sum((max(p.budget_total - p.cumulative.total, Decimal(0)) for p in funded), Decimal(0))))
    page.table(headers, [*rows, total], bold_last=True)
    if not claimed:
        page.document.add_paragraph(w["no_claim"])


def lessons(page: Page, w: dict[str, str]) -> None:
    final = page.figures.final
    assert final is not None
    page.document.add_heading(w["lessons"], level=2)
    if not final.lessons:
        page.document.add_paragraph(w["no_lesson"])
    for text in final.lessons:
        page.document.add_paragraph(text, style="List Bullet")
    if final.next_steps:
        page.document.add_heading(w["next_steps"], level=2)
        for text in final.next_steps:
            page.document.add_paragraph(text, style="List Bullet")


def final_part(page: Page) -> None:
    if page.figures.final is None:
        return
    w = words("final", page.lang)
    page.document.add_heading(w["heading"], level=1)
    page.document.add_paragraph(w["intro"])
    page.document.add_heading(w["periods"], level=2)
    periods_table(page, w)
    page.document.add_heading(w["money"], level=2)
    money_table(page, w)
    lessons(page, w)
