"""The Word bilan: a report a steering committee reads. It only presents the figures of
coopdocs.bilan (tables and matplotlib charts); every text of the project is written as text."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coopdocs.bilan.charts import work_package_chart
from coopdocs.bilan.figures import BilanFigures, HourlyAgent
from coopdocs.bilan.word_money import consumption_section, partner_costs_section, unresolved_section
from coopdocs.formats import long_date, money, months_text, number, percent, period_text
from coopdocs.guide.checklist import BOXES
from coopdocs.office.reproducible import pin_python_docx
from coopdocs.words import label, words

if TYPE_CHECKING:
    from docx.document import Document


def summary_lines(figures: BilanFigures, lang: str) -> list[str]:
    w = words("bilan", lang)
    cur = figures.currency
    totals = figures.totals
    hourly = [a for a in figures.agents if a.mode == "hourly" and a.hours_total > 0]  # who declared them
    lines = [
        figures.control_line(lang),
        w["sentence"].format(
            hours=number(totals.hours, lang),
            agents=w["agents_one" if len(hourly) < 2 else "agents_many"].format(count=len(hourly)),
            total=money(totals.total, lang, cur),
            staff=money(totals.staff_cost, lang, cur),
            cumulative=money(totals.cumulative_total, lang, cur),
            consumed=percent(totals.consumed_cumulative, lang),
            budget=money(totals.budget_total, lang, cur),
        ),
    ]
    missing = [f"{a.name} ({months_text(a.months_missing, lang)})" for a in figures.agents if a.months_missing]
    if missing:
        lines.append(w["missing_sentence"].format(months="; ".join(missing)))
    return lines


@dataclass
class Page:
    """The document being written, with the figures, the language and its words."""

    document: Document
    figures: BilanFigures
    lang: str
    w: dict[str, str]
    when: dt.date | None = None  # the bilan's date: what is late is late on this day

    def money(self, amount: Decimal) -> str:
        return money(amount, self.lang, self.figures.currency)

    def date(self, day: dt.date) -> str:
        return long_date(day, self.lang)

    def heading(self, key: str) -> None:
        self.document.add_heading(self.w[key], level=1)

    def table(self, headers: list[str], rows: list[list[str]], bold_last: bool = False) -> None:
        """A grid, its header bold; its columns get their widths at the end, from their words
        (coopdocs/office/tables.py)."""
        from docx.shared import Pt

        t = self.document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(8.5)
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = ""
                run = cell.paragraphs[0].add_run(str(text))
                run.font.size = Pt(8.5)
                run.bold = bold_last and i == len(rows) - 1
        self.document.add_paragraph()

    def picture(self, png: bytes, width_mm: int) -> None:
        from docx.shared import Mm

        self.document.add_picture(io.BytesIO(png), width=Mm(width_mm))


def new_document() -> Document:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    document.styles["Normal"].font.name = "Liberation Sans"
    document.styles["Normal"].font.size = Pt(10)
    return document


def bilan_title(figures: BilanFigures, lang: str) -> str:
    """« Bilan du 1er semestre 2028 », « Bilan d'avril 2028 », or « Rapport final » for the whole project."""
    if figures.final is not None:
        return label("final", "title", lang)
    return label("bilan", "title", lang).format(period=period_text(figures.period, lang, of=True))


def title_section(page: Page) -> None:
    figures, w, lang = page.figures, page.w, page.lang
    page.document.add_heading(bilan_title(figures, lang), level=0)
    page.document.add_paragraph(figures.title).runs[0].bold = True
    period = w["from_to"].format(start=page.date(figures.start), end=page.date(figures.end))
    page.document.add_paragraph(f"{figures.programme} — {period}")
    page.document.add_paragraph(f"{w['partners']} : " if lang == "fr" else f"{w['partners']}: ").add_run(
        ", ".join(p.name for p in figures.partners)
    )


def summary_section(page: Page) -> None:
    page.heading("summary")
    for line in summary_lines(page.figures, page.lang):
        page.document.add_paragraph(line)


def milestones_section(page: Page) -> None:
    figures, w = page.figures, page.w
    page.heading("milestones")
    rows = [
        [page.date(m.date), m.title, w["done"] if m.done else w["late"] if m.late else w["planned"]]
        for m in figures.milestones
    ]
    rows += [[page.date(d.due), f"{d.code or d.wp.upper()} – {d.title}", w["due"]] for d in figures.deliverables]
    if rows:
        page.table([w["date"], w["item"], w["status"]], rows)
    else:
        page.document.add_paragraph(w["none"])


def progress_section(page: Page) -> None:
    """The period's milestones and deliverables, then the progress: indicators against their
    targets, what was delivered and what is late (coopdocs/bilan/progress_word.py)."""
    from coopdocs.bilan.progress_word import progress_part

    milestones_section(page)
    progress_part(page)


def final_section(page: Page) -> None:
    """The final report's own pages: the project period by period, money against the budget
    with what was claimed (and certified when known), the lessons (coopdocs/bilan/final_word.py)."""
    from coopdocs.bilan.final_word import final_part

    final_part(page)


def logbook_section(page: Page) -> None:
    page.heading("logbook")
    if not page.figures.logbook:
        page.document.add_paragraph(page.w["none"])
    for entry in page.figures.logbook:
        paragraph = page.document.add_paragraph()
        paragraph.add_run(f"{page.date(entry.date)} — {entry.title}. ").bold = True
        paragraph.add_run(entry.text)


def meetings_section(page: Page) -> None:
    """The steering bodies' meetings held in the period, their decisions, the actions still open at
    its end (overdue ones first said so)."""
    w, meetings = words("meeting", page.lang), page.figures.meetings
    page.document.add_heading(w["heading"], level=1)
    page.document.add_heading(w["held"], level=2)
    if meetings.held:
        rows = [
            [page.date(m.date), m.body, m.place, w["minutes_yes"] if m.minutes else w["minutes_no"]]
            for m in meetings.held
        ]
        page.table([w["date"], w["body"], w["place"], w["minutes"]], rows)
    else:
        page.document.add_paragraph(w["no_meeting"])
    page.document.add_heading(w["taken"], level=2)
    for meeting, text in meetings.decisions:
        paragraph = page.document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{page.date(meeting.date)}, {meeting.body} — ").italic = True
        paragraph.add_run(text)
    if not meetings.decisions:
        page.document.add_paragraph(w["no_decision"])
    page.document.add_heading(w["open_actions"], level=2)
    if not meetings.open_actions:
        page.document.add_paragraph(w["no_open_action"])
        return
    rows = [
        [a.what, a.who, page.date(a.due), w["late"] if a.overdue else w["open"], _decided_by(page, a)]
        for a in meetings.open_actions
    ]
    page.table([w["action"], w["who"], w["due"], w["state"], w["meeting"]], rows)


def _decided_by(page: Page, action: Any) -> str:
    """The meeting that decided an action, by its body and date (never its id)."""
    return f"{action.body}, {page.date(action.meeting_date)}" if action.meeting_date else str(action.body)


def hours_section(page: Page) -> None:
    figures, w, lang = page.figures, page.w, page.lang
    page.heading("hours")
    wps = [wp.id for wp in figures.work_packages]
    codes = [wp.code or wp.id.upper() for wp in figures.work_packages]
    headers = [w["agent"], w["partner"], w["mode"], *codes, w["hours_h"], w["rate"]]
    rows = [
        [
            a.name,
            figures.name_of(a.partner),
            w[a.mode],
            *[number(a.hours.get(wp, 0), lang) for wp in wps],
            number(a.hours_total, lang),
            page.money(a.hourly_rate),
            page.money(a.cost),
            months_text(a.months_missing, lang),
        ]
        for a in figures.agents
    ]
    total = [
        w["total"],
        "",
        "",
        *[number(wp.hours, lang) for wp in figures.work_packages],
        number(figures.totals.hours, lang),
        "",
        page.money(figures.totals.staff_cost),
        "",
    ]
    page.table([*headers, w["cost"], w["missing"]], [*rows, total], bold_last=True)
    approvals = [
        w["approval_agent"].format(name=a.name, approved=len(a.approval.approved), filled=filled)
        for a in figures.agents
        if isinstance(a, HourlyAgent) and a.approval and (filled := len(a.approval.approved + a.approval.not_approved))
    ]
    if approvals:
        page.document.add_paragraph(w["approval_line"].format(agents="; ".join(approvals)))
    from coopdocs.bilan.signoff import signature_line

    if signed := signature_line(figures, lang):
        page.document.add_paragraph(signed)
    if any(a.mode == "fixed" for a in figures.agents):
        page.document.add_paragraph(w["fixed_estimate"])


def by_wp_section(page: Page) -> None:
    page.heading("by_wp")
    chart = work_package_chart(page.figures.work_packages, page.w["hours_h"], page.w["chart_wp"], page.lang)
    page.picture(chart, 150)


def anomalies_section(page: Page) -> None:
    w = page.w
    page.heading("anomalies")
    if not page.figures.anomalies:
        page.document.add_paragraph(w["no_anomaly"])
        return
    page.table(
        [w["severity"], w["kind"], w["who"], w["where"], w["message"]],
        [
            [
                label("anomaly", a.severity, page.lang),
                a.kind.label(page.lang),
                page.figures.name_of(a.agent or a.partner),
                a.where,
                a.text(page.lang),
            ]
            for a in page.figures.anomalies
        ],
    )


def plan_section(page: Page) -> None:
    """Plan against actual: each hourly agent's hours against the mission letter, each budget
    line's spending against the budget, since the start of the project."""
    figures, w, lang = page.figures, page.w, page.lang
    page.heading("plan")
    hourly = [a for a in figures.agents if a.mode == "hourly" and a.hours_planned]
    if hourly:
        page.table(
            [w["agent"], w["planned_hours"], w["declared_hours"], w["consumed"]],
            [
                [a.name, number(a.hours_planned, lang), number(a.hours_cumulative, lang)]
                + [percent(a.hours_cumulative / a.hours_planned, lang)]
                for a in hourly
            ],
        )
    page.table(
        [w["partner"], w["category"], w["budget"], w["spent_short"], w["consumed"]],
        [
            [figures.name_of(u.partner), label("category", u.category, lang) if u.category != "unknown" else "?"]
            + [page.money(u.budget), page.money(u.spent), percent(u.consumed, lang) if u.budget else "—"]
            for u in figures.budget_use
        ],
    )


def guide_section(page: Page) -> None:
    """The guide's items grouped by stage, methods then points of vigilance (open ones first,
    in bold)."""
    from docx.shared import Pt

    page.heading("guide")
    if page.figures.guide and page.lang != "fr":
        page.document.add_paragraph(label("bilan", "guide_quoted", page.lang)).runs[0].italic = True
    shown: tuple[str, bool] | None = None
    for item in page.figures.guide:
        if shown is None or shown[0] != item.stage:
            page.document.add_heading(item.stage, level=2)
        if shown != (item.stage, item.vigilance):
            page.document.add_heading(label("text", "vigilance" if item.vigilance else "methods", page.lang), level=3)
        shown = (item.stage, item.vigilance)
        paragraph = page.document.add_paragraph()
        paragraph.add_run(f"{BOXES[item.status]} ")
        paragraph.add_run(item.text).bold = item.vigilance and item.open
        paragraph.add_run(f" ({label('status', item.status, page.lang)})").italic = True
        paragraph.paragraph_format.space_after = Pt(1)


def document_bytes(document: Document, when: dt.date, title: str) -> bytes:
    """The document's bytes, its core properties pinned: the same bytes for the same figures."""
    props = document.core_properties
    stamp = dt.datetime.combine(when, dt.time(0, 0))
    props.author = props.last_modified_by = "coopdocs"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.title = title
    out = io.BytesIO()
    pin_python_docx()
    document.save(out)
    return out.getvalue()


SECTIONS = (
    title_section,
    summary_section,
    final_section,
    progress_section,
    logbook_section,
    meetings_section,
    hours_section,
    partner_costs_section,
    unresolved_section,
    consumption_section,
    plan_section,
    by_wp_section,
    anomalies_section,
    guide_section,
)


def bilan_docx(figures: BilanFigures, lang: str, when: dt.date, frame: dict[str, Any] | None = None) -> bytes:
    """`frame`: the project's footer text and letterhead (documents._values), as on its other documents."""
    from coopdocs.office.letterhead import add_footer, add_letterhead
    from coopdocs.office.tables import fit_tables
    from coopdocs.office.typeset import typeset_document

    w = words("bilan", lang)
    page = Page(new_document(), figures, lang, w, when)
    for section in SECTIONS:
        section(page)
    if frame:
        add_letterhead(page.document, frame["letterhead"])
        add_footer(page.document, frame["footer"], lang)
    if lang == "fr":
        typeset_document(page.document)
    fit_tables(page.document)  # after the typesetting: its no-break spaces join words
    return document_bytes(page.document, when, bilan_title(figures, lang))
