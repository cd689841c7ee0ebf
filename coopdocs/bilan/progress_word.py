"""The bilan's progress in Word: each indicator against its target (a table and a chart), the
deliverables and milestones due, done and late (coopdocs/bilan/progress.py computes them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdocs.bilan.charts import progress_chart
from coopdocs.bilan.figures import IndicatorProgress, ItemProgress, Progress
from coopdocs.formats import number, percent, quantity
from coopdocs.words import words

if TYPE_CHECKING:
    from coopdocs.bilan.word import Page


def indicator_row(page: Page, i: IndicatorProgress, w: dict[str, str]) -> list[str]:
    lang = page.lang
    name = f"{i.name} ({i.code})" if i.code else i.name
    target = w["no_target"] if i.target is None else quantity(i.target, i.unit, lang)
    if i.target is not None and i.target_date:
        target = w["target_on"].format(target=target, date=page.date(i.target_date))
    value = w["not_measured"] if i.value is None else quantity(i.value, i.unit, lang)
    measured = ""
    if i.measured:
        measured = page.date(i.measured)
        if i.source:
            measured = w["measured_from"].format(date=measured, source=i.source)
    reached = "—" if i.progress is None else percent(i.progress, lang)
    return [name, w[i.kind], i.work_package, number(i.baseline, lang), value, target, reached, measured]


def item_state(page: Page, item: ItemProgress, w: dict[str, str]) -> str:
    if item.done is not None:
        key = "done_late_on" if item.state == "fait-en-retard" else "done_on"
        return w[key].format(date=page.date(item.done))
    return w[item.state]


def item_title(item: ItemProgress) -> str:
    return f"{item.work_package} – {item.title}" if item.work_package else item.title


def indicators_part(page: Page, progress: Progress, w: dict[str, str]) -> None:
    page.document.add_heading(w["indicators"], level=2)
    if not progress.indicators:
        page.document.add_paragraph(w["no_indicator"])
        return
    page.document.add_paragraph(w["intro"])
    headers = [w[k] for k in ("indicator", "kind", "wp", "baseline", "value", "target", "progress", "measured")]
    page.table(headers, [indicator_row(page, i, w) for i in progress.indicators])
    charted = [i for i in progress.indicators if i.progress is not None]
    if charted:
        labels = [f"{number(i.value or 0, page.lang)} / {number(i.target or 0, page.lang)}" for i in charted]
        png = progress_chart(
            [i.name for i in charted], [i.progress or 0.0 for i in charted], labels, w["chart_axis"], w["chart"]
        )
        page.picture(png, 150)


def items_part(page: Page, progress: Progress, w: dict[str, str]) -> None:
    """What was delivered in the period and what is late at the bilan's date (whatever period it
    was due in); what is still to come is in the table of the period's milestones above."""
    page.document.add_heading(w["items"], level=2)
    shown = [i for i in progress.items if i.state != "a-venir"]
    if shown:
        rows = [[page.date(i.due), w[i.kind], item_title(i), item_state(page, i, w)] for i in shown]
        page.table([w["due"], w["item_kind"], w["item"], w["state"]], rows)
    else:
        page.document.add_paragraph(w["no_item"])
    when = page.date(page.when or page.figures.end)
    late = progress.late
    if late:
        listed = "; ".join(f"{item_title(i)} ({page.date(i.due)})" for i in late)
        page.document.add_paragraph(w["late_line"].format(date=when, items=listed)).runs[0].bold = True
    else:
        page.document.add_paragraph(w["late_none"].format(date=when))


def progress_part(page: Page) -> None:
    """The section, when the figures carry the progress (the pipeline's always do)."""
    progress = page.figures.progress
    if progress is None:
        return
    w = words("progress", page.lang)
    page.document.add_heading(w["heading"], level=1)
    indicators_part(page, progress, w)
    items_part(page, progress, w)
